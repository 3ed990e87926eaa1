//! A finished call as a file: what `--transcript-out` writes and `score` reads back.

use serde::{Deserialize, Serialize};

use super::{EndReason, HintUse, Outcome, Turn};

/// Version of the transcript format; bumped when a field changes meaning.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// Always 1 for now.
    pub format: u32,
    pub scenario: String,
    /// Content hash of the scenario file the call was played on.
    pub scenario_hash: String,
    pub seed: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainee: Option<String>,
    pub mood_start: u8,
    pub opening: String,
    pub turns: Vec<Turn>,
    #[serde(default)]
    pub hints: Vec<HintUse>,
    pub outcome: Outcome,
    /// Why the caller hung up, when the engine ended the call (`angry`, `out_of_patience`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<EndReason>,
    /// A resolved call with a follow-up booked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub follow_up: bool,
    #[serde(default)]
    pub note: String,
}

impl Transcript {
    /// How the call ended, for people: "resolved", "the caller ran out of patience and hung
    /// up"...
    pub fn ending(&self) -> String {
        super::describe_ending(self.outcome, self.end_reason, self.follow_up)
    }
}

impl Transcript {
    /// The caller's mood at the start and after every turn.
    pub fn mood_curve(&self) -> Vec<u8> {
        std::iter::once(self.mood_start)
            .chain(self.turns.iter().map(|t| t.mood))
            .collect()
    }

    /// Every fact that came out during the call, in order.
    pub fn revealed(&self) -> Vec<&str> {
        self.turns
            .iter()
            .flat_map(|t| t.revealed.iter().map(String::as_str))
            .collect()
    }
}
