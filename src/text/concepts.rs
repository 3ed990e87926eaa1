//! From words to concepts: the unit intent matching compares. A concept is a synonym group's
//! name when the word (or phrase) belongs to one, a function word as it is, else the word's
//! English stem. Filler words have no concept. Unknown words close to a known one are read as
//! that word, so "eror" is "error"; a capitalised unknown word inside a sentence is a person's
//! name, so "I'm Dana" and "I'm Alex" say the same thing.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::lexicon::{BROADER, FILLER_WORDS, FUNCTION_WORDS, PHRASE_GAP_WORDS, SYNONYMS};
use super::phrases::WordFacts;
use super::tokens::{Token, tokenize};

/// The longest synonym phrase, in words that are not gap words.
const MAX_PHRASE_WORDS: usize = 5;

/// How many gap words ("it", "the", "really") a phrase may step over: "turn it off and on"
/// is "turn off and on", "you really should have" is "you should have".
const MAX_PHRASE_GAPS: usize = 2;

/// The concept of a person's name ("Dana", "Priya"): names are open-ended, so they are matched
/// as a kind, never by spelling.
pub const NAME_CONCEPT: &str = "<name>";

struct Tables {
    stemmer: Stemmer,
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

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let stemmer = Stemmer::create(Algorithm::English);
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
                    synonyms.entry(stemmer.stem(word).into_owned()).or_insert(group[0]);
                } else {
                    let stems: Vec<String> = words
                        .iter()
                        .enumerate()
                        .filter(|(i, w)| *i == 0 || !gap.contains(w.as_str()))
                        .map(|(_, w)| phrase_stem(&stemmer, w))
                        .collect();
                    phrases.insert(stems.join(" "), group[0]);
                    phrase_words.extend(words.into_iter().filter(|w| w != NAME_CONCEPT));
                }
            }
        }
        Tables {
            stemmer,
            function: FUNCTION_WORDS.iter().copied().collect(),
            filler,
            gap,
            synonyms,
            phrases,
            phrase_words,
        }
    })
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
fn phrase_stem(stemmer: &Stemmer, word: &str) -> String {
    if word == NAME_CONCEPT {
        word.to_owned()
    } else {
        stemmer.stem(word).into_owned()
    }
}

/// What matching needs to know of a normalised word, worked out once per word.
#[derive(Debug)]
pub struct WordInfo {
    /// Its English stem.
    pub stem: String,
    /// A word common in real requests (see [`is_common_word`]).
    pub common: bool,
    /// Kept by phrase matching: what it knows of the word, as of a generation of its lists.
    pub phrase_facts: std::cell::Cell<Option<WordFacts>>,
}

/// What matching needs of a normalised word: its stem and whether it is a common word.
pub fn word_info(word: &str) -> Rc<WordInfo> {
    // Text repeats its words; a per-thread memo makes reading them again nearly free, which is
    // most of what an audit of a large export costs. It is emptied when it grows large, so
    // memory stays flat on any input. The words are untrusted, so the memo's hasher is seeded
    // at random (foldhash, a third of the cost of std's SipHash on short words).
    const MEMO_LIMIT: usize = 50_000;
    type Memo = HashMap<String, Rc<WordInfo>, foldhash::fast::RandomState>;
    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    }
    let read = || {
        Rc::new(WordInfo {
            stem: english_stem(&tables().stemmer, word),
            common: is_common_word(word),
            phrase_facts: std::cell::Cell::new(None),
        })
    };
    if is_own_stem(word) {
        // Asset tags, addresses, ticket numbers: mostly met once, so not worth keeping (they
        // would fill the memo), and cheap to read without the stemmer.
        return read();
    }
    MEMO.with(|memo| {
        if let Some(info) = memo.borrow().get(word) {
            return Rc::clone(info);
        }
        let info = read();
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(word.to_owned(), Rc::clone(&info));
        info
    })
}

/// The English (Porter2) stem of `word`. A word ending in a digit is its own stem (see
/// [`is_own_stem`]).
fn english_stem(stemmer: &Stemmer, word: &str) -> String {
    if is_own_stem(word) {
        word.to_owned()
    } else {
        stemmer.stem(word).into_owned()
    }
}

/// Whether a normalised word is its own stem without the stemmer: it ends in a digit. Every
/// rule of the algorithm rewrites an ending of letters or apostrophes, or drops an apostrophe
/// that starts the word (which no token does), and a test checks the stemmer agrees. Numbers
/// are most of the words a memo of stems cannot help with.
pub fn is_own_stem(word: &str) -> bool {
    word.as_bytes().last().is_some_and(u8::is_ascii_digit) && !word.starts_with('\'')
}

/// The English stem of a normalised word.
pub fn stem(word: &str) -> String {
    word_info(word).stem.clone()
}

/// Whether a concept is a function word: it counts in matching, but weakly.
pub fn is_function_word(concept: &str) -> bool {
    tables().function.contains(concept)
}

/// Whether the lexicon knows a normalised word: a filler, a function word, or a word of a
/// synonym group (or an inflection of one).
fn in_lexicon(word: &str) -> bool {
    let t = tables();
    t.filler.contains(word)
        || t.function.contains(word)
        || t.synonyms.contains_key(word)
        || t.phrase_words.contains(word)
        || t.synonyms.contains_key(&stem(word))
}

/// Whether token `index` of a sentence is written like a person's name: capitalised but not
/// all capitals ("Dana", not "DHCP" or "IT"), not the sentence's first word (which is
/// capitalised anyway), and not a word the lexicon or `vocabulary` knows ("Internet",
/// "Obtain"). `text` is the text the tokens' spans point into.
pub fn looks_like_name(text: &str, tokens: &[Token], index: usize, vocabulary: Option<&Vocabulary>) -> bool {
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
        && !in_lexicon(&token.word)
        && !is_common_word(&token.word)
        && vocabulary.is_none_or(|v| !v.contains(&token.word))
}

/// The words an intent library knows, against which typos are corrected.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    words: BTreeSet<String>,
    /// The stems of `words`: a word with a known stem is an inflection, not a typo.
    stems: HashSet<String>,
}

/// Words common in real requests (src/text/common_words.txt): a real word is not a typo,
/// so "though" stays "though" instead of becoming "through".
const COMMON_WORDS: &str = include_str!("common_words.txt");

pub fn is_common_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| COMMON_WORDS.lines().filter(|l| !l.starts_with('#')).collect())
        .contains(word)
}

impl Vocabulary {
    pub fn new() -> Self {
        let t = tables();
        let mut vocabulary = Vocabulary::default();
        let single = SYNONYMS.iter().flat_map(|g| g.iter()).filter(|w| !w.contains(' '));
        for word in single.chain(FILLER_WORDS).chain(FUNCTION_WORDS) {
            vocabulary.add(word);
        }
        for word in &t.phrase_words {
            vocabulary.add(word);
        }
        vocabulary
    }

    pub fn add(&mut self, word: &str) {
        if self.words.insert(word.to_owned()) {
            self.stems.insert(stem(word));
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
    pub fn correct<'a>(&'a self, word: &'a str) -> &'a str {
        let len = word.chars().count();
        if len < 4
            || self.words.contains(word)
            || word.chars().any(|c| !c.is_alphabetic())
            || self.stems.contains(&stem(word))
            || is_common_word(word)
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
pub fn concepts(tokens: &[Token], vocabulary: Option<&Vocabulary>) -> Vec<String> {
    concepts_of(tokens, None, vocabulary)
}

/// [`concepts`], also reading capitalised unknown words as names (see [`looks_like_name`]).
/// `text` is the text the tokens' spans point into.
pub fn concepts_in(text: &str, tokens: &[Token], vocabulary: Option<&Vocabulary>) -> Vec<String> {
    concepts_of(tokens, Some(text), vocabulary)
}

fn concepts_of(tokens: &[Token], text: Option<&str>, vocabulary: Option<&Vocabulary>) -> Vec<String> {
    let t = tables();
    let words: Vec<&str> = tokens
        .iter()
        .enumerate()
        .map(|(i, tok)| {
            if text.is_some_and(|text| looks_like_name(text, tokens, i, vocabulary)) {
                NAME_CONCEPT
            } else {
                vocabulary.map_or(tok.word.as_str(), |v| v.correct(&tok.word))
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((name, end)) = phrase_at(&words, i) {
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
            let stemmed = stem(word);
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
fn phrase_at(words: &[&str], i: usize) -> Option<(&'static str, usize)> {
    let t = tables();
    let mut stems = vec![phrase_stem(&t.stemmer, words[i])];
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
        stems.push(phrase_stem(&t.stemmer, word));
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
        let numbers = ["0", "7", "42", "1.5", "-3", "v2", "x64"];
        for start in starts {
            for ending in endings {
                for number in numbers {
                    let word = format!("{start}{ending}{number}");
                    assert_eq!(english_stem(&stemmer, &word), stemmer.stem(&word), "{word:?}");
                    if !word.starts_with('\'') {
                        assert_eq!(english_stem(&stemmer, &word), word);
                    }
                }
            }
        }
        assert_eq!(english_stem(&stemmer, "printers"), "printer");
    }

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
        let mut vocabulary = Vocabulary::new();
        vocabulary.add("lock");
        vocabulary.add("looking");
        assert_eq!(vocabulary.correct("locks"), "locks");
        assert_eq!(vocabulary.correct("looked"), "looked");
        assert_eq!(vocabulary.correct("lookin"), "looking");
    }

    fn named(text: &str) -> Vec<String> {
        concepts_in(text, &tokenize(text), Some(&Vocabulary::new()))
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
        let mut vocabulary = Vocabulary::new();
        vocabulary.add("data");
        let text = "This is Dana";
        assert!(concepts_in(text, &tokenize(text), Some(&vocabulary)).contains(&"my name is <name>".to_owned()));
    }
}
