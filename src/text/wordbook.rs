//! What the lexical side of the core knows of words, as one immutable value built once and
//! passed in: English stems (from a table written at build time, the stemmer for any other
//! word), the common words, the synonym groups of intent matching, the marker lists, the
//! patterns of concrete details and the politeness lexicons. Nothing here is global, and
//! nothing is remembered between texts: the same text gives the same answer on any thread, in
//! any order.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::concepts::ConceptTables;
use super::details::Pattern;
use super::markers::MarkerSet;
use super::phrases::PhraseSet;
use super::politeness::Lexicons;

mod table {
    include!(concat!(env!("OUT_DIR"), "/stems.rs"));
}

/// Common words (src/text/common_words.txt): a real word is not a typo, so "though" stays
/// "though" instead of becoming "through".
const COMMON_WORDS: &str = include_str!("common_words.txt");

/// A stem's number: an index into the build-time table's stems, or [`Stem::Other`] for a stem
/// the table lacks (it is then compared by its text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Stem {
    Known(u32),
    Other(String),
}

/// What the table knows of a word.
#[derive(Debug, Clone, Copy)]
struct Known {
    stem: u32,
    common: bool,
}

/// What reading a normalised word finds: its stem and whether it is a common word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFacts {
    pub stem: Stem,
    pub common: bool,
}

/// The word knowledge of the core.
pub struct Wordbook {
    stemmer: Stemmer,
    /// Word to the number of its stem and whether it is a common word, for every word of the
    /// build-time table (the common words among them): one lookup answers both.
    words: FxHashMap<&'static str, Known>,
    /// Stem text to its number.
    stem_numbers: FxHashMap<&'static str, u32>,
    pub(super) concepts: ConceptTables,
    markers: Vec<PhraseSet>,
    pub(super) details: Vec<Pattern>,
    pub(super) politeness: Lexicons,
}

impl std::fmt::Debug for Wordbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wordbook")
            .field("words", &self.words.len())
            .field("stems", &self.stem_numbers.len())
            .finish_non_exhaustive()
    }
}

impl Wordbook {
    /// Builds every table (a few milliseconds; done once a process, by whoever builds the
    /// model).
    pub fn new() -> Wordbook {
        let mut words: FxHashMap<&'static str, Known> = table::WORD_STEMS
            .iter()
            .map(|&(word, stem)| (word, Known { stem, common: false }))
            .collect();
        for word in COMMON_WORDS.lines().filter(|l| !l.starts_with('#')) {
            // build.rs puts every common word of letters in the table; one with other
            // characters is kept with the stemmer's stem.
            match words.get_mut(word) {
                Some(known) => known.common = true,
                None => {
                    let stemmer = Stemmer::create(Algorithm::English);
                    let stem = stemmer.stem(word);
                    if let Ok(n) = table::STEMS.binary_search(&&*stem) {
                        words.insert(
                            word,
                            Known {
                                stem: n as u32,
                                common: true,
                            },
                        );
                    }
                }
            }
        }
        let mut book = Wordbook {
            stemmer: Stemmer::create(Algorithm::English),
            words,
            stem_numbers: table::STEMS.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect(),
            concepts: ConceptTables::default(),
            markers: Vec::new(),
            details: super::details::patterns(),
            politeness: Lexicons::default(),
        };
        book.concepts = ConceptTables::new(&book);
        book.markers = MarkerSet::ALL
            .iter()
            .map(|m| PhraseSet::new(&book, m.phrases()))
            .collect();
        book
    }

    /// The English (Porter2) stem of a normalised word, as text. A word ending in a digit is
    /// its own stem (see [`is_own_stem`]).
    pub fn stem_text(&self, word: &str) -> String {
        if let Some(known) = self.words.get(word) {
            return table::STEMS[known.stem as usize].to_owned();
        }
        if is_own_stem(word) {
            word.to_owned()
        } else {
            self.stemmer.stem(word).into_owned()
        }
    }

    /// The stem of a normalised word, as a number when the table knows it.
    pub fn stem(&self, word: &str) -> Stem {
        self.read(word).stem
    }

    /// What the wordbook knows of a normalised word: its stem, and whether it is common.
    pub fn read(&self, word: &str) -> WordFacts {
        if let Some(known) = self.words.get(word) {
            return WordFacts {
                stem: Stem::Known(known.stem),
                common: known.common,
            };
        }
        let text = self.stem_text(word);
        let stem = match self.stem_numbers.get(text.as_str()) {
            Some(&n) => Stem::Known(n),
            None => Stem::Other(text),
        };
        WordFacts { stem, common: false }
    }

    /// Whether a normalised word is among the common words of real requests.
    pub fn is_common(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|k| k.common)
    }

    /// A named marker list, compiled.
    pub fn marker(&self, set: MarkerSet) -> &PhraseSet {
        &self.markers[set as usize]
    }
}

impl Default for Wordbook {
    fn default() -> Wordbook {
        Wordbook::new()
    }
}

/// Whether a normalised word is its own stem without the stemmer: it ends in a digit. Every
/// rule of the algorithm rewrites an ending of letters or apostrophes, or drops an apostrophe
/// that starts the word (which no token does); a test checks the stemmer agrees.
pub fn is_own_stem(word: &str) -> bool {
    word.as_bytes().last().is_some_and(u8::is_ascii_digit) && !word.starts_with('\'')
}

/// One wordbook for the core's unit tests, built on first use (tests only: the core keeps no
/// such value).
#[cfg(test)]
pub fn shared_for_tests() -> &'static Wordbook {
    static BOOK: std::sync::OnceLock<Wordbook> = std::sync::OnceLock::new();
    BOOK.get_or_init(Wordbook::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_the_stemmer_agree() {
        let book = Wordbook::new();
        let stemmer = Stemmer::create(Algorithm::English);
        for (word, _) in table::WORD_STEMS.iter().step_by(7) {
            assert_eq!(book.stem_text(word), stemmer.stem(word), "{word}");
        }
        assert_eq!(book.stem_text("printers"), "printer");
        assert_eq!(book.stem("reconfigured"), book.stem("reconfigure"));
        assert!(matches!(book.stem("zorblaxian"), Stem::Other(_)));
        assert_eq!(book.stem_text("v2"), "v2");
    }

    #[test]
    fn a_word_ending_in_a_digit_is_its_own_stem() {
        // Every ending the algorithm knows, and its exceptional words, with digits after them.
        let stemmer = Stemmer::create(Algorithm::English);
        let starts = [
            "", "y", "ay", "gener", "sky", "dy", "commun", "cat", "a", "yes", "news", "skis", "dying",
        ];
        let endings = [
            "", "s", "es", "ies", "ied", "ing", "ed", "eed", "eedly", "ingly", "edly", "ly", "y", "e", "l", "ll",
            "ation", "ational", "tional", "ization", "fulness", "ousness", "iveness", "ness", "ment", "ement", "ous",
            "ive", "ize", "izer", "ator", "alism", "aliti", "iviti", "biliti", "logi", "ousli", "fulli", "lessli",
            "entli", "li", "enci", "anci", "abli", "icate", "ative", "alize", "iciti", "ical", "ful", "al", "ance",
            "ence", "er", "ic", "able", "ible", "ant", "ent", "ism", "ate", "iti", "ion", "sses", "us", "ss", "'s",
            "'",
        ];
        for start in starts {
            for ending in endings {
                for number in ["0", "7", "42", "1.5", "-3", "v2", "x64"] {
                    let word = format!("{start}{ending}{number}");
                    if !word.starts_with('\'') {
                        assert!(is_own_stem(&word));
                        assert_eq!(stemmer.stem(&word), word, "{word:?}");
                    }
                }
            }
        }
    }
}
