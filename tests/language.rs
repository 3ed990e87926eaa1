//! The language core as every command meets it: the tokenizer against the reference
//! tokenizer, embeddings against committed bits, and intents read by meaning: negations and
//! hypotheticals, several acts in one line, why questions wherever the why stands, requests
//! made as imperatives. The lines here are not in the training corpus.

use deskcoach::scenario::builtin_matcher;
use deskcoach::text::analyze;
use deskcoach::text::model::Model;

fn model() -> &'static Model {
    builtin_matcher().expect("the built-in intents load").model()
}

fn intents(line: &str) -> Vec<String> {
    let matcher = builtin_matcher().expect("the built-in intents load");
    matcher
        .detect(&analyze(line))
        .into_iter()
        .map(|m| m.intent)
        .filter(|i| i != "ask_open")
        .collect()
}

#[test]
fn wordpiece_matches_the_reference_tokenizer_on_three_thousand_lines() {
    // tests/fixtures/language/wordpiece.jsonl: lines of the training corpus and Unicode edge
    // cases, with the ids the reference tokenizer (tokenizers 0.20.3, all-MiniLM-L6-v2's
    // tokenizer.json) gives them.
    let fixture = include_str!("fixtures/language/wordpiece.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in fixture.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = row["text"].as_str().unwrap();
        let expected: Vec<u32> = row["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let mut ids = Vec::new();
        model().encoder.tokens(text, &mut ids);
        if ids != expected {
            failures.push(format!("{text:?}: {ids:?} != {expected:?}"));
        }
        count += 1;
    }
    assert!(count >= 3000, "{count} lines");
    assert!(
        failures.is_empty(),
        "{} of {count} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// FNV-1a over the bits of a vector: a stable digest of every one of its 256 floats.
fn digest(v: &[f32]) -> u64 {
    v.iter()
        .flat_map(|x| x.to_bits().to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

#[test]
fn embeddings_are_the_committed_bits() {
    // Recorded from this build; a change to the table, the tokenizer or the order of the sums
    // changes them, and must be deliberate (the same bits on every platform is the promise).
    let golden: [(&str, u64, u32); 3] = [
        (
            "The printer on floor 3 is offline again.",
            0xd952_3ee8_725c_2e83,
            0xbe70_6ff9,
        ),
        (
            "Out of interest, why'd you move the dock?",
            0xe3b8_94a5_c794_16cf,
            0xbe7a_23b3,
        ),
        ("Café crème, déjà vu: 192.168.1.50!", 0x1c49_4666_ee08_2427, 0xbe73_0623),
    ];
    let mut got = Vec::new();
    for (text, _, _) in golden {
        let e = model().encoder.embed(text);
        got.push(format!("(\"{text}\", {:#x}, {:#x})", digest(&e), e[0].to_bits()));
    }
    let expected: Vec<String> = golden
        .iter()
        .map(|(t, d, b)| format!("(\"{t}\", {d:#x}, {b:#x})"))
        .collect();
    assert_eq!(got, expected);
    let norm: f32 = model().encoder.embed("printer").iter().map(|x| x * x).sum();
    assert!((norm - 1.0).abs() < 1e-5);
    assert!(model().encoder.embed("").iter().all(|x| *x == 0.0));
}

#[test]
fn negated_and_hypothetical_acts_are_not_performed() {
    for (line, absent) in [
        (
            "I'm not going to ask you to reboot again, promise.",
            "confirm_resolution",
        ),
        (
            "If the server turns out to be down I'd pass it to the infrastructure team.",
            "escalate",
        ),
        ("There's no need to apologise, honestly.", "apologize"),
        ("I won't blame you at all, that pop-up fools everyone.", "blame_user"),
        ("Instead of reinstalling it, let's clear the cache first.", "escalate"),
    ] {
        let found = intents(line);
        assert!(
            !found.iter().any(|i| i == absent),
            "{line:?} carries {absent}: {found:?}"
        );
    }
    // A denial can perform another act.
    assert!(intents("Honestly, none of this is your fault, the update broke it.").contains(&"empathize".to_owned()));
}

#[test]
fn one_line_carries_every_act_it_performs() {
    let found = intents(
        "Good morning, you're through to Priya on the service desk. Sorry about the wait, what's going wrong with Outlook?",
    );
    for act in ["greet", "introduce", "apologize", "ask_symptoms"] {
        assert!(found.contains(&act.to_owned()), "{act} missing from {found:?}");
    }
    let found = intents("Right, got it, thanks. And is anyone else on your floor seeing the same thing?");
    for act in ["acknowledge", "ask_scope"] {
        assert!(found.contains(&act.to_owned()), "{act} missing from {found:?}");
    }
}

#[test]
fn a_why_question_is_one_wherever_the_why_stands() {
    for line in [
        "Out of interest, why'd you move the dock?",
        "So how come nobody logged a ticket last week?",
        "And what possessed you to plug that stick in?",
    ] {
        assert!(
            intents(line).contains(&"ask_why".to_owned()),
            "{line:?}: {:?}",
            intents(line)
        );
    }
    for line in [
        "Why don't you try the other USB port?",
        "I can see why that's confusing.",
    ] {
        assert!(
            !intents(line).contains(&"ask_why".to_owned()),
            "{line:?}: {:?}",
            intents(line)
        );
    }
}

#[test]
fn imperatives_ask_as_questions_do() {
    for (line, act) in [
        ("Read me the exact wording of that pop-up, please.", "ask_error_message"),
        ("Talk me through what happens when you press print.", "ask_symptoms"),
        (
            "Go ahead and try logging in again now, and tell me what you get.",
            "confirm_resolution",
        ),
    ] {
        assert!(intents(line).contains(&act.to_owned()), "{line:?}: {:?}", intents(line));
    }
}

#[test]
fn a_match_explains_itself() {
    let matcher = builtin_matcher().unwrap();
    let found = matcher.detect(&analyze("Is anyone else in your team having the same trouble?"));
    let scope = found.iter().find(|m| m.intent == "ask_scope").expect("ask_scope");
    let explained = serde_json::to_value(scope).unwrap();
    assert!(explained["evidence"]["by"].is_string(), "{explained}");
    assert!(scope.score > 0.5);
}
