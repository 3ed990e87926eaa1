//! The lexical features the heads read beside the embedding: which WordPiece tokens and pairs
//! of neighbouring tokens a text holds, out of a dictionary of those seen at least twice in the
//! training corpus.
//!
//! The embedding says what a sentence is about; these say which exact words it uses, which is
//! where "why don't you" differs from "why did you", or "anything else" from "anyone else".
//! Measured by cross-validation on the training corpus: intent macro-F1 0.74 with the
//! embedding alone, 0.86 with both.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// The second half of a unigram's key.
pub const UNIGRAM: u32 = u32::MAX;

/// The first half of the key that says which token opens the text: how a sentence starts
/// ("Checked...", "User reports...", "Why...") says much of what it does. Measured on the
/// training corpus, with each helper's file held out in turn: note-part F1 0.816 to 0.824.
pub const START: u32 = u32::MAX - 1;

/// An n-gram dictionary: (token, next token or [`UNIGRAM`]) to a feature index.
#[derive(Debug, Default)]
pub struct Ngrams {
    keys: Vec<(u32, u32)>,
    index: HashMap<(u32, u32), u32, FixedState>,
}

impl Ngrams {
    /// A dictionary of these keys, their order giving the feature indices.
    pub fn new(keys: Vec<(u32, u32)>) -> Ngrams {
        let index = keys.iter().enumerate().map(|(i, k)| (*k, i as u32)).collect();
        Ngrams { keys, index }
    }

    /// The n-grams that occur at least `min_count` times in `texts` (each text counted once
    /// per n-gram), sorted, so the dictionary is the same whatever order the texts come in.
    pub fn collect<'a>(texts: impl IntoIterator<Item = &'a [u32]>, min_count: usize) -> Ngrams {
        let mut counts: HashMap<(u32, u32), usize, FixedState> = HashMap::default();
        let mut seen = Vec::new();
        for ids in texts {
            seen.clear();
            keys_of(ids, &mut seen);
            seen.sort_unstable();
            seen.dedup();
            for key in &seen {
                *counts.entry(*key).or_default() += 1;
            }
        }
        let mut keys: Vec<(u32, u32)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= min_count)
            .map(|(k, _)| k)
            .collect();
        keys.sort_unstable();
        Ngrams::new(keys)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn keys(&self) -> &[(u32, u32)] {
        &self.keys
    }

    /// The feature indices of a run of token ids, sorted and without repeats.
    pub fn features(&self, ids: &[u32], out: &mut Vec<u32>) {
        out.clear();
        let mut keys = Vec::with_capacity(ids.len() * 2 + 1);
        keys_of(ids, &mut keys);
        out.extend(keys.iter().filter_map(|key| self.index.get(key)));
        out.sort_unstable();
        out.dedup();
    }
}

/// Every unigram and bigram key of a run of ids, in order, repeats included, and the key of
/// its first token.
fn keys_of(ids: &[u32], out: &mut Vec<(u32, u32)>) {
    if let Some(&first) = ids.first() {
        out.push((START, first));
    }
    for (i, &id) in ids.iter().enumerate() {
        out.push((id, UNIGRAM));
        if let Some(&next) = ids.get(i + 1) {
            out.push((id, next));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_the_known_unigrams_and_bigrams() {
        let texts: Vec<Vec<u32>> = vec![vec![1, 2, 3], vec![1, 2], vec![2, 3, 3], vec![9]];
        let ngrams = Ngrams::collect(texts.iter().map(Vec::as_slice), 2);
        assert_eq!(
            ngrams.keys(),
            [(1, 2), (1, UNIGRAM), (2, 3), (2, UNIGRAM), (3, UNIGRAM), (START, 1)]
        );
        let mut out = Vec::new();
        ngrams.features(&[3, 1, 2, 3, 7], &mut out);
        assert_eq!(out, [0, 1, 2, 3, 4]);
        ngrams.features(&[1], &mut out);
        assert_eq!(out, [1, 5]);
        ngrams.features(&[9, 7], &mut out);
        assert!(out.is_empty());
    }
}
