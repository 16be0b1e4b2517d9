//! Tests pinning the paths `Tracked` gives a failure and the unknown fields it records.

#[cfg(test)]
mod tests {
    use std::marker::PhantomData;

    use serde::Deserialize;
    use serde::de::DeserializeSeed;

    use super::super::{MAX_UNKNOWN_PATHS, Tracked, UnknownFields};
    use crate::de::{ObjectOnly, XmlRoot};

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Answer {
        #[serde(default, deserialize_with = "crate::de::object")]
        result: Option<Outer>,
        #[serde(default, deserialize_with = "crate::de::string")]
        request_id: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Outer {
        #[serde(default, deserialize_with = "crate::de::object")]
        model: Option<Model>,
        #[serde(default, deserialize_with = "items")]
        items: Option<Vec<Item>>,
        #[serde(default, deserialize_with = "codes")]
        codes: Option<Vec<i64>>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Model {
        #[serde(default, deserialize_with = "crate::de::integer")]
        pay_fee: Option<i64>,
        #[serde(default, deserialize_with = "crate::de::string")]
        name: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Item {
        #[serde(default, deserialize_with = "crate::de::integer")]
        qty: Option<i64>,
        #[serde(default, deserialize_with = "crate::de::string")]
        sku: Option<String>,
    }

    impl crate::de::Item for Item {
        fn decode_item<'de, D: serde::Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Self, D::Error> {
            crate::de::object_item(deserializer)
        }
    }

    fn items<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<Item>>, D::Error> {
        crate::de::list(d, "item")
    }

    fn codes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
        crate::de::list(d, "number")
    }

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
    fn a_failure_after_unknown_fields_keeps_both() {
        let outcome = json(r#"{"extra":1,"result":{"model":{"odd":[],"pay_fee":true}}}"#);
        assert_eq!(outcome.unknown.paths(), ["extra", "result.model.odd"]);
        assert_eq!(failure(outcome).0, "result.model.pay_fee");
    }
}
