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

/// A call for the listening rules: facts asked in any order, an action, a node that says what
/// it waits for, and ends of every kind.
const LISTENER: &str = r#"
id: listener-test
title: Listener test
summary: A printer call for the listening rules.
difficulty: 1
caller: {name: Lee Park, role: Tester, mood: 5, patience: 12}
facts:
  error:
    says: "It says 'Offline'."
    key: true
    asked_by: [ask_error_message]
  started:
    says: "Since this morning."
    asked_by: [ask_when_started]
  scope:
    says: "Only me, Nadia can print."
    asked_by: [ask_scope, ask_what_changed]
  wifi:
    says: "It says Guest-WiFi."
intents:
  check_wifi:
    examples: [which wifi are you on, which network are you connected to, read me the wifi name]
  switch_wifi:
    examples: [connect to the staff wifi, switch to the staff network, join the staff wifi]
  book_visit:
    examples: [I'll book an engineer to visit tomorrow, an engineer will come tomorrow, I'm booking a visit]
  give_password:
    examples: [here is her password, her password is, I'll read you her password]
  reset_printer:
    fix: true
    examples: [I'll reset the printer, let me reset the printer now, resetting the printer]
actions:
  restart:
    caller: "Restarting... it's back up. Still says 'Offline'."
start: opening
nodes:
  opening:
    caller: "My printer says offline."
    expects: "I just need to know what to change so it prints."
    replies:
      - when: [check_wifi]
        reveal: [wifi]
        caller: "It says Guest-WiFi."
      - when: [switch_wifi]
        needs: [wifi]
        caller: "Staff network... it's printing!"
        goto: fixed
      - when: [book_visit]
        caller: "Tomorrow is fine. Thanks."
        goto: visit
      - when: [give_password]
        caller: "Great, that's all I needed. Bye! *click*"
        goto: breach
      - when: [reset_printer]
        caller: "Resetting... it's printing!"
        goto: fixed
  fixed:
    end: resolved
  visit:
    end: resolved
    follow_up: true
  breach:
    end: unresolved
"#;

fn listener() -> Scenario {
    Scenario::from_source("listener-test.yaml", LISTENER).expect("the listener scenario loads")
}

#[test]
fn two_questions_in_one_line_are_answered_in_the_order_asked() {
    let s = listener();
    let call = play(&s, &["When did it start, and what does the error say exactly?"]);
    assert_eq!(call.turns()[0].revealed, ["started", "error"]);
    assert_eq!(call.turns()[0].caller, "Since this morning. It says 'Offline'.");
    let call = play(&s, &["What does the error say exactly, and when did it start?"]);
    assert_eq!(call.turns()[0].revealed, ["error", "started"]);
}

#[test]
fn a_second_question_the_caller_cannot_answer_gets_an_i_dont_know() {
    let s = listener();
    let call = play(
        &s,
        &["What does the error say exactly, and what happens when you print?"],
    );
    let reply = &call.turns()[0].caller;
    assert!(reply.starts_with("It says 'Offline'."), "{reply}");
    assert!(reply.ends_with(UNSURE_OTHER), "{reply}");
}

#[test]
fn like_i_said_only_when_the_same_question_is_asked_again() {
    let s = listener();
    // The wifi name came out through a scripted reply, not through a question that asks for
    // facts: asking the error twice is a repeat, asking the wifi after the reply is not.
    let call = play(
        &s,
        &[
            "What does the error say exactly?",
            "What's the exact error message again?",
        ],
    );
    assert_eq!(call.turns()[1].repeated, ["error"]);
    assert!(call.turns()[1].caller.starts_with(REPEAT_PREFIXES[0]));
    // Told in answer to "what changed", the scope may be asked for in its own words once
    // without penalty; asking that same question again is a repeat.
    let call = play(
        &s,
        &[
            "Did anything change recently?",
            "Is anyone else affected by this?",
            "Is anybody else affected by this?",
        ],
    );
    let turns = call.turns();
    assert_eq!(turns[0].revealed, ["scope"]);
    assert!(turns[1].repeated.is_empty(), "{turns:?}");
    assert!(turns[1].caller.starts_with(RESTATE_PREFIXES[0]), "{}", turns[1].caller);
    assert_eq!(turns[2].repeated, ["scope"]);
}

#[test]
fn an_instruction_is_done_and_reported_never_heard_as_a_question() {
    let s = listener();
    let call = play(
        &s,
        &[
            "Is anyone else having the same problem?",
            "Could you restart the laptop for me?",
            "Could you switch the printer to the other tray for me?",
        ],
    );
    let turns = call.turns();
    assert_eq!(turns[1].caller, "Restarting... it's back up. Still says 'Offline'.");
    assert!(turns[2].repeated.is_empty(), "an instruction is no repeated question");
    assert!(
        DONE_GENERIC.iter().any(|band| band.contains(&turns[2].caller.as_str())),
        "{}",
        turns[2].caller
    );
}

#[test]
fn a_denial_is_not_the_thing_denied() {
    let s = listener();
    let call = play(&s, &["I'm not going to ask you to restart it again, don't worry."]);
    assert_ne!(
        call.turns()[0].caller,
        "Restarting... it's back up. Still says 'Offline'."
    );
    assert!(!call.turns()[0].intents.contains(&"restart".to_owned()));
}

#[test]
fn the_caller_never_says_the_same_thing_twice() {
    let s = listener();
    let call = play(&s, &["purple monkey dishwasher"; 8]);
    let mut said = vec![call.opening().to_owned()];
    for turn in call.turns() {
        assert!(!said.contains(&turn.caller), "said twice: {}", turn.caller);
        said.push(turn.caller.clone());
    }
}

#[test]
fn after_two_lines_that_move_nothing_the_caller_says_what_they_wait_for() {
    let s = listener();
    let call = play(
        &s,
        &[
            "Hmm, let me think about this.",
            "Okay, bear with me a moment.",
            "Right, so, let me see.",
        ],
    );
    let turns = call.turns();
    assert_ne!(turns[1].caller, "I just need to know what to change so it prints.");
    assert_eq!(turns[2].caller, "I just need to know what to change so it prints.");
    let mut call = play(&s, &["Hello."]);
    assert!(call.hint().contains("I just need to know what to change so it prints."));
}

#[test]
fn endings_say_what_happened() {
    let s = listener();
    let call = play(&s, &["I'll book an engineer to visit tomorrow."]);
    assert_eq!(call.outcome(), Some(Outcome::Resolved));
    assert!(call.follow_up());
    let transcript = call.transcript(None, "");
    assert_eq!(transcript.ending(), "resolved, with a follow-up booked");

    let call = play(&s, &["Fine, here is her password: Summer24."]);
    assert_eq!(
        call.outcome(),
        Some(Outcome::Unresolved),
        "a content caller is no hang-up"
    );
    assert_eq!(call.end_reason(), None);

    let call = play(&s, &["hm"; 12]);
    assert_eq!(call.outcome(), Some(Outcome::HungUp));
    assert_eq!(call.end_reason(), Some(EndReason::OutOfPatience));
    assert_eq!(
        call.transcript(None, "").ending(),
        "the caller ran out of patience and hung up"
    );
}

#[test]
fn an_old_transcript_that_ran_out_of_patience_still_reads() {
    let outcome: Outcome = serde_yaml::from_str("out_of_patience").expect("the old id reads");
    assert_eq!(outcome, Outcome::HungUp);
}

#[test]
fn an_identity_check_no_scenario_scripts_is_answered() {
    let s = listener();
    let call = play(&s, &["Could you confirm your full name and employee number for me?"]);
    let reply = &call.turns()[0].caller;
    assert!(reply.contains("Lee Park") && reply.contains("staff number"), "{reply}");
    let again = play(&s, &["Could you confirm your full name and employee number for me?"]);
    assert_eq!(&again.turns()[0].caller, reply, "the same caller has the same number");
}

#[test]
fn a_fix_announced_with_the_identity_check_waits_for_the_answer() {
    let s = listener();
    let call = play(
        &s,
        &[
            "Before I reset the printer, can you confirm your full name and employee number?",
            "Thanks. I'll reset the printer now.",
        ],
    );
    assert_eq!(call.turns()[0].node, "opening", "the caller answers the check first");
    assert!(call.turns()[0].caller.contains("staff number"));
    assert_eq!(call.outcome(), Some(Outcome::Resolved));
}

#[test]
fn a_spent_reply_is_not_said_again() {
    let s = listener();
    let call = play(&s, &["Which wifi are you on?", "Which network are you connected to?"]);
    let turns = call.turns();
    assert_eq!(turns[0].caller, "It says Guest-WiFi.");
    assert!(!turns[1].caller.contains("Guest-WiFi"), "{}", turns[1].caller);
}
