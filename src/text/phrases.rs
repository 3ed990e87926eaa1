//! Finding phrases in text the way a reader would: whole words, any case, contractions
//! expanded ("you should've" is "you should have"), and tolerant of typos in longer words
//! ("obviusly" is "obviously"). Used by the rubric's phrase rules and the markers `analyze`
//! reports.

use std::ops::Range;

use super::concepts::stem;
use super::tokens::{Token, tokenize};

/// Phrases longer than this many words are not looked for at the start of a line.
const MAX_PHRASE_WORDS: usize = 12;

/// A compiled list of phrases.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    phrases: Vec<Vec<String>>,
    /// The stems of each phrase's words, so "reconfigured" finds "reconfigure".
    stems: Vec<Vec<String>>,
    originals: Vec<String>,
}

/// One phrase found in a run of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseHit {
    /// Index of the phrase in the set.
    pub phrase: usize,
    /// Tokens covered.
    pub tokens: Range<usize>,
    /// Bytes covered in the text the tokens came from.
    pub span: Range<usize>,
}

impl PhraseSet {
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        let mut set = PhraseSet::default();
        for phrase in phrases {
            let words: Vec<String> = tokenize(phrase.as_ref()).into_iter().map(|t| t.word).collect();
            if !words.is_empty() {
                set.stems.push(words.iter().map(|w| stem(w)).collect());
                set.phrases.push(words);
                set.originals.push(phrase.as_ref().to_owned());
            }
        }
        set
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The phrase as written in the rubric or lexicon.
    pub fn original(&self, index: usize) -> &str {
        &self.originals[index]
    }

    /// Every non-overlapping hit, leftmost first, longest phrase first at a position.
    pub fn find(&self, tokens: &[Token]) -> Vec<PhraseHit> {
        let mut hits = Vec::new();
        if self.phrases.is_empty() {
            return hits;
        }
        let stems: Vec<String> = tokens.iter().map(|t| stem(&t.word)).collect();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, &stems, i) {
                Some((phrase, len)) => {
                    let span = tokens[i].span.start..tokens[i + len - 1].span.end;
                    hits.push(PhraseHit {
                        phrase,
                        tokens: i..i + len,
                        span,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// The phrase that starts the tokens, if any.
    pub fn at_start(&self, tokens: &[Token]) -> Option<PhraseHit> {
        let stems: Vec<String> = tokens.iter().take(MAX_PHRASE_WORDS).map(|t| stem(&t.word)).collect();
        self.longest_at(tokens, &stems, 0).map(|(phrase, len)| PhraseHit {
            phrase,
            tokens: 0..len,
            span: tokens[0].span.start..tokens[len - 1].span.end,
        })
    }

    fn longest_at(&self, tokens: &[Token], stems: &[String], at: usize) -> Option<(usize, usize)> {
        self.phrases
            .iter()
            .enumerate()
            .filter(|(i, words)| {
                at + words.len() <= tokens.len().min(stems.len())
                    && words
                        .iter()
                        .zip(&self.stems[*i])
                        .zip(tokens[at..].iter().zip(&stems[at..]))
                        .all(|((w, ws), (t, ts))| ws == ts || same_word(w, &t.word))
            })
            .max_by_key(|(index, words)| (words.len(), std::cmp::Reverse(*index)))
            .map(|(index, words)| (index, words.len()))
    }
}

/// Equal, or a likely typo of a word of six letters or more: one edit, same first letter.
/// Shorter words are too close to other words ("broke", "brake") to guess at.
pub fn same_word(expected: &str, seen: &str) -> bool {
    if expected == seen {
        return true;
    }
    expected.chars().count() >= 6
        && expected.chars().next() == seen.chars().next()
        && expected.chars().all(char::is_alphabetic)
        && strsim::damerau_levenshtein(expected, seen) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(phrases: &[&str], text: &str) -> Vec<String> {
        let set = PhraseSet::new(phrases);
        set.find(&tokenize(text))
            .into_iter()
            .map(|h| text[h.span].to_owned())
            .collect()
    }

    #[test]
    fn whole_words_any_case_contractions_expanded() {
        assert_eq!(
            found(&["you should have"], "Well, You should've called."),
            ["You should've"]
        );
        assert!(found(&["done"], "I'm abandoning it").is_empty());
        assert_eq!(found(&["calm down"], "please CALM DOWN"), ["CALM DOWN"]);
    }

    #[test]
    fn typos_in_long_words_still_match() {
        assert_eq!(found(&["obviously"], "obviusly it's broken"), ["obviusly"]);
        assert!(
            found(&["broke"], "brake").is_empty(),
            "one edit, but the word is too short to guess"
        );
    }

    #[test]
    fn inflections_match_through_stems() {
        assert_eq!(found(&["reconfigure"], "Reconfigured the adapter"), ["Reconfigured"]);
        assert_eq!(found(&["verify"], "verified with the user"), ["verified"]);
    }

    #[test]
    fn longest_phrase_wins_and_hits_do_not_overlap() {
        let set = PhraseSet::new(["sorry", "sorry you feel that way"]);
        let hits = set.find(&tokenize("I'm sorry you feel that way. Sorry."));
        assert_eq!(hits.iter().map(|h| h.phrase).collect::<Vec<_>>(), [1, 0]);
    }

    #[test]
    fn at_start_only_looks_at_the_start() {
        let set = PhraseSet::new(["why", "how come"]);
        assert!(set.at_start(&tokenize("Why is it down?")).is_some());
        assert!(set.at_start(&tokenize("Do you know why?")).is_none());
    }
}
