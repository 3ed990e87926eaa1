//! Language analysis of what the trainee says: sentences, tokens, stems, question kinds and the
//! intents a line carries. Pure functions over text; no I/O, no scenario knowledge.

pub mod concepts;
pub mod details;
pub mod intents;
pub mod lexicon;
pub mod markers;
pub mod phrases;
pub mod politeness;
pub mod profile;
pub mod tokens;

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

/// Whether `text` mentions any of `terms`, comparing stems so "connecting" mentions
/// "connect". A term of several words must appear as a run of words.
pub fn mentions_any(text: &str, terms: &[String]) -> bool {
    let stems: Vec<String> = tokens::tokenize(text).iter().map(|t| concepts::stem(&t.word)).collect();
    terms.iter().any(|term| {
        let wanted: Vec<String> = tokens::tokenize(term).iter().map(|t| concepts::stem(&t.word)).collect();
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
            "User could not connect to websites.",
            &terms(&["website"])
        ));
        assert!(mentions_any("Set the adapter to DHCP", &terms(&["static ip", "dhcp"])));
        assert!(!mentions_any("Fixed it.", &terms(&["dhcp", "static ip"])));
        assert!(!mentions_any("the ip was static", &terms(&["static ip"])));
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
