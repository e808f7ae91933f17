//! Batch checking on all cores: one thread reads the inputs in chunks, worker threads parse
//! and check them, and the caller gets every post back in input order, with a bounded
//! number of chunks in flight (memory stays flat however large the input is).

use crate::input::{self, Item};
use postlint::Error;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Mutex, PoisonError};

/// How the inputs are read.
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    /// Each file (or stdin) is one post.
    Text,
    /// Each line is a JSON object; the post is in this field.
    Jsonl { text_field: &'a str },
    /// A CSV file with a header row; each row is a post, its text in this column.
    Csv { text_field: &'a str, id_field: Option<&'a str> },
}

/// A unit of work handed to a thread.
enum Job {
    TextFile(String),
    CsvFile(String),
    Lines(input::JsonlChunk),
    Failed(Error),
}

/// Chunks that may be read ahead of the one being written, per worker thread.
const IN_FLIGHT_PER_THREAD: usize = 2;

/// Read every post of `sources` (as `input::expand_paths` returns them), run `work` on each
/// post or input error on all cores, and call `each` with the results in input order, until
/// `each` returns false (the output was closed: `postlint check big.jsonl | head -1`); then
/// reading and checking stop too. A single text post (the pre-commit case) is done on the
/// calling thread.
pub fn for_each<T: Send>(
    sources: Vec<Result<String, Error>>,
    mode: Mode<'_>,
    work: impl Fn(Item) -> T + Sync,
    each: impl FnMut(T) -> bool,
) {
    let single_post = matches!(mode, Mode::Text) && sources.len() <= 1;
    let threads = if single_post { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()) };
    let produce = move |emit: &mut dyn FnMut(Job) -> bool| {
        for source in sources {
            let keep_going = match source {
                Err(e) => emit(Job::Failed(e)),
                Ok(path) => match mode {
                    Mode::Text => emit(Job::TextFile(path)),
                    Mode::Csv { .. } => emit(Job::CsvFile(path)),
                    Mode::Jsonl { .. } => {
                        let mut open = true;
                        input::read_jsonl_chunks(&path, input::JSONL_CHUNK_BYTES, |chunk| {
                            open = emit(match chunk {
                                Ok(c) => Job::Lines(c),
                                Err(e) => Job::Failed(e),
                            });
                            open
                        });
                        open
                    }
                },
            };
            if !keep_going {
                return;
            }
        }
    };
    let run = |job: Job| -> Vec<T> {
        match job {
            Job::TextFile(path) => input::read_text_post(&path).map(&work).into_iter().collect(),
            Job::CsvFile(path) => match mode {
                Mode::Csv { text_field, id_field } => {
                    input::read_csv_posts(&path, text_field, id_field).into_iter().map(&work).collect()
                }
                _ => Vec::new(),
            },
            Job::Lines(chunk) => {
                let field = match mode {
                    Mode::Jsonl { text_field } => text_field,
                    Mode::Text | Mode::Csv { .. } => "text",
                };
                chunk.posts(field).map(&work).collect()
            }
            Job::Failed(e) => vec![work(Err(e))],
        }
    };
    let mut each = each;
    ordered_map(threads, produce, run, |results| results.into_iter().all(&mut each));
}

/// Run `work` over the jobs `produce` emits on `threads` threads and hand the results to
/// `sink` (on the calling thread) in the order the jobs were emitted, until `sink` returns
/// false. At most `threads * IN_FLIGHT_PER_THREAD` jobs are between `produce` and `sink` at
/// any time.
fn ordered_map<J: Send, R: Send>(
    threads: usize,
    produce: impl FnOnce(&mut dyn FnMut(J) -> bool) + Send,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(R) -> bool,
) {
    if threads <= 1 {
        produce(&mut |job| sink(work(job)));
        return;
    }
    let slots = threads * IN_FLIGHT_PER_THREAD;
    let (job_tx, job_rx) = sync_channel::<(usize, J)>(slots);
    let job_rx = Mutex::new(job_rx);
    let (result_tx, result_rx) = channel::<(usize, R)>();
    // A job may only be read once a slot is free; the sink frees one per result written.
    let (slot_tx, slot_rx) = sync_channel::<()>(slots);
    for _ in 0..slots {
        // Cannot fail: the receiver is alive and the channel has room for every slot.
        let _ = slot_tx.send(());
    }
    // Set when the sink wants no more: the reader and the workers stop at their next job.
    let stop = AtomicBool::new(false);
    // Taken by the reader thread, or back here if no thread could be started.
    let produce = Mutex::new(Some(produce));
    let take_produce = || produce.lock().unwrap_or_else(PoisonError::into_inner).take();
    std::thread::scope(|scope| {
        let mut workers = 0;
        for i in 0..threads {
            let (job_rx, result_tx, work, stop) = (&job_rx, result_tx.clone(), &work, &stop);
            let worker =
                std::thread::Builder::new().name(format!("postlint-check-{i}")).spawn_scoped(scope, move || {
                    while let Some((seq, job)) = next_job(job_rx) {
                        if stop.load(Ordering::Relaxed) || result_tx.send((seq, work(job))).is_err() {
                            return;
                        }
                    }
                });
            workers += usize::from(worker.is_ok());
        }
        drop(result_tx);
        let stop = &stop;
        let reader = (workers > 0).then(|| {
            std::thread::Builder::new().name("postlint-read".into()).spawn_scoped(scope, move || {
                let Some(produce) = take_produce() else { return };
                let mut seq = 0;
                produce(&mut |job| {
                    // Both fail only when the consumer side has gone: stop reading.
                    if slot_rx.recv().is_err() || stop.load(Ordering::Relaxed) || job_tx.send((seq, job)).is_err() {
                        return false;
                    }
                    seq += 1;
                    true
                });
            })
        });
        if let Some(Ok(_)) = reader {
            if !write_in_order(result_rx, &slot_tx, &mut sink) {
                stop.store(true, Ordering::Relaxed);
            }
            // A reader waiting for a slot wakes up and sees `stop` (or the channel closed).
            drop(slot_tx);
        } else if let Some(produce) = take_produce() {
            // No threads to be had (the workers, if any, have stopped: the job channel closed).
            produce(&mut |job| sink(work(job)));
        }
    });
}

fn next_job<J>(rx: &Mutex<Receiver<(usize, J)>>) -> Option<(usize, J)> {
    rx.lock().unwrap_or_else(PoisonError::into_inner).recv().ok()
}

/// Hand results to `sink` by sequence number, holding back those that arrive early; false
/// when the sink asked to stop (the results are then dropped, so the workers stop sending).
fn write_in_order<R>(results: Receiver<(usize, R)>, slots: &SyncSender<()>, sink: &mut impl FnMut(R) -> bool) -> bool {
    let mut next = 0;
    let mut early: BTreeMap<usize, R> = BTreeMap::new();
    for (seq, result) in &results {
        early.insert(seq, result);
        while let Some(result) = early.remove(&next) {
            if !sink(result) {
                return false;
            }
            next += 1;
            // Fails only once the reader has finished; nothing is waiting for a slot then.
            let _ = slots.send(());
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn results_come_back_in_order_with_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let mut out = Vec::new();
            ordered_map(
                threads,
                |emit| {
                    for i in 0..500u64 {
                        if !emit(i) {
                            return;
                        }
                    }
                },
                // Uneven work so that later jobs often finish first.
                |i| {
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    i * 2
                },
                |r| {
                    out.push(r);
                    true
                },
            );
            assert_eq!(out, (0..500).map(|i| i * 2).collect::<Vec<_>>(), "threads = {threads}");
        }
    }

    #[test]
    fn a_sink_that_stops_stops_the_reader() {
        for threads in [1, 2, 3] {
            let (mut read, mut out) = (0, Vec::new());
            ordered_map(
                threads,
                |emit| {
                    for i in 0..1_000_000u64 {
                        read += 1;
                        if !emit(i) {
                            return;
                        }
                    }
                },
                |i| i,
                |r| {
                    out.push(r);
                    out.len() < 10
                },
            );
            assert_eq!(out, (0..10).collect::<Vec<_>>(), "threads = {threads}");
            // The reader stops within the jobs in flight.
            assert!(read <= 10 + threads * IN_FLIGHT_PER_THREAD + 1, "threads = {threads}: read {read}");
        }
    }

    #[test]
    fn jsonl_records_keep_their_line_numbers_across_chunks() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let mut expected = Vec::new();
        for i in 0..2000 {
            if i % 10 == 3 {
                writeln!(file, "   ").unwrap();
            } else if i % 97 == 5 {
                writeln!(file, "not json").unwrap();
                expected.push(Err(i + 1));
            } else {
                writeln!(file, r#"{{"id": {i}, "text": "{}"}}"#, "x".repeat(i % 50)).unwrap();
                expected.push(Ok(i));
            }
        }
        write!(file, r#"{{"id": "last", "text": "no newline at the end"}}"#).unwrap();
        expected.push(Ok(2000));
        let path = file.path().display().to_string();
        for chunk_bytes in [1, 100, 4096, 1 << 20] {
            let mut got = Vec::new();
            input::read_jsonl_chunks(&path, chunk_bytes, |chunk| {
                for item in chunk.unwrap().posts("text") {
                    got.push(item.map(|p| p.record.unwrap()).map_err(|e| e.line().unwrap()));
                }
                true
            });
            assert_eq!(got, expected, "chunk_bytes = {chunk_bytes}");
        }
    }
}
