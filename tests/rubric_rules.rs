//! Every rule of the default rubric has scripts that must make it find fault (`fire`) and
//! scripts that must not (`pass`), written beside the rule in rubrics/default.yaml. This plays
//! each script on its scenario and scores it, as `play --script` would.

use std::path::Path;

use deskcoach::play::play_script;
use deskcoach::play::script::Script;
use deskcoach::rubric::Rubric;
use deskcoach::scenario::{Library, Scenario, library};
use deskcoach::score::{Effect, assess_call};

const DEFAULT_TEST_SCENARIO: &str = "internet-down";

fn scenario<'l>(name: &str, library: &'l Library, loaded: &'l mut Vec<Scenario>) -> &'l Scenario {
    if library::looks_like_path(name) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        loaded.push(library::load_file(&path).unwrap_or_else(|e| panic!("{e}")));
        return loaded.last().expect("just pushed");
    }
    library.get(name).unwrap_or_else(|e| panic!("{e}"))
}

/// Plays a script and returns the rule ids that found fault.
fn faults(script: &str, scenario: &Scenario, rubric: &Rubric) -> Vec<String> {
    let mut script = Script::parse("test", script).expect("a valid script");
    let transcript = play_script(scenario, &mut script, 0).expect("the script plays");
    let assessment = assess_call(&transcript, scenario, rubric).expect("the rubric fits the scenario");
    assessment
        .findings
        .into_iter()
        .filter(|f| f.effect == Effect::Deduction)
        .map(|f| f.rule.to_string())
        .collect()
}

#[test]
fn every_default_rule_fires_on_its_fire_scripts_and_not_on_its_pass_scripts() {
    let rubric = Rubric::builtin().expect("the default rubric loads");
    let library = Library::embedded().expect("the built-in scenarios load");
    let mut failures = Vec::new();
    for rule in &rubric.file.rules {
        let tests = &rule.tests;
        if tests.fire.is_empty() || tests.pass.is_empty() {
            failures.push(format!("{}: needs at least one `fire` and one `pass` script", rule.id));
            continue;
        }
        let mut loaded = Vec::new();
        let scenario = scenario(
            tests.scenario.as_deref().unwrap_or(DEFAULT_TEST_SCENARIO),
            &library,
            &mut loaded,
        );
        for script in &tests.fire {
            if !faults(script, scenario, rubric).contains(&rule.id) {
                failures.push(format!("{}: did not fire on {script:?}", rule.id));
            }
        }
        for script in &tests.pass {
            if faults(script, scenario, rubric).contains(&rule.id) {
                failures.push(format!("{}: fired on {script:?}", rule.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule test failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
