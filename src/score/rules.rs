//! How each kind of rule reads a call. Every function returns whether the rule applied (a rule
//! with nothing to look at leaves its skill N/A) and the points its findings lost and earned;
//! the findings the assessment keeps, each with its evidence, go to the context's list.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use super::{Effect, Finding, Keep, Subject};
use crate::rubric::{CompiledBehaviour, CompiledRule, Event, Kind, Rule, Scope, Trigger};
use crate::text::markers::MarkerSet;
use crate::text::model::Model;
use crate::text::note::{PARTS, sentence_parts};
use crate::text::phrases::{PhraseHit, PhraseSet, Prepared};
use crate::text::tokens::{Token, tokenize};
use crate::text::wordbook::Wordbook;
use crate::text::{Analysis, QuestionKind, analyze, details, mentions_any, word_count};

/// Mood from which a caller counts as upset (the engine's "upset" band starts here).
const UPSET_MOOD: u8 = 4;

/// A subject analysed once for all rules.
pub struct Context<'a> {
    subject: &'a Subject<'a>,
    analyses: &'a [Analysis],
    units: Units<'a>,
    /// The note, shared by the findings that quote it (a note with five findings is copied
    /// once, not five times; each trainee line is shared from its unit the same way). Kept
    /// here too because a call's empty note has no unit, yet its findings quote it.
    note_quote: Option<Arc<str>>,
    /// The note's sentences (byte ranges), for quoting a long note by the sentence that
    /// matters and for firing a phrase rule once per sentence; found when first needed (most
    /// notes need neither, and an audit reads millions).
    note_sentences: std::cell::OnceCell<Vec<Range<usize>>>,
    events: Vec<Vec<Event>>,
    /// Turns (0-based) up to and including the one where the last key fact came out.
    diagnosing_until: usize,
    keep: Keep,
    /// The language model notes are read with.
    model: &'a Model,
    /// The findings kept so far, in the order the rules made them: one list for every rule.
    findings: RefCell<Vec<Finding>>,
    /// Each trainee line's tone, read when a rule first asks.
    tones: std::cell::OnceCell<Vec<crate::text::tone::Tone>>,
}

impl<'a> Context<'a> {
    /// `analyses` are [`analyze_turns`] of the subject: the caller keeps them, the context
    /// borrows them. `keep` says which findings the rules write out.
    pub fn new(subject: &'a Subject<'a>, analyses: &'a [Analysis], keep: Keep, model: &'a Model) -> Context<'a> {
        let key_facts: Vec<&String> = subject
            .scenario
            .map(|s| s.file.facts.iter().filter(|(_, f)| f.key).map(|(id, _)| id).collect())
            .unwrap_or_default();
        let mut known: Vec<&String> = Vec::new();
        let mut all_key_found_at = None;
        let events = subject
            .turns
            .iter()
            .enumerate()
            .map(|(i, turn)| {
                let mut events = Vec::new();
                if !turn.repeated.is_empty() {
                    events.push(Event::RepeatedAsk);
                }
                if !turn.revealed.is_empty() {
                    events.push(Event::FactRevealed);
                }
                if turn.mood > turn.mood_before {
                    events.push(Event::MoodRise);
                }
                let proposes_fix = |s: &crate::scenario::Scenario| {
                    turn.intents
                        .iter()
                        .any(|id| s.intent(id).is_some_and(|i| i.def.fix == Some(true)))
                };
                if subject.scenario.is_some_and(proposes_fix) {
                    events.push(Event::FixProposed);
                }
                known.extend(turn.revealed.iter());
                if all_key_found_at.is_none() && !key_facts.is_empty() && key_facts.iter().all(|k| known.contains(k)) {
                    all_key_found_at = Some(i);
                    events.push(Event::KeyFactsFound);
                }
                events
            })
            .collect();
        let diagnosing_until = all_key_found_at.unwrap_or(subject.turns.len().saturating_sub(1));
        let note_quote = subject.note.map(Arc::from);
        Context {
            subject,
            analyses,
            units: Units::new(&model.words, subject, analyses, note_quote.as_ref()),
            note_sentences: std::cell::OnceCell::new(),
            note_quote,
            events,
            diagnosing_until,
            keep,
            model,
            findings: RefCell::default(),
            tones: std::cell::OnceCell::new(),
        }
    }

    /// The findings the rules kept, in the order they were made.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings.into_inner()
    }

    /// Whether a finding of this effect is written out, or only counted.
    fn keeps(&self, effect: Effect) -> bool {
        self.keep == Keep::All || effect == Effect::Deduction
    }
}

/// Each trainee line analysed, once per assessment.
pub fn analyze_turns(subject: &Subject) -> Vec<Analysis> {
    subject.turns.iter().map(|t| analyze(&t.trainee)).collect()
}

/// What a rule made of the subject. (The findings it keeps go to the context's list.)
#[derive(Default)]
pub struct RuleResult {
    pub applicable: bool,
    /// Points lost and earned, by every finding, kept or not.
    pub lost: u32,
    pub earned: u32,
}

impl RuleResult {
    fn not_applicable() -> RuleResult {
        RuleResult::default()
    }

    fn applies() -> RuleResult {
        RuleResult {
            applicable: true,
            ..RuleResult::default()
        }
    }

    /// Records one finding: its points always, and the finding itself, its evidence gathered
    /// and its message filled in, only if the assessment keeps it.
    fn add<'e>(&mut self, rule: &CompiledRule, cx: &Context, effect: Effect, evidence: impl FnOnce() -> Evidence<'e>) {
        let points = finding_points(rule);
        match effect {
            Effect::Deduction => self.lost = self.lost.saturating_add(points),
            Effect::Credit => self.earned = self.earned.saturating_add(points),
        }
        if cx.keeps(effect) {
            let kept = finding(rule, effect, evidence());
            cx.findings.borrow_mut().push(kept);
        }
    }
}

/// The points one finding of a rule is worth, as a finding's signed `points` can hold them.
fn finding_points(rule: &CompiledRule) -> u32 {
    rule.rule.points.min(i32::MAX.unsigned_abs())
}

/// Evidence for one finding before it is turned into a [`Finding`].
#[derive(Default)]
struct Evidence<'a> {
    turn: Option<u32>,
    quote: Option<Arc<str>>,
    span: Option<Range<usize>>,
    fills: Fills<'a>,
    /// How many times the rule matched in the quoted sentence (one finding stands for them all).
    repeats: usize,
}

/// What fills `{match}`, `{preferred}`, `{count}`, `{limit}` and `{item}` in a finding's
/// messages: named, not listed, and borrowed where the words are the subject's or the
/// rubric's, so that evidence costs no allocation of its own.
#[derive(Default)]
struct Fills<'a> {
    matched: Option<Cow<'a, str>>,
    preferred: Option<&'a str>,
    count: Option<String>,
    limit: Option<String>,
    item: Option<&'a str>,
}

impl<'a> Fills<'a> {
    fn matched(words: impl Into<Cow<'a, str>>) -> Fills<'a> {
        Fills {
            matched: Some(words.into()),
            ..Fills::default()
        }
    }

    fn item(item: &'a str) -> Fills<'a> {
        Fills {
            item: Some(item),
            ..Fills::default()
        }
    }

    fn count(count: String, limit: String) -> Fills<'a> {
        Fills {
            count: Some(count),
            limit: Some(limit),
            ..Fills::default()
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "match" => self.matched.as_deref(),
            "preferred" => self.preferred,
            "count" => self.count.as_deref(),
            "limit" => self.limit.as_deref(),
            "item" => self.item,
            _ => None,
        }
    }
}

fn finding(compiled: &CompiledRule, effect: Effect, evidence: Evidence) -> Finding {
    let rule = &compiled.rule;
    let fills = |name: &str| evidence.fills.get(name);
    let mut message = match (effect, &compiled.praise) {
        (Effect::Deduction, _) => compiled.message.fill(fills),
        (Effect::Credit, Some(praise)) => praise.fill(fills),
        // A credit must not read as a fault: without `praise`, it says which rule was met.
        (Effect::Credit, None) => format!("Met: {}.", rule.id),
    };
    if evidence.repeats > 1 {
        message.push_str(&format!(" ({} times in this sentence)", evidence.repeats));
    }
    let points = i32::try_from(finding_points(compiled)).unwrap_or(i32::MAX);
    Finding {
        rule: Arc::clone(&compiled.id),
        skill: Arc::clone(&compiled.skill_name),
        level: rule.level,
        effect,
        turn: evidence.turn,
        quote: evidence.quote,
        span: evidence.span.map(|s| [s.start, s.end]),
        message,
        suggestion: match effect {
            Effect::Deduction => compiled.suggest.as_ref().map(|s| s.fill(fills)),
            Effect::Credit => None,
        },
        points: if effect == Effect::Deduction { -points } else { points },
    }
}

pub fn evaluate(rule: &CompiledRule, cx: &Context) -> RuleResult {
    if !conditions_hold(&rule.rule, cx) {
        return RuleResult::not_applicable();
    }
    match rule.rule.kind {
        Kind::Existence | Kind::StartsWith | Kind::Substitution => phrase_rule(rule, cx),
        Kind::Occurrence => occurrence(rule, cx),
        Kind::Expected => expected(rule, cx),
        Kind::Sequence => sequence(rule, cx),
        Kind::Jargon => jargon(rule, cx),
        Kind::Shouting => shouting(rule, cx),
        Kind::Politeness => politeness(rule, cx),
        Kind::NoteElements => note_elements(rule, cx),
        Kind::NoteFacts => note_facts(rule, cx),
        Kind::NoteDetails => note_details(rule, cx),
        Kind::NoteLength => note_length(rule, cx),
        Kind::Outcome => outcome(rule, cx),
        Kind::CallLength => call_length(rule, cx),
    }
}

fn conditions_hold(rule: &Rule, cx: &Context) -> bool {
    let c = &rule.only_if;
    let scenario = cx.subject.scenario;
    (c.tech_level.is_empty() || scenario.is_some_and(|s| c.tech_level.contains(&s.file.caller.tech_level)))
        && c.requires
            .as_ref()
            .is_none_or(|r| scenario.is_some_and(|s| s.file.requires.contains(r)))
        && (c.outcome.is_empty() || cx.subject.outcome.is_some_and(|o| c.outcome.contains(&o)))
}

/// A piece of text a line rule reads: a trainee line, one question in it, or the note.
struct Unit<'t> {
    turn: Option<u32>,
    /// The text the finding quotes, and the copy findings share.
    quote: &'t str,
    shared: Arc<str>,
    /// Its tokens (spans relative to `quote`), prepared once for every phrase list.
    text: Prepared,
}

impl<'t> Unit<'t> {
    fn new(book: &Wordbook, turn: Option<u32>, quote: &'t str, shared: Arc<str>) -> Unit<'t> {
        Unit {
            turn,
            quote,
            shared,
            text: Prepared::new(book, tokenize(quote)),
        }
    }
}

/// The units of each scope, read once for all rules.
struct Units<'t> {
    lines: Vec<Unit<'t>>,
    questions: Vec<Unit<'t>>,
    /// None for an absent or blank note.
    note: Option<Unit<'t>>,
}

impl<'t> Units<'t> {
    fn new(
        book: &Wordbook,
        subject: &'t Subject<'t>,
        analyses: &'t [Analysis],
        note_quote: Option<&Arc<str>>,
    ) -> Units<'t> {
        let turns = || subject.turns.iter().zip(analyses);
        Units {
            lines: turns()
                .map(|(t, _)| Unit::new(book, Some(t.number), &t.trainee, Arc::from(t.trainee.as_str())))
                .collect(),
            questions: turns()
                .flat_map(|(t, a)| {
                    a.sentences
                        .iter()
                        .filter(|s| s.question != QuestionKind::None)
                        .map(move |s| {
                            let quote = a.sentence_text(s);
                            Unit::new(book, Some(t.number), quote, Arc::from(quote))
                        })
                })
                .collect(),
            note: subject
                .note
                .zip(note_quote)
                .filter(|(n, _)| !n.trim().is_empty())
                .map(|(n, shared)| Unit::new(book, None, n, Arc::clone(shared))),
        }
    }
}

fn units<'c, 't>(scope: Scope, cx: &'c Context<'t>) -> &'c [Unit<'t>] {
    match scope {
        Scope::TraineeLine => &cx.units.lines,
        Scope::TraineeQuestion => &cx.units.questions,
        Scope::Note => cx.units.note.as_slice(),
        Scope::Call => &[],
    }
}

fn phrase_rule(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let units = units(rule.rule.scope, cx);
    if units.is_empty() {
        return RuleResult::not_applicable();
    }
    let mut result = RuleResult::applies();
    for unit in units {
        let mut hits = match rule.rule.kind {
            Kind::StartsWith => starts(&cx.model.words, &rule.phrases, unit),
            _ => rule.phrases.find_prepared(&unit.text),
        };
        let fills = |hit: &PhraseHit| Fills {
            preferred: rule.preferred.get(hit.phrase).and_then(Option::as_deref),
            ..Fills::matched(&unit.quote[hit.span.clone()])
        };
        if unit.turn.is_none() {
            // In a note, a rule fires once per sentence, with a count: a 38 KB note of vague
            // phrases made one finding per phrase, each quoting the whole note.
            hits.sort_by_key(|h| h.span.start);
            // One hit needs no sentences found.
            let one_sentence =
                |a: &PhraseHit, b: &PhraseHit| cx.note_sentence(a.span.start) == cx.note_sentence(b.span.start);
            for group in hits.chunk_by(|a, b| one_sentence(a, b)) {
                let hit = &group[0];
                result.add(rule, cx, Effect::Deduction, || Evidence {
                    repeats: group.len(),
                    ..note_evidence(cx, Some(hit.span.clone()), fills(hit))
                });
            }
            continue;
        }
        for hit in hits {
            result.add(rule, cx, Effect::Deduction, || Evidence {
                turn: unit.turn,
                quote: Some(Arc::clone(&unit.shared)),
                fills: fills(&hit),
                span: Some(hit.span),
                repeats: 1,
            });
        }
    }
    result
}

/// Phrases that open a unit: a line or question opens at its start; a note at each sentence.
fn starts(book: &Wordbook, phrases: &PhraseSet, unit: &Unit) -> Vec<PhraseHit> {
    if unit.turn.is_some() {
        return phrases.at_start(book, &unit.text.tokens).into_iter().collect();
    }
    crate::text::tokens::sentences(unit.quote)
        .iter()
        .filter_map(|s| phrases.at_start(book, &s.tokens))
        .collect()
}

/// Whether the trainee's line at `index` takes up a word of substance from what the caller
/// said just before it (the reply to the previous turn, or the opening): four letters or more,
/// not one of the common words of requests, compared by stem.
fn takes_up_caller(cx: &Context, index: usize) -> bool {
    let before = match index {
        0 => cx.subject.opening.unwrap_or_default(),
        _ => &cx.subject.turns[index - 1].caller,
    };
    let book = &cx.model.words;
    let substance = |text: &str| -> Vec<String> {
        tokenize(text)
            .iter()
            .filter(|t| t.word.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !book.is_common(&t.word))
            .map(|t| book.stem_text(&t.word))
            .collect()
    };
    let heard = substance(before);
    substance(&cx.subject.turns[index].trainee)
        .iter()
        .any(|w| heard.contains(w))
}

/// How often a behaviour happens in a turn, and the span of its first sign in the line.
fn count_in_turn(b: &CompiledBehaviour, cx: &Context, index: usize) -> (usize, Option<Range<usize>>) {
    let turn = &cx.subject.turns[index];
    let analysis = &cx.analyses[index];
    let tokens = || tokenize(&turn.trainee);
    if !b.unless.is_empty() && !b.unless.find(&cx.model.words, &tokens()).is_empty() {
        return (0, None);
    }
    let spec = &b.behaviour;
    if !spec.intent.is_empty() {
        let by_intent = turn.intents.iter().any(|i| spec.intent.contains(i));
        let by_tone = || spec.tone.iter().any(|label| cx.tone(index).has(label));
        let by_echo = || spec.echoes_caller && takes_up_caller(cx, index);
        return (usize::from(by_intent || by_tone() || by_echo()), None);
    }
    if let Some(selector) = spec.question {
        let matching: Vec<_> = analysis
            .sentences
            .iter()
            .filter(|s| selector.accepts(s.question))
            .collect();
        return (matching.len(), matching.first().map(|s| s.span.clone()));
    }
    if let Some(event) = spec.event {
        let n = match event {
            Event::RepeatedAsk => turn.repeated.len(),
            _ => usize::from(cx.events[index].contains(&event)),
        };
        return (n, None);
    }
    let hits = b.phrases.find(&cx.model.words, &tokens());
    (hits.len(), hits.first().map(|h| h.span.clone()))
}

fn turn_evidence<'a>(cx: &Context, index: usize, span: Option<Range<usize>>, fills: Fills<'a>) -> Evidence<'a> {
    let turn = &cx.subject.turns[index];
    Evidence {
        turn: Some(turn.number),
        // Units hold every turn's line, in turn order.
        quote: Some(Arc::clone(&cx.units.lines[index].shared)),
        span,
        fills,
        repeats: 1,
    }
}

fn occurrence(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let r = &rule.rule;
    let Some(count) = &rule.count else {
        return RuleResult::not_applicable();
    };
    let turns = cx.subject.turns.len();
    let last = if r.while_diagnosing {
        (cx.diagnosing_until + 1).min(turns)
    } else {
        turns
    };
    if last == 0 {
        return RuleResult::not_applicable();
    }
    let counts: Vec<(usize, Option<Range<usize>>)> = (0..last).map(|i| count_in_turn(count, cx, i)).collect();
    let mut result = RuleResult::applies();
    if r.scope == Scope::TraineeLine {
        for (i, (n, span)) in counts.iter().enumerate() {
            let over = r.max.is_some_and(|max| *n as f64 > max);
            let under = r.min.is_some_and(|min| (*n as f64) < min);
            if over || under {
                let limit = r.max.filter(|_| over).or(r.min).unwrap_or_default();
                result.add(rule, cx, Effect::Deduction, || {
                    let fills = Fills::count(n.to_string(), format_number(limit));
                    turn_evidence(cx, i, span.clone(), fills)
                });
            }
        }
        return result;
    }
    let total: usize = counts.iter().map(|(n, _)| n).sum();
    let value = match &rule.per {
        Some(per) => {
            let denominator: usize = (0..last).map(|i| count_in_turn(per, cx, i).0).sum();
            if denominator == 0 || denominator < r.min_total.unwrap_or(1) as usize {
                return RuleResult::not_applicable();
            }
            total as f64 / denominator as f64
        }
        None => total as f64,
    };
    let over = r.max.is_some_and(|max| value > max);
    let under = r.min.is_some_and(|min| value < min);
    let shown = if rule.per.is_some() {
        format!("{:.0}%", value * 100.0)
    } else {
        total.to_string()
    };
    let limit = match (rule.per.is_some(), r.max.filter(|_| over).or(r.min)) {
        (true, Some(l)) => format!("{:.0}%", l * 100.0),
        (_, l) => format_number(l.unwrap_or_default()),
    };
    if under {
        result.add(rule, cx, Effect::Deduction, || Evidence {
            fills: Fills::count(shown, limit),
            ..Evidence::default()
        });
    } else if over {
        // Each occurrence past the limit is a finding at its own turn, so the trainee sees the
        // lines; a ratio is one finding at the first offending line.
        let offending: Vec<usize> = counts
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| *n > 0)
            .map(|(i, _)| i)
            .collect();
        let shown_at: Vec<usize> = match rule.per {
            Some(_) => offending.first().copied().into_iter().collect(),
            None => offending
                .iter()
                .copied()
                .skip(r.max.unwrap_or_default().max(0.0) as usize)
                .collect(),
        };
        for i in shown_at {
            result.add(rule, cx, Effect::Deduction, || {
                let fills = Fills::count(shown.clone(), limit.clone());
                turn_evidence(cx, i, counts[i].1.clone(), fills)
            });
        }
    }
    result
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && (0.0..1e15).contains(&n) {
        // A whole count or limit: printed as an integer, which costs a fraction of `{:.0}`.
        (n as u64).to_string()
    } else if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// Windows of turns (0-based, inclusive) in which an expected behaviour must happen.
fn windows(trigger: Option<Trigger>, within: Option<u32>, cx: &Context) -> Vec<(usize, usize)> {
    let n = cx.subject.turns.len();
    if n == 0 {
        return Vec::new();
    }
    let span = |start: usize, default: u32| {
        (
            start,
            (start + within.unwrap_or(default).max(1) as usize - 1).min(n - 1),
        )
    };
    match trigger {
        None => vec![(0, n - 1)],
        Some(Trigger::CallStart) => vec![span(0, 1)],
        Some(Trigger::CallEnd) => vec![(n.saturating_sub(within.unwrap_or(3).max(1) as usize), n - 1)],
        Some(Trigger::CallerUpset | Trigger::FactRevealed | Trigger::FixProposed) => {
            let turns = cx.subject.turns;
            let mut starts = Vec::new();
            if trigger == Some(Trigger::CallerUpset) && cx.subject.mood_start >= UPSET_MOOD {
                starts.push(0);
            }
            for (i, t) in turns.iter().enumerate().take(n - 1) {
                let fires = match trigger {
                    Some(Trigger::CallerUpset) => t.mood > t.mood_before && t.mood >= UPSET_MOOD,
                    Some(Trigger::FixProposed) => cx.events[i].contains(&Event::FixProposed),
                    _ => !t.revealed.is_empty(),
                };
                if fires {
                    starts.push(i + 1);
                }
            }
            let default = match trigger {
                Some(Trigger::CallerUpset) => 2,
                Some(Trigger::FixProposed) => 3,
                _ => 1,
            };
            let mut out: Vec<(usize, usize)> = Vec::new();
            for s in starts {
                // A trigger inside an open window is the same moment, not a new one.
                if out.last().is_none_or(|&(_, end)| s > end) {
                    out.push(span(s, default));
                }
            }
            out
        }
    }
}

fn expected(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let Some(behaviour) = &rule.behaviour else {
        return RuleResult::not_applicable();
    };
    // Key facts and fixes are the scenario's; a real call audited without one has neither.
    let needs_scenario = matches!(
        behaviour.behaviour.event,
        Some(Event::KeyFactsFound | Event::FixProposed)
    );
    if needs_scenario && cx.subject.scenario.is_none() {
        return RuleResult::not_applicable();
    }
    let windows = windows(rule.rule.trigger, rule.rule.within, cx);
    if windows.is_empty() {
        return RuleResult::not_applicable();
    }
    let mut result = RuleResult::applies();
    for (start, end) in windows {
        let hit = (start..=end).find_map(|i| {
            let (n, span) = count_in_turn(behaviour, cx, i);
            (n > 0).then_some((i, span))
        });
        match hit {
            Some((i, span)) => result.add(rule, cx, Effect::Credit, || {
                turn_evidence(cx, i, span, Fills::default())
            }),
            // A missed moment is shown at the turn that called for it; a behaviour missing from
            // the whole call, or from its end, belongs to no one line.
            None => result.add(rule, cx, Effect::Deduction, || match rule.rule.trigger {
                Some(Trigger::CallStart | Trigger::CallerUpset | Trigger::FactRevealed | Trigger::FixProposed) => {
                    turn_evidence(cx, start, None, Fills::default())
                }
                None | Some(Trigger::CallEnd) => Evidence::default(),
            }),
        }
    }
    result
}

fn sequence(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let (Some(first), Some(then)) = (&rule.first, &rule.then) else {
        return RuleResult::not_applicable();
    };
    let n = cx.subject.turns.len();
    let Some(then_at) = (0..n).find(|&i| count_in_turn(then, cx, i).0 > 0) else {
        return RuleResult::not_applicable();
    };
    let first_at = (0..=then_at).find(|&i| count_in_turn(first, cx, i).0 > 0);
    let mut result = RuleResult::applies();
    result.add(rule, cx, Effect::of(first_at.is_some()), || {
        let span = count_in_turn(then, cx, then_at).1;
        turn_evidence(cx, then_at, span, Fills::default())
    });
    result
}

/// Capitalised words that are ordinary and never jargon.
const PLAIN_CAPITALS: &[&str] = &[
    "I", "IT", "OK", "PC", "ID", "TV", "USB", "PDF", "CEO", "HR", "ASAP", "FYI", "AM", "PM", "UK", "US", "EU", "CFO",
    // Keys printed on every keyboard.
    "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
];

fn jargon(rule: &CompiledRule, cx: &Context) -> RuleResult {
    if cx.subject.turns.is_empty() {
        return RuleResult::not_applicable();
    }
    let mut result = RuleResult::applies();
    // Everything the caller has said so far, lowercased: a term they used first is theirs.
    let mut caller_said = cx.subject.opening.unwrap_or_default().to_lowercase();
    for (index, turn) in cx.subject.turns.iter().enumerate() {
        if index > 0 {
            caller_said.push('\n');
            caller_said.push_str(&cx.subject.turns[index - 1].caller.to_lowercase());
        }
        for sentence in &cx.analyses[index].sentences {
            let text = &turn.trainee[sentence.span.clone()];
            let tokens = tokenize(text);
            if !rule.explained_by.find(&cx.model.words, &tokens).is_empty() || text.contains('(') {
                continue;
            }
            // Terms listed in capitals ("POST", "NIC") are acronyms: "post" and "nic" are not.
            let mut spans: Vec<Range<usize>> = rule
                .phrases
                .find(&cx.model.words, &tokens)
                .into_iter()
                .filter(|h| {
                    let listed = rule.phrases.original(h.phrase);
                    !is_acronym(listed) || text[h.span.clone()].chars().all(|c| !c.is_lowercase())
                })
                .map(|h| h.span)
                .collect();
            // In a sentence typed all in capitals every word looks like an acronym; that is
            // shouting, which its own rule judges.
            let shouted = !text.chars().any(char::is_lowercase);
            if rule.rule.acronyms && !shouted {
                for token in &tokens {
                    let raw = &text[token.span.clone()];
                    let letters = raw.trim_end_matches('s');
                    let allowed = PLAIN_CAPITALS.contains(&letters) || rule.rule.allow.iter().any(|a| a == letters);
                    if is_acronym(letters)
                        && !allowed
                        && !spans
                            .iter()
                            .any(|s| s.start <= token.span.start && token.span.end <= s.end)
                    {
                        spans.push(token.span.clone());
                    }
                }
            }
            spans.sort_by_key(|s| s.start);
            spans.retain(|s| !said_as_a_word(&caller_said, &text[s.clone()].to_lowercase()));
            for span in spans {
                result.add(rule, cx, Effect::Deduction, || {
                    let offset = sentence.span.start;
                    let fills = Fills::matched(&text[span.clone()]);
                    turn_evidence(cx, index, Some(span.start + offset..span.end + offset), fills)
                });
            }
        }
    }
    result
}

/// Whether `term` occurs in `text` as a whole word (or words): "vga" in "it says vga cable",
/// not in "vgaboot".
fn said_as_a_word(text: &str, term: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    text.match_indices(term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Two to six capitals and digits, with at least one capital: "DHCP", "2FA"; "IPv4" is not.
fn is_acronym(word: &str) -> bool {
    (2..=6).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_uppercase())
}

fn shouting(rule: &CompiledRule, cx: &Context) -> RuleResult {
    if cx.subject.turns.is_empty() {
        return RuleResult::not_applicable();
    }
    let least = rule.rule.min.unwrap_or(2.0) as usize;
    let jargon = cx.model.words.marker(MarkerSet::Jargon);
    let mut result = RuleResult::applies();
    for (index, turn) in cx.subject.turns.iter().enumerate() {
        let tokens = tokenize(&turn.trainee);
        let loud: Vec<&Token> = tokens
            .iter()
            .filter(|t| {
                let raw = &turn.trainee[t.span.clone()];
                raw.chars().filter(|c| c.is_alphabetic()).count() >= 4
                    && raw.chars().all(|c| !c.is_lowercase())
                    && jargon.find(&cx.model.words, std::slice::from_ref(*t)).is_empty()
            })
            .collect();
        if loud.len() >= least {
            result.add(rule, cx, Effect::Deduction, || {
                let span = loud[0].span.start..loud[loud.len() - 1].span.end;
                let fills = Fills::matched(&turn.trainee[span.clone()]);
                turn_evidence(cx, index, Some(span), fills)
            });
        }
    }
    result
}

fn politeness(rule: &CompiledRule, cx: &Context) -> RuleResult {
    if cx.subject.turns.is_empty() {
        return RuleResult::not_applicable();
    }
    let below = rule.rule.below.unwrap_or(0.0);
    let mut result = RuleResult::applies();
    for (index, turn) in cx.subject.turns.iter().enumerate() {
        let strategies = crate::text::politeness::score(&cx.model.words, &turn.trainee);
        let politeness = crate::text::profile::round_politeness(strategies.score);
        if politeness < below {
            result.add(rule, cx, Effect::Deduction, || {
                // Quote the politeness strategy that costs the line the most.
                let span = strategies.most_impolite().and_then(|f| f.spans.first().cloned());
                let matched = span.clone().map_or("", |s| &turn.trainee[s]);
                let fills = Fills {
                    count: Some(format!("{politeness:.1}")),
                    ..Fills::matched(matched)
                };
                turn_evidence(cx, index, span, fills)
            });
        }
    }
    result
}

fn note_of<'n>(cx: &Context<'n>) -> Option<&'n str> {
    cx.subject.note.filter(|n| !n.trim().is_empty())
}

/// Longest note quoted whole; a longer one is quoted by a window around what the finding is
/// about, so that findings, the record and the reports grow with the finding, not the note.
const MAX_NOTE_QUOTE_BYTES: usize = 600;

impl Context<'_> {
    /// The tone of the trainee's line at `index`, read by the tone heads once for the call.
    fn tone(&self, index: usize) -> crate::text::tone::Tone {
        let tones = self.tones.get_or_init(|| {
            self.subject
                .turns
                .iter()
                .map(|t| crate::text::tone::tone(self.model, &self.model.read(&t.trainee)))
                .collect()
        });
        tones[index]
    }

    /// The note's sentences, as byte ranges.
    fn note_sentences(&self) -> &[Range<usize>] {
        self.note_sentences.get_or_init(|| {
            self.subject
                .note
                .map(crate::text::tokens::sentence_spans)
                .unwrap_or_default()
        })
    }

    /// The index of the note sentence that holds byte `at`.
    fn note_sentence(&self, at: usize) -> usize {
        self.note_sentences().partition_point(|s| s.end <= at)
    }
}

/// Evidence quoting the note: the whole note when it is short; else the sentence that holds
/// `span` (cut to a window around it when the sentence is long too), or the note's opening
/// when the finding has no span. The span is moved to fit the quote.
fn note_evidence<'a>(cx: &Context, span: Option<Range<usize>>, fills: Fills<'a>) -> Evidence<'a> {
    let whole = |span| Evidence {
        turn: None,
        quote: cx.note_quote.clone(),
        span,
        fills: Fills::default(),
        repeats: 1,
    };
    let note = match &cx.note_quote {
        Some(note) if note.len() > MAX_NOTE_QUOTE_BYTES => note,
        _ => return Evidence { fills, ..whole(span) },
    };
    let window = match &span {
        Some(span) => {
            let sentence = cx
                .note_sentences()
                .get(cx.note_sentence(span.start))
                .cloned()
                .unwrap_or(span.clone());
            let half = MAX_NOTE_QUOTE_BYTES / 2;
            let start = sentence.start.max(span.start.saturating_sub(half));
            let end = sentence.end.min(span.end.max(span.start + half)).max(span.end);
            start..end
        }
        None => 0..MAX_NOTE_QUOTE_BYTES,
    };
    let window = char_boundary(note, window.start, false)..char_boundary(note, window.end, true);
    let mut quote = note[window.clone()].to_owned();
    if window.end < note.len() {
        quote.push('…');
    }
    Evidence {
        turn: None,
        quote: Some(Arc::from(quote)),
        span: span.map(|s| s.start - window.start..s.end.min(window.end) - window.start),
        fills,
        repeats: 1,
    }
}

/// `at`, moved to the nearest character boundary of `text` (backwards, or forwards if `up`).
fn char_boundary(text: &str, mut at: usize, up: bool) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at = if up { at + 1 } else { at - 1 };
    }
    at
}

fn note_elements(rule: &CompiledRule, cx: &Context) -> RuleResult {
    // A missing note is judged by note_length; an absent note has no elements to weigh.
    if note_of(cx).or(cx.subject.note.filter(|_| cx.subject.is_call)).is_none() {
        return RuleResult::not_applicable();
    }
    // An empty note on a call has every element missing.
    let empty = Prepared::new(&cx.model.words, Vec::new());
    let text = cx.units.note.as_ref().map_or(&empty, |u| &u.text);
    // The four parts of a note are read by meaning, sentence by sentence (the part heads);
    // an element of another name by its cue phrases. The cues also stand for a part the heads
    // miss: the heads follow a strict reader ("Verified problem was resolved." does not say
    // *how*), while the rubric's own words say what this trainer accepts.
    let sentences = note_of(cx).map(|n| sentence_parts(cx.model, n)).unwrap_or_default();
    let mut result = RuleResult::applies();
    for (name, cues) in &rule.elements {
        let by_meaning = PARTS.iter().position(|p| p == name).and_then(|part| {
            sentences
                .iter()
                .find(|s| s.present[part])
                .map(|s| trimmed(note_of(cx).unwrap_or(""), s.span.clone()))
        });
        let hit = by_meaning.or_else(|| cues.first_prepared(text).map(|h| h.span));
        result.add(rule, cx, Effect::of(hit.is_some()), || {
            note_evidence(cx, hit, Fills::item(name))
        });
    }
    result
}

/// A span without the white space at its ends.
fn trimmed(text: &str, span: Range<usize>) -> Range<usize> {
    let inner = &text[span.clone()];
    let start = span.start + (inner.len() - inner.trim_start().len());
    let end = span.end - (inner.len() - inner.trim_end().len());
    start..end.max(start)
}

fn note_facts(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let (Some(note), Some(scenario)) = (cx.subject.note, cx.subject.scenario) else {
        return RuleResult::not_applicable();
    };
    let required = &scenario.file.ticket.must_mention;
    if required.is_empty() {
        return RuleResult::not_applicable();
    }
    let mut result = RuleResult::applies();
    for id in required {
        let terms = scenario.fact(id).map(|f| f.note_terms.as_slice()).unwrap_or_default();
        result.add(rule, cx, Effect::of(mentions_any(&cx.model.words, note, terms)), || {
            note_evidence(cx, None, Fills::item(scenario.fact_label(id)))
        });
    }
    result
}

fn note_details(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let Some(note) = cx.subject.note.filter(|n| cx.subject.is_call || !n.trim().is_empty()) else {
        return RuleResult::not_applicable();
    };
    let least = rule.rule.min.unwrap_or(0.95);
    let mut result = RuleResult::applies();
    let found = match cx.units.note.as_ref() {
        // With one detail enough and the credit not kept, whether the note has any is all the
        // rule needs: a note with none has nothing to list either.
        Some(unit) if least <= 1.0 && !cx.keeps(Effect::Credit) => {
            if details::any_prepared(&cx.model.words, note, &unit.text) {
                result.add(rule, cx, Effect::Credit, Evidence::default);
                return result;
            }
            Vec::new()
        }
        Some(unit) => details::find_prepared(&cx.model.words, note, &unit.text),
        None => details::find(&cx.model.words, note),
    };
    result.add(rule, cx, Effect::of(found.len() as f64 >= least), || {
        let listed: Vec<&str> = found.iter().map(|d| &note[d.span.clone()]).collect();
        let fills = Fills {
            matched: Some(listed.join(", ").into()),
            ..Fills::count(found.len().to_string(), format_number(least))
        };
        note_evidence(cx, found.first().map(|d| d.span.clone()), fills)
    });
    result
}

fn note_length(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let Some(note) = cx.subject.note.filter(|n| cx.subject.is_call || !n.trim().is_empty()) else {
        return RuleResult::not_applicable();
    };
    let words = word_count(note) as f64;
    let r = &rule.rule;
    let limit = if r.min.is_some_and(|m| words < m) {
        r.min
    } else if r.max.is_some_and(|m| words > m) {
        r.max
    } else {
        None
    };
    let mut result = RuleResult::applies();
    if let Some(limit) = limit {
        result.add(rule, cx, Effect::Deduction, || {
            note_evidence(cx, None, Fills::count(format_number(words), format_number(limit)))
        });
    }
    result
}

fn outcome(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let Some(outcome) = cx.subject.outcome.filter(|_| cx.subject.is_call) else {
        return RuleResult::not_applicable();
    };
    let mut result = RuleResult::applies();
    result.add(rule, cx, Effect::of(rule.rule.expect.contains(&outcome)), || Evidence {
        fills: Fills::item(outcome.describe()),
        ..Evidence::default()
    });
    result
}

fn call_length(rule: &CompiledRule, cx: &Context) -> RuleResult {
    let Some(scenario) = cx
        .subject
        .scenario
        .filter(|_| cx.subject.is_call && !cx.subject.turns.is_empty())
    else {
        return RuleResult::not_applicable();
    };
    let limit = (rule.rule.max.unwrap_or(1.0) * f64::from(scenario.file.caller.patience)).floor();
    let used = cx.subject.turns.len() as f64;
    let mut result = RuleResult::applies();
    if used > limit {
        result.add(rule, cx, Effect::Deduction, || Evidence {
            fills: Fills::count(format_number(used), format_number(limit)),
            ..Evidence::default()
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_needless_decimals() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-2.0), "-2");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_number(0.5), "0.5");
    }
}
