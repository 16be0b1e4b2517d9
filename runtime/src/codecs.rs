//! One-line forms of what each generated response module repeats: the list-item impl of an
//! object type and the response's `TopResponse` impl. They expand to the same code the
//! generator used to write out in full (about 7 and 12 lines each), so a module stays short
//! to read, to generate and to format; the work they do is in [`crate::de`]. The field table
//! of each response object is [`crate::object`]'s.

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

/// `top_response!(Response, "root_response", request_id);`: [`crate::TopResponse`] for an
/// API's response type, whose TOP request id is the named field (none when left out) and
/// whose unknown fields are in `unknown_fields`.
#[doc(hidden)]
#[macro_export]
macro_rules! __top_response {
    (@request_id $self:ident, $field:ident) => {
        $self.$field.as_deref()
    };
    (@request_id $self:ident) => {
        ::core::option::Option::None
    };
    ($name:ident, $root:literal $(, $request_id:ident)?) => {
        impl $crate::TopResponse for $name {
            const ROOT: &'static str = $root;
            fn request_id(&self) -> ::core::option::Option<&str> {
                $crate::__top_response!(@request_id self $(, $request_id)?)
            }
            fn unknown_fields(&self) -> &$crate::UnknownFields {
                &self.unknown_fields
            }
            fn set_unknown_fields(&mut self, paths: $crate::UnknownFields) {
                self.unknown_fields = paths;
            }
        }
    };
}

#[doc(inline)]
pub use crate::__object_items as object_items;
#[doc(inline)]
pub use crate::__top_response as top_response;

#[cfg(test)]
mod tests {
    use crate::TopResponse;

    #[derive(Default)]
    struct WithId {
        request_id: Option<String>,
        unknown_fields: crate::UnknownFields,
    }
    crate::__response_object!(WithId { 0 request_id: Text });

    #[derive(Default)]
    struct WithoutId {
        unknown_fields: crate::UnknownFields,
    }
    crate::__response_object!(WithoutId {});

    crate::__top_response!(WithId, "with_id_response", request_id);
    crate::__top_response!(WithoutId, "without_id_response");

    #[test]
    fn top_response_reads_the_named_request_id_field_or_none() {
        let with = WithId {
            request_id: Some("abc".to_owned()),
            ..WithId::default()
        };
        assert_eq!(with.request_id(), Some("abc"));
        assert_eq!(WithId::ROOT, "with_id_response");
        assert_eq!(WithoutId::default().request_id(), None);
        assert_eq!(WithoutId::ROOT, "without_id_response");
    }
}
