//! From words to concepts: the unit intent matching compares. A concept is a synonym group's
//! name when the word (or phrase) belongs to one, a function word as it is, else the word's
//! English stem. Filler words have no concept. Unknown words close to a known one are read as that word, so "eror" is "error".

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::lexicon::{FILLER_WORDS, FUNCTION_WORDS, SYNONYMS};
use super::tokens::Token;

/// The longest synonym phrase, in words.
const MAX_PHRASE_WORDS: usize = 5;

struct Tables {
    stemmer: Stemmer,
    filler: HashSet<&'static str>,
    function: HashSet<&'static str>,
    /// Words and space-joined phrases, and the stems of single words, to their group's name.
    synonyms: HashMap<String, &'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut synonyms = HashMap::new();
        for group in SYNONYMS {
            for entry in *group {
                synonyms.insert((*entry).to_owned(), group[0]);
                if !entry.contains(' ') {
                    synonyms.entry(stemmer.stem(entry).into_owned()).or_insert(group[0]);
                }
            }
        }
        Tables {
            stemmer,
            filler: FILLER_WORDS.iter().copied().collect(),
            function: FUNCTION_WORDS.iter().copied().collect(),
            synonyms,
        }
    })
}

/// The English stem of a normalised word.
pub fn stem(word: &str) -> String {
    tables().stemmer.stem(word).into_owned()
}

/// Whether a concept is a function word: it counts in matching, but weakly.
pub fn is_function_word(concept: &str) -> bool {
    tables().function.contains(concept)
}

/// The words an intent library knows, against which typos are corrected.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    words: BTreeSet<String>,
}

impl Vocabulary {
    pub fn new() -> Self {
        let mut words = BTreeSet::new();
        for group in SYNONYMS {
            words.extend(group.iter().filter(|w| !w.contains(' ')).map(|w| (*w).to_owned()));
        }
        words.extend(FILLER_WORDS.iter().chain(FUNCTION_WORDS).map(|w| (*w).to_owned()));
        Vocabulary { words }
    }

    pub fn add(&mut self, word: &str) {
        self.words.insert(word.to_owned());
    }

    /// The known word `word` most likely is: itself if known or too short to judge, else the
    /// nearest known word within one edit (two for long words) that starts with the same
    /// letter. Ties go to the alphabetically first, so the result never depends on order.
    pub fn correct<'a>(&'a self, word: &'a str) -> &'a str {
        let len = word.chars().count();
        if len < 4 || self.words.contains(word) || word.chars().any(|c| !c.is_alphabetic()) {
            return word;
        }
        let allowed = if len >= 8 { 2 } else { 1 };
        let first = word.chars().next();
        self.words
            .iter()
            .filter(|known| known.chars().next() == first && known.chars().count().abs_diff(len) <= allowed)
            .map(|known| (strsim::damerau_levenshtein(word, known), known))
            .filter(|(distance, _)| *distance <= allowed)
            .min_by_key(|(distance, _)| *distance)
            .map_or(word, |(_, known)| known.as_str())
    }
}

/// The concepts of a run of tokens, in order, without repeats. Phrases are matched longest
/// first, so "turn off and on" is one concept, not four.
pub fn concepts(tokens: &[Token], vocabulary: Option<&Vocabulary>) -> Vec<String> {
    let t = tables();
    let words: Vec<&str> = tokens
        .iter()
        .map(|tok| vocabulary.map_or(tok.word.as_str(), |v| v.correct(&tok.word)))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        for n in (2..=MAX_PHRASE_WORDS.min(words.len() - i)).rev() {
            if let Some(name) = t.synonyms.get(&words[i..i + n].join(" ")) {
                push_unique(&mut out, name);
                i += n;
                continue 'words;
            }
        }
        let word = words[i];
        i += 1;
        if let Some(name) = t.synonyms.get(word) {
            push_unique(&mut out, name);
        } else if t.function.contains(word) {
            push_unique(&mut out, word);
        } else if !t.filler.contains(word) {
            let stemmed = stem(word);
            match t.synonyms.get(&stemmed) {
                Some(name) => push_unique(&mut out, name),
                None => push_unique(&mut out, &stemmed),
            }
        }
    }
    out
}

fn push_unique(out: &mut Vec<String>, concept: &str) {
    if !out.iter().any(|c| c == concept) {
        out.push(concept.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn of(text: &str) -> Vec<String> {
        concepts(&tokenize(text), Some(&Vocabulary::new()))
    }

    #[test]
    fn synonyms_share_a_concept() {
        assert_eq!(of("What's the issue?"), of("what is the problem"));
        assert_eq!(of("Did anybody else lose email?"), of("did anyone else lose mail"));
    }

    #[test]
    fn stems_fold_inflections() {
        assert_eq!(of("connecting"), of("connected"));
    }

    #[test]
    fn phrases_win_over_words() {
        assert_eq!(of("Please calm down"), ["calm down"]);
        assert_eq!(of("have you tried to turn off and on"), of("have you tried to reboot"));
    }

    #[test]
    fn typos_are_corrected_against_the_vocabulary() {
        assert_eq!(of("what eror do you see"), of("what error do you see"));
        assert_eq!(of("the websit is down"), of("the website is down"));
        // Short words are never guessed at.
        assert_eq!(of("teh"), vec!["teh".to_owned()]);
    }
}
