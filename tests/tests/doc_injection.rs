//! Page text is data: no documentation page can put code, HTML or links into the generated
//! docs (issue 11, item 10). `cargo test --doc` would run any Rust code block rustdoc finds,
//! and this crate's own doctests are off (its generated modules are written for
//! `taobao_top`), so this test reads the emitted doc comments the way rustdoc does, with
//! pulldown-cmark (rustdoc's Markdown parser, with rustdoc's extensions), and checks every
//! block and inline element. `tests/fixtures/edge-specs/test.hostile.page.yaml` holds the
//! attacks; `build.rs` compiles its emitted code into this crate, so rustc accepts the
//! comments too (CR, NUL, BOM, bidi overrides).

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use taobao_top_tests::{read, yaml_files};

/// The options rustdoc parses doc comments with.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Each item's doc text, as rustdoc assembles it from consecutive `///` (or `//!`) lines.
fn doc_blocks(code: &str) -> Vec<String> {
    assert!(
        !code.contains("#[doc") && !code.contains("#![doc") && !code.contains("/**"),
        "every doc line must print as a `///` / `//!` line"
    );
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut style = "";
    for line in code.lines() {
        let trimmed = line.trim_start();
        let this = if trimmed.starts_with("///") {
            "///"
        } else if trimmed.starts_with("//!") {
            "//!"
        } else {
            ""
        };
        if this != style && !current.is_empty() {
            blocks.push(current.join("\n"));
            current.clear();
        }
        style = this;
        if !this.is_empty() {
            let text = &trimmed[3..];
            current.push(text.strip_prefix(' ').unwrap_or(text));
        }
    }
    if !current.is_empty() {
        blocks.push(current.join("\n"));
    }
    blocks
}

/// What rustdoc would make of one doc comment that could hurt: returns the problems.
fn problems(doc: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut references = Vec::new();
    let mut callback = |link: BrokenLink<'_>| {
        references.push(link.reference.to_string());
        Some((
            CowStr::from(format!("intra-doc:{}", link.reference)),
            "".into(),
        ))
    };
    let parser = Parser::new_with_broken_link_callback(doc, rustdoc_options(), Some(&mut callback));
    let mut code_block: Option<(String, String)> = None;
    let mut in_heading = false;
    for event in parser {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Indented => "<indented>".to_owned(),
                    CodeBlockKind::Fenced(info) => info
                        .split([',', ' ', '\t'])
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                };
                code_block = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, body)) = code_block.take() {
                    check_code_block(&lang, &body, &mut problems);
                }
            }
            Event::Text(text) => match &mut code_block {
                Some((_, body)) => body.push_str(&text),
                None => {
                    if text.contains("://") {
                        problems.push(format!("bare URL (rustdoc warns): {text}"));
                    }
                    if in_heading && text.contains("PWNED") {
                        problems.push(format!("a heading from the page: {text}"));
                    }
                }
            },
            Event::Html(html) | Event::InlineHtml(html) => {
                problems.push(format!("raw HTML: {html}"));
            }
            Event::Start(Tag::Link { dest_url, .. }) if !dest_url.starts_with("intra-doc:") => {
                problems.push(format!("a link from the page: {dest_url}"));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                problems.push(format!("an image from the page: {dest_url}"));
            }
            Event::FootnoteReference(name) => {
                problems.push(format!("a footnote from the page: {name}"));
            }
            Event::Start(Tag::Table(_)) => problems.push("a table from the page".to_owned()),
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            _ => {}
        }
    }
    // rustdoc resolves every `[reference]` as an intra-doc link and warns when it cannot:
    // only the generator's own ``[`Type`]`` links may be there.
    for reference in references {
        let path = reference
            .strip_prefix('`')
            .and_then(|r| r.strip_suffix('`'))
            .unwrap_or("");
        let ours = !path.is_empty()
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
        if !ours {
            problems.push(format!("a link reference from the page: [{reference}]"));
        }
    }
    problems
}

/// Rust code blocks are doctests: the only one allowed is the generator's own request
/// example, whose page values are string literals, never code.
fn check_code_block(lang: &str, body: &str, problems: &mut Vec<String>) {
    if matches!(lang, "java" | "xml" | "text") {
        return;
    }
    if !body.starts_with("use taobao_top::apis::") {
        problems.push(format!("a doctest rustdoc would run ({lang:?}):\n{body}"));
        return;
    }
    let code: String = body
        .lines()
        .map(|line| line.strip_prefix("# ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    match code.parse::<proc_macro2::TokenStream>() {
        Ok(tokens) => {
            if identifiers(tokens)
                .iter()
                .any(|ident| ident.contains("PWNED"))
            {
                problems.push(format!(
                    "page text became code in the request example:\n{body}"
                ));
            }
        }
        Err(error) => problems.push(format!(
            "the request example does not lex ({error}):\n{body}"
        )),
    }
}

/// Every identifier in the tokens (string literals are not identifiers).
fn identifiers(stream: proc_macro2::TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for tree in stream {
        match tree {
            proc_macro2::TokenTree::Ident(ident) => out.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => out.extend(identifiers(group.stream())),
            _ => {}
        }
    }
    out
}

fn emitted(path: &str) -> String {
    let api = taobao_top_codegen::load(path, &read(path)).unwrap_or_else(|e| panic!("{e}"));
    taobao_top_codegen::emit::emit_api(&api).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn hostile_page_text_stays_text_in_the_docs() {
    let code = emitted("tests/fixtures/edge-specs/test.hostile.page.yaml");
    let mut found = Vec::new();
    for doc in doc_blocks(&code) {
        found.extend(problems(&doc));
    }
    assert!(found.is_empty(), "\n{}", found.join("\n---\n"));

    // And the text is still there, readable: nothing was dropped to make it safe.
    let rendered: String = doc_blocks(&code)
        .iter()
        .flat_map(|doc| {
            Parser::new_ext(doc, rustdoc_options()).filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.into_string()),
                _ => None,
            })
        })
        .collect();
    for marker in [
        "PWNED_FENCE();",
        "PWNED_INDENTED();",
        "<script>alert(", // smart punctuation curls the quotes around PWNED_HTML
        "PWNED_HTML",
        "</script>",
        "[x](javascript:PWNED_JS)",
        "https://example.com/PWNED_URL",
        "PWNED_CR();",
        "PWNED_LABEL();",
        "<b>PWNED_LABEL</b>",
        "PWNED_JAVA4();",
        "```PWNED_ERROR```",
        "PWNED_ERROR_DESCRIPTION();",
        "<script>PWNED_SOLUTION</script>",
        "PWNED_SOLUTION_INDENTED();",
    ] {
        assert!(
            rendered.contains(marker),
            "`{marker}` is missing from the docs"
        );
    }
}

#[test]
fn every_spec_and_fixture_has_safe_docs() {
    let mut paths = yaml_files("spec");
    paths.extend(yaml_files("tests/fixtures/edge-specs"));
    for path in paths {
        let code = emitted(&path);
        let found: Vec<String> = doc_blocks(&code).iter().flat_map(|d| problems(d)).collect();
        assert!(found.is_empty(), "{path}:\n{}", found.join("\n---\n"));
    }
}
