//! Business parameters checked against the API table: present when required, and of the
//! documented wire form, down to the members of JSON object parameters. The errors are
//! TOP's: code 40 for a missing value, 41 for one that does not fit.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::answer::TopError;
use crate::protocol;
use crate::schema::{Api, Form, Shape};

/// `Ok` when every business parameter of `api` checks out.
pub(crate) fn check(
    api: &Api,
    params: &BTreeMap<String, String>,
    files: &[String],
) -> Result<(), TopError> {
    for param in api.params {
        let is_file = files.iter().any(|name| name == param.name);
        let value = params.get(param.name).filter(|v| !v.is_empty());
        match (&param.form, value) {
            (Form::File, _) if is_file => {}
            (_, None) if param.required && !is_file => return Err(missing(param.name)),
            (_, None) => {}
            (form, Some(value)) => check_form(param.name, form, value)?,
        }
    }
    Ok(())
}

fn check_form(name: &str, form: &Form, value: &str) -> Result<(), TopError> {
    let fits = match form {
        Form::Integer => value.parse::<i64>().is_ok(),
        Form::Bool => matches!(value, "true" | "false"),
        Form::Text => true,
        Form::Date => protocol::gmt8_seconds(value).is_some(),
        // A file must come as a multipart part, not as text.
        Form::File => false,
        Form::Joined(item) => value.split(',').all(|part| scalar_text_fits(item, part)),
        Form::Json(shape) => {
            let json: Value = serde_json::from_str(value).map_err(|_| invalid(name))?;
            return check_shape(name, shape, &json);
        }
    };
    if fits { Ok(()) } else { Err(invalid(name)) }
}

/// One item of a comma-joined list.
fn scalar_text_fits(shape: &Shape, text: &str) -> bool {
    match shape {
        Shape::Integer => text.parse::<i64>().is_ok(),
        Shape::Bool => matches!(text, "true" | "false"),
        Shape::Date => protocol::gmt8_seconds(text).is_some(),
        Shape::Text => true,
        Shape::List(_) | Shape::Object(_) => false,
    }
}

/// A JSON value against its shape; `path` is the dotted path named in errors
/// (`pay_request.items[0].sku_id`).
fn check_shape(path: &str, shape: &Shape, value: &Value) -> Result<(), TopError> {
    let fits = match (shape, value) {
        // TOP's own SDKs write numbers as JSON numbers; a digit string is read as well.
        (Shape::Integer, Value::Number(n)) => n.is_i64(),
        (Shape::Integer, Value::String(s)) => s.parse::<i64>().is_ok(),
        (Shape::Bool, Value::Bool(_)) => true,
        (Shape::Bool, Value::String(s)) => matches!(s.as_str(), "true" | "false"),
        (Shape::Text, Value::String(_) | Value::Number(_)) => true,
        (Shape::Date, Value::String(s)) => protocol::gmt8_seconds(s).is_some(),
        (Shape::List(item), Value::Array(items)) => {
            for (index, item_value) in items.iter().enumerate() {
                check_shape(&format!("{path}[{index}]"), item, item_value)?;
            }
            true
        }
        (Shape::Object(members), Value::Object(object)) => {
            for member in *members {
                let at = format!("{path}.{}", member.name);
                match object.get(member.name) {
                    None | Some(Value::Null) if member.required => return Err(missing(&at)),
                    None | Some(Value::Null) => {}
                    Some(value) => check_shape(&at, &member.shape, value)?,
                }
            }
            true
        }
        _ => false,
    };
    if fits { Ok(()) } else { Err(invalid(path)) }
}

fn missing(name: &str) -> TopError {
    TopError::new(40, &format!("Missing required arguments:{name}"))
}

fn invalid(name: &str) -> TopError {
    TopError::new(41, &format!("Invalid arguments:{name}"))
}
