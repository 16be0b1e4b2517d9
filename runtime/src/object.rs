//! Generated response objects, decoded and written through one field table per type
//! ([`response_object!`](crate::__response_object)) instead of serde's derives.
//!
//! Why: serde's derive writes, for every struct, a field-name enum with three visitors, a
//! `visit_seq` and a `visit_map`, and a wrapper type for each `deserialize_with` field, which
//! every response field has. That was three quarters of the code rustc saw in a catalogue
//! group and what kept the largest groups from building in 30 s. Here the loop over the
//! entries, the key lookup, the duplicate check and the skipping of unknown entries exist
//! once; a type adds its keys and one line per field. The field decoders are those of
//! [`crate::de`], so the rules (exact numbers, empty as `None`, objects only from objects)
//! and every error message are the same.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::TopDate;
use crate::de::{self as fields, Item};

/// A generated response object type (the macro implements it).
pub trait ResponseObject: Default {
    /// The Rust type name, as serde's derive would name the struct.
    const NAME: &'static str;
    /// The wire keys of the fields, in declaration order; a field's index is its position.
    const KEYS: &'static [&'static str];
    /// Decodes the value of the entry whose key is `KEYS[index]` into its field.
    fn decode_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// How one field's value is read and written: a unit type per kind of response value
/// ([`Text`], [`Integer`], ..., [`List`] with its item element).
pub trait Kind<V> {
    fn decode<'de, D: Deserializer<'de>>(&self, deserializer: D) -> Result<V, D::Error>;
    /// Writes the field as serde's derive did with `skip_serializing_if`: the `Option` itself
    /// when set, `skip_field` when not.
    fn write<S: SerializeStruct>(
        &self,
        out: &mut S,
        key: &'static str,
        value: &V,
    ) -> Result<(), S::Error>;
}

/// An optional field, as serde's derive wrote it with `skip_serializing_if`.
pub fn write_option<S: SerializeStruct, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => out.serialize_field(key, value),
        None => out.skip_field(key),
    }
}

/// Defines a kind whose field is an `Option` of one value type (generic where the kind
/// serves many types: `[T: bounds]`), read by its decoder in [`crate::de`].
macro_rules! option_kinds {
    ($($(#[$doc:meta])* $kind:ident [$($generics:tt)*] $value:ty = $decode:path;)+) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $kind;

        impl<$($generics)*> Kind<Option<$value>> for $kind {
            fn decode<'de, D: Deserializer<'de>>(
                &self,
                deserializer: D,
            ) -> Result<Option<$value>, D::Error> {
                $decode(deserializer)
            }
            fn write<S: SerializeStruct>(
                &self,
                out: &mut S,
                key: &'static str,
                value: &Option<$value>,
            ) -> Result<(), S::Error> {
                write_option(out, key, value)
            }
        }
    )+};
}

option_kinds! {
    /// A `String` field ([`crate::de::string`]).
    Text [] String = fields::string;
    /// A `Number` field ([`crate::de::integer`]).
    Integer [] i64 = fields::integer;
    /// A `Boolean` field ([`crate::de::boolean`]).
    Boolean [] bool = fields::boolean;
    /// A `Date` field ([`crate::de::date`]).
    Date [] TopDate = fields::date;
    /// A `String` field typed as a generated enum ([`crate::de::string_as`]).
    TextAs [T: From<String> + Serialize] T = fields::string_as;
    /// A `Number` field typed as a generated enum ([`crate::de::integer_as`]).
    IntegerAs [T: From<i64> + Serialize] T = fields::integer_as;
    /// An object field ([`crate::de::object`]): only from an object, empty is `None`.
    Object [T: ResponseObject + Serialize] T = fields::object;
}

/// A list field whose items are wrapped in the named element ([`crate::de::list`]); written
/// back in that wrapper ([`crate::de::serialize_list`]).
#[derive(Clone, Copy, Debug)]
pub struct List(pub &'static str);

impl<T: Item + Serialize> Kind<Option<Vec<T>>> for List {
    fn decode<'de, D: Deserializer<'de>>(
        &self,
        deserializer: D,
    ) -> Result<Option<Vec<T>>, D::Error> {
        fields::list(deserializer, self.0)
    }
    fn write<S: SerializeStruct>(
        &self,
        out: &mut S,
        key: &'static str,
        value: &Option<Vec<T>>,
    ) -> Result<(), S::Error> {
        match value {
            Some(_) => out.serialize_field(key, &Wrapped(value, self.0)),
            None => out.skip_field(key),
        }
    }
}

/// A list in its wrapper, as [`List::write`] serializes it.
struct Wrapped<'a, T>(&'a Option<Vec<T>>, &'static str);

impl<T: Serialize> Serialize for Wrapped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fields::serialize_list(self.0, self.1, serializer)
    }
}

/// Reads the current entry's value with `kind` (what a generated `decode_field` arm calls).
pub fn read<'de, A: MapAccess<'de>, V, K: Kind<V>>(map: &mut A, kind: K) -> Result<V, A::Error> {
    map.next_value_seed(Field(kind, PhantomData))
}

struct Field<K, V>(K, PhantomData<fn() -> V>);

impl<'de, K: Kind<V>, V> DeserializeSeed<'de> for Field<K, V> {
    type Value = V;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V, D::Error> {
        self.0.decode(deserializer)
    }
}

/// Whether an object's `$text` entry (quick-xml's text of an element) is checked: where
/// [`crate::de`] reads an object from an answer, text beside the fields is refused (serde's
/// derive would have dropped it as an unknown field); a user's `Deserialize` of a stored
/// value reads the map as serde's derive did.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ElementText {
    Refused,
    Ignored,
}

/// Decodes an object from its entries: known keys into their fields (a key twice is an
/// error), unknown ones skipped through `IgnoredAny`, so that the decoder reports them.
pub(crate) fn visit_object<'de, T: ResponseObject, A: MapAccess<'de>>(
    mut map: A,
    text: ElementText,
) -> Result<T, A::Error> {
    let mut object = T::default();
    let mut seen = Seen::new(T::KEYS.len());
    while let Some(index) = next_field(&mut map, T::KEYS, &mut seen, text)? {
        object.decode_field(index, &mut map)?;
    }
    Ok(object)
}

/// The index in `keys` of the next entry's key, whose value is read next; unknown entries
/// are skipped through `IgnoredAny` (which the decoder reports), a key seen before is
/// serde's "duplicate field" error. `None` at the end of the map.
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    keys: &'static [&'static str],
    seen: &mut Seen,
    text: ElementText,
) -> Result<Option<usize>, A::Error> {
    while let Some(key) = map.next_key_seed(fields::KeySeed)? {
        let key = key.as_str();
        if text == ElementText::Refused && key == fields::XML_TEXT {
            fields::refuse_element_text(map)?;
            continue;
        }
        match keys.iter().position(|known| *known == key) {
            Some(index) => {
                if seen.insert(index) {
                    return Err(de::Error::duplicate_field(keys[index]));
                }
                return Ok(Some(index));
            }
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(None)
}

/// The fields an object has had, to refuse a key sent twice.
pub enum Seen {
    Few(u128),
    Many(Vec<bool>),
}

impl Seen {
    pub fn new(fields: usize) -> Seen {
        if fields <= 128 {
            Seen::Few(0)
        } else {
            Seen::Many(vec![false; fields])
        }
    }

    /// Marks `index`; true if it was marked already.
    fn insert(&mut self, index: usize) -> bool {
        match self {
            Seen::Few(bits) => {
                let bit = 1u128 << index;
                let was = *bits & bit != 0;
                *bits |= bit;
                was
            }
            Seen::Many(marks) => std::mem::replace(&mut marks[index], true),
        }
    }
}

/// A user's `Deserialize` of a response object type (a stored answer, `serde_json::Value`):
/// a map or struct through the same field decoders; a sequence is refused, never read by
/// position.
pub fn deserialize<'de, T: ResponseObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::KEYS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: ResponseObject> Visitor<'de> for StructVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        visit_object(map, ElementText::Ignored)
    }
}

/// `response_object!(Name { 0 field: Text, 1 other = "wire-key": List("item"), .. });`: a
/// generated response object's [`ResponseObject`], `Deserialize` and `Serialize`, from its
/// field table (index, field, wire key when it is not the field's name, [`Kind`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __response_object {
    (@key $field:ident $key:literal) => {
        $key
    };
    (@key $field:ident) => {
        ::core::stringify!($field)
    };
    ($name:ident { $($index:literal $field:ident $(= $key:literal)?: $kind:ident $(($item:literal))?),* $(,)? }) => {
        impl $crate::object::ResponseObject for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const KEYS: &'static [&'static str] = &[$($crate::__response_object!(@key $field $($key)?)),*];
            fn decode_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::core::result::Result<(), A::Error> {
                match index {
                    $($index => self.$field = $crate::object::read(map, $crate::object::$kind $(($item))?)?,)*
                    _ => {
                        let _ = map;
                    }
                }
                ::core::result::Result::Ok(())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::deserialize(deserializer)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)] // a type without fields
                let mut out = ::serde::Serializer::serialize_struct(
                    serializer,
                    ::core::stringify!($name),
                    0 $(+ usize::from(self.$field.is_some()))*,
                )?;
                $($crate::object::Kind::write(
                    &$crate::object::$kind $(($item))?,
                    &mut out,
                    $crate::__response_object!(@key $field $($key)?),
                    &self.$field,
                )?;)*
                ::serde::ser::SerializeStruct::end(out)
            }
        }
    };
}

/// A required request field missing from a map: serde's "missing field" error.
pub fn missing<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// `request_object!(Name { 0 field: required, 1 other = "wire-key": optional, .. });`: a
/// generated request type's `Serialize` (the JSON of an object parameter; absent optional
/// fields left out) and `Deserialize` (a request built from JSON: unknown keys ignored, a
/// key twice or a required one missing is an error, an array is refused), from its field
/// table, as serde's derives wrote them in less code. The field types come from the struct.
#[doc(hidden)]
#[macro_export]
macro_rules! __request_object {
    (@len required $value:expr) => {
        1usize
    };
    (@len optional $value:expr) => {
        usize::from($value.is_some())
    };
    (@write required $out:ident, $key:expr, $value:expr) => {
        ::serde::ser::SerializeStruct::serialize_field(&mut $out, $key, $value)?
    };
    (@write optional $out:ident, $key:expr, $value:expr) => {
        $crate::object::write_option(&mut $out, $key, $value)?
    };
    (@take required $slot:ident, $key:expr) => {
        $crate::object::missing($slot, $key)?
    };
    (@take optional $slot:ident, $key:expr) => {
        $slot.unwrap_or_default()
    };
    ($name:ident { $($index:literal $field:ident $(= $key:literal)?: $mode:ident),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)] // a type without fields
                let mut out = ::serde::Serializer::serialize_struct(
                    serializer,
                    ::core::stringify!($name),
                    0 $(+ $crate::__request_object!(@len $mode self.$field))*,
                )?;
                $($crate::__request_object!(
                    @write $mode out,
                    $crate::__response_object!(@key $field $($key)?),
                    &self.$field
                );)*
                ::serde::ser::SerializeStruct::end(out)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                const KEYS: &[&str] = &[$($crate::__response_object!(@key $field $($key)?)),*];
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("struct ", ::core::stringify!($name)))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<$name, A::Error> {
                        $(let mut $field = ::core::option::Option::None;)*
                        let mut seen = $crate::object::Seen::new(KEYS.len());
                        while let ::core::option::Option::Some(index) = $crate::object::next_field(
                            &mut map,
                            KEYS,
                            &mut seen,
                            $crate::object::ElementText::Ignored,
                        )? {
                            match index {
                                $($index => $field = ::core::option::Option::Some(
                                    ::serde::de::MapAccess::next_value(&mut map)?,
                                ),)*
                                _ => {}
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__request_object!(
                                @take $mode $field,
                                $crate::__response_object!(@key $field $($key)?)
                            ),)*
                        })
                    }
                }
                ::serde::Deserializer::deserialize_struct(
                    deserializer,
                    ::core::stringify!($name),
                    KEYS,
                    Visitor,
                )
            }
        }
    };
}

#[doc(inline)]
pub use crate::__request_object as request_object;
#[doc(inline)]
pub use crate::__response_object as response_object;

#[cfg(test)]
mod tests {
    #[derive(Debug, Default, PartialEq)]
    struct Answer {
        r#type: Option<String>,
        count: Option<i64>,
        lines: Option<Vec<Line>>,
    }
    crate::__response_object!(Answer {
        0 r#type = "type": Text,
        1 count: Integer,
        2 lines: List("line"),
    });

    #[derive(Debug, Default, PartialEq)]
    struct Line {
        sku: Option<String>,
    }
    crate::__response_object!(Line { 0 sku: Text });
    crate::__object_items!(Line);

    #[derive(Debug, PartialEq)]
    struct Order {
        shop_id: i64,
        item_ids: Vec<String>,
        note: Option<String>,
    }
    crate::__request_object!(Order {
        0 shop_id: required,
        1 item_ids = "itemIds": required,
        2 note: optional,
    });

    #[test]
    fn a_response_object_writes_set_fields_and_lists_in_their_wrapper() {
        let answer = Answer {
            r#type: Some("sale".into()),
            count: None,
            lines: Some(vec![Line {
                sku: Some("A1".into()),
            }]),
        };
        let json = serde_json::to_string(&answer).unwrap();
        assert_eq!(json, r#"{"type":"sale","lines":{"line":[{"sku":"A1"}]}}"#);
        let back: Answer = serde_json::from_str(&json).unwrap();
        assert_eq!(back, answer);
    }

    #[test]
    fn a_response_object_reads_leniently_refuses_a_key_twice_and_skips_unknown_keys() {
        let answer: Answer =
            serde_json::from_str(r#"{"count":"12","new_field":[1,2],"type":""}"#).unwrap();
        assert_eq!(answer.count, Some(12));
        assert_eq!(answer.r#type, None);
        let twice = serde_json::from_str::<Answer>(r#"{"count":1,"count":2}"#).unwrap_err();
        assert!(
            twice.to_string().starts_with("duplicate field `count`"),
            "{twice}"
        );
        let array = serde_json::from_str::<Answer>(r#"["sale", 1]"#).unwrap_err();
        assert!(
            array.to_string().contains("expected struct Answer"),
            "{array}"
        );
    }

    #[test]
    fn a_request_object_writes_required_fields_always_and_optional_ones_when_set() {
        let order = Order {
            shop_id: 7,
            item_ids: vec!["a".into()],
            note: None,
        };
        let json = serde_json::to_string(&order).unwrap();
        assert_eq!(json, r#"{"shop_id":7,"itemIds":["a"]}"#);
        assert_eq!(serde_json::from_str::<Order>(&json).unwrap(), order);
    }

    #[test]
    fn a_request_object_reads_as_serde_derive_did_but_never_by_position() {
        let order: Order =
            serde_json::from_str(r#"{"itemIds":[],"unknown":1,"shop_id":3,"note":"n"}"#).unwrap();
        assert_eq!(order.note.as_deref(), Some("n"));
        let missing = serde_json::from_str::<Order>(r#"{"itemIds":[]}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `shop_id`"),
            "{missing}"
        );
        let twice = serde_json::from_str::<Order>(r#"{"shop_id":1,"shop_id":2}"#).unwrap_err();
        assert!(
            twice.to_string().starts_with("duplicate field `shop_id`"),
            "{twice}"
        );
        let array = serde_json::from_str::<Order>(r#"[1, []]"#).unwrap_err();
        assert!(
            array.to_string().contains("expected struct Order"),
            "{array}"
        );
    }
}
