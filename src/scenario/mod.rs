//! Scenarios: the serde model, loading with source positions, the checks that make a loaded
//! scenario safe to play, and the library of scenarios (embedded or from a folder).

pub mod check;
pub mod library;
pub mod model;
pub mod plan;

use std::sync::OnceLock;

pub use library::Library;
pub use model::*;

use crate::error::SourceError;
use crate::text::{Form, IntentSpec, Matcher};
use crate::yaml::{self, SpanIndex};

/// The built-in intents, shared by every scenario.
const BUILTIN_INTENTS: &str = include_str!("../../intents/builtin.yaml");
const BUILTIN_INTENTS_FILE: &str = "intents/builtin.yaml";

/// The built-in actions' examples (see `ScenarioFile::actions`).
const BUILTIN_ACTIONS: &str = include_str!("../../intents/actions.yaml");
const BUILTIN_ACTIONS_FILE: &str = "intents/actions.yaml";

/// The built-in actions, in file order: each id with the examples that come with it.
pub fn builtin_actions() -> Result<&'static [(String, IntentDef)], SourceError> {
    static PARSED: OnceLock<Result<IntentFile, SourceError>> = OnceLock::new();
    intent_file(&PARSED, BUILTIN_ACTIONS_FILE, BUILTIN_ACTIONS)
}

/// The built-in intent definitions, in file order.
pub fn builtin_intents() -> Result<&'static [(String, IntentDef)], SourceError> {
    static PARSED: OnceLock<Result<IntentFile, SourceError>> = OnceLock::new();
    intent_file(&PARSED, BUILTIN_INTENTS_FILE, BUILTIN_INTENTS)
}

/// An embedded intent file's entries, parsed on first use.
fn intent_file(
    cell: &'static OnceLock<Result<IntentFile, SourceError>>,
    name: &str,
    text: &str,
) -> Result<&'static [(String, IntentDef)], SourceError> {
    cell.get_or_init(|| yaml::parse::<IntentFile>(name, text))
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
                library_examples: def.examples.len(),
                hostile: def.mood.unwrap_or(0) > 0,
            });
            Ok(Matcher::new(language_model()?, specs))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The shared language model, its failure (a damaged build) reported as a source error.
fn language_model() -> Result<std::sync::Arc<crate::text::model::Model>, SourceError> {
    crate::language::model().map_err(|e| SourceError::new("<built-in language model>", "", None, e.to_string()))
}

/// An intent as the engine uses it: built-in and scenario definitions merged.
#[derive(Debug, Clone)]
pub struct Intent {
    pub id: String,
    pub def: IntentDef,
    pub builtin: bool,
    /// How many of `def.examples`, from the start, are the built-in library's (the rest this
    /// scenario added).
    pub library_examples: usize,
    /// An action of the scenario's `actions:`: its reaction is what the caller reports after
    /// doing it.
    pub action: bool,
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
    /// The language model its intents are read with.
    model: std::sync::Arc<crate::text::model::Model>,
    /// Compiled on first use: `list` and `report` never read a line, and compiling embeds
    /// every example, which for fifteen scenarios was most of a command's start-up.
    matcher: OnceLock<Matcher>,
    /// What `check` reports without refusing the scenario: unreachable nodes, dead ends...
    pub warnings: Vec<SourceError>,
}

impl Scenario {
    /// Parses and checks a scenario.
    pub fn from_source(origin: &str, text: &str) -> Result<Scenario, SourceError> {
        let (file, spans): (ScenarioFile, SpanIndex) = yaml::parse_indexed(origin, text)?;
        let intents = merge_intents(&file)?;
        // A whole node, fact or intent is shown at its name; anything else at its value.
        let names_an_entry = |path: &str| {
            let parts: Vec<&str> = path.split('.').collect();
            parts.len() == 2 && matches!(parts[0], "nodes" | "facts" | "intents" | "actions")
        };
        let fail = |path: &str, message: String| {
            let at = if names_an_entry(path) {
                spans.key(path)
            } else {
                spans.value(path).or(spans.key(path))
            };
            SourceError::new(origin, text, at, message)
        };
        let mut diagnostics = check::diagnose(&file, &intents, &fail);
        if let Some(first) = diagnostics.iter().position(|d| d.severity == check::Severity::Error) {
            return Err(diagnostics.swap_remove(first).error);
        }
        let warnings = diagnostics.into_iter().map(|d| d.error).collect();
        Ok(Scenario {
            model: language_model()?,
            matcher: OnceLock::new(),
            warnings,
            content_hash: content_hash(text),
            origin: origin.to_owned(),
            file,
            intents,
        })
    }

    /// The language model the scenario is read with.
    pub fn model(&self) -> &crate::text::model::Model {
        &self.model
    }

    /// The scenario's intents, built-in and its own, compiled for matching.
    pub fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| {
            let specs = self.intents.iter().map(|i| IntentSpec {
                id: &i.id,
                form: i.form(),
                examples: &i.def.examples,
                library_examples: i.library_examples,
                hostile: i.mood() > 0,
            });
            Matcher::new(std::sync::Arc::clone(&self.model), specs)
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

/// What a scenario id may be: up to 64 lower-case letters, digits and hyphens, not starting
/// with a hyphen. Ids name files and appear in URLs of reports, so they stay plain.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Says what a valid id is, for messages about one that is not.
pub fn invalid_id_message(id: &str) -> String {
    format!("`{id}` is not a valid id: use up to 64 lower-case letters, digits and hyphens, not starting with a hyphen")
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
            library_examples: def.examples.len(),
            action: false,
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
                library_examples: 0,
                action: false,
            }),
        }
    }
    // Actions come last: a line that an intent of the call answers is not an action. An id
    // that an intent already uses is refused by the checks.
    let builtin_actions = builtin_actions()?;
    for (id, action) in &file.actions {
        if intents.iter().any(|i| i.id == *id) {
            continue;
        }
        let builtin = builtin_actions
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, def)| def);
        let mut examples: Vec<String> = builtin.map(|d| d.examples.clone()).unwrap_or_default();
        examples.extend(action.examples.iter().cloned());
        intents.push(Intent {
            id: id.clone(),
            def: IntentDef {
                form: Some(Form::Instruction),
                examples,
                reaction: Some(action.caller.clone()),
                // A built-in action brings its test lines; a new one is tested by its author's
                // examples alone.
                paraphrases: builtin.map(|d| d.paraphrases.clone()).unwrap_or_default(),
                unrelated: builtin.map(|d| d.unrelated.clone()).unwrap_or_default(),
                ..IntentDef::default()
            },
            builtin: false,
            library_examples: 0,
            action: true,
        });
    }
    Ok(intents)
}
