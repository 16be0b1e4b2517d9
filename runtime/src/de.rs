//! Value decoding for generated response fields: one set of rules for JSON and XML.
//!
//! Strict about structure, lenient only about how a value is spelled:
//! - Every scalar is read from its exact text: the characters of a JSON string or number
//!   literal (serde_json's raw value), or an XML element's text. A `Number` is an integer
//!   literal (`-?[0-9]+`, surrounding spaces allowed) that fits `i64`; anything else, `34.0`
//!   and `1E2` included, is an error naming the field. A `String` keeps the exact characters
//!   sent, even as a JSON number (`10.10` stays `"10.10"`). Numbers sent as strings decode.
//! - Empty values (`""`, `<x></x>`, `<x/>`, `null`) are `None`.
//! - An object decodes only from an object (an XML element): an array, a number or text
//!   where an object is documented is an error; serde's by-position reading of a sequence
//!   into a struct is never used.
//! - XML attributes are not part of any documented answer: they are reported as unknown
//!   fields (`result.model.current_pay_fee.@currency`), never fatal.
//! - Dates never fail: text that is not `yyyy-MM-dd HH:mm:ss` is kept as sent.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::TopDate;
use crate::object::{ElementText, ResponseObject, visit_object};

/// The name under which serde_json (feature `raw_value`) hands over the exact text of a
/// value from `deserialize_newtype_struct`, as `{"<this name>": "<raw text>"}`. Other
/// deserializers (quick-xml) treat it as an ordinary newtype. If serde_json ever stopped
/// honouring it, numbers would arrive as `f64` and be refused ([`Visitor::visit_f64`] below),
/// never rounded: the exact-number tests would fail, no answer would turn wrong.
const RAW_JSON: &str = "$serde_json::private::RawValue";

/// An XML element's text, as quick-xml names it in a map.
pub(crate) const XML_TEXT: &str = "$text";

/// A `Number` field: an integer literal that fits `i64`, or a string holding one.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    scalar(deserializer)
}

/// A `Boolean` field: `true`/`false` (any case), as literals or strings.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    scalar(deserializer)
}

/// A `String` field: the exact characters sent, whether a JSON string or a JSON number.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    scalar(deserializer)
}

/// A `Date` field: parsed when it is `yyyy-MM-dd HH:mm:ss`, otherwise kept as sent.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<TopDate>, D::Error> {
    scalar(deserializer)
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

/// An object field: decoded only from an object (or XML element); empty means `None`.
pub fn object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: ResponseObject,
{
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

/// The top-level object of an answer (`<root>`'s value): like [`object`], but an empty
/// element or object is the all-`None` response, and `null` or text is an error.
pub(crate) struct ObjectOnly<T>(pub PhantomData<T>);

impl<'de, T: ResponseObject> DeserializeSeed<'de> for ObjectOnly<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        match deserializer.deserialize_any(ObjectVisitor::<T>(PhantomData))? {
            Some(value) => Ok(value),
            None => Ok(T::default()),
        }
    }
}

/// The root element of an XML answer: always an element (the envelope checked it), read as
/// a map. `deserialize_any` would see the whitespace before the root as the value.
pub(crate) struct XmlRoot<T>(pub PhantomData<T>);

impl<'de, T: ResponseObject> DeserializeSeed<'de> for XmlRoot<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        match deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))? {
            Some(value) => Ok(value),
            None => Ok(T::default()),
        }
    }
}

/// How one kind of scalar is read from its exact text.
trait Scalar: Sized {
    const EXPECTING: &'static str;
    /// Non-empty text: a string's characters or a JSON literal's (`12`, `true`).
    fn from_text(text: &str) -> Result<Option<Self>, String>;

    /// [`Scalar::from_text`] of text already owned (an unescaped string): a `String` keeps it
    /// rather than copying it.
    fn from_owned_text(text: String) -> Result<Option<Self>, String> {
        Self::from_text(&text)
    }
}

impl Scalar for i64 {
    const EXPECTING: &'static str = "an integer";
    fn from_text(text: &str) -> Result<Option<Self>, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("expected an integer, found {text:?}"));
        }
        trimmed
            .parse()
            .map(Some)
            .map_err(|_| format!("integer {trimmed} does not fit in 64 bits"))
    }
}

impl Scalar for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_text(text: &str) -> Result<Option<Self>, String> {
        match text.trim() {
            "" => Ok(None),
            t if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
            t if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
            _ => Err(format!("expected a boolean, found {text:?}")),
        }
    }
}

impl Scalar for String {
    const EXPECTING: &'static str = "a string";
    fn from_text(text: &str) -> Result<Option<Self>, String> {
        Ok((!text.is_empty()).then(|| text.to_owned()))
    }

    fn from_owned_text(text: String) -> Result<Option<Self>, String> {
        Ok((!text.is_empty()).then_some(text))
    }
}

impl Scalar for TopDate {
    const EXPECTING: &'static str = "a date";
    fn from_text(text: &str) -> Result<Option<Self>, String> {
        Ok((!text.is_empty()).then(|| TopDate::from_text(text)))
    }
}

/// Reads a scalar, asking serde_json for the value's raw text first.
fn scalar<'de, D: Deserializer<'de>, T: Scalar>(deserializer: D) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_JSON, ScalarVisitor::<T>(PhantomData))
}

/// Decodes the raw text of one JSON value (`"a\"b"`, `12.50`, `true`, `null`, `{...}`).
fn from_raw_json<T: Scalar>(raw: &str) -> Result<Option<T>, String> {
    let raw = raw.trim();
    match raw.as_bytes().first() {
        Some(b'"') => match raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            // Without a backslash, the characters between the quotes are the string.
            Some(inner) if !inner.contains('\\') => T::from_text(inner),
            _ => {
                let text: String = serde_json::from_str(raw).map_err(|e| e.to_string())?;
                T::from_owned_text(text)
            }
        },
        Some(b'{') => Err(format!("expected {}, found an object", T::EXPECTING)),
        Some(b'[') => Err(format!("expected {}, found an array", T::EXPECTING)),
        None => Ok(None),
        Some(_) if raw == "null" => Ok(None),
        // A number or boolean literal, exactly as written.
        Some(_) => T::from_text(raw),
    }
}

struct ScalarVisitor<T>(PhantomData<T>);

/// Reads the raw text serde_json hands over in its one-entry map.
struct RawJsonSeed<T>(PhantomData<T>);

impl<'de, T: Scalar> DeserializeSeed<'de> for RawJsonSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T: Scalar> Visitor<'de> for RawJsonSeed<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the raw text of a JSON value")
    }
    fn visit_str<E: de::Error>(self, raw: &str) -> Result<Self::Value, E> {
        from_raw_json(raw).map_err(E::custom)
    }
}

/// Reads XML element text (`$text`) with the scalar's text rules.
struct TextSeed<T>(PhantomData<T>);

impl<'de, T: Scalar> DeserializeSeed<'de> for TextSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ScalarVisitor::<T>(PhantomData))
    }
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    /// Not serde_json: an ordinary newtype around the value.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        T::from_text(text).map_err(E::custom)
    }

    /// Text the deserializer had to own (quick-xml's text with entities): kept, not copied.
    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        T::from_owned_text(text).map_err(E::custom)
    }

    // Deserializers that do not hand over raw text (serde_json::Value, serde's buffers):
    // integers are exact, floats are not and are refused rather than rounded.
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        T::from_text(&value.to_string()).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        T::from_text(&value.to_string()).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Err(E::custom(format!(
            "expected {}, found the number {value}, whose exact text is lost",
            T::EXPECTING
        )))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        T::from_text(if value { "true" } else { "false" }).map_err(E::custom)
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

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(format!(
            "expected {}, found an array",
            T::EXPECTING
        )))
    }

    /// serde_json's raw text (`{RAW_JSON: "..."}`), or quick-xml's element: `{"$text": ...}`
    /// plus `@attribute` entries (reported as unknown, through `IgnoredAny`); an empty
    /// element is an empty map. Any child element is an object where a value was expected.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == RAW_JSON {
                return map.next_value_seed(RawJsonSeed::<T>(PhantomData));
            } else if key == XML_TEXT {
                value = map.next_value_seed(TextSeed::<T>(PhantomData))?;
            } else if key.starts_with('@') {
                map.next_value::<IgnoredAny>()?;
            } else {
                return Err(de::Error::custom(format!(
                    "expected {}, found an object with field `{key}`",
                    T::EXPECTING
                )));
            }
        }
        Ok(value)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: ResponseObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        visit_object(map, ElementText::Refused).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom("expected an object, found an array"))
    }

    /// An empty XML element, or `""`.
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            Err(E::custom(format!("expected an object, found {text:?}")))
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Err(E::custom(format!("expected an object, found {value}")))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Err(E::custom(format!("expected an object, found {value}")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Err(E::custom(format!("expected an object, found {value}")))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Err(E::custom(format!("expected an object, found {value}")))
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

/// The value of an object's `$text` entry (quick-xml's text of an element), read and refused
/// unless blank: text beside the fields is not part of any answer, and serde's derive would
/// have dropped it as an unknown field. Whitespace between child elements is no text.
pub(crate) fn refuse_element_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    let text = map.next_value::<std::borrow::Cow<'de, str>>()?;
    if text.trim().is_empty() {
        Ok(())
    } else {
        Err(de::Error::custom(format!(
            "expected an object, found the text {text:?}"
        )))
    }
}

/// A map key, borrowed from the body when it can be.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }
    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }
}

/// A type that can be one item of a response list, decoded by the same rules as a field.
/// Generated object and enum types implement it too.
pub trait Item: Sized {
    /// Decodes one item; an empty item is an error except where the type has an empty value.
    fn decode_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

fn required<T, E: de::Error>(value: Option<T>) -> Result<T, E> {
    value.ok_or_else(|| E::custom("empty list item"))
}

impl Item for i64 {
    fn decode_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        integer(deserializer).and_then(required)
    }
}

impl Item for bool {
    fn decode_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        boolean(deserializer).and_then(required)
    }
}

/// An empty string item stays in the list as `""`: dropping it would shift the others.
impl Item for String {
    fn decode_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string(deserializer).map(Option::unwrap_or_default)
    }
}

impl Item for TopDate {
    fn decode_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        date(deserializer).and_then(required)
    }
}

/// [`Item::decode_item`] of a generated object type: an empty element is the all-`None` object.
pub fn object_item<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: ResponseObject,
{
    object(deserializer).map(Option::unwrap_or_default)
}

/// [`Item::decode_item`] of a generated `Number` enum.
pub fn integer_item_as<'de, D: Deserializer<'de>, T: From<i64>>(
    deserializer: D,
) -> Result<T, D::Error> {
    i64::decode_item(deserializer).map(T::from)
}

/// [`Item::decode_item`] of a generated `String` enum.
pub fn string_item_as<'de, D: Deserializer<'de>, T: From<String>>(
    deserializer: D,
) -> Result<T, D::Error> {
    String::decode_item(deserializer).map(T::from)
}

/// A response list. TOP wraps lists in an element named after the item
/// (`{"items": {"pos_item_d_t_o": [...]}}`, `<items><pos_item_d_t_o>..</pos_item_d_t_o>..</items>`);
/// with `simplify=true` JSON lists are bare arrays. Both decode; an empty list is `None`.
/// Items are the entries named `item_name`; any other entry in the wrapper is an unknown
/// field (reported through `IgnoredAny`), never an item.
pub fn list<'de, D, T>(deserializer: D, item_name: &'static str) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Item,
{
    deserializer.deserialize_any(ListVisitor {
        item_name,
        marker: PhantomData,
    })
}

struct ListVisitor<T> {
    item_name: &'static str,
    marker: PhantomData<T>,
}

/// Decodes one item through [`Item`].
struct ItemSeed<T>(PhantomData<T>);

impl<'de, T: Item> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode_item(deserializer)
    }
}

/// The items under the wrapper's item key: an array (JSON, or repeated XML elements), or
/// one item (a lone XML element or a lone JSON value).
struct ItemsSeed<'a, T>(&'a mut Vec<T>);

impl<'de, T: Item> DeserializeSeed<'de> for ItemsSeed<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Item> Visitor<'de> for ItemsSeed<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("list items")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element_seed(ItemSeed::<T>(PhantomData))? {
            self.0.push(item);
        }
        Ok(())
    }
}

impl<'de, T: Item> Visitor<'de> for ListVisitor<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list wrapped in its item element, or an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ItemSeed::<T>(PhantomData))? {
            items.push(item);
        }
        Ok((!items.is_empty()).then_some(items))
    }

    /// The wrapper: one key (the item name) whose value is the items. quick-xml gathers
    /// repeated item elements into one sequence.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items: Vec<T> = Vec::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == XML_TEXT {
                // Whitespace between elements or an empty element's text; any other text
                // is not a list.
                let text = map.next_value::<std::borrow::Cow<'de, str>>()?;
                if !text.trim().is_empty() {
                    return Err(de::Error::custom(format!(
                        "expected a list, found the text {text:?}"
                    )));
                }
                continue;
            }
            if key == self.item_name {
                map.next_value_seed(ItemsSeed(&mut items))?;
            } else {
                // An attribute or another element: reported as unknown through `IgnoredAny`.
                map.next_value::<IgnoredAny>()?;
            }
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
