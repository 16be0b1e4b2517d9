//! Documented type names (`Number`, `String []`, `PayRequest`) parsed into a type tree.

/// A documented type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// `Number`: an integer on the wire.
    Number,
    String,
    Boolean,
    /// `Date`: `yyyy-MM-dd HH:mm:ss` in GMT+8.
    Date,
    /// `Price`: a decimal sent as text.
    Price,
    /// `Json`: a JSON text sent as a string.
    Json,
    /// `byte[]`: a file upload.
    File,
    /// A documented object type, by name.
    Object(String),
    /// `<item> []`.
    List(Box<TypeRef>),
}

impl TypeRef {
    /// Parses a documented type; `None` when it is not one.
    pub fn parse(text: &str) -> Option<TypeRef> {
        let text = text.trim();
        if let Some(item) = text.strip_suffix("[]") {
            let item = item.trim_end();
            // `byte[]` and `byte []` are files, not lists of bytes.
            if item == "byte" {
                return Some(TypeRef::File);
            }
            return TypeRef::parse(item).map(|item| TypeRef::List(Box::new(item)));
        }
        Some(match text {
            "Number" => TypeRef::Number,
            "String" => TypeRef::String,
            "Boolean" => TypeRef::Boolean,
            "Date" => TypeRef::Date,
            "Price" => TypeRef::Price,
            "Json" => TypeRef::Json,
            _ if is_object_type_name(text) => TypeRef::Object(text.to_owned()),
            _ => return None,
        })
    }

    /// The object type at the bottom of this type, if any (`Foo` for `Foo []`).
    pub fn object_name(&self) -> Option<&str> {
        match self {
            TypeRef::Object(name) => Some(name),
            TypeRef::List(item) => item.object_name(),
            _ => None,
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self, TypeRef::List(_))
    }

    /// For a list, the XML element TOP wraps each item in: the item type split at every
    /// capital (`PosItemDTO` → `pos_item_d_t_o`), `number`, `boolean`, `date` or `string`
    /// for plain values. `None` for a type that is not a list.
    pub fn xml_item_element(&self) -> Option<String> {
        let TypeRef::List(item) = self else {
            return None;
        };
        Some(match &**item {
            TypeRef::Object(name) => {
                let mut out = String::new();
                for c in name.chars() {
                    if c.is_ascii_uppercase() {
                        if !out.is_empty() {
                            out.push('_');
                        }
                        out.push(c.to_ascii_lowercase());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            TypeRef::Number => "number".to_owned(),
            TypeRef::Boolean => "boolean".to_owned(),
            TypeRef::Date => "date".to_owned(),
            _ => "string".to_owned(),
        })
    }
}

/// Object types are documented in UpperCamelCase (`PayRequest`, `PosItemDTO`).
fn is_object_type_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::TypeRef;

    #[test]
    fn parses_documented_types() {
        assert_eq!(TypeRef::parse("Number"), Some(TypeRef::Number));
        assert_eq!(TypeRef::parse("byte[]"), Some(TypeRef::File));
        assert_eq!(TypeRef::parse("byte []"), Some(TypeRef::File));
        assert_eq!(
            TypeRef::parse("String []"),
            Some(TypeRef::List(Box::new(TypeRef::String)))
        );
        assert_eq!(
            TypeRef::parse("PosItemDTO[]"),
            Some(TypeRef::List(Box::new(TypeRef::Object(
                "PosItemDTO".into()
            ))))
        );
        assert_eq!(TypeRef::parse("Strin g"), None);
        assert_eq!(
            TypeRef::parse("PosItemDTO []").and_then(|t| t.xml_item_element()),
            Some("pos_item_d_t_o".to_owned())
        );
        assert_eq!(TypeRef::Number.xml_item_element(), None);
        assert_eq!(TypeRef::parse("number"), None);
        assert_eq!(TypeRef::parse(""), None);
    }
}
