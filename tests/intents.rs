//! Every intent, built in or from a scenario, understands at least three paraphrases that are
//! not among its examples, and ignores at least three unrelated lines. The lines live beside
//! the intent (`paraphrases:` and `unrelated:`), so a trainer who adds an intent adds its tests.

use deskcoach::scenario::Library;
use deskcoach::text::analyze;

/// Test lines the language core is known to misread today: (scenario, intent, line, why).
/// Each is a real failure kept in sight rather than a line quietly swapped for an easier one;
/// the test fails when one of them starts passing, so the entry is removed with the fix.
const KNOWN_MISREADS: &[(&str, &str, &str, &str)] = &[(
    "printer-offline",
    "ask_symptoms",
    "Can Nadia print?",
    "a short question about a named colleague is also read as one about the caller's own \
     symptoms (it is ask_scope too); with other names it is not",
)];

#[test]
fn every_intent_matches_its_paraphrases_and_not_unrelated_lines() {
    let library = Library::embedded().expect("the built-in scenarios load");
    let mut failures = Vec::new();
    for scenario in &library.scenarios {
        for intent in &scenario.intents {
            let def = &intent.def;
            let place = format!("{} / {}", scenario.id(), intent.id);
            let known = |line: &str| {
                KNOWN_MISREADS
                    .iter()
                    .any(|(s, i, l, _)| *s == scenario.id() && *i == intent.id && *l == line)
            };
            if def.paraphrases.len() < 3 || def.unrelated.len() < 3 {
                failures.push(format!("{place}: needs at least 3 paraphrases and 3 unrelated lines"));
            }
            for line in &def.paraphrases {
                if def.examples.iter().any(|e| e.eq_ignore_ascii_case(line)) {
                    failures.push(format!("{place}: paraphrase {line:?} is also an example"));
                }
                let found = scenario.matcher().detect(&analyze(line));
                let matched = found.iter().any(|m| m.intent == intent.id);
                if !matched && !known(line) {
                    let got: Vec<&str> = found.iter().map(|m| m.intent.as_str()).collect();
                    failures.push(format!("{place}: missed {line:?} (found {got:?})"));
                } else if matched && known(line) {
                    failures.push(format!(
                        "{place}: {line:?} is read right now: drop it from KNOWN_MISREADS"
                    ));
                }
            }
            for line in &def.unrelated {
                let wrong = scenario
                    .matcher()
                    .detect(&analyze(line))
                    .into_iter()
                    .find(|m| m.intent == intent.id);
                match wrong {
                    Some(m) if !known(line) => failures.push(format!(
                        "{place}: wrongly matched {line:?} ({:.2} by {:?})",
                        m.score, m.evidence
                    )),
                    None if known(line) => {
                        failures.push(format!(
                            "{place}: {line:?} is read right now: drop it from KNOWN_MISREADS"
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} intent test failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
