//! The types of the generated API tables: what the gateway knows of each API. `apis.rs`
//! (the APIs of `spec/`) is one; `taobao_top_codegen::emit::emit_mock_table` writes more, for
//! APIs that are not in `spec/` (imported pages, say), which
//! [`crate::MockGatewayBuilder::apis`] adds. Written by the generator, not by hand: the
//! fields may change with it.

/// One API as the gateway serves it.
#[derive(Debug)]
pub struct Api {
    pub method: &'static str,
    /// Calls without a valid `session` are refused (code 26 / 27).
    pub needs_session: bool,
    /// Dotted path of the parameter that makes a call idempotent (the payment store reads it).
    pub idempotency_key: Option<&'static str>,
    pub response_root: &'static str,
    /// Business parameters, in wire-name order.
    pub params: &'static [Param],
    /// The documented answer (the spec's derived JSON and the page's XML).
    pub response_json: &'static str,
    pub response_xml: &'static str,
}

/// A business parameter.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub required: bool,
    pub form: Form,
}

impl Param {
    /// One line per parameter in the generated tables (a struct literal takes five).
    pub const fn new(name: &'static str, required: bool, form: Form) -> Param {
        Param {
            name,
            required,
            form,
        }
    }
}

/// How a parameter's value arrives: the client's wire forms, as the IR decides them. Which
/// forms the table uses depends on the specs.
#[derive(Debug)]
pub enum Form {
    /// Decimal text of an integer.
    Integer,
    /// `true` / `false`.
    Bool,
    /// Any text.
    Text,
    /// `yyyy-MM-dd HH:mm:ss`.
    Date,
    /// A multipart file part.
    File,
    /// One JSON value of this shape.
    Json(Shape),
    /// Items of this (scalar) shape, joined with `,`.
    Joined(Shape),
}

/// The shape of a value inside a JSON parameter.
#[derive(Debug)]
pub enum Shape {
    Integer,
    Bool,
    Text,
    /// A JSON string holding `yyyy-MM-dd HH:mm:ss`.
    Date,
    List(&'static Shape),
    Object(&'static [Member]),
}

/// A member of a JSON object parameter.
#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
}

impl Member {
    /// One line per member in the generated tables (a struct literal takes five).
    pub const fn new(name: &'static str, required: bool, shape: Shape) -> Member {
        Member {
            name,
            required,
            shape,
        }
    }
}

/// The API of `spec/` named `method`, if there is one.
#[cfg(test)]
pub(crate) fn find(method: &str) -> Option<&'static Api> {
    find_in(&[crate::apis::APIS], method)
}

/// The API named `method` in the first of `tables` (each sorted by method) that has it.
pub(crate) fn find_in(tables: &[&'static [Api]], method: &str) -> Option<&'static Api> {
    tables.iter().find_map(|apis| {
        apis.binary_search_by(|api| api.method.cmp(method))
            .ok()
            .map(|index| &apis[index])
    })
}
