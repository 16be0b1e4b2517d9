//! The intermediate representation every emitter reads. Names, wire names, optionality,
//! field order and module placement are decided here (in `crate::lower`), never in `quote!`.

use std::fmt;

use crate::names::RustName;

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
    /// The call only reads (`TopRequest::READ_ONLY`): safe to repeat without a key.
    pub read_only: bool,
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
    /// The top-level request (`AlibabaPosOrderPayRequest`).
    pub request: RequestStruct,
    /// Object types used by the request, in order of first use.
    pub request_types: Vec<RequestStruct>,
    /// The top-level response (`AlibabaPosOrderPayResponse`), with `request_id` added when
    /// the page does not list it.
    pub response: ResponseStruct,
    /// Object types used by the response, in order of first use.
    pub response_types: Vec<ResponseStruct>,
    /// The response field holding TOP's `request_id` as text, for `TopResponse::request_id`.
    pub request_id_field: Option<RustName>,
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
    /// The JSON derived from `response_xml` (checked to be valid JSON).
    pub response_json: String,
    pub error_xml: String,
}

/// A Rust type name the IR made (`PayRequest`, `AlibabaPosOrderPayResponse`, `ResultStatus`):
/// UpperCamelCase and never a keyword (`lower` checks both), so it is always a plain ident.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeName(String);

impl TypeName {
    pub(crate) fn new(name: impl Into<String>) -> TypeName {
        TypeName(name.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for TypeName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for TypeName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for TypeName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<TypeName> for String {
    fn eq(&self, other: &TypeName) -> bool {
        *self == other.0
    }
}

impl quote::ToTokens for TypeName {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        proc_macro2::Ident::new(&self.0, proc_macro2::Span::call_site()).to_tokens(tokens);
    }
}

/// The documented limits of a request value, checked before sending (`Validate`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Characters of a text value.
    pub max_length: Option<u64>,
    /// Items of a list, or comma-separated items of a text value.
    pub max_list_length: Option<u64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// The value TOP assumes when the parameter is left out (documentation only).
    pub default: Option<String>,
}

/// A request type (the top-level request or an object type inside it), with its builder.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestStruct {
    pub name: TypeName,
    /// The description of the field that introduced this type, if any.
    pub description: Option<PageText>,
    /// In wire-name byte order (serialization order is declaration order, and TOP signs
    /// JSON with sorted keys).
    pub fields: Vec<RequestField>,
    pub builder: BuilderNames,
}

impl RequestStruct {
    /// The required fields, in declaration order: one slot of the builder's state each.
    pub fn required_fields(&self) -> impl Iterator<Item = &RequestField> {
        self.fields.iter().filter(|field| field.required)
    }
}

/// The names of a request type's typestate builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuilderNames {
    /// `PayRequestBuilder`.
    pub builder: TypeName,
    /// The module holding the builder's states (`pay_request_builder`).
    pub states_module: RustName,
}

/// A response type (the top-level response or an object type inside it).
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseStruct {
    pub name: TypeName,
    /// The description of the field that introduced this type, if any.
    pub description: Option<PageText>,
    /// In page order.
    pub fields: Vec<ResponseField>,
}

/// What request and response fields have in common: names, documented type and texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The name on the wire (JSON key, XML element, form parameter).
    pub wire_name: String,
    /// The Rust field name.
    pub name: RustName,
    pub ty: FieldType,
    /// The type as the docs show it (`Number`, `PosItem []`).
    pub documented_type: String,
    /// Only request fields can be required; response fields are always optional.
    pub required: bool,
    pub description: Option<PageText>,
    pub example: Option<String>,
    /// The page's example when it is not a value of the type: shown in the docs only.
    pub mismatched_example: Option<String>,
    pub limits: Limits,
}

/// A field of a request type: how it is held, set, checked and sent.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestField {
    pub field: Field,
    /// The Rust type of its value (without the `Option` of optional fields).
    pub rust_type: RustType,
    /// How the value goes on the wire as a business parameter.
    pub wire: WireForm,
    /// What its builder setter takes.
    pub setter: SetterParam,
    /// For optional fields: the builder method taking an `Option` (`set_x`).
    pub option_setter: Option<RustName>,
    /// What `Validate` checks of it before sending, in order.
    pub checks: Vec<Check>,
    /// The value the generated doc example gives it; `None` leaves it out of the example.
    pub doc_example: Option<ExampleValue>,
}

impl std::ops::Deref for RequestField {
    type Target = Field;
    fn deref(&self) -> &Field {
        &self.field
    }
}

/// A field of a response type: how it is held and decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseField {
    pub field: Field,
    /// The Rust type of its value (without the `Option` every response field has).
    pub rust_type: RustType,
    pub decoder: Decoder,
    /// The field that TOP adds to every response but no page lists (`request_id`).
    pub implicit: bool,
}

impl std::ops::Deref for ResponseField {
    type Target = Field;
    fn deref(&self) -> &Field {
        &self.field
    }
}

/// The type of a field, as documented (enums resolved).
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
    Object(TypeName),
    /// A documented closed set of values, by enum name; `integer` for `Number` enums.
    Enum { name: TypeName, integer: bool },
    /// A list.
    List(Box<FieldType>),
}

/// The Rust type of a value, decided per side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// `i64`.
    Integer,
    /// `String`.
    Text,
    /// `bool`.
    Bool,
    /// `TopDateTime`: a request date, always a valid one.
    DateTime,
    /// `TopDate`: a response date, which keeps text that does not parse.
    LenientDate,
    /// `FileItem`.
    File,
    /// A generated struct or enum.
    Named(TypeName),
    /// `Vec<item>`.
    List(Box<RustType>),
}

/// How a request value is written as a business parameter (the gateway reads the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireForm {
    /// Decimal text of an `i64`.
    Integer,
    /// `true` / `false`.
    Bool,
    /// The text as is (`String`, `Price`, `Json`).
    Text,
    /// `yyyy-MM-dd HH:mm:ss`, GMT+8.
    Date,
    /// A multipart part, not signed.
    File,
    /// Compact JSON (objects and lists of objects).
    Json,
    /// Scalars joined with `,`.
    Joined,
    /// A `Number` enum's integer value.
    EnumInteger,
    /// A `String` enum's text.
    EnumText,
}

/// What a builder setter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetterParam {
    /// `impl Into<T>`: text (`&str` or `String`) and enums (a variant or a raw value).
    Into,
    /// `T` itself.
    Exact,
}

/// One check `Validate` makes of a present value, in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// A required text is not empty.
    RequiredText,
    /// A required `String` enum's text is not empty.
    RequiredEnumText,
    /// At most this many characters.
    MaxLength(u64),
    /// At most this many comma-separated items in a text.
    MaxCommaListLength(u64),
    /// An integer whose decimal text has at most this many characters (`max_length` on a
    /// `Number`: TOP's metadata counts digits).
    MaxDigits(u64),
    /// A file of at most this many bytes (`max_length` on a `byte[]`).
    MaxFileBytes(u64),
    /// Every text item of a list at most this many characters.
    EachMaxLength(u64),
    /// Every integer item of a list at least this.
    EachMin(i64),
    /// Every integer item of a list at most this.
    EachMax(i64),
    /// An integer at least this.
    Min(i64),
    /// An integer at most this.
    Max(i64),
    /// A `Number` enum's value at least this.
    EnumMin(i64),
    /// A `Number` enum's value at most this.
    EnumMax(i64),
    /// A required list is not empty.
    RequiredList,
    /// At most this many items.
    MaxListLength(u64),
    /// The object's own checks, under its wire name.
    Nested,
    /// Each item's own checks, under the list's wire name and the item's index.
    NestedItems,
}

/// A value in a generated doc example, as the page documents it (or a placeholder for a
/// required field the page gives no usable example for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExampleValue {
    /// `12`.
    Integer(i64),
    /// `12i64`: a raw value where an enum converts from `i64`.
    SuffixedInteger(i64),
    Bool(bool),
    /// A string literal.
    Text(String),
    /// `TopDateTime::parse(..)` of a checked date.
    Date(String),
    /// `TopDateTime::now()`.
    Now,
    /// A small placeholder file.
    File,
    /// `Vec::new()`.
    EmptyList,
    /// `Enum::Variant`.
    Variant {
        enum_name: TypeName,
        variant: TypeName,
    },
    /// The nested type's own example builder chain.
    Builder(TypeName),
}

/// How a response value is decoded leniently (`de`: numbers as strings, empty elements as
/// `None`, dates kept when unparseable, lists in their wrapper).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoder {
    Integer,
    Boolean,
    Text,
    Date,
    IntegerEnum,
    TextEnum,
    Object,
    List(ListCodec),
}

/// A response list as TOP sends it: items wrapped in their element inside the field's
/// wrapper (read and written so by the runtime's `object::List`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCodec {
    /// The XML element (and JSON key) of one item (`pos_item`).
    pub item_element: String,
    pub item_type: RustType,
}

/// A closed set of documented values, with an `Unknown` fallback when emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumDef {
    pub name: TypeName,
    /// `Number` enums are integers on the wire; the others strings.
    pub integer: bool,
    pub values: Vec<EnumValue>,
}

/// One documented value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The exact documented text (`"001"`, `"1"`), as the docs show it.
    pub value: String,
    /// The value on the wire, typed.
    pub wire: WireValue,
    pub variant: TypeName,
    pub label: PageText,
}

/// A documented enum value as the wire carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireValue {
    Integer(i64),
    Text(String),
}
