//! What the benchmarks share: a small measuring harness that prints medians side by side
//! with their ratio, an allocation counter, the documented answers of
//! `alibaba.pos.order.pay`, and the hand-written minimal client every figure is compared
//! with (`baseline`).
//!
//! Benchmarks, not tests: nothing here asserts a time.

pub mod baseline;
pub mod fixtures;
pub mod harness;

/// Counts allocations, so a benchmark can report them per call.
#[global_allocator]
pub static ALLOCATOR: harness::CountingAllocator = harness::CountingAllocator;
