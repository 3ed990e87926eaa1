//! Test plans: golden transcripts for a scenario, as `deskcoach test` runs them. A plan lives
//! at `scenarios/tests/<id>/plan.yaml` beside the scripts it plays, and says what each script
//! must lead to: the end state, score bands, findings that must and must not appear.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::call::Outcome;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The scenario id the scripts are played on.
    pub scenario: String,
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    /// A script file beside the plan: trainee lines, then `---` and the ticket note.
    pub script: String,
    #[serde(default)]
    pub seed: u64,
    /// The end states allowed (one or a list).
    #[serde(default, deserialize_with = "crate::yaml::one_or_many")]
    pub outcome: Vec<Outcome>,
    #[serde(default)]
    pub passed: Option<bool>,
    /// Inclusive band for the overall score.
    #[serde(default)]
    pub overall: Option<Band>,
    /// Inclusive bands per skill id.
    #[serde(default)]
    pub skills: BTreeMap<String, Band>,
    #[serde(default)]
    pub findings: FindingExpectations,
}

/// `[low, high]`, inclusive.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Band(pub u32, pub u32);

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingExpectations {
    /// Rule ids that must find fault at least once.
    #[serde(default)]
    pub must: Vec<String>,
    /// Rule ids that must not find fault.
    #[serde(default)]
    pub must_not: Vec<String>,
}
