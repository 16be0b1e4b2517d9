//! One wrapper around an answer's deserializer that, in a single pass, knows the path of the
//! value being decoded, names the field where decoding failed and records the fields the
//! bindings ignore (unknown fields).
//!
//! Why hand-written: `serde_path_to_error` (failure paths) and `serde_ignored` (ignored
//! fields) did this stacked, each wrapping every value and each copying every map key into a
//! `String`, which made them most of a call's decoding cost. Here the path is a chain of
//! nodes on the stack, one per level being decoded, whose keys borrow the body whenever the
//! deserializer lends them (serde_json's unescaped keys, quick-xml's element names and
//! `$text`); a key is copied only when the deserializer hands over a transient one (an
//! escaped JSON key, an XML attribute name). Path text is built only for a failure (once) and
//! for an unknown field (while fewer than [`MAX_UNKNOWN_PATHS`](super::MAX_UNKNOWN_PATHS) are
//! kept).
//!
//! What users see is unchanged: the texts are written as those two crates wrote them and
//! cleaned by [`clean_path`]. A failure's path is where the error first passed a tracked
//! point (the innermost), with list positions as `[i]` after their list, keys and enum
//! variants joined by `.`, `?` for a key that was not a string, nothing for an `Option` or
//! newtype level. An unknown field is one read through `deserialize_ignored_any` (how serde's
//! derive skips a field it does not know, and `crate::de` an XML attribute); its path joins
//! keys and list positions by `.`, with `?` for an `Option` or newtype level and no enum
//! variants. Nothing below an ignored value is recorded again. A value read after a key that
//! was not captured as text fails with "non-string key", as `serde_ignored` did. One case is
//! not reproduced: `serde_ignored` also captured a key handed over inside a newtype or an
//! enum; no key seed of the decoder asks for one (they read strings or identifiers), so
//! neither serde_json nor quick-xml ever does that here.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, Visitor};

use super::{UnknownFields, clean_path};

/// What one decode collects: the first failure's path and the unknown fields.
pub(super) struct Track {
    failure: Cell<Option<String>>,
    unknown: RefCell<UnknownFields>,
}

impl Track {
    pub(super) fn new(unknown: UnknownFields) -> Self {
        Track {
            failure: Cell::new(None),
            unknown: RefCell::new(unknown),
        }
    }

    /// The unknown fields, and the cleaned path of the failure (empty when none was met).
    pub(super) fn finish(self) -> (UnknownFields, String) {
        (
            self.unknown.into_inner(),
            self.failure.into_inner().unwrap_or_default(),
        )
    }

    /// Notes where `error` passed; the first (innermost) place is kept.
    fn trigger<E>(&self, chain: &Chain<'_, '_>, error: E) -> E {
        let failure = self.failure.take();
        self.failure.set(Some(
            failure.unwrap_or_else(|| clean_path(&FailurePath(chain).to_string())),
        ));
        error
    }

    fn record_ignored(&self, chain: &Chain<'_, '_>) {
        if !chain.below_ignored() {
            self.unknown.borrow_mut().record(&IgnoredPath(chain));
        }
    }
}

/// Wraps `deserializer` for `seed`, from the root.
pub(super) fn deserialize<'de, S, D>(
    seed: S,
    deserializer: D,
    track: &Track,
) -> Result<S::Value, D::Error>
where
    S: DeserializeSeed<'de>,
    D: de::Deserializer<'de>,
{
    let root = Chain::Root;
    seed.deserialize(Deserializer {
        de: deserializer,
        chain: &root,
        track,
    })
}

/// One level of the path, linked to the level above it.
enum Chain<'a, 'de> {
    Root,
    Seq {
        parent: &'a Chain<'a, 'de>,
        index: usize,
    },
    Map {
        parent: &'a Chain<'a, 'de>,
        key: Cow<'de, str>,
    },
    Enum {
        parent: &'a Chain<'a, 'de>,
        variant: Cow<'de, str>,
    },
    NonStringKey {
        parent: &'a Chain<'a, 'de>,
    },
    /// An `Option`, newtype struct or newtype variant level.
    Transparent {
        parent: &'a Chain<'a, 'de>,
    },
    /// Inside a value read through `deserialize_ignored_any`: it is itself the unknown field.
    Ignored {
        parent: &'a Chain<'a, 'de>,
    },
}

impl<'a, 'de> Chain<'a, 'de> {
    fn parent(&self) -> Option<&'a Chain<'a, 'de>> {
        match *self {
            Chain::Root => None,
            Chain::Seq { parent, .. }
            | Chain::Map { parent, .. }
            | Chain::Enum { parent, .. }
            | Chain::NonStringKey { parent }
            | Chain::Transparent { parent }
            | Chain::Ignored { parent } => Some(parent),
        }
    }

    fn below_ignored(&self) -> bool {
        let mut level = Some(self);
        while let Some(chain) = level {
            if let Chain::Ignored { .. } = chain {
                return true;
            }
            level = chain.parent();
        }
        false
    }

    /// The levels from the root down to this one (the root itself left out).
    fn levels(&self) -> Vec<&Chain<'a, 'de>> {
        let mut levels = Vec::new();
        let mut level = self;
        while let Some(parent) = level.parent() {
            levels.push(level);
            level = parent;
        }
        levels.reverse();
        levels
    }
}

/// A failure's path as `serde_path_to_error` printed it (`result.items.item[1].qty`, `.` for
/// the root), before cleaning.
struct FailurePath<'c, 'a, 'de>(&'c Chain<'a, 'de>);

impl fmt::Display for FailurePath<'_, '_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut separator = "";
        let mut empty = true;
        for level in self.0.levels() {
            match level {
                Chain::Seq { index, .. } => write!(f, "[{index}]")?,
                Chain::Map { key: text, .. } | Chain::Enum { variant: text, .. } => {
                    f.write_str(separator)?;
                    f.write_str(text)?;
                }
                Chain::NonStringKey { .. } => {
                    f.write_str(separator)?;
                    f.write_char('?')?;
                }
                Chain::Root | Chain::Transparent { .. } | Chain::Ignored { .. } => continue,
            }
            separator = ".";
            empty = false;
        }
        if empty {
            f.write_char('.')?;
        }
        Ok(())
    }
}

/// An ignored field's path as `serde_ignored` printed it (`result.items.item.1.new`, `?` for
/// an `Option` level, `.` for the root), before cleaning.
struct IgnoredPath<'c, 'a, 'de>(&'c Chain<'a, 'de>);

impl fmt::Display for IgnoredPath<'_, '_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut separator = "";
        let mut empty = true;
        for level in self.0.levels() {
            match level {
                Chain::Seq { index, .. } => write!(f, "{separator}{index}")?,
                Chain::Map { key, .. } => write!(f, "{separator}{key}")?,
                Chain::Transparent { .. } => write!(f, "{separator}?")?,
                Chain::Root
                | Chain::Enum { .. }
                | Chain::NonStringKey { .. }
                | Chain::Ignored { .. } => continue,
            }
            separator = ".";
            empty = false;
        }
        if empty {
            f.write_char('.')?;
        }
        Ok(())
    }
}

/// The deserializer of one value, at `chain`.
struct Deserializer<'a, 'de, D> {
    de: D,
    chain: &'a Chain<'a, 'de>,
    track: &'a Track,
}

/// Hands `$callback` serde's `deserialize_*` methods with their extra parameters, all but
/// `deserialize_ignored_any`, which each wrapper treats in its own way.
macro_rules! every_deserialize_method {
    ($callback:ident) => {
        $callback! {
            deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
            deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
            deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
            deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
            deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
            deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
            deserialize_newtype_struct(name: &'static str); deserialize_seq();
            deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
            deserialize_identifier();
        }
    };
}

macro_rules! deserialize_methods {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            let Deserializer { de, chain, track } = self;
            de.$method($($arg,)* Wrap { delegate: visitor, chain, track })
                .map_err(|error| track.trigger(chain, error))
        }
    )*};
}

impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for Deserializer<'_, 'de, D> {
    type Error = D::Error;

    every_deserialize_method!(deserialize_methods);

    /// How serde's derive skips a field it does not know: an unknown field.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Deserializer { de, chain, track } = self;
        track.record_ignored(chain);
        let inside = Chain::Ignored { parent: chain };
        de.deserialize_ignored_any(Wrap {
            delegate: visitor,
            chain: &inside,
            track,
        })
        .map_err(|error| track.trigger(chain, error))
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor (or enum access) whose value is at `chain`.
struct Wrap<'a, 'de, X> {
    delegate: X,
    chain: &'a Chain<'a, 'de>,
    track: &'a Track,
}

macro_rules! visit_values {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<X::Value, E> {
            let Wrap { delegate, chain, track } = self;
            delegate.$method(value).map_err(|error| track.trigger(chain, error))
        }
    )*};
}

impl<'de, X: Visitor<'de>> Visitor<'de> for Wrap<'_, 'de, X> {
    type Value = X::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.delegate.expecting(f)
    }

    visit_values! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_unit<E: de::Error>(self) -> Result<X::Value, E> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .visit_unit()
            .map_err(|error| track.trigger(chain, error))
    }

    fn visit_none<E: de::Error>(self) -> Result<X::Value, E> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .visit_none()
            .map_err(|error| track.trigger(chain, error))
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<X::Value, D::Error> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        let inner = Chain::Transparent { parent: chain };
        delegate
            .visit_some(Deserializer {
                de: deserializer,
                chain: &inner,
                track,
            })
            .map_err(|error| track.trigger(chain, error))
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<X::Value, D::Error> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        let inner = Chain::Transparent { parent: chain };
        delegate
            .visit_newtype_struct(Deserializer {
                de: deserializer,
                chain: &inner,
                track,
            })
            .map_err(|error| track.trigger(chain, error))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<X::Value, A::Error> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .visit_seq(SeqAccess {
                delegate: seq,
                chain,
                index: 0,
                track,
            })
            .map_err(|error| track.trigger(chain, error))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<X::Value, A::Error> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .visit_map(MapAccess {
                delegate: map,
                chain,
                key: None,
                track,
            })
            .map_err(|error| track.trigger(chain, error))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<X::Value, A::Error> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .visit_enum(Wrap {
                delegate: data,
                chain,
                track,
            })
            .map_err(|error| track.trigger(chain, error))
    }
}

impl<'a, 'de, X: de::EnumAccess<'de>> de::EnumAccess<'de> for Wrap<'a, 'de, X> {
    type Error = X::Error;
    type Variant = Variant<'a, 'de, X::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), X::Error> {
        let Wrap {
            delegate,
            chain,
            track,
        } = self;
        let mut variant = None;
        let (value, access) = delegate
            .variant_seed(CaptureKey {
                delegate: seed,
                key: &mut variant,
            })
            .map_err(|error| track.trigger(chain, error))?;
        let chain = match variant {
            Some(variant) => Chain::Enum {
                parent: chain,
                variant,
            },
            None => Chain::NonStringKey { parent: chain },
        };
        Ok((
            value,
            Variant {
                delegate: access,
                chain,
                track,
            },
        ))
    }
}

/// The contents of an enum variant, at the variant's level.
struct Variant<'a, 'de, X> {
    delegate: X,
    chain: Chain<'a, 'de>,
    track: &'a Track,
}

impl<'de, X: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<'_, 'de, X> {
    type Error = X::Error;

    fn unit_variant(self) -> Result<(), X::Error> {
        let Variant {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .unit_variant()
            .map_err(|error| track.trigger(&chain, error))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, X::Error> {
        let Variant {
            delegate,
            chain,
            track,
        } = self;
        let inner = Chain::Transparent { parent: &chain };
        delegate
            .newtype_variant_seed(TrackedSeed {
                seed,
                chain: inner,
                track,
            })
            .map_err(|error| track.trigger(&chain, error))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, X::Error> {
        let Variant {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .tuple_variant(
                len,
                Wrap {
                    delegate: visitor,
                    chain: &chain,
                    track,
                },
            )
            .map_err(|error| track.trigger(&chain, error))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, X::Error> {
        let Variant {
            delegate,
            chain,
            track,
        } = self;
        delegate
            .struct_variant(
                fields,
                Wrap {
                    delegate: visitor,
                    chain: &chain,
                    track,
                },
            )
            .map_err(|error| track.trigger(&chain, error))
    }
}

/// A seed for a map value, a sequence element or a newtype variant's value, at `chain`.
struct TrackedSeed<'a, 'de, X> {
    seed: X,
    chain: Chain<'a, 'de>,
    track: &'a Track,
}

impl<'de, X: DeserializeSeed<'de>> DeserializeSeed<'de> for TrackedSeed<'_, 'de, X> {
    type Value = X::Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<X::Value, D::Error> {
        let TrackedSeed { seed, chain, track } = self;
        seed.deserialize(Deserializer {
            de: deserializer,
            chain: &chain,
            track,
        })
        .map_err(|error| track.trigger(&chain, error))
    }
}

/// A sequence whose elements are numbered from 0.
struct SeqAccess<'a, 'de, X> {
    delegate: X,
    chain: &'a Chain<'a, 'de>,
    index: usize,
    track: &'a Track,
}

impl<'de, X: de::SeqAccess<'de>> de::SeqAccess<'de> for SeqAccess<'_, 'de, X> {
    type Error = X::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, X::Error> {
        let (parent, track) = (self.chain, self.track);
        let chain = Chain::Seq {
            parent,
            index: self.index,
        };
        self.index += 1;
        self.delegate
            .next_element_seed(TrackedSeed { seed, chain, track })
            .map_err(|error| track.trigger(parent, error))
    }

    fn size_hint(&self) -> Option<usize> {
        self.delegate.size_hint()
    }
}

/// A map whose values are at their keys, read as text while the key is read.
struct MapAccess<'a, 'de, X> {
    delegate: X,
    chain: &'a Chain<'a, 'de>,
    key: Option<Cow<'de, str>>,
    track: &'a Track,
}

impl<'de, X: de::MapAccess<'de>> de::MapAccess<'de> for MapAccess<'_, 'de, X> {
    type Error = X::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, X::Error> {
        let (chain, track) = (self.chain, self.track);
        let key = &mut self.key;
        self.delegate
            .next_key_seed(CaptureKey {
                delegate: seed,
                key: &mut *key,
            })
            .map_err(|error| {
                let chain = match key.take() {
                    Some(key) => Chain::Map { parent: chain, key },
                    None => Chain::NonStringKey { parent: chain },
                };
                track.trigger(&chain, error)
            })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, X::Error> {
        let (parent, track) = (self.chain, self.track);
        let Some(key) = self.key.take() else {
            return Err(track.trigger(parent, de::Error::custom("non-string key")));
        };
        let chain = Chain::Map { parent, key };
        self.delegate
            .next_value_seed(TrackedSeed { seed, chain, track })
            .map_err(|error| track.trigger(parent, error))
    }

    fn size_hint(&self) -> Option<usize> {
        self.delegate.size_hint()
    }
}

/// Passes a key (or an enum variant's name) through to its seed, keeping its text: borrowed
/// when the deserializer lends it from the body, copied otherwise.
struct CaptureKey<'k, 'de, X> {
    delegate: X,
    key: &'k mut Option<Cow<'de, str>>,
}

impl<'de, X: DeserializeSeed<'de>> DeserializeSeed<'de> for CaptureKey<'_, 'de, X> {
    type Value = X::Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<X::Value, D::Error> {
        self.delegate.deserialize(CaptureKey {
            delegate: deserializer,
            key: self.key,
        })
    }
}

macro_rules! capture_deserialize_methods {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, X::Error> {
            self.delegate.$method($($arg,)* CaptureKey { delegate: visitor, key: self.key })
        }
    )*};
}

impl<'de, X: de::Deserializer<'de>> de::Deserializer<'de> for CaptureKey<'_, 'de, X> {
    type Error = X::Error;

    every_deserialize_method!(capture_deserialize_methods);
    capture_deserialize_methods! { deserialize_ignored_any(); }

    fn is_human_readable(&self) -> bool {
        self.delegate.is_human_readable()
    }
}

macro_rules! capture_numbers {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<X::Value, E> {
            *self.key = Some(Cow::Owned(value.to_string()));
            self.delegate.$method(value)
        }
    )*};
}

macro_rules! forward_values {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<X::Value, E> {
            self.delegate.$method(value)
        }
    )*};
}

impl<'de, X: Visitor<'de>> Visitor<'de> for CaptureKey<'_, 'de, X> {
    type Value = X::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.delegate.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<X::Value, E> {
        *self.key = Some(Cow::Borrowed(if value { "true" } else { "false" }));
        self.delegate.visit_bool(value)
    }

    capture_numbers! {
        visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64); visit_i128(i128);
        visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64); visit_u128(u128);
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<X::Value, E> {
        *self.key = Some(Cow::Owned(key.to_owned()));
        self.delegate.visit_str(key)
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<X::Value, E> {
        *self.key = Some(Cow::Borrowed(key));
        self.delegate.visit_borrowed_str(key)
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<X::Value, E> {
        *self.key = Some(Cow::Owned(key.clone()));
        self.delegate.visit_string(key)
    }

    forward_values! {
        visit_f32(f32); visit_f64(f64); visit_char(char); visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_unit<E: de::Error>(self) -> Result<X::Value, E> {
        self.delegate.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<X::Value, E> {
        self.delegate.visit_none()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<X::Value, D::Error> {
        self.delegate.visit_some(deserializer)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<X::Value, D::Error> {
        self.delegate.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<X::Value, A::Error> {
        self.delegate.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<X::Value, A::Error> {
        self.delegate.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<X::Value, A::Error> {
        self.delegate.visit_enum(data)
    }
}

#[cfg(test)]
mod tests {
    use std::marker::PhantomData;

    use serde::de::DeserializeSeed;

    use super::super::{MAX_UNKNOWN_PATHS, Tracked, UnknownFields};
    use crate::de::{ObjectOnly, XmlRoot};

    #[derive(Debug, Default, PartialEq)]
    struct Answer {
        result: Option<Outer>,
        request_id: Option<String>,
    }
    crate::__response_object!(Answer { 0 result: Object, 1 request_id: Text });

    #[derive(Debug, Default, PartialEq)]
    struct Outer {
        model: Option<Model>,
        items: Option<Vec<Item>>,
        codes: Option<Vec<i64>>,
    }
    crate::__response_object!(Outer {
        0 model: Object,
        1 items: List("item"),
        2 codes: List("number"),
    });

    #[derive(Debug, Default, PartialEq)]
    struct Model {
        pay_fee: Option<i64>,
        name: Option<String>,
    }
    crate::__response_object!(Model { 0 pay_fee: Integer, 1 name: Text });

    #[derive(Debug, Default, PartialEq)]
    struct Item {
        qty: Option<i64>,
        sku: Option<String>,
    }
    crate::__response_object!(Item { 0 qty: Integer, 1 sku: Text });
    crate::__object_items!(Item);

    /// What a tracked decode gave: the value or the error's message, the failure's path,
    /// the unknown fields.
    struct Outcome {
        value: Result<Answer, String>,
        failure_path: String,
        unknown: UnknownFields,
    }

    fn json(body: &str) -> Outcome {
        let mut unknown = UnknownFields::default();
        let mut failure_path = String::new();
        let mut deserializer = serde_json::Deserializer::from_str(body);
        let value = Tracked {
            inner: ObjectOnly::<Answer>(PhantomData),
            unknown: &mut unknown,
            failure_path: &mut failure_path,
        }
        .deserialize(&mut deserializer)
        .map_err(|e| e.to_string());
        Outcome {
            value,
            failure_path,
            unknown,
        }
    }

    fn xml(body: &str) -> Outcome {
        let mut unknown = UnknownFields::default();
        let mut failure_path = String::new();
        let mut deserializer = quick_xml::de::Deserializer::from_str(body);
        let value = Tracked {
            inner: XmlRoot::<Answer>(PhantomData),
            unknown: &mut unknown,
            failure_path: &mut failure_path,
        }
        .deserialize(&mut deserializer)
        .map_err(|e| e.to_string());
        Outcome {
            value,
            failure_path,
            unknown,
        }
    }

    fn failure(outcome: Outcome) -> (String, String) {
        match outcome.value {
            Err(message) => (outcome.failure_path, message),
            Ok(value) => panic!("expected a failure, got {value:?}"),
        }
    }

    #[test]
    fn a_failure_names_its_field_the_same_in_both_formats() {
        let (path, message) = failure(json(r#"{"result":{"model":{"pay_fee":"3 yuan"}}}"#));
        assert_eq!(path, "result.model.pay_fee");
        assert_eq!(
            message,
            r#"expected an integer, found "3 yuan" at line 1 column 39"#
        );
        let (path, message) = failure(xml(
            "<r><result><model><pay_fee>3 yuan</pay_fee></model></result></r>",
        ));
        assert_eq!(path, "result.model.pay_fee");
        assert_eq!(message, r#"expected an integer, found "3 yuan""#);
    }

    #[test]
    fn a_failure_in_a_list_item_names_its_position() {
        let body = r#"{"result":{"items":{"item":[{"qty":1},{"qty":"x"}]}}}"#;
        assert_eq!(failure(json(body)).0, "result.items.item[1].qty");
        let body = "<r><result><items><item><qty>1</qty></item><item><qty>x</qty></item>\
                    </items></result></r>";
        assert_eq!(failure(xml(body)).0, "result.items.item[1].qty");
        // A bare array (simplify), and a list of scalars.
        assert_eq!(
            failure(json(r#"{"result":{"items":[{"sku":"a"},{"qty":2.5}]}}"#)).0,
            "result.items[1].qty"
        );
        assert_eq!(
            failure(json(r#"{"result":{"codes":{"number":[1,2,"three"]}}}"#)).0,
            "result.codes.number[2]"
        );
        let body = "<r><result><codes><number>1</number><number>x</number></codes></result></r>";
        assert_eq!(failure(xml(body)).0, "result.codes.number[1]");
    }

    #[test]
    fn a_failure_under_an_escaped_key_names_the_unescaped_key() {
        // serde_json lends unescaped keys from the body; an escaped one is a copy.
        let body = r#"{"result":{"mo\u0064el":{"pay_fee":"x"}}}"#;
        assert_eq!(failure(json(body)).0, "result.model.pay_fee");
    }

    #[test]
    fn structural_failures_name_where_they_were_met() {
        assert_eq!(
            failure(json(r#"{"result":{"model":[1]}}"#)).0,
            "result.model"
        );
        assert_eq!(
            failure(json(r#"{"result":{"model":{"pay_fee": }}}"#)).0,
            "result.model.pay_fee"
        );
        assert_eq!(
            failure(json(r#"{"result":{"model":{"pay_fee" 1}}}"#)).0,
            "result.model"
        );
        assert_eq!(failure(json(r#"{"result":{"model":{"#)).0, "result.model");
        assert_eq!(failure(json(r#"{"result":3}"#)).0, "result");
        assert_eq!(failure(json("[1]")).0, "");
        assert_eq!(
            failure(xml("<r><result><model>text</model></result></r>")).0,
            "result.model"
        );
        assert_eq!(
            failure(xml("<r><result><model><pay_fee>1</model></result></r>")).0,
            "result.model.pay_fee"
        );
    }

    #[test]
    fn unknown_fields_are_recorded_at_their_paths_in_both_formats() {
        let body = r#"{"result":{"model":{"pay_fee":1,"extra":{"a":{"b":1}}},
            "items":{"item":[{"qty":1},{"qty":2,"new":[1,{"c":2}]}],"other":3},"more":null},
            "top":"x","request_id":"r1"}"#;
        let outcome = json(body);
        let answer = outcome.value.expect("decodes");
        assert_eq!(answer.request_id.as_deref(), Some("r1"));
        assert_eq!(
            outcome.unknown.paths(),
            [
                "result.model.extra",
                "result.items.item.1.new",
                "result.items.other",
                "result.more",
                "top"
            ]
        );
        assert_eq!(outcome.unknown.total(), 5);

        let body = r#"<r><result><model><pay_fee currency="CNY">1</pay_fee><extra><a>1</a></extra></model>
            <items><item><qty>1</qty></item><item id="7"><qty>2</qty><new>1</new></item><other/></items>
            </result><top>x</top></r>"#;
        let outcome = xml(body);
        outcome.value.expect("decodes");
        assert_eq!(
            outcome.unknown.paths(),
            [
                "result.model.pay_fee.@currency",
                "result.model.extra",
                "result.items.item.1.@id",
                "result.items.item.1.new",
                "result.items.other",
                "top"
            ]
        );
    }

    #[test]
    fn unknown_fields_under_escaped_keys_are_recorded_unescaped() {
        let outcome = json(r#"{"result":{"mo\u0064el":{"n\u0065w":1}},"\u0074op":2}"#);
        outcome.value.expect("decodes");
        assert_eq!(outcome.unknown.paths(), ["result.model.new", "top"]);
    }

    #[test]
    fn unknown_fields_beyond_the_limit_are_counted_not_kept() {
        let fields: Vec<String> = (0..MAX_UNKNOWN_PATHS + 20)
            .map(|i| format!(r#""f{i}":{{"x":{i}}}"#))
            .collect();
        let outcome = json(&format!("{{{}}}", fields.join(",")));
        outcome.value.expect("decodes");
        assert_eq!(outcome.unknown.total(), MAX_UNKNOWN_PATHS + 20);
        assert_eq!(outcome.unknown.paths().len(), MAX_UNKNOWN_PATHS);
        assert_eq!(outcome.unknown.paths()[0], "f0");
        assert!(outcome.unknown.is_truncated());
    }

    #[test]
    fn text_that_arrives_owned_is_kept_exactly() {
        // An escaped JSON string and XML text with entities reach `crate::de` owned.
        let answer = json(r#"{"result":{"model":{"name":"a\"b\u00e9"}},"request_id":"\u0031"}"#)
            .value
            .expect("decodes");
        let model = answer.result.and_then(|r| r.model).expect("a model");
        assert_eq!(model.name.as_deref(), Some("a\"bé"));
        assert_eq!(answer.request_id.as_deref(), Some("1"));
        let answer = xml("<r><result><model><name>a&amp;b&lt;</name></model></result></r>")
            .value
            .expect("decodes");
        let model = answer.result.and_then(|r| r.model).expect("a model");
        assert_eq!(model.name.as_deref(), Some("a&b<"));
        let empty = json(r#"{"request_id":"\u0020"}"#).value.expect("decodes");
        assert_eq!(empty.request_id.as_deref(), Some(" "));
    }

    #[test]
    fn a_failure_after_unknown_fields_keeps_both() {
        let outcome = json(r#"{"extra":1,"result":{"model":{"odd":[],"pay_fee":true}}}"#);
        assert_eq!(outcome.unknown.paths(), ["extra", "result.model.odd"]);
        assert_eq!(failure(outcome).0, "result.model.pay_fee");
    }
}
