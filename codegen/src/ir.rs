//! The intermediate representation every emitter reads. Names, wire names, optionality,
//! field order and module placement are decided here (in `crate::lower`), never in `quote!`.

use std::fmt;

use crate::names::RustName;
pub use crate::spec::Constraints;

/// Text from a documentation page (a title, a description, a label). Pages come from the
/// web, so this text is data: it derefs to inert Markdown lines, safe in any doc comment
/// (see `emit::docs::inert`), and displays as the same on one line, for inline use (a title
/// in a sentence, a label in a list item); as tokens it is a string literal of the exact
/// text; [`PageText::raw`] gives the exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageText {
    raw: String,
    doc: String,
    inline: String,
}

impl PageText {
    pub fn new(raw: &str) -> PageText {
        let doc = crate::emit::docs::inert(raw);
        PageText {
            raw: raw.to_owned(),
            inline: doc
                .split('\n')
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            doc,
        }
    }

    /// The text exactly as the page has it.
    pub fn raw(&self) -> &str {
        &self.raw
    }
}

impl fmt::Display for PageText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inline)
    }
}

impl std::ops::Deref for PageText {
    type Target = str;
    /// The inert Markdown form: what a doc comment may hold.
    fn deref(&self) -> &str {
        &self.doc
    }
}

impl quote::ToTokens for PageText {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        proc_macro2::Literal::string(&self.raw).to_tokens(tokens);
    }
}

/// The request field that makes a call idempotent: reached from the request through
/// required fields only, so every request holds a value.
#[derive(Clone, Debug, PartialEq)]
pub struct IdempotencyField {
    /// Field names from the request down (`pay_request`, `request_id`).
    pub path: Vec<RustName>,
    /// A text field (`String`); otherwise a `Number` (`i64`), given as its decimal text.
    pub text: bool,
}

/// One API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The spec file it came from, repo-relative (`spec/alibaba.pos.order.pay.yaml`).
    pub spec_file: String,
    pub method: String,
    pub title: PageText,
    pub description: PageText,
    pub category: Option<PageText>,
    pub needs_session: bool,
    /// Dotted wire path of the idempotency key (`pay_request.request_id`).
    pub idempotency_key: Option<String>,
    /// The request field that key names, for `TopRequest::idempotency_value`.
    pub idempotency_field: Option<IdempotencyField>,
    /// `alibaba_pos` in `apis::alibaba_pos::order_pay`.
    pub group: RustName,
    /// The cargo feature that compiles the group (`alibaba-pos`; `full` compiles them all).
    pub feature: String,
    /// `order_pay` in `apis::alibaba_pos::order_pay`.
    pub module: RustName,
    /// The per-API client method, `alibaba_pos_order_pay`.
    pub client_fn: RustName,
    /// The group's trait of async client methods (`AlibabaPosApis`), in its `mod.rs`.
    pub client_trait: RustName,
    /// The group's trait of blocking client methods (`AlibabaPosBlockingApis`).
    pub blocking_client_trait: RustName,
    /// The top-level request (`AlibabaPosOrderPayRequest`), fields in wire-name byte order.
    pub request: Struct,
    /// Object types used by the request, in order of first use, fields in wire-name byte order
    /// (serialization order is declaration order, and TOP signs JSON with sorted keys).
    pub request_types: Vec<Struct>,
    /// The top-level response (`AlibabaPosOrderPayResponse`), fields in page order, with
    /// `request_id` added when the page does not list it.
    pub response: Struct,
    /// Object types used by the response, in order of first use, fields in page order.
    pub response_types: Vec<Struct>,
    /// The enums of request and response fields, in order of first use.
    pub enums: Vec<EnumDef>,
    /// The root element / key of a successful response.
    pub response_root: String,
    pub examples: Examples,
    /// The page's 错误码解释 table, in page order.
    pub errors: Vec<DocumentedError>,
}

/// One documented error code, with the constant that names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentedError {
    /// The code exactly as documented (`isv.invalid-parameter`); validated to hold only
    /// ASCII letters, digits and `.`, `-`, `_`, `:`.
    pub code: String,
    /// The constant in the API's `errors` module (`ISV_INVALID_PARAMETER`).
    pub constant: String,
    pub description: Option<PageText>,
    pub solution: Option<PageText>,
}

/// The examples shown in the generated docs, verbatim from the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Examples {
    pub request_java: String,
    pub response_xml: String,
    pub error_xml: String,
}

/// A struct to emit: a request or response type.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The Rust (and documented) type name.
    pub name: String,
    /// The description of the field that introduced this type, if any.
    pub description: Option<PageText>,
    pub fields: Vec<Field>,
    /// For request types: the name of the typestate builder.
    pub builder: Option<String>,
    /// For request types: the module holding the builder's states (`pay_request_builder`).
    pub builder_module: Option<String>,
}

impl Struct {
    /// The required fields, in declaration order: one slot of the builder's state each.
    pub fn required_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|field| field.required)
    }
}

/// One field of a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The name on the wire (JSON key, XML element, form parameter).
    pub wire_name: String,
    /// The Rust field name.
    pub name: RustName,
    pub ty: FieldType,
    /// Only request fields can be required; response fields are always optional.
    pub required: bool,
    pub description: Option<PageText>,
    pub example: Option<String>,
    /// The page's example when it is not a value of the type: shown in the docs only.
    pub mismatched_example: Option<String>,
    pub constraints: Constraints,
    /// For response lists: the XML element name of one item.
    pub xml_item: Option<String>,
    /// For optional request fields: the builder method taking an `Option` (`set_x`).
    pub option_setter: Option<String>,
    /// The field that TOP adds to every response but no page lists (`request_id`).
    pub implicit: bool,
}

/// The type of a field, as emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `Number` → `i64`.
    Integer,
    /// `String` → `String`.
    String,
    /// `Boolean` → `bool`.
    Bool,
    /// `Date` → `TopDateTime` in requests, `TopDate` (keeps unparseable text) in responses.
    Date,
    /// `Price` → `String`, sent as is.
    Price,
    /// `Json` → `String` holding JSON text.
    Json,
    /// `byte[]` → `FileItem`: a top-level request parameter sent as a multipart part.
    File,
    /// An object type, by name.
    Object(String),
    /// A documented closed set of values, by enum name; `integer` for `Number` enums.
    Enum { name: String, integer: bool },
    /// A list.
    List(Box<FieldType>),
}

/// A closed set of documented values, with an `Unknown` fallback when emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumDef {
    pub name: String,
    /// `Number` enums are integers on the wire; the others strings.
    pub integer: bool,
    pub values: Vec<EnumValue>,
}

/// One documented value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The exact wire value (`"001"`, `"1"`).
    pub value: String,
    pub variant: String,
    pub label: PageText,
}
