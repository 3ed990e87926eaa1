//! Word lists that matching relies on: words too common to carry meaning, the words that open a
//! question, and groups of words that mean the same thing on a help-desk call.
//!
//! Synonym groups are what let "What's the problem?" match an example that says "What is the
//! issue?". A group's first word is its name; every word in it (and its stem) maps to that name.

/// Words that say nothing about what a line means; matching ignores them.
pub const FILLER_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "um",
    "uh",
    "oh",
    "okay",
    "ok",
    "well",
    "so",
    "just",
    "really",
    "very",
    "please",
    "yeah",
    "yes",
    "alright",
    "bit",
    "little",
    "like",
    "currently",
    "basically",
    "actually",
    "quick",
    "real",
];

/// Words that shape a sentence's meaning only together with others ("what did you do to it"):
/// matching counts them, but weakly, so they never carry a match alone.
pub const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is", "am", "are", "was", "were", "be",
    "been", "being", "do", "does", "did", "doing", "it", "its", "this", "that", "these", "those", "there", "here",
    "then", "now", "also", "too", "some", "any", "about", "up", "out", "into", "over", "me", "my", "us", "our", "we",
    "i", "would", "will", "shall", "let", "could", "can", "may", "might", "right", "go", "going", "gonna", "get",
    "got", "as", "if", "all", "one", "thing", "things", "again", "have", "has", "had", "your", "you", "what", "when",
    "where", "who", "which", "how", "should", "must", "after", "but", "than",
];

/// Concepts that imply a broader one: trying again is trying too, so "then we'll try again"
/// still says "then we'll test it".
pub const BROADER: &[(&str, &str)] = &[("try again", "try")];

/// Words a synonym phrase may step over (besides filler words), so that "turn it off and on"
/// and "switch that off" find the phrases "turn off and on" and "switch off".
pub const PHRASE_GAP_WORDS: &[&str] = &["it", "this", "that", "them"];

/// First words that make a sentence a question even without a question mark.
pub const QUESTION_OPENERS: &[&str] = &[
    "what", "when", "where", "who", "whom", "which", "why", "how", "is", "are", "was", "were", "do", "does", "did",
    "can", "could", "would", "will", "should", "have", "has", "had", "may", "shall", "might", "any", "anything",
];

/// Question words that open an open question.
pub const OPEN_QUESTION_WORDS: &[&str] = &["what", "when", "where", "who", "whom", "which", "how"];

/// Requests that ask the caller to tell a story, phrased as statements or closed questions:
/// "Tell me what happened", "Could you describe the error?".
pub const OPEN_REQUEST_PHRASES: &[&[&str]] = &[
    &["tell", "me"],
    &["describe"],
    &["walk", "me", "through"],
    &["explain"],
    &["talk", "me", "through"],
    &["read", "me"],
    &["show", "me"],
];

/// Groups of words used interchangeably on a support call. Keep groups narrow: two words belong
/// together only when swapping them never changes what the trainee is asking.
#[rustfmt::skip]
pub const SYNONYMS: &[&[&str]] = &[
    &["problem", "issue", "trouble", "fault", "glitch", "difficulty", "snag"],
    &["error", "message", "warning", "popup", "pop-up", "alert", "notification", "prompt"],
    &["see", "seeing", "show", "showing", "display", "displaying", "appear", "appearing", "say", "saying", "read", "reading", "notice", "noticing"],
    &["happen", "happening", "occur", "occurring", "going on"],
    &["start", "begin", "began", "begun", "started", "first"],
    &["change", "changed", "different", "modify", "modified", "alter", "altered", "swap", "swapped", "switch", "switched", "replace", "replaced", "move", "moved", "install", "installed", "update", "updated", "new"],
    &["recent", "recently", "lately", "yesterday", "before", "earlier", "prior"],
    &["broken", "down", "dead", "stopped", "fail", "failing", "failed", "crash", "crashed", "crashing", "died"],
    &["work", "working", "works", "worked", "function", "functioning", "go through"],
    &["anyone", "anybody", "someone", "somebody", "colleague", "colleagues", "coworker", "coworkers", "co-worker", "others", "other", "everyone", "everybody", "people", "team", "teammate", "neighbour", "neighbor"],
    &["sorry", "apologize", "apologise", "apologies", "apology", "regret"],
    &["understand", "appreciate", "imagine", "hear", "see how"],
    &["frustrating", "frustrated", "annoying", "annoyed", "stressful", "stressed", "upset", "angry", "mad", "irritating", "irritated", "aggravating", "infuriating", "maddening", "awful", "nightmare"],
    &["help", "assist", "support", "sort"],
    &["fix", "fixed", "solve", "solved", "resolve", "resolved", "repair", "repaired", "sorted", "working again", "get it working", "got it working"],
    &["name", "called"],
    // Saying who you are: a name (see `concepts::NAME_CONCEPT`) after words that introduce it.
    &["my name is <name>", "i am <name>", "this is <name>", "<name> here", "<name> speaking", "you are speaking with <name>", "you are speaking to <name>", "you are talking to <name>", "you are through to <name>", "you have reached <name>"],
    &["verify", "confirm", "check", "validate", "make sure", "double-check", "look at", "have a look at", "take a look at"],
    &["computer", "pc", "laptop", "machine", "desktop", "device", "workstation", "notebook"],
    &["internet", "web", "online", "network", "connection", "connectivity"],
    &["website", "websites", "site", "sites", "page", "pages", "browser", "google"],
    &["email", "e-mail", "mail", "emails", "outlook", "inbox"],
    &["exactly", "precisely", "specifically"],
    &["screen", "monitor", "display screen"],
    &["try", "attempt", "test"],
    &["try again", "test again", "retry", "retest", "give another try", "give another go", "try once more"],
    &["on your side", "on your end", "at your end", "at your side", "from your side", "from your end"],
    &["wait", "hold", "moment", "second", "sec"],
    &["thanks", "thank", "thx", "cheers", "grateful"],
    &["hello", "hi", "hey", "morning", "afternoon", "evening", "greetings"],
    &["restart", "reboot", "turn off and on", "switch off and on", "turn off and back on", "switch off and back on", "power cycle", "switch off"],
    &["switch on", "turn on", "power on"],
    &["password", "passcode", "passphrase", "pin", "credentials", "login", "log-in", "sign-in"],
    &["locked", "lockout", "locked out", "blocked", "disabled"],
    &["identity", "who you are", "id", "employee number", "badge"],
    &["employee", "staff"],
    &["printer", "copier", "print", "printing", "copies", "copy", "photocopier"],
    &["soon", "shortly", "quickly", "asap", "fast"],
    &["few", "couple", "couple of", "several"],
    &["tell", "told", "let me know", "inform"],
    // Handing back what the caller said.
    &["you are saying", "you are telling me", "you said", "you told me", "you mentioned"],
    &["long", "minutes", "minute", "hours", "timeframe", "time frame", "how long"],
    &["escalate", "escalating", "escalation", "transfer", "forward", "specialist", "second-line", "tier"],
    &["else", "further", "additional", "anything else", "more"],
    &["anything", "something"],
    &["calm down", "settle down", "relax", "chill out", "take a breath", "chill"],
    &["your fault", "you should have", "you must have", "did you even"],
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_word_belongs_to_two_groups() {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for group in SYNONYMS {
            for word in *group {
                if let Some(other) = seen.insert(word, group[0]) {
                    panic!("`{word}` is in the groups `{other}` and `{}`", group[0]);
                }
            }
        }
    }

    #[test]
    fn phrases_keep_two_words_besides_gap_words() {
        let gap = |w: &str| FILLER_WORDS.contains(&w) || PHRASE_GAP_WORDS.contains(&w);
        for entry in SYNONYMS.iter().flat_map(|g| g.iter()).filter(|e| e.contains(' ')) {
            let words: Vec<&str> = entry.split_whitespace().collect();
            let kept = 1 + words[1..].iter().filter(|w| !gap(w)).count();
            assert!(
                kept >= 2,
                "the phrase `{entry}` is one word once its small words are stepped over"
            );
            assert!(
                !gap(words[words.len() - 1]),
                "the phrase `{entry}` ends on a word that phrases step over"
            );
        }
    }

    #[test]
    fn broader_concepts_are_group_names() {
        for (narrow, broad) in BROADER {
            for name in [narrow, broad] {
                assert!(
                    SYNONYMS.iter().any(|g| g[0] == *name),
                    "`{name}` names no synonym group"
                );
            }
        }
    }
}
