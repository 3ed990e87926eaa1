//! The tone of an agent's line by meaning: one trained head per label (empathy, blame,
//! dismissive, condescending, sarcastic, rude, polite), each a probability.

use super::detmath::sigmoid;
use super::model::{Model, Reading, TONE_GROUP};

/// The tone labels, in the order `analyze` prints them.
pub const TONES: [&str; 7] = [
    "empathy",
    "blame",
    "dismissive",
    "condescending",
    "sarcastic",
    "rude",
    "polite",
];

/// How a line sounds: each label's probability, and whether its head says it applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tone {
    pub probability: [f64; 7],
    pub present: [bool; 7],
}

impl Tone {
    /// The probability of a label by name (0 for an unknown name).
    pub fn get(&self, label: &str) -> f64 {
        TONES
            .iter()
            .position(|t| *t == label)
            .map_or(0.0, |i| self.probability[i])
    }

    /// Whether a label's head says it applies.
    pub fn has(&self, label: &str) -> bool {
        TONES.iter().position(|t| *t == label).is_some_and(|i| self.present[i])
    }
}

/// The tone of a text already read.
pub fn tone(model: &Model, reading: &Reading) -> Tone {
    let mut out = Tone {
        probability: [0.0; 7],
        present: [false; 7],
    };
    let Some(group) = model.group(TONE_GROUP) else {
        return out;
    };
    let logits = group.logits(reading.input());
    for (i, label) in TONES.iter().enumerate() {
        if let Some(j) = group.label(label) {
            out.probability[i] = sigmoid(f64::from(logits[j]));
            out.present[i] = logits[j] > group.threshold[j];
        }
    }
    out
}
