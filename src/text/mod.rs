//! Language analysis of what the trainee says: sentences, tokens, stems, question kinds and the
//! intents a line carries. Pure functions over text; no I/O, no scenario knowledge.

pub mod concepts;
pub mod corpus;
pub mod details;
pub mod detmath;
pub mod encoder;
pub mod fit;
pub mod grammar;
pub mod heads;
pub mod intents;
pub mod lexical;
pub mod lexicon;
pub mod markers;
pub mod model;
pub mod ngrams;
pub mod note;
pub mod phrases;
pub mod politeness;
pub mod profile;
pub mod tokens;
pub mod tone;
pub mod wordbook;
pub mod wordpiece;

use std::ops::Range;

use serde::Serialize;

pub use concepts::Vocabulary;
pub use intents::{Form, IntentMatch, IntentSpec, Matcher};
pub use tokens::Token;

/// What kind of question a sentence is. "Why" questions are their own kind because the rubric
/// treats them as interrogations, whatever else they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    None,
    Closed,
    Open,
    Why,
}

/// One analysed sentence.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Range<usize>,
    pub tokens: Vec<Token>,
    pub question: QuestionKind,
}

/// A whole analysed line.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub text: String,
    pub sentences: Vec<Sentence>,
}

impl Analysis {
    /// The most telling question kind in the line: a "why" anywhere beats an open question,
    /// which beats a closed one.
    pub fn question_kind(&self) -> QuestionKind {
        self.sentences
            .iter()
            .map(|s| s.question)
            .max()
            .unwrap_or(QuestionKind::None)
    }

    /// How many sentences are questions.
    pub fn question_count(&self) -> usize {
        self.sentences
            .iter()
            .filter(|s| s.question != QuestionKind::None)
            .count()
    }

    /// The original text of a sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        self.text[sentence.span.clone()].trim()
    }
}

/// Analyses one line of text.
pub fn analyze(text: &str) -> Analysis {
    let sentences = tokens::sentences(text)
        .into_iter()
        .map(|s| {
            let question = question_kind(&s.tokens, s.ends_with_question_mark);
            Sentence {
                span: s.span,
                tokens: s.tokens,
                question,
            }
        })
        .collect();
    Analysis {
        text: text.to_owned(),
        sentences,
    }
}

/// Whether a byte of ASCII text is white space as Unicode counts it, and so as
/// `str::split_whitespace` and a regex's `\s` do: tab to carriage return, and space.
/// (`u8::is_ascii_whitespace` leaves out the vertical tab.)
pub fn is_white_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `text.split_whitespace().count()`. ASCII text (most notes) is read eight bytes at a time:
/// every note of an audit is counted, and byte by byte this was a few percent of its cost.
pub fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte set exactly when the byte is white space (`is_white_space`).
    // Every byte is below 0x80, so no borrow or carry crosses into its neighbour.
    let white = |x: u64| {
        let from_tab = (x | HIGHS).wrapping_sub(ONES * u64::from(b'\t')) & HIGHS;
        let to_return = ((ONES * u64::from(b'\r')) | HIGHS).wrapping_sub(x) & HIGHS;
        let t = x ^ (ONES * u64::from(b' '));
        let space = !(((t & !HIGHS) + !HIGHS) | t | !HIGHS);
        (from_tab & to_return) | space
    };
    let mut words = 0;
    // The start of the text counts as white space: a word starts at a byte that is not white
    // space right after one that is.
    let mut before = HIGHS;
    let mut count = |chunk: [u8; 8]| {
        let white = white(u64::from_le_bytes(chunk));
        let previous = (white << 8) | (before >> 56);
        words += (!white & previous & HIGHS).count_ones() as usize;
        before = white;
    };
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in chunks.by_ref() {
        count([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
    }
    // The rest, padded with spaces, which start no word.
    let mut last = [b' '; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    count(last);
    words
}

/// Whether `text` mentions any of `terms`, comparing stems so "connecting" mentions
/// "connect". A term of several words must appear as a run of words.
pub fn mentions_any(book: &wordbook::Wordbook, text: &str, terms: &[String]) -> bool {
    let stems: Vec<String> = tokens::tokenize(text).iter().map(|t| book.stem_text(&t.word)).collect();
    terms.iter().any(|term| {
        let wanted: Vec<String> = tokens::tokenize(term).iter().map(|t| book.stem_text(&t.word)).collect();
        !wanted.is_empty() && stems.windows(wanted.len()).any(|w| w == wanted.as_slice())
    })
}

fn question_kind(tokens: &[Token], question_mark: bool) -> QuestionKind {
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let first = words.first().copied().unwrap_or("");
    if first == "why" || words.starts_with(&["how", "come"]) {
        return QuestionKind::Why;
    }
    let asks_for_story = lexicon::OPEN_REQUEST_PHRASES
        .iter()
        .any(|p| words.windows(p.len()).any(|w| w == *p));
    if asks_for_story || lexicon::OPEN_QUESTION_WORDS.contains(&first) {
        return QuestionKind::Open;
    }
    // "Don't worry" and "Do not close the window" are instructions, not questions.
    let imperative = words.starts_with(&["do", "not"]);
    if question_mark || (lexicon::QUESTION_OPENERS.contains(&first) && !imperative) {
        // "Can you tell me what you see" was handled above; "Do you know what it said?" asks
        // for a story too.
        if words.iter().skip(1).any(|w| lexicon::OPEN_QUESTION_WORDS.contains(w)) && words.contains(&"know") {
            return QuestionKind::Open;
        }
        return QuestionKind::Closed;
    }
    QuestionKind::None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "tab\tvt\x0bff\x0ccr\rnl\n",
            "café au lait",
            "a\u{a0}b",
            "eight by eight by eight",
        ] {
            assert_eq!(word_count(text), text.split_whitespace().count(), "{text:?}");
        }
        // Every ASCII byte, at every place in and across the eight-byte chunks.
        let mut seed = 7u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 58) as usize;
            let text: String = (0..len)
                .map(|i| {
                    let b = (seed >> (i % 8 * 7)) as u8 ^ (i as u8).wrapping_mul(37);
                    // Half of them white space or a neighbour of it, so words are short.
                    let b = if b & 0x80 != 0 {
                        b"\t\n\x0b\x0c\r \x08\x0e\x1f!"[usize::from(b) % 10]
                    } else {
                        b
                    };
                    char::from(b)
                })
                .collect();
            assert_eq!(word_count(&text), text.split_whitespace().count(), "{text:?}");
        }
    }

    fn kind(line: &str) -> QuestionKind {
        analyze(line).question_kind()
    }

    #[test]
    fn question_kinds() {
        assert_eq!(kind("Why do you think the Internet is down?"), QuestionKind::Why);
        assert_eq!(kind("How come it stopped?"), QuestionKind::Why);
        assert_eq!(kind("What symptoms are you seeing?"), QuestionKind::Open);
        assert_eq!(kind("Could you describe the error for me?"), QuestionKind::Open);
        assert_eq!(kind("Tell me what happens when you open a page."), QuestionKind::Open);
        assert_eq!(kind("Is the cable plugged in?"), QuestionKind::Closed);
        assert_eq!(kind("did you restart it"), QuestionKind::Closed);
        assert_eq!(kind("The printer is offline."), QuestionKind::None);
        assert_eq!(kind("Don't worry, we'll sort it out."), QuestionKind::None);
    }

    #[test]
    fn mentions_compare_stems_and_runs_of_words() {
        let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(mentions_any(
            crate::text::wordbook::shared_for_tests(),
            "User could not connect to websites.",
            &terms(&["website"])
        ));
        assert!(mentions_any(
            crate::text::wordbook::shared_for_tests(),
            "Set the adapter to DHCP",
            &terms(&["static ip", "dhcp"])
        ));
        assert!(!mentions_any(
            crate::text::wordbook::shared_for_tests(),
            "Fixed it.",
            &terms(&["dhcp", "static ip"])
        ));
        assert!(!mentions_any(
            crate::text::wordbook::shared_for_tests(),
            "the ip was static",
            &terms(&["static ip"])
        ));
    }

    #[test]
    fn several_sentences_keep_their_own_kinds() {
        let a = analyze("I'm sorry about that. What error do you see?");
        assert_eq!(a.sentences.len(), 2);
        assert_eq!(a.sentences[0].question, QuestionKind::None);
        assert_eq!(a.sentences[1].question, QuestionKind::Open);
        assert_eq!(a.question_count(), 1);
        assert_eq!(a.sentence_text(&a.sentences[1]), "What error do you see?");
    }
}
