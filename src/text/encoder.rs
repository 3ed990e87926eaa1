//! The sentence encoder: static token vectors distilled from all-MiniLM-L6-v2, summed and
//! normalised.
//!
//! Each vocabulary token has one row of 256 signed bytes and a scale, distilled once by
//! `models/distill/distill.py` (the token's own output of the transformer, reduced by PCA,
//! weighted by how rare the token is, quantised). A text's vector is the sum of its tokens'
//! rows, each times its scale, normalised to length 1. The sum runs in token order, in `f32`,
//! with no fused multiply-add, so the same text gives the same bits on every platform.
//!
//! File layout (little-endian): the magic `DCEMB001`, the token count and the dimensions as
//! `u32`, one `f32` scale per token, then the rows, token by token.

use super::wordpiece::{Vocabulary, VocabularyError};

/// Dimensions of a sentence vector.
pub const DIMENSIONS: usize = 256;

const MAGIC: &[u8; 8] = b"DCEMB001";
const HEADER: usize = 16;

/// A sentence vector: length 1, or all zeros for a text with no tokens.
pub type Embedding = [f32; DIMENSIONS];

/// The encoder: vocabulary, scales and rows.
#[derive(Debug)]
pub struct Encoder {
    vocabulary: Vocabulary,
    scales: Vec<f32>,
    rows: &'static [u8],
}

/// Why an encoder's files could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncoderError {
    /// The table does not start with the magic, or its size does not match its header.
    Table(&'static str),
    Vocabulary(VocabularyError),
    /// The table and the vocabulary disagree on how many tokens there are.
    Mismatch {
        table: usize,
        vocabulary: usize,
    },
}

impl std::fmt::Display for EncoderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncoderError::Table(why) => write!(f, "embedding table: {why}"),
            EncoderError::Vocabulary(e) => write!(f, "vocabulary: {e}"),
            EncoderError::Mismatch { table, vocabulary } => write!(
                f,
                "the embedding table has {table} rows but the vocabulary {vocabulary} tokens"
            ),
        }
    }
}

impl Encoder {
    /// An encoder over a table and a vocabulary in the layout `distill.py` writes.
    pub fn new(table: &'static [u8], vocabulary: &str) -> Result<Encoder, EncoderError> {
        let vocabulary = Vocabulary::from_lines(vocabulary).map_err(EncoderError::Vocabulary)?;
        let (header, rest) = table
            .split_first_chunk::<HEADER>()
            .ok_or(EncoderError::Table("shorter than its header"))?;
        if &header[..8] != MAGIC {
            return Err(EncoderError::Table("no DCEMB001 magic"));
        }
        let word =
            |at: usize| u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]) as usize;
        let (tokens, dimensions) = (word(8), word(12));
        if dimensions != DIMENSIONS {
            return Err(EncoderError::Table("not 256 dimensions"));
        }
        if tokens != vocabulary.len() {
            return Err(EncoderError::Mismatch {
                table: tokens,
                vocabulary: vocabulary.len(),
            });
        }
        if rest.len() != tokens * (4 + DIMENSIONS) {
            return Err(EncoderError::Table("its size does not match its header"));
        }
        let (scales, rows) = rest.split_at(tokens * 4);
        let scales = scales
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Encoder {
            vocabulary,
            scales,
            rows,
        })
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The token ids of a text, appended to `ids`.
    pub fn tokens(&self, text: &str, ids: &mut Vec<u32>) {
        self.vocabulary.encode(text, ids);
    }

    /// The vector of a text.
    pub fn embed(&self, text: &str) -> Embedding {
        let mut ids = Vec::with_capacity(text.len() / 4 + 1);
        self.tokens(text, &mut ids);
        self.embed_tokens(&ids)
    }

    /// The vector of a run of token ids.
    pub fn embed_tokens(&self, ids: &[u32]) -> Embedding {
        let mut sum = [0f32; DIMENSIONS];
        for &id in ids {
            let id = id as usize;
            let scale = self.scales[id];
            let row = &self.rows[id * DIMENSIONS..(id + 1) * DIMENSIONS];
            for (total, &byte) in sum.iter_mut().zip(row) {
                *total += scale * f32::from(byte as i8);
            }
        }
        normalise(&mut sum);
        sum
    }
}

/// Scales a vector to length 1, leaving a zero vector as it is.
fn normalise(v: &mut Embedding) {
    let norm = dot(v, v).sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// The cosine similarity of two vectors of length 1 (their dot product).
pub fn similarity(a: &Embedding, b: &Embedding) -> f32 {
    dot(a, b)
}

/// Lanes of [`dot`]'s partial sums.
const LANES: usize = 8;

/// The dot product of two equally long vectors, summed in [`LANES`] interleaved partial sums
/// that are then added in a fixed order. A single running sum is a chain of dependent
/// additions the processor cannot overlap (a quarter of a line's analysis went on it); these
/// lanes vectorise, and the order, hence every bit of the result, is the same on every
/// platform.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; LANES];
    let chunks = a.chunks_exact(LANES).zip(b.chunks_exact(LANES));
    for (x, y) in chunks {
        for i in 0..LANES {
            lanes[i] += x[i] * y[i];
        }
    }
    let tail = a.len() - a.len() % LANES;
    let mut total = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
    for (x, y) in a[tail..].iter().zip(&b[tail..]) {
        total += x * y;
    }
    total
}
