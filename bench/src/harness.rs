//! Measuring: calibrated batches, the median of many, and allocations counted by the global
//! allocator; results printed as a table of ours, the baseline's and the ratio.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting each allocation (and reallocation).
pub struct CountingAllocator;

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract, which is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations so far, in this process.
pub fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// One measured case.
#[derive(Clone, Copy, Debug)]
pub struct Measured {
    /// Median time per call over the samples, in nanoseconds.
    pub median_ns: f64,
    /// Allocations per call.
    pub allocations: f64,
}

/// Samples per case; the median is reported.
const SAMPLES: usize = 31;
/// Roughly how long one sample runs.
const SAMPLE_TIME: Duration = Duration::from_millis(10);

/// Measures `f`: warms up, sizes a batch to [`SAMPLE_TIME`], then takes the median per-call
/// time of [`SAMPLES`] batches, and the allocations of one batch per call.
pub fn measure<T>(mut f: impl FnMut() -> T) -> Measured {
    let mut batch: u64 = 1;
    loop {
        let started = Instant::now();
        for _ in 0..batch {
            black_box(f());
        }
        if started.elapsed() >= SAMPLE_TIME / 4 {
            break;
        }
        batch *= 2;
    }
    batch *= 4;
    let before = allocations();
    for _ in 0..batch {
        black_box(f());
    }
    let allocations = (allocations() - before) as f64 / batch as f64;
    let mut samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                black_box(f());
            }
            started.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    Measured {
        median_ns: samples[SAMPLES / 2],
        allocations,
    }
}

/// A table of cases, ours beside the baseline's.
#[derive(Default)]
pub struct Table {
    rows: Vec<(String, Measured, Option<Measured>)>,
}

impl Table {
    /// A case with no baseline counterpart.
    pub fn alone(&mut self, name: &str, ours: Measured) {
        self.rows.push((name.to_owned(), ours, None));
    }

    /// A case and the baseline doing the same work.
    pub fn compare(&mut self, name: &str, ours: Measured, baseline: Measured) {
        self.rows.push((name.to_owned(), ours, Some(baseline)));
    }

    /// Prints the table: time per call, allocations per call, and the ratios.
    pub fn print(&self, title: &str) {
        println!("\n{title}");
        println!(
            "{:<44} {:>10} {:>10} {:>7} {:>8} {:>8} {:>7}",
            "case", "ours", "baseline", "ratio", "allocs", "base", "ratio"
        );
        for (name, ours, baseline) in &self.rows {
            match baseline {
                Some(base) => println!(
                    "{:<44} {:>10} {:>10} {:>6.2}x {:>8.1} {:>8.1} {:>6.2}x",
                    name,
                    time(ours.median_ns),
                    time(base.median_ns),
                    ours.median_ns / base.median_ns,
                    ours.allocations,
                    base.allocations,
                    ratio(ours.allocations, base.allocations),
                ),
                None => println!(
                    "{:<44} {:>10} {:>10} {:>7} {:>8.1}",
                    name,
                    time(ours.median_ns),
                    "",
                    "",
                    ours.allocations
                ),
            }
        }
    }
}

fn ratio(ours: f64, baseline: f64) -> f64 {
    if baseline == 0.0 {
        if ours == 0.0 { 1.0 } else { f64::INFINITY }
    } else {
        ours / baseline
    }
}

/// `1.23 us`, `456 ns`.
pub fn time(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} us", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}
