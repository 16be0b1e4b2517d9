//! The generator's one concurrency tool: map a slice on every core, keeping the input order.
//!
//! Loading and emitting one API is independent of every other API, and most of a large
//! regenerate is spent there (tokens, `syn`, prettyplease). Results come back in the input's
//! order, so the output stays byte-for-byte deterministic whatever the scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Below this many items a thread costs more than it saves.
const MIN_ITEMS_PER_THREAD: usize = 4;

/// `items.iter().map(f).collect()`, run on up to `available_parallelism` threads. Items are
/// handed out one at a time (APIs vary widely in size), and a panic in `f` is re-raised here.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len() / MIN_ITEMS_PER_THREAD);
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = Vec::with_capacity(items.len());
    slots.resize_with(items.len(), || None);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, f(item)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => {
                    for (index, result) in done {
                        slots[index] = Some(result);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.expect("every index is taken by exactly one worker"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn keeps_the_input_order_and_maps_every_item_once() {
        let items: Vec<usize> = (0..1000).collect();
        let squares = map(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn small_and_empty_inputs() {
        assert_eq!(map(&[] as &[u8], |n| *n), Vec::<u8>::new());
        assert_eq!(map(&[1, 2], |n| n + 1), vec![2, 3]);
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        map(&items, |&n| if n == 7 { panic!("item 7") } else { n });
    }
}
