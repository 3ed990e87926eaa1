//! Linear heads over a sentence: one logistic unit per label, reading the sentence vector and
//! the sentence's n-gram features, and the linear note-quality regressor.
//!
//! The weights are fitted by `cargo run --release --example train_language` from `data/train/`
//! and committed as `models/heads.bin`; `.ci/run` refits them and fails if the file differs.
//!
//! File layout (little-endian; strings are a `u32` length and UTF-8 bytes): the magic
//! `DCHEADS1`; the n-gram dictionary (a `u32` count, then `u32` pairs); the corpus mean
//! vector (a `u32` count, then `f32`s); the groups (a `u32`
//! count, then per group its name, label count, labels, `f32` biases, `f32` thresholds, the
//! dense weights label by label, and the n-gram weights feature by feature); then the quality
//! regressor (a `u32` count, the feature names, their `f32` weights, the `f32` weights of the
//! note's vector, and the intercept).

use super::encoder::{DIMENSIONS, Embedding, dot};
use super::ngrams::Ngrams;

const MAGIC: &[u8; 8] = b"DCHEADS1";

/// The sentence vector has length 1, so its coordinates are small; heads read it scaled up so
/// that one regularisation strength suits both it and the 0/1 n-gram features.
pub const EMBEDDING_SCALE: f32 = 16.0;

/// What a head reads of one text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub embedding: &'a Embedding,
    /// Sorted n-gram feature indices.
    pub features: &'a [u32],
}

/// A family of heads over the same input: the intents, the tone labels, the note parts.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadGroup {
    pub name: String,
    pub labels: Vec<String>,
    pub bias: Vec<f32>,
    /// The logit above which a label is said to apply (calibrated by cross-validation).
    pub threshold: Vec<f32>,
    /// `labels × DIMENSIONS`, label by label.
    pub dense: Vec<f32>,
    /// `features × labels`, feature by feature: a text's few features each add one row.
    pub sparse: Vec<f32>,
}

impl HeadGroup {
    /// The logit of every label, in label order.
    pub fn logits(&self, input: Input) -> Vec<f32> {
        let n = self.labels.len();
        let mut out = self.bias.clone();
        for (label, logit) in out.iter_mut().enumerate() {
            let weights = &self.dense[label * DIMENSIONS..(label + 1) * DIMENSIONS];
            *logit += dot(weights, input.embedding) * EMBEDDING_SCALE;
        }
        for &feature in input.features {
            let row = &self.sparse[feature as usize * n..(feature as usize + 1) * n];
            for (logit, w) in out.iter_mut().zip(row) {
                *logit += w;
            }
        }
        out
    }

    /// The index of a label.
    pub fn label(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == name)
    }
}

/// The note-quality regressor: a weighted sum of named note measurements and of the whole
/// note's vector (read, as the heads read it, scaled by [`QUALITY_EMBEDDING_SCALE`]).
#[derive(Debug, Clone, PartialEq)]
pub struct QualityModel {
    pub features: Vec<String>,
    pub weights: Vec<f32>,
    /// One weight per dimension of the note's vector (empty in a model without them).
    pub embedding: Vec<f32>,
    pub intercept: f32,
}

/// How much the note's vector counts against the measurements under the regressor's ridge
/// penalty: the vector has length 1, the measurements are of order 1 each.
pub const QUALITY_EMBEDDING_SCALE: f32 = 4.0;

/// Every head, with the n-gram dictionary they share.
#[derive(Debug)]
pub struct Heads {
    pub ngrams: Ngrams,
    /// The mean sentence vector of the training corpus. Static vectors share a large common
    /// part (two unrelated lines have cosine 0.99), so sentences are compared with it taken
    /// away ([`Heads::centred`]).
    pub centre: Vec<f32>,
    pub groups: Vec<HeadGroup>,
    pub quality: QualityModel,
}

impl Heads {
    /// A sentence vector with the corpus mean taken away, scaled to length 1: what
    /// similarities between sentences are measured on.
    pub fn centred(&self, embedding: &Embedding) -> Embedding {
        let mut out = *embedding;
        if self.centre.len() == DIMENSIONS && embedding.iter().any(|x| *x != 0.0) {
            for (x, c) in out.iter_mut().zip(&self.centre) {
                *x -= c;
            }
            let norm = dot(&out, &out).sqrt();
            if norm > 0.0 {
                out.iter_mut().for_each(|x| *x /= norm);
            }
        }
        out
    }

    /// The group of this name.
    pub fn group(&self, name: &str) -> Option<&HeadGroup> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// Reads the layout described at the top of this module.
    pub fn from_bytes(bytes: &[u8]) -> Result<Heads, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err("no DCHEADS1 magic".into());
        }
        let count = r.count()?;
        let mut keys = Vec::with_capacity(count);
        for _ in 0..count {
            keys.push((r.u32()?, r.u32()?));
        }
        let ngrams = Ngrams::new(keys);
        let dimensions = r.count()?;
        let centre = r.floats(dimensions)?;
        let mut groups = Vec::new();
        for _ in 0..r.count()? {
            let name = r.string()?;
            let n = r.count()?;
            let labels = (0..n).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
            groups.push(HeadGroup {
                name,
                labels,
                bias: r.floats(n)?,
                threshold: r.floats(n)?,
                dense: r.floats(n * DIMENSIONS)?,
                sparse: r.floats(ngrams.len() * n)?,
            });
        }
        let n = r.count()?;
        let features = (0..n).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let weights = r.floats(n)?;
        let dimensions = r.count()?;
        let quality = QualityModel {
            features,
            weights,
            embedding: r.floats(dimensions)?,
            intercept: r.floats(1)?[0],
        };
        if r.at != bytes.len() {
            return Err("bytes left over after the last head".into());
        }
        Ok(Heads {
            ngrams,
            centre,
            groups,
            quality,
        })
    }

    /// Writes the layout [`Heads::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let u32_ = |out: &mut Vec<u8>, v: usize| out.extend_from_slice(&(v as u32).to_le_bytes());
        let string = |out: &mut Vec<u8>, s: &str| {
            u32_(out, s.len());
            out.extend_from_slice(s.as_bytes());
        };
        let floats = |out: &mut Vec<u8>, v: &[f32]| v.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        u32_(&mut out, self.ngrams.len());
        for &(a, b) in self.ngrams.keys() {
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&b.to_le_bytes());
        }
        u32_(&mut out, self.centre.len());
        floats(&mut out, &self.centre);
        u32_(&mut out, self.groups.len());
        for g in &self.groups {
            string(&mut out, &g.name);
            u32_(&mut out, g.labels.len());
            g.labels.iter().for_each(|l| string(&mut out, l));
            floats(&mut out, &g.bias);
            floats(&mut out, &g.threshold);
            floats(&mut out, &g.dense);
            floats(&mut out, &g.sparse);
        }
        u32_(&mut out, self.quality.features.len());
        self.quality.features.iter().for_each(|f| string(&mut out, f));
        floats(&mut out, &self.quality.weights);
        u32_(&mut out, self.quality.embedding.len());
        floats(&mut out, &self.quality.embedding);
        floats(&mut out, &[self.quality.intercept]);
        out
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("the file ends early")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A count, refused when it could not fit in what is left (a corrupt file must not make
    /// us allocate gigabytes).
    fn count(&mut self) -> Result<usize, String> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.at {
            return Err(format!("a count of {n} is larger than the file"));
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "a name is not UTF-8".to_owned())
    }

    fn floats(&mut self, n: usize) -> Result<Vec<f32>, String> {
        let bytes = self.take(n.checked_mul(4).ok_or("a count overflows")?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Heads {
        let ngrams = Ngrams::new(vec![(1, 2), (3, super::super::ngrams::UNIGRAM)]);
        let mut dense = vec![0.0; 2 * DIMENSIONS];
        dense[0] = 1.0;
        dense[DIMENSIONS + 1] = -1.0;
        Heads {
            ngrams,
            centre: vec![0.25; DIMENSIONS],
            groups: vec![HeadGroup {
                name: "tone".into(),
                labels: vec!["a".into(), "b".into()],
                bias: vec![0.5, -0.5],
                threshold: vec![0.0, 0.25],
                dense,
                sparse: vec![1.0, 2.0, 3.0, 4.0],
            }],
            quality: QualityModel {
                features: vec!["words".into()],
                weights: vec![0.75],
                embedding: vec![0.5; DIMENSIONS],
                intercept: 1.0,
            },
        }
    }

    #[test]
    fn heads_survive_a_round_trip_and_truncation_is_an_error() {
        let heads = sample();
        let bytes = heads.to_bytes();
        let back = Heads::from_bytes(&bytes).unwrap();
        assert_eq!(back.groups, heads.groups);
        assert_eq!(back.quality, heads.quality);
        assert_eq!(back.ngrams.keys(), heads.ngrams.keys());
        for cut in [0, 7, 20, bytes.len() - 1] {
            assert!(Heads::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn logits_add_bias_scaled_embedding_and_features() {
        let heads = sample();
        let mut embedding = [0.0; DIMENSIONS];
        embedding[0] = 0.5;
        embedding[1] = 0.25;
        let logits = heads.groups[0].logits(Input {
            embedding: &embedding,
            features: &[1],
        });
        assert_eq!(logits, [0.5 + 8.0 + 3.0, -0.5 - 4.0 + 4.0]);
    }
}
