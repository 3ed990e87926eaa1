//! From words to concepts: the unit intent matching compares. A concept is a synonym group's
//! name when the word (or phrase) belongs to one, a function word as it is, else the word's
//! English stem. Filler words have no concept. Unknown words close to a known one are read as
//! that word, so "eror" is "error"; a capitalised unknown word inside a sentence is a person's
//! name, so "I'm Dana" and "I'm Alex" say the same thing.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::lexicon::{BROADER, FILLER_WORDS, FUNCTION_WORDS, PHRASE_GAP_WORDS, SYNONYMS};
use super::tokens::{Token, tokenize};
use super::wordbook::Wordbook;

/// The longest synonym phrase, in words that are not gap words.
const MAX_PHRASE_WORDS: usize = 5;

/// How many gap words ("it", "the", "really") a phrase may step over: "turn it off and on"
/// is "turn off and on", "you really should have" is "you should have".
const MAX_PHRASE_GAPS: usize = 2;

/// The concept of a person's name ("Dana", "Priya"): names are open-ended, so they are matched
/// as a kind, never by spelling.
pub const NAME_CONCEPT: &str = "<name>";

/// The synonym groups, compiled: part of the [`Wordbook`].
#[derive(Debug, Default)]
pub struct ConceptTables {
    filler: HashSet<&'static str>,
    function: HashSet<&'static str>,
    /// Words that a phrase may step over.
    gap: HashSet<&'static str>,
    /// Single words, and their stems, to their group's name.
    synonyms: HashMap<String, &'static str>,
    /// Phrases, as the space-joined stems of their words less gap words after the first, to
    /// their group's name. So "switched it off and on" finds "switch off and on".
    phrases: HashMap<String, &'static str>,
    /// Every word of every phrase, so that typo correction knows them.
    phrase_words: BTreeSet<String>,
}

impl ConceptTables {
    /// The tables, stemmed with `book` (whose own concept tables are not read).
    pub fn new(book: &Wordbook) -> ConceptTables {
        let filler: HashSet<&'static str> = FILLER_WORDS.iter().copied().collect();
        let gap: HashSet<&'static str> = FILLER_WORDS.iter().chain(PHRASE_GAP_WORDS).copied().collect();
        let mut synonyms = HashMap::new();
        let mut phrases = HashMap::new();
        let mut phrase_words = BTreeSet::new();
        for group in SYNONYMS {
            for entry in *group {
                let words = entry_words(entry);
                if let [word] = words.as_slice() {
                    synonyms.insert(word.clone(), group[0]);
                    synonyms.entry(book.stem_text(word)).or_insert(group[0]);
                } else {
                    let stems: Vec<String> = words
                        .iter()
                        .enumerate()
                        .filter(|(i, w)| *i == 0 || !gap.contains(w.as_str()))
                        .map(|(_, w)| phrase_stem(book, w))
                        .collect();
                    phrases.insert(stems.join(" "), group[0]);
                    phrase_words.extend(words.into_iter().filter(|w| w != NAME_CONCEPT));
                }
            }
        }
        ConceptTables {
            function: FUNCTION_WORDS.iter().copied().collect(),
            filler,
            gap,
            synonyms,
            phrases,
            phrase_words,
        }
    }
}

/// The normalised words of a synonym entry; `<name>` stands for any person's name.
fn entry_words(entry: &str) -> Vec<String> {
    entry
        .split_whitespace()
        .flat_map(|part| match part {
            NAME_CONCEPT => vec![NAME_CONCEPT.to_owned()],
            _ => tokenize(part).into_iter().map(|t| t.word.into()).collect(),
        })
        .collect()
}

/// A word of a phrase as phrases compare it: its stem, or the name concept as it is.
fn phrase_stem(book: &Wordbook, word: &str) -> String {
    if word == NAME_CONCEPT {
        word.to_owned()
    } else {
        book.stem_text(word)
    }
}

/// Whether a concept is a function word: it counts in matching, but weakly.
pub fn is_function_word(book: &Wordbook, concept: &str) -> bool {
    book.concepts.function.contains(concept)
}

/// Whether the lexicon knows a normalised word: a filler, a function word, or a word of a
/// synonym group (or an inflection of one).
fn in_lexicon(book: &Wordbook, word: &str) -> bool {
    let t = &book.concepts;
    t.filler.contains(word)
        || t.function.contains(word)
        || t.synonyms.contains_key(word)
        || t.phrase_words.contains(word)
        || t.synonyms.contains_key(&book.stem_text(word))
}

/// Whether token `index` of a sentence is written like a person's name: capitalised but not
/// all capitals ("Dana", not "DHCP" or "IT"), not the sentence's first word (which is
/// capitalised anyway), and not a word the lexicon or `vocabulary` knows ("Internet",
/// "Obtain"). `text` is the text the tokens' spans point into.
pub fn looks_like_name(
    book: &Wordbook,
    text: &str,
    tokens: &[Token],
    index: usize,
    vocabulary: Option<&Vocabulary>,
) -> bool {
    let Some(token) = tokens.get(index) else {
        return false;
    };
    if index == 0 || !token.word.chars().all(char::is_alphabetic) {
        return false;
    }
    let Some(raw) = text.get(token.span.clone()) else {
        return false;
    };
    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
    let capitalised = letters.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = letters.collect();
    capitalised
        && !rest.is_empty()
        && rest.iter().all(|c| c.is_lowercase())
        && !in_lexicon(book, &token.word)
        && !book.is_common(&token.word)
        && vocabulary.is_none_or(|v| !v.contains(&token.word))
}

/// The words an intent library knows, against which typos are corrected.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    words: BTreeSet<String>,
    /// The stems of `words`: a word with a known stem is an inflection, not a typo.
    stems: HashSet<String>,
}

impl Vocabulary {
    pub fn new(book: &Wordbook) -> Self {
        let mut vocabulary = Vocabulary::default();
        let single = SYNONYMS.iter().flat_map(|g| g.iter()).filter(|w| !w.contains(' '));
        for word in single.chain(FILLER_WORDS).chain(FUNCTION_WORDS) {
            vocabulary.add(book, word);
        }
        for word in &book.concepts.phrase_words {
            vocabulary.add(book, word);
        }
        vocabulary
    }

    pub fn add(&mut self, book: &Wordbook, word: &str) {
        if self.words.insert(word.to_owned()) {
            self.stems.insert(book.stem_text(word));
        }
    }

    /// Whether `word` is known as it is.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The known word `word` most likely is: itself if known, an inflection of a known word
    /// ("switched" when "switch" is known) or too short to judge, else the nearest known word
    /// within one edit (two for long words) that starts with the same letter. Ties go to the
    /// alphabetically first, so the result never depends on order.
    pub fn correct<'a>(&'a self, book: &Wordbook, word: &'a str) -> &'a str {
        let len = word.chars().count();
        if len < 4
            || self.words.contains(word)
            || word.chars().any(|c| !c.is_alphabetic())
            || self.stems.contains(&book.stem_text(word))
            || book.is_common(word)
        {
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
pub fn concepts(book: &Wordbook, tokens: &[Token], vocabulary: Option<&Vocabulary>) -> Vec<String> {
    concepts_of(book, tokens, None, vocabulary)
}

/// [`concepts`], also reading capitalised unknown words as names (see [`looks_like_name`]).
/// `text` is the text the tokens' spans point into.
pub fn concepts_in(book: &Wordbook, text: &str, tokens: &[Token], vocabulary: Option<&Vocabulary>) -> Vec<String> {
    concepts_of(book, tokens, Some(text), vocabulary)
}

fn concepts_of(book: &Wordbook, tokens: &[Token], text: Option<&str>, vocabulary: Option<&Vocabulary>) -> Vec<String> {
    let t = &book.concepts;
    // A hyphen is spelling, not meaning: "Wi-Fi" is "wifi", "e-mail" is "email".
    let unhyphened: Vec<Option<String>> = tokens
        .iter()
        .map(|tok| tok.word.contains('-').then(|| tok.word.replace('-', "")))
        .collect();
    let words: Vec<&str> = tokens
        .iter()
        .zip(&unhyphened)
        .enumerate()
        .map(|(i, (tok, plain))| {
            let word = plain.as_deref().unwrap_or(tok.word.as_str());
            if text.is_some_and(|text| looks_like_name(book, text, tokens, i, vocabulary)) {
                NAME_CONCEPT
            } else {
                vocabulary.map_or(word, |v| v.correct(book, word))
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((name, end)) = phrase_at(book, &words, i) {
            push_unique(&mut out, name);
            i = end;
            continue;
        }
        let word = words[i];
        i += 1;
        if word == NAME_CONCEPT {
            push_unique(&mut out, NAME_CONCEPT);
        } else if let Some(name) = t.synonyms.get(word) {
            push_unique(&mut out, name);
        } else if t.function.contains(word) {
            push_unique(&mut out, word);
        } else if !t.filler.contains(word) {
            let stemmed = book.stem_text(word);
            match t.synonyms.get(&stemmed) {
                Some(name) => push_unique(&mut out, name),
                None => push_unique(&mut out, &stemmed),
            }
        }
    }
    out
}

/// The longest synonym phrase that starts at word `i`, and the index just past it. Phrases
/// compare stems and may step over a few gap words inside them.
fn phrase_at(book: &Wordbook, words: &[&str], i: usize) -> Option<(&'static str, usize)> {
    let t = &book.concepts;
    let mut stems = vec![phrase_stem(book, words[i])];
    let mut ends = vec![i + 1];
    let mut gaps = 0;
    for (j, word) in words.iter().enumerate().skip(i + 1) {
        if stems.len() == MAX_PHRASE_WORDS {
            break;
        }
        if t.gap.contains(word) {
            gaps += 1;
            if gaps > MAX_PHRASE_GAPS {
                break;
            }
            continue;
        }
        stems.push(phrase_stem(book, word));
        ends.push(j + 1);
    }
    (2..=stems.len())
        .rev()
        .find_map(|n| t.phrases.get(&stems[..n].join(" ")).map(|name| (*name, ends[n - 1])))
}

/// Adds a concept, and any broader concept it implies, unless already there.
fn push_unique(out: &mut Vec<String>, concept: &str) {
    if !out.iter().any(|c| c == concept) {
        out.push(concept.to_owned());
    }
    for (_, broader) in BROADER.iter().filter(|(narrow, _)| *narrow == concept) {
        push_unique(out, broader);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn book() -> &'static Wordbook {
        crate::text::wordbook::shared_for_tests()
    }

    fn of(text: &str) -> Vec<String> {
        concepts(book(), &tokenize(text), Some(&Vocabulary::new(book())))
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
    fn phrases_compare_stems_and_step_over_small_words() {
        assert_eq!(of("have you switched it off and on"), of("have you rebooted"));
        assert_eq!(of("turn it off and on again"), of("reboot again"));
        assert!(of("You really should have called sooner").contains(&"your fault".to_owned()));
        assert_eq!(of("Let's have a look at the settings"), of("let's check the settings"));
        // A phrase never reaches over more than a couple of small words.
        assert!(of("switch it, um, off").contains(&"restart".to_owned()));
        assert!(!of("switch it, um, uh, off").contains(&"restart".to_owned()));
    }

    #[test]
    fn narrow_concepts_imply_broader_ones() {
        let retest = of("could you test it again");
        assert!(retest.contains(&"try again".to_owned()) && retest.contains(&"try".to_owned()));
        assert!(!of("could you try restarting").contains(&"try again".to_owned()));
    }

    #[test]
    fn typos_are_corrected_against_the_vocabulary() {
        assert_eq!(of("what eror do you see"), of("what error do you see"));
        assert_eq!(of("the websit is down"), of("the website is down"));
        // Short words are never guessed at.
        assert_eq!(of("teh"), vec!["teh".to_owned()]);
    }

    #[test]
    fn inflections_of_known_words_are_not_typos() {
        let mut vocabulary = Vocabulary::new(book());
        vocabulary.add(book(), "lock");
        vocabulary.add(book(), "looking");
        assert_eq!(vocabulary.correct(book(), "locks"), "locks");
        assert_eq!(vocabulary.correct(book(), "looked"), "looked");
        assert_eq!(vocabulary.correct(book(), "lookin"), "looking");
    }

    fn named(text: &str) -> Vec<String> {
        concepts_in(book(), text, &tokenize(text), Some(&Vocabulary::new(book())))
    }

    #[test]
    fn capitalised_unknown_words_are_names() {
        assert_eq!(named("I'm Dana"), named("I'm Alex"));
        assert_eq!(
            named("I'm Dana, I'll help you"),
            named("my name is Priya. I'll help you")
        );
        assert_eq!(named("You've reached Sam"), named("you're speaking with Jordan"));
        assert!(named("Hi Maria").contains(&NAME_CONCEPT.to_owned()));
        // Not a name: the first word of a sentence, all capitals, known words, lower case.
        assert!(!named("Dana here").contains(&NAME_CONCEPT.to_owned()));
        assert!(!named("set it to DHCP").contains(&NAME_CONCEPT.to_owned()));
        assert!(!named("is the Internet down").contains(&NAME_CONCEPT.to_owned()));
        assert!(!named("i'm dana").contains(&NAME_CONCEPT.to_owned()));
        // Without the text, nothing is a name.
        assert!(!of("I'm Dana").contains(&NAME_CONCEPT.to_owned()));
    }

    #[test]
    fn names_are_never_corrected_into_words() {
        let mut vocabulary = Vocabulary::new(book());
        vocabulary.add(book(), "data");
        let text = "This is Dana";
        assert!(
            concepts_in(book(), text, &tokenize(text), Some(&vocabulary)).contains(&"my name is <name>".to_owned())
        );
    }
}
