//! `build-groups [DIR] [--group G]... [--largest N] [--smallest N] [--scratch DIR]
//! [--out FILE] [--release]`: issue 16's "a user compiles only what they use, and the whole
//! catalogue still builds". Generates the catalogue (DIR, by default
//! `../shared/catalogue/specs`, else the vendored `tests/fixtures/catalogue/specs.tar.xz`)
//! into a scratch copy of the workspace, then builds `taobao-top` with
//! `--no-default-features --features <group>` for each selected group, one after the other,
//! and records per group its APIs, generated lines, the wall and CPU time and the peak
//! memory of the `rustc` that compiles `taobao-top`.
//!
//! How the figures are taken: every build runs with `RUSTC_WRAPPER` set to this very
//! program, which (seeing [`WRAPPER_ENV`]) runs the real rustc, waits for it and appends
//! one line to a report file: the crate, its exit, wall time, CPU time and peak RSS
//! (`getrusage(RUSAGE_CHILDREN)`: the largest waited-for child, rustc itself). So the memory
//! is rustc's own, not cargo's, and only the `taobao_top` line of each build counts.
//! Dependencies and the runtime are built first, with no group (that build's `taobao_top`
//! line is the "no group" row: the catalogue-sized crate with every module off), so each
//! group's row is that group's own cost. Builds are not incremental (`CARGO_INCREMENTAL=0`),
//! as `taobao-top` builds for a user who depends on it; `generated/src/lib.rs` is touched
//! before each build so that a second run measures again instead of finding it fresh.
//!
//! A benchmark, not a test: nothing here runs in `cargo test` but the parsing below.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Instant, SystemTime};

use xtask::regenerate;

/// Set (to the report file) when this program is started as cargo's `RUSTC_WRAPPER`.
pub const WRAPPER_ENV: &str = "TOP_XTASK_RUSTC_REPORT";

/// The crate whose compile is measured (`--crate-name` as cargo passes it).
const CRATE: &str = "taobao_top";

const USAGE_LINE: &str = "build-groups [DIR] [--group G]... [--largest N] [--smallest N] [--scratch DIR] [--out FILE] [--release]";

/// One API group as the generated manifest declares it
/// ([`taobao_top_codegen::manifest::ApiGroup`]), with the lines of its generated files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// `alibaba_pos`: the module under `apis`.
    pub module: String,
    /// `alibaba-pos`: the cargo feature.
    pub feature: String,
    /// `alibaba.pos`: the methods' first two segments.
    pub prefix: String,
    pub apis: usize,
    /// Lines of the group's generated files.
    pub lines: usize,
}

impl Group {
    /// The group as the generator declares it, with the lines of its files among `files`.
    fn new(
        group: taobao_top_codegen::manifest::ApiGroup,
        files: &[taobao_top_codegen::GeneratedFile],
    ) -> Group {
        let dir = format!(
            "{}/{}/",
            taobao_top_codegen::emit::GENERATED_DIR,
            group.module
        );
        let lines = files
            .iter()
            .filter(|f| f.path.starts_with(&dir))
            .map(|f| f.contents.lines().count())
            .sum();
        Group {
            module: group.module,
            feature: group.feature,
            prefix: group.prefix,
            apis: group.apis,
            lines,
        }
    }
}

/// Which groups to build.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// By prefix (`alibaba.pos`), feature (`alibaba-pos`) or module (`alibaba_pos`).
    pub named: Vec<String>,
    pub largest: usize,
    pub smallest: usize,
}

impl Selection {
    fn is_all(&self) -> bool {
        self.named.is_empty() && self.largest == 0 && self.smallest == 0
    }

    /// Indices into `groups`: every group (in order) when nothing is selected, else the named
    /// ones in the order given, then the `largest` (most APIs first), then the `smallest`,
    /// each group once. A name that is no group is an error naming it.
    pub fn pick(&self, groups: &[Group]) -> Result<Vec<usize>, String> {
        if self.is_all() {
            return Ok((0..groups.len()).collect());
        }
        let mut picked = Vec::new();
        let mut seen = BTreeSet::new();
        let mut add = |index: usize, picked: &mut Vec<usize>| {
            if seen.insert(index) {
                picked.push(index);
            }
        };
        for name in &self.named {
            let index = groups
                .iter()
                .position(|g| g.prefix == *name || g.feature == *name || g.module == *name)
                .ok_or_else(|| {
                    format!(
                        "--group {name}: no such API group in the generated catalogue ({} groups; \
                         name one by its methods' prefix `alibaba.pos`, feature `alibaba-pos` or \
                         module `alibaba_pos`)",
                        groups.len()
                    )
                })?;
            add(index, &mut picked);
        }
        let mut by_size: Vec<usize> = (0..groups.len()).collect();
        // Most APIs first; among equals, the manifest's order.
        by_size.sort_by(|&a, &b| groups[b].apis.cmp(&groups[a].apis).then(a.cmp(&b)));
        for &index in by_size.iter().take(self.largest) {
            add(index, &mut picked);
        }
        for &index in by_size.iter().rev().take(self.smallest) {
            add(index, &mut picked);
        }
        Ok(picked)
    }
}

/// One rustc run as the wrapper reports it: a tab-separated line
/// `crate  exit  wall_s  cpu_s  peak_kib  features`.
#[derive(Clone, Debug, PartialEq)]
pub struct RustcRun {
    pub krate: String,
    /// `0` on success, the exit code, or `signal N`.
    pub exit: String,
    pub wall_s: f64,
    pub cpu_s: f64,
    pub peak_kib: u64,
    /// The `feature="..."` cfgs, comma-separated.
    pub features: String,
}

impl RustcRun {
    pub fn line(&self) -> String {
        format!(
            "{}\t{}\t{:.3}\t{:.3}\t{}\t{}\n",
            self.krate, self.exit, self.wall_s, self.cpu_s, self.peak_kib, self.features
        )
    }

    pub fn parse(line: &str) -> Result<RustcRun, String> {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| format!("rustc report line {line:?}: {what}");
        let [krate, exit, wall, cpu, peak, features] = fields.as_slice() else {
            return Err(bad("expected 6 tab-separated fields"));
        };
        Ok(RustcRun {
            krate: (*krate).to_owned(),
            exit: (*exit).to_owned(),
            wall_s: wall.parse().map_err(|_| bad("wall time is not a number"))?,
            cpu_s: cpu.parse().map_err(|_| bad("CPU time is not a number"))?,
            peak_kib: peak
                .parse()
                .map_err(|_| bad("peak memory is not a number"))?,
            features: (*features).to_owned(),
        })
    }

    fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// The wrapper: `args` is what cargo passes a `RUSTC_WRAPPER`, the rustc path and its
/// arguments. Runs rustc with the same standard streams (cargo reads its diagnostics), then
/// appends a [`RustcRun`] line to `report` when rustc compiled a crate, and exits as rustc
/// did.
pub fn wrap_rustc(report: &Path, args: &[String]) -> ExitCode {
    let Some((rustc, rest)) = args.split_first() else {
        eprintln!(
            "error: {WRAPPER_ENV} is set, so xtask runs as a RUSTC_WRAPPER, but got no rustc to run"
        );
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    let status = match Command::new(rustc).args(rest).status() {
        Ok(status) => status,
        Err(e) => {
            eprintln!("error: xtask as RUSTC_WRAPPER cannot run {rustc}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let wall_s = started.elapsed().as_secs_f64();
    let krate = rest
        .iter()
        .position(|a| a == "--crate-name")
        .and_then(|i| rest.get(i + 1));
    if let Some(krate) = krate {
        let (cpu_s, peak_kib) = children_usage();
        let features: Vec<&str> = rest
            .iter()
            .filter_map(|a| a.strip_prefix("feature=\"")?.strip_suffix('"'))
            .collect();
        let exit = match status.code() {
            Some(code) => code.to_string(),
            None => {
                use std::os::unix::process::ExitStatusExt as _;
                format!("signal {}", status.signal().unwrap_or(0))
            }
        };
        let run = RustcRun {
            krate: krate.clone(),
            exit,
            wall_s,
            cpu_s,
            peak_kib,
            features: features.join(","),
        };
        let written = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(report)
            .and_then(|mut file| file.write_all(run.line().as_bytes()));
        if let Err(e) = written {
            eprintln!(
                "error: xtask as RUSTC_WRAPPER cannot append to {}: {e}",
                report.display()
            );
            return ExitCode::FAILURE;
        }
    }
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

/// User + system CPU seconds and peak RSS (KiB) of the waited-for children: here the one
/// rustc the wrapper ran.
fn children_usage() -> (f64, u64) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it gets and nothing else.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    if rc != 0 {
        return (0.0, 0);
    }
    // SAFETY: getrusage succeeded, so it initialised the struct (and zeroed() already had).
    let usage = unsafe { usage.assume_init() };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    // Linux counts ru_maxrss in KiB, macOS in bytes.
    let peak = if cfg!(target_os = "macos") {
        usage.ru_maxrss as u64 / 1024
    } else {
        usage.ru_maxrss as u64
    };
    (cpu, peak)
}

struct Options {
    dir: Option<PathBuf>,
    selection: Selection,
    scratch: Option<PathBuf>,
    out: Option<PathBuf>,
    release: bool,
}

fn parse_args(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        dir: None,
        selection: Selection::default(),
        scratch: None,
        out: None,
        release: false,
    };
    let mut args = args.iter();
    let number = |flag: &str, value: Option<&&str>| -> Result<usize, String> {
        value
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("`{flag}` needs a number\nusage: cargo xtask {USAGE_LINE}"))
    };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(|v| (*v).to_owned())
                .ok_or_else(|| format!("`{flag}` needs a value\nusage: cargo xtask {USAGE_LINE}"))
        };
        match *arg {
            "--group" => options.selection.named.push(value("--group")?),
            "--largest" => options.selection.largest = number("--largest", args.next())?,
            "--smallest" => options.selection.smallest = number("--smallest", args.next())?,
            "--scratch" => options.scratch = Some(PathBuf::from(value("--scratch")?)),
            "--out" => options.out = Some(PathBuf::from(value("--out")?)),
            "--release" => options.release = true,
            other if other.starts_with("--") => {
                return Err(format!(
                    "unknown flag `{other}`\nusage: cargo xtask {USAGE_LINE}"
                ));
            }
            other if options.dir.is_none() => options.dir = Some(PathBuf::from(other)),
            other => {
                return Err(format!(
                    "a second spec folder `{other}`: give one\nusage: cargo xtask {USAGE_LINE}"
                ));
            }
        }
    }
    Ok(options)
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = parse_args(args)?;
    let scratch = options.scratch.clone().unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"))
            .join("build-groups")
    });
    let workspace = scratch.join("workspace");
    let target = scratch.join("target");
    fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let scratch = scratch
        .canonicalize()
        .map_err(|e| format!("{}: {e}", scratch.display()))?;

    // 1. The specs, and which of them load.
    let dir = spec_dir(root, &scratch, options.dir.as_deref())?;
    let specs = crate::catalogue::read(&dir)?;
    let mut loaded = Vec::new();
    let mut rejected = Vec::new();
    for (path, text) in specs {
        match taobao_top_codegen::load(&path, &text) {
            Ok(_) => loaded.push((path, text)),
            Err(error) => rejected.push(error.to_string()),
        }
    }
    println!(
        "{} specs in {}: {} load, {} rejected by the loader and skipped{}",
        loaded.len() + rejected.len(),
        dir.display(),
        loaded.len(),
        rejected.len(),
        if rejected.is_empty() {
            String::new()
        } else {
            " (tests/fixtures/catalogue/rejected.txt says why)".to_owned()
        }
    );
    for error in &rejected {
        println!("  skipped: {error}");
    }

    // 2. A scratch copy of the workspace with them as its spec/, regenerated.
    let started = Instant::now();
    copy_workspace(root, &workspace, &scratch)?;
    write_specs(&workspace.join("spec"), &loaded)?;
    let (generated, errors) = taobao_top_codegen::generate_valid(&loaded);
    let generated = generated.ok_or_else(|| {
        format!(
            "generating the catalogue failed with {} errors, e.g. {}",
            errors.len(),
            errors.first().map(ToString::to_string).unwrap_or_default()
        )
    })?;
    for error in &errors {
        println!("  left out (does not generate beside the others): {error}");
    }
    // The manifest with the catalogue's features, written only when it changes: never the
    // repository's own (three groups) in between, which a build running at that moment
    // would read, and an unchanged manifest keeps its mtime.
    let manifest_path = root.join(&generated.manifest.path);
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    write_if_changed(
        &workspace.join(&generated.manifest.path),
        generated.manifest.splice(&manifest)?.as_bytes(),
    )?;
    let changed = regenerate::write_generated(&workspace, &generated)?;
    let groups: Vec<Group> = generated
        .groups
        .iter()
        .map(|group| Group::new(group.clone(), &generated.files))
        .collect();
    let total_apis: usize = groups.iter().map(|g| g.apis).sum();
    println!(
        "scratch workspace {}: {} groups, {total_apis} APIs, {} generated files ({changed} written), {:.1} s",
        workspace.display(),
        groups.len(),
        generated.files.len(),
        started.elapsed().as_secs_f64()
    );
    let picked = options.selection.pick(&groups)?;

    // 3. Dependencies, the runtime and the crate with no group; then each group alone.
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| scratch.join("build-groups.tsv"));
    let mut tsv = String::from(
        "group\tfeature\tapis\tlines\trustc_wall_s\trustc_cpu_s\tpeak_mib\tcargo_wall_s\tstatus\n",
    );
    let builder = Builder {
        workspace: &workspace,
        target: &target,
        report: scratch.join("rustc-report.tsv"),
        release: options.release,
    };
    println!(
        "building in {} (target {}, {} profile, not incremental); dependencies first",
        workspace.display(),
        target.display(),
        if options.release { "release" } else { "debug" }
    );
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    println!(
        "{:<36} {:>5} {:>8} {:>8} {:>8} {:>9} {:>8}  status",
        "group", "APIs", "lines", "wall s", "cpu s", "peak MiB", "cargo s"
    );
    let mut record = |name: &str, feature: &str, apis: usize, lines: usize, build: Build| {
        let (wall, cpu, peak) = match &build.rustc {
            Some(run) => (
                format!("{:.1}", run.wall_s),
                format!("{:.1}", run.cpu_s),
                format!("{:.0}", run.peak_mib()),
            ),
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "{name:<36} {apis:>5} {lines:>8} {wall:>8} {cpu:>8} {peak:>9} {:>8.1}  {}",
            build.cargo_wall_s, build.status
        );
        let _ = writeln!(
            tsv,
            "{name}\t{feature}\t{apis}\t{lines}\t{wall}\t{cpu}\t{peak}\t{:.1}\t{}",
            build.cargo_wall_s, build.status
        );
        // Written after every build, so that an interrupted run keeps what it measured.
        fs::write(&out, &tsv).map_err(|e| format!("cannot write {}: {e}", out.display()))
    };
    let baseline = builder.build(None)?;
    if baseline.status != "ok" {
        record("(no group)", "", 0, 0, baseline)?;
        return Err(format!(
            "the crate does not build with no group, so no group was tried (see above; {})",
            out.display()
        ));
    }
    record("(no group)", "", 0, 0, baseline)?;
    for &index in &picked {
        let group = &groups[index];
        let build = builder.build(Some(&group.feature))?;
        if build.status != "ok" {
            failed.push(group.prefix.clone());
        }
        if let Some(run) = &build.rustc {
            rows.push(Measured {
                apis: group.apis,
                lines: group.lines,
                wall_s: run.wall_s,
                cpu_s: run.cpu_s,
                peak_mib: run.peak_mib(),
            });
        }
        record(
            &group.prefix,
            &group.feature,
            group.apis,
            group.lines,
            build,
        )?;
    }
    println!("table written to {}", out.display());
    print_slopes(&rows, &groups);
    if failed.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} of {} groups failed to build: {} (the output of each is above; {})",
        failed.len(),
        picked.len(),
        failed.join(", "),
        out.display()
    ))
}

/// The least-squares line through the measured groups (time and memory against APIs), and
/// what it predicts for building every group of the catalogue one after the other.
fn print_slopes(rows: &[Measured], groups: &[Group]) {
    let distinct: BTreeSet<usize> = rows.iter().map(|r| r.apis).collect();
    if distinct.len() < 2 {
        return;
    }
    let apis = |r: &Measured| r.apis as f64;
    let (wall, wall0) = fit(rows, apis, |r| r.wall_s);
    let (cpu, cpu0) = fit(rows, apis, |r| r.cpu_s);
    let (mib, mib0) = fit(rows, apis, |r| r.peak_mib);
    println!(
        "fit over {} groups (y = a + b * APIs): wall {wall0:.1} s + {wall:.3} s/API, CPU {cpu0:.1} s + {cpu:.3} s/API, peak {mib0:.0} MiB + {mib:.1} MiB/API",
        rows.len()
    );
    // Groups differ in lines per API (a few to hundreds of fields): lines predict better.
    let klines = |r: &Measured| r.lines as f64 / 1000.0;
    let (wall_k, wall_k0) = fit(rows, klines, |r| r.wall_s);
    let (cpu_k, cpu_k0) = fit(rows, klines, |r| r.cpu_s);
    let (mib_k, mib_k0) = fit(rows, klines, |r| r.peak_mib);
    println!(
        "fit against generated lines (y = a + b * thousand lines): wall {wall_k0:.1} s + {wall_k:.2} s, CPU {cpu_k0:.1} s + {cpu_k:.2} s, peak {mib_k0:.0} MiB + {mib_k:.1} MiB",
    );
    let total_apis: usize = groups.iter().map(|g| g.apis).sum();
    let total_klines = groups.iter().map(|g| g.lines).sum::<usize>() as f64 / 1000.0;
    let count = groups.len() as f64;
    let by_apis = count * wall0 + total_apis as f64 * wall;
    let by_lines = count * wall_k0 + total_klines * wall_k;
    println!(
        "predicted: every one of the {} groups ({total_apis} APIs, {total_klines:.0} k lines), one after the other, {:.0} min of rustc wall time by the APIs fit, {:.0} min by the lines fit",
        groups.len(),
        by_apis / 60.0,
        by_lines / 60.0,
    );
}

/// One group's figures, for the fit.
struct Measured {
    apis: usize,
    lines: usize,
    wall_s: f64,
    cpu_s: f64,
    peak_mib: f64,
}

/// `(slope, intercept)` of the least-squares line of `y` against `x`.
fn fit(
    rows: &[Measured],
    x: impl Fn(&Measured) -> f64,
    y: impl Fn(&Measured) -> f64,
) -> (f64, f64) {
    let n = rows.len() as f64;
    let mean_x = rows.iter().map(&x).sum::<f64>() / n;
    let mean_y = rows.iter().map(&y).sum::<f64>() / n;
    let sxy: f64 = rows.iter().map(|r| (x(r) - mean_x) * (y(r) - mean_y)).sum();
    let sxx: f64 = rows.iter().map(|r| (x(r) - mean_x).powi(2)).sum();
    let slope = sxy / sxx;
    (slope, mean_y - slope * mean_x)
}

struct Builder<'a> {
    workspace: &'a Path,
    target: &'a Path,
    report: PathBuf,
    release: bool,
}

struct Build {
    /// `taobao_top`'s rustc run (none when cargo did not compile it).
    rustc: Option<RustcRun>,
    cargo_wall_s: f64,
    /// `ok`, or what failed.
    status: String,
}

impl Builder<'_> {
    /// `cargo build -p taobao-top --no-default-features [--features F]` in the scratch
    /// workspace, with this program as rustc's wrapper. Cargo's output is shown only when the
    /// build fails (its last lines).
    fn build(&self, feature: Option<&str>) -> Result<Build, String> {
        let lib = self.workspace.join("generated/src/lib.rs");
        fs::File::options()
            .write(true)
            .open(&lib)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
        fs::write(&self.report, "")
            .map_err(|e| format!("cannot write {}: {e}", self.report.display()))?;
        let wrapper =
            std::env::current_exe().map_err(|e| format!("cannot find xtask's own binary: {e}"))?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(self.workspace)
            .args([
                "build",
                "--locked",
                "-p",
                "taobao-top",
                "--no-default-features",
            ])
            .env("CARGO_TARGET_DIR", self.target)
            .env("CARGO_INCREMENTAL", "0")
            // Generated code must compile without a warning (issue 16): one fails the group,
            // named in its report. Dependencies from the registry are capped by cargo anyway.
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTC_WRAPPER", &wrapper)
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env(WRAPPER_ENV, &self.report)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(feature) = feature {
            command.args(["--features", feature]);
        }
        if self.release {
            command.arg("--release");
        }
        let started = Instant::now();
        let output = command.output().map_err(|e| {
            format!(
                "cannot run cargo build in {}: {e}",
                self.workspace.display()
            )
        })?;
        let cargo_wall_s = started.elapsed().as_secs_f64();
        let report = fs::read_to_string(&self.report)
            .map_err(|e| format!("cannot read {}: {e}", self.report.display()))?;
        let mut rustc: Option<RustcRun> = None;
        for line in report.lines() {
            let run = RustcRun::parse(line)?;
            if run.krate == CRATE {
                rustc = Some(match rustc {
                    None => run,
                    Some(before) => RustcRun {
                        wall_s: before.wall_s + run.wall_s,
                        cpu_s: before.cpu_s + run.cpu_s,
                        peak_kib: before.peak_kib.max(run.peak_kib),
                        ..run
                    },
                });
            }
        }
        let status = if output.status.success() {
            "ok".to_owned()
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
            // Each error's headline and where it is, however long the output.
            let mut errors = Vec::new();
            let mut lines = stderr.lines().peekable();
            while let Some(line) = lines.next() {
                if line.starts_with("error") {
                    errors.push(line);
                    if let Some(place) = lines.next_if(|next| next.trim_start().starts_with("-->"))
                    {
                        errors.push(place);
                    }
                }
            }
            eprintln!(
                "cargo build -p taobao-top --no-default-features{} failed in {}:\n{}\n...\n{}",
                feature
                    .map(|f| format!(" --features {f}"))
                    .unwrap_or_default(),
                self.workspace.display(),
                errors.join("\n"),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
            match rustc.as_ref().map(|r| r.exit.as_str()) {
                Some(exit) if exit != "0" => format!("FAILED (rustc exit {exit})"),
                _ => format!("FAILED (cargo {})", output.status),
            }
        };
        Ok(Build {
            rustc,
            cargo_wall_s,
            status,
        })
    }
}

/// DIR, or the default `../shared/catalogue/specs`, or else the vendored catalogue unpacked
/// into the scratch folder.
fn spec_dir(root: &Path, scratch: &Path, dir: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = dir {
        return Ok(dir.to_owned());
    }
    let shared = root.join("../shared/catalogue/specs");
    if shared.is_dir() {
        return Ok(shared);
    }
    let archive = root.join("tests/fixtures/catalogue/specs.tar.xz");
    let into = scratch.join("catalogue");
    fs::create_dir_all(&into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    println!(
        "{} is missing: unpacking {} into {}",
        shared.display(),
        archive.display(),
        into.display()
    );
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(&into)
        .status()
        .map_err(|e| format!("cannot run tar to unpack {}: {e}", archive.display()))?;
    if !status.success() {
        return Err(format!(
            "tar -xJf {} -C {} failed ({status})",
            archive.display(),
            into.display()
        ));
    }
    Ok(into.join("specs"))
}

/// What a build of the repository needs, copied into `to`: every file under `root` but the
/// git data, target folders, `spec/`, the generated APIs and the generated crate's manifest
/// (all three replaced) and `fuzz/` (a workspace of its own). A file already there with the same bytes is left alone, so cargo
/// finds the runtime and the dependencies fresh on a second run.
fn copy_workspace(root: &Path, to: &Path, scratch: &Path) -> Result<(), String> {
    let skipped = |relative: &Path| {
        let text = relative.to_string_lossy().replace('\\', "/");
        matches!(text.as_str(), ".git" | "spec" | "fuzz")
            || text == taobao_top_codegen::emit::GENERATED_DIR
            || text == taobao_top_codegen::manifest::MANIFEST_PATH
            || relative.file_name().is_some_and(|name| name == "target")
    };
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let from = root.join(&relative);
        if from.canonicalize().is_ok_and(|path| path == scratch) {
            continue;
        }
        let entries =
            fs::read_dir(&from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        fs::create_dir_all(to.join(&relative))
            .map_err(|e| format!("cannot create {}: {e}", to.join(&relative).display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
            let path = relative.join(entry.file_name());
            if skipped(&path) {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                let bytes = fs::read(entry.path())
                    .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
                write_if_changed(&to.join(&path), &bytes)?;
            }
        }
    }
    Ok(())
}

/// `spec/` of the scratch copy: exactly the specs that load.
fn write_specs(dir: &Path, specs: &[(String, String)]) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let wanted: BTreeSet<&str> = specs
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("spec/"))
        .collect();
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !wanted.contains(name.as_str()) {
            fs::remove_file(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    for (path, text) in specs {
        let name = path.strip_prefix("spec/").unwrap_or(path);
        write_if_changed(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(prefix: &str, apis: usize) -> Group {
        Group {
            module: prefix.replace('.', "_"),
            feature: prefix.replace('.', "-"),
            prefix: prefix.to_owned(),
            apis,
            lines: 0,
        }
    }

    #[test]
    fn a_group_counts_the_lines_of_its_own_files() {
        let file = |path: &str, contents: &str| taobao_top_codegen::GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        };
        let files = [
            file("generated/src/apis/a_b/one.rs", "1\n2\n"),
            file("generated/src/apis/a_b/mod.rs", "1\n"),
            file("generated/src/apis/a_bc/one.rs", "1\n2\n3\n"),
            file("generated/src/apis/mod.rs", "1\n"),
        ];
        let declared = taobao_top_codegen::manifest::ApiGroup {
            feature: "a-b".to_owned(),
            module: "a_b".to_owned(),
            prefix: "a.b".to_owned(),
            apis: 1,
        };
        assert_eq!(
            Group::new(declared, &files),
            Group {
                lines: 3,
                ..group("a.b", 1)
            }
        );
    }

    #[test]
    fn selection_names_then_largest_then_smallest_each_once() {
        let groups = [
            group("a.a", 5),
            group("b.b", 50),
            group("c.c", 1),
            group("d.d", 20),
        ];
        let pick = |named: &[&str], largest, smallest| {
            Selection {
                named: named.iter().map(|s| (*s).to_owned()).collect(),
                largest,
                smallest,
            }
            .pick(&groups)
        };
        assert_eq!(pick(&[], 0, 0).unwrap(), [0, 1, 2, 3]);
        assert_eq!(pick(&["d-d", "a_a"], 0, 0).unwrap(), [3, 0]);
        assert_eq!(pick(&["d.d"], 2, 1).unwrap(), [3, 1, 2]);
        let unknown = pick(&["e.e"], 0, 0).unwrap_err();
        assert!(unknown.contains("--group e.e"), "{unknown}");
    }

    #[test]
    fn a_report_line_reads_back() {
        let run = RustcRun {
            krate: "taobao_top".into(),
            exit: "signal 9".into(),
            wall_s: 12.5,
            cpu_s: 20.25,
            peak_kib: 2048,
            features: "alibaba-pos,blocking".into(),
        };
        assert_eq!(RustcRun::parse(run.line().trim_end()).unwrap(), run);
        assert_eq!(run.peak_mib(), 2.0);
        assert!(RustcRun::parse("taobao_top\t0\t1").is_err());
        assert!(RustcRun::parse("taobao_top\t0\tx\t1\t2\t").is_err());
    }

    #[test]
    fn options_parse_and_errors_say_which_flag() {
        let options =
            parse_args(&["dir", "--group", "a.b", "--largest", "3", "--out", "x.tsv"]).unwrap();
        assert_eq!(options.dir, Some(PathBuf::from("dir")));
        assert_eq!(options.selection.named, ["a.b"]);
        assert_eq!(options.selection.largest, 3);
        assert_eq!(options.out, Some(PathBuf::from("x.tsv")));
        for (args, flag) in [
            (&["--largest", "many"][..], "--largest"),
            (&["--group"][..], "--group"),
            (&["--fast"][..], "--fast"),
        ] {
            let error = parse_args(args).err().unwrap();
            assert!(error.contains(flag), "{error}");
        }
    }
}
