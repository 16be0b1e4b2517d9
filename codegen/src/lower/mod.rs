//! Validates a parsed spec and lowers it into the IR. Every problem is a `SpecError` naming
//! the file and the field path.
//!
//! This module checks the spec and resolves its types, names and enums into side-neutral
//! drafts; `request` and `response` then make every side-specific decision (Rust types,
//! wire forms, checks, setters, doc examples, decoders), so emitters only read the IR.

mod request;
mod response;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::SpecError;
use heck::ToUpperCamelCase;

use crate::ir::{
    Api, EnumDef, EnumValue, Examples, Field, FieldType, IdempotencyField, Limits, PageText,
    RequestStruct, ResponseStruct, TypeName, WireValue,
};
use crate::names::{self, RustName};
use crate::spec::{self, Constraints, EnumSpec, Spec};
use crate::types::TypeRef;
use crate::values;

/// Validates `spec` (loaded from `file`) and lowers it; the first error if it is invalid.
pub fn lower(file: &str, spec: &Spec) -> Result<Api, SpecError> {
    lower_all(file, spec).map_err(|errors| errors.first)
}

/// Every error of one spec, at least one. The checks of the method come first and stop
/// lowering; after them each top-level field is lowered on its own (a broken field is
/// reported and the next one is checked), and with broken fields the checks that do not need
/// them (the root, the examples, the error table) are reported too, so that fixing a spec
/// takes one run rather than one per error.
#[derive(Debug)]
pub struct SpecErrors {
    pub first: SpecError,
    pub more: Vec<SpecError>,
}

impl SpecErrors {
    fn of(mut errors: Vec<SpecError>) -> Option<SpecErrors> {
        if errors.is_empty() {
            return None;
        }
        let first = errors.remove(0);
        Some(SpecErrors {
            first,
            more: errors,
        })
    }

    /// All of them, the first first.
    pub fn into_vec(self) -> Vec<SpecError> {
        let mut all = Vec::with_capacity(1 + self.more.len());
        all.push(self.first);
        all.extend(self.more);
        all
    }
}

impl From<SpecError> for SpecErrors {
    fn from(first: SpecError) -> SpecErrors {
        SpecErrors {
            first,
            more: Vec::new(),
        }
    }
}

/// [`lower`], reporting every error it finds ([`SpecErrors`]).
pub fn lower_all(file: &str, spec: &Spec) -> Result<Api, SpecErrors> {
    let err = |path: &str, message: String| SpecError::new(file, path, message);

    check_method(file, &spec.method)?;
    let stem = names::method_type_stem(&spec.method);
    let (group, module) = names::module_path(&spec.method);
    let client_fn = names::client_fn_name(&spec.method);
    let feature = names::feature_name(&group);
    let (client_trait, blocking_client_trait) = names::client_traits(&group);
    crate::manifest::check_feature_name(&feature)
        .map_err(|message| SpecError::new(file, "method", message))?;
    for (what, name) in [
        ("module name", group.source()),
        ("module name", module.source()),
        ("method name", client_fn.source()),
        ("trait name", client_trait.source()),
        ("type name", format!("{stem}Request")),
        ("builder name", format!("{stem}RequestBuilder")),
        ("type name", format!("{stem}Response")),
    ] {
        check_ident(file, "method", what, &name)?;
    }

    let mut enums: Vec<EnumDef> = Vec::new();
    let own_structs = [
        format!("{stem}Request"),
        format!("{stem}RequestBuilder"),
        format!("{stem}Response"),
    ];
    let mut request_types = TypeTable::avoiding(own_structs.clone());
    let mut field_errors = Vec::new();
    let mut request_fields = Vec::with_capacity(spec.request.len());
    for (index, field) in spec.request.iter().enumerate() {
        let path = format!("request[{index}]");
        match lower_field(
            file,
            &path,
            Side::Request,
            field,
            &mut request_types,
            &mut enums,
        ) {
            Ok(field) => request_fields.push(field),
            Err(error) => field_errors.push(error),
        }
    }
    if field_errors.is_empty() {
        check_unique_fields(file, "request", &request_fields)?;
    }
    let request = DraftStruct {
        name: TypeName::new(format!("{stem}Request")),
        description: None,
        fields: request_fields,
    };

    let expected_root = names::expected_response_root(&spec.method);
    if spec.response.root != expected_root {
        field_errors.push(err(
            "response.root",
            format!(
                "`{}` does not match method `{}`: expected `{expected_root}`",
                spec.response.root, spec.method
            ),
        ));
    }
    let mut response_types =
        TypeTable::avoiding(own_structs.into_iter().chain(request_types.claimed_names()));
    let mut response_fields = Vec::with_capacity(spec.response.fields.len() + 1);
    for (index, field) in spec.response.fields.iter().enumerate() {
        let path = format!("response.fields[{index}]");
        match lower_field(
            file,
            &path,
            Side::Response,
            field,
            &mut response_types,
            &mut enums,
        ) {
            Ok(field) => response_fields.push(field),
            Err(error) => field_errors.push(error),
        }
    }
    if !field_errors.is_empty() {
        // The rest needs every field; what does not is reported beside the broken ones, in
        // the order of the file.
        field_errors.extend(check_examples(file, spec).err());
        field_errors.extend(crate::error_table::lower(file, &spec.errors).err());
    }
    if let Some(errors) = SpecErrors::of(field_errors) {
        return Err(errors);
    }
    check_unique_fields(file, "response.fields", &response_fields)?;
    if let Some(field) = response_fields
        .iter()
        .find(|f| f.field.name.text == "unknown_fields")
    {
        return Err(SpecErrors::from(err(
            "response.fields",
            format!(
                "field `{}` clashes with the generated `unknown_fields`",
                field.field.wire_name
            ),
        )));
    }
    let listed_request_id = response_fields
        .iter()
        .any(|f| f.field.wire_name == "request_id");
    let response = DraftStruct {
        name: TypeName::new(format!("{stem}Response")),
        description: None,
        fields: response_fields,
    };

    let mut request_types: Vec<RequestStruct> = request_types
        .into_structs()
        .into_iter()
        .map(|ty| request::request_struct(ty, &enums))
        .collect();
    let mut request = request::request_struct(request, &enums);
    let response_types = response_types
        .into_structs()
        .into_iter()
        .map(|ty| response::response_struct(file, ty))
        .collect::<Result<Vec<ResponseStruct>, SpecError>>()?;
    let mut response = response::response_struct(file, response)?;
    if !listed_request_id {
        // A page field of another wire name may take the Rust name `request_id` (Aliyun's
        // `RequestId`): TOP's own id is then the field `top_request_id`; `request_id()`
        // returns it either way.
        let taken = |name: &str| response.fields.iter().any(|f| f.name.text == name);
        let name = if taken("request_id") {
            "top_request_id"
        } else {
            "request_id"
        };
        if taken(name) {
            return Err(SpecErrors::from(err(
                "response.fields",
                "fields `request_id` and `top_request_id` leave no name for TOP's own request id"
                    .to_owned(),
            )));
        }
        response.fields.push(response::implicit_request_id(name));
    }
    distinct_snake_names(&mut request, &mut request_types);
    let request_id_field = response::request_id_field(&response);
    check_type_names(
        file,
        &request,
        &request_types,
        &response,
        &response_types,
        &enums,
    )?;

    let mut idempotency_field = None;
    if let Some(key) = &spec.idempotency_key {
        idempotency_field = Some(idempotency_field_of(file, key, &request, &request_types)?);
    }
    check_examples(file, spec)?;
    let errors = crate::error_table::lower(file, &spec.errors)?;

    Ok(Api {
        spec_file: file.to_owned(),
        method: spec.method.clone(),
        title: PageText::new(&spec.title),
        description: PageText::new(&spec.description),
        category: spec.category.as_deref().map(PageText::new),
        needs_session: spec.needs_session,
        idempotency_key: spec.idempotency_key.clone(),
        idempotency_field,
        read_only: spec.read_only,
        group,
        feature,
        module,
        client_fn,
        client_trait,
        blocking_client_trait,
        request,
        request_types,
        response,
        response_types,
        request_id_field,
        enums,
        response_root: spec.response.root.clone(),
        examples: Examples {
            request_java: spec.examples.request_java.clone(),
            response_xml: spec.examples.response_xml.clone(),
            response_json: spec.examples.response_json.text.clone(),
            error_xml: spec.examples.error_xml.clone(),
        },
        errors,
    })
}

/// A field checked and resolved, before its side's decisions.
#[derive(Clone, Debug, PartialEq)]
struct DraftField {
    field: Field,
    /// For response lists: the XML element of one item (given or derived).
    xml_item: Option<String>,
}

/// A struct of draft fields: a request or response type before its side's decisions.
#[derive(Clone, Debug, PartialEq)]
struct DraftStruct {
    name: TypeName,
    description: Option<PageText>,
    fields: Vec<DraftField>,
}

/// Object types seen so far on one side (request or response), by name, in order of first use.
#[derive(Default)]
struct TypeTable {
    order: Vec<TypeName>,
    by_name: BTreeMap<TypeName, (String, DraftStruct)>,
    /// Names this side may not use: the API's own structs and, for the response side, every
    /// request type and builder (one module holds both sides).
    taken: BTreeSet<String>,
}

impl TypeTable {
    /// A table that leaves `taken` alone.
    fn avoiding(taken: impl IntoIterator<Item = String>) -> TypeTable {
        TypeTable {
            taken: taken.into_iter().collect(),
            ..TypeTable::default()
        }
    }

    /// The names of the types recorded, with their builders' (`XBuilder`).
    fn claimed_names(&self) -> impl Iterator<Item = String> + '_ {
        self.order
            .iter()
            .flat_map(|name| [name.to_string(), format!("{name}Builder")])
    }

    /// Records `ty`, first seen at `path`, and returns the name it is generated under.
    ///
    /// Real pages reuse a name for different shapes within one API (`Result` at two depths,
    /// `Item` in two objects) and for a request type and a response type. The same shape
    /// again is the same type. Another shape under a name already used takes the first free
    /// `{name}2`, `{name}3`, ... in page order, and its docs say what the page calls it.
    fn insert(&mut self, path: &str, mut ty: DraftStruct) -> TypeName {
        let page_name = ty.name.clone();
        for number in 1.. {
            let candidate = if number == 1 {
                page_name.clone()
            } else {
                TypeName::new(format!("{page_name}{number}"))
            };
            match self.by_name.get(&candidate) {
                Some((_, existing)) if same_shape(&existing.fields, &ty.fields) => {
                    return candidate;
                }
                Some(_) => continue,
                None if self.taken.contains(candidate.as_str()) => continue,
                None => {}
            }
            if number > 1 {
                let note = format!(
                    "The page calls this type `{page_name}`, a name this API also gives \
                     another type: generated as `{candidate}`."
                );
                let description = match &ty.description {
                    Some(text) => format!("{}\n\n{note}", text.raw()),
                    None => note,
                };
                ty.description = Some(PageText::new(&description));
                ty.name = candidate.clone();
            }
            self.order.push(candidate.clone());
            self.by_name
                .insert(candidate.clone(), (path.to_owned(), ty));
            return candidate;
        }
        unreachable!("some number is free")
    }

    fn into_structs(mut self) -> Vec<DraftStruct> {
        self.order
            .iter()
            .filter_map(|name| self.by_name.remove(name).map(|(_, ty)| ty))
            .collect()
    }
}

/// TOP's method names are dotted segments, mostly lowercase (`alibaba.pos.order.pay`);
/// real ones also carry camelCase (`taobao.miniapp.userInfo.get`), hyphens
/// (`m-kvstore.aliyuncs.com...`) and a version (`...CreateApp.2013-07-01`). Rust names are
/// made from them in snake and camel case (`names`), so the first segment must start with a
/// lowercase letter (it names the group) and every segment with a letter or a digit;
/// two methods that differ only in case are caught as a clash of their modules.
/// Names derived from a type name in snake case (a builder's states module) meet where a
/// page's type names differ only in case (`TimeNodeDO` and `TimeNodeDo`, three real
/// catalogue APIs): the later one, in the module's order, takes the next free number
/// (`time_node_do_builder2`). Elsewhere nothing changes.
fn distinct_snake_names(request: &mut RequestStruct, request_types: &mut [RequestStruct]) {
    let mut modules = BTreeSet::new();
    for ty in std::iter::once(request).chain(request_types.iter_mut()) {
        make_free(&mut modules, &mut ty.builder.states_module);
    }
}

/// Renames `name` to `name2`, `name3`... if `taken` holds it already; then takes it.
fn make_free(taken: &mut BTreeSet<String>, name: &mut RustName) {
    let mut free = name.text.clone();
    let mut number = 2;
    while taken.contains(&free) {
        free = format!("{}{number}", name.text);
        number += 1;
    }
    if free != name.text {
        *name = RustName::new(free.clone());
    }
    taken.insert(free);
}

fn check_method(file: &str, method: &str) -> Result<(), SpecError> {
    let valid_segment = |s: &str, first: bool| {
        let start = s.chars().next();
        let starts = if first {
            start.is_some_and(|c| c.is_ascii_lowercase())
        } else {
            start.is_some_and(|c| c.is_ascii_alphanumeric())
        };
        starts
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let segments: Vec<&str> = method.split('.').collect();
    let valid = segments.len() >= 2
        && segments
            .iter()
            .enumerate()
            .all(|(index, s)| valid_segment(s, index == 0));
    if !valid {
        return Err(SpecError::new(
            file,
            "method",
            format!(
                "invalid method name `{method}`: expected dotted segments of letters, digits, `_` \
                 and `-`, the first starting with a lowercase letter, like `alibaba.pos.order.pay`"
            ),
        ));
    }
    let file_name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let expected = format!("{method}.yaml");
    if file_name != expected {
        return Err(SpecError::new(
            file,
            "method",
            format!("method `{method}` does not match the file name: expected `{expected}`"),
        ));
    }
    Ok(())
}

/// Parses a documented type and checks that `fields` is given exactly for object types.
fn field_type(
    file: &str,
    path: &str,
    ty: &str,
    has_fields: bool,
) -> Result<(TypeRef, FieldType), SpecError> {
    let parsed = TypeRef::parse(ty).ok_or_else(|| {
        SpecError::new(
            file,
            format!("{path}.type"),
            format!(
                "unknown type `{ty}`: expected Number, String, Boolean, Date, Price, Json, byte[], \
                 an UpperCamelCase object type, or a list `<type> []`"
            ),
        )
    })?;
    let lowered = lower_type(&parsed).ok_or_else(|| {
        let problem = match parsed {
            TypeRef::File => "byte[] (file upload) parameters are not supported yet".to_owned(),
            _ => format!(
                "type `{ty}` is not supported: lists of lists and lists of files have no wire form"
            ),
        };
        SpecError::new(file, format!("{path}.type"), problem)
    })?;
    match (parsed.object_name(), has_fields) {
        (Some(name), false) => Err(SpecError::new(
            file,
            format!("{path}.type"),
            format!(
                "`{name}` is not Number, String, Boolean, Date, Price, Json or byte[], \
                 and as an object type it needs `fields`"
            ),
        )),
        (None, true) => Err(SpecError::new(
            file,
            format!("{path}.fields"),
            format!("type `{ty}` is not an object type and cannot have fields"),
        )),
        _ => Ok((parsed, lowered)),
    }
}

fn lower_type(ty: &TypeRef) -> Option<FieldType> {
    Some(match ty {
        TypeRef::Number => FieldType::Integer,
        TypeRef::String => FieldType::String,
        TypeRef::Boolean => FieldType::Bool,
        TypeRef::Date => FieldType::Date,
        TypeRef::Price => FieldType::Price,
        TypeRef::Json => FieldType::Json,
        TypeRef::File => FieldType::File,
        TypeRef::Object(name) => FieldType::Object(TypeName::new(name.clone())),
        TypeRef::List(item) if item.is_list() || **item == TypeRef::File => return None,
        TypeRef::List(item) => FieldType::List(Box::new(lower_type(item)?)),
    })
}

/// A wire name as real pages write them: letters, digits, `_`, and inside the name also `.`
/// and `-` (`reentry.employee.account`, `_t`). The Rust name is its snake case
/// (`reentry_employee_account`, `t`), checked to be an identifier where it is made; the
/// wire name is kept as sent.
fn check_field_name(file: &str, path: &str, name: &str) -> Result<(), SpecError> {
    let inner = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let valid = name.chars().any(|c| c.is_ascii_alphabetic())
        && name.chars().all(inner)
        && !name.starts_with(['.', '-'])
        && !name.ends_with(['.', '-']);
    if valid {
        Ok(())
    } else {
        Err(SpecError::new(
            file,
            format!("{path}.name"),
            format!(
                "invalid field name `{name}`: expected letters, digits and `_` (`.` and `-` \
                 inside), with at least one letter"
            ),
        ))
    }
}

/// Which side of a call a field is on: the two differ in what a spec may say of a field
/// (only requests have `required` and `constraints`, only responses `xml_item`) and in what
/// is generated for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

fn lower_field(
    file: &str,
    path: &str,
    side: Side,
    field: &spec::Field,
    types: &mut TypeTable,
    enums: &mut Vec<EnumDef>,
) -> Result<DraftField, SpecError> {
    check_field_name(file, path, &field.name)?;
    let (parsed, ty) = field_type(file, path, &field.ty, field.fields.is_some())?;
    check_side_keys(file, path, side, field, &parsed)?;
    if side == Side::Request && ty == FieldType::File && path.contains(".fields[") {
        return Err(SpecError::new(
            file,
            format!("{path}.type"),
            "byte[] (a file) can only be a top-level request parameter: files are multipart parts, not JSON".to_owned(),
        ));
    }
    if side == Side::Response && ty == FieldType::File {
        return Err(SpecError::new(
            file,
            format!("{path}.type"),
            "byte[] (a file) is a request parameter: a response cannot carry one".to_owned(),
        ));
    }
    let constraints = field.constraints.clone().unwrap_or_default();
    check_constraints(file, path, &ty, &constraints)?;
    let mut ty = apply_enum(
        file,
        path,
        &field.name,
        ty,
        field.enumeration.as_ref(),
        enums,
    )?;
    check_field_examples(file, path, field)?;
    if let (Some(name), Some(children)) = (parsed.object_name(), &field.fields) {
        check_ident(file, &format!("{path}.type"), "type name", name)?;
        if side == Side::Request {
            check_ident(
                file,
                &format!("{path}.type"),
                "builder name",
                &format!("{name}Builder"),
            )?;
        }
        let mut fields = Vec::with_capacity(children.len());
        for (index, child) in children.iter().enumerate() {
            let child_path = format!("{path}.fields[{index}]");
            fields.push(lower_field(file, &child_path, side, child, types, enums)?);
        }
        check_unique_fields(file, &format!("{path}.fields"), &fields)?;
        let draft = DraftStruct {
            name: TypeName::new(name),
            description: field.description.as_deref().map(PageText::new),
            fields,
        };
        let generated = types.insert(path, draft);
        if generated.as_str() != name {
            ty = renamed(ty, generated);
        }
    }
    let xml_item = match (&ty, side) {
        (FieldType::List(_), Side::Response) => {
            field.xml_item.clone().or_else(|| parsed.xml_item_element())
        }
        _ => None,
    };
    let name = names::field_name(&field.name);
    check_ident(file, &format!("{path}.name"), "field name", &name.source())?;
    let spec::Constraints {
        max_length,
        max_list_length,
        min,
        max,
        default,
    } = constraints;
    Ok(DraftField {
        field: Field {
            wire_name: field.name.clone(),
            name,
            documented_type: documented_type(&ty),
            ty,
            required: field.is_required(),
            description: field.description.as_deref().map(PageText::new),
            example: field.example.clone(),
            mismatched_example: field.mismatched_example.clone(),
            limits: Limits {
                max_length,
                max_list_length,
                min,
                max,
                default,
            },
        },
        xml_item,
    })
}

/// Whether two definitions are one type: the same fields in the same order, each with the
/// same wire name, type, requiredness, limits and XML item name. Docs and examples may
/// differ (the first definition's are kept).
fn same_shape(a: &[DraftField], b: &[DraftField]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            a.field.wire_name == b.field.wire_name
                && a.field.ty == b.field.ty
                && a.field.required == b.field.required
                && a.field.limits == b.field.limits
                && a.xml_item == b.xml_item
        })
}

/// An object type (or a list of it) under the name it is generated as.
fn renamed(ty: FieldType, name: TypeName) -> FieldType {
    match ty {
        FieldType::Object(_) => FieldType::Object(name),
        FieldType::List(item) => FieldType::List(Box::new(renamed(*item, name))),
        other => other,
    }
}

/// The type as the docs show it: an enum as the type it holds.
fn documented_type(ty: &FieldType) -> String {
    match ty {
        FieldType::Integer | FieldType::Enum { integer: true, .. } => "Number".to_owned(),
        FieldType::String | FieldType::Enum { integer: false, .. } => "String".to_owned(),
        FieldType::Bool => "Boolean".to_owned(),
        FieldType::Date => "Date".to_owned(),
        FieldType::Price => "Price".to_owned(),
        FieldType::Json => "Json".to_owned(),
        FieldType::File => "byte[]".to_owned(),
        FieldType::Object(name) => name.to_string(),
        FieldType::List(item) => format!("{} []", documented_type(item)),
    }
}

/// The keys only one side may have: a request field says whether it is `required` and may
/// have `constraints`; a response field is always optional and may name its `xml_item`.
fn check_side_keys(
    file: &str,
    path: &str,
    side: Side,
    field: &spec::Field,
    parsed: &TypeRef,
) -> Result<(), SpecError> {
    let at = |key: &str, message: &str| {
        Err(SpecError::new(
            file,
            format!("{path}.{key}"),
            message.to_owned(),
        ))
    };
    match side {
        Side::Request => {
            if field.required.is_none() {
                return at(
                    "required",
                    "a request field needs `required: true` or `required: false`",
                );
            }
            if field.xml_item.is_some() {
                return at(
                    "xml_item",
                    "`xml_item` is for response lists: a request list is sent as JSON or comma-joined text",
                );
            }
        }
        Side::Response => {
            if field.required.is_some() {
                return at(
                    "required",
                    "response fields are always optional (TOP leaves out empty fields): remove `required`",
                );
            }
            if field.constraints.is_some() {
                return at(
                    "constraints",
                    "`constraints` are checked on requests before sending: a response field has none",
                );
            }
            if field.xml_item.is_some() && !parsed.is_list() {
                return Err(SpecError::new(
                    file,
                    format!("{path}.xml_item"),
                    format!(
                        "`xml_item` is only for list fields, and `{}` is not a list",
                        field.ty
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// `list_path` is the path of the list holding `fields` (`request`, `request[1].fields`).
fn check_unique_fields(
    file: &str,
    list_path: &str,
    fields: &[DraftField],
) -> Result<(), SpecError> {
    let mut wire = BTreeSet::new();
    let mut rust = BTreeMap::new();
    for (index, DraftField { field, .. }) in fields.iter().enumerate() {
        let path = format!("{list_path}[{index}].name");
        if !wire.insert(field.wire_name.as_str()) {
            return Err(SpecError::new(
                file,
                path,
                format!("duplicate field `{}`", field.wire_name),
            ));
        }
        if let Some(other) = rust.insert(field.name.text.as_str(), field.wire_name.as_str()) {
            return Err(SpecError::new(
                file,
                path,
                format!(
                    "fields `{other}` and `{}` both become `{}` in Rust",
                    field.wire_name,
                    field.name.source()
                ),
            ));
        }
    }
    Ok(())
}

fn check_constraints(
    file: &str,
    path: &str,
    ty: &FieldType,
    constraints: &Constraints,
) -> Result<(), SpecError> {
    let path = format!("{path}.constraints");
    let is_text =
        |ty: &FieldType| matches!(ty, FieldType::String | FieldType::Price | FieldType::Json);
    let textual = is_text(ty);
    // What the real metadata carries, and what it means (checked by `request::checks`): on a
    // Number, `max_length` counts the characters of its decimal text (TOP's digits); on a
    // file, its bytes; on a list of texts, each item's length; `min`/`max` on a list of
    // Numbers bound each item.
    let length_applies = textual
        || matches!(ty, FieldType::Integer | FieldType::File)
        || matches!(ty, FieldType::List(item) if is_text(item));
    let bounds_apply = matches!(ty, FieldType::Integer)
        || matches!(ty, FieldType::List(item) if **item == FieldType::Integer);
    let problem = if constraints.max_length.is_some() && !length_applies {
        Some(
            "`max_length` applies to String, Price, Json, Number (digits) and byte[] (bytes) \
             fields and to lists of texts (each item)",
        )
    } else if constraints.max_list_length.is_some()
        && !(textual || matches!(ty, FieldType::List(_)))
    {
        Some("`max_list_length` applies to lists and comma-separated String fields")
    } else if (constraints.min.is_some() || constraints.max.is_some()) && !bounds_apply {
        Some("`min` and `max` apply to Number fields and to lists of Numbers (each item)")
    } else if let (Some(min), Some(max)) = (constraints.min, constraints.max)
        && min > max
    {
        Some("`min` is greater than `max`")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(SpecError::new(file, path, problem.to_owned())),
        None => Ok(()),
    }
}

/// Type names are global within an API module: request types, response types and the
/// generated request, response and builders must all have different names.
fn check_type_names(
    file: &str,
    request: &RequestStruct,
    request_types: &[RequestStruct],
    response: &ResponseStruct,
    response_types: &[ResponseStruct],
    enums: &[EnumDef],
) -> Result<(), SpecError> {
    let mut claims: Vec<(&str, String)> = Vec::new();
    for ty in std::iter::once(request).chain(request_types) {
        claims.push((&ty.name, format!("the request type `{}`", ty.name)));
        claims.push((&ty.builder.builder, format!("the builder of `{}`", ty.name)));
    }
    for ty in std::iter::once(response).chain(response_types) {
        claims.push((&ty.name, format!("the response type `{}`", ty.name)));
    }
    for def in enums {
        claims.push((&def.name, format!("the enum `{}`", def.name)));
    }
    let mut owners: BTreeMap<&str, String> = BTreeMap::new();
    for (name, owner) in claims {
        if let Some(first) = owners.get(name) {
            return Err(SpecError::new(
                file,
                "",
                format!("type name `{name}` is taken twice: by {first} and by {owner}"),
            ));
        }
        owners.insert(name, owner);
    }
    Ok(())
}

/// Turns a `Number` or `String` field with an `enum` into an enum-typed field, recording
/// the enum (the same name twice must mean the same values).
fn apply_enum(
    file: &str,
    path: &str,
    field_name: &str,
    ty: FieldType,
    spec: Option<&EnumSpec>,
    enums: &mut Vec<EnumDef>,
) -> Result<FieldType, SpecError> {
    let Some(spec) = spec else {
        return Ok(ty);
    };
    let at = |sub: &str| format!("{path}.enum{sub}");
    let integer = match ty {
        FieldType::Integer => true,
        FieldType::String => false,
        _ => {
            return Err(SpecError::new(
                file,
                at(""),
                "enums apply to Number and String fields".to_owned(),
            ));
        }
    };
    let name = spec
        .name
        .clone()
        .unwrap_or_else(|| field_name.to_upper_camel_case());
    if !is_camel_name(&name) {
        return Err(SpecError::new(
            file,
            at(".name"),
            format!("invalid enum name `{name}`: expected UpperCamelCase letters and digits"),
        ));
    }
    check_ident(file, &at(".name"), "enum name", &name)?;
    if spec.values.is_empty() {
        return Err(SpecError::new(
            file,
            at(".values"),
            "an enum needs values".to_owned(),
        ));
    }
    let mut values: Vec<EnumValue> = Vec::with_capacity(spec.values.len());
    for (index, value) in spec.values.iter().enumerate() {
        let value_path = at(&format!(".values[{index}]"));
        if integer && value.value.parse::<i64>().is_err() {
            return Err(SpecError::new(
                file,
                format!("{value_path}.value"),
                format!("`{}` is not a Number", value.value),
            ));
        }
        let variant = value
            .variant
            .clone()
            .unwrap_or_else(|| derived_variant(&value.value));
        if !is_camel_name(&variant) || variant == "Unknown" {
            return Err(SpecError::new(
                file,
                format!("{value_path}.variant"),
                format!("invalid variant `{variant}`: expected UpperCamelCase, not `Unknown`"),
            ));
        }
        check_ident(
            file,
            &format!("{value_path}.variant"),
            "variant name",
            &variant,
        )?;
        if let Some(other) = values
            .iter()
            .find(|v| v.value == value.value || v.variant.as_str() == variant)
        {
            return Err(SpecError::new(
                file,
                value_path,
                format!(
                    "value `{}` ({variant}) collides with value `{}` ({})",
                    value.value, other.value, other.variant
                ),
            ));
        }
        let wire = match value.value.parse::<i64>() {
            Ok(number) if integer => WireValue::Integer(number),
            _ => WireValue::Text(value.value.clone()),
        };
        values.push(EnumValue {
            value: value.value.clone(),
            wire,
            variant: TypeName::new(variant),
            label: PageText::new(&value.label),
        });
    }
    let name = TypeName::new(name);
    let def = EnumDef {
        name: name.clone(),
        integer,
        values,
    };
    match enums.iter().find(|existing| existing.name == name) {
        Some(existing) if *existing != def => {
            return Err(SpecError::new(
                file,
                at(""),
                format!("enum `{name}` is defined again with other values"),
            ));
        }
        Some(_) => {}
        None => enums.push(def),
    }
    Ok(FieldType::Enum { name, integer })
}

/// `V1` for `1`, `V001` for `001`, `Minus1` for `-1`, `WrongItem` for `wrong_item`, `Wait`
/// for `WAIT`, `V1_5` for `1.5`: a variant name when the spec gives none, in the
/// UpperCamelCase rustc and clippy expect (no `_` beside a letter, no all-capitals word), so
/// generated code stays warning-free whatever the documented values look like.
fn derived_variant(value: &str) -> String {
    use heck::ToUpperCamelCase;
    if let Some(digits) = value.strip_prefix('-')
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        return format!("Minus{digits}");
    }
    if value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        let camel = value.to_ascii_lowercase().to_upper_camel_case();
        if !camel.is_empty() && camel != "Unknown" {
            return camel;
        }
    }
    // Anything else: `V` and the value's words, digit runs kept apart.
    let mut out = String::from("V");
    if value.trim_start().starts_with('-') {
        out.push_str("Neg");
    }
    for segment in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|segment| !segment.is_empty())
    {
        // Two digit runs stay apart (`1.5` is not `15`); a letter starts a new word anyway.
        if out.ends_with(|c: char| c.is_ascii_digit())
            && segment.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        let all_capitals = !segment.chars().any(|c| c.is_ascii_lowercase());
        for (index, c) in segment.chars().enumerate() {
            if index == 0 {
                out.push(c.to_ascii_uppercase());
            } else if all_capitals {
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// A field's `example` must be a value of its type (it is shown in the docs, and the request
/// examples are compiled and run as doctests); its `mismatched_example` must not be one (else
/// it belongs in `example`), and a field has one or the other.
fn check_field_examples(file: &str, path: &str, field: &spec::Field) -> Result<(), SpecError> {
    let Some(ty) = TypeRef::parse(&field.ty) else {
        return Ok(());
    };
    let enumeration = field.enumeration.as_ref();
    if let Some(example) = &field.example
        && let Some(problem) = values::problem(&ty, enumeration, example)
    {
        return Err(SpecError::new(
            file,
            format!("{path}.example"),
            problem.to_string(),
        ));
    }
    let Some(text) = &field.mismatched_example else {
        return Ok(());
    };
    let key = format!("{path}.mismatched_example");
    if field.example.is_some() {
        return Err(SpecError::new(
            file,
            key,
            "a field has `example` or `mismatched_example`, not both".to_owned(),
        ));
    }
    match values::problem(&ty, enumeration, text) {
        Some(_) => Ok(()),
        None => Err(SpecError::new(
            file,
            key,
            format!("`{text}` is a value of the type: write it as `example`"),
        )),
    }
}

/// Every name that becomes an identifier must parse as one: syn knows the keywords of every
/// edition (`Self` looks like any UpperCamelCase name but is one), no list here has to.
fn check_ident(file: &str, path: &str, what: &str, name: &str) -> Result<(), SpecError> {
    match syn::parse_str::<syn::Ident>(name) {
        Ok(_) => Ok(()),
        Err(_) => Err(SpecError::new(
            file,
            path,
            format!("`{name}` cannot be a Rust {what}: it is a keyword or not an identifier"),
        )),
    }
}

/// A name rustc's `non_camel_case_types` accepts: a type name with no `_` beside a letter
/// (`V1_5` is one, `WAIT_PAY` is not). Enum and variant names are ours to choose, unlike the
/// documented object type names, so they must be clean.
fn is_camel_name(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    is_type_name(name)
        && !chars.windows(2).any(|pair| {
            (pair[0] == '_' && pair[1].is_ascii_alphabetic())
                || (pair[1] == '_' && pair[0].is_ascii_alphabetic())
                || pair == ['_', '_']
        })
        && !name.ends_with('_')
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The field the idempotency key names, as a path of Rust field names: it must lead through
/// required objects to a required String or Number field (so every request has a value).
fn idempotency_field_of(
    file: &str,
    key: &str,
    request: &RequestStruct,
    types: &[RequestStruct],
) -> Result<IdempotencyField, SpecError> {
    let fail = |problem: String| SpecError::new(file, "idempotency_key", problem);
    let mut current = request;
    let mut path = Vec::new();
    let mut segments = key.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = current
            .fields
            .iter()
            .find(|field| field.wire_name == segment)
            .ok_or_else(|| {
                fail(format!(
                    "`{key}` names no request field (`{segment}` is unknown)"
                ))
            })?;
        if !field.required {
            return Err(fail(format!("`{key}` must be a required field")));
        }
        path.push(field.name.clone());
        match (&field.ty, segments.peek()) {
            (FieldType::String, None) => return Ok(IdempotencyField { path, text: true }),
            (FieldType::Integer, None) => return Ok(IdempotencyField { path, text: false }),
            (FieldType::Object(name), Some(_)) => {
                current = types
                    .iter()
                    .find(|ty| &ty.name == name)
                    .ok_or_else(|| fail(format!("type `{name}` is not defined")))?;
            }
            _ => {
                return Err(fail(format!(
                    "`{key}` must lead through objects to a String or Number field"
                )));
            }
        }
    }
    Err(fail("empty idempotency key".to_owned()))
}

fn check_examples(file: &str, spec: &Spec) -> Result<(), SpecError> {
    let derived = [
        (
            "examples.response_json",
            &spec.examples.response_json,
            "response_xml",
        ),
        (
            "examples.error_json",
            &spec.examples.error_json,
            "error_xml",
        ),
    ];
    for (path, example, source) in derived {
        if example.derived_from != source {
            return Err(SpecError::new(
                file,
                format!("{path}.derived_from"),
                format!("expected `{source}`, found `{}`", example.derived_from),
            ));
        }
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&example.text) {
            return Err(SpecError::new(
                file,
                format!("{path}.text"),
                format!("invalid JSON: {error}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::ir::{
        Check, Decoder, ExampleValue, RequestField, ResponseField, RustType, SetterParam, WireForm,
    };

    #[test]
    fn method_names_take_the_real_catalogue_shapes() {
        for method in [
            "alibaba.pos.order.pay",
            "taobao.miniapp.userInfo.get",
            "account.aliyuncs.com.CreateAliyunAccount.2013-07-01",
            "m-kvstore.aliyuncs.com.DescribeRegions.2015-03-01",
        ] {
            let file = format!("spec/{method}.yaml");
            assert!(super::check_method(&file, method).is_ok(), "{method}");
        }
        for method in [
            "Test.bad",
            "alibaba",
            "alibaba..pay",
            "alibaba.pos.-pay",
            "alibaba.pos.pay!",
        ] {
            let file = format!("spec/{method}.yaml");
            assert!(super::check_method(&file, method).is_err(), "{method}");
        }
    }

    /// One request field of each wire form and one response field of each decoder.
    const SPEC: &str = r#"
method: test.ir.decisions
title: 测试
description: Every wire form.
needs_session: false
request:
  - name: count
    type: Number
    required: false
    example: "3"
    description: 数量
    constraints:
      min: 1
      max: 9
  - name: name
    type: String
    required: true
    description: 名称
    constraints:
      max_length: 8
  - name: paid
    type: Boolean
    required: false
  - name: at
    type: Date
    required: true
  - name: image
    type: byte[]
    required: false
  - name: tags
    type: String []
    required: true
  - name: kind
    type: Number
    required: false
    example: "2"
    enum:
      values:
        - value: "1"
          label: 一
        - value: "2"
          label: 二
  - name: items
    type: Item []
    required: false
    fields:
      - name: sku
        type: String
        required: true
response:
  root: test_ir_decisions_response
  fields:
    - name: at
      type: Date
    - name: lines
      type: Line []
      fields:
        - name: qty
          type: Number
examples:
  request_java: "req.setName(\"a\");"
  response_xml: "<test_ir_decisions_response></test_ir_decisions_response>"
  response_json:
    derived_from: response_xml
    text: '{"test_ir_decisions_response": {}}'
  error_xml: "<error_response><code>50</code></error_response>"
  error_json:
    derived_from: error_xml
    text: '{"error_response": {"code": 50}}'
"#;

    fn request_field<'a>(api: &'a crate::ir::Api, wire: &str) -> &'a RequestField {
        api.request
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("no request field {wire}"))
    }

    fn response_field<'a>(api: &'a crate::ir::Api, wire: &str) -> &'a ResponseField {
        api.response
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("no response field {wire}"))
    }

    #[test]
    fn lower_decides_wire_forms_checks_setters_examples_and_decoders() {
        let api = crate::load("test.ir.decisions.yaml", SPEC).expect("loads");
        let wire = |name| request_field(&api, name).wire;
        assert_eq!(wire("count"), WireForm::Integer);
        assert_eq!(wire("name"), WireForm::Text);
        assert_eq!(wire("paid"), WireForm::Bool);
        assert_eq!(wire("at"), WireForm::Date);
        assert_eq!(wire("image"), WireForm::File);
        assert_eq!(wire("tags"), WireForm::Joined);
        assert_eq!(wire("kind"), WireForm::EnumInteger);
        assert_eq!(wire("items"), WireForm::Json);

        assert_eq!(
            request_field(&api, "count").checks,
            [Check::Min(1), Check::Max(9)]
        );
        assert_eq!(
            request_field(&api, "name").checks,
            [Check::RequiredText, Check::MaxLength(8)]
        );
        assert_eq!(request_field(&api, "tags").checks, [Check::RequiredList]);
        assert_eq!(request_field(&api, "items").checks, [Check::NestedItems]);
        assert_eq!(request_field(&api, "name").setter, SetterParam::Into);
        assert_eq!(request_field(&api, "count").setter, SetterParam::Exact);
        let setter = request_field(&api, "count").option_setter.clone();
        assert_eq!(setter.map(|s| s.text).as_deref(), Some("set_count"));
        assert_eq!(request_field(&api, "name").option_setter, None);

        // The same documented type is a different Rust type per side.
        assert_eq!(request_field(&api, "at").rust_type, RustType::DateTime);
        assert_eq!(response_field(&api, "at").rust_type, RustType::LenientDate);

        assert_eq!(
            request_field(&api, "count").doc_example,
            Some(ExampleValue::Integer(3))
        );
        assert!(matches!(
            &request_field(&api, "kind").doc_example,
            Some(ExampleValue::Variant { variant, .. }) if variant.as_str() == "V2"
        ));
        // A required field without an example gets a placeholder; an optional one none.
        assert_eq!(
            request_field(&api, "at").doc_example,
            Some(ExampleValue::Now)
        );
        assert_eq!(request_field(&api, "paid").doc_example, None);

        let Decoder::List(codec) = &response_field(&api, "lines").decoder else {
            panic!("a list decoder");
        };
        assert_eq!(codec.item_element, "line");
        assert_eq!(response_field(&api, "at").decoder, Decoder::Date);
        // The page lists no `request_id`: the implicit one carries TOP's id.
        assert!(response_field(&api, "request_id").implicit);
        assert_eq!(
            api.request_id_field.as_ref().map(|n| n.text.as_str()),
            Some("request_id")
        );
        assert_eq!(
            api.enums[0].values[1].wire,
            crate::ir::WireValue::Integer(2)
        );
    }
}
