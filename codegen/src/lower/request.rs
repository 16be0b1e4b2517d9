//! Request-side decisions: how each value is held, set, checked before sending, written on
//! the wire, and shown in the generated doc example.

use heck::ToSnakeCase;

use super::{DraftField, DraftStruct};
use crate::ir::{
    BuilderNames, Check, EnumDef, ExampleValue, Field, FieldType, RequestField, RequestStruct,
    RustType, SetterParam, TypeName, WireForm,
};
use crate::names::RustName;

/// A request type: fields in wire-name byte order (request structs serialize in declaration
/// order, and TOP's JSON has keys in byte order), with its builder's names.
pub(super) fn request_struct(draft: DraftStruct, enums: &[EnumDef]) -> RequestStruct {
    let mut drafts = draft.fields;
    drafts.sort_by(|a, b| a.field.wire_name.cmp(&b.field.wire_name));
    // `set_x` takes an `Option`; should a field already be named `set_x`, the twin of `x`
    // moves aside (`set_x_option`) rather than collide.
    let taken: Vec<String> = drafts.iter().map(|f| f.field.name.text.clone()).collect();
    let fields = drafts
        .into_iter()
        .map(|DraftField { field, .. }| {
            let option_setter = (!field.required).then(|| {
                let mut setter = format!("set_{}", field.name.text);
                while taken.contains(&setter) || setter == "build" || setter == "builder" {
                    setter.push_str("_option");
                }
                RustName::new(setter)
            });
            request_field(field, option_setter, enums)
        })
        .collect();
    RequestStruct {
        builder: BuilderNames {
            builder: TypeName::new(format!("{}Builder", draft.name)),
            states_module: RustName::new(format!("{}_builder", draft.name.to_snake_case())),
        },
        name: draft.name,
        description: draft.description,
        fields,
    }
}

fn request_field(field: Field, option_setter: Option<RustName>, enums: &[EnumDef]) -> RequestField {
    RequestField {
        rust_type: rust_type(&field.ty),
        wire: wire_form(&field.ty),
        setter: match field.ty {
            FieldType::String | FieldType::Price | FieldType::Json | FieldType::Enum { .. } => {
                SetterParam::Into
            }
            _ => SetterParam::Exact,
        },
        option_setter,
        checks: checks(&field),
        doc_example: doc_example(&field, enums),
        field,
    }
}

/// A request date is a `TopDateTime`: a value the caller builds is always a valid date.
fn rust_type(ty: &FieldType) -> RustType {
    match ty {
        FieldType::Integer => RustType::Integer,
        FieldType::String | FieldType::Price | FieldType::Json => RustType::Text,
        FieldType::Bool => RustType::Bool,
        FieldType::Date => RustType::DateTime,
        FieldType::File => RustType::File,
        FieldType::Object(name) | FieldType::Enum { name, .. } => RustType::Named(name.clone()),
        FieldType::List(item) => RustType::List(Box::new(rust_type(item))),
    }
}

/// Scalars as text, objects (and lists of them) as compact JSON, lists of scalars
/// comma-joined, as the official SDKs send them.
fn wire_form(ty: &FieldType) -> WireForm {
    match ty {
        FieldType::Integer => WireForm::Integer,
        FieldType::Bool => WireForm::Bool,
        FieldType::String | FieldType::Price | FieldType::Json => WireForm::Text,
        FieldType::Date => WireForm::Date,
        FieldType::File => WireForm::File,
        FieldType::Enum { integer: true, .. } => WireForm::EnumInteger,
        FieldType::Enum { integer: false, .. } => WireForm::EnumText,
        FieldType::Object(_) => WireForm::Json,
        FieldType::List(item) if matches!(**item, FieldType::Object(_)) => WireForm::Json,
        FieldType::List(_) => WireForm::Joined,
    }
}

/// Required values present, documented limits kept, nested objects checked too.
fn checks(field: &Field) -> Vec<Check> {
    let limits = &field.limits;
    let mut checks = Vec::new();
    match &field.ty {
        FieldType::String | FieldType::Price | FieldType::Json => {
            if field.required {
                checks.push(Check::RequiredText);
            }
            checks.extend(limits.max_length.map(Check::MaxLength));
            checks.extend(limits.max_list_length.map(Check::MaxCommaListLength));
        }
        FieldType::Integer => {
            checks.extend(limits.min.map(Check::Min));
            checks.extend(limits.max.map(Check::Max));
            checks.extend(limits.max_length.map(Check::MaxDigits));
        }
        FieldType::List(item) => {
            if field.required {
                checks.push(Check::RequiredList);
            }
            checks.extend(limits.max_list_length.map(Check::MaxListLength));
            checks.extend(limits.max_length.map(Check::EachMaxLength));
            checks.extend(limits.min.map(Check::EachMin));
            checks.extend(limits.max.map(Check::EachMax));
            if matches!(**item, FieldType::Object(_)) {
                checks.push(Check::NestedItems);
            }
        }
        FieldType::Object(_) => checks.push(Check::Nested),
        FieldType::Enum { integer: false, .. } => {
            if field.required {
                checks.push(Check::RequiredEnumText);
            }
        }
        FieldType::Enum { integer: true, .. } => {
            checks.extend(limits.min.map(Check::EnumMin));
            checks.extend(limits.max.map(Check::EnumMax));
        }
        FieldType::File => checks.extend(limits.max_length.map(Check::MaxFileBytes)),
        FieldType::Bool | FieldType::Date => {}
    }
    checks
}

/// The page's example as a value of the field's type: a documented enum value as its
/// variant, a nested object as its own example; a required field without a usable example
/// gets a placeholder so the example compiles, an optional one is left out.
fn doc_example(field: &Field, enums: &[EnumDef]) -> Option<ExampleValue> {
    if let FieldType::Object(name) = &field.ty {
        return Some(ExampleValue::Builder(name.clone()));
    }
    if let FieldType::Enum { name, .. } = &field.ty
        && let Some(variant) = documented_variant(field, name, enums)
    {
        return Some(variant);
    }
    example_value(&field.ty, field.example.as_deref())
        .or_else(|| field.required.then(|| placeholder(&field.ty)))
}

/// `Enum::Variant` for a field whose example is a documented value of its enum.
fn documented_variant(field: &Field, name: &TypeName, enums: &[EnumDef]) -> Option<ExampleValue> {
    let example = field.example.as_deref()?.trim();
    let def = enums.iter().find(|def| &def.name == name)?;
    let value = def.values.iter().find(|v| v.value == example)?;
    Some(ExampleValue::Variant {
        enum_name: name.clone(),
        variant: value.variant.clone(),
    })
}

/// A documented example, when it fits the type (`lower` checked dates are real dates).
fn example_value(ty: &FieldType, example: Option<&str>) -> Option<ExampleValue> {
    let example = example?;
    match ty {
        FieldType::Integer => example.trim().parse().ok().map(ExampleValue::Integer),
        FieldType::Bool => match example.trim() {
            "true" => Some(ExampleValue::Bool(true)),
            "false" => Some(ExampleValue::Bool(false)),
            _ => None,
        },
        FieldType::String | FieldType::Price | FieldType::Json => {
            Some(ExampleValue::Text(example.to_owned()))
        }
        FieldType::Date => Some(ExampleValue::Date(example.to_owned())),
        FieldType::Enum { integer: true, .. } => example
            .trim()
            .parse()
            .ok()
            .map(ExampleValue::SuffixedInteger),
        FieldType::Enum { integer: false, .. } => Some(ExampleValue::Text(example.to_owned())),
        FieldType::Object(_) | FieldType::List(_) | FieldType::File => None,
    }
}

fn placeholder(ty: &FieldType) -> ExampleValue {
    match ty {
        FieldType::Integer => ExampleValue::Integer(0),
        FieldType::Bool => ExampleValue::Bool(false),
        FieldType::String
        | FieldType::Price
        | FieldType::Json
        | FieldType::Enum { integer: false, .. } => ExampleValue::Text(String::new()),
        FieldType::Date => ExampleValue::Now,
        FieldType::Enum { integer: true, .. } => ExampleValue::SuffixedInteger(0),
        FieldType::File => ExampleValue::File,
        FieldType::Object(_) | FieldType::List(_) => ExampleValue::EmptyList,
    }
}
