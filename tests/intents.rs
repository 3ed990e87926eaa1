//! Every intent, built in or from a scenario, understands at least three paraphrases that are
//! not among its examples, and ignores at least three unrelated lines. The lines live beside
//! the intent (`paraphrases:` and `unrelated:`), so a trainer who adds an intent adds its tests.

use deskcoach::scenario::Library;
use deskcoach::text::analyze;

#[test]
fn every_intent_matches_its_paraphrases_and_not_unrelated_lines() {
    let library = Library::embedded().expect("the built-in scenarios load");
    let mut failures = Vec::new();
    for scenario in &library.scenarios {
        for intent in &scenario.intents {
            let def = &intent.def;
            let place = format!("{} / {}", scenario.id(), intent.id);
            if def.paraphrases.len() < 3 || def.unrelated.len() < 3 {
                failures.push(format!("{place}: needs at least 3 paraphrases and 3 unrelated lines"));
            }
            for line in &def.paraphrases {
                if def.examples.iter().any(|e| e.eq_ignore_ascii_case(line)) {
                    failures.push(format!("{place}: paraphrase {line:?} is also an example"));
                }
                let found = scenario.matcher().detect(&analyze(line));
                if !found.iter().any(|m| m.intent == intent.id) {
                    let got: Vec<&str> = found.iter().map(|m| m.intent.as_str()).collect();
                    failures.push(format!("{place}: missed {line:?} (found {got:?})"));
                }
            }
            for line in &def.unrelated {
                if let Some(m) = scenario
                    .matcher()
                    .detect(&analyze(line))
                    .into_iter()
                    .find(|m| m.intent == intent.id)
                {
                    failures.push(format!(
                        "{place}: wrongly matched {line:?} ({:.2} by {:?})",
                        m.score, m.evidence
                    ));
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
