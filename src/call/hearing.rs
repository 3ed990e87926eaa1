//! What the caller hears in a line: the intents it carries, in the order the trainee said
//! them, and its clauses, so that two questions in one line are both answered in turn and a
//! question the caller cannot answer is not dropped.

use crate::text::grammar::is_instruction;
use crate::text::intents::MIN_CLAUSE_WORDS;
use crate::text::{Analysis, Matcher, QuestionKind, analyze};

/// Intents that say only a line's form ("any open question"): they never make a clause
/// answered on their own, and they do not ask again for what the caller has said.
pub const GENERIC_INTENTS: [&str; 1] = ["ask_open"];

/// Words that, after " and ", start a new question: "What do you see, and is anyone else
/// affected?".
const QUESTION_STARTS: &[&str] = &[
    "what", "when", "where", "who", "which", "how", "is", "are", "was", "were", "did", "does", "do", "has", "have",
    "can", "could", "would", "will", "any", "anything", "anyone",
];

/// One clause of a line, read on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub intents: Vec<String>,
    /// It asks something (a question mark, or the grammar of a question) in at least three
    /// words: "Yeah?" or "Sorry?" asks nothing the caller could answer.
    pub question: bool,
    /// It asks the caller to do something ("pull the cable", "could you restart it?").
    pub instruction: bool,
    /// It also asks for something back with a question word ("run nslookup, which server
    /// answers?"), not only politely ("could you restart it?").
    pub asks_back: bool,
}

impl Clause {
    /// Whether it carries an intent beyond its form.
    pub fn is_specific(&self) -> bool {
        self.intents.iter().any(|i| !GENERIC_INTENTS.contains(&i.as_str()))
    }
}

/// A line as the caller hears it.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    /// The intents the whole line carries, in library order (what the scorer reads too).
    pub intents: Vec<String>,
    /// The line's clauses, in the order said.
    pub clauses: Vec<Clause>,
}

impl Heard {
    pub fn carries(&self, id: &str) -> bool {
        self.intents.iter().any(|i| i == id)
    }

    pub fn carries_any(&self, ids: &[String]) -> bool {
        ids.iter().any(|id| self.carries(id))
    }

    /// The line's intents in the order the trainee said them: by the first clause that carries
    /// each, then those only the whole line carries, each in library order.
    pub fn in_order(&self) -> Vec<&str> {
        let position = |id: &str| {
            self.clauses
                .iter()
                .position(|c| c.intents.iter().any(|i| i == id))
                .unwrap_or(self.clauses.len())
        };
        let mut ordered: Vec<(usize, usize, &str)> = self
            .intents
            .iter()
            .enumerate()
            .map(|(library, id)| (position(id), library, id.as_str()))
            .collect();
        ordered.sort_unstable();
        ordered.into_iter().map(|(_, _, id)| id).collect()
    }

    /// Whether any clause asks the caller to do something.
    pub fn instructs(&self) -> bool {
        self.clauses.iter().any(|c| c.instruction)
    }
}

/// Reads a line: the whole of it, and each clause when it has more than one.
pub fn hear(matcher: &Matcher, line: &str) -> Heard {
    let analysis = analyze(line);
    let intents: Vec<String> = matcher.detect(&analysis).into_iter().map(|m| m.intent).collect();
    let pieces = clause_texts(line);
    let clauses = if pieces.len() <= 1 {
        vec![Clause {
            intents: intents.clone(),
            question: asks(&analysis),
            instruction: analysis.sentences.iter().any(|s| is_instruction(&s.tokens)),
            asks_back: asks_back(&analysis),
        }]
    } else {
        pieces
            .iter()
            .map(|piece| {
                let a = analyze(piece);
                Clause {
                    intents: matcher.detect(&a).into_iter().map(|m| m.intent).collect(),
                    question: asks(&a),
                    instruction: a.sentences.iter().any(|s| is_instruction(&s.tokens)),
                    asks_back: asks_back(&a),
                }
            })
            .collect()
    };
    Heard { intents, clauses }
}

/// Whether a question word asks for something back after the sentence's first word.
fn asks_back(analysis: &Analysis) -> bool {
    const QUESTION_WORDS: &[&str] = &["what", "which", "where", "who", "whether", "how"];
    analysis.question_kind() != QuestionKind::None
        && analysis.sentences.iter().any(|s| {
            s.tokens
                .iter()
                .skip(1)
                .any(|t| QUESTION_WORDS.contains(&t.word.as_str()))
        })
}

fn asks(analysis: &Analysis) -> bool {
    let words: usize = analysis.sentences.iter().map(|s| s.tokens.len()).sum();
    analysis.question_kind() != QuestionKind::None && words >= MIN_CLAUSE_WORDS
}

/// The clauses of a line: its sentences, and within a sentence the parts joined by a
/// semicolon or by "and" before a new question. Parts under three words stay with the one
/// before ("Turn it off and on").
fn clause_texts(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for sentence in crate::text::tokens::sentence_spans(line) {
        let text = &line[sentence];
        let mut start = 0;
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let lower = text.to_lowercase();
        if lower.len() == text.len() {
            for (at, _) in lower.match_indices(" and ") {
                let next = lower[at + 5..].split_whitespace().next().unwrap_or("");
                let next = next.trim_matches(|c: char| !c.is_alphanumeric());
                if QUESTION_STARTS.contains(&next) {
                    let comma = lower[..at].ends_with(',');
                    cuts.push((at - usize::from(comma), at + 5));
                }
            }
            for (at, _) in lower.match_indices("; ") {
                cuts.push((at, at + 2));
            }
        }
        cuts.sort_unstable();
        for (end, next) in cuts {
            if end < start {
                continue;
            }
            push_clause(&mut out, &text[start..end]);
            start = next;
        }
        push_clause(&mut out, &text[start..]);
    }
    out
}

fn push_clause(out: &mut Vec<String>, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if piece.split_whitespace().count() < 3 => {
            last.push(' ');
            last.push_str(piece);
        }
        _ => out.push(piece.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::clause_texts;

    #[test]
    fn a_line_is_cut_into_its_questions() {
        assert_eq!(
            clause_texts("What do you see when you print, and is anyone else able to print?"),
            ["What do you see when you print", "is anyone else able to print?"]
        );
        assert_eq!(
            clause_texts("Hi, I'm Sam. What's the error? When did it start?"),
            ["Hi, I'm Sam.", "What's the error?", "When did it start?"]
        );
        assert_eq!(clause_texts("Turn it off and on again."), ["Turn it off and on again."]);
        assert_eq!(
            clause_texts("Pull the cable and plug it back in"),
            ["Pull the cable and plug it back in"]
        );
    }
}
