//! WordPiece: text to the token ids of the embedded encoder's vocabulary, exactly as the
//! reference tokenizer of all-MiniLM-L6-v2 (BERT uncased) produces them.
//!
//! The steps are BERT's: clean the text (drop control characters, map white space to a
//! space), put spaces around CJK ideographs, strip accents (NFD, then drop non-spacing marks),
//! lower-case; split on white space and around every punctuation character; then split each
//! word greedily into the longest pieces the vocabulary holds, continuation pieces prefixed
//! with `##`. A word with a piece the vocabulary lacks, or longer than 100 characters, is one
//! `[UNK]`. `tests/wordpiece.rs` holds this to the reference tokenizer's output on thousands
//! of lines.
//!
//! ASCII text, nearly all of what trainees and notes hold, takes a fast path that needs no
//! Unicode tables.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use unicode_normalization::char::decompose_canonical;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Longest word, in characters, that is split into pieces; a longer one is `[UNK]`.
const MAX_WORD_CHARS: usize = 100;

/// Prefix of a piece that continues a word.
const CONTINUATION: &str = "##";

type Map = HashMap<Box<str>, u32, FixedState>;

/// A WordPiece vocabulary.
#[derive(Debug)]
pub struct Vocabulary {
    ids: Map,
    unknown: u32,
    /// Bytes in the longest token: no longer piece is worth looking up.
    longest: usize,
}

/// Why a vocabulary could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VocabularyError {
    /// The vocabulary has no `[UNK]` token.
    NoUnknownToken,
    /// A token appears twice (1-based line).
    Duplicate { line: usize },
}

impl std::fmt::Display for VocabularyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VocabularyError::NoUnknownToken => write!(f, "the vocabulary has no [UNK] token"),
            VocabularyError::Duplicate { line } => write!(f, "token on line {line} appears twice"),
        }
    }
}

impl Vocabulary {
    /// A vocabulary from its text: one token a line, the line number (from 0) its id.
    pub fn from_lines(text: &str) -> Result<Vocabulary, VocabularyError> {
        let mut ids = Map::default();
        ids.reserve(text.len() / 7);
        for (id, token) in text.lines().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            if ids.insert(token.into(), id).is_some() {
                return Err(VocabularyError::Duplicate { line: id as usize + 1 });
            }
        }
        let unknown = *ids.get("[UNK]").ok_or(VocabularyError::NoUnknownToken)?;
        let longest = ids.keys().map(|token| token.len()).max().unwrap_or(0);
        Ok(Vocabulary { ids, unknown, longest })
    }

    /// How many tokens it holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether it holds no tokens (never, for a vocabulary that loaded).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of `[UNK]`.
    pub fn unknown(&self) -> u32 {
        self.unknown
    }

    /// The id of a token, if the vocabulary holds it.
    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// Appends the ids of `text` to `out` (no `[CLS]` or `[SEP]`).
    pub fn encode(&self, text: &str, out: &mut Vec<u32>) {
        // Control characters join the letters on either side of them once dropped, which
        // only the general path handles.
        let plain = text
            .bytes()
            .all(|b| b >= b' ' && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r'));
        if plain && text.is_ascii() {
            self.encode_ascii(text, out);
        } else {
            self.encode_any(text, out);
        }
    }

    /// [`Vocabulary::encode`] for printable ASCII text (nearly every line and note), byte by
    /// byte, looking words up in place: the same ids (a test holds the two paths to that).
    fn encode_ascii(&self, text: &str, out: &mut Vec<u32>) {
        let bytes = text.as_bytes();
        let mut lower = String::new();
        let mut scratch = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                i += 1;
                continue;
            }
            if b.is_ascii_punctuation() {
                self.pieces(&text[i..=i], &mut scratch, out);
                i += 1;
                continue;
            }
            let start = i;
            let mut upper = false;
            while i < bytes.len()
                && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r')
                && !bytes[i].is_ascii_punctuation()
            {
                upper |= bytes[i].is_ascii_uppercase();
                i += 1;
            }
            let word = &text[start..i];
            if upper {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                self.pieces(&lower, &mut scratch, out);
            } else {
                self.pieces(word, &mut scratch, out);
            }
        }
    }

    /// [`Vocabulary::encode`] for any text, character by character.
    fn encode_any(&self, text: &str, out: &mut Vec<u32>) {
        let mut word = String::new();
        let mut scratch = String::new();
        let mut flush = |word: &mut String, out: &mut Vec<u32>| {
            if !word.is_empty() {
                self.pieces(word, &mut scratch, out);
                word.clear();
            }
        };
        for c in text.chars() {
            if c.is_ascii() {
                match c {
                    ' ' | '\t' | '\n' | '\r' => flush(&mut word, out),
                    // Cleaning drops every other control character, vertical tab and form
                    // feed included (they are controls before they are white space).
                    '\0'..='\x1f' | '\x7f' => {}
                    _ if c.is_ascii_punctuation() => {
                        flush(&mut word, out);
                        word.push(c);
                        flush(&mut word, out);
                    }
                    _ => word.push(c.to_ascii_lowercase()),
                }
                continue;
            }
            if c == '\u{fffd}' || is_other(c) {
                continue;
            }
            if c.is_whitespace() {
                flush(&mut word, out);
                continue;
            }
            if is_cjk_ideograph(c) {
                flush(&mut word, out);
                decompose_canonical(c, |d| word.extend(d.to_lowercase()));
                flush(&mut word, out);
                continue;
            }
            decompose_canonical(c, |d| {
                if d.general_category() == GeneralCategory::NonspacingMark {
                    return;
                }
                for lower in d.to_lowercase() {
                    if is_punctuation(lower) {
                        flush(&mut word, out);
                        word.push(lower);
                        flush(&mut word, out);
                    } else if lower.is_whitespace() {
                        flush(&mut word, out);
                    } else {
                        word.push(lower);
                    }
                }
            });
        }
        flush(&mut word, out);
    }

    /// The pieces of one normalised word, greedily longest first.
    fn pieces(&self, word: &str, scratch: &mut String, out: &mut Vec<u32>) {
        if let Some(id) = self.id(word) {
            out.push(id);
            return;
        }
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unknown);
            return;
        }
        let first = out.len();
        let mut start = 0;
        while start < word.len() {
            // Pieces longer than the longest token cannot be found: start at that length (a
            // long code or number would otherwise be looked up once for every length).
            let mut end = word.len().min(start + self.longest);
            while !word.is_char_boundary(end) {
                end -= 1;
            }
            let found = loop {
                scratch.clear();
                if start > 0 {
                    scratch.push_str(CONTINUATION);
                }
                scratch.push_str(&word[start..end]);
                if let Some(id) = self.id(scratch) {
                    break Some(id);
                }
                // The previous character boundary.
                match word[start..end].char_indices().next_back() {
                    Some((last, _)) if last > 0 => end = start + last,
                    _ => break None,
                }
            };
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(first);
                    out.push(self.unknown);
                    return;
                }
            }
        }
    }
}

/// Unicode's "Other" group (control, format, surrogate, private use, unassigned), which BERT's
/// cleaning drops.
fn is_other(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Other
}

/// BERT splits around ASCII punctuation (which includes `$`, `+`, `^` and the like) and every
/// Unicode punctuation character.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK ideograph blocks, each of whose characters BERT treats as a word.
fn is_cjk_ideograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let tokens = [
            "[PAD]", "[UNK]", "the", "print", "##er", "##s", "is", "off", "##line", "!", "'", "t", "can", "cafe", ".",
            "é",
        ];
        Vocabulary::from_lines(&tokens.join("\n")).unwrap()
    }

    fn ids(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        vocabulary().encode(text, &mut out);
        out
    }

    #[test]
    fn words_split_into_the_longest_pieces() {
        assert_eq!(ids("The printers is offline!"), [2, 3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn punctuation_splits_and_unknown_words_are_one_unk() {
        assert_eq!(ids("can't"), [12, 10, 11]);
        assert_eq!(ids("printerz"), [1]);
        assert_eq!(ids("xprinter the"), [1, 2]);
    }

    #[test]
    fn accents_case_and_control_characters_are_normalised() {
        assert_eq!(ids("CAFÉ\u{7}."), [13, 14]);
        assert_eq!(ids("the\u{a0}cafe\u{200b}"), [2, 13]);
    }

    #[test]
    fn the_ascii_path_gives_what_the_general_path_gives() {
        let v = vocabulary();
        for text in [
            "The PRINTERS is offline!",
            "can't  cafe.",
            "the\tprinter\nis",
            "x'y..z",
            "",
            "  ",
        ] {
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            v.encode_ascii(text, &mut fast);
            v.encode_any(text, &mut general);
            assert_eq!(fast, general, "{text:?}");
        }
    }

    #[test]
    fn overlong_words_are_unknown() {
        assert_eq!(ids(&"er".repeat(60)), [1]);
    }

    #[test]
    fn a_vocabulary_without_unk_or_with_duplicates_is_refused() {
        assert_eq!(
            Vocabulary::from_lines("a\nb").unwrap_err(),
            VocabularyError::NoUnknownToken
        );
        assert_eq!(
            Vocabulary::from_lines("[UNK]\na\na").unwrap_err(),
            VocabularyError::Duplicate { line: 3 }
        );
    }
}
