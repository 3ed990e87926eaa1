//! The language model: the encoder, the heads and the wordbook (stems, synonyms, marker lists,
//! detail patterns, politeness lexicons), one immutable value built once (from data compiled
//! into the binary) and passed to everything that reads language.

use super::encoder::{Embedding, Encoder, EncoderError};
use super::heads::{HeadGroup, Heads, Input};
use super::wordbook::Wordbook;

/// The distilled token table (see `models/README.md`).
const TABLE: &[u8] = include_bytes!("../../models/minilm-static.bin");
/// Its WordPiece vocabulary.
const VOCABULARY: &str = include_str!("../../models/minilm-static.vocab");
/// The fitted heads (see `examples/train_language.rs`).
const HEADS: &[u8] = include_bytes!("../../models/heads.bin");

/// Names of the head groups in `models/heads.bin`.
pub const INTENT_GROUP: &str = "intents";
pub const TONE_GROUP: &str = "tone";
pub const PART_GROUP: &str = "parts";

/// The acts the intent heads are trained for, in the order of the training data's guide
/// (`data/train/GUIDE-intents.md`). Tone labels are [`super::tone::TONES`]; note parts are
/// [`super::note::PARTS`].
pub const HEAD_INTENTS: [&str; 19] = [
    "greet",
    "introduce",
    "empathize",
    "apologize",
    "acknowledge",
    "paraphrase",
    "ask_symptoms",
    "ask_error_message",
    "ask_when_started",
    "ask_what_changed",
    "ask_scope",
    "verify_identity",
    "set_expectations",
    "confirm_resolution",
    "offer_more_help",
    "escalate",
    "blame_user",
    "dismiss",
    "ask_why",
];

/// The encoder, the heads and the wordbook.
#[derive(Debug)]
pub struct Model {
    pub encoder: Encoder,
    pub heads: Heads,
    pub words: Wordbook,
}

/// A text as the heads read it: its token ids, its vector and its n-gram features.
#[derive(Debug, Clone)]
pub struct Reading {
    pub ids: Vec<u32>,
    pub embedding: Embedding,
    pub features: Vec<u32>,
}

impl Reading {
    pub fn input(&self) -> Input<'_> {
        Input {
            embedding: &self.embedding,
            features: &self.features,
        }
    }
}

/// Why the built-in model could not be used (a broken build, never bad user input).
#[derive(Debug)]
pub enum ModelError {
    Encoder(EncoderError),
    Heads(String),
    /// Reported again to a later caller: what went wrong the first time.
    Damaged(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::Encoder(e) => write!(f, "the built-in language model is damaged: {e}"),
            ModelError::Heads(e) => write!(f, "the built-in language heads are damaged: {e}"),
            ModelError::Damaged(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// The built-in encoder alone (what the heads are fitted over).
pub fn embedded_encoder() -> Result<Encoder, ModelError> {
    Encoder::new(TABLE, VOCABULARY).map_err(ModelError::Encoder)
}

impl Model {
    /// The model compiled into the binary.
    pub fn embedded() -> Result<Model, ModelError> {
        Ok(Model {
            encoder: embedded_encoder()?,
            heads: Heads::from_bytes(HEADS).map_err(ModelError::Heads)?,
            words: Wordbook::new(),
        })
    }

    /// Reads a text: tokens, vector, n-gram features.
    pub fn read(&self, text: &str) -> Reading {
        let mut ids = Vec::with_capacity(text.len() / 4 + 2);
        self.encoder.tokens(text, &mut ids);
        self.read_tokens(ids)
    }

    /// Reads a text already split into token ids.
    pub fn read_tokens(&self, ids: Vec<u32>) -> Reading {
        let embedding = self.encoder.embed_tokens(&ids);
        let mut features = Vec::with_capacity(ids.len() * 2);
        self.heads.ngrams.features(&ids, &mut features);
        Reading {
            ids,
            embedding,
            features,
        }
    }

    /// A head group by name; the built-in heads always have the three named above.
    pub fn group(&self, name: &str) -> Option<&HeadGroup> {
        self.heads.group(name)
    }
}
