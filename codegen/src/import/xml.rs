//! Evidence from the page's XML example: the real response tree and its values.

use quick_xml::events::Event;

use super::ImportError;

/// An element of the XML example.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    /// The text of a leaf, entities resolved (`&quot;` is `"`).
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// Parses an example; `first_line` places errors on the page.
pub fn parse(text: &str, first_line: usize) -> Result<Node, ImportError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let event = reader.read_event().map_err(|e| {
            let line = first_line
                + text
                    .as_bytes()
                    .iter()
                    .take(usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX))
                    .filter(|&&b| b == b'\n')
                    .count();
            ImportError::at(line, format!("the XML example is malformed: {e}"))
        })?;
        match event {
            Event::Start(element) => stack.push(Node {
                name: element.name().as_ref().to_owned(),
                ..Node::default()
            }),
            Event::Empty(element) => {
                let node = Node {
                    name: element.name().as_ref().to_owned(),
                    ..Node::default()
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::Text(content) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&content);
                }
            }
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                let resolved = quick_xml::escape::resolve_predefined_entity(name)
                    .map(str::to_owned)
                    .or_else(|| {
                        let code = name
                            .strip_prefix("#x")
                            .map(|h| u32::from_str_radix(h, 16))
                            .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))?;
                        code.ok().and_then(char::from_u32).map(String::from)
                    })
                    .unwrap_or_else(|| format!("&{name};"));
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::End(_) => {
                let node = stack.pop().unwrap_or_default();
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // quick-xml reports a mismatched end tag but not an element still open at the end.
    if let Some(open) = stack.get(1) {
        let last_line = first_line + text.trim_end().matches('\n').count();
        return Err(ImportError::at(
            last_line,
            format!(
                "the XML example is malformed: `<{}>` is never closed",
                open.name
            ),
        ));
    }
    let mut document = stack.pop().unwrap_or_default();
    if let [first, second, ..] = document.children.as_slice() {
        return Err(ImportError::at(
            first_line,
            format!(
                "the XML example has more than one root element (`{}`, then `{}`)",
                first.name, second.name
            ),
        ));
    }
    let mut root = document
        .children
        .pop()
        .ok_or_else(|| ImportError::at(first_line, "the XML example has no root element"))?;
    trim_texts(&mut root);
    Ok(root)
}

/// Element text between child elements is indentation, not a value.
fn trim_texts(node: &mut Node) {
    if !node.children.is_empty() {
        node.text.clear();
        node.children.iter_mut().for_each(trim_texts);
    }
}
