//! Lenient value decoding for generated response fields, the same for JSON and XML.
//!
//! TOP is loose about values: numbers arrive as strings, empty elements stand for "no
//! value", and quick-xml hands `deserialize_any` a map `{"$text": ...}` for an element with
//! text. These visitors accept all of that. A value that does not fit its type (`"abc"` for
//! a `Number`) is a decode error whose path names the field: for amounts of money a wrong
//! value must never turn into a silent `None`. Dates never fail: unparseable text is kept.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

use crate::TopDate;

/// A `Number` field: integers, or strings holding one; empty means `None`.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_any(Lenient::<i64>::new())
}

/// A `Boolean` field: `true`/`false`, as literals or strings; empty means `None`.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_any(Lenient::<bool>::new())
}

/// A `String` field: strings, or numbers and booleans as their text; empty means `None`.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(Lenient::<String>::new())
}

/// A `Date` field: parsed when it is `yyyy-MM-dd HH:mm:ss`, otherwise kept as sent.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<TopDate>, D::Error> {
    deserializer.deserialize_any(Lenient::<TopDate>::new())
}

/// A `Number` field typed as an enum: decoded as [`integer`], then mapped (an undocumented
/// value becomes the enum's `Unknown`).
pub fn integer_as<'de, D: Deserializer<'de>, T: From<i64>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    integer(deserializer).map(|value| value.map(T::from))
}

/// A `String` field typed as an enum: decoded as [`string`], then mapped.
pub fn string_as<'de, D: Deserializer<'de>, T: From<String>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    string(deserializer).map(|value| value.map(T::from))
}

/// How one kind of scalar is read from each shape a value can arrive in.
trait Scalar: Sized {
    const EXPECTING: &'static str;
    /// Non-empty text.
    fn from_text(text: &str) -> Result<Self, String>;
    fn from_i64(value: i64) -> Result<Self, String>;
    fn from_u64(value: u64) -> Result<Self, String>;
    fn from_f64(value: f64) -> Result<Self, String>;
    fn from_bool(value: bool) -> Result<Self, String>;
}

impl Scalar for i64 {
    const EXPECTING: &'static str = "an integer";
    fn from_text(text: &str) -> Result<Self, String> {
        text.trim()
            .parse()
            .map_err(|_| format!("invalid integer {text:?}"))
    }
    fn from_i64(value: i64) -> Result<Self, String> {
        Ok(value)
    }
    fn from_u64(value: u64) -> Result<Self, String> {
        i64::try_from(value).map_err(|_| format!("integer {value} is too large"))
    }
    fn from_f64(value: f64) -> Result<Self, String> {
        // Exact integers written with a fraction (`34.0`) are still integers.
        let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&value);
        if value.fract() == 0.0 && in_range {
            Ok(value as i64)
        } else {
            Err(format!("expected an integer, found {value}"))
        }
    }
    fn from_bool(value: bool) -> Result<Self, String> {
        Err(format!("expected an integer, found {value}"))
    }
}

impl Scalar for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_text(text: &str) -> Result<Self, String> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(format!("invalid boolean {text:?}")),
        }
    }
    fn from_i64(value: i64) -> Result<Self, String> {
        Err(format!("expected a boolean, found {value}"))
    }
    fn from_u64(value: u64) -> Result<Self, String> {
        Err(format!("expected a boolean, found {value}"))
    }
    fn from_f64(value: f64) -> Result<Self, String> {
        Err(format!("expected a boolean, found {value}"))
    }
    fn from_bool(value: bool) -> Result<Self, String> {
        Ok(value)
    }
}

impl Scalar for String {
    const EXPECTING: &'static str = "a string";
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
    fn from_i64(value: i64) -> Result<Self, String> {
        Ok(value.to_string())
    }
    fn from_u64(value: u64) -> Result<Self, String> {
        Ok(value.to_string())
    }
    fn from_f64(value: f64) -> Result<Self, String> {
        Ok(value.to_string())
    }
    fn from_bool(value: bool) -> Result<Self, String> {
        Ok(value.to_string())
    }
}

impl Scalar for TopDate {
    const EXPECTING: &'static str = "a date";
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(TopDate::from_text(text))
    }
    fn from_i64(value: i64) -> Result<Self, String> {
        Ok(TopDate::Unparsed(value.to_string()))
    }
    fn from_u64(value: u64) -> Result<Self, String> {
        Ok(TopDate::Unparsed(value.to_string()))
    }
    fn from_f64(value: f64) -> Result<Self, String> {
        Ok(TopDate::Unparsed(value.to_string()))
    }
    fn from_bool(value: bool) -> Result<Self, String> {
        Ok(TopDate::Unparsed(value.to_string()))
    }
}

/// The visitor behind every function above; also a seed, to read the `$text` of an XML map.
struct Lenient<T>(PhantomData<T>);

impl<T> Lenient<T> {
    fn new() -> Self {
        Lenient(PhantomData)
    }
}

impl<'de, T: Scalar> DeserializeSeed<'de> for Lenient<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Scalar> Visitor<'de> for Lenient<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.is_empty() {
            return Ok(None);
        }
        T::from_text(text).map(Some).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        T::from_i64(value).map(Some).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        T::from_u64(value).map(Some).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        T::from_f64(value).map(Some).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        T::from_bool(value).map(Some).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    /// quick-xml's shape of an element with text: `{"$text": "..."}`; an empty element is an
    /// empty map. Anything else is an object where a value was expected.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key != "$text" {
                return Err(de::Error::custom(format!(
                    "expected {}, found an object with field `{key}`",
                    T::EXPECTING
                )));
            }
            value = map.next_value_seed(Lenient::<T>::new())?;
        }
        Ok(value)
    }
}

/// A response list. TOP wraps lists in an element named after the item
/// (`{"items": {"pos_item_d_t_o": [...]}}`, `<items><pos_item_d_t_o>..</pos_item_d_t_o>..</items>`);
/// with `simplify=true` JSON lists are bare arrays. Both decode; an empty list is `None`.
pub fn list<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    deserializer.deserialize_any(ListVisitor(PhantomData))
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list wrapped in its item element, or an array")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok((!items.is_empty()).then_some(items))
    }

    /// The wrapper: one key (the item name) whose value is the items. quick-xml gathers
    /// repeated item elements into one sequence.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items: Vec<T> = Vec::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "$text" {
                // Whitespace between elements, or an empty element's text.
                map.next_value::<de::IgnoredAny>()?;
                continue;
            }
            items.extend(map.next_value::<Vec<T>>()?);
        }
        Ok((!items.is_empty()).then_some(items))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            Err(E::custom(format!("expected a list, found {text:?}")))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Writes a response list in TOP's wrapped form (`{"<item>": [...]}`), the inverse of [`list`].
pub fn serialize_list<S, T>(
    items: &Option<Vec<T>>,
    item_name: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    if let Some(items) = items {
        map.serialize_entry(item_name, items)?;
    }
    map.end()
}
