//! `cargo xtask`: the project's own commands. A thin command line over this package's library
//! (`src/lib.rs`: the file IO around `taobao-top-codegen`).
//!
//! - `cargo xtask regenerate` rewrites `generated/src/apis/` and the API-group features of
//!   `generated/Cargo.toml` from `spec/`.
//! - `cargo xtask regenerate --check` changes nothing and fails when that code is stale.
//! - `cargo xtask regenerate --keep-going` writes what the valid specs generate, then fails
//!   naming every broken spec.
//! - `cargo xtask import page.txt... | folder` turns TOP documentation pages into specs.
//! - `cargo xtask msrv` fails when a dependency needs a newer Rust than `rust-version` says.
//! - `cargo xtask synth --count N --out DIR` writes N synthetic valid specs (measurements).
//! - `cargo xtask measure-codegen [counts...] | --dir DIR` times the generator and
//!   `regenerate` on synthetic specs or a folder of real ones.
//! - `cargo xtask catalogue [DIR] [--generate]` loads the whole TOP catalogue and reports
//!   the rejections by cause.
//! - `cargo xtask build-groups [DIR] [--group G]...` builds the catalogue's API groups one
//!   by one in a scratch copy and reports each one's compile time and peak memory.
//!
//! `regenerate` and `import` print what changed in each API's public Rust API, marking what
//! breaks users' code.

use std::process::ExitCode;

mod build_groups;
mod catalogue;
mod measure;
mod msrv;
mod synth;

use xtask::{import, regenerate, repo_root};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  regenerate          rewrite generated/src/apis/ and the group features of
                      generated/Cargo.toml from spec/*.yaml
  regenerate --check  change nothing; fail if either is stale
  regenerate --keep-going
                      write what the valid specs generate (a broken spec's API is
                      left out), then fail listing every spec error
  import <page.txt | folder>..
                      write spec/<method>.yaml from TOP documentation pages (copied as
                      text); a folder means its *.txt files; failures are reported
                      together and the other pages imported
  msrv                fail if a package in the resolved dependency graph declares a
                      rust-version above the workspace's, or a member declares none
  synth --count N --out DIR
                      write N synthetic but valid specs (one template, about 20 APIs
                      per group) into DIR, to measure the generator and the crate
  measure-codegen [counts...] | --dir DIR
                      time generate_crate and the whole regenerate command on that
                      many synthetic specs (default 10 100 1000), or on the specs of
                      DIR that load; median of 3, in the profile xtask is built in
  catalogue [DIR] [--generate]
                      load every spec of DIR (default ../shared/catalogue/specs) and
                      report the rejections by cause; --generate also generates the
                      ones that load and counts the lines (nothing is written)
  build-groups [DIR] [--group G].. [--largest N] [--smallest N] [--out FILE]
               [--scratch DIR] [--release]
                      generate DIR (default ../shared/catalogue/specs, else the vendored
                      catalogue) into a scratch copy of the workspace (default
                      target/build-groups/), build taobao-top with no group, then with
                      each group alone (every group, or those named by prefix or feature,
                      the N largest, the N smallest), one after the other, and print and
                      write (FILE, default <scratch>/build-groups.tsv) each one's APIs,
                      generated lines, rustc wall/CPU time and peak memory; fails if a
                      group does not build. A benchmark: minutes per large group
  (regenerate and import print each API's public API change; BREAKING marks what breaks users)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `build-groups` runs cargo with this program as RUSTC_WRAPPER, to measure each rustc.
    if let Some(report) = std::env::var_os(build_groups::WRAPPER_ENV) {
        return build_groups::wrap_rustc(std::path::Path::new(&report), &args);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["regenerate"] => regenerate::run(&repo_root(), regenerate::Mode::Write),
        ["regenerate", "--check"] => regenerate::run(&repo_root(), regenerate::Mode::Check),
        ["regenerate", "--keep-going"] => {
            regenerate::run(&repo_root(), regenerate::Mode::WriteValid)
        }
        ["import", pages @ ..] => import::run(&repo_root(), pages),
        ["msrv"] => msrv::run(&repo_root()),
        ["synth", rest @ ..] => synth::run(rest),
        ["measure-codegen", counts @ ..] => measure::run(counts),
        ["catalogue", rest @ ..] => catalogue::run(&repo_root(), rest),
        ["build-groups", rest @ ..] => build_groups::run(&repo_root(), rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown arguments {args:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
