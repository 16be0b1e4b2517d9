//! `catalogue [DIR] [--generate] [--check FILE]`: the whole TOP catalogue through the
//! generator, as a new user would try it (issue 16). Loads and validates every spec of DIR
//! (by default `../shared/catalogue/specs`, beside the repository), reports the rejections
//! grouped by cause (the message with names and numbers blanked, most frequent first, each
//! with one file to look at), and with `--generate` generates the specs that load and
//! reports the generated lines. Timed; nothing is written.
//!
//! With `--check FILE` it is CI's catalogue check (`.ci/catalogue`): the rejections must be
//! exactly FILE's lines (one `file: error` each, the ones the project decided are right),
//! every spec that loads must generate, and generating twice must give the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Causes shown in full; the rest are counted in one line.
const SHOWN_CAUSES: usize = 40;

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let mut dir = root.join("../shared/catalogue/specs");
    let mut generate = false;
    let mut check: Option<PathBuf> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--generate" => generate = true,
            "--check" => {
                let file = args
                    .next()
                    .ok_or("`--check` needs the file of expected rejections")?;
                check = Some(PathBuf::from(file));
                generate = true;
            }
            other if other.starts_with("--") => return Err(format!("unknown flag `{other}`")),
            other => dir = PathBuf::from(other),
        }
    }
    let specs = read(&dir)?;
    println!("{} specs in {}", specs.len(), dir.display());

    let started = Instant::now();
    let mut loaded = Vec::new();
    let mut causes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut rejections: Vec<String> = Vec::new();
    for (path, text) in &specs {
        match taobao_top_codegen::load(path, text) {
            Ok(_) => loaded.push((path.clone(), text.clone())),
            Err(error) => {
                rejections.push(error.to_string());
                let entry = causes
                    .entry(cause(&error.message))
                    .or_insert_with(|| (0, error.to_string()));
                entry.0 += 1;
            }
        }
    }
    let load_time = started.elapsed();
    let rejected = specs.len() - loaded.len();
    println!(
        "load + validate + lower: {} loaded, {rejected} rejected ({:.1} %), {:.2} s",
        loaded.len(),
        100.0 * rejected as f64 / specs.len().max(1) as f64,
        load_time.as_secs_f64()
    );
    let mut ranked: Vec<(&String, &(usize, String))> = causes.iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    for (cause, (count, example)) in ranked.iter().take(SHOWN_CAUSES) {
        println!("{count:>6}  {cause}\n        e.g. {example}");
    }
    if ranked.len() > SHOWN_CAUSES {
        let rest: usize = ranked[SHOWN_CAUSES..].iter().map(|(_, (n, _))| n).sum();
        println!("{rest:>6}  in {} more causes", ranked.len() - SHOWN_CAUSES);
    }

    let mut problems: Vec<String> = Vec::new();
    if let Some(file) = &check {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let expected: Vec<&str> = text
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .collect();
        for line in &rejections {
            if !expected.contains(&line.as_str()) {
                problems.push(format!("rejected, not expected: {line}"));
            }
        }
        for line in &expected {
            if !rejections.iter().any(|r| r == line) {
                problems.push(format!("expected rejection did not happen: {line}"));
            }
        }
    }

    if generate {
        let started = Instant::now();
        let first = taobao_top_codegen::generate_crate(&loaded);
        if check.is_some() {
            let again = taobao_top_codegen::generate_crate(&loaded);
            let same = match (&first, &again) {
                (Ok(a), Ok(b)) => a.files == b.files && a.manifest == b.manifest,
                _ => true,
            };
            if !same {
                problems.push("generating the catalogue twice gave different files".to_owned());
            }
        }
        match first {
            Ok(generated) => {
                let lines: usize = generated
                    .files
                    .iter()
                    .map(|file| file.contents.lines().count())
                    .sum();
                println!(
                    "generate_crate of the {} that load: {} files, {lines} lines ({} per API), {:.2} s",
                    loaded.len(),
                    generated.files.len(),
                    lines / loaded.len().max(1),
                    started.elapsed().as_secs_f64()
                );
            }
            Err(errors) => {
                println!(
                    "generate_crate of the {} that load failed with {} errors after {:.2} s, e.g.:",
                    loaded.len(),
                    errors.len(),
                    started.elapsed().as_secs_f64()
                );
                for error in errors.iter().take(10) {
                    println!("        {error}");
                }
                problems.push(format!(
                    "{} specs that load do not generate together",
                    errors.len()
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the catalogue check failed:\n{}\n(the expected rejections are in {}; each needs a reason there)",
        problems.join("\n"),
        check.map(|f| f.display().to_string()).unwrap_or_default()
    ))
}

/// `*.yaml` of `dir`, sorted, as `(file name, text)`.
pub(crate) fn read(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut specs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            specs.push((format!("spec/{name}"), text));
        }
    }
    specs.sort();
    Ok(specs)
}

/// A message with what varies between specs blanked: text in backticks or quotes and
/// numbers, so that one cause is one line.
fn cause(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(close) if c == close => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                quote = Some(c);
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cause;

    #[test]
    fn a_cause_blanks_names_and_numbers() {
        assert_eq!(
            cause("type `Result` is declared twice with different fields (line 12)"),
            "type `…` is declared twice with different fields (line N)"
        );
        assert_eq!(cause("unknown type \"Foo\""), "unknown type \"…\"");
    }
}
