//! Work spread over every core with memory that stays flat: a reader fills bounded batches,
//! workers score them, and results come back in input order.

use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

/// Items per batch: large enough that channel traffic is noise, small enough to stay flat.
const BATCH: usize = 256;

/// Runs a worker on every item `next` yields, on `jobs` threads, and hands each result to
/// `sink` in input order. Each thread makes its own worker with `worker`, so a worker may keep
/// what it learns (see [`super::NoteAuditor`]). At most about `4 * jobs` batches are in flight,
/// whatever the input size.
pub fn run<I, O, E, W>(
    jobs: usize,
    mut next: impl FnMut() -> Option<I> + Send,
    worker: impl Fn() -> W + Sync,
    mut sink: impl FnMut(O) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    O: Send,
    W: FnMut(I) -> O,
{
    let jobs = jobs.max(1);
    let (to_workers, from_reader) = sync_channel::<(u64, Vec<I>)>(jobs * 2);
    let (to_sink, from_workers) = sync_channel::<(u64, Vec<O>)>(jobs * 2);
    let from_reader = Arc::new(Mutex::new(from_reader));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let from_reader = Arc::clone(&from_reader);
            let to_sink = to_sink.clone();
            let worker = &worker;
            scope.spawn(move || {
                let mut work = worker();
                loop {
                    // The lock is held only to take a batch, never while working on it.
                    let Ok((index, batch)) = from_reader.lock().map_err(drop).and_then(|r| r.recv().map_err(drop))
                    else {
                        break;
                    };
                    if to_sink
                        .send((index, batch.into_iter().map(&mut work).collect()))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(to_sink);
        let reader = scope.spawn(move || {
            let mut index = 0;
            loop {
                let batch: Vec<I> = std::iter::from_fn(&mut next).take(BATCH).collect();
                if batch.is_empty() || to_workers.send((index, batch)).is_err() {
                    break;
                }
                index += 1;
            }
        });
        // Results arrive in any order; hold the early ones until their turn.
        let mut waiting: BTreeMap<u64, Vec<O>> = BTreeMap::new();
        let mut turn = 0;
        let mut outcome = Ok(());
        for (index, results) in from_workers {
            waiting.insert(index, results);
            while let Some(results) = waiting.remove(&turn) {
                turn += 1;
                for result in results {
                    if outcome.is_ok() {
                        outcome = sink(result);
                    }
                }
            }
            if outcome.is_err() {
                break;
            }
        }
        drop(from_reader);
        let _ = reader.join();
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_from_many_threads() {
        let mut n = 0u32;
        let mut out = Vec::new();
        let result: Result<(), ()> = run(
            4,
            || {
                n += 1;
                (n <= 5_000).then_some(n)
            },
            || |x| x * 2,
            |y| {
                out.push(y);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(out, (1..=5_000).map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_failing_sink_stops_the_run() {
        let mut n = 0u32;
        let mut seen = 0;
        let result = run(
            2,
            || {
                n += 1;
                Some(n)
            },
            || |x| x,
            |_| {
                seen += 1;
                if seen == 10 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(result, Err("closed"));
    }
}
