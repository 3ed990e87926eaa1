//! The language profile of one utterance, as `deskcoach analyze` prints it (a contract other
//! tools read): the intents it carries and the top three intent scores, whether it asks why,
//! its tone (a probability per label), its politeness, the note parts it gives when read as a
//! sentence of a ticket note, its quality when read as a whole note, its specificity, and every
//! marker behind those numbers with its span, so each number can be explained to a trainee.

use serde::Serialize;

use super::intents::{Evidence, IntentMatch, Matcher};
use super::markers::MarkerSet;
use super::note::{PARTS, parts_of, quality_of_reading, sentence_parts};
use super::phrases::Prepared;
use super::tokens::tokenize;
use super::tone::{TONES, tone};
use super::{QuestionKind, analyze, details, politeness};

/// How many intent scores `intent_scores` lists.
const TOP_INTENTS: usize = 3;

/// One piece of evidence: a phrase from a marker list, or a concrete detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    /// The marker list (`blame`, `polite`...) or detail kind (`ip_address`...).
    pub kind: String,
    pub text: String,
    /// Byte offsets into the utterance.
    pub start: usize,
    pub end: usize,
}

/// An intent and how sure the matcher is of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntentScore {
    pub intent: String,
    pub score: f64,
}

/// Probabilities by name, serialised as an object in a fixed order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores(serde_json::Map<String, serde_json::Value>);

impl Scores {
    fn new(names: &[&str], values: &[f64]) -> Scores {
        Scores(
            names
                .iter()
                .zip(values)
                .map(|(n, v)| ((*n).to_owned(), serde_json::Value::from(round(*v, 4))))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.get(name).and_then(serde_json::Value::as_f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub text: String,
    /// The intents the line carries.
    pub intents: Vec<String>,
    /// The three intents it comes closest to, matched or not, best first.
    pub intent_scores: Vec<IntentScore>,
    pub why_question: bool,
    pub question: QuestionKind,
    pub questions: usize,
    /// Each tone label's probability.
    pub tone: Scores,
    /// Higher is more polite; 0 is neutral. The logit of the politeness model
    /// (`text::politeness`): its strategies are the `politeness:*` markers.
    pub politeness: f64,
    /// Each note part's probability, reading the line as one sentence of a ticket note.
    pub note: Scores,
    /// 1 to 5, reading the line as a whole note.
    pub note_quality: f64,
    /// Higher is more specific: concrete details and length, on a log scale.
    pub specificity: f64,
    pub jargon: Vec<String>,
    pub markers: Vec<Marker>,
    /// With `--explain`: every intent the line carries, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<IntentMatch>>,
}

/// Politeness as profiles print it: three decimals, enough to rank and the same text on every
/// platform.
pub fn round_politeness(score: f64) -> f64 {
    round(score, 3)
}

fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// The profile of one utterance, its intents read by `matcher`.
pub fn profile(matcher: &Matcher, text: &str, explain: bool) -> Profile {
    let model = matcher.model();
    let analysis = analyze(text);
    let book = &model.words;
    let tokens = Prepared::new(book, tokenize(text));
    let mut markers = Vec::new();
    for set in [
        MarkerSet::HollowEmpathy,
        MarkerSet::Empathy,
        MarkerSet::Blame,
        MarkerSet::Polite,
        MarkerSet::Blunt,
        MarkerSet::Dismissal,
        MarkerSet::Sarcasm,
        MarkerSet::VagueNote,
        MarkerSet::Jargon,
        MarkerSet::Leading,
    ] {
        for hit in book.marker(set).find_prepared(&tokens) {
            markers.push(Marker {
                kind: set.name().to_owned(),
                text: text[hit.span.clone()].to_owned(),
                start: hit.span.start,
                end: hit.span.end,
            });
        }
    }
    let jargon = markers
        .iter()
        .filter(|m| m.kind == MarkerSet::Jargon.name())
        .map(|m| m.text.clone())
        .collect();
    let found = details::find_prepared(book, text, &tokens);
    for d in &found {
        markers.push(Marker {
            kind: d.kind.name().to_owned(),
            text: text[d.span.clone()].to_owned(),
            start: d.span.start,
            end: d.span.end,
        });
    }
    let polite = politeness::score(book, text);
    for feature in &polite.features {
        for span in &feature.spans {
            markers.push(Marker {
                kind: format!("politeness:{}", feature.name),
                text: text[span.clone()].to_owned(),
                start: span.start,
                end: span.end,
            });
        }
    }
    markers.sort_by(|a, b| (a.start, &a.kind).cmp(&(b.start, &b.kind)));

    let line = matcher.read_line(&analysis);
    let (matches, reading) = (line.found, line.reading);
    let mut intent_scores: Vec<IntentScore> = line
        .scores
        .into_iter()
        .map(|m| IntentScore {
            intent: m.intent,
            score: round(m.score, 4),
        })
        .collect();
    intent_scores.truncate(TOP_INTENTS);

    let tone = tone(model, &reading);
    let whole_note = sentence_parts(model, text);
    let (as_sentence, _) = parts_of(model, &reading);
    let question = analysis.question_kind();
    Profile {
        text: text.to_owned(),
        intents: matches.iter().map(|m| m.intent.clone()).collect(),
        intent_scores,
        why_question: matches
            .iter()
            .any(|m| m.intent == "ask_why" && m.evidence == Evidence::Form)
            || analysis
                .sentences
                .iter()
                .any(|s| super::grammar::why_question(&s.tokens, analysis.sentence_text(s).ends_with('?')).is_some()),
        question,
        questions: analysis.question_count(),
        tone: Scores::new(&TONES, &tone.probability),
        politeness: round_politeness(polite.score),
        note: Scores::new(&PARTS, &as_sentence),
        note_quality: round(quality_of_reading(model, text, &whole_note, &reading), 4),
        specificity: round(specificity(text, found.len()), 4),
        jargon,
        markers,
        explain: explain.then_some(matches),
    }
}

/// How specific a text is: its concrete details (error text, codes, addresses, versions,
/// names) count most, then its length, both on a log scale so the tenth detail adds less than
/// the first.
fn specificity(text: &str, details: usize) -> f64 {
    let words = super::word_count(text) as f64;
    super::detmath::ln(1.0 + details as f64) + 0.5 * super::detmath::ln(1.0 + words)
}
