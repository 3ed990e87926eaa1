//! `deskcoach audit`: the same rubric on a team's real work. Ticket notes from a ticketing
//! export, or chat and call transcripts, scored in bulk on every core with flat memory, with
//! per-item results and a summary a manager can act on.

pub mod csv_rows;
pub mod input;
pub mod pipeline;
pub mod summary;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::call::Turn;
use crate::rubric::{Level, Rubric};
use crate::scenario::builtin_matcher;
use crate::score::{Keep, Subject, assess_keeping};
use crate::text::analyze;
use crate::text::markers::MarkerSet;

/// One finding in an audit result: the rule and what it said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditFinding {
    pub rule: Arc<str>,
    pub level: Level,
    pub message: String,
}

/// What the audit says about one note or call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditResult {
    pub row: u64,
    pub id: String,
    pub agent: String,
    /// The overall score, 0-100 (for a note, its documentation score).
    pub score: Option<u32>,
    pub passed: bool,
    /// A note that used a vague phrase ("fixed it", "done").
    pub vague: bool,
    /// Shared by every repeat of a note (see [`NoteAuditor`]).
    pub findings: Arc<[AuditFinding]>,
}

impl AuditResult {
    /// The result as `serde_json` writes it (a test holds the two to that), on one line, but
    /// copying text that needs no escaping as it is: messages are most of an audit's output,
    /// and escaping them byte by byte was most of the cost of writing it.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"row\":");
        push_decimal(out, self.row);
        out.extend_from_slice(b",\"id\":");
        json_string(out, &self.id);
        out.extend_from_slice(b",\"agent\":");
        json_string(out, &self.agent);
        out.extend_from_slice(b",\"score\":");
        match self.score {
            Some(score) => push_decimal(out, u64::from(score)),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(if self.passed {
            b",\"passed\":true"
        } else {
            b",\"passed\":false"
        });
        out.extend_from_slice(if self.vague {
            b",\"vague\":true"
        } else {
            b",\"vague\":false"
        });
        out.extend_from_slice(b",\"findings\":[");
        for (i, f) in self.findings.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"{\"rule\":" } else { b",{\"rule\":" });
            json_string(out, &f.rule);
            out.extend_from_slice(b",\"level\":\"");
            out.extend_from_slice(f.level.name().as_bytes());
            out.extend_from_slice(b"\",\"message\":");
            json_string(out, &f.message);
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
}

/// `n` in decimal, as `serde_json` writes an integer.
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// `text` as a JSON string: as it is between quotes when nothing in it needs escaping (no
/// quote, backslash or control character), else as `serde_json` escapes it.
fn json_string(out: &mut Vec<u8>, text: &str) {
    if !needs_escape(text.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

/// Whether JSON escapes any of `bytes`: a quote, a backslash or a control character. Read
/// eight bytes at a time, with the usual tests for a zero byte and a byte below a bound
/// ("Bit Twiddling Hacks"): each tells exactly whether any byte of the word qualifies.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let mut words = bytes.chunks_exact(8);
    let escaped = words.by_ref().any(|word| {
        let x = u64::from_ne_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]]);
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0;
        control || zero_byte(x ^ (ONES * u64::from(b'"'))) || zero_byte(x ^ (ONES * u64::from(b'\\')))
    });
    escaped || words.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The rules of a rubric that judge vagueness: those built on the `vague_note` marker list.
pub fn vague_rules(rubric: &Rubric) -> Vec<String> {
    rubric
        .file
        .rules
        .iter()
        .filter(|r| r.markers.contains(&MarkerSet::VagueNote))
        .map(|r| r.id.clone())
        .collect()
}

/// Scores one ticket note, by the same path `score --note` takes.
pub fn audit_note(record: input::NoteRecord, rubric: &Rubric, vague: &[String]) -> AuditResult {
    note_verdict(&record.text, rubric, vague).result(record.row, record.id, record.agent)
}

fn note_verdict(text: &str, rubric: &Rubric, vague: &[String]) -> Verdict {
    Verdict::of(&Subject::note(text), rubric, vague)
}

/// Notes up to this long are kept with their results for their repeats: canned closing notes
/// are short, and longer notes almost never repeat word for word.
const REPEATABLE_NOTE_BYTES: usize = 80;

/// At most this many distinct short notes are kept; the memo is emptied when it is full, so
/// memory stays flat whatever the export (about 1 MB a worker at most).
const REPEATS_KEPT: usize = 1024;

/// Scores ticket notes for one worker of an audit, each distinct short note once. Exports
/// repeat their canned closing notes ("Done.", "Fixed it.") thousands of times, and the same
/// text always scores the same ([`audit_note`] is a function of the text and the rubric).
pub struct NoteAuditor<'r> {
    rubric: &'r Rubric,
    vague: &'r [String],
    /// Keyed by untrusted text, so the hasher is seeded at random.
    repeats: HashMap<String, Verdict, foldhash::fast::RandomState>,
}

impl<'r> NoteAuditor<'r> {
    pub fn new(rubric: &'r Rubric, vague: &'r [String]) -> NoteAuditor<'r> {
        NoteAuditor {
            rubric,
            vague,
            repeats: HashMap::default(),
        }
    }

    /// [`audit_note`], for a worker that has seen notes before.
    pub fn audit(&mut self, record: input::NoteRecord) -> AuditResult {
        if record.text.len() > REPEATABLE_NOTE_BYTES {
            return audit_note(record, self.rubric, self.vague);
        }
        let verdict = match self.repeats.get(&record.text) {
            Some(verdict) => verdict.clone(),
            None => {
                let verdict = note_verdict(&record.text, self.rubric, self.vague);
                if self.repeats.len() >= REPEATS_KEPT {
                    self.repeats.clear();
                }
                self.repeats.insert(record.text, verdict.clone());
                verdict
            }
        };
        verdict.result(record.row, record.id, record.agent)
    }
}

/// What an audit says of a note's or call's content, whoever wrote it.
#[derive(Debug, Clone)]
struct Verdict {
    score: Option<u32>,
    passed: bool,
    vague: bool,
    findings: Arc<[AuditFinding]>,
}

impl Verdict {
    /// The assessment of `subject`, with its deductions: what a manager acts on.
    fn of(subject: &Subject, rubric: &Rubric, vague: &[String]) -> Verdict {
        let a = assess_keeping(subject, rubric, Keep::Deductions);
        // Straight into the shared slice: one allocation, not a vector's and then the slice's.
        let deductions: Arc<[AuditFinding]> = a
            .findings
            .into_iter()
            .map(|f| AuditFinding {
                rule: f.rule,
                level: f.level,
                message: f.message,
            })
            .collect();
        Verdict {
            score: a.overall,
            passed: a.passed,
            vague: deductions.iter().any(|f| vague.iter().any(|v| **v == *f.rule)),
            findings: deductions,
        }
    }

    fn result(self, row: u64, id: String, agent: String) -> AuditResult {
        AuditResult {
            row,
            id,
            agent,
            score: self.score,
            passed: self.passed,
            vague: self.vague,
            findings: self.findings,
        }
    }
}

/// A chat or call transcript from an export: `{"id", "agent", "turns": [{"role", "text"}]}`.
#[derive(Debug, Clone)]
pub struct CallRecord {
    pub row: u64,
    pub id: String,
    pub agent: String,
    /// (is the agent speaking, text), in order.
    pub turns: Vec<(bool, String)>,
}

/// Reads a call from a JSON line.
pub fn call_from_json(row: u64, object: &serde_json::Value) -> Result<CallRecord, input::BadRow> {
    let bad = |reason: &str| input::BadRow {
        row,
        reason: reason.to_owned(),
    };
    let turns = object
        .get("turns")
        .and_then(|t| t.as_array())
        .ok_or_else(|| bad("no `turns` list"))?;
    let mut parsed = Vec::with_capacity(turns.len());
    for turn in turns {
        let role = turn
            .get("role")
            .and_then(|r| r.as_str())
            .ok_or_else(|| bad("a turn without a `role`"))?;
        let text = turn
            .get("text")
            .and_then(|t| t.as_str())
            .ok_or_else(|| bad("a turn without `text`"))?;
        let agent = match role.to_ascii_lowercase().as_str() {
            "agent" | "support" | "technician" => true,
            "customer" | "caller" | "user" | "end-user" => false,
            other => return Err(bad(&format!("unknown role `{other}` (use agent or customer)"))),
        };
        parsed.push((agent, text.to_owned()));
    }
    if !parsed.iter().any(|(agent, text)| *agent && !text.trim().is_empty()) {
        return Err(bad("no agent turns to score"));
    }
    Ok(CallRecord {
        row,
        id: input::field(object, None, input::ID_COLUMNS).unwrap_or_default(),
        agent: input::field(object, None, input::AGENT_COLUMNS).unwrap_or_default(),
        turns: parsed,
    })
}

/// Scores a real call with the line rules of the rubric: each agent line is a turn, the
/// customer's next line its reply. With no scenario and no mood, rules that need them are N/A.
pub fn audit_call(record: CallRecord, rubric: &Rubric, vague: &[String]) -> AuditResult {
    let matcher = builtin_matcher().ok();
    let mut turns: Vec<Turn> = Vec::new();
    for (i, (agent, text)) in record.turns.iter().enumerate() {
        if !agent || text.trim().is_empty() {
            continue;
        }
        let reply = record.turns[i + 1..]
            .iter()
            .find(|(a, _)| !a)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        let intents = matcher
            .map(|m| m.detect(&analyze(text)).into_iter().map(|x| x.intent).collect())
            .unwrap_or_default();
        turns.push(Turn {
            number: turns.len() as u32 + 1,
            trainee: text.clone(),
            caller: reply,
            intents,
            revealed: Vec::new(),
            repeated: Vec::new(),
            mood_before: 0,
            mood: 0,
            node: String::new(),
            ended: None,
        });
    }
    let subject = Subject {
        turns: &turns,
        is_call: true,
        outcome: None,
        mood_start: 0,
        hints: 0,
        note: None,
        scenario: None,
        opening: record
            .turns
            .first()
            .filter(|(agent, _)| !agent)
            .map(|(_, t)| t.as_str()),
    };
    Verdict::of(&subject, rubric, vague).result(record.row, record.id, record.agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(row: u64, text: &str) -> input::NoteRecord {
        input::NoteRecord {
            row,
            id: format!("INC{row}"),
            agent: format!("agent{}", row % 3),
            text: text.to_owned(),
        }
    }

    #[test]
    fn results_are_written_as_serde_json_writes_them() {
        let levels = [Level::Suggestion, Level::Warning, Level::Error, Level::Critical];
        let finding = |i: usize, message: &str| AuditFinding {
            rule: "vague-note".into(),
            level: levels[i % levels.len()],
            message: message.to_owned(),
        };
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} del \u{7f} é 🎉 \u{2028} </script>";
        let results = [
            AuditResult {
                row: 1,
                id: "INC1".into(),
                agent: String::new(),
                score: None,
                passed: false,
                vague: true,
                findings: Vec::new().into(),
            },
            AuditResult {
                row: u64::MAX,
                id: tricky.into(),
                agent: "sam \u{0}".into(),
                score: Some(85),
                passed: true,
                vague: false,
                // Each thing that needs escaping on its own, and all together.
                findings: [
                    "plain",
                    "back \\ slash",
                    "a \"quote\"",
                    "line\nbreak",
                    "unit \u{1f}",
                    tricky,
                ]
                .iter()
                .enumerate()
                .map(|(i, m)| finding(i, m))
                .collect::<Vec<_>>()
                .into(),
            },
        ];
        for result in results {
            let mut ours = Vec::new();
            result.write_json(&mut ours);
            let theirs = serde_json::to_vec(&result).expect("serialises");
            assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }
    }

    #[test]
    fn the_escape_test_agrees_with_reading_byte_by_byte() {
        // Every byte at every position of texts of up to 17 bytes (two words and a rest),
        // among bytes that need no escaping, and bytes on either side of the bounds.
        let plain = [b'a', 0x20, 0x7f, 0x80, 0xff, b'!', b'#', b'[', b']'];
        for len in 0..=17 {
            for at in 0..len {
                for special in 0..=255u8 {
                    let mut bytes: Vec<u8> = (0..len).map(|i| plain[i % plain.len()]).collect();
                    bytes[at] = special;
                    let byte_by_byte = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                    assert_eq!(needs_escape(&bytes), byte_by_byte, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn repeated_notes_get_the_results_a_first_reading_gives() {
        let rubric = Rubric::builtin().expect("the built-in rubric loads");
        let vague = vague_rules(rubric);
        let long =
            "User could not print; the queue was stuck with a 36-page job. Cleared it and restarted the spooler.";
        // Canned notes repeated, a long one, and more distinct short notes than the memo
        // keeps, so it is emptied on the way.
        let mut texts = vec!["Done.", "Fixed it.", long, "Done.", long, "Fixed it.", "Done."]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        // (Of as many lengths as the note-length rule tells apart.)
        texts.extend((0..REPEATS_KEPT + 10).map(|i| format!("Note {i}: {}", "done ".repeat(i % 10))));
        texts.extend(["Done.", "Fixed it.", "Note 3: done done done "].map(str::to_owned));
        let mut auditor = NoteAuditor::new(rubric, &vague);
        let mut repeated = 0;
        for (row, text) in texts.iter().enumerate() {
            let row = row as u64 + 1;
            let kept = auditor.audit(record(row, text));
            let read = audit_note(record(row, text), rubric, &vague);
            assert_eq!(kept, read, "row {row}: {text:?}");
            repeated += usize::from(texts[..row as usize - 1].contains(text));
        }
        assert_eq!(repeated, 7, "the notes repeat");
        assert!(auditor.repeats.len() <= REPEATS_KEPT);
    }
}
