//! Evidence from the page's Java sample: which object each setter fills (the real request
//! tree), the literal each field is given, and whether a session is passed.

use std::collections::BTreeMap;

use heck::ToSnakeCase;

/// A value the Java sample gives a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    /// `"text"` (unescaped), `StringUtils.parseDateTime("...")`'s text.
    Text(String),
    /// `110L`, `1`.
    Number(String),
    Bool(bool),
    /// An object variable (`req.setPayRequest(obj1)`).
    Object(String),
    /// Anything else, kept as written (`new FileItem(...)`).
    Other(String),
}

impl Literal {
    /// The example text this literal stands for.
    pub fn example(&self) -> Option<String> {
        match self {
            Literal::Text(text) | Literal::Number(text) => Some(text.clone()),
            Literal::Bool(value) => Some(value.to_string()),
            Literal::Object(_) | Literal::Other(_) => None,
        }
    }
}

/// What the sample says.
#[derive(Clone, Debug, Default)]
pub struct JavaSample {
    /// `client.execute(req, sessionKey)`.
    pub needs_session: bool,
    /// Field values by wire path (`["pay_request", "operator_id"]`).
    pub values: BTreeMap<Vec<String>, Literal>,
    /// The fields each object type (by its simple name) is given.
    pub fields_of: BTreeMap<String, Vec<String>>,
}

impl JavaSample {
    pub fn parse(text: &str) -> JavaSample {
        let mut sample = JavaSample::default();
        let mut types: BTreeMap<String, String> = BTreeMap::new(); // variable -> type
        let mut sets: Vec<(String, String, Literal)> = Vec::new(); // variable, field, literal
        let mut in_list: BTreeMap<String, String> = BTreeMap::new(); // item variable -> list variable
        for line in text.lines() {
            let line = line.trim();
            if line.contains(".execute(") {
                let args = line.split(".execute(").nth(1).unwrap_or("");
                sample.needs_session = args.contains(',');
                continue;
            }
            if let Some((variable, ty)) = declaration(line) {
                types.insert(variable, ty);
                continue;
            }
            if let Some((list, item)) = list_add(line) {
                in_list.insert(item, list);
                continue;
            }
            // Real samples are sometimes broken: a setter on an undeclared variable says
            // nothing reliable, so it is skipped.
            if let Some((variable, field, argument)) = setter(line)
                && types.contains_key(&variable)
            {
                let literal = literal(argument, &types);
                sets.push((variable, field, literal));
            }
        }
        // Parent links: `parent.setField(objN)`.
        let mut parent: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (variable, field, literal) in &sets {
            if let Literal::Object(child) = literal {
                parent.insert(child.clone(), (variable.clone(), field.clone()));
            }
        }
        let request_variable = types
            .iter()
            .find(|(_, ty)| ty.ends_with("Request") && !ty.contains('.'))
            .map(|(variable, _)| variable.clone())
            .unwrap_or_else(|| "req".to_owned());
        for (variable, field, literal) in sets {
            if let Some(ty) = types.get(&variable) {
                let simple = ty.rsplit('.').next().unwrap_or(ty).to_owned();
                if variable != request_variable {
                    sample
                        .fields_of
                        .entry(simple)
                        .or_default()
                        .push(field.clone());
                }
            }
            let mut path = vec![field];
            let mut current = variable;
            let mut guard = 0;
            loop {
                // A list item stands where its list does (`list2.add(obj3); req.setItems(list2)`).
                if let Some(list) = in_list.get(&current) {
                    current = list.clone();
                }
                let Some((up, up_field)) = parent.get(&current) else {
                    break;
                };
                path.insert(0, up_field.clone());
                current = up.clone();
                guard += 1;
                if guard > 32 {
                    break; // a cycle in a broken sample: stop climbing
                }
            }
            sample.values.insert(path, literal);
        }
        sample
    }

    /// The example the sample gives the field at `path`, if any. A `Json` field's setter is
    /// `setXxxString(..)` (`ext_info` → `setExtInfoString("{}")`): read as `xxx` when no
    /// `xxx_string` field exists.
    pub fn example(&self, path: &[String]) -> Option<String> {
        self.literal(path).and_then(Literal::example)
    }

    fn literal(&self, path: &[String]) -> Option<&Literal> {
        self.values.get(path).or_else(|| {
            let (last, parents) = path.split_last()?;
            let mut json_setter = parents.to_vec();
            json_setter.push(format!("{last}_string"));
            self.values.get(&json_setter)
        })
    }

    /// Whether the sample fills `field` on objects of type `ty`.
    pub fn fills(&self, ty: &str, field: &str) -> bool {
        self.fields_of.get(ty).is_some_and(|f| {
            f.iter()
                .any(|f| f == field || *f == format!("{field}_string"))
        })
    }
}

/// `Outer.Type objN = new Outer.Type();` → (`objN`, `Outer.Type`).
fn declaration(line: &str) -> Option<(String, String)> {
    let (left, right) = line.split_once(" = new ")?;
    let mut left = left.split_whitespace();
    let ty = left.next()?;
    let variable = left.next()?;
    if left.next().is_some() || !right.trim_end_matches(';').ends_with("()") {
        return None;
    }
    Some((variable.to_owned(), ty.to_owned()))
}

/// `listN.add(objM);` → (`listN`, `objM`).
fn list_add(line: &str) -> Option<(String, String)> {
    let (list, rest) = line.strip_suffix(");")?.split_once(".add(")?;
    let simple =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (simple(list) && simple(rest)).then(|| (list.to_owned(), rest.to_owned()))
}

/// `objN.setFooBar(arg);` → (`objN`, `foo_bar`, `arg`).
fn setter(line: &str) -> Option<(String, String, &str)> {
    let line = line.strip_suffix(';')?;
    let (variable, call) = line.split_once(".set")?;
    if !variable
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let (name, argument) = call.split_once('(')?;
    let argument = argument.strip_suffix(')')?;
    Some((variable.to_owned(), name.to_snake_case(), argument))
}

fn literal(argument: &str, types: &BTreeMap<String, String>) -> Literal {
    let argument = argument.trim();
    if let Some(text) = argument.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
        return Literal::Text(unescape(text));
    }
    if let Some(inner) = argument
        .strip_prefix("StringUtils.parseDateTime(\"")
        .and_then(|a| a.strip_suffix("\")"))
    {
        return Literal::Text(unescape(inner));
    }
    if let Some(number) = argument.strip_suffix('L').or(Some(argument)).filter(|n| {
        let digits = n.strip_prefix('-').unwrap_or(n);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
    }) {
        return Literal::Number(number.to_owned());
    }
    match argument {
        "true" => Literal::Bool(true),
        "false" => Literal::Bool(false),
        variable if types.contains_key(variable) => Literal::Object(variable.to_owned()),
        other => Literal::Other(other.to_owned()),
    }
}

/// Java string escapes: `\"`, `\\`, `\n`, `\t`, `\uXXXX`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_setter_chain() {
        let sample = JavaSample::parse(
            r#"TaobaoClient client = new DefaultTaobaoClient(url, appkey, secret);
AlibabaPosOrderPayRequest req = new AlibabaPosOrderPayRequest();
req.setShopId(1L);
AlibabaPosOrderPayRequest.PayRequest obj1 = new AlibabaPosOrderPayRequest.PayRequest();
obj1.setRequestId("75626abc");
obj1.setAttributes("{\"key\":\"value\"}");
req.setPayRequest(obj1);
AlibabaPosOrderPayResponse rsp = client.execute(req, sessionKey);"#,
        );
        assert!(sample.needs_session);
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(sample.example(&path(&["shop_id"])).as_deref(), Some("1"));
        assert_eq!(
            sample
                .example(&path(&["pay_request", "request_id"]))
                .as_deref(),
            Some("75626abc")
        );
        assert_eq!(
            sample
                .example(&path(&["pay_request", "attributes"]))
                .as_deref(),
            Some(r#"{"key":"value"}"#)
        );
        assert_eq!(sample.fields_of["PayRequest"], ["request_id", "attributes"]);
    }
}
