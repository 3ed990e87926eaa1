//! Finding phrases in text the way a reader would: whole words, any case, contractions
//! expanded ("you should've" is "you should have"), and tolerant of typos in longer words
//! ("obviusly" is "obviously"). Used by the rubric's phrase rules and the markers `analyze`
//! reports.

use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::concepts::{WordInfo, stem, stem_key, word_info};
use super::tokens::{Token, tokenize};

/// Phrases longer than this many words are not looked for at the start of a line.
const MAX_PHRASE_WORDS: usize = 12;

/// A compiled list of phrases, indexed by the stem of their first word so that finding them
/// costs little more than reading the text once.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    phrases: Vec<Vec<Word>>,
    originals: Vec<String>,
    /// Phrases by the [`stem_key`] of their first word. (FxHash: the keys are the rubric's own
    /// words, so lookups of untrusted words cannot be made slow.)
    by_first: FxHashMap<u64, Vec<usize>>,
    /// Phrases whose first word is long enough to be matched through a typo, by its first
    /// letter (a typo keeps the first letter).
    typo_first: FxHashMap<char, Vec<usize>>,
    /// A sieve over `by_first` and `typo_first`: most words start no phrase of a list, and
    /// two bit tests say so for less than the two lookups would cost. (A list is run over
    /// every word of every audited note.)
    sieve: Sieve,
}

/// Which first-word stems ([`stem_bit`]) a phrase set has, and for each first letter
/// ([`letter_index`]) the lengths ([`length_bits`]) of its typo targets. A clear bit means no
/// phrase; a set bit means look.
#[derive(Debug, Clone)]
struct Sieve {
    stems: [u64; 64],
    typo_lengths: [u32; 27],
}

impl Default for Sieve {
    fn default() -> Sieve {
        Sieve {
            stems: [0; 64],
            typo_lengths: [0; 27],
        }
    }
}

impl Sieve {
    fn add_typo_target(&mut self, word: &str) {
        self.typo_lengths[letter_index(word)] |= length_bits(word.len(), 0);
    }

    /// Whether a phrase may start at a word: its stem starts one, or it may be a typo of a
    /// typo target with its first letter and about its length.
    fn admits(&self, seen: &Seen) -> bool {
        let bit = usize::from(seen.stem_bit);
        self.stems[bit / 64] & (1 << (bit % 64)) != 0 || self.may_be_typo(seen)
    }

    fn may_be_typo(&self, seen: &Seen) -> bool {
        seen.maybe_typo && self.typo_lengths[usize::from(seen.letter)] & seen.near_lengths != 0
    }

    fn add_stem(&mut self, key: u64) {
        let bit = usize::from(stem_bit(key));
        self.stems[bit / 64] |= 1 << (bit % 64);
    }
}

/// One of 4,096 bits for a stem key: its top twelve bits, where FxHash mixes best. (A list of
/// a hundred phrases sets one bit in forty, so a word that starts none of its phrases is
/// almost always told so without a lookup; with 1,024 bits, four in ten lookups found nothing.)
fn stem_bit(key: u64) -> u16 {
    (key >> 52) as u16
}

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
    stem: String,
    stem_key: u64,
    /// Long and alphabetic enough that a one-letter slip still reads as this word.
    typo_target: bool,
}

impl Word {
    fn new(text: String) -> Word {
        let typo_target = text.chars().count() >= MIN_TYPO_LETTERS && text.chars().all(char::is_alphabetic);
        if typo_target {
            register_typo_target(&text);
        }
        let stem = stem(&text);
        Word {
            stem_key: stem_key(&stem),
            stem,
            typo_target,
            text,
        }
    }
}

/// Every word any phrase list reads through a typo, by first letter: a word of a text one edit
/// from none of them is no typo, and no list need look at it as one. Lists are made at start
/// (and marker lists on first use), so the generation changes rarely; each word's verdict is
/// kept with the word (`WordInfo::near_typo_target`) until it does.
type TypoTargets = FxHashMap<char, Vec<String>>;

fn typo_targets() -> &'static std::sync::RwLock<TypoTargets> {
    static TARGETS: std::sync::OnceLock<std::sync::RwLock<TypoTargets>> = std::sync::OnceLock::new();
    TARGETS.get_or_init(Default::default)
}

/// How many words [`typo_targets`] has taken in: changed only with its write lock held, read
/// without it where a word's kept verdict is current.
static TYPO_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn register_typo_target(word: &str) {
    let Some(letter) = word.chars().next() else { return };
    let mut targets = typo_targets()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let words = targets.entry(letter).or_default();
    if !words.iter().any(|w| w == word) {
        words.push(word.to_owned());
        TYPO_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Release);
    }
}

/// Whether `word` is one edit from some typo target (the test `same_word` makes), using and
/// keeping the verdict `info` holds for the current generation.
fn near_typo_target(word: &str, info: &WordInfo) -> bool {
    if let Some((generation, near)) = info.near_typo_target.get() {
        if generation == TYPO_GENERATION.load(std::sync::atomic::Ordering::Acquire) {
            return near;
        }
    }
    let targets = typo_targets().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    let generation = TYPO_GENERATION.load(std::sync::atomic::Ordering::Acquire);
    let near = word.chars().next().and_then(|l| targets.get(&l)).is_some_and(|words| {
        words
            .iter()
            .any(|t| t.len().abs_diff(word.len()) <= 1 && within_one_edit(t, word))
    });
    info.near_typo_target.set(Some((generation, near)));
    near
}

/// Words shorter than this are too close to other words ("broke", "brake") to guess at.
const MIN_TYPO_LETTERS: usize = 6;

/// Tokens made ready for matching once, for text that many phrase lists are run over.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub tokens: Vec<Token>,
    seen: Vec<Seen>,
}

impl Prepared {
    pub fn new(tokens: Vec<Token>) -> Prepared {
        let seen = tokens
            .iter()
            .map(|t| {
                let info = word_info(&t.word);
                // Cheapest tests first: most words are common ones, or short.
                let maybe_typo = !info.common
                    && t.word.len() >= MIN_TYPO_LETTERS - 1
                    && t.word.chars().count() >= MIN_TYPO_LETTERS - 1
                    && t.word.chars().all(char::is_alphabetic)
                    && near_typo_target(&t.word, &info);
                Seen {
                    stem_bit: stem_bit(info.stem_key),
                    letter: letter_index(&t.word) as u8,
                    near_lengths: length_bits(t.word.len(), 1),
                    maybe_typo,
                    info,
                }
            })
            .collect();
        Prepared { tokens, seen }
    }
}

/// What matching needs of a token beyond its word: its stem, and whether it could be a typo
/// at all (a real word is never a typo of another: only unknown long words are).
#[derive(Debug, Clone)]
struct Seen {
    info: Rc<WordInfo>,
    maybe_typo: bool,
    /// What the phrase sets' sieves test, ready: [`stem_bit`] of the stem, [`letter_index`]
    /// of the word, and [`length_bits`] of the lengths a typo of it could have.
    stem_bit: u16,
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
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        let mut set = PhraseSet::default();
        for phrase in phrases {
            let words: Vec<Word> = tokenize(phrase.as_ref())
                .into_iter()
                .map(|t| Word::new(t.word.into()))
                .collect();
            let Some(first) = words.first() else { continue };
            let index = set.phrases.len();
            let key = first.stem_key;
            set.by_first.entry(key).or_default().push(index);
            set.sieve.add_stem(key);
            if let (true, Some(letter)) = (first.typo_target, first.text.chars().next()) {
                set.typo_first.entry(letter).or_default().push(index);
                set.sieve.add_typo_target(&first.text);
            }
            set.phrases.push(words);
            set.originals.push(phrase.as_ref().to_owned());
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
        if self.phrases.is_empty() {
            return Vec::new();
        }
        self.find_prepared(&Prepared::new(tokens.to_vec()))
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
                // The sieve first, here: for most words it is all the work, and calling
                // `longest_at` for it would cost more than the test.
                if !self.sieve.admits(&text.seen[i]) {
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
    pub fn at_start(&self, tokens: &[Token]) -> Option<PhraseHit> {
        let text = Prepared::new(tokens[..tokens.len().min(MAX_PHRASE_WORDS)].to_vec());
        self.longest_at(&text, 0).map(|(phrase, len)| PhraseHit {
            phrase,
            tokens: 0..len,
            span: tokens[0].span.start..tokens[len - 1].span.end,
        })
    }

    fn longest_at(&self, text: &Prepared, at: usize) -> Option<(usize, usize)> {
        let first = text.seen.get(at).filter(|first| self.sieve.admits(first))?;
        let word = &text.tokens[at].word;
        let typo = self.sieve.may_be_typo(first);
        let exact = self
            .by_first
            .get(&first.info.stem_key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let typos = match (typo, word.chars().next().and_then(|l| self.typo_first.get(&l))) {
            (true, Some(list)) => list.as_slice(),
            _ => &[],
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
                        .all(|(k, w)| same_word(w, &text.tokens[at + k].word, &text.seen[at + k]))
            })
            .max_by_key(|&i| (self.phrases[i].len(), std::cmp::Reverse(i)))
            .map(|i| (i, self.phrases[i].len()))
    }
}

/// The same word, an inflection of it, or a likely typo of a long word: one edit, same first
/// letter, and the token is not itself a real word.
fn same_word(expected: &Word, word: &str, seen: &Seen) -> bool {
    // The same word has the same stem, so one test covers both; the keys differ for almost
    // every other word, which then costs no string comparison.
    if expected.stem_key == seen.info.stem_key && expected.stem == seen.info.stem {
        return true;
    }
    expected.typo_target
        && seen.maybe_typo
        && expected.text.chars().next() == word.chars().next()
        && expected.text.len().abs_diff(word.len()) <= 1
        && within_one_edit(&expected.text, word)
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
