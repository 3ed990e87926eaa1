//! Scoring: a call (or a ticket note alone) against a rubric, giving a score per skill and the
//! evidence for every point: each finding names the rule, the turn, the quoted words, what was
//! wrong or right, and a better way to say it. Pure: the same input gives the same assessment.

mod rules;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::call::{Outcome, Transcript, Turn};
use crate::rubric::{Level, Rubric};
use crate::scenario::Scenario;

/// Version of the assessment's JSON shape; bumped when a field changes meaning.
pub const FORMAT: u32 = 1;

/// What is being scored.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub turns: &'a [Turn],
    /// Whether this is a call (so call rules apply), not a note on its own.
    pub is_call: bool,
    pub outcome: Option<Outcome>,
    pub mood_start: u8,
    pub hints: usize,
    pub note: Option<&'a str>,
    pub scenario: Option<&'a Scenario>,
    /// What the caller said before the trainee's first line (each turn holds the caller's
    /// reply to it): a term the caller used first is theirs, not jargon.
    pub opening: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// A played call and its note.
    pub fn call(transcript: &'a Transcript, scenario: Option<&'a Scenario>) -> Subject<'a> {
        Subject {
            turns: &transcript.turns,
            is_call: true,
            outcome: Some(transcript.outcome),
            mood_start: transcript.mood_start,
            hints: transcript.hints.len(),
            note: Some(transcript.note.as_str()),
            scenario,
            opening: Some(transcript.opening.as_str()),
        }
    }

    /// A ticket note on its own.
    pub fn note(note: &'a str) -> Subject<'a> {
        Subject {
            turns: &[],
            is_call: false,
            outcome: None,
            mood_start: 0,
            hints: 0,
            note: Some(note),
            scenario: None,
            opening: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Points lost.
    Deduction,
    /// Something done well; shown so that credit is visible, not only faults.
    Credit,
}

impl Effect {
    /// Credit when a rule is met, a deduction when it is not.
    pub fn of(met: bool) -> Effect {
        if met { Effect::Credit } else { Effect::Deduction }
    }
}

/// Which findings an assessment keeps. Every rule is judged the same way, and every score and
/// verdict comes out the same, whichever is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every finding, credits too: a trainee is shown what went well, not only the faults.
    All,
    /// Deductions only: what an audit reports. A credit is then counted but never written
    /// out, and a note's details, when one is enough, are only looked for, not listed.
    Deductions,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Shared with the rubric (and every other finding of the rule): a finding costs no copy of
    /// the names.
    pub rule: Arc<str>,
    pub skill: Arc<str>,
    pub level: Level,
    pub effect: Effect,
    /// The trainee turn (1-based); none for the note or the call as a whole.
    pub turn: Option<u32>,
    /// The line, question, or note the finding is about.
    pub quote: Option<Arc<str>>,
    /// The matched words within `quote`, as byte offsets [start, end).
    pub span: Option<[usize; 2]>,
    pub message: String,
    pub suggestion: Option<String>,
    /// Negative for a deduction, positive for a credit.
    pub points: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillScore {
    pub skill: Arc<str>,
    pub label: Arc<str>,
    pub weight: u32,
    /// 0-100; none when no rule of the skill applied (N/A, left out of the overall).
    pub score: Option<u32>,
    pub lost: u32,
    pub earned: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub format: u32,
    pub rubric: String,
    pub rubric_hash: String,
    pub scenario: Option<String>,
    pub skills: Vec<SkillScore>,
    /// Weighted mean of the applicable skills, less the hint cost; none if no skill applied.
    pub overall: Option<u32>,
    pub hints: u32,
    pub hint_penalty: u32,
    pub pass_mark: u32,
    /// A critical finding fails the attempt whatever the score.
    pub critical: bool,
    pub passed: bool,
    pub findings: Vec<Finding>,
}

/// Scores a call on its scenario: the scenario's rubric adjustments applied, then [`assess`].
pub fn assess_call(transcript: &Transcript, scenario: &Scenario, rubric: &Rubric) -> Result<Assessment, crate::Error> {
    let rubric = rubric.for_scenario(scenario)?;
    Ok(assess(&Subject::call(transcript, Some(scenario)), &rubric))
}

/// Scores `subject` against `rubric`, keeping every finding.
pub fn assess(subject: &Subject, rubric: &Rubric) -> Assessment {
    assess_keeping(subject, rubric, Keep::All)
}

/// Scores `subject` against `rubric`, keeping the findings `keep` asks for.
pub fn assess_keeping(subject: &Subject, rubric: &Rubric, keep: Keep) -> Assessment {
    let analyses = rules::analyze_turns(subject);
    let context = rules::Context::new(subject, &analyses, keep, &rubric.model);
    // Per skill, in the rubric's order: whether a rule applied, points lost, points earned.
    let mut tally = vec![(false, 0u32, 0u32); rubric.file.skills.len()];
    for rule in &rubric.rules {
        let result = rules::evaluate(rule, &context);
        if let Some((applicable, lost, earned)) = rule.skill.and_then(|s| tally.get_mut(s)) {
            *applicable |= result.applicable;
            *lost = lost.saturating_add(result.lost);
            *earned = earned.saturating_add(result.earned);
        }
    }
    let mut findings = context.into_findings();
    // Call order: by turn (the note and the whole call after the turns), then rubric order.
    findings.sort_by_key(|f| f.turn.unwrap_or(u32::MAX));

    let skills: Vec<SkillScore> = rubric
        .file
        .skills
        .iter()
        .zip(&rubric.skill_names)
        .zip(tally)
        .map(|(((_, skill), (id, label)), (applicable, lost, earned))| SkillScore {
            skill: Arc::clone(id),
            label: Arc::clone(label),
            weight: skill.weight,
            score: applicable.then(|| 100u32.saturating_sub(lost)),
            lost,
            earned,
        })
        .collect();
    conclude(
        rubric,
        subject.scenario.map(|s| s.id().to_owned()),
        skills,
        findings,
        subject.hints as u32,
    )
}

/// The overall score and verdict from skill scores and findings: the weighted mean of the
/// skills that applied, less the hint cost; a critical finding fails the attempt.
pub fn conclude(
    rubric: &Rubric,
    scenario: Option<String>,
    skills: Vec<SkillScore>,
    findings: Vec<Finding>,
    hints: u32,
) -> Assessment {
    let weighted = || {
        skills
            .iter()
            .filter_map(|s| s.score.map(|score| (s.weight, score)))
            .filter(|(w, _)| *w > 0)
    };
    // In u64 and f64: a rubric's weights are its author's, and may be huge.
    let total_weight: u64 = weighted().map(|(w, _)| u64::from(w)).sum();
    let hint_penalty = rubric.file.hint_cost.saturating_mul(hints);
    let overall = (total_weight > 0).then(|| {
        let mean = weighted().map(|(w, s)| f64::from(w) * f64::from(s)).sum::<f64>() / total_weight as f64;
        (mean.round() as u32).saturating_sub(hint_penalty)
    });
    let critical = findings
        .iter()
        .any(|f| f.effect == Effect::Deduction && f.level == Level::Critical);
    let passed = !critical && overall.is_some_and(|o| o >= rubric.file.pass_mark);
    Assessment {
        format: FORMAT,
        rubric: rubric.origin.clone(),
        rubric_hash: rubric.content_hash.clone(),
        scenario,
        skills,
        overall,
        hints,
        hint_penalty,
        pass_mark: rubric.file.pass_mark,
        critical,
        passed,
        findings,
    }
}
