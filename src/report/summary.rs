//! The call summary a trainee sees when a call ends: outcome, turns, mood curve, facts found
//! and missed, hints, and which key facts the ticket note mentions.

use std::io::{self, Write};

use serde::Serialize;

use super::style::{Style, sparkline};
use crate::call::{HANG_UP_MOOD, HintUse, Outcome, Transcript};
use crate::scenario::Scenario;
use crate::text::mentions_any;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallSummary {
    pub scenario: String,
    pub outcome: Outcome,
    /// The outcome as people read it, reason and follow-up included.
    pub ending: String,
    pub turns: usize,
    pub mood_curve: Vec<u8>,
    pub key_facts_found: Vec<String>,
    pub key_facts_missed: Vec<String>,
    pub other_facts_found: Vec<String>,
    pub hints: Vec<HintUse>,
    /// Each fact the ticket must mention, and whether the note does.
    pub note_mentions: Vec<(String, bool)>,
    pub note_words: usize,
}

pub fn summarize(transcript: &Transcript, scenario: &Scenario) -> CallSummary {
    let found = transcript.revealed();
    let mut key_facts_found = Vec::new();
    let mut key_facts_missed = Vec::new();
    let mut other_facts_found = Vec::new();
    for (id, fact) in &scenario.file.facts {
        match (fact.key, found.contains(&id.as_str())) {
            (true, true) => key_facts_found.push(id.clone()),
            (true, false) => key_facts_missed.push(id.clone()),
            (false, true) => other_facts_found.push(id.clone()),
            (false, false) => {}
        }
    }
    let note_mentions = scenario
        .file
        .ticket
        .must_mention
        .iter()
        .map(|id| {
            let terms = scenario.fact(id).map(|f| f.note_terms.as_slice()).unwrap_or_default();
            (
                id.clone(),
                mentions_any(&scenario.model().words, &transcript.note, terms),
            )
        })
        .collect();
    CallSummary {
        scenario: transcript.scenario.clone(),
        outcome: transcript.outcome,
        ending: transcript.ending(),
        turns: transcript.turns.len(),
        mood_curve: transcript.mood_curve(),
        key_facts_found,
        key_facts_missed,
        other_facts_found,
        hints: transcript.hints.clone(),
        note_mentions,
        note_words: transcript.note.split_whitespace().count(),
    }
}

pub fn render(summary: &CallSummary, scenario: &Scenario, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let label = |ids: &[String]| {
        ids.iter()
            .map(|id| scenario.fact_label(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let outcome = match summary.outcome {
        Outcome::Resolved | Outcome::Escalated => style.good(&summary.ending),
        _ => style.bad(&summary.ending),
    };
    let curve = &summary.mood_curve;
    let (first, last) = (curve.first().copied().unwrap_or(0), curve.last().copied().unwrap_or(0));
    writeln!(out, "\n{}", style.bold("Call summary"))?;
    writeln!(out, "  Outcome     {outcome}")?;
    writeln!(
        out,
        "  Turns       {} (the caller's patience: {})",
        summary.turns, scenario.file.caller.patience
    )?;
    writeln!(
        out,
        "  Mood        {}  {first} -> {last} (10 hangs up)",
        sparkline(curve, HANG_UP_MOOD)
    )?;
    let total_key = summary.key_facts_found.len() + summary.key_facts_missed.len();
    writeln!(
        out,
        "  Key facts   {}/{total_key} found{}",
        summary.key_facts_found.len(),
        list_suffix(&label(&summary.key_facts_found))
    )?;
    if !summary.key_facts_missed.is_empty() {
        writeln!(out, "  Missed      {}", style.warn(&label(&summary.key_facts_missed)))?;
    }
    if !summary.other_facts_found.is_empty() {
        writeln!(out, "  Also found  {}", label(&summary.other_facts_found))?;
    }
    match summary.hints.len() {
        0 => writeln!(out, "  Hints       none")?,
        n => {
            let turns: Vec<String> = summary.hints.iter().map(|h| h.turn.to_string()).collect();
            writeln!(out, "  Hints       {n} (before turn {})", turns.join(", "))?
        }
    }
    if !summary.note_mentions.is_empty() {
        let (said, missing): (Vec<_>, Vec<_>) = summary.note_mentions.iter().partition(|(_, m)| *m);
        let missing: Vec<String> = missing.into_iter().map(|(id, _)| id.clone()).collect();
        write!(
            out,
            "  Ticket note {} words; mentions {}/{} required facts",
            summary.note_words,
            said.len(),
            summary.note_mentions.len()
        )?;
        if missing.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "; missing: {}", style.warn(&label(&missing)))?;
        }
    }
    Ok(())
}

fn list_suffix(list: &str) -> String {
    if list.is_empty() {
        String::new()
    } else {
        format!(": {list}")
    }
}
