//! What grammar decides, not meaning: whether a sentence puts a "why" to the caller (wherever
//! the why stands), and where a sentence's why is, for the caret under it; which clauses of a
//! sentence assert what they say (not "I'm not asking you to reboot", not "if it's corrupted");
//! and whether a sentence asks the caller to do something.

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

/// Words that open a clause whose content is not asserted: a condition, an alternative turned
/// down, something left undone.
const UNASSERTED_OPENERS: &[&[&str]] = &[
    &["if"],
    &["unless"],
    &["in", "case"],
    &["instead", "of"],
    &["rather", "than"],
    &["without"],
    &["whether"],
];

/// Openers that turn the rest of a clause down even in mid-clause, without a comma: "let's
/// check the profile rather than reinstall", "sign in without restarting".
const MID_CLAUSE_OPENERS: &[&[&str]] = &[&["instead", "of"], &["rather", "than"], &["without"], &["unless"]];

/// Whether a sentence softens rather than attacks: it denies what it says ("I'm not going to
/// leave you waiting", "don't delete it") or reassures ("not your fault", "you did nothing
/// wrong"). A hostile act is never read in such a sentence.
pub fn softens(text: &str, tokens: &[Token]) -> bool {
    clauses(text, tokens).iter().any(|clause| {
        let words: Vec<&str> = clause.iter().map(|t| t.word.as_str()).collect();
        denies(&words) || reassures(&words)
    })
}

/// "not your fault", "nothing wrong", "no need to apologise", "not a silly question", "you
/// shouldn't have had to call twice". ("Nothing to worry about" can brush a caller off, so
/// worry is no fault word.)
fn reassures(words: &[&str]) -> bool {
    if words.windows(4).any(|w| w == ["not", "have", "had", "to"]) {
        return true;
    }
    const NEGATORS: &[&str] = &["not", "never", "no", "nothing", "nobody"];
    const FAULT_WORDS: &[&str] = &[
        "fault",
        "wrong",
        "blame",
        "mistake",
        "silly",
        "stupid",
        "daft",
        "dumb",
        "apologise",
        "apologize",
    ];
    words
        .iter()
        .enumerate()
        .any(|(i, w)| NEGATORS.contains(w) && words[i + 1..].iter().take(4).any(|next| FAULT_WORDS.contains(next)))
}

/// Words that deny a clause.
const NEGATIONS: &[&str] = &["not", "never"];

/// Verbs that, after a negation, assert after all: "don't forget to restart it".
const NEGATED_BUT_ASSERTED: &[&str] = &["forget", "hesitate"];

/// Words that join two clauses of one sentence (commas and semicolons join them too).
const CLAUSE_JOINERS: &[&str] = &["but", "so", "then", "although", "though"];

/// The tokens of a sentence that belong to clauses asserting what they say: a clause that is
/// denied ("I'm not going to ask you to reboot again"), a condition standing alone ("if the
/// profile turns out to be corrupted") or an alternative turned down ("instead of reinstalling
/// it") is left out, and so are the words that join clauses. `text` is the text the tokens' spans point into.
/// Suggestions worded as questions stay in ("why not restart it?", "why don't you restart
/// it?"): they ask for the thing.
pub fn asserted_tokens<'t>(text: &str, tokens: &'t [Token]) -> Vec<&'t Token> {
    let mut main: Vec<&Token> = Vec::with_capacity(tokens.len());
    let mut conditions: Vec<&Token> = Vec::new();
    for clause in clauses(text, tokens) {
        // "...rather than restarting it again": what follows a mid-clause opener is not
        // asserted either.
        let clause = match (1..clause.len()).find(|&i| {
            let words: Vec<&str> = clause[i..].iter().map(|t| t.word.as_str()).collect();
            MID_CLAUSE_OPENERS.iter().any(|o| words.starts_with(o))
        }) {
            Some(cut) => &clause[..cut],
            None => clause,
        };
        let words: Vec<&str> = clause.iter().map(|t| t.word.as_str()).collect();
        let opener = words
            .iter()
            .position(|w| !matches!(*w, "and" | "or" | "just" | "so" | "but"))
            .unwrap_or(0);
        let condition = CONDITION_OPENERS.iter().any(|o| words[opener..].starts_with(o));
        let turned_down = !condition && UNASSERTED_OPENERS.iter().any(|o| words[opener..].starts_with(o));
        let suggestion = words.starts_with(&["why", "not"]) || words.starts_with(&["why", "do", "not"]);
        let denied = !suggestion && denies(&words[opener..]);
        if !turned_down && !denied {
            let words = clause.iter().filter(|t| !CLAUSE_JOINERS.contains(&t.word.as_str()));
            if condition {
                conditions.extend(words);
            } else {
                main.extend(words);
            }
        }
    }
    // A condition qualifies the act of the clause it belongs to ("if her manager approves it,
    // I can give you access"), so it counts with one; on its own ("if the profile turns out
    // to be corrupted") it asserts nothing.
    if !main.is_empty() {
        main.extend(conditions);
        main.sort_by_key(|t| t.span.start);
    }
    main
}

/// Openers of a condition: kept with the clause it qualifies, dropped when it stands alone.
const CONDITION_OPENERS: &[&[&str]] = &[&["if"], &["in", "case"], &["whether"]];

/// Whether a clause's words deny what it asks for or offers: "don't unplug it", "never
/// mind the cable", "I'm not going to ask you to reboot", "you don't need to restart", "no need
/// to". A negation elsewhere is part of what is said and denies nothing: "pick a password you
/// haven't used before", "the credentials don't match".
fn denies(words: &[&str]) -> bool {
    let negation_at = |i: usize| {
        words.get(i).is_some_and(|w| NEGATIONS.contains(w))
            && !words.get(i + 1).is_some_and(|next| NEGATED_BUT_ASSERTED.contains(next))
    };
    let start = usize::from(words.first() == Some(&"please"));
    let imperative = negation_at(start) || (words.get(start) == Some(&"do") && negation_at(start + 1));
    let speaker = (0..words.len()).any(|i| {
        matches!(words[i], "i" | "we" | "you")
            && words.get(i + 1).is_some_and(|aux| DENYING_AUXILIARIES.contains(aux))
            && negation_at(i + 2)
    });
    imperative || speaker || words.windows(2).any(|w| w == ["no", "need"])
}

/// Auxiliaries after which a speaker's "not" denies the act: "I am not", "we will not", "you
/// do not need to". ("You have not used" describes, and is left alone.)
/// ("You should not have clicked it" reproaches, and is left alone too.)
const DENYING_AUXILIARIES: &[&str] = &["am", "are", "do", "will", "would", "shall", "need", "can", "could"];

/// A sentence's tokens cut into clauses at commas, semicolons, colons, dashes and the words in
/// [`CLAUSE_JOINERS`].
fn clauses<'t>(text: &str, tokens: &'t [Token]) -> Vec<&'t [Token]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..tokens.len() {
        let between = text.get(tokens[i - 1].span.end..tokens[i].span.start).unwrap_or("");
        let punctuated = between.contains([',', ';', ':', '\u{2014}', '\u{2013}']) || between.contains(" - ");
        if punctuated || CLAUSE_JOINERS.contains(&tokens[i].word.as_str()) {
            out.push(&tokens[start..i]);
            start = i;
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out
}

/// Words a sentence may start with before its verb without changing what it asks:
/// "Okay, now just restart it", "Right, so could you...".
const LEAD_INS: &[&str] = &[
    "ok", "okay", "right", "alright", "so", "now", "then", "please", "just", "first", "next", "great", "good",
    "perfect", "lovely", "cool", "and", "also", "finally", "quickly", "maybe", "actually", "thanks", "thank", "you",
    "cheers", "mate", "sure", "yes", "yeah", "no", "well", "hmm", "um", "erm",
];

/// Polite frames that ask the listener to do what follows: "could you", "I need you to",
/// "go ahead and", "let's".
const REQUEST_FRAMES: &[&[&str]] = &[
    &["can", "you"],
    &["could", "you"],
    &["would", "you"],
    &["will", "you"],
    &["can", "we"],
    &["could", "we"],
    &["would", "you", "mind"],
    &["i", "need", "you", "to"],
    &["i", "want", "you", "to"],
    &["i", "would", "like", "you", "to"],
    &["i", "will", "need", "you", "to"],
    &["i", "am", "going", "to", "need", "you", "to"],
    &["go", "ahead", "and"],
    &["let", "us"],
    &["try", "to"],
    &["try", "and"],
    &["if", "you", "could"],
    &["do", "me", "a", "favour", "and"],
    &["do", "me", "a", "favor", "and"],
];

/// Verbs that ask the caller to do something to the machine or the call, rather than to tell
/// something. Verbs that mostly ask for patience or make promises ("leave it with me", "keep
/// your team on paper", "give me a minute", "wait there") are not among them: the caller has
/// nothing to do and report. An instruction the scenario does not script gets done and reported on; a
/// request to tell ("tell me", "read me") is a question and is answered as one.
const ACTION_VERBS: &[&str] = &[
    "restart",
    "reboot",
    "reset",
    "unplug",
    "plug",
    "pull",
    "push",
    "press",
    "click",
    "tap",
    "hit",
    "open",
    "close",
    "quit",
    "exit",
    "connect",
    "disconnect",
    "reconnect",
    "turn",
    "switch",
    "swap",
    "move",
    "log",
    "sign",
    "type",
    "enter",
    "select",
    "choose",
    "pick",
    "go",
    "head",
    "navigate",
    "use",
    "run",
    "install",
    "uninstall",
    "reinstall",
    "update",
    "upgrade",
    "clear",
    "delete",
    "remove",
    "insert",
    "reseat",
    "power",
    "shut",
    "hold",
    "change",
    "set",
    "print",
    "send",
    "forward",
    "lock",
    "unlock",
    "join",
    "try",
    "retry",
    "drag",
    "scroll",
    "right",
    "double",
    "launch",
    "start",
    "stop",
    "kill",
    "refresh",
    "reload",
    "flush",
    "empty",
    "save",
    "upload",
    "download",
    "attach",
    "detach",
    "dock",
    "undock",
    "charge",
    "put",
    "take",
    "grab",
    "accept",
    "enable",
    "disable",
    "toggle",
    "check",
    "rename",
    "copy",
    "paste",
    "forget",
    "pair",
    "unpair",
    "wipe",
    "jiggle",
    "wiggle",
    "replace",
    "tighten",
    "loosen",
    "point",
    "browse",
    "visit",
    "search",
    "find",
    "login",
    "logout",
];

/// Whether a sentence asks the listener to do something (an imperative, or a polite request
/// such as "Could you pull the cable for me?"), and not only to tell something.
pub fn is_instruction(tokens: &[Token]) -> bool {
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let mut i = 0;
    while i < words.len() && LEAD_INS.contains(&words[i]) {
        // "thank you" and "could you" share "you": stop at a frame.
        if REQUEST_FRAMES.iter().any(|f| words[i..].starts_with(f)) {
            break;
        }
        i += 1;
    }
    if let Some(frame) = REQUEST_FRAMES.iter().find(|f| words[i..].starts_with(f)) {
        i += frame.len();
        while i < words.len() && matches!(words[i], "please" | "just" | "quickly" | "now" | "also" | "first") {
            i += 1;
        }
    }
    match (words.get(i), words.get(i + 1)) {
        // "Give it another go" asks; "give me a minute" asks for patience.
        (Some(&"give"), Some(next)) => !matches!(*next, "me" | "us"),
        // "Have another go", "have a look"; not "have you tried...?".
        (Some(&"have"), Some(next)) => matches!(*next, "a" | "another"),
        (Some(verb), _) => ACTION_VERBS.contains(verb),
        (None, _) => false,
    }
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

    fn asserted(line: &str) -> String {
        let tokens = tokenize(line);
        asserted_tokens(line, &tokens)
            .iter()
            .map(|t| t.word.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn denied_and_conditional_clauses_assert_nothing() {
        assert_eq!(asserted("I'm not going to ask you to reboot again."), "");
        assert_eq!(
            asserted("If that doesn't work, restart it."),
            "if that does not work restart it"
        );
        assert_eq!(
            asserted("If her manager approves it, I can give you access."),
            "if her manager approves it i can give you access"
        );
        assert_eq!(
            asserted("Instead of reinstalling it, let's clear the cache."),
            "let us clear the cache"
        );
        assert_eq!(asserted("Don't worry, I'll reset it now."), "i will reset it now");
        assert_eq!(asserted("No need to unplug anything"), "");
        assert_eq!(asserted("if the profile turns out to be corrupted"), "");
    }

    #[test]
    fn suggestions_and_double_negatives_still_assert() {
        assert_eq!(asserted("Why not restart it?"), "why not restart it");
        assert_eq!(asserted("Don't forget to restart it."), "do not forget to restart it");
        assert_eq!(asserted("Restart it and try again"), "restart it and try again");
        assert_eq!(
            asserted("Pick a password you haven't used before"),
            "pick a password you have not used before",
            "a negation that describes denies nothing"
        );
        assert_eq!(asserted("The credentials don't match"), "the credentials do not match");
        assert_eq!(
            asserted("Let's check the profile rather than restarting Outlook again"),
            "let us check the profile"
        );
    }

    #[test]
    fn denials_and_reassurances_soften() {
        let softens = |line: &str| softens(line, &tokenize(line));
        for line in [
            "I'm not going to just log a ticket and leave you waiting.",
            "Don't forward or delete it, leave it be.",
            "It's not your fault at all.",
            "You did nothing wrong.",
            "You're not stupid at all.",
        ] {
            assert!(softens(line), "{line}");
        }
        assert!(softens("You shouldn't have had to call twice."));
        for line in [
            "That was careless of you.",
            "You must have changed something.",
            "Calm down.",
            "You shouldn't click on links like that.",
            "It's probably nothing to worry about.",
        ] {
            assert!(!softens(line), "{line}");
        }
    }

    fn instruction(line: &str) -> bool {
        is_instruction(&tokenize(line))
    }

    #[test]
    fn imperatives_and_polite_requests_are_instructions() {
        for line in [
            "Pull the cable and try again.",
            "Could you switch the printer to the other tray for me?",
            "Okay, now just restart it.",
            "Use the new portal address instead.",
            "I need you to unplug the dock.",
            "Let's try a test page.",
            "Right, can you please open Settings?",
            "Could you give it another go for me?",
            "Have another go now.",
        ] {
            assert!(instruction(line), "{line}");
        }
    }

    #[test]
    fn questions_and_statements_are_not_instructions() {
        for line in [
            "Anything in the USB ports?",
            "Could you tell me what the error says?",
            "What do you see on the screen?",
            "I'm sorry about the wait.",
            "Thank you for holding.",
            "Did you restart it?",
            "Give me a minute to check.",
            "Have you tried restarting it?",
            "Leave it with me.",
        ] {
            assert!(!instruction(line), "{line}");
        }
    }
}
