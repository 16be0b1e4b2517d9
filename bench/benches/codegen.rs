//! The generator's cost, as a contributor meets it: `cargo xtask measure-codegen 10 100 1000`
//! (synthetic specs from one realistic template: nested objects, lists, enums, an idempotency
//! key), timing `generate_crate` in memory and the whole `cargo xtask regenerate` command on
//! a scratch copy, with the time per spec at each size (linear or not).
//!
//! Run as a child `cargo run -p xtask`, so it is measured in the profile `cargo xtask` really
//! uses (dev, with the generator optimised by the workspace's profile overrides), not in this
//! bench's release profile. The child builds in its own target folder (`target/bench-xtask`):
//! the outer `cargo bench` may still hold the lock of the usual one.
//!
//! `cargo bench -p taobao-top-bench --bench codegen [-- counts...]`

use std::path::Path;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    // `cargo bench` hands every harness `--bench`; anything else is a count.
    let counts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let Some(root) = Path::new(env!("CARGO_MANIFEST_DIR")).parent() else {
        eprintln!("the bench package has no parent folder: cannot find the workspace");
        return ExitCode::FAILURE;
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args([
            "run",
            "--quiet",
            "--locked",
            "-p",
            "xtask",
            "--",
            "measure-codegen",
        ])
        .args(&counts)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target/bench-xtask"))
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("`cargo xtask measure-codegen` failed: {status}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("cannot run `{cargo}`: {error}");
            ExitCode::FAILURE
        }
    }
}
