//! Intents by meaning: which acts a trainee's line performs.
//!
//! A line carries an intent when
//! - its trained head says so (the built-in intents: a logistic unit over the sentence vector
//!   and n-grams, above a threshold calibrated by cross-validation on `data/train/`), or
//! - it is close to one of the intent's examples (cosine similarity of sentence vectors at
//!   least [`EXAMPLE_SIMILARITY`], and ahead of every other intent's nearest example by
//!   [`EXAMPLE_MARGIN`]), or
//! - for an intent with no head (a scenario's own), the lexical matcher finds most of an
//!   example's concepts in it (see `lexical`).
//!
//! The line is read whole and sentence by sentence; a sentence shorter than
//! [`MIN_CLAUSE_WORDS`] words is not read on its own. Grammar has the last word on why
//! questions (`grammar`). Every match says why: the head's probability, or the nearest
//! example and its similarity.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::detmath::sigmoid;
use super::encoder::{Embedding, similarity};
use super::grammar::{is_instruction, softens, why_question};
use super::lexical::LexicalMatcher;
use super::model::{INTENT_GROUP, Model, Reading};
use super::{Analysis, QuestionKind, Sentence};

/// Cosine similarity (of centred sentence vectors) to an example from which a sentence carries
/// its intent. Measured on the training corpus, taking eight lines of each built-in act as a
/// scenario's examples and reading the rest: at 0.9, nearest-example matching had precision
/// 0.65 and recall under 1% (0.48 and 21% at 0.5). Acts are about what a line does, which the
/// vectors, built to say what a line is about, tell apart poorly; so this route is kept
/// strict, for near-copies of an example, and the lexical matcher does the rest.
pub const EXAMPLE_SIMILARITY: f32 = 0.9;

/// How far the nearest example of the intent must lead the nearest example of any other.
pub const EXAMPLE_MARGIN: f32 = 0.03;

/// Sentences shorter than this are read only as part of their line: "Okay." or "Sorry?" on
/// their own say too little to carry an act.
pub const MIN_CLAUSE_WORDS: usize = 3;

/// The grammatical form a sentence must have to carry an intent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Any sentence.
    #[default]
    Any,
    /// A question, open or closed ("Did anything change?").
    Question,
    /// Not a question ("I'm sorry about that").
    Statement,
    /// Any open question; needs no examples.
    OpenQuestion,
    /// Any question that asks why, wherever the why stands; needs no examples.
    WhyQuestion,
    /// A request to do something: an imperative ("pull the cable"), or a polite request
    /// ("could you restart it?"). Not a request to tell something ("tell me the error").
    Instruction,
}

impl Form {
    /// Forms that are a whole intent by themselves: without examples, any sentence of the
    /// form carries the intent.
    pub fn stands_alone(self) -> bool {
        matches!(self, Form::OpenQuestion | Form::WhyQuestion)
    }
}

/// An intent as the matcher needs it.
#[derive(Debug, Clone, Copy)]
pub struct IntentSpec<'a> {
    pub id: &'a str,
    pub form: Form,
    pub examples: &'a [String],
    /// How many of `examples`, from the start, are the built-in library's own: an intent the
    /// heads know is read by its head, and only the examples a scenario adds are matched by
    /// example too (they say how this call's caller puts it).
    pub library_examples: usize,
    /// It attacks the listener (blame, dismissal): never read in a sentence that denies or
    /// reassures ("it's not your fault", "I'm not going to leave you waiting").
    pub hostile: bool,
}

/// How a match was made, to explain it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum Evidence {
    /// The intent's trained head.
    Head { probability: f64 },
    /// The nearest example, by sentence vectors.
    Example { example: String, similarity: f64 },
    /// The lexical matcher's share of the example's concepts.
    Lexical { example: String, coverage: f64 },
    /// The sentence's grammatical form alone (open or why question).
    Form,
}

/// One intent found in a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntentMatch {
    pub intent: String,
    /// How sure, 0 to 1: the head's probability, the similarity, or the coverage.
    pub score: f64,
    /// Index of the sentence that carries it, or `None` when it is the line as a whole.
    pub sentence: Option<usize>,
    pub evidence: Evidence,
}

#[derive(Debug)]
struct CompiledIntent {
    id: String,
    form: Form,
    hostile: bool,
    /// Its unit in the intent heads, for a built-in intent.
    head: Option<usize>,
    examples: Vec<(String, Embedding)>,
}

/// A compiled intent library over the language model.
#[derive(Debug)]
pub struct Matcher {
    model: Arc<Model>,
    intents: Vec<CompiledIntent>,
    lexical: LexicalMatcher,
}

/// What [`Matcher::read_line`] makes of a line.
#[derive(Debug, Clone)]
pub struct LineReading {
    /// The intents it carries, in library order.
    pub found: Vec<IntentMatch>,
    /// Every intent's best score, best first.
    pub scores: Vec<IntentMatch>,
    /// The whole line as the heads read it.
    pub reading: Reading,
}

/// One piece of a line that is read on its own: the whole line, or one of its sentences.
struct Unit {
    sentence: Option<usize>,
    reading: Reading,
    form: FormOf,
}

/// What the matcher knows of a unit's grammar.
#[derive(Clone, Copy)]
struct FormOf {
    question: QuestionKind,
    why: bool,
    instruction: bool,
}

impl Matcher {
    pub fn new<'a>(model: Arc<Model>, specs: impl IntoIterator<Item = IntentSpec<'a>>) -> Matcher {
        let specs: Vec<IntentSpec<'a>> = specs.into_iter().collect();
        let group = model.group(INTENT_GROUP);
        let intents = specs
            .iter()
            .map(|spec| CompiledIntent {
                id: spec.id.to_owned(),
                form: spec.form,
                hostile: spec.hostile,
                head: group.and_then(|g| g.label(spec.id)),
                examples: match group.and_then(|g| g.label(spec.id)) {
                    Some(_) => Vec::new(),
                    None => spec
                        .examples
                        .iter()
                        .map(|e| (e.clone(), model.heads.centred(&model.read(e).embedding)))
                        .collect(),
                },
            })
            .collect();
        // The lexical route reads an intent the heads do not know by its examples, and one they
        // know by the examples a scenario added to it; the library's examples of the latter only
        // shape its vocabulary and weights.
        let lexical = LexicalMatcher::new(
            &model.words,
            specs.iter().map(|s| IntentSpec {
                library_examples: if group.and_then(|g| g.label(s.id)).is_some() {
                    s.library_examples
                } else {
                    0
                },
                ..*s
            }),
        );
        Matcher {
            model,
            intents,
            lexical,
        }
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    /// The intents the line carries, each once (from its strongest unit), in library order.
    pub fn detect(&self, analysis: &Analysis) -> Vec<IntentMatch> {
        self.assess(analysis)
            .into_iter()
            .filter(|(m, _)| *m)
            .map(|(_, m)| m)
            .collect()
    }

    /// Every intent's best score for the line, matched or not, best first: for `analyze`'s
    /// `intent_scores` and for trainers probing an intent.
    pub fn scores(&self, analysis: &Analysis) -> Vec<IntentMatch> {
        by_score(self.assess(analysis).into_iter().map(|(_, m)| m).collect())
    }

    /// [`detect`](Self::detect) and [`scores`](Self::scores) of a line, read once, with the
    /// reading of the whole line (for the other heads `analyze` runs on it).
    pub fn read_line(&self, analysis: &Analysis) -> LineReading {
        let units = self.units(analysis);
        let all = self.assess_units(analysis, &units);
        let found = all.iter().filter(|(m, _)| *m).map(|(_, m)| m.clone()).collect();
        let reading = units
            .into_iter()
            .next()
            .map_or_else(|| self.model.read(""), |u| u.reading);
        LineReading {
            found,
            scores: by_score(all.into_iter().map(|(_, m)| m).collect()),
            reading,
        }
    }

    /// Whether the library knows an intent by this id.
    pub fn knows(&self, id: &str) -> bool {
        self.intents.iter().any(|i| i.id == id)
    }

    fn units(&self, analysis: &Analysis) -> Vec<Unit> {
        let line_form = FormOf {
            question: analysis.question_kind(),
            why: analysis.sentences.iter().any(|s| sentence_is_why(analysis, s)),
            instruction: analysis.sentences.iter().any(|s| is_instruction(&s.tokens)),
        };
        let mut units = vec![Unit {
            sentence: None,
            reading: self.model.read(&analysis.text),
            form: line_form,
        }];
        if analysis.sentences.len() > 1 {
            for (index, sentence) in analysis.sentences.iter().enumerate() {
                if sentence.tokens.len() < MIN_CLAUSE_WORDS {
                    continue;
                }
                units.push(Unit {
                    sentence: Some(index),
                    reading: self.model.read(analysis.sentence_text(sentence)),
                    form: FormOf {
                        question: sentence.question,
                        why: sentence_is_why(analysis, sentence),
                        instruction: is_instruction(&sentence.tokens),
                    },
                });
            }
        }
        units
    }

    /// Every intent with a score for the line: whether it matched, and its best evidence.
    fn assess(&self, analysis: &Analysis) -> Vec<(bool, IntentMatch)> {
        self.assess_units(analysis, &self.units(analysis))
    }

    fn assess_units(&self, analysis: &Analysis, units: &[Unit]) -> Vec<(bool, IntentMatch)> {
        if analysis.sentences.is_empty() {
            return Vec::new();
        }
        let group = self.model.group(INTENT_GROUP);
        let logits: Vec<Vec<f32>> = units
            .iter()
            .map(|u| group.map(|g| g.logits(u.reading.input())).unwrap_or_default())
            .collect();
        let nearest: Vec<Vec<(f32, usize)>> = units.iter().map(|u| self.nearest_examples(&u.reading)).collect();
        let lexical = self.lexical.scores(&self.model.words, analysis);
        let mut found = Vec::new();
        for (index, intent) in self.intents.iter().enumerate() {
            let mut best: Option<(bool, IntentMatch)> = None;
            let mut offer = |matched: bool, candidate: IntentMatch| {
                let better = match &best {
                    None => true,
                    Some((was_matched, current)) => (matched, candidate.score) > (*was_matched, current.score),
                };
                if better {
                    best = Some((matched, candidate));
                }
            };
            // A head learnt every form its act takes, imperatives included ("Read me the exact
            // wording"), so only the example routes are held to the intent's form. Its
            // strongest unit speaks for it.
            if let (Some(head), Some(g)) = (intent.head, group) {
                let strongest =
                    (0..units.len()).fold(0, |best, u| if logits[u][head] > logits[best][head] { u } else { best });
                let logit = logits[strongest][head];
                let probability = sigmoid(f64::from(logit));
                let evidence = Evidence::Head { probability };
                offer(
                    logit > g.threshold[head],
                    matched(intent, units[strongest].sentence, probability, evidence),
                );
            }
            for (u, unit) in units.iter().enumerate() {
                if !form_fits(intent.form, unit.form) {
                    continue;
                }
                if intent.form.stands_alone() && intent.head.is_none() && intent.examples.is_empty() {
                    offer(true, matched(intent, unit.sentence, 1.0, Evidence::Form));
                    continue;
                }
                let (similarity, example) = nearest[u][index];
                if let Some((text, _)) = intent.examples.get(example) {
                    let rival = nearest[u]
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != index)
                        .map(|(_, (s, _))| *s)
                        .fold(0.0f32, f32::max);
                    let is_match = similarity >= EXAMPLE_SIMILARITY && similarity >= rival + EXAMPLE_MARGIN;
                    let evidence = Evidence::Example {
                        example: text.clone(),
                        similarity: f64::from(similarity),
                    };
                    offer(
                        is_match,
                        matched(intent, unit.sentence, f64::from(similarity), evidence),
                    );
                }
            }
            if let Some(m) = lexical.iter().find(|m| m.intent == intent.id) {
                let evidence = Evidence::Lexical {
                    example: m.example.clone(),
                    coverage: m.score,
                };
                let is_match = m.score >= super::lexical::MATCH_THRESHOLD;
                offer(is_match, matched(intent, Some(m.sentence), m.score, evidence));
            }
            // Grammar has the last word on why questions: a why anywhere in a question asks
            // one, and a line whose only "why" makes a suggestion ("why don't you...") or a
            // statement ("that's why") asks none, whatever the head thought.
            if intent.form == Form::WhyQuestion {
                if units[0].form.why {
                    offer(true, matched(intent, None, 1.0, Evidence::Form));
                } else if mentions_why(analysis)
                    && let Some((matched_now, _)) = best.as_mut()
                {
                    *matched_now = false;
                }
            }
            if intent.hostile
                && let Some((matched_now, m)) = best.as_mut()
                && *matched_now
                && carrier_softens(analysis, m.sentence)
            {
                *matched_now = false;
            }
            found.extend(best);
        }
        found
    }

    /// For each intent, the similarity of its nearest example to the unit, and which example.
    fn nearest_examples(&self, reading: &Reading) -> Vec<(f32, usize)> {
        let centred = self.model.heads.centred(&reading.embedding);
        self.intents
            .iter()
            .map(|intent| {
                intent
                    .examples
                    .iter()
                    .enumerate()
                    .map(|(i, (_, e))| (similarity(&centred, e), i))
                    .fold((f32::MIN, usize::MAX), |best, x| if x.0 > best.0 { x } else { best })
            })
            .collect()
    }
}

/// Best first; ties by id, so the order never depends on the library's.
fn by_score(mut all: Vec<IntentMatch>) -> Vec<IntentMatch> {
    all.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.intent.cmp(&b.intent)));
    all
}

fn matched(intent: &CompiledIntent, sentence: Option<usize>, score: f64, evidence: Evidence) -> IntentMatch {
    IntentMatch {
        intent: intent.id.clone(),
        score,
        sentence,
        evidence,
    }
}

/// Whether the sentence that carries a match (or, for the whole line, every sentence of it)
/// denies or reassures.
fn carrier_softens(analysis: &Analysis, sentence: Option<usize>) -> bool {
    let softens = |s: &Sentence| softens(&analysis.text, &s.tokens);
    match sentence.and_then(|i| analysis.sentences.get(i)) {
        Some(s) => softens(s),
        None => !analysis.sentences.is_empty() && analysis.sentences.iter().all(softens),
    }
}

fn mentions_why(analysis: &Analysis) -> bool {
    analysis
        .sentences
        .iter()
        .flat_map(|s| &s.tokens)
        .any(|t| t.word == "why")
}

fn sentence_is_why(analysis: &Analysis, sentence: &Sentence) -> bool {
    let question_mark = analysis.sentence_text(sentence).ends_with('?');
    why_question(&sentence.tokens, question_mark).is_some()
}

fn form_fits(form: Form, unit: FormOf) -> bool {
    match form {
        Form::Any => true,
        Form::WhyQuestion => unit.why,
        Form::Question => unit.question != QuestionKind::None,
        Form::Statement => unit.question == QuestionKind::None,
        Form::OpenQuestion => unit.question == QuestionKind::Open,
        Form::Instruction => unit.instruction,
    }
}
