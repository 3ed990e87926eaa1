//! Scenarios: the serde model, loading with source positions, the checks that make a loaded
//! scenario safe to play, and the library of scenarios (embedded or from a folder).

pub mod library;
pub mod model;

use std::sync::OnceLock;

pub use library::Library;
pub use model::*;

use crate::error::{SourceError, did_you_mean};
use crate::text::{Form, IntentSpec, Matcher};
use crate::yaml::{self, SpanIndex};

/// The built-in intents, shared by every scenario.
const BUILTIN_INTENTS: &str = include_str!("../../intents/builtin.yaml");
const BUILTIN_INTENTS_FILE: &str = "intents/builtin.yaml";

/// The built-in intent definitions, in file order.
pub fn builtin_intents() -> Result<&'static [(String, IntentDef)], SourceError> {
    static PARSED: OnceLock<Result<IntentFile, SourceError>> = OnceLock::new();
    PARSED
        .get_or_init(|| yaml::parse::<IntentFile>(BUILTIN_INTENTS_FILE, BUILTIN_INTENTS))
        .as_ref()
        .map(|f| f.intents.as_slice())
        .map_err(Clone::clone)
}

/// A matcher for the built-in intents alone, for text with no scenario (`analyze`).
pub fn builtin_matcher() -> Result<&'static Matcher, SourceError> {
    static MATCHER: OnceLock<Result<Matcher, SourceError>> = OnceLock::new();
    MATCHER
        .get_or_init(|| {
            let intents = builtin_intents()?;
            let specs = intents.iter().map(|(id, def)| IntentSpec {
                id,
                form: def.form.unwrap_or_default(),
                examples: &def.examples,
            });
            Ok(Matcher::new(specs))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// An intent as the engine uses it: built-in and scenario definitions merged.
#[derive(Debug, Clone)]
pub struct Intent {
    pub id: String,
    pub def: IntentDef,
    pub builtin: bool,
}

impl Intent {
    pub fn form(&self) -> Form {
        self.def.form.unwrap_or_default()
    }
    pub fn mood(&self) -> i8 {
        self.def.mood.unwrap_or(0)
    }
}

/// A loaded, checked scenario, ready to play.
#[derive(Debug)]
pub struct Scenario {
    pub file: ScenarioFile,
    /// Where it came from, for messages: a path, or `embedded:NAME.yaml`.
    pub origin: String,
    /// FNV-1a hash of the source text, so a saved attempt names the exact version it played.
    pub content_hash: String,
    pub intents: Vec<Intent>,
    pub matcher: Matcher,
}

impl Scenario {
    /// Parses and checks a scenario.
    pub fn from_source(origin: &str, text: &str) -> Result<Scenario, SourceError> {
        let file: ScenarioFile = yaml::parse(origin, text)?;
        let spans = SpanIndex::build(text);
        let intents = merge_intents(&file)?;
        let fail = |path: &str, message: String| {
            SourceError::new(origin, text, spans.value(path).or(spans.key(path)), message)
        };
        check(&file, &intents, &fail)?;
        let specs = intents.iter().map(|i| IntentSpec {
            id: &i.id,
            form: i.form(),
            examples: &i.def.examples,
        });
        let matcher = Matcher::new(specs);
        Ok(Scenario {
            content_hash: content_hash(text),
            origin: origin.to_owned(),
            file,
            intents,
            matcher,
        })
    }

    pub fn id(&self) -> &str {
        &self.file.id
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.file.nodes.iter().find(|(k, _)| k == id).map(|(_, n)| n)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.file.facts.iter().find(|(k, _)| k == id).map(|(_, f)| f)
    }

    pub fn intent(&self, id: &str) -> Option<&Intent> {
        self.intents.iter().find(|i| i.id == id)
    }

    /// A fact's short name for people.
    pub fn fact_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.fact(id).and_then(|f| f.label.as_deref()).unwrap_or(id)
    }
}

/// FNV-1a, 64 bits, as hex: stable across versions and platforms, which `DefaultHasher` is not.
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Built-in intents first, in their order, then the scenario's own. A scenario entry with a
/// built-in's id adds examples to it and overrides what it sets.
fn merge_intents(file: &ScenarioFile) -> Result<Vec<Intent>, SourceError> {
    let mut intents: Vec<Intent> = builtin_intents()?
        .iter()
        .map(|(id, def)| Intent {
            id: id.clone(),
            def: def.clone(),
            builtin: true,
        })
        .collect();
    for (id, def) in &file.intents {
        match intents.iter_mut().find(|i| i.id == *id) {
            Some(existing) => {
                let merged = &mut existing.def;
                merged.examples.extend(def.examples.iter().cloned());
                merged.paraphrases.extend(def.paraphrases.iter().cloned());
                merged.unrelated.extend(def.unrelated.iter().cloned());
                merged.hint = def.hint.clone().or(merged.hint.take());
                merged.form = def.form.or(merged.form);
                merged.mood = def.mood.or(merged.mood);
                merged.reaction = def.reaction.clone().or(merged.reaction.take());
                merged.fix = def.fix.or(merged.fix);
            }
            None => intents.push(Intent {
                id: id.clone(),
                def: def.clone(),
                builtin: false,
            }),
        }
    }
    Ok(intents)
}

/// The checks without which a scenario cannot be played: values in range and every reference
/// resolving. `fail(path, message)` builds a positioned error for the value at `path`.
fn check(
    file: &ScenarioFile,
    intents: &[Intent],
    fail: &dyn Fn(&str, String) -> SourceError,
) -> Result<(), SourceError> {
    if !is_valid_id(&file.id) {
        return Err(fail(
            "id",
            format!(
                "`{}` is not a valid id: use lower-case letters, digits and hyphens",
                file.id
            ),
        ));
    }
    if !(1..=5).contains(&file.difficulty) {
        return Err(fail(
            "difficulty",
            format!("difficulty is {}; it must be 1 (easy) to 5 (hard)", file.difficulty),
        ));
    }
    if file.caller.mood > 10 {
        return Err(fail(
            "caller.mood",
            format!("mood is {}; it must be 0 (calm) to 10 (hangs up)", file.caller.mood),
        ));
    }
    if file.caller.patience == 0 {
        return Err(fail("caller.patience", "patience must be at least 1 turn".into()));
    }
    let node_ids: Vec<&str> = file.nodes.iter().map(|(k, _)| k.as_str()).collect();
    let fact_ids: Vec<&str> = file.facts.iter().map(|(k, _)| k.as_str()).collect();
    let intent_ids: Vec<&str> = intents.iter().map(|i| i.id.as_str()).collect();
    let reference = |path: String, kind: &str, name: &str, known: &[&str]| -> Result<(), SourceError> {
        if known.contains(&name) {
            return Ok(());
        }
        let error = fail(&path, format!("no {kind} named `{name}`"));
        Err(match did_you_mean(name, known.iter().copied()) {
            Some(near) => error.with_help(format!("did you mean `{near}`?")),
            None => error.with_help(format!("the {kind}s are: {}", known.join(", "))),
        })
    };
    reference("start".into(), "node", &file.start, &node_ids)?;
    for (id, fact) in &file.facts {
        check_line(&fact.says, &format!("facts.{id}.says"), fail)?;
        for (i, intent) in fact.asked_by.iter().enumerate() {
            reference(format!("facts.{id}.asked_by.{i}"), "intent", intent, &intent_ids)?;
        }
    }
    for intent in intents.iter().filter(|i| !i.builtin) {
        if intent.def.examples.is_empty() && !intent.form().stands_alone() {
            return Err(fail(
                &format!("intents.{}", intent.id),
                format!("intent `{}` has no examples", intent.id),
            ));
        }
    }
    for (id, node) in &file.nodes {
        let at = format!("nodes.{id}");
        if let Some(line) = &node.caller {
            check_line(line, &format!("{at}.caller"), fail)?;
        }
        for (r, reply) in node.replies.iter().enumerate() {
            let at = format!("{at}.replies.{r}");
            if reply.when.is_empty() {
                return Err(fail(
                    &format!("{at}.when"),
                    "a reply needs at least one intent in `when`".into(),
                ));
            }
            for (i, intent) in reply.when.iter().enumerate() {
                reference(format!("{at}.when.{i}"), "intent", intent, &intent_ids)?;
            }
            for (i, fact) in reply.needs.iter().enumerate() {
                reference(format!("{at}.needs.{i}"), "fact", fact, &fact_ids)?;
            }
            for (i, fact) in reply.reveal.iter().enumerate() {
                reference(format!("{at}.reveal.{i}"), "fact", fact, &fact_ids)?;
            }
            if let Some(target) = &reply.goto {
                reference(format!("{at}.goto"), "node", target, &node_ids)?;
            }
            if let Some(line) = &reply.caller {
                check_line(line, &format!("{at}.caller"), fail)?;
            }
        }
        if let Some(fallback) = &node.otherwise {
            check_line(&fallback.caller, &format!("{at}.otherwise.caller"), fail)?;
        }
    }
    for (id, intent) in &file.intents {
        if let Some(line) = &intent.reaction {
            check_line(line, &format!("intents.{id}.reaction"), fail)?;
        }
    }
    let endings = [
        ("confused", &file.confused),
        ("endings.hung_up", &file.endings.hung_up),
        ("endings.out_of_patience", &file.endings.out_of_patience),
    ];
    for (path, line) in endings {
        if let Some(line) = line {
            check_line(line, path, fail)?;
        }
    }
    for (i, fact) in file.ticket.must_mention.iter().enumerate() {
        reference(format!("ticket.must_mention.{i}"), "fact", fact, &fact_ids)?;
    }
    Ok(())
}

/// A line must have something to say in every form it takes.
fn check_line(line: &Line, path: &str, fail: &dyn Fn(&str, String) -> SourceError) -> Result<(), SourceError> {
    let empty = |v: &Variants| match v {
        Variants::One(s) => s.trim().is_empty(),
        Variants::Many(list) => list.is_empty() || list.iter().any(|s| s.trim().is_empty()),
    };
    let bad = match line {
        Line::One(s) => s.trim().is_empty(),
        Line::Variants(list) => empty(&Variants::Many(list.clone())),
        Line::ByMood(m) => {
            let bands = [&m.calm, &m.upset, &m.angry];
            bands.iter().all(|b| b.is_none()) || bands.iter().any(|b| b.as_ref().is_some_and(empty))
        }
    };
    if bad {
        Err(fail(path, "this caller line is empty".into()))
    } else {
        Ok(())
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}
