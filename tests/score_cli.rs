//! `deskcoach score` and `deskcoach analyze` as a user runs them.

mod support;

use support::Deskcoach;

const VAGUE: &str = "System broke... fixed it.";
const GOOD: &str = "System was manually configured with incorrect IP address. Reconfigured to use DHCP. Verified problem was resolved.";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn skill<'a>(assessment: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    assessment["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == id)
        .unwrap_or_else(|| panic!("no skill {id}"))
}

#[test]
fn a_vague_note_is_flagged_and_scores_documentation_low() {
    let run = Deskcoach::new()
        .args(["score", "--note", VAGUE, "--format", "json"])
        .run()
        .code(1);
    let a = json(&run.stdout);
    assert!(
        skill(&a, "documentation")["score"].as_u64().unwrap() <= 20,
        "{}",
        run.stdout
    );
    let vague: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "vague-note")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(vague.len(), 2, "{vague:?}");
    assert!(vague[1].contains("\"fixed it\""));
    assert_eq!(
        skill(&a, "questioning")["score"],
        serde_json::Value::Null,
        "a note alone leaves call skills N/A"
    );
    Deskcoach::new()
        .args(["score", "--note", VAGUE])
        .run()
        .code(1)
        .stdout_has("FAIL")
        .stdout_has("vague");
}

#[test]
fn the_source_materials_good_note_scores_high() {
    let run = Deskcoach::new()
        .args(["score", "--note", GOOD, "--format", "json"])
        .run()
        .code(0);
    let a = json(&run.stdout);
    assert!(
        skill(&a, "documentation")["score"].as_u64().unwrap() >= 85,
        "{}",
        run.stdout
    );
    assert_eq!(a["passed"], true);
    assert!(
        !a["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "vague-note")
    );
    Deskcoach::new()
        .file("note.txt", GOOD)
        .args(["score", "--note-file", "note.txt"])
        .run()
        .code(0)
        .stdout_has("PASS");
}

/// Plays a script on internet-down, saves the transcript, and scores it as JSON.
fn play_and_score(script: &str) -> serde_json::Value {
    play_and_score_on("internet-down", None, script)
}

/// Plays `script` on `scenario` (a built-in id, or with `source` a file of that name written
/// into the run) with `play --script --transcript-out`, then scores the transcript with
/// `score --format json`, as a user would.
fn play_and_score_on(scenario: &str, source: Option<&str>, script: &str) -> serde_json::Value {
    let mut score = Deskcoach::new();
    let mut args = vec!["score", "call.yaml", "--format", "json"];
    if let Some(text) = source {
        score = score.file(&format!("scen/{scenario}"), text);
        args.extend(["--scenarios", "scen"]);
    }
    let scored = score
        .file("call.yaml", transcript_of(scenario, source, script))
        .args(args)
        .run();
    assert!(scored.code == 0 || scored.code == 1, "{}", scored.stderr);
    json(&scored.stdout)
}

/// The transcript `play --script --transcript-out` writes for `script` on `scenario` (a
/// built-in id, or with `source` a file of that name written into the run).
fn transcript_of(scenario: &str, source: Option<&str>, script: &str) -> String {
    let mut play = Deskcoach::new().file("call.txt", script);
    if let Some(text) = source {
        play = play.file(scenario, text);
    }
    play.args([
        "play",
        scenario,
        "--script",
        "call.txt",
        "--no-save",
        "--transcript-out",
        "call.yaml",
    ])
    .run()
    .code(0)
    .file("call.yaml")
}

#[test]
fn a_why_question_gets_a_finding_at_its_turn_with_a_rewrite() {
    let a = play_and_score("Hello, this is Sam from IT.\nWhy do you think the Internet is down?\n---\nUser offline.\n");
    let why: Vec<&serde_json::Value> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "why-question")
        .collect();
    assert_eq!(why.len(), 1, "{a:#}");
    assert_eq!(why[0]["turn"], 2);
    assert_eq!(why[0]["quote"], "Why do you think the Internet is down?");
    assert_eq!(why[0]["span"], serde_json::json!([0, 3]));
    assert!(
        why[0]["suggestion"].as_str().unwrap().contains("What"),
        "a rewrite is offered"
    );

    let a = play_and_score("Hello, this is Sam from IT.\nWhat symptoms are you seeing?\n---\nUser offline.\n");
    assert!(
        !a["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "why-question"),
        "{a:#}"
    );
}

#[test]
fn play_ends_with_the_same_report_score_gives() {
    let script = "Hi, this is Sam from IT.\nWhy is it down?\n---\nUser offline.\n";
    let played = Deskcoach::new()
        .file("s.txt", script)
        .args([
            "play",
            "internet-down",
            "--script",
            "s.txt",
            "--transcript-out",
            "t.yaml",
        ])
        .run()
        .code(0);
    let scored = Deskcoach::new()
        .file("t.yaml", played.file("t.yaml"))
        .args(["score", "t.yaml"])
        .run();
    let report = |out: &str| {
        let start = out.find("\nScore ").expect("a score report");
        let end = out.find("\nTranscript written").unwrap_or(out.len());
        out[start..end].to_owned()
    };
    assert_eq!(report(&played.stdout), report(&scored.stdout));
}

#[test]
fn rubric_errors_name_the_file_line_and_column() {
    let rubric = "version: 1\npass_mark: 70\nskills:\n  tone: {weight: 1, label: Tone}\nrules:\n  - id: r\n    skill: tnoe\n    level: warning\n    points: 5\n    scope: trainee_line\n    kind: existence\n    phrases: [x]\n    message: m\n";
    Deskcoach::new()
        .file("r.yaml", rubric)
        .args(["score", "--note", "x", "--rubric", "r.yaml"])
        .run()
        .code(2)
        .stderr_has("r.yaml:7:12: no skill named `tnoe`")
        .stderr_has("did you mean `tone`?");
    let bad_kind = rubric
        .replace("skill: tnoe", "skill: tone")
        .replace("phrases: [x]", "phrases: [x]\n    swap: {a: b}");
    Deskcoach::new()
        .file("r.yaml", bad_kind)
        .args(["score", "--note", "x", "--rubric", "r.yaml"])
        .run()
        .code(2)
        .stderr_has("r.yaml:13:11: `swap` does not apply to a `existence` rule");
    let bad_scope = rubric.replace("skill: tnoe", "skill: tone").replace(
        "kind: existence\n    phrases: [x]",
        "kind: expected\n    behaviour: {intent: greet}",
    );
    Deskcoach::new()
        .file("r.yaml", bad_scope)
        .args(["score", "--note", "x", "--rubric", "r.yaml"])
        .run()
        .code(2)
        .stderr_has("r.yaml:10:12: a `expected` rule cannot have this scope; use call");
    let unknown_key = rubric.replace("points: 5", "points: 5\n    weight: 3");
    Deskcoach::new()
        .file("r.yaml", unknown_key)
        .args(["score", "--note", "x", "--rubric", "r.yaml"])
        .run()
        .code(2)
        .stderr_has("r.yaml:10:5: rules[0]: unknown field `weight`");
}

#[test]
fn a_custom_rubric_replaces_the_default() {
    let rubric = "version: 1\npass_mark: 50\nskills:\n  notes: {weight: 1, label: Notes}\nrules:\n  - id: no-printer\n    skill: notes\n    level: error\n    points: 60\n    scope: note\n    kind: existence\n    phrases: [printer]\n    message: 'no {match} talk'\n";
    let run = Deskcoach::new()
        .file("r.yaml", rubric)
        .args([
            "score",
            "--note",
            "The printer jammed.",
            "--rubric",
            "r.yaml",
            "--format",
            "json",
        ])
        .run()
        .code(1);
    let a = json(&run.stdout);
    assert_eq!(a["overall"], 40);
    assert_eq!(a["findings"][0]["message"], "no printer talk");
}

#[test]
fn a_scenario_can_switch_a_rule_off_and_add_phrases() {
    let scenario = include_str!("../scenarios/internet-down.yaml").replace(
        "exemplary_note: |",
        "rubric:\n  off: [why-question]\n  phrases: {blame: [you fiddled]}\nexemplary_note: |",
    );
    let run = Deskcoach::new()
        .file("mine/internet-down.yaml", scenario)
        .file("s.txt", "Why is it down? You fiddled with it.\n---\nUser offline.\n")
        .args(["play", "internet-down", "--scenarios", "mine", "--script", "s.txt"])
        .run()
        .code(0);
    assert!(!run.stdout.contains("why-question"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\"you fiddled\" blames the caller")
            || run.stdout.contains("\"You fiddled\" blames the caller"),
        "{}",
        run.stdout
    );
}

#[test]
fn analyze_prints_one_json_object_a_line() {
    let input = "Why do you think the Internet is down?\nCould you please read me the error message? Thanks!\n\nYou should have called earlier, obviously.\n";
    let run = Deskcoach::new().stdin(input).args(["analyze"]).run().code(0);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(json).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["question"], "why");
    assert_eq!(lines[0]["why_question"], true);
    assert_eq!(
        lines[1]["question"], "open",
        "asking to read out the error asks for content"
    );
    assert!(lines[1]["politeness"].as_f64().unwrap() > 0.0);
    assert!(
        lines[1]["intents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "ask_error_message")
    );
    assert_eq!(lines[2]["question"], "none");
    assert!(lines[3]["tone"]["blame"].as_f64().unwrap() > 0.5, "{}", lines[3]);
    assert!(lines[1]["tone"]["polite"].as_f64().unwrap() > 0.5, "{}", lines[1]);
    // The contract other tools read: every field, with the types they expect.
    for line in &lines {
        for tone in [
            "empathy",
            "blame",
            "dismissive",
            "condescending",
            "sarcastic",
            "rude",
            "polite",
        ] {
            let p = line["tone"][tone].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p), "{tone} {p}");
        }
        for part in ["symptom", "cause", "action", "verification"] {
            let p = line["note"][part].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p), "{part} {p}");
        }
        assert!((1.0..=5.0).contains(&line["note_quality"].as_f64().unwrap()));
        assert!(line["specificity"].as_f64().is_some());
        assert!(line["intent_scores"].as_array().unwrap().len() <= 3);
        assert!(line["intents"].is_array() && line["why_question"].is_boolean());
    }
    assert!(lines[3]["politeness"].as_f64().unwrap() < 0.0);
    let marker = lines[3]["markers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "blame")
        .expect("a blame marker");
    assert_eq!(marker["text"], "You should have");
    assert_eq!((marker["start"].as_u64(), marker["end"].as_u64()), (Some(0), Some(15)));
}

#[test]
fn analyze_reads_a_file_and_reports_bad_bytes_by_line() {
    Deskcoach::new()
        .file("u.txt", "hello there\nwhat is the error?\n")
        .args(["analyze", "u.txt"])
        .run()
        .code(0);
    Deskcoach::new()
        .file("u.txt", &b"fine\nbad \xff byte\n"[..])
        .args(["analyze", "u.txt"])
        .run()
        .code(2)
        .stderr_has("u.txt:2:5: invalid UTF-8");
}

/// A 38 KB note of vague sentences once made one finding per phrase, each quoting the whole
/// note: 78.5 MB in the record. A rule now fires once per sentence, with a count, and quotes a
/// window of the note around what it is about.
#[test]
fn a_long_note_makes_findings_that_grow_with_the_note_not_its_square() {
    let sentence = "System broke, fixed it and sorted it, all good now, some issue with stuff. ";
    let note = sentence.repeat(38_000 / sentence.len());
    let run = Deskcoach::new()
        .file("note.txt", &note)
        .args(["score", "--note-file", "note.txt", "--format", "json"])
        .run()
        .code(1);
    // One finding per vague sentence, with its message and suggestion: linear, some hundred
    // bytes a sentence (it was two thousand times the note).
    assert!(
        run.stdout.len() < 10 * note.len(),
        "{} bytes of JSON for a note of {}",
        run.stdout.len(),
        note.len()
    );
    let a = json(&run.stdout);
    let findings = a["findings"].as_array().unwrap();
    let sentences = note.matches(". ").count();
    let vague: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == "vague-note").collect();
    assert!(
        !vague.is_empty() && vague.len() <= sentences,
        "{} vague findings",
        vague.len()
    );
    assert!(
        vague
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("times in this sentence")),
        "{}",
        vague[0]
    );
    for f in findings {
        let quote = f["quote"].as_str().unwrap_or("");
        assert!(quote.len() <= 700, "a quote of {} bytes: {}", quote.len(), f["rule"]);
        if let Some([start, end]) = f["span"]
            .as_array()
            .map(|s| [s[0].as_u64().unwrap(), s[1].as_u64().unwrap()])
        {
            assert!(
                start <= end && end as usize <= quote.len(),
                "the span fits its quote: {f}"
            );
        }
    }
    // Text output renders as fast as the note is long.
    Deskcoach::new()
        .file("note.txt", &note)
        .args(["score", "--note-file", "note.txt"])
        .run()
        .code(1)
        .stdout_has("System broke");
}

#[test]
fn a_transcript_line_longer_than_play_allows_is_refused_by_score() {
    let transcript = transcript_of("internet-down", None, "Hi, this is Sam from the service desk.\n")
        .replace("Hi, this is Sam from the service desk.", &"word ".repeat(1_000));
    Deskcoach::new()
        .file("t.yaml", transcript)
        .args(["score", "t.yaml"])
        .run()
        .code(2)
        .stderr_has("t.yaml:")
        .stderr_has("a trainee line may have at most 2000");
}

/// A call on a projector: the caller reads "VGA" off the screen first.
const SCREEN_SCENARIO: &str = "\
id: screen
title: Blank screen
summary: The meeting-room screen shows nothing just before a presentation.
difficulty: 1
caller:
  name: Sam Roe
  role: Office manager
  mood: 6
  patience: 8
  tech_level: low
facts:
  cable:
    says: The cleaners were behind the desk last night; the VGA cable is hanging loose.
    key: true
    asked_by: [ask_what_changed]
intents:
  plug_in:
    examples: [push the cable back in, plug the cable in, reconnect the cable]
start: opening
nodes:
  opening:
    caller: The screen just says no VGA signal and I'm presenting in ten minutes!
    replies:
      - when: [plug_in]
        goto: fixed
  fixed:
    caller: It's back, thank you so much!
    end: resolved
ticket:
  must_mention: [cable]
";

/// Plays `script` on the screen scenario as a user would and returns the rules that deducted.
fn screen_call_deductions(script: &str) -> Vec<String> {
    play_and_score_on("screen.yaml", Some(SCREEN_SCENARIO), script)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["effect"] == "deduction")
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["turn"]))
        .collect()
}

/// What a coach would not deduct from a good call (issue #17): an introduction as the phone
/// greeting, a term the caller read out first, "just to be sure", a reply that takes up what the
/// caller said instead of a formula, a function key, and no "what happens next" or unasked
/// facts once the fault is fixed on the call.
#[test]
fn a_good_call_is_not_charged_for_what_a_coach_accepts() {
    let good = "\
Sam from the service desk here, sorry about the rush before your presentation.
Did anything change around the desk recently?
Cleaners behind the desk would explain it. Could you push the VGA cable back in, just to be sure it's seated, then press F5?
---
Meeting-room screen showed \"No VGA signal\". Cause: VGA cable knocked loose behind the desk by cleaners. Pushed the cable back in; user confirmed the picture is back.
";
    let deductions = screen_call_deductions(good);
    for rule in [
        "greeting",
        "jargon",
        "leading-question",
        "acknowledge-facts",
        "set-expectations",
        "key-facts",
    ] {
        assert!(
            !deductions.iter().any(|d| d.starts_with(&format!("{rule} "))),
            "{rule} in {deductions:?}"
        );
    }
}

/// ...and the same rules still find fault where a coach would.
#[test]
fn a_poor_call_still_gets_those_findings() {
    let poor = "\
What.
Did you change anything?
Check the DHCP lease on the laptop. It's probably the network, isn't it?
";
    let deductions = screen_call_deductions(poor);
    for rule in ["greeting", "jargon", "leading-question", "acknowledge-facts"] {
        assert!(
            deductions.iter().any(|d| d.starts_with(&format!("{rule} "))),
            "no {rule} in {deductions:?}"
        );
    }
}

#[test]
fn a_rubric_naming_an_unknown_tone_is_refused_with_a_suggestion() {
    let rubric = "version: 1\npass_mark: 50\nskills:\n  empathy: {weight: 1, label: Empathy}\nrules:\n  - id: feel\n    skill: empathy\n    level: warning\n    points: 10\n    scope: call\n    kind: expected\n    behaviour: {intent: empathize, tone: empathie}\n    message: 'no empathy'\n";
    Deskcoach::new()
        .file("r.yaml", rubric)
        .args(["score", "--note", "x", "--rubric", "r.yaml"])
        .run()
        .code(2)
        .stderr_has("r.yaml:12:")
        .stderr_has("no tone label `empathie`")
        .stderr_has("did you mean `empathy`?");
}
