//! `deskcoach audit`: the same rubric on a team's real work. Ticket notes from a ticketing
//! export, or chat and call transcripts, scored in bulk on every core with flat memory, with
//! per-item results and a summary a manager can act on.

pub mod input;
pub mod pipeline;
pub mod summary;

use serde::Serialize;

use crate::call::Turn;
use crate::rubric::{Level, Rubric};
use crate::scenario::builtin_matcher;
use crate::score::{Effect, Subject, assess};
use crate::text::analyze;
use crate::text::markers::MarkerSet;

/// One finding in an audit result: the rule and what it said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditFinding {
    pub rule: std::sync::Arc<str>,
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
    pub findings: Vec<AuditFinding>,
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
    let assessment = assess(&Subject::note(&record.text), rubric);
    result(record.row, record.id, record.agent, assessment, vague)
}

fn result(row: u64, id: String, agent: String, a: crate::score::Assessment, vague: &[String]) -> AuditResult {
    let deductions: Vec<AuditFinding> = a
        .findings
        .into_iter()
        .filter(|f| f.effect == Effect::Deduction)
        .map(|f| AuditFinding {
            rule: f.rule,
            level: f.level,
            message: f.message,
        })
        .collect();
    AuditResult {
        row,
        id,
        agent,
        score: a.overall,
        passed: a.passed,
        vague: deductions.iter().any(|f| vague.iter().any(|v| **v == *f.rule)),
        findings: deductions,
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
    };
    result(record.row, record.id, record.agent, assess(&subject, rubric), vague)
}
