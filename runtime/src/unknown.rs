//! The payload of the `Unknown` variant of every generated enum.
//!
//! A documented value always decodes (and converts) to its variant: `Unknown` holds only
//! values the documentation does not list. [`UnknownValue`] enforces that: its only
//! constructor checks the value against the enum's documented ones, so
//! `ResultStatus::Unknown(..)` of `1` (`ResultStatus::Success`) cannot be built, and
//! comparing a decoded `1` with `ResultStatus::Success` is always true, as with
//! aws-sdk-rust's `UnknownVariantValue`.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;

/// An enum generated from a documented closed set of wire values.
pub trait DocumentedValues: Sized {
    /// The wire value: `i64` for `Number` enums, `String` for the others.
    type Raw: Clone + fmt::Debug + fmt::Display + PartialEq + Eq + Hash;

    /// The variant of a documented value; `None` for any other value.
    fn documented(raw: &Self::Raw) -> Option<Self>;
}

/// A wire value that enum `E` does not document, kept exactly as received.
///
/// Get one from `E::from(raw)` (or decoding); read it with [`value`](Self::value) (integer
/// enums) or [`as_str`](Self::as_str) (text enums).
///
/// ```
/// use taobao_top::apis::alibaba_pos::order_pay::ResultStatus;
///
/// assert_eq!(ResultStatus::from(1), ResultStatus::Success); // documented: its variant
/// let ResultStatus::Unknown(unknown) = ResultStatus::from(7) else { panic!() };
/// assert_eq!(unknown.value(), 7);
/// ```
pub struct UnknownValue<E: DocumentedValues> {
    raw: E::Raw,
    documented: PhantomData<fn() -> E>,
}

impl<E: DocumentedValues> UnknownValue<E> {
    /// `Ok` for a value `E` does not document, else `Err` with its documented variant.
    pub fn new(raw: E::Raw) -> Result<Self, E> {
        match E::documented(&raw) {
            Some(known) => Err(known),
            None => Ok(UnknownValue {
                raw,
                documented: PhantomData,
            }),
        }
    }

    /// The wire value.
    pub fn raw(&self) -> &E::Raw {
        &self.raw
    }
}

impl<E: DocumentedValues<Raw = i64>> UnknownValue<E> {
    /// The wire value of an integer enum.
    pub fn value(&self) -> i64 {
        self.raw
    }
}

impl<E: DocumentedValues<Raw = String>> UnknownValue<E> {
    /// The wire value of a text enum.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl<E: DocumentedValues> Clone for UnknownValue<E> {
    fn clone(&self) -> Self {
        UnknownValue {
            raw: self.raw.clone(),
            documented: PhantomData,
        }
    }
}

/// Prints the raw value only (`Unknown(7)`, `Unknown("003")`).
impl<E: DocumentedValues> fmt::Debug for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.raw, f)
    }
}

impl<E: DocumentedValues> fmt::Display for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.raw, f)
    }
}

impl<E: DocumentedValues> PartialEq for UnknownValue<E> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<E: DocumentedValues> Eq for UnknownValue<E> {}

impl<E: DocumentedValues> Hash for UnknownValue<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}
