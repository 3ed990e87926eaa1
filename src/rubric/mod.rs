//! Rubrics: the serde model, loading with positions, the checks that reject rules the scorer
//! cannot run, the default rubric built into the binary, and a scenario's adjustments.

pub mod model;
pub mod template;

use std::sync::{Arc, OnceLock};

pub use model::*;
pub use template::Template;

use crate::error::{Error, SourceError, did_you_mean};
use crate::scenario::{Scenario, builtin_intents, content_hash};
use crate::text::markers::MarkerSet;
use crate::text::model::Model;
use crate::text::phrases::PhraseSet;
use crate::text::wordbook::Wordbook;
use crate::yaml::{self, SpanIndex, codes};

pub const DEFAULT_RUBRIC: &str = include_str!("../../rubrics/default.yaml");
pub const DEFAULT_RUBRIC_FILE: &str = "rubrics/default.yaml";

/// A behaviour with its phrases compiled.
#[derive(Debug, Clone)]
pub struct CompiledBehaviour {
    pub behaviour: Behaviour,
    pub phrases: PhraseSet,
    pub unless: PhraseSet,
}

/// A rule with its phrase lists compiled.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub rule: Rule,
    /// The rule's id and skill, shared by every finding of the rule.
    pub id: Arc<str>,
    pub skill_name: Arc<str>,
    /// The position of the rule's skill in the rubric's skills (checked on load), so scoring
    /// adds up points per skill without comparing names.
    pub skill: Option<usize>,
    /// The rule's phrases, its marker lists' phrases, and its swap keys.
    pub phrases: PhraseSet,
    /// For substitution: the preferred phrase for each phrase, by index.
    pub preferred: Vec<Option<String>>,
    /// For jargon: phrases that show a term is explained.
    pub explained_by: PhraseSet,
    pub elements: Vec<(String, PhraseSet)>,
    pub count: Option<CompiledBehaviour>,
    pub per: Option<CompiledBehaviour>,
    pub behaviour: Option<CompiledBehaviour>,
    pub first: Option<CompiledBehaviour>,
    pub then: Option<CompiledBehaviour>,
    /// The rule's `message`, `praise` and `suggest`, ready to fill in.
    pub message: Template,
    pub praise: Option<Template>,
    pub suggest: Option<Template>,
}

#[derive(Debug, Clone)]
pub struct Rubric {
    pub file: RubricFile,
    pub origin: String,
    pub content_hash: String,
    pub rules: Vec<CompiledRule>,
    /// Each skill's id and label, in order, shared by every assessment's skill scores.
    pub skill_names: Vec<(Arc<str>, Arc<str>)>,
    /// The language model the rules read notes with.
    pub model: Arc<Model>,
}

impl Rubric {
    /// The rubric built into the binary.
    pub fn builtin() -> Result<&'static Rubric, SourceError> {
        static PARSED: OnceLock<Result<Rubric, SourceError>> = OnceLock::new();
        PARSED
            .get_or_init(|| Rubric::from_source(DEFAULT_RUBRIC_FILE, DEFAULT_RUBRIC))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The rubric in `path`, or the built-in one.
    pub fn open(path: Option<&std::path::Path>) -> Result<Rubric, Error> {
        match path {
            Some(path) => Ok(Rubric::from_source(
                &path.display().to_string(),
                &yaml::read_text(path)?,
            )?),
            None => Ok(Rubric::builtin()?.clone()),
        }
    }

    pub fn from_source(origin: &str, text: &str) -> Result<Rubric, SourceError> {
        let (file, spans): (RubricFile, SpanIndex) = yaml::parse_indexed(origin, text)?;
        let fail = |path: &str, message: String| {
            SourceError::new(origin, text, spans.value(path).or(spans.key(path)), message).with_code(codes::RULE_SHAPE)
        };
        check(&file, &fail)?;
        let model = crate::language::model().map_err(|e| SourceError::new(origin, "", None, e.to_string()))?;
        Ok(Rubric::compile(file, origin, content_hash(text), model))
    }

    fn compile(file: RubricFile, origin: &str, content_hash: String, model: Arc<Model>) -> Rubric {
        let skill_names: Vec<(Arc<str>, Arc<str>)> = file
            .skills
            .iter()
            .map(|(id, skill)| (Arc::from(id.as_str()), Arc::from(skill.label.as_str())))
            .collect();
        let rules = file
            .rules
            .iter()
            .map(|rule| compile_rule(&model.words, rule, &skill_names))
            .collect();
        Rubric {
            file,
            origin: origin.to_owned(),
            content_hash,
            rules,
            skill_names,
            model,
        }
    }

    /// This rubric with a scenario's adjustments applied: rules switched off, points changed,
    /// phrases added.
    pub fn for_scenario(&self, scenario: &Scenario) -> Result<Rubric, Error> {
        let adjust = &scenario.file.rubric;
        if adjust.off.is_empty() && adjust.points.is_empty() && adjust.phrases.is_empty() {
            return Ok(self.clone());
        }
        let ids: Vec<&str> = self.file.rules.iter().map(|r| r.id.as_str()).collect();
        for id in adjust
            .off
            .iter()
            .chain(adjust.points.keys())
            .chain(adjust.phrases.keys())
        {
            if !ids.contains(&id.as_str()) {
                let hint = did_you_mean(id, ids.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                let message = format!(
                    "the scenario adjusts rule `{id}`, which {} does not have{hint}",
                    self.origin
                );
                return Err(SourceError::new(&scenario.origin, "", None, message)
                    .with_code(codes::UNKNOWN_RULE)
                    .into());
            }
        }
        let mut file = self.file.clone();
        file.rules.retain(|r| !adjust.off.contains(&r.id));
        for rule in &mut file.rules {
            if let Some(points) = adjust.points.get(&rule.id) {
                rule.points = *points;
            }
            if let Some(extra) = adjust.phrases.get(&rule.id) {
                rule.phrases.extend(extra.iter().cloned());
            }
        }
        Ok(Rubric::compile(
            file,
            &self.origin,
            self.content_hash.clone(),
            Arc::clone(&self.model),
        ))
    }

    pub fn skill_label<'a>(&'a self, skill: &'a str) -> &'a str {
        self.file
            .skills
            .iter()
            .find(|(id, _)| id == skill)
            .map_or(skill, |(_, s)| s.label.as_str())
    }
}

fn compile_phrases(book: &Wordbook, phrases: &[String], markers: &[MarkerSet]) -> PhraseSet {
    let from_markers = markers.iter().flat_map(|m| m.phrases().iter().map(|p| (*p).to_owned()));
    PhraseSet::new(book, phrases.iter().cloned().chain(from_markers))
}

fn compile_behaviour(book: &Wordbook, b: &Option<Behaviour>) -> Option<CompiledBehaviour> {
    b.as_ref().map(|b| CompiledBehaviour {
        phrases: compile_phrases(book, &b.phrases, &b.markers),
        unless: compile_phrases(book, &[], &b.unless),
        behaviour: b.clone(),
    })
}

/// `rule` compiled; `skills` are the rubric's skill ids and labels, which its findings share.
fn compile_rule(book: &Wordbook, rule: &Rule, skills: &[(Arc<str>, Arc<str>)]) -> CompiledRule {
    let mut all: Vec<String> = rule.phrases.clone();
    all.extend(
        rule.markers
            .iter()
            .flat_map(|m| m.phrases().iter().map(|p| (*p).to_owned())),
    );
    let mut preferred: Vec<Option<String>> = vec![None; all.len()];
    for (from, to) in &rule.swap {
        all.push(from.clone());
        preferred.push(Some(to.clone()));
    }
    let skill = skills.iter().position(|(id, _)| **id == *rule.skill);
    CompiledRule {
        id: Arc::from(rule.id.as_str()),
        skill_name: skill.map_or_else(|| Arc::from(rule.skill.as_str()), |s| Arc::clone(&skills[s].0)),
        skill,
        phrases: PhraseSet::new(book, &all),
        preferred,
        explained_by: book.marker(MarkerSet::Explanation).clone(),
        elements: rule
            .elements
            .iter()
            .map(|(name, cues)| (name.clone(), PhraseSet::new(book, cues)))
            .collect(),
        count: compile_behaviour(book, &rule.count),
        per: compile_behaviour(book, &rule.per),
        behaviour: compile_behaviour(book, &rule.behaviour),
        first: compile_behaviour(book, &rule.first),
        then: compile_behaviour(book, &rule.then),
        message: Template::new(&rule.message),
        praise: rule.praise.as_deref().map(Template::new),
        suggest: rule.suggest.as_deref().map(Template::new),
        rule: rule.clone(),
    }
}

/// Which scopes and fields each kind takes. Anything else set on a rule of that kind is an
/// error, so a trainer never writes a field the scorer silently ignores.
fn shape(kind: Kind) -> (&'static [Scope], &'static [&'static str], &'static [&'static str]) {
    use Scope::*;
    const LINES: &[Scope] = &[TraineeLine, TraineeQuestion, Note];
    match kind {
        Kind::Existence | Kind::StartsWith => (LINES, &["phrases|markers"], &["phrases", "markers"]),
        Kind::Substitution => (LINES, &["swap"], &["swap"]),
        Kind::Occurrence => (
            &[TraineeLine, Call],
            &["count", "min|max"],
            &["count", "per", "min", "max", "min_total", "while_diagnosing"],
        ),
        Kind::Expected => (&[Call], &["behaviour"], &["behaviour", "trigger", "within"]),
        Kind::Sequence => (&[Call], &["first", "then"], &["first", "then"]),
        Kind::Jargon => (&[TraineeLine], &[], &["phrases", "markers", "acronyms", "allow"]),
        Kind::Shouting => (&[TraineeLine], &[], &["min"]),
        Kind::Politeness => (&[TraineeLine], &["below"], &["below"]),
        Kind::NoteElements => (&[Note], &["elements"], &["elements"]),
        Kind::NoteFacts => (&[Note], &[], &[]),
        Kind::NoteDetails => (&[Note], &["min"], &["min"]),
        Kind::NoteLength => (&[Note], &["min|max"], &["min", "max"]),
        Kind::Outcome => (&[Call], &["expect"], &["expect"]),
        Kind::CallLength => (&[Call], &["max"], &["max"]),
    }
}

/// The kind-specific fields a rule sets.
fn fields_set(rule: &Rule) -> Vec<&'static str> {
    let flags = [
        ("phrases", !rule.phrases.is_empty()),
        ("markers", !rule.markers.is_empty()),
        ("swap", !rule.swap.is_empty()),
        ("acronyms", rule.acronyms),
        ("allow", !rule.allow.is_empty()),
        ("count", rule.count.is_some()),
        ("per", rule.per.is_some()),
        ("behaviour", rule.behaviour.is_some()),
        ("first", rule.first.is_some()),
        ("then", rule.then.is_some()),
        ("trigger", rule.trigger.is_some()),
        ("within", rule.within.is_some()),
        ("while_diagnosing", rule.while_diagnosing),
        ("min", rule.min.is_some()),
        ("max", rule.max.is_some()),
        ("min_total", rule.min_total.is_some()),
        ("elements", !rule.elements.is_empty()),
        ("expect", !rule.expect.is_empty()),
        ("below", rule.below.is_some()),
    ];
    flags
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| name)
        .collect()
}

fn check(file: &RubricFile, fail: &dyn Fn(&str, String) -> SourceError) -> Result<(), SourceError> {
    if file.version != 1 {
        return Err(fail(
            "version",
            format!(
                "rubric version {} is not supported; this deskcoach reads version 1",
                file.version
            ),
        )
        .with_code(codes::OUT_OF_RANGE));
    }
    if file.pass_mark > 100 {
        return Err(fail(
            "pass_mark",
            format!("pass_mark is {}; it must be 0 to 100", file.pass_mark),
        )
        .with_code(codes::OUT_OF_RANGE));
    }
    if file.skills.iter().all(|(_, s)| s.weight == 0) {
        return Err(fail("skills", "at least one skill needs a weight above 0".into()).with_code(codes::OUT_OF_RANGE));
    }
    let skills: Vec<&str> = file.skills.iter().map(|(id, _)| id.as_str()).collect();
    let intents: Vec<String> = builtin_intents()?.iter().map(|(id, _)| id.clone()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for (i, rule) in file.rules.iter().enumerate() {
        let at = |field: &str| format!("rules.{i}.{field}");
        if seen.contains(&rule.id.as_str()) {
            return Err(fail(&at("id"), format!("rule id `{}` is used twice", rule.id)).with_code(codes::DUPLICATE));
        }
        seen.push(&rule.id);
        if !skills.contains(&rule.skill.as_str()) {
            let e = fail(&at("skill"), format!("no skill named `{}`", rule.skill)).with_code(codes::UNKNOWN_SKILL);
            return Err(match did_you_mean(&rule.skill, skills.iter().copied()) {
                Some(near) => e.with_help(format!("did you mean `{near}`?")),
                None => e.with_help(format!("the skills are: {}", skills.join(", "))),
            });
        }
        let (scopes, required, allowed) = shape(rule.kind);
        let kind = crate::yaml::serde_name(&rule.kind);
        if !scopes.contains(&rule.scope) {
            let names: Vec<String> = scopes.iter().map(crate::yaml::serde_name).collect();
            return Err(fail(
                &at("scope"),
                format!("a `{kind}` rule cannot have this scope; use {}", names.join(" or ")),
            ));
        }
        let set = fields_set(rule);
        if let Some(extra) = set.iter().find(|f| !allowed.contains(f)) {
            return Err(fail(&at(extra), format!("`{extra}` does not apply to a `{kind}` rule")));
        }
        for need in required {
            if !need.split('|').any(|f| set.contains(&f)) {
                let shown = need.replace('|', "` or `");
                return Err(fail(&format!("rules.{i}"), format!("a `{kind}` rule needs `{shown}`")));
            }
        }
        if rule.per.is_some() && rule.scope != Scope::Call {
            return Err(fail(&at("per"), "a ratio (`per`) needs `scope: call`".into()));
        }
        for (field, behaviour) in [
            ("count", &rule.count),
            ("per", &rule.per),
            ("behaviour", &rule.behaviour),
            ("first", &rule.first),
            ("then", &rule.then),
        ] {
            if let Some(b) = behaviour {
                check_behaviour(b, &at(field), &intents, fail)?;
            }
        }
    }
    Ok(())
}

fn check_behaviour(
    b: &Behaviour,
    at: &str,
    intents: &[String],
    fail: &dyn Fn(&str, String) -> SourceError,
) -> Result<(), SourceError> {
    let kinds = [
        !b.intent.is_empty(),
        b.question.is_some(),
        !b.phrases.is_empty() || !b.markers.is_empty(),
        b.event.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err(fail(
            at,
            "a behaviour needs exactly one of `intent`, `question`, `phrases`/`markers` or `event`".into(),
        ));
    }
    if b.intent.is_empty() && (!b.tone.is_empty() || b.echoes_caller) {
        return Err(fail(
            at,
            "`tone` and `echoes_caller` add to an `intent`; give the intent too".into(),
        ));
    }
    let tones = crate::text::tone::TONES;
    if let Some((j, label)) = b.tone.iter().enumerate().find(|(_, l)| !tones.contains(&l.as_str())) {
        // A single label is written as a scalar (`tone: empathy`), a list item has an index.
        let path = match b.tone.len() {
            1 => format!("{at}.tone"),
            _ => format!("{at}.tone.{j}"),
        };
        let e = fail(&path, format!("no tone label `{label}`"));
        return Err(match did_you_mean(label, tones.iter().copied()) {
            Some(near) => e.with_help(format!("did you mean `{near}`?")),
            None => e.with_help(format!("the tone labels are {}", tones.join(", "))),
        });
    }
    for (j, id) in b.intent.iter().enumerate() {
        if !intents.contains(id) {
            let e = fail(&format!("{at}.intent.{j}"), format!("no built-in intent named `{id}`"));
            let e = if b.intent.len() == 1 {
                fail(&format!("{at}.intent"), e.message.clone())
            } else {
                e
            };
            let e = e.with_code(codes::UNDEFINED_INTENT);
            return Err(match did_you_mean(id, intents.iter().map(String::as_str)) {
                Some(near) => e.with_help(format!("did you mean `{near}`?")),
                None => e.with_help("rubrics name built-in intents; for a scenario's fix, use `event: fix_proposed`"),
            });
        }
    }
    Ok(())
}
