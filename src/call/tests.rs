//! Engine tests on a small scenario written for them, so that they test the engine's rules and
//! not the wording of the shipped scenarios.

use super::*;
use crate::scenario::Scenario;

const SCENARIO: &str = r#"
id: engine-test
title: Engine test
summary: A tiny call for the engine's tests.
difficulty: 1
caller: {name: Pat Doe, role: Tester, mood: 6, patience: 6}
facts:
  error:
    says: "It says error 42."
    key: true
    asked_by: [ask_error_message]
  change:
    says: ["We moved desks.", "Facilities moved my desk.", "My desk was moved."]
    asked_by: [ask_what_changed]
intents:
  apply_fix:
    examples: [let me apply the fix now, I'll apply the fix]
start: opening
nodes:
  opening:
    caller: {upset: "It's broken!", angry: "IT'S BROKEN!"}
    replies:
      - when: [apply_fix]
        needs: [error]
        caller: "Oh, it works!"
        goto: done
    otherwise: {caller: "Hm?"}
  done:
    end: resolved
"#;

fn scenario() -> Scenario {
    Scenario::from_source("engine-test.yaml", SCENARIO).expect("the test scenario loads")
}

fn play<'s>(scenario: &'s Scenario, lines: &[&str]) -> Call<'s> {
    let mut call = Call::new(scenario, 0);
    for line in lines {
        call.respond(line);
    }
    call
}

#[test]
fn the_opening_line_follows_the_starting_mood() {
    let s = scenario();
    assert_eq!(Call::new(&s, 0).opening(), "It's broken!");
}

#[test]
fn a_reply_branches_only_once_its_needs_are_known() {
    let s = scenario();
    let call = play(&s, &["Let me apply the fix now."]);
    assert_eq!(call.turns()[0].node, "opening", "the fix needs the error first");
    let call = play(&s, &["What error do you see?", "Let me apply the fix now."]);
    let last = &call.turns()[1];
    assert_eq!(last.node, "done");
    assert_eq!(last.caller, "Oh, it works!");
    assert_eq!(call.outcome(), Some(Outcome::Resolved));
}

#[test]
fn facts_come_out_when_asked_and_repeats_annoy() {
    let s = scenario();
    let call = play(&s, &["What error do you see?", "What does the error message say?"]);
    let [first, second] = call.turns() else {
        panic!("two turns")
    };
    assert_eq!(first.revealed, ["error"]);
    assert_eq!(first.caller, "It says error 42.");
    assert_eq!(second.repeated, ["error"]);
    assert!(second.caller.starts_with(REPEAT_PREFIXES[0]), "{}", second.caller);
    assert_eq!(second.mood, first.mood + 1);
}

#[test]
fn empathy_calms_once_then_needs_a_break() {
    let s = scenario();
    let call = play(
        &s,
        &[
            "I understand how frustrating this is.",
            "I understand how frustrating this is.",
            "Hmm.",
            "I understand how frustrating this is.",
        ],
    );
    let moods: Vec<u8> = call.turns().iter().map(|t| t.mood).collect();
    assert_eq!(moods, [5, 5, 5, 4]);
}

#[test]
fn blame_and_dismissal_raise_the_mood_until_the_caller_hangs_up() {
    let s = scenario();
    let call = play(
        &s,
        &["This is your fault.", "Calm down.", "Why are you so angry?", "hello?"],
    );
    let turns = call.turns();
    assert_eq!(turns[0].mood, 8);
    assert!(turns[0].intents.contains(&"blame_user".to_owned()));
    assert_eq!(call.outcome(), Some(Outcome::HungUp));
    assert_eq!(turns.len(), 2, "the caller hangs up as soon as the mood reaches 10");
    assert!(turns[1].caller.contains("*click*"));
    assert!(
        call.clone().respond("anyone there?").is_none(),
        "a finished call takes no more lines"
    );
}

#[test]
fn one_line_can_carry_several_intents() {
    let s = scenario();
    let call = play(&s, &["I'm sorry about that. What error do you see?"]);
    let turn = &call.turns()[0];
    assert!(turn.intents.contains(&"apologize".to_owned()), "{:?}", turn.intents);
    assert!(
        turn.intents.contains(&"ask_error_message".to_owned()),
        "{:?}",
        turn.intents
    );
    assert_eq!(turn.revealed, ["error"]);
    assert_eq!(turn.mood, 4, "the apology calms, and so does the key fact coming out");
}

#[test]
fn a_line_that_matches_nothing_gets_an_in_character_reply() {
    let s = scenario();
    let call = play(&s, &["purple monkey dishwasher"]);
    let turn = &call.turns()[0];
    assert!(turn.intents.is_empty());
    assert_eq!(turn.caller, "Hm?");
    assert_eq!(turn.mood, 6);
}

#[test]
fn the_caller_runs_out_of_patience() {
    let s = scenario();
    let call = play(&s, &["hm"; 8]);
    assert_eq!(call.turns().len(), 6);
    assert_eq!(call.outcome(), Some(Outcome::HungUp));
    assert_eq!(call.end_reason(), Some(EndReason::OutOfPatience));
}

#[test]
fn the_same_lines_and_seed_give_the_same_call() {
    let s = scenario();
    let lines = [
        "Hello, this is Sam.",
        "Did anything change recently?",
        "What error do you see?",
        "purple",
        "Let me apply the fix now.",
    ];
    let a = play(&s, &lines).transcript(None, "note");
    let b = play(&s, &lines).transcript(None, "note");
    assert_eq!(a, b);
    let wording = |seed| {
        let mut call = Call::new(&s, seed);
        call.respond("Did anything change recently?");
        call.turns()[0].caller.clone()
    };
    let seeds: std::collections::BTreeSet<String> = (0..16).map(wording).collect();
    assert!(seeds.len() > 1, "--seed varies the wording: {seeds:?}");
}

#[test]
fn hints_are_recorded_and_point_somewhere_useful() {
    let s = scenario();
    let mut call = Call::new(&s, 0);
    let hint = call.hint();
    assert!(
        hint.to_lowercase().contains("feel"),
        "an upset caller needs empathy first: {hint}"
    );
    call.respond("I understand how frustrating this is.");
    let hint = call.hint();
    assert!(hint.to_lowercase().contains("error"), "then the key fact: {hint}");
    assert_eq!(call.hints().iter().map(|h| h.turn).collect::<Vec<_>>(), [1, 2]);
}
