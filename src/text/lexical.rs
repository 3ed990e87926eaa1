//! Lexical intent matching, for intents known only by a few examples (a scenario's own): which
//! of them a sentence carries, by the concepts it shares with an example. The built-in intents
//! are read by the trained heads instead (see `intents`).
//!
//! Each intent is known by example phrasings. A sentence carries an intent when it covers most
//! of the meaning of one of its examples: the concepts (synonym groups or stems, typos
//! corrected) of the example, weighted by how rare each concept is across the library, so that
//! "error" counts for more than "you". Word order does not matter and extra words do not hurt,
//! which is what lets a trainee use their own words. Every sentence of a line is matched on its
//! own, so one line can carry several intents.

use std::collections::HashMap;

use serde::Serialize;

use super::concepts::{NAME_CONCEPT, Vocabulary, concepts_in, is_function_word, looks_like_name};
use super::grammar::{asserted_tokens, is_instruction};
use super::intents::{Form, IntentSpec};
use super::tokens::{Token, tokenize};
use super::wordbook::Wordbook;
use super::{Analysis, QuestionKind, Sentence};

/// Share of an example's weighted meaning a sentence must cover to carry its intent. Measured
/// on the paraphrase tests in the scenario library: lower lets unrelated lines in, higher
/// misses natural rewordings.
pub const MATCH_THRESHOLD: f64 = 0.7;

/// Weight of a function word ("what", "you", "do"), against about 1 to 3.5 for a content word.
const FUNCTION_WORD_WEIGHT: f64 = 0.25;

/// Weight of a bare person's name: it says that someone is named, not what is said about them,
/// so it must not count like a rare word ("Hi Maria" is no introduction).
const NAME_WEIGHT: f64 = 1.0;

/// One intent found in a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LexicalMatch {
    pub intent: String,
    /// Share of the best example's meaning covered, 0 to 1.
    pub score: f64,
    /// Index of the sentence that carries it.
    pub sentence: usize,
    /// The example it matched best (empty for intents matched by form alone).
    pub example: String,
}

#[derive(Debug)]
struct CompiledIntent {
    id: String,
    form: Form,
    examples: Vec<CompiledExample>,
}

#[derive(Debug)]
struct CompiledExample {
    text: String,
    concepts: Vec<String>,
    /// Whether lines are matched against it. The built-in library's examples of an intent the
    /// heads read (those before the spec's `library_examples`) only shape the vocabulary and the
    /// weights, as they always have, so a scenario's own examples score as they did.
    matched: bool,
    /// Whether the example itself denies or supposes ("I can't give out her password"): then
    /// a line is matched against it whole, denials included. Any other example is matched
    /// only against the clauses of a line that assert what they say (see
    /// `grammar::asserted_tokens`), so "I'm not asking you to reboot" is no request to reboot.
    denies: bool,
}

/// A compiled intent library.
#[derive(Debug)]
pub struct LexicalMatcher {
    intents: Vec<CompiledIntent>,
    vocabulary: Vocabulary,
    weights: HashMap<String, f64>,
}

impl LexicalMatcher {
    pub fn new<'a>(book: &Wordbook, specs: impl IntoIterator<Item = IntentSpec<'a>>) -> LexicalMatcher {
        let mut vocabulary = Vocabulary::new(book);
        let specs: Vec<IntentSpec<'a>> = specs.into_iter().collect();
        for spec in &specs {
            for example in spec.examples {
                let tokens = tokenize(example);
                for (i, token) in tokens.iter().enumerate() {
                    // "my name is Alex": Alex stands for any name, so it is no word to correct to.
                    if !looks_like_name(book, example, &tokens, i, None) {
                        vocabulary.add(book, &token.word);
                    }
                }
            }
        }
        let intents: Vec<CompiledIntent> = specs
            .iter()
            .map(|spec| CompiledIntent {
                id: spec.id.to_owned(),
                form: spec.form,
                examples: spec
                    .examples
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let tokens = tokenize(e);
                        CompiledExample {
                            text: e.clone(),
                            concepts: concepts_in(book, e, &tokens, Some(&vocabulary)),
                            matched: i >= spec.library_examples,
                            denies: asserted_tokens(e, &tokens).len() < tokens.len(),
                        }
                    })
                    .filter(|e| !e.concepts.is_empty())
                    .collect(),
            })
            .collect();
        // Inverse document frequency, with each intent as a document.
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for intent in &intents {
            let mut seen: Vec<&str> = intent
                .examples
                .iter()
                .flat_map(|e| e.concepts.iter().map(String::as_str))
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for concept in seen {
                *frequency.entry(concept).or_default() += 1;
            }
        }
        let n = intents.len().max(1) as f64;
        let weights = frequency
            .into_iter()
            .map(|(c, df)| (c.to_owned(), (1.0 + n / df as f64).ln()))
            .collect();
        LexicalMatcher {
            intents,
            vocabulary,
            weights,
        }
    }

    /// The intents the line carries, each once (from its best sentence), in library order.
    pub fn detect(&self, book: &Wordbook, analysis: &Analysis) -> Vec<LexicalMatch> {
        self.scores(book, analysis)
            .into_iter()
            .filter(|m| m.score >= MATCH_THRESHOLD)
            .collect()
    }

    /// How close the line comes to each intent, matched or not: for every intent that a
    /// sentence of the right form scores above zero, its best score. For tuning examples.
    pub fn scores(&self, book: &Wordbook, analysis: &Analysis) -> Vec<LexicalMatch> {
        if !self.intents.iter().any(|i| i.examples.iter().any(|e| e.matched)) {
            return Vec::new();
        }
        let per_sentence = self.sentence_concepts(book, analysis);
        let asserted = self.asserted_concepts(book, analysis);
        let mut found = Vec::new();
        for intent in &self.intents {
            let mut best: Option<LexicalMatch> = None;
            for (index, sentence) in analysis.sentences.iter().enumerate() {
                if !form_fits(intent.form, sentence) {
                    continue;
                }
                let (score, example) = if intent.form.stands_alone() && intent.examples.is_empty() {
                    (1.0, String::new())
                } else {
                    self.best_example(book, intent, &per_sentence[index], &asserted[index])
                };
                if score > 0.0 && best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(LexicalMatch {
                        intent: intent.id.clone(),
                        score,
                        sentence: index,
                        example,
                    });
                }
            }
            found.extend(best);
        }
        found
    }

    /// The concepts of each sentence of the line, as matching sees them.
    pub fn sentence_concepts(&self, book: &Wordbook, analysis: &Analysis) -> Vec<Vec<String>> {
        analysis
            .sentences
            .iter()
            .map(|s| concepts_in(book, &analysis.text, &s.tokens, Some(&self.vocabulary)))
            .collect()
    }

    /// The concepts of the clauses of each sentence that assert what they say.
    fn asserted_concepts(&self, book: &Wordbook, analysis: &Analysis) -> Vec<Vec<String>> {
        analysis
            .sentences
            .iter()
            .map(|s| {
                let kept: Vec<Token> = asserted_tokens(&analysis.text, &s.tokens)
                    .into_iter()
                    .cloned()
                    .collect();
                concepts_in(book, &analysis.text, &kept, Some(&self.vocabulary))
            })
            .collect()
    }

    /// The concepts of an example of the library, as matching sees them.
    pub fn example_concepts(&self, book: &Wordbook, example: &str) -> Vec<String> {
        concepts_in(book, example, &tokenize(example), Some(&self.vocabulary))
    }

    fn best_example(
        &self,
        book: &Wordbook,
        intent: &CompiledIntent,
        whole: &[String],
        asserted: &[String],
    ) -> (f64, String) {
        let mut best = (0.0, String::new());
        for compiled in intent.examples.iter().filter(|e| e.matched) {
            let (text, example) = (&compiled.text, &compiled.concepts);
            let sentence = if compiled.denies { whole } else { asserted };
            let total: f64 = example.iter().map(|c| self.weight(book, c)).sum();
            let covered: f64 = example
                .iter()
                .filter(|c| sentence.contains(c))
                .map(|c| self.weight(book, c))
                .sum();
            let score = if total > 0.0 { covered / total } else { 0.0 };
            if score > best.0 {
                best = (score, text.clone());
            }
        }
        best
    }

    /// How much a concept counts when it is in an example.
    pub fn weight(&self, book: &Wordbook, concept: &str) -> f64 {
        if is_function_word(book, concept) {
            return FUNCTION_WORD_WEIGHT;
        }
        if concept == NAME_CONCEPT {
            return NAME_WEIGHT;
        }
        // A concept no example uses cannot be in an example; the default only guards division.
        self.weights.get(concept).copied().unwrap_or(1.0)
    }

    /// Whether the library knows an intent by this id.
    pub fn knows(&self, id: &str) -> bool {
        self.intents.iter().any(|i| i.id == id)
    }
}

fn form_fits(form: Form, sentence: &Sentence) -> bool {
    match form {
        Form::Any => true,
        Form::Question => sentence.question != QuestionKind::None,
        Form::Statement => sentence.question == QuestionKind::None,
        Form::OpenQuestion => sentence.question == QuestionKind::Open,
        Form::WhyQuestion => sentence.question == QuestionKind::Why,
        Form::Instruction => is_instruction(&sentence.tokens),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn library() -> LexicalMatcher {
        let symptoms: Vec<String> = ["what error do you see", "what happens when you open a website"]
            .map(String::from)
            .into();
        let sorry: Vec<String> = [
            "I'm sorry you're dealing with this",
            "I understand how frustrating this is",
            "I'm so sorry about all this",
        ]
        .map(String::from)
        .into();
        let open: Vec<String> = Vec::new();
        LexicalMatcher::new(
            crate::text::wordbook::shared_for_tests(),
            [
                spec("ask_symptoms", Form::Question, &symptoms),
                spec("empathize", Form::Statement, &sorry),
                spec("ask_open", Form::OpenQuestion, &open),
            ],
        )
    }

    /// A scenario-style intent: every example is the scenario's own.
    fn spec<'a>(id: &'a str, form: Form, examples: &'a [String]) -> IntentSpec<'a> {
        IntentSpec {
            id,
            form,
            examples,
            library_examples: 0,
            hostile: false,
        }
    }

    fn ids(m: &LexicalMatcher, line: &str) -> Vec<String> {
        m.detect(crate::text::wordbook::shared_for_tests(), &analyze(line))
            .into_iter()
            .map(|i| i.intent)
            .collect()
    }

    #[test]
    fn one_line_carries_several_intents() {
        assert_eq!(
            ids(&library(), "I'm sorry about that. What error do you see?"),
            ["ask_symptoms", "empathize", "ask_open"]
        );
    }

    #[test]
    fn word_order_synonyms_and_typos_do_not_matter() {
        let m = library();
        assert_eq!(
            ids(&m, "Which eror message are you seeing?"),
            ["ask_symptoms", "ask_open"]
        );
        assert_eq!(ids(&m, "this must be so frustrating, I understand"), ["empathize"]);
    }

    #[test]
    fn form_keeps_questions_and_statements_apart() {
        assert!(ids(&library(), "Do you understand how frustrating this is for me?").is_empty());
    }

    #[test]
    fn a_name_matches_any_name_but_only_as_an_introduction() {
        let introduce: Vec<String> = ["my name is Alex", "this is Sam from the help desk"]
            .map(String::from)
            .into();
        let sorry: Vec<String> = ["I'm sorry you're dealing with this"].map(String::from).into();
        let m = LexicalMatcher::new(
            crate::text::wordbook::shared_for_tests(),
            [
                spec("introduce", Form::Any, &introduce),
                spec("empathize", Form::Statement, &sorry),
            ],
        );
        assert_eq!(ids(&m, "Hi, I'm Dana."), ["introduce"]);
        assert_eq!(ids(&m, "You've reached Priya on the service desk."), ["introduce"]);
        assert_eq!(ids(&m, "Maria, I'm sorry you're dealing with this."), ["empathize"]);
        assert!(ids(&m, "What's your name?").is_empty());
    }

    #[test]
    fn unrelated_lines_match_nothing() {
        let m = library();
        assert!(ids(&m, "Let me reset your password.").is_empty());
        assert!(ids(&m, "The printer needs toner.").is_empty());
    }
}
