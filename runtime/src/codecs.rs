//! One-line forms of what each generated response module repeats: the list codecs of a list
//! field and the list-item impl of an object type. They expand to the same code the generator
//! used to write out in full (about 20 and 7 lines each), so a module stays short to read,
//! to generate and to format; the work they do is in [`crate::de`].

/// `list_codec!(reader, writer, Item, "item_element");`: the `deserialize_with` and
/// `serialize_with` functions of a response list field, reading and writing the list in its
/// wrapper holding `<item_element>` items ([`crate::de::list`], [`crate::de::serialize_list`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __list_codec {
    ($reader:ident, $writer:ident, $item:ty, $element:literal) => {
        fn $reader<'de, D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::core::result::Result<::core::option::Option<::std::vec::Vec<$item>>, D::Error> {
            $crate::de::list(deserializer, $element)
        }
        fn $writer<S: ::serde::Serializer>(
            items: &::core::option::Option<::std::vec::Vec<$item>>,
            serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            $crate::de::serialize_list(items, $element, serializer)
        }
    };
}

/// `object_items!(A, B);`: each response object type can be a list item, decoded (like a
/// field) only from an object ([`crate::de::object_item`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __object_items {
    ($($name:ident),+ $(,)?) => {
        $(
            impl $crate::de::Item for $name {
                fn decode_item<'de, D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    $crate::de::object_item(deserializer)
                }
            }
        )+
    };
}

#[doc(inline)]
pub use crate::__list_codec as list_codec;
#[doc(inline)]
pub use crate::__object_items as object_items;
