//! Rust names for documented names: keywords, case conversion, method-derived names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024, strict and reserved. `union`, `macro_rules` and friends are
/// contextual and stay plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: these get a trailing `_` instead.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// A Rust identifier: its text, and whether it must be written raw (`r#type`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustName {
    pub text: String,
    pub raw: bool,
}

impl RustName {
    /// Makes `text` usable as an identifier: raw for keywords, `_`-suffixed for the few
    /// keywords that cannot be raw.
    pub fn new(text: String) -> RustName {
        if NOT_RAW.contains(&text.as_str()) {
            RustName {
                text: format!("{text}_"),
                raw: false,
            }
        } else {
            let raw = KEYWORDS.contains(&text.as_str());
            RustName { text, raw }
        }
    }

    /// The identifier as written in source: `r#type`, `shop_id`.
    pub fn source(&self) -> String {
        if self.raw {
            format!("r#{}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// The field name for a documented (wire) name: snake_case, keyword-safe.
pub fn field_name(wire_name: &str) -> RustName {
    RustName::new(wire_name.to_snake_case())
}

/// `AlibabaPosOrderPay` for `alibaba.pos.order.pay`; `TradesSoldGet` for
/// `taobao.trades.sold.get`, as the official Java SDK names its classes.
pub fn method_type_stem(method: &str) -> String {
    strip_taobao(method).replace('.', "_").to_upper_camel_case()
}

/// `alibaba_pos_order_pay`; `trades_sold_get` for `taobao.trades.sold.get`.
pub fn client_fn_name(method: &str) -> RustName {
    RustName::new(strip_taobao(method).replace('.', "_").to_snake_case())
}

/// The response root element: `.` as `_`, `taobao.` dropped, `_response` appended.
pub fn expected_response_root(method: &str) -> String {
    format!("{}_response", strip_taobao(method).replace('.', "_"))
}

/// Module placement: the group (first two segments, `alibaba_pos`) and the module
/// (the rest, `order_pay`). A two-segment method lives in a module named after its last segment.
pub fn module_path(method: &str) -> (RustName, RustName) {
    // `split` always yields at least one segment, and `split <= len`: the slices below hold.
    let segments: Vec<&str> = method.split('.').collect();
    let split = segments.len().min(2);
    let group = segments[..split].join("_").to_snake_case();
    let rest = if segments.len() > 2 {
        segments[2..].join("_")
    } else {
        segments[segments.len() - 1].to_owned()
    };
    (RustName::new(group), RustName::new(rest.to_snake_case()))
}

/// The cargo feature that compiles a group: its module name with `_` as `-`
/// (`alibaba_pos` → `alibaba-pos`), as cargo features are usually spelled.
pub fn feature_name(group: &RustName) -> String {
    group.text.replace('_', "-")
}

/// The traits that make a group's APIs methods of the clients: `AlibabaPosApis` on
/// `Client` and `AlibabaPosBlockingApis` on `blocking::Client` (the clients live in the
/// runtime crate, so generated code cannot add inherent methods to them).
pub fn client_traits(group: &RustName) -> (RustName, RustName) {
    let stem = group.text.to_upper_camel_case();
    (
        RustName::new(format!("{stem}Apis")),
        RustName::new(format!("{stem}BlockingApis")),
    )
}

fn strip_taobao(method: &str) -> &str {
    method.strip_prefix("taobao.").unwrap_or(method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_java_sdk() {
        assert_eq!(
            method_type_stem("alibaba.pos.order.pay"),
            "AlibabaPosOrderPay"
        );
        assert_eq!(method_type_stem("taobao.trades.sold.get"), "TradesSoldGet");
        assert_eq!(
            client_fn_name("taobao.trades.sold.get").text,
            "trades_sold_get"
        );
        assert_eq!(
            expected_response_root("taobao.trades.sold.get"),
            "trades_sold_get_response"
        );
    }

    #[test]
    fn keywords_are_raw_or_renamed() {
        assert_eq!(field_name("type").source(), "r#type");
        assert_eq!(field_name("self").source(), "self_");
        assert_eq!(field_name("Self").source(), "self_");
        assert_eq!(field_name("shop_id").source(), "shop_id");
        assert_eq!(field_name("isSuccess").source(), "is_success");
    }

    #[test]
    fn modules_group_by_the_first_two_segments() {
        let (group, module) = module_path("alibaba.alisports.lianbei.xpos.pay");
        assert_eq!(
            (group.text.as_str(), module.text.as_str()),
            ("alibaba_alisports", "lianbei_xpos_pay")
        );
        let (group, module) = module_path("taobao.itemcats");
        assert_eq!(
            (group.text.as_str(), module.text.as_str()),
            ("taobao_itemcats", "itemcats")
        );
        assert_eq!(feature_name(&group), "taobao-itemcats");
        let (_, module) = module_path("taobao.foo.type");
        assert_eq!(module.source(), "r#type");
    }
}
