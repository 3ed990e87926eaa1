//! What grammar decides, not meaning: whether a sentence puts a "why" to the caller (wherever
//! the why stands), and where a sentence's why is, for the caret under it.

use std::ops::Range;

use super::tokens::Token;

/// Words that, after "why", make a suggestion rather than a question: "why don't you try the
/// other port", "why not restart it".
const SUGGESTION_AFTER_WHY: &[&[&str]] = &[&["do", "not", "you"], &["do", "not", "we"], &["not"], &["dont"]];

/// Words before "why" that make it the object of a statement, not a question: "I see why",
/// "that's why", "no idea why".
const EMBEDDING_BEFORE_WHY: &[&str] = &[
    "know",
    "see",
    "understand",
    "wonder",
    "idea",
    "explains",
    "explain",
    "reason",
    "that",
    "is",
    "which",
    "sure",
    "tell",
    "shows",
    "clear",
    "figure",
    "find",
    "out",
    "guess",
    "why",
];

/// Phrases that ask a why without the word: each as words after contraction expansion.
const WHY_PHRASES: &[&[&str]] = &[
    &["how", "come"],
    &["what", "possessed", "you"],
    &["what", "made", "you"],
    &["what", "is", "the", "reason"],
    &["what", "was", "the", "reason"],
    &["for", "what", "reason"],
    &["what", "was", "the", "thinking"],
    &["what", "were", "you", "thinking"],
    &["what", "on", "earth", "made", "you"],
    &["what", "on", "earth", "possessed", "you"],
];

/// Whether the tokens of one sentence put a why to the listener, and if so the span of the
/// words that do. `question_mark`: the sentence ends with one. A why at the start of a
/// sentence asks even without a question mark ("why did you unplug it"); elsewhere, it asks
/// only in a question ("Out of interest, why'd you move the dock?").
pub fn why_question(tokens: &[Token], question_mark: bool) -> Option<Range<usize>> {
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    for (i, word) in words.iter().enumerate() {
        let at_start = i == 0 || is_clause_opener(&words[..i]);
        if *word == "why" {
            let rest = &words[i + 1..];
            if SUGGESTION_AFTER_WHY.iter().any(|s| rest.starts_with(s)) {
                continue;
            }
            let embedded = i > 0 && EMBEDDING_BEFORE_WHY.contains(&words[i - 1]);
            // "Why?" alone, or a why that opens its clause, or any why in a question that is
            // not the object of "know", "see"...
            if (at_start || question_mark) && !embedded {
                return Some(tokens[i].span.clone());
            }
        }
        for phrase in WHY_PHRASES {
            if words[i..].starts_with(phrase) && (at_start || question_mark) {
                let end = tokens[i + phrase.len() - 1].span.end;
                return Some(tokens[i].span.start..end);
            }
        }
    }
    None
}

/// Whether the words before a position end in something after which a new clause starts:
/// "so", "and", "but", "ok", "right", "out of interest", "just wondering"... The tokens carry no
/// commas, so this reads the words.
fn is_clause_opener(before: &[&str]) -> bool {
    matches!(
        before.last().copied(),
        Some(
            "so" | "and"
                | "but"
                | "ok"
                | "okay"
                | "right"
                | "well"
                | "then"
                | "interest"
                | "curious"
                | "wondering"
                | "um"
                | "uh"
                | "erm"
                | "honestly"
                | "seriously"
                | "mate"
                | "sir"
                | "madam"
        )
    ) || before.len() <= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn why(line: &str) -> Option<String> {
        let tokens = tokenize(line);
        why_question(&tokens, line.trim_end().ends_with('?')).map(|s| line[s].to_owned())
    }

    #[test]
    fn a_why_anywhere_in_a_question_is_a_why_question() {
        assert_eq!(why("Why is the Internet down?").as_deref(), Some("Why"));
        assert_eq!(
            why("Out of interest, why'd you move the dock?").as_deref(),
            Some("why'd")
        );
        assert_eq!(why("How come you didn't call earlier?").as_deref(), Some("How come"));
        assert_eq!(
            why("And what possessed you to click it?").as_deref(),
            Some("what possessed you")
        );
        assert_eq!(why("why did u unplug it").as_deref(), Some("why"));
    }

    #[test]
    fn suggestions_and_statements_with_why_are_not() {
        assert_eq!(why("Why don't you try the other USB port?"), None);
        assert_eq!(why("Why not restart it?"), None);
        assert_eq!(why("I can see why that's annoying."), None);
        assert_eq!(why("That's why the printer is offline."), None);
        assert_eq!(why("Do you know why it stopped?"), None);
    }
}
