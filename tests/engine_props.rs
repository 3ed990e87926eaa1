//! Properties of the engine and scorer on any input: every sequence of lines, on every shipped
//! scenario, ends in a valid state, and the same input always gives the same call and score.

use deskcoach::call::{Call, EndReason, HANG_UP_MOOD, Outcome};
use deskcoach::rubric::Rubric;
use deskcoach::scenario::{EndKind, Library, Scenario};
use deskcoach::score::{Effect, Keep, Subject, assess, assess_call, assess_keeping};
use proptest::prelude::*;

/// Lines a trainee might type, good and bad, so the search reaches deep into the calls.
const LINES: &[&str] = &[
    "Hi, this is Sam from IT.",
    "I'm sorry you've run into this, and I want to help.",
    "What happens when you try?",
    "What error do you see?",
    "Did anything change recently?",
    "Is anyone else affected?",
    "Can you read me your IP address?",
    "Please choose obtain an IP address automatically and click OK.",
    "Can you check if it works now?",
    "Is there anything else I can help you with?",
    "Why did you do that?",
    "You should have called earlier.",
    "Calm down.",
    "Can you confirm your employee ID?",
    "I'll reset your password now.",
    "I'm escalating this to the network team.",
    "So if I understand correctly, nothing works?",
    "/hint",
];

/// Pieces of ticket notes: details of every kind, vague phrases, and plain words, so that a note
/// may have no detail, one, or many.
const NOTE_PIECES: &[&str] = &[
    "Static IP 192.168.1.50 set on the NIC.",
    "Outlook showed error 0x8004010F.",
    "Browser said \"This site can't be reached\".",
    "Updated driver to v2.4.1 on PRN-04.",
    "See INC-10442.",
    "Restarted the print spooler.",
    "Reconfigured to use DHCP and verified it works.",
    "User could not sign in.",
    "Fixed it.",
    "Done.",
    "System broke...",
];

fn note() -> impl Strategy<Value = String> {
    let pieces = proptest::collection::vec(proptest::sample::select(NOTE_PIECES), 0..6).prop_map(|p| p.join(" "));
    prop_oneof![3 => pieces, 1 => "\\PC{0,300}"]
}

/// What keeping only deductions must give: the full assessment without its credits.
fn without_credits(mut full: deskcoach::score::Assessment) -> deskcoach::score::Assessment {
    full.findings.retain(|f| f.effect == Effect::Deduction);
    full
}

fn library() -> &'static Library {
    static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIBRARY.get_or_init(|| Library::embedded().expect("the built-in scenarios load"))
}

/// A line: one of the plausible ones, or arbitrary text (any Unicode, up to 200 characters).
fn line() -> impl Strategy<Value = String> {
    prop_oneof![3 => proptest::sample::select(LINES).prop_map(str::to_owned), 1 => "\\PC{0,200}"]
}

fn play<'s>(scenario: &'s Scenario, lines: &[String], seed: u64) -> Call<'s> {
    let mut call = Call::new(scenario, seed);
    for line in lines {
        if line == "/hint" {
            call.hint();
        } else if call.respond(line).is_none() {
            break;
        }
    }
    call.end_by_trainee();
    call
}

fn check_valid(scenario: &Scenario, call: &Call) -> Result<(), TestCaseError> {
    let file = &scenario.file;
    prop_assert!(call.is_over());
    prop_assert!(call.mood() <= HANG_UP_MOOD);
    // At most one line past the patience: the closing line after a good end.
    prop_assert!(call.turns().len() as u32 <= file.caller.patience + 1);
    let last = call.turns().last();
    let node = last.map_or(file.start.as_str(), |t| t.node.as_str());
    prop_assert!(scenario.node(node).is_some(), "the call is at a real node: {}", node);
    for turn in call.turns() {
        prop_assert!(turn.mood <= HANG_UP_MOOD && turn.mood_before <= HANG_UP_MOOD);
        prop_assert!(!turn.caller.trim().is_empty(), "the caller always says something");
        for fact in turn.revealed.iter().chain(&turn.repeated) {
            prop_assert!(scenario.fact(fact).is_some());
        }
    }
    match call.outcome() {
        Some(Outcome::Resolved) => prop_assert_eq!(scenario.node(node).and_then(|n| n.end), Some(EndKind::Resolved)),
        Some(Outcome::Escalated) => prop_assert_eq!(scenario.node(node).and_then(|n| n.end), Some(EndKind::Escalated)),
        Some(Outcome::HungUp) => match call.end_reason() {
            Some(EndReason::Angry) => prop_assert!(call.mood() >= HANG_UP_MOOD),
            Some(EndReason::OutOfPatience) => prop_assert!(call.turns().len() as u32 >= file.caller.patience),
            None => prop_assert_eq!(scenario.node(node).and_then(|n| n.end), Some(EndKind::HungUp)),
        },
        Some(Outcome::Unresolved) | None => {}
    }
    // The caller never says the same thing twice in one call.
    let mut said = vec![call.opening()];
    for turn in call.turns() {
        prop_assert!(!said.contains(&turn.caller.as_str()), "said twice: {}", turn.caller);
        said.push(&turn.caller);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn any_lines_end_in_a_valid_state(which in 0usize..64, lines in proptest::collection::vec(line(), 0..25), seed in any::<u64>()) {
        let scenarios = &library().scenarios;
        let scenario = &scenarios[which % scenarios.len()];
        let call = play(scenario, &lines, seed);
        check_valid(scenario, &call)?;
    }

    #[test]
    fn the_same_input_gives_the_same_call_and_score(which in 0usize..64, lines in proptest::collection::vec(line(), 0..20), seed in any::<u64>(), note in "\\PC{0,300}") {
        let scenarios = &library().scenarios;
        let scenario = &scenarios[which % scenarios.len()];
        let rubric = Rubric::builtin().expect("the default rubric loads");
        let first = play(scenario, &lines, seed).transcript(None, &note);
        let second = play(scenario, &lines, seed).transcript(None, &note);
        prop_assert_eq!(&first, &second);
        let a = assess_call(&first, scenario, rubric).expect("the rubric fits");
        let b = assess_call(&second, scenario, rubric).expect("the rubric fits");
        prop_assert_eq!(&a, &b);
        prop_assert!(a.overall.is_none_or(|o| o <= 100));
        prop_assert!(a.skills.iter().all(|s| s.score.is_none_or(|v| v <= 100)));
    }

    #[test]
    fn keeping_deductions_only_changes_nothing_else(which in 0usize..64, lines in proptest::collection::vec(line(), 0..20), seed in any::<u64>(), note in note()) {
        let scenarios = &library().scenarios;
        let scenario = &scenarios[which % scenarios.len()];
        let rubric = Rubric::builtin().expect("the default rubric loads");
        let transcript = play(scenario, &lines, seed).transcript(None, &note);
        let rubric = rubric.for_scenario(scenario).expect("the rubric fits");
        let call = Subject::call(&transcript, Some(scenario));
        prop_assert_eq!(assess_keeping(&call, &rubric, Keep::Deductions), without_credits(assess(&call, &rubric)));
        let alone = Subject::note(&note);
        prop_assert_eq!(assess_keeping(&alone, &rubric, Keep::Deductions), without_credits(assess(&alone, &rubric)));
    }
}
