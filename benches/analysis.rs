//! Criterion benchmarks for the text-analysis and scoring core, with no I/O:
//!
//! - `analyze/line`: [`text::analyze`] on one typical trainee line;
//! - `assess/good_note`, `assess/vague_note`: [`score::assess`] of one ticket note
//!   ([`Subject::note`]) against the built-in rubric, a specific note and a vague one;
//! - `audit/notes_1000`: [`audit::audit_note`] on a batch of 1,000 varied notes made here by a
//!   seeded generator (the same notes every run), reported in MB/s of note text. That is the
//!   per-core scoring cost `deskcoach audit notes` pays, without the CSV reader, the worker
//!   threads or the writer (bench/audit.sh times the whole command).
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

/// How many notes the batch benchmark scores.
const BATCH: usize = 1_000;

fn rubric() -> &'static Rubric {
    Rubric::builtin().expect("the built-in rubric parses")
}

fn bench_analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::BytesDecimal(LINE.len() as u64));
    group.bench_function("line", |b| b.iter(|| text::analyze(black_box(LINE))));
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
    let records = notes(BATCH, 7);
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

criterion_group!(benches, bench_analyze, bench_assess, bench_audit_batch);
criterion_main!(benches);

// The batch: a small Rust take on bench/corpus.py. Notes are built from a symptom, usually a
// cause, an action and usually a verification, with devices, hosts and numbers filled in at
// random; about a quarter are vague, some carry a typo, a few carry non-ASCII text.

const SYMPTOMS: &[&str] = &[
    "User could not reach any website",
    "Caller reported that {app} crashes on start",
    "{app} kept asking for a password",
    "Printer PRN-{n} showed \"Offline\" for everyone on floor {floor}",
    "User was locked out of the account after the password change",
    "Laptop {host} would not boot past the logo",
    "VPN connected but internal hosts did not resolve",
    "Phone stopped syncing mail since {day}",
    "Teams calls drop after about {n} minutes",
    "New starter had no access to the {team} folder",
    "Wi-Fi on floor {floor} is slow for the whole {team} team",
];
const CAUSES: &[&str] = &[
    "Laptop was manually configured with incorrect IP address 192.168.{floor}.{n}",
    "The print queue was stuck with a {n}-page job",
    "Cached credentials were out of date after the change on INC{ticket}",
    "DNS suffix list was missing corp.local after update KB50{n}",
    "The mail profile was corrupt",
    "Group membership was missing from the {team} access group",
    "Power saving turned the adapter off after {n} minutes idle",
    "Certificate on {host}.corp.local had expired on {day}",
];
const ACTIONS: &[&str] = &[
    "Reconfigured the adapter to use DHCP",
    "Cleared the queue and restarted the spooler",
    "Removed the stored credentials and signed in again",
    "Re-enabled the account and reset the password after verifying the employee ID",
    "Rebuilt the mail profile",
    "Added the user to the {team} group and asked them to sign out and in",
    "Renewed the certificate and restarted IIS on {host}",
    "Escalated to the network team as CHG{ticket} with the logs attached",
];
const VERIFICATIONS: &[&str] = &[
    "Verified that websites and email work",
    "Verified a test page printed",
    "User confirmed mail syncs on laptop and phone",
    "Verified {host} resolves from the user's laptop",
    "User signed in successfully while I was on the line",
    "User will call back if it happens again; left the ticket open for {n} days",
];
const VAGUE: &[&str] = &[
    "System broke... fixed it.",
    "Printer issue. Done.",
    "User called, sorted it out, all good.",
    "Reset password. Done",
    "Fixed the problem.",
    "Had a look, should be ok now.",
    "Sorted.",
    "Issue resolved, closing.",
];
const APPS: &[&str] = &["Outlook", "Teams", "SAP", "Salesforce", "Excel", "the CRM", "OneDrive"];
const TEAMS: &[&str] = &["finance", "sales", "HR", "legal", "marketing", "support"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Friday", "yesterday", "this morning"];
const NON_ASCII: &[&str] = &[
    " Caller: José Müller.",
    " Site: Zürich office.",
    " User wrote “it’s frozen again”.",
];

/// `count` notes from `seed`, numbered as a CSV export's rows are.
fn notes(count: usize, seed: u64) -> Vec<NoteRecord> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|i| NoteRecord {
            row: i as u64 + 1,
            id: format!("INC{i:07}"),
            agent: format!("agent{:02}", i % 40),
            text: note(&mut rng),
        })
        .collect()
}

fn note(rng: &mut Rng) -> String {
    if rng.chance(0.25) {
        return rng.pick(VAGUE).to_owned();
    }
    let mut parts = vec![rng.pick(SYMPTOMS)];
    if rng.chance(0.8) {
        parts.push(rng.pick(CAUSES));
    }
    parts.push(rng.pick(ACTIONS));
    if rng.chance(0.85) {
        parts.push(rng.pick(VERIFICATIONS));
    }
    let mut text: String = parts.iter().map(|p| fill(p, rng)).collect::<Vec<_>>().join(". ");
    text.push('.');
    if rng.chance(0.15) {
        text = typo(&text, rng);
    }
    if rng.chance(0.03) {
        text.push_str(rng.pick(NON_ASCII));
    }
    text
}

/// `template` with each `{name}` replaced by a random value of its kind.
fn fill(template: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("a closed placeholder");
        match &rest[open + 1..close] {
            "app" => out.push_str(rng.pick(APPS)),
            "team" => out.push_str(rng.pick(TEAMS)),
            "day" => out.push_str(rng.pick(DAYS)),
            "n" => out.push_str(&rng.range(2, 99).to_string()),
            "floor" => out.push_str(&rng.range(1, 9).to_string()),
            "host" => out.push_str(&format!("LT{:05}", rng.range(1, 99_999))),
            "ticket" => out.push_str(&format!("{:07}", rng.range(0, 9_999_999))),
            other => panic!("unknown placeholder {other}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Swaps two neighbouring letters inside one longer word, as a hurried typist does.
fn typo(text: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 7 && words[i].chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    if long.is_empty() {
        return text.to_owned();
    }
    let word = &mut words[long[rng.range(0, long.len() as u64 - 1) as usize]];
    let k = rng.range(1, word.len() as u64 - 3) as usize;
    let mut bytes = std::mem::take(word).into_bytes();
    bytes.swap(k, k + 1);
    *word = String::from_utf8(bytes).expect("ASCII letters");
    words.join(" ")
}

/// SplitMix64: small, seeded, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }
}
