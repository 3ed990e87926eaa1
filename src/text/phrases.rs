//! Finding phrases in text the way a reader would: whole words, any case, contractions
//! expanded ("you should've" is "you should have"), and tolerant of typos in longer words
//! ("obviusly" is "obviously"). Used by the rubric's phrase rules and the markers `analyze`
//! reports.
//!
//! A word is matched by its stem's number in the [`Wordbook`]'s table (one integer
//! comparison); a stem the table lacks, met only in a rubric's own words or a rare word of a
//! text, is compared by its text. A list tells by one bit whether a word can start any of its
//! phrases.

use rustc_hash::FxHashMap;
use std::ops::Range;

use super::tokens::{Token, tokenize};
use super::wordbook::{Stem, Wordbook, is_own_stem};

/// Phrases longer than this many words are not looked for at the start of a line.
const MAX_PHRASE_WORDS: usize = 12;

/// Words shorter than this are too close to other words ("broke", "brake") to guess at.
const MIN_TYPO_LETTERS: usize = 6;

/// A compiled list of phrases, indexed by the stem of their first word so that finding them
/// costs little more than reading the text once.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    phrases: Vec<Vec<Word>>,
    originals: Vec<String>,
    /// Phrases by the stem number of their first word. (FxHash: the keys are the rubric's own.)
    by_first: FxHashMap<u32, Vec<usize>>,
    /// Which stem numbers start a phrase, one bit each: most words start none of a list's
    /// phrases, and one bit test says so. (A list is run over every word of every audited note.)
    first_stems: Vec<u64>,
    /// Phrases whose first word is long enough to be matched through a typo, by its first
    /// letter ([`letter_index`]; a typo keeps the first letter, which [`same_word`] checks
    /// for the letters outside a to z that share the last slot).
    typo_first: [Vec<usize>; 27],
    /// For each first letter ([`letter_index`]), the lengths ([`length_bits`]) of the typo
    /// targets that start a phrase: a word of no such letter and length is no typo of one.
    typo_lengths: [u32; 27],
    /// Numbers, from [`LOCAL_STEMS`] up, for the stems of this list that the wordbook's table
    /// lacks.
    locals: FxHashMap<String, u32>,
}

/// Where the numbers of a list's own stems start: above every number of the wordbook's table.
const LOCAL_STEMS: u32 = 1 << 24;

/// A word's first letter as 0 to 25 for a to z, 26 for any other.
fn letter_index(word: &str) -> usize {
    match word.bytes().next() {
        Some(b @ b'a'..=b'z') => usize::from(b - b'a'),
        _ => 26,
    }
}

/// Bits for the byte lengths `len - slack ..= len + slack`, one per length, the last bit for
/// every length from 31 on.
fn length_bits(len: usize, slack: usize) -> u32 {
    (len.saturating_sub(slack)..=len + slack).fold(0, |bits, l| bits | 1 << l.min(31))
}

/// A phrase word, with what matching needs ready.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    /// The number of its stem: the wordbook's, or the list's own.
    stem: u32,
    /// Long and alphabetic enough that a one-letter slip still reads as this word.
    typo_target: bool,
}

/// The stem number of a word whose stem no number was given.
const NO_STEM: u32 = u32::MAX;

/// Whether a word could be a typo of a long phrase word: long, alphabetic, and not a common
/// (so real) word.
fn may_be_typo(word: &str, common: bool) -> bool {
    !common
        && !is_own_stem(word)
        && word.len() >= MIN_TYPO_LETTERS - 1
        && word.chars().count() >= MIN_TYPO_LETTERS - 1
        && word.chars().all(char::is_alphabetic)
}

/// Tokens made ready for matching once, for text that many phrase lists are run over.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub tokens: Vec<Token>,
    seen: Vec<Seen>,
}

impl Prepared {
    pub fn new(book: &Wordbook, tokens: Vec<Token>) -> Prepared {
        let seen = tokens
            .iter()
            .map(|t| {
                let facts = book.read(&t.word);
                let maybe_typo = may_be_typo(&t.word, facts.common);
                let (stem, other) = match facts.stem {
                    Stem::Known(n) => (n, None),
                    Stem::Other(text) => (NO_STEM, Some(text.into_boxed_str())),
                };
                Seen {
                    stem,
                    other,
                    maybe_typo,
                    letter: letter_index(&t.word) as u8,
                    near_lengths: if maybe_typo { length_bits(t.word.len(), 1) } else { 0 },
                }
            })
            .collect();
        Prepared { tokens, seen }
    }
}

/// What matching needs of a token beyond its word.
#[derive(Debug, Clone)]
struct Seen {
    /// The number of its stem in the wordbook's table, or [`NO_STEM`].
    stem: u32,
    /// Its stem's text when the table lacks it: a list's own stems are looked for in it.
    other: Option<Box<str>>,
    /// Long, alphabetic and not a common word: it could be a typo of a phrase word.
    maybe_typo: bool,
    /// What the typo test of a list reads: [`letter_index`] of the word, and [`length_bits`]
    /// of the lengths a word it is a typo of could have (none when it cannot be a typo).
    letter: u8,
    near_lengths: u32,
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
    pub fn new<S: AsRef<str>>(book: &Wordbook, phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        let phrases: Vec<(String, Vec<String>)> = phrases
            .into_iter()
            .map(|p| {
                let words = tokenize(p.as_ref()).into_iter().map(|t| t.word.into()).collect();
                (p.as_ref().to_owned(), words)
            })
            .filter(|(_, words): &(String, Vec<String>)| !words.is_empty())
            .collect();
        let mut set = PhraseSet::default();
        for (original, texts) in phrases {
            let words: Vec<Word> = texts
                .into_iter()
                .map(|text| {
                    let typo_target = text.chars().count() >= MIN_TYPO_LETTERS && text.chars().all(char::is_alphabetic);
                    let stem = match book.stem(&text) {
                        Stem::Known(n) => n,
                        Stem::Other(stem) => {
                            let next = LOCAL_STEMS + set.locals.len() as u32;
                            *set.locals.entry(stem).or_insert(next)
                        }
                    };
                    Word {
                        text,
                        stem,
                        typo_target,
                    }
                })
                .collect();
            let first = &words[0];
            let index = set.phrases.len();
            set.by_first.entry(first.stem).or_default().push(index);
            if first.stem < LOCAL_STEMS {
                let (slot, bit) = (first.stem as usize / 64, first.stem % 64);
                if set.first_stems.len() <= slot {
                    set.first_stems.resize(slot + 1, 0);
                }
                set.first_stems[slot] |= 1 << bit;
            }
            if first.typo_target {
                let letter = letter_index(&first.text);
                set.typo_first[letter].push(index);
                set.typo_lengths[letter] |= length_bits(first.text.len(), 0);
            }
            set.phrases.push(words);
            set.originals.push(original);
        }
        set
    }

    /// The number a token's stem has in this list: the wordbook's, the list's own, or
    /// [`NO_STEM`].
    fn stem_of(&self, seen: &Seen) -> u32 {
        match &seen.other {
            None => seen.stem,
            Some(text) => self.locals.get(&**text).copied().unwrap_or(NO_STEM),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The phrase as written in the rubric or lexicon.
    pub fn original(&self, index: usize) -> &str {
        &self.originals[index]
    }

    /// Whether a phrase may start at a word: its stem starts one, or it may be a typo of a
    /// typo target with its first letter and about its length.
    fn admits(&self, seen: &Seen) -> bool {
        self.starts_with_stem(seen) || self.may_be_typo(seen)
    }

    /// Whether the word's stem starts some phrase.
    fn starts_with_stem(&self, seen: &Seen) -> bool {
        match &seen.other {
            None => self
                .first_stems
                .get(seen.stem as usize / 64)
                .is_some_and(|bits| bits >> (seen.stem % 64) & 1 != 0),
            Some(_) => !self.locals.is_empty() && self.by_first.contains_key(&self.stem_of(seen)),
        }
    }

    fn may_be_typo(&self, seen: &Seen) -> bool {
        seen.maybe_typo && self.typo_lengths[usize::from(seen.letter)] & seen.near_lengths != 0
    }

    /// Every non-overlapping hit, leftmost first, longest phrase first at a position.
    pub fn find(&self, book: &Wordbook, tokens: &[Token]) -> Vec<PhraseHit> {
        if self.phrases.is_empty() {
            return Vec::new();
        }
        self.find_prepared(&Prepared::new(book, tokens.to_vec()))
    }

    /// [`find`](Self::find) on tokens already prepared.
    pub fn find_prepared(&self, text: &Prepared) -> Vec<PhraseHit> {
        self.hits(text).collect()
    }

    /// The first hit [`find_prepared`](Self::find_prepared) would give, reading no further.
    pub fn first_prepared(&self, text: &Prepared) -> Option<PhraseHit> {
        self.hits(text).next()
    }

    /// Hits leftmost first, found as they are asked for.
    fn hits<'s>(&'s self, text: &'s Prepared) -> impl Iterator<Item = PhraseHit> + 's {
        let tokens = &text.tokens;
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < tokens.len() {
                // The bit test first, here: for most words it is all the work, and calling
                // `longest_at` for it would cost more than the test.
                if !self.admits(&text.seen[i]) {
                    i += 1;
                    continue;
                }
                match self.longest_at(text, i) {
                    Some((phrase, len)) => {
                        let hit = PhraseHit {
                            phrase,
                            tokens: i..i + len,
                            span: tokens[i].span.start..tokens[i + len - 1].span.end,
                        };
                        i += len;
                        return Some(hit);
                    }
                    None => i += 1,
                }
            }
            None
        })
    }

    /// The phrase that starts the tokens, if any.
    pub fn at_start(&self, book: &Wordbook, tokens: &[Token]) -> Option<PhraseHit> {
        let text = Prepared::new(book, tokens[..tokens.len().min(MAX_PHRASE_WORDS)].to_vec());
        self.longest_at(&text, 0).map(|(phrase, len)| PhraseHit {
            phrase,
            tokens: 0..len,
            span: tokens[0].span.start..tokens[len - 1].span.end,
        })
    }

    fn longest_at(&self, text: &Prepared, at: usize) -> Option<(usize, usize)> {
        let first = text.seen.get(at)?;
        // Each list is looked in only when the bit tests say it may hold a phrase.
        let exact = if self.starts_with_stem(first) {
            self.by_first
                .get(&self.stem_of(first))
                .map(Vec::as_slice)
                .unwrap_or_default()
        } else {
            &[]
        };
        let typos = if self.may_be_typo(first) {
            self.typo_first[usize::from(first.letter)].as_slice()
        } else {
            &[]
        };
        exact
            .iter()
            .chain(typos)
            .copied()
            .filter(|&i| {
                let words = &self.phrases[i];
                at + words.len() <= text.seen.len()
                    && words
                        .iter()
                        .enumerate()
                        .all(|(k, w)| self.same_word(w, &text.tokens[at + k].word, &text.seen[at + k]))
            })
            .max_by_key(|&i| (self.phrases[i].len(), std::cmp::Reverse(i)))
            .map(|i| (i, self.phrases[i].len()))
    }
}

impl PhraseSet {
    /// The same word, an inflection of it (the same stem, so the same number), or a likely
    /// typo of a long word: one edit, same first letter, and the token is not itself a real
    /// word.
    fn same_word(&self, expected: &Word, word: &str, seen: &Seen) -> bool {
        expected.stem == self.stem_of(seen)
            || expected.typo_target
                && seen.maybe_typo
                && expected.text.chars().next() == word.chars().next()
                && expected.text.len().abs_diff(word.len()) <= 1
                && within_one_edit(&expected.text, word)
    }
}

/// Whether two words are at most one edit apart: a letter changed, added or dropped, or two
/// neighbours swapped. The same verdict as `strsim::damerau_levenshtein(a, b) <= 1`, without
/// its table and allocations: this runs for every unknown long word of every audited note.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        one_edit(a.as_bytes(), b.as_bytes())
    } else {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        one_edit(&chars(a), &chars(b))
    }
}

/// With the common start and end stripped, what is left of either side is the one edit.
fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    match (a.len(), b.len()) {
        (0 | 1, 0 | 1) => true,
        (2, 2) => a[0] == b[1] && a[1] == b[0],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> &'static Wordbook {
        crate::text::wordbook::shared_for_tests()
    }

    fn found(phrases: &[&str], text: &str) -> Vec<String> {
        let set = PhraseSet::new(book(), phrases);
        set.find(book(), &tokenize(text))
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
    fn one_edit_agrees_with_damerau_levenshtein_on_every_short_word() {
        // Every word of up to four letters over a small alphabet, one of them not ASCII: each
        // kind of edit, and each near miss, is among the pairs.
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() == words.last().map_or(0, |l| l.chars().count()))
                .flat_map(|w| ["a", "b", "é"].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        assert_eq!(words.len(), 1 + 3 + 9 + 27 + 81);
        for a in &words {
            for b in &words {
                assert_eq!(
                    within_one_edit(a, b),
                    strsim::damerau_levenshtein(a, b) <= 1,
                    "{a:?} and {b:?}"
                );
            }
        }
    }

    #[test]
    fn a_list_made_later_reads_typos_of_words_seen_before() {
        // The word is read (and its typo verdict kept) before any list holds its target.
        let text = "the zorblaxain failed";
        assert!(found(&["failed"], text).len() == 1);
        assert_eq!(found(&["zorblaxian"], text), ["zorblaxain"]);
    }

    #[test]
    fn a_list_made_after_the_text_was_prepared_still_finds_its_words() {
        // Neither the word nor a typo of it is in any list when the text is prepared.
        let text = Prepared::new(book(), tokenize("the quixotrelay and the quixotrelya jammed"));
        let set = PhraseSet::new(book(), ["quixotrelay"]);
        assert_eq!(set.find_prepared(&text).len(), 2);
        assert!(set.first_prepared(&text).is_some());
    }

    #[test]
    fn inflections_match_through_stems() {
        assert_eq!(found(&["reconfigure"], "Reconfigured the adapter"), ["Reconfigured"]);
        assert_eq!(found(&["verify"], "verified with the user"), ["verified"]);
    }

    #[test]
    fn longest_phrase_wins_and_hits_do_not_overlap() {
        let set = PhraseSet::new(book(), ["sorry", "sorry you feel that way"]);
        let hits = set.find(book(), &tokenize("I'm sorry you feel that way. Sorry."));
        assert_eq!(hits.iter().map(|h| h.phrase).collect::<Vec<_>>(), [1, 0]);
    }

    #[test]
    fn at_start_only_looks_at_the_start() {
        let set = PhraseSet::new(book(), ["why", "how come"]);
        assert!(set.at_start(book(), &tokenize("Why is it down?")).is_some());
        assert!(set.at_start(book(), &tokenize("Do you know why?")).is_none());
    }
}
