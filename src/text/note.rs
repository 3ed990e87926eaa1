//! Ticket notes by meaning: which sentences give the symptom, the cause, the action and the
//! verification (the part heads), and how good the note is as a whole (the quality regressor
//! over the note's length, its parts and its concrete details).

use std::ops::Range;

use super::details;
use super::detmath::{ln, sigmoid};
use super::heads::QUALITY_EMBEDDING_SCALE;
use super::model::{Model, PART_GROUP, Reading};

/// The parts of a good note, in the order a note tells them.
pub const PARTS: [&str; 4] = ["symptom", "cause", "action", "verification"];

/// What the quality regressor weighs, in order (see [`quality_features`]).
pub const QUALITY_FEATURES: [&str; 6] = ["log_words", "symptom", "cause", "action", "verification", "log_details"];

/// One sentence of a note and how likely it is to give each part.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceParts {
    pub span: Range<usize>,
    /// The part heads' logits, in [`PARTS`] order.
    pub logit: [f32; 4],
    /// Whether each part's head says the sentence gives it (above its calibrated threshold).
    pub present: [bool; 4],
}

impl SentenceParts {
    /// Each part's probability, in [`PARTS`] order.
    pub fn probability(&self) -> [f64; 4] {
        self.logit.map(|l| sigmoid(f64::from(l)))
    }
}

/// The sentences of a note, each with its parts.
pub fn sentence_parts(model: &Model, note: &str) -> Vec<SentenceParts> {
    super::tokens::sentence_spans(note)
        .into_iter()
        .map(|span| {
            let (logit, present) = part_logits(model, &model.read(&note[span.clone()]));
            SentenceParts { span, logit, present }
        })
        .collect()
}

/// Each part's probability for one text read as a sentence of a note, and whether its head
/// says the sentence gives it.
pub fn parts_of(model: &Model, reading: &Reading) -> ([f64; 4], [bool; 4]) {
    let (logit, present) = part_logits(model, reading);
    (logit.map(|l| sigmoid(f64::from(l))), present)
}

/// The part heads' logits for one text read as a sentence, and which parts they say it gives.
/// (Without a part group, every logit is very low: no part is given.)
fn part_logits(model: &Model, reading: &Reading) -> ([f32; 4], [bool; 4]) {
    let mut logit = [f32::MIN; 4];
    let mut present = [false; 4];
    if let Some(group) = model.group(PART_GROUP) {
        let logits = group.logits(reading.input());
        for (i, part) in PARTS.iter().enumerate() {
            if let Some(label) = group.label(part) {
                logit[i] = logits[label];
                present[i] = logits[label] > group.threshold[label];
            }
        }
    }
    (logit, present)
}

/// The strongest sign of each part anywhere in the note.
pub fn note_parts(sentences: &[SentenceParts]) -> [f64; 4] {
    let mut best = [0.0f64; 4];
    for s in sentences {
        for (b, p) in best.iter_mut().zip(s.probability()) {
            *b = b.max(p);
        }
    }
    best
}

/// The measurements the quality regressor weighs, in [`QUALITY_FEATURES`] order.
pub fn quality_features(model: &Model, note: &str, sentences: &[SentenceParts]) -> Vec<f64> {
    let words = super::word_count(note) as f64;
    let found = details::find(&model.words, note).len() as f64;
    let parts = note_parts(sentences);
    let mut out = vec![ln(1.0 + words)];
    out.extend(parts);
    out.push(ln(1.0 + found));
    out
}

/// The note's quality on the 1 to 5 scale of the rubric (symptom, cause, action and
/// verification, with concrete details for a 5), clamped to that range.
pub fn quality(model: &Model, note: &str, sentences: &[SentenceParts]) -> f64 {
    quality_of_reading(model, note, sentences, &model.read(note))
}

/// [`quality`], with the note already read.
pub fn quality_of_reading(model: &Model, note: &str, sentences: &[SentenceParts], reading: &Reading) -> f64 {
    let q = &model.heads.quality;
    let features = quality_features(model, note, sentences);
    let mut score = f64::from(q.intercept);
    for (w, x) in q.weights.iter().zip(&features) {
        score += f64::from(*w) * x;
    }
    if !q.embedding.is_empty() {
        let dot = super::encoder::dot(&q.embedding, &reading.embedding);
        score += f64::from(dot * QUALITY_EMBEDDING_SCALE);
    }
    score.clamp(1.0, 5.0)
}
