//! The scenario file format (v1), as serde reads it. docs/scenario-format.md describes the same
//! thing for trainers; keep the two in step.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::Form;

pub use crate::yaml::OrderedMap;
use crate::yaml::ordered;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub id: String,
    pub title: String,
    /// For trainers: what the call is about, cause included. Never shown to the trainee.
    pub summary: String,
    /// For the trainee: who rings and what they say is wrong, as the agent would hear it when
    /// the phone rings. Never the cause. `play` and `list` show it (the summary, without one).
    #[serde(default)]
    pub brief: Option<String>,
    /// 1 easy .. 5 hard.
    pub difficulty: u8,
    #[serde(default)]
    pub skills: Vec<String>,
    pub caller: Caller,
    #[serde(default, with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, Fact>")]
    pub facts: OrderedMap<Fact>,
    /// Scenario intents; an id that names a built-in intent adds examples to it.
    #[serde(default, with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, IntentDef>")]
    pub intents: OrderedMap<IntentDef>,
    pub start: String,
    #[serde(with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, Node>")]
    pub nodes: OrderedMap<Node>,
    /// What the caller does and reports when asked to do something no node scripts: an id
    /// of a built-in action (`restart`, `unplug`, `reconnect`, `open_settings`,
    /// `read_screen`, `try_again`) or a new one with its own `examples`.
    #[serde(default, with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, Action>")]
    pub actions: OrderedMap<Action>,
    /// What the caller says when a line matches nothing the current node or a fact answers.
    #[serde(default)]
    pub confused: Option<Line>,
    /// What the caller says when the call ends on its own (hang-up, out of patience).
    #[serde(default)]
    pub endings: Endings,
    #[serde(default)]
    pub ticket: Ticket,
    #[serde(default)]
    pub exemplary_note: String,
    /// What this call demands of the trainee beyond the usual, for the rubric's conditional
    /// rules: `identity_check` (verify before changing an account), `escalation`.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Adjustments to the rubric for this scenario's context.
    #[serde(default)]
    pub rubric: RubricAdjustments,
}

/// A scenario's adjustments to the rubric.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricAdjustments {
    /// Rule ids switched off for this scenario.
    #[serde(default)]
    pub off: Vec<String>,
    /// Rule id to new points.
    #[serde(default)]
    pub points: std::collections::BTreeMap<String, u32>,
    /// Rule id to extra phrases.
    #[serde(default)]
    pub phrases: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caller {
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub tech_level: TechLevel,
    /// Starting mood: 0 calm .. 10 hangs up.
    pub mood: u8,
    /// Trainee turns before the caller gives up.
    pub patience: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TechLevel {
    #[default]
    Low,
    Medium,
    High,
}

/// Something the trainee can find out.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// A short name for summaries; the fact's id when absent.
    #[serde(default)]
    pub label: Option<String>,
    /// What the caller says when the fact comes out.
    pub says: Line,
    /// Key facts are the ones a good call must uncover.
    #[serde(default)]
    pub key: bool,
    /// Words that show a ticket note mentions this fact.
    #[serde(default)]
    pub note_terms: Vec<String>,
    /// Intents that bring the fact out at any point in the call.
    #[serde(default)]
    pub asked_by: Vec<String>,
}

/// An intent: examples of how a trainee might say it, and what it does to the caller.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntentDef {
    /// What a good next move is, for `/hint`.
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub form: Option<Form>,
    #[serde(default)]
    pub examples: Vec<String>,
    /// Mood change whenever a line carries this intent (negative calms).
    #[serde(default)]
    pub mood: Option<i8>,
    /// What the caller says to it when nothing else answers the line.
    #[serde(default)]
    pub reaction: Option<Line>,
    /// The intent proposes or applies a fix (for the rubric: diagnose before fixing).
    #[serde(default)]
    pub fix: Option<bool>,
    /// Lines, not among the examples, that must carry this intent (checked by the tests).
    #[serde(default)]
    pub paraphrases: Vec<String>,
    /// Lines that must not carry it.
    #[serde(default)]
    pub unrelated: Vec<String>,
}

/// Something the caller can be asked to do, and what happens when they do it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// How a trainee asks for it; a built-in action's examples come with it.
    #[serde(default)]
    pub examples: Vec<String>,
    /// What the caller says after doing it: what happened. It must not claim a fix the call
    /// has not reached.
    pub caller: Line,
}

/// A point in the call.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// What the caller says on arriving here (unless the reply that led here says something).
    #[serde(default)]
    pub caller: Option<Line>,
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// The reply to a line that no reply here, no fact and no reaction answers.
    #[serde(default)]
    pub otherwise: Option<Fallback>,
    /// What the caller is waiting for here, in their words: said after two lines that move
    /// nothing, and shown by `/hint`.
    #[serde(default)]
    pub expects: Option<Line>,
    /// Reaching this node ends the call.
    #[serde(default)]
    pub end: Option<EndKind>,
    /// With `end: resolved`: the fix is in place and a follow-up is booked.
    #[serde(default)]
    pub follow_up: bool,
}

/// How the caller answers a line that carries one of `when`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub when: Vec<String>,
    /// Facts that must be known already for this reply to apply.
    #[serde(default)]
    pub needs: Vec<String>,
    #[serde(default)]
    pub reveal: Vec<String>,
    #[serde(default)]
    pub mood: i8,
    #[serde(default)]
    pub caller: Option<Line>,
    #[serde(default)]
    pub goto: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    #[serde(default)]
    pub mood: i8,
    pub caller: Line,
}

/// How a node ends the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    /// Fixed, and the caller knows it.
    Resolved,
    /// Handed to another team, and the caller knows what happens next.
    Escalated,
    /// The caller rings off angry or without hope.
    HungUp,
    /// The caller rings off satisfied, but nothing was properly fixed or handed on (a trap
    /// the trainee fell into: a password given out, a risky workaround).
    Unresolved,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endings {
    #[serde(default)]
    pub hung_up: Option<Line>,
    #[serde(default)]
    pub out_of_patience: Option<Line>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    /// Facts a good ticket note mentions (by their note_terms).
    #[serde(default)]
    pub must_mention: Vec<String>,
}

/// Something the caller says: one text, variants chosen by `--seed`, or texts by mood.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a line of text, a list of variants, or a map of calm/upset/angry lines"
)]
pub enum Line {
    One(String),
    Variants(Vec<String>),
    ByMood(MoodLines),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoodLines {
    #[serde(default)]
    pub calm: Option<Variants>,
    #[serde(default)]
    pub upset: Option<Variants>,
    #[serde(default)]
    pub angry: Option<Variants>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged, expecting = "a line of text or a list of variants")]
pub enum Variants {
    One(String),
    Many(Vec<String>),
}

/// The built-in intents file: the same intent entries a scenario uses, by id.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntentFile {
    #[serde(with = "ordered")]
    #[schemars(with = "std::collections::BTreeMap<String, IntentDef>")]
    pub intents: OrderedMap<IntentDef>,
}
