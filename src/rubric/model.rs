//! The rubric file format (v1), as serde reads it. docs/rubric-format.md describes the same
//! thing for trainers; keep the two in step.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::call::Outcome;
use crate::scenario::TechLevel;
use crate::text::QuestionKind;
use crate::text::markers::MarkerSet;
use crate::yaml::{OrderedMap, ordered};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricFile {
    /// Always 1.
    pub version: u32,
    /// Overall score needed to pass, 0-100.
    pub pass_mark: u32,
    /// Points off the overall score for each hint used.
    #[serde(default)]
    pub hint_cost: u32,
    /// Skill id to weight and label, in report order.
    #[serde(with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, Skill>")]
    pub skills: OrderedMap<Skill>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub weight: u32,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Suggestion,
    Warning,
    Error,
    /// Fails the attempt whatever the score.
    Critical,
}

impl Level {
    /// The level as the rubric spells it (and serde writes it).
    pub fn name(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
            Level::Critical => "critical",
        }
    }
}

/// What part of the call a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    TraineeLine,
    TraineeQuestion,
    Note,
    Call,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A phrase appears.
    Existence,
    /// A phrase opens the line, question or note sentence.
    StartsWith,
    /// A phrase appears that has a better alternative.
    Substitution,
    /// A behaviour happens too often or too rarely (a count, or a ratio with `per`).
    Occurrence,
    /// A behaviour must happen, optionally within N turns of a trigger.
    Expected,
    /// One behaviour must come before another.
    Sequence,
    /// Terms a non-technical caller may not know, unless explained in the same sentence.
    Jargon,
    /// Words in capitals, heard as shouting.
    Shouting,
    /// A line whose politeness falls below a threshold.
    Politeness,
    /// The ticket note has each of its elements (symptom, cause, action, verification).
    NoteElements,
    /// The ticket note mentions the scenario's must-mention facts.
    NoteFacts,
    /// The ticket note has concrete details (addresses, error text, versions, names).
    NoteDetails,
    /// The ticket note's length in words.
    NoteLength,
    /// How the call ended.
    Outcome,
    /// Turns used, against the caller's patience.
    CallLength,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The first turn.
    CallStart,
    /// The last turns.
    CallEnd,
    /// The caller is upset when the call starts, or their mood rises while upset.
    CallerUpset,
    /// The caller has just given a fact.
    FactRevealed,
    /// The trainee has just proposed a fix (an intent marked `fix: true`).
    FixProposed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The trainee asked for a fact the caller had already given.
    RepeatedAsk,
    /// The caller gave a new fact.
    FactRevealed,
    /// The trainee proposed a fix (an intent marked `fix: true` in the scenario).
    FixProposed,
    /// Every key fact of the scenario is now known.
    KeyFactsFound,
    /// The caller's mood rose.
    MoodRise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionSelector {
    Any,
    Open,
    Closed,
    Why,
}

impl QuestionSelector {
    pub fn accepts(self, kind: QuestionKind) -> bool {
        match self {
            QuestionSelector::Any => kind != QuestionKind::None,
            QuestionSelector::Open => kind == QuestionKind::Open,
            QuestionSelector::Closed => kind == QuestionKind::Closed,
            QuestionSelector::Why => kind == QuestionKind::Why,
        }
    }
}

/// Something the trainee does: carries an intent, asks a kind of question, uses a phrase, or
/// causes an engine event. Exactly one of `intent`, `question`, `phrases`/`markers`, `event`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    #[serde(default, deserialize_with = "crate::yaml::one_or_many")]
    #[schemars(with = "crate::yaml::OneOrMany<String>")]
    pub intent: Vec<String>,
    #[serde(default)]
    pub question: Option<QuestionSelector>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub markers: Vec<MarkerSet>,
    #[serde(default)]
    pub event: Option<Event>,
    /// Tone labels (`empathy`, `polite`...) read by the language core's tone heads: a line
    /// whose head says it has one of them counts, as well as a line with one of `intent`.
    #[serde(default, deserialize_with = "crate::yaml::one_or_many")]
    #[schemars(with = "crate::yaml::OneOrMany<String>")]
    pub tone: Vec<String>,
    /// A line that takes up what the caller just said (a word of substance from the caller's
    /// last line: "stuck", "guest Wi-Fi") counts too: using what you heard is listening.
    #[serde(default)]
    pub echoes_caller: bool,
    /// A line with one of these marker phrases does not count (hollow empathy is not empathy).
    #[serde(default)]
    pub unless: Vec<MarkerSet>,
}

/// When a rule applies; all given conditions must hold.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    #[serde(default)]
    pub tech_level: Vec<TechLevel>,
    /// The scenario lists this under `requires`.
    #[serde(default)]
    pub requires: Option<String>,
    #[serde(default)]
    pub outcome: Vec<Outcome>,
}

/// Lines that must and must not make the rule find fault, run by `cargo test`. Each entry is a
/// script: trainee lines, one per line, and optionally `---` and a ticket note.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTests {
    /// Scenario the scripts are played on; internet-down when absent.
    #[serde(default)]
    pub scenario: Option<String>,
    #[serde(default)]
    pub fire: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub skill: String,
    pub level: Level,
    /// Points off the skill's 100 for each finding (or credited, for behaviours that happen).
    pub points: u32,
    pub scope: Scope,
    pub kind: Kind,
    /// Shown with each finding. `{match}`, `{preferred}`, `{count}`, `{limit}`, `{item}`
    /// are filled in.
    pub message: String,
    /// A better way to say or do it.
    #[serde(default)]
    pub suggest: Option<String>,
    /// Shown when the rule is met (expected, sequence and note rules).
    #[serde(default)]
    pub praise: Option<String>,
    #[serde(default)]
    pub only_if: Conditions,

    // Phrase kinds.
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub markers: Vec<MarkerSet>,
    /// substitution: phrase to preferred phrase.
    #[serde(default)]
    pub swap: BTreeMap<String, String>,
    /// jargon: also flag acronyms in capitals not in this rule's `allow` list.
    #[serde(default)]
    pub acronyms: bool,
    #[serde(default)]
    pub allow: Vec<String>,

    // Behaviour kinds.
    #[serde(default)]
    pub count: Option<Behaviour>,
    #[serde(default)]
    pub per: Option<Behaviour>,
    #[serde(default)]
    pub behaviour: Option<Behaviour>,
    #[serde(default)]
    pub first: Option<Behaviour>,
    #[serde(default)]
    pub then: Option<Behaviour>,
    #[serde(default)]
    pub trigger: Option<Trigger>,
    #[serde(default)]
    pub within: Option<u32>,
    /// occurrence: only the diagnosing part of the call (until every key fact is known).
    #[serde(default)]
    pub while_diagnosing: bool,
    #[serde(default, deserialize_with = "finite")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "finite")]
    pub max: Option<f64>,
    /// occurrence with `per`: the ratio is judged only when `per` happened this often.
    #[serde(default)]
    pub min_total: Option<u32>,

    // Other kinds.
    /// note_elements: element name to the cue phrases that show it, in report order.
    #[serde(default, with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, Vec<String>>")]
    pub elements: OrderedMap<Vec<String>>,
    /// outcome: the outcomes that earn the points.
    #[serde(default)]
    pub expect: Vec<Outcome>,
    /// politeness: lines scoring below this are flagged.
    #[serde(default, deserialize_with = "finite")]
    pub below: Option<f64>,

    #[serde(default)]
    pub tests: RuleTests,
}

/// A number a rule can compare with: `.nan` and `.inf` are valid YAML but no valid bound (a
/// comparison with NaN is always false, so the rule would silently never fire).
fn finite<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    match Option::<f64>::deserialize(deserializer)? {
        Some(x) if !x.is_finite() => Err(serde::de::Error::custom(format!(
            "{x} is not a usable number here; give a finite one"
        ))),
        number => Ok(number),
    }
}
