//! `measure-codegen [counts...] | --dir DIR`: how long the generator takes for a catalogue of a given
//! size (issue 13). A benchmark, not a test: it prints numbers and judges nothing but
//! whether the time per spec stays flat as the count grows.
//!
//! For each count, [`crate::synth::specs`] makes the specs in memory and
//! `taobao_top_codegen::generate_crate` (load, validate, lower, emit, format) runs three
//! times on them; the median is reported: the generator's own time, in memory. Then the whole
//! `regenerate` command (read, generate, compare with the disk, write, report) is timed on a
//! scratch copy of the repository holding only those specs, writing every file and then
//! finding them up to date: what a contributor waits for. It runs in the profile xtask was
//! built in: `cargo xtask` builds the dev profile, in which the workspace's `Cargo.toml`
//! optimises the generator and the crates it spends its time in.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use std::{env, fs, io, process};

use xtask::{regenerate, repo_root};

use crate::synth;

const DEFAULT_COUNTS: [usize; 3] = [10, 100, 1000];
const RUNS: usize = 3;
/// Above this ratio of the per-spec times (largest count against smallest), the growth is
/// reported as faster than linear: noise on a loaded machine stays well below it.
const LINEAR_LIMIT: f64 = 1.5;

const USAGE: &str = "usage: cargo xtask measure-codegen [counts...] | --dir DIR";

pub fn run(args: &[&str]) -> Result<(), String> {
    let sets: Vec<(usize, Vec<(String, String)>)> = match args {
        [] => DEFAULT_COUNTS
            .iter()
            .map(|&count| (count, synth::specs(count)))
            .collect(),
        ["--dir", dir] => {
            let specs = loading_specs(Path::new(dir))?;
            vec![(specs.len(), specs)]
        }
        counts => counts
            .iter()
            .map(|arg| match arg.parse::<usize>() {
                Ok(count) if count > 0 => Ok((count, synth::specs(count))),
                _ => Err(format!(
                    "`{arg}` is not a count of specs (a positive integer)\n{USAGE}"
                )),
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let profile = if cfg!(debug_assertions) {
        "dev (as `cargo xtask` builds it: the generator and its heavy dependencies optimised)"
    } else {
        "release (optimised)"
    };
    println!(
        "generate_crate (load + validate + lower + emit + format), then `regenerate` on a scratch copy"
    );
    println!("profile: {profile}; median of {RUNS} runs");
    println!(
        "{:>7} {:>12} {:>12} {:>8} {:>14} {:>16} {:>16}",
        "specs", "total ms", "ms per spec", "files", "lines out", "regenerate ms", "up to date ms"
    );
    let mut per_spec: Vec<(usize, f64)> = Vec::new();
    for (count, specs) in sets {
        let mut times = Vec::with_capacity(RUNS);
        let mut output = (0, 0);
        for _ in 0..RUNS {
            let start = Instant::now();
            let generated = taobao_top_codegen::generate_crate(&specs).map_err(|errors| {
                format!(
                    "the specs do not generate ({} errors), first: {}",
                    errors.len(),
                    errors.first().map(ToString::to_string).unwrap_or_default()
                )
            })?;
            times.push(start.elapsed());
            output = (
                generated.files.len(),
                generated
                    .files
                    .iter()
                    .map(|f| f.contents.lines().count())
                    .sum::<usize>(),
            );
        }
        let total = milliseconds(median(&mut times));
        let each = total / count as f64;
        per_spec.push((count, each));
        let (write, fresh) = time_regenerate(&specs)?;
        println!(
            "{count:>7} {total:>12.1} {each:>12.3} {:>8} {:>14} {write:>16.1} {fresh:>16.1}",
            output.0, output.1
        );
    }
    if let (Some(&(small, first)), Some(&(large, last))) = (
        per_spec.iter().min_by_key(|(count, _)| *count),
        per_spec.iter().max_by_key(|(count, _)| *count),
    ) && large > small
    {
        let ratio = last / first;
        let verdict = if ratio <= LINEAR_LIMIT {
            "linear (or better): the time per spec does not grow with the count"
        } else {
            "faster than linear: the time per spec grows with the count"
        };
        println!(
            "per-spec time at {large} against {small} specs: {ratio:.2}x, {verdict} \
             (limit {LINEAR_LIMIT}x)"
        );
    }
    Ok(())
}

/// The specs of `dir` that load: a real catalogue holds a few the loader rightly rejects,
/// and `regenerate` would stop at them.
fn loading_specs(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut specs = crate::catalogue::read(dir)?;
    let total = specs.len();
    specs.retain(|(path, text)| taobao_top_codegen::load(path, text).is_ok());
    if specs.is_empty() {
        return Err(format!("no spec of {} loads\n{USAGE}", dir.display()));
    }
    println!(
        "{}: {} specs, {} load (the others are left out)",
        dir.display(),
        total,
        specs.len()
    );
    Ok(specs)
}

/// Wall time of the whole `cargo xtask regenerate` command (read the specs, generate,
/// compare with the disk, write, report) on a scratch copy of the repository holding only
/// these specs: once writing every file, then once finding everything up to date. Median of
/// [`RUNS`] scratch copies.
fn time_regenerate(specs: &[(String, String)]) -> Result<(f64, f64), String> {
    let mut writes = Vec::with_capacity(RUNS);
    let mut checks = Vec::with_capacity(RUNS);
    for run in 0..RUNS {
        let root = env::temp_dir().join(format!(
            "taobao-top-measure-{}-{}-{run}",
            process::id(),
            specs.len()
        ));
        let scratch = Scratch(root.clone());
        let manifest = root.join("generated/Cargo.toml");
        fs::create_dir_all(root.join("spec"))
            .and_then(|()| fs::create_dir_all(root.join("generated")))
            .and_then(|()| fs::copy(repo_root().join("generated/Cargo.toml"), &manifest))
            .map_err(|error| format!("cannot set up {}: {error}", root.display()))?;
        for (path, text) in specs {
            fs::write(root.join(path), text).map_err(|error| {
                format!("cannot write {path} under {}: {error}", root.display())
            })?;
        }
        let start = Instant::now();
        regenerate::run_reporting_to(&root, regenerate::Mode::Write, &mut io::sink())?;
        writes.push(start.elapsed());
        let start = Instant::now();
        regenerate::run_reporting_to(&root, regenerate::Mode::Write, &mut io::sink())?;
        checks.push(start.elapsed());
        drop(scratch);
    }
    Ok((
        milliseconds(median(&mut writes)),
        milliseconds(median(&mut checks)),
    ))
}

/// A scratch folder, removed when dropped (also when a measurement fails).
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
