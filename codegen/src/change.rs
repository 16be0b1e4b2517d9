//! What changed in an API's public Rust surface, and whether it breaks users' code.
//!
//! # Design: the comparison reads generated code, not specs
//!
//! Both `cargo xtask import` (old spec vs new spec) and `cargo xtask regenerate [--check]`
//! (committed generated file vs the file the specs now produce) report changes through one
//! function, [`compare_generated`], over two generated module files. [`compare`] takes two
//! IRs and emits them first. Reading generated code was chosen over diffing specs because:
//!
//! - `regenerate` then needs no previous spec and no git: the previous state *is* the
//!   committed generated file, which is exactly what users compiled against. With specs,
//!   `regenerate --check` in CI (spec committed, code not regenerated) would compare the
//!   committed spec with itself and say nothing about the stale code.
//! - Breaking is judged from what users compile against, as cargo-semver-checks does: the
//!   `#[non_exhaustive]` attributes, the field types, the typestate builders. When the
//!   emitter changes shape (a type mapping, an attribute), the report follows without edits.
//!
//! The surface read from a file ([`Surface`]): its `pub struct`s with their `pub` fields
//! (Rust name, wire name from the type's `request_object!`/`response_object!` table, or
//! from `#[serde(rename)]` in files generated before the tables, type, doc text), whether a struct is built
//! by a typestate builder (`pub fn builder()`: a request type), its `pub enum`s with their
//! variants and wire values (from `fn value`), and `TopRequest`'s `NEEDS_SESSION`.
//!
//! # The rules (what would stop a user's code from compiling)
//!
//! - Type, field or variant removed or renamed: breaking.
//! - Field type changed: breaking. For a request type, `Option<T>` → `T` is "optional →
//!   required" (the builder's `build` then needs the setter) and `T` → `Option<T>` is
//!   "required → optional" (reading the field now yields an `Option`): both breaking.
//! - Field added: not breaking in a `#[non_exhaustive]` struct (no struct literal can name
//!   every field), unless it is a required request field: `build` then needs its setter.
//! - Variant added to a `#[non_exhaustive]` enum: not breaking (a value that used to decode
//!   as `Unknown` now decodes to the new variant; the report says so).
//! - Type added, API added: not breaking. API removed: breaking.
//! - Wire name, variant value or session requirement changed: compiles as before, so not
//!   breaking, but listed: the behaviour on the wire changes.
//!
//! A rename is recognised when a removed and an added item look the same: a type with the
//! same fields (or variants), a field with the same type and the same documentation.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use quote::ToTokens;

use crate::{SpecError, ir};

/// The change of one API between two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiChange {
    /// What the API is called in the report: its method, or its file.
    pub api: String,
    pub kind: ApiChangeKind,
    /// Every change, sorted by subject; empty when the public API is the same.
    pub changes: Vec<Change>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// The item: `PosResult`, `PosResult.msg_code`, `ResultStatus::Pending`.
    pub subject: String,
    /// What happened to it, one line.
    pub what: String,
    /// Whether code written against the old version may stop compiling.
    pub breaking: bool,
}

impl ApiChange {
    /// An API that did not exist before.
    pub fn added(api: &str) -> ApiChange {
        compare_generated(api, None, Some(""))
    }

    /// An API that no longer exists: its module and client methods are gone.
    pub fn removed(api: &str) -> ApiChange {
        compare_generated(api, Some(""), None)
    }

    pub fn is_breaking(&self) -> bool {
        self.kind == ApiChangeKind::Removed || self.changes.iter().any(|c| c.breaking)
    }

    /// No change of the public API (the files may still differ, in docs or bodies).
    pub fn is_empty(&self) -> bool {
        self.kind == ApiChangeKind::Changed && self.changes.is_empty()
    }
}

impl fmt::Display for ApiChange {
    /// `api: N changes, M breaking` then one indented line per change, `BREAKING` first on the
    /// lines that break users' code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        match self.kind {
            ApiChangeKind::Added => write!(f, "{}: new API", self.api)?,
            ApiChangeKind::Removed => write!(f, "{}: API removed (BREAKING)", self.api)?,
            ApiChangeKind::Changed if self.changes.is_empty() => {
                write!(f, "{}: public API unchanged", self.api)?
            }
            ApiChangeKind::Changed => {
                let plural = if self.changes.len() == 1 { "" } else { "s" };
                write!(
                    f,
                    "{}: {} change{plural}, {}",
                    self.api,
                    self.changes.len(),
                    if breaking == 0 {
                        "none breaking".to_owned()
                    } else {
                        format!("{breaking} BREAKING")
                    }
                )?
            }
        }
        for change in &self.changes {
            let mark = if change.breaking {
                "BREAKING "
            } else {
                "         "
            };
            write!(f, "\n  {mark}{}: {}", change.subject, change.what)?;
        }
        Ok(())
    }
}

/// Compares two versions of one API by the code they generate.
pub fn compare(old: &ir::Api, new: &ir::Api) -> Result<ApiChange, SpecError> {
    let old_text = crate::emit::emit_api(old)?;
    let new_text = crate::emit::emit_api(new)?;
    Ok(compare_generated(
        &new.method,
        Some(&old_text),
        Some(&new_text),
    ))
}

/// Compares two versions of one generated API module file; `None` when it does not exist on
/// that side. A file that does not parse as Rust yields a single change saying so.
pub fn compare_generated(api: &str, old: Option<&str>, new: Option<&str>) -> ApiChange {
    let (kind, old, new) = match (old, new) {
        (None, None) => (ApiChangeKind::Changed, None, None),
        (None, Some(_)) => (ApiChangeKind::Added, None, None),
        (Some(old), None) => (ApiChangeKind::Removed, Some(old), None),
        (Some(old), Some(new)) => (ApiChangeKind::Changed, Some(old), Some(new)),
    };
    let mut changes = Vec::new();
    if let (Some(old), Some(new)) = (old, new) {
        match (Surface::parse(old), Surface::parse(new)) {
            (Ok(old), Ok(new)) => changes = diff(&old, &new),
            (Err(e), _) => changes.push(unreadable("the previous code", &e)),
            (_, Err(e)) => changes.push(unreadable("the new code", &e)),
        }
    }
    changes.sort();
    ApiChange {
        api: api.to_owned(),
        kind,
        changes,
    }
}

fn unreadable(which: &str, error: &syn::Error) -> Change {
    Change {
        subject: "(file)".to_owned(),
        what: format!("{which} does not parse as Rust ({error}): changes unknown"),
        breaking: true,
    }
}

/// The public items of one generated API module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Surface {
    pub structs: BTreeMap<String, StructItem>,
    pub enums: BTreeMap<String, EnumItem>,
    pub needs_session: Option<bool>,
    /// `const READ_ONLY: bool = true` in the request's trait impl (absent means `false`).
    pub read_only: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StructItem {
    pub non_exhaustive: bool,
    /// Built by a typestate builder: a request type, whose non-`Option` fields are required.
    pub built: bool,
    /// The `pub` fields, in declaration order.
    pub fields: Vec<FieldItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldItem {
    pub name: String,
    /// The serde name when renamed, else the Rust name.
    pub wire_name: String,
    /// The type as written, with `::core::option::`, `::std::string::`, `crate::` and the
    /// like left out (`Option<Vec<TopDate>>`).
    pub ty: String,
    pub doc: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnumItem {
    pub non_exhaustive: bool,
    /// Variant name → wire value (`1`, `"001"`), as `fn value` gives it; the `Unknown`
    /// catch-all maps to its payload type.
    pub variants: BTreeMap<String, String>,
}

impl Surface {
    /// Reads the public items of a generated file.
    pub fn parse(text: &str) -> Result<Surface, syn::Error> {
        let file = syn::parse_file(text)?;
        let mut surface = Surface::default();
        let mut built = BTreeSet::new();
        let mut values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut wire_names: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let fields = match &s.fields {
                        syn::Fields::Named(named) => named
                            .named
                            .iter()
                            .filter(|f| is_pub(&f.vis))
                            .filter_map(field_item)
                            .collect(),
                        _ => Vec::new(),
                    };
                    surface.structs.insert(
                        s.ident.to_string(),
                        StructItem {
                            non_exhaustive: has_non_exhaustive(&s.attrs),
                            built: false,
                            fields,
                        },
                    );
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| {
                            let payload = match &v.fields {
                                syn::Fields::Unnamed(u) => u
                                    .unnamed
                                    .iter()
                                    .map(|f| type_text(&f.ty))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                _ => String::new(),
                            };
                            (v.ident.to_string(), payload)
                        })
                        .collect();
                    surface.enums.insert(
                        e.ident.to_string(),
                        EnumItem {
                            non_exhaustive: has_non_exhaustive(&e.attrs),
                            variants,
                        },
                    );
                }
                // `crate::builder::typestate! { Target => TargetBuilder in ...; ... }`
                syn::Item::Macro(m)
                    if m.mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "typestate") =>
                {
                    if let Some(proc_macro2::TokenTree::Ident(target)) =
                        m.mac.tokens.clone().into_iter().next()
                    {
                        built.insert(target.to_string());
                    }
                }
                // `__rt::request_object!(Name { 0 field = "wireName": required, .. });` and
                // `response_object!`: the wire names of renamed fields.
                syn::Item::Macro(m)
                    if m.mac.path.segments.last().is_some_and(|s| {
                        s.ident == "request_object" || s.ident == "response_object"
                    }) =>
                {
                    if let Some((name, renamed)) = table_wire_names(m.mac.tokens.clone()) {
                        wire_names.entry(name).or_default().extend(renamed);
                    }
                }
                syn::Item::Impl(imp) => {
                    let self_ty = type_text(&imp.self_ty);
                    for impl_item in &imp.items {
                        match impl_item {
                            syn::ImplItem::Fn(f) if f.sig.ident == "builder" => {
                                built.insert(self_ty.clone());
                            }
                            syn::ImplItem::Fn(f) if f.sig.ident == "value" => {
                                values.insert(self_ty.clone(), arm_values(&f.block));
                            }
                            syn::ImplItem::Const(c) if c.ident == "NEEDS_SESSION" => {
                                if let syn::Expr::Lit(syn::ExprLit {
                                    lit: syn::Lit::Bool(b),
                                    ..
                                }) = &c.expr
                                {
                                    surface.needs_session = Some(b.value);
                                }
                            }
                            syn::ImplItem::Const(c) if c.ident == "READ_ONLY" => {
                                if let syn::Expr::Lit(syn::ExprLit {
                                    lit: syn::Lit::Bool(b),
                                    ..
                                }) = &c.expr
                                {
                                    surface.read_only = b.value;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for name in built {
            if let Some(s) = surface.structs.get_mut(&name) {
                s.built = true;
            }
        }
        for (name, renamed) in wire_names {
            if let Some(s) = surface.structs.get_mut(&name) {
                for field in &mut s.fields {
                    if let Some(wire) = renamed.get(&field.name) {
                        field.wire_name = wire.clone();
                    }
                }
            }
        }
        // A builder is a detail of the type it builds: its type parameters follow that
        // type's required fields, which the type's own changes report.
        let builders: Vec<String> = surface
            .structs
            .iter()
            .filter(|(_, s)| s.built)
            .map(|(name, _)| format!("{name}Builder"))
            .collect();
        for builder in builders {
            surface.structs.remove(&builder);
        }
        for (name, item) in &mut surface.enums {
            if let Some(values) = values.get(name) {
                for (variant, value) in &mut item.variants {
                    if let Some(wire) = values.get(variant) {
                        *value = wire.clone();
                    }
                }
            }
        }
        Ok(surface)
    }
}

/// The type name and the renamed fields (field → wire key) of a field table's tokens:
/// `Name { 0 field: kind, 1 other = "wire": kind("x"), .. }`.
fn table_wire_names(
    tokens: proc_macro2::TokenStream,
) -> Option<(String, BTreeMap<String, String>)> {
    use proc_macro2::TokenTree;
    let mut tokens = tokens.into_iter();
    let Some(TokenTree::Ident(name)) = tokens.next() else {
        return None;
    };
    let Some(TokenTree::Group(body)) = tokens.next() else {
        return None;
    };
    let mut renamed = BTreeMap::new();
    let mut entry: Vec<TokenTree> = Vec::new();
    let mut finish = |entry: &mut Vec<TokenTree>| {
        // `index field = "wire" : kind`
        if let [
            _,
            TokenTree::Ident(field),
            TokenTree::Punct(eq),
            TokenTree::Literal(wire),
            ..,
        ] = entry.as_slice()
            && eq.as_char() == '='
            && let Ok(syn::Lit::Str(wire)) = syn::parse2::<syn::Lit>(wire.to_token_stream())
        {
            let field = field.to_string();
            let field = field.strip_prefix("r#").unwrap_or(&field).to_owned();
            renamed.insert(field, wire.value());
        }
        entry.clear();
    };
    for token in body.stream() {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => finish(&mut entry),
            _ => entry.push(token),
        }
    }
    finish(&mut entry);
    Some((name.to_string(), renamed))
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn field_item(field: &syn::Field) -> Option<FieldItem> {
    let name = field.ident.as_ref()?.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
    let mut wire_name = name.clone();
    let mut doc = Vec::new();
    for attr in &field.attrs {
        if attr.path().is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &attr.meta
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
            {
                doc.push(s.value().trim().to_owned());
            }
        } else if attr.path().is_ident("serde") {
            // Unknown serde keys are skipped: only `rename = "..."` matters here.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    wire_name = value.value();
                } else if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                } else if meta.input.peek(syn::token::Paren) {
                    meta.parse_nested_meta(|inner| {
                        if inner.input.peek(syn::Token![=]) {
                            let _: syn::Expr = inner.value()?.parse()?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            });
        }
    }
    Some(FieldItem {
        name,
        wire_name,
        ty: type_text(&field.ty),
        doc: doc.join("\n"),
    })
}

/// `Self::Variant => value` arms of `fn value`.
fn arm_values(block: &syn::Block) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for stmt in &block.stmts {
        let syn::Stmt::Expr(syn::Expr::Match(m), _) = stmt else {
            continue;
        };
        for arm in &m.arms {
            let syn::Pat::Path(path) = &arm.pat else {
                continue;
            };
            let Some(variant) = path.path.segments.last() else {
                continue;
            };
            let value = match &*arm.body {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(i),
                    ..
                }) => i.base10_digits().to_owned(),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => format!("{:?}", s.value()),
                other => compact(&other.to_token_stream().to_string()),
            };
            values.insert(variant.ident.to_string(), value);
        }
    }
    values
}

fn type_text(ty: &syn::Type) -> String {
    compact(&ty.to_token_stream().to_string())
}

/// Token text without spaces and without the absolute paths generated code spells out
/// (runtime items as `__rt::Item`: users know them by their names re-exported at the root).
fn compact(tokens: &str) -> String {
    let mut text: String = tokens.chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in [
        "::core::option::",
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
        "::core::primitive::",
        "crate::",
        "__rt::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

fn change(subject: impl Into<String>, what: impl Into<String>, breaking: bool) -> Change {
    Change {
        subject: subject.into(),
        what: what.into(),
        breaking,
    }
}

fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    // Renamed types: a removed and an added type with the same contents.
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (name, item) in &old.structs {
        if new.structs.contains_key(name) {
            continue;
        }
        let same = new.structs.iter().find(|(n, s)| {
            !old.structs.contains_key(*n)
                && !renames.values().any(|r| r == *n)
                && s.fields == item.fields
                && s.built == item.built
        });
        if let Some((new_name, _)) = same {
            renames.insert(name.clone(), new_name.clone());
        }
    }
    for (name, item) in &old.enums {
        if new.enums.contains_key(name) {
            continue;
        }
        let same = new.enums.iter().find(|(n, e)| {
            !old.enums.contains_key(*n)
                && !renames.values().any(|r| r == *n)
                && e.variants == item.variants
        });
        if let Some((new_name, _)) = same {
            renames.insert(name.clone(), new_name.clone());
        }
    }
    for (old_name, new_name) in &renames {
        changes.push(change(
            old_name,
            format!("type renamed to `{new_name}`"),
            true,
        ));
    }

    for (name, item) in &old.structs {
        let new_name = renames.get(name).unwrap_or(name);
        match new.structs.get(new_name) {
            Some(new_item) => diff_struct(new_name, item, new_item, &renames, &mut changes),
            None => changes.push(change(name, "type removed", true)),
        }
    }
    for (name, item) in &new.structs {
        if !old.structs.contains_key(name) && !renames.values().any(|r| r == name) {
            let role = if item.built { "request" } else { "response" };
            changes.push(change(name, format!("new {role} type"), false));
        }
    }
    for (name, item) in &old.enums {
        let new_name = renames.get(name).unwrap_or(name);
        match new.enums.get(new_name) {
            Some(new_item) => diff_enum(new_name, item, new_item, &mut changes),
            None => changes.push(change(name, "enum removed", true)),
        }
    }
    for name in new.enums.keys() {
        if !old.enums.contains_key(name) && !renames.values().any(|r| r == name) {
            changes.push(change(name, "new enum", false));
        }
    }
    if let (Some(old_session), Some(new_session)) = (old.needs_session, new.needs_session)
        && old_session != new_session
    {
        let what = if new_session {
            "now needs a user session (calls without one fail at the gateway)"
        } else {
            "no longer needs a user session"
        };
        changes.push(change("(API)", what, false));
    }
    if old.needs_session.is_some() && new.needs_session.is_some() && old.read_only != new.read_only
    {
        let what = if new.read_only {
            "now read-only: a client's retry policy repeats it after a failure on the way"
        } else {
            "no longer read-only: a client's retry policy no longer repeats it"
        };
        changes.push(change("(API)", what, false));
    }
    changes
}

/// Replaces whole identifiers of renamed types in a type's text.
fn renamed_type(ty: &str, renames: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(renames.get(word.as_str()).unwrap_or(word));
        word.clear();
    };
    for c in ty.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn option_inner(ty: &str) -> Option<&str> {
    ty.strip_prefix("Option<")?.strip_suffix('>')
}

fn diff_struct(
    name: &str,
    old: &StructItem,
    new: &StructItem,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let mut removed: Vec<&FieldItem> = Vec::new();
    for field in &old.fields {
        let subject = format!("{name}.{}", field.name);
        let Some(new_field) = new.fields.iter().find(|f| f.name == field.name) else {
            removed.push(field);
            continue;
        };
        let old_ty = renamed_type(&field.ty, renames);
        if old_ty != new_field.ty {
            let what = match (
                new.built,
                option_inner(&old_ty),
                option_inner(&new_field.ty),
            ) {
                (true, Some(inner), None) if inner == new_field.ty => {
                    "optional → required (`build` needs its setter)".to_owned()
                }
                (true, None, Some(inner)) if inner == old_ty => {
                    format!("required → optional (the field is now `{}`)", new_field.ty)
                }
                _ => format!("type `{}` → `{}`", field.ty, new_field.ty),
            };
            changes.push(change(&subject, what, true));
        }
        if field.wire_name != new_field.wire_name {
            changes.push(change(
                &subject,
                format!(
                    "wire name `{}` → `{}`",
                    field.wire_name, new_field.wire_name
                ),
                false,
            ));
        }
    }
    let mut added: Vec<&FieldItem> = new
        .fields
        .iter()
        .filter(|f| !old.fields.iter().any(|o| o.name == f.name))
        .collect();
    // A removed and an added field with the same type and documentation: a rename.
    removed.retain(|old_field| {
        let old_ty = renamed_type(&old_field.ty, renames);
        let Some(position) = added
            .iter()
            .position(|f| f.ty == old_ty && f.doc == old_field.doc)
        else {
            return true;
        };
        let new_field = added.remove(position);
        changes.push(change(
            format!("{name}.{}", old_field.name),
            format!("field renamed to `{}`", new_field.name),
            true,
        ));
        false
    });
    for field in removed {
        changes.push(change(
            format!("{name}.{}", field.name),
            "field removed",
            true,
        ));
    }
    for field in added {
        let subject = format!("{name}.{}", field.name);
        let required = new.built && option_inner(&field.ty).is_none();
        if required {
            changes.push(change(
                subject,
                format!(
                    "new required field `{}` (`build` needs its setter)",
                    field.ty
                ),
                true,
            ));
        } else if !new.non_exhaustive {
            changes.push(change(
                subject,
                format!(
                    "new field `{}` (the struct is exhaustive: struct literals break)",
                    field.ty
                ),
                true,
            ));
        } else {
            let kind = if new.built { "optional " } else { "" };
            changes.push(change(
                subject,
                format!("new {kind}field `{}`", field.ty),
                false,
            ));
        }
    }
    if old.non_exhaustive && !new.non_exhaustive {
        changes.push(change(name, "no longer `#[non_exhaustive]`", false));
    } else if !old.non_exhaustive && new.non_exhaustive {
        changes.push(change(name, "now `#[non_exhaustive]`", true));
    }
}

fn diff_enum(name: &str, old: &EnumItem, new: &EnumItem, changes: &mut Vec<Change>) {
    let mut added: Vec<(&String, &String)> = new
        .variants
        .iter()
        .filter(|(v, _)| !old.variants.contains_key(*v))
        .collect();
    for (variant, value) in &old.variants {
        let subject = format!("{name}::{variant}");
        match new.variants.get(variant) {
            Some(new_value) if new_value == value => {}
            Some(new_value) if variant == "Unknown" => changes.push(change(
                subject,
                format!("payload `{value}` → `{new_value}`"),
                true,
            )),
            Some(new_value) => changes.push(change(
                subject,
                format!("wire value {value} → {new_value}"),
                false,
            )),
            None => {
                if let Some(position) = added.iter().position(|(_, v)| *v == value) {
                    let (new_variant, _) = added.remove(position);
                    changes.push(change(
                        subject,
                        format!("variant renamed to `{new_variant}` (value {value})"),
                        true,
                    ));
                } else {
                    changes.push(change(
                        subject,
                        format!("value {value} removed (now decodes as `Unknown`)"),
                        true,
                    ));
                }
            }
        }
    }
    for (variant, value) in added {
        let subject = format!("{name}::{variant}");
        if new.non_exhaustive {
            changes.push(change(
                subject,
                format!("value {value} added (it used to decode as `Unknown`)"),
                false,
            ));
        } else {
            changes.push(change(
                subject,
                format!("value {value} added (the enum is exhaustive: matches break)"),
                true,
            ));
        }
    }
    if !old.non_exhaustive && new.non_exhaustive {
        changes.push(change(name, "now `#[non_exhaustive]`", true));
    }
}
