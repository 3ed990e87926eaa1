//! Criterion benchmarks for the text-analysis and scoring core, with no I/O:
//!
//! - `analyze/line`: [`text::analyze`] on one typical trainee line (sentences, tokens, question
//!   kinds: the grammar alone);
//! - `language/line`: the full analysis `deskcoach analyze` prints for that line: the sentence
//!   vectors, every head (intents on the line and each sentence, tone, note parts, note
//!   quality), the markers and the politeness strategies;
//! - `language/embed`: the tokens and vector of that line alone;
//! - `assess/good_note`, `assess/vague_note`: [`score::assess`] of one ticket note
//!   ([`Subject::note`]) against the built-in rubric, a specific note and a vague one;
//! - `audit/notes_1000`: [`audit::audit_note`] on the 1,000 varied notes of benches/notes.csv
//!   (written by bench/corpus.py), reported in MB/s of note text. That is the per-core scoring
//!   cost `deskcoach audit notes` pays, without the CSV reader, the worker threads or the
//!   writer (bench/audit.sh times the whole command). The library runs on the system
//!   allocator here; the binary's mimalloc makes the command faster than these figures.
//!
//! ```text
//! cargo bench --bench analysis                 # full measurement
//! cargo bench --bench analysis -- --quick      # a rough figure in a few seconds
//! cargo bench --bench analysis -- audit        # one group
//! ```

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use deskcoach::audit::{self, input::NoteRecord};
use deskcoach::rubric::Rubric;
use deskcoach::score::{self, Subject};
use deskcoach::text;

/// What a trainee typically says: an apology, then an open question.
const LINE: &str = "I'm sorry about that. What error do you see when you open Outlook?";

/// A specific note: symptom, cause, action, verification.
const GOOD_NOTE: &str = "Printer PRN-12 showed \"Offline\" for everyone on floor 3. The print queue \
                         was stuck with a 300-page job. Cleared the queue and restarted the \
                         spooler. Verified a test page printed.";

/// A vague note, the kind the audit flags.
const VAGUE_NOTE: &str = "User called, sorted it out, all good.";

/// How many notes the batch benchmark scores: those of benches/notes.csv, the first 1,000 of
/// `bench/corpus.py benches/notes.csv 0.18` (seed 7), so the batch is the notes bench/audit.sh
/// times, from one generator.
const BATCH: usize = 1_000;
const NOTES_CSV: &str = include_str!("notes.csv");

fn rubric() -> &'static Rubric {
    Rubric::builtin().expect("the built-in rubric parses")
}

fn bench_analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::BytesDecimal(LINE.len() as u64));
    group.bench_function("line", |b| b.iter(|| text::analyze(black_box(LINE))));
    group.finish();
}

fn bench_language(c: &mut Criterion) {
    let matcher = deskcoach::scenario::builtin_matcher().expect("the built-in intents load");
    let model = matcher.model();
    let mut group = c.benchmark_group("language");
    group.throughput(Throughput::BytesDecimal(LINE.len() as u64));
    group.bench_function("line", |b| {
        b.iter(|| text::profile::profile(matcher, black_box(LINE), false))
    });
    group.bench_function("embed", |b| b.iter(|| model.encoder.embed(black_box(LINE))));
    group.finish();
}

fn bench_assess(c: &mut Criterion) {
    let rubric = rubric();
    let good = score::assess(&Subject::note(GOOD_NOTE), rubric);
    let vague = score::assess(&Subject::note(VAGUE_NOTE), rubric);
    assert!(
        good.overall > vague.overall,
        "the good note should outscore the vague one ({:?} vs {:?})",
        good.overall,
        vague.overall
    );

    let mut group = c.benchmark_group("assess");
    for (name, note) in [("good_note", GOOD_NOTE), ("vague_note", VAGUE_NOTE)] {
        group.throughput(Throughput::BytesDecimal(note.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| score::assess(&Subject::note(black_box(note)), rubric))
        });
    }
    group.finish();
}

fn bench_audit_batch(c: &mut Criterion) {
    let rubric = rubric();
    let vague = audit::vague_rules(rubric);
    let records = notes();
    assert_eq!(records.len(), BATCH, "benches/notes.csv holds {BATCH} notes");
    let bytes: usize = records.iter().map(|r| r.text.len()).sum();

    let mut group = c.benchmark_group("audit");
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.bench_function("notes_1000", |b| {
        b.iter_batched(
            || records.clone(),
            |batch| {
                for record in batch {
                    black_box(audit::audit_note(record, rubric, &vague));
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_analyze, bench_language, bench_assess, bench_audit_batch);
criterion_main!(benches);

/// The notes of benches/notes.csv, as the audit reads them.
fn notes() -> Vec<NoteRecord> {
    let mut reader = audit::input::CsvNotes::new(
        NOTES_CSV.as_bytes(),
        &audit::input::Columns::default(),
        audit::input::DEFAULT_MAX_ROW_BYTES,
    )
    .expect("benches/notes.csv has a note column");
    std::iter::from_fn(|| reader.next_record())
        .map(|record| record.expect("every row of benches/notes.csv is a note"))
        .collect()
}
