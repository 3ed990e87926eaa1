//! The scenario file format (v1), as serde reads it. docs/scenario-format.md describes the same
//! thing for trainers; keep the two in step.

use serde::{Deserialize, Serialize};

use crate::text::Form;

/// A map that keeps the author's order (of nodes, facts, intents), which hints and summaries
/// follow. Scenarios are small enough that a vector is fastest.
pub type OrderedMap<V> = Vec<(String, V)>;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// 1 easy .. 5 hard.
    pub difficulty: u8,
    #[serde(default)]
    pub skills: Vec<String>,
    pub caller: Caller,
    #[serde(default, with = "ordered")]
    pub facts: OrderedMap<Fact>,
    /// Scenario intents; an id that names a built-in intent adds examples to it.
    #[serde(default, with = "ordered")]
    pub intents: OrderedMap<IntentDef>,
    pub start: String,
    #[serde(with = "ordered")]
    pub nodes: OrderedMap<Node>,
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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TechLevel {
    #[default]
    Low,
    Medium,
    High,
}

/// Something the trainee can find out.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    /// Lines, not among the examples, that must carry this intent (checked by the tests).
    #[serde(default)]
    pub paraphrases: Vec<String>,
    /// Lines that must not carry it.
    #[serde(default)]
    pub unrelated: Vec<String>,
}

/// A point in the call.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    /// Reaching this node ends the call.
    #[serde(default)]
    pub end: Option<EndKind>,
}

/// How the caller answers a line that carries one of `when`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    #[serde(default)]
    pub mood: i8,
    pub caller: Line,
}

/// How a node ends the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    Resolved,
    Escalated,
    HungUp,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Endings {
    #[serde(default)]
    pub hung_up: Option<Line>,
    #[serde(default)]
    pub out_of_patience: Option<Line>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    /// Facts a good ticket note mentions (by their note_terms).
    #[serde(default)]
    pub must_mention: Vec<String>,
}

/// Something the caller says: one text, variants chosen by `--seed`, or texts by mood.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged, expecting = "a line of text, a list of variants, or a map of calm/upset/angry lines")]
pub enum Line {
    One(String),
    Variants(Vec<String>),
    ByMood(MoodLines),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoodLines {
    #[serde(default)]
    pub calm: Option<Variants>,
    #[serde(default)]
    pub upset: Option<Variants>,
    #[serde(default)]
    pub angry: Option<Variants>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged, expecting = "a line of text or a list of variants")]
pub enum Variants {
    One(String),
    Many(Vec<String>),
}

/// Serde helpers that read a YAML mapping into an ordered vector and refuse duplicate keys.
mod ordered {
    use super::OrderedMap;
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{SerializeMap, Serializer};
    use std::fmt;
    use std::marker::PhantomData;

    pub fn serialize<S: Serializer, V: serde::Serialize>(map: &OrderedMap<V>, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(map.len()))?;
        for (k, v) in map {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(d: D) -> Result<OrderedMap<V>, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of names to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut out: OrderedMap<V> = Vec::new();
                while let Some(key) = access.next_key::<String>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format!("`{key}` is defined twice")));
                    }
                    let value = access.next_value()?;
                    out.push((key, value));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

/// The built-in intents file: the same intent entries a scenario uses, by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentFile {
    #[serde(with = "ordered")]
    pub intents: OrderedMap<IntentDef>,
}
