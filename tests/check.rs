//! `deskcoach check`: one broken scenario or rubric per diagnostic code, each reported with
//! its code, file:line:col and the right exit code.

mod support;

use support::Deskcoach;

const VALID: &str = support::TINY_SCENARIO;

/// Checks one scenario file and returns the run.
fn check(contents: &str, extra: &[&str]) -> support::Run {
    Deskcoach::new()
        .file("s/tiny.yaml", contents)
        .args(["check", "s"])
        .args(extra)
        .run()
}

#[test]
fn the_valid_scenario_and_the_shipped_files_are_clean() {
    check(VALID, &[]).code(0).stdout_has("0 error(s), 0 warning(s)");
    Deskcoach::new().args(["check"]).run().code(0);
}

/// (code, the change that triggers it, the position and words the report must show)
const ERRORS: &[(&str, &str, &str, &str)] = &[
    (
        "DC0001",
        "title: Tiny call\n|title: \"Tiny call\n",
        "tiny.yaml:30:1",
        "found unexpected end of stream",
    ),
    (
        "DC0002",
        "  patience: 5\n|  patience: 5\n  temper: 3\n",
        "tiny.yaml:10:3",
        "unknown field `temper`",
    ),
    (
        "DC0003",
        "difficulty: 1\n|difficulty: hard\n",
        "tiny.yaml:4:13",
        "invalid type",
    ),
    (
        "DC0004",
        "        goto: fixed\n|        goto: fixd\n",
        "tiny.yaml:24:15",
        "did you mean `fixed`?",
    ),
    (
        "DC0005",
        "      - when: [plug_in]\n|      - when: [plug_inn]\n",
        "tiny.yaml:23:16",
        "no intent named `plug_inn`",
    ),
    (
        "DC0006",
        "        goto: fixed\n|        reveal: [caus]\n        goto: fixed\n",
        "tiny.yaml:24:18",
        "no fact named `caus`",
    ),
    ("DC0007", "  mood: 5\n|  mood: 11\n", "tiny.yaml:8:9", "mood is 11"),
    (
        "DC0008",
        "    caller: Thanks!\n|    caller: \"  \"\n",
        "tiny.yaml:26:13",
        "this caller line is empty",
    ),
    (
        "DC0009",
        "  fixed:\n|  opening:\n    caller: again\n  fixed:\n",
        "tiny.yaml:20:3",
        "`opening` is defined twice",
    ),
    (
        "DC0012",
        "    end: resolved\n|    end: hung_up\n",
        "tiny.yaml:18:8",
        "no path from the start reaches",
    ),
    (
        "DC0013",
        "    examples: [plug the cable in, connect the cable, push the cable back in]\n|    examples: []\n",
        "tiny.yaml:16:3",
        "has no examples",
    ),
    (
        "DC0015",
        "  must_mention: [cause]\n|  must_mention: [cuase]\n",
        "tiny.yaml:29:18",
        "did you mean `cause`?",
    ),
    ("DC0016", "id: tiny\n|id: tiny\0\n", "tiny.yaml:1:9", "binary"),
    (
        "DC0019",
        "ticket:\n|rubric:\n  off: [why-qestion]\nticket:\n",
        "tiny.yaml",
        "did you mean `why-question`?",
    ),
    (
        "DC0021",
        "intents:\n|actions:\n  restat:\n    caller: Done.\nintents:\n",
        "tiny.yaml:16:3",
        "did you mean `restart`?",
    ),
];

const WARNINGS: &[(&str, &str, &str, &str)] = &[
    (
        "DC0010",
        "  fixed:\n|  orphan:\n    caller: Nobody comes here.\n    end: resolved\n  fixed:\n",
        "tiny.yaml:25:3",
        "no reply leads to node `orphan`",
    ),
    (
        "DC0011",
        "        goto: fixed\n|        goto: fixed\n      - when: [greet]\n        goto: stuck\n  stuck:\n    caller: Hm.\n",
        "tiny.yaml:27:3",
        "no reply leaves it",
    ),
    (
        "DC0013",
        "    examples: [plug the cable in, connect the cable, push the cable back in]\n|    examples: [plug the cable in]\n",
        "tiny.yaml:16:3",
        "has 1 example(s)",
    ),
    (
        "DC0014",
        "    asked_by: [ask_what_changed]\n|    asked_by: []\n",
        "tiny.yaml:11:3",
        "nothing reveals fact `cause`",
    ),
];

fn broken(change: &str) -> String {
    let (from, to) = change.split_once('|').expect("from|to");
    assert!(VALID.contains(from), "the change applies: {from:?}");
    VALID.replacen(from, to, 1)
}

#[test]
fn every_error_code_is_reported_with_its_position() {
    for (code, change, place, words) in ERRORS {
        let run = check(&broken(change), &[]);
        assert_eq!(run.code, 2, "{code}: exit code\n{}", run.stdout);
        assert!(
            run.stdout.contains(&format!("error[{code}]")),
            "{code}: no code in\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(place) && run.stdout.contains(words),
            "{code}: expected {place} and {words:?} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn every_warning_code_is_reported_and_fails_only_with_deny_warnings() {
    for (code, change, place, words) in WARNINGS {
        let text = broken(change);
        let run = check(&text, &[]);
        assert_eq!(run.code, 0, "{code}: warnings alone pass\n{}", run.stdout);
        assert!(
            run.stdout.contains(&format!("warning[{code}]")),
            "{code}: no code in\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(place) && run.stdout.contains(words),
            "{code}: expected {place} and {words:?} in\n{}",
            run.stdout
        );
        check(&text, &["--deny-warnings"]).code(1);
    }
}

#[test]
fn a_brief_that_gives_the_cause_away_is_dc0020() {
    let spoiler = VALID
        .replacen("    key: true\n", "    key: true\n    note_terms: [cable]\n", 1)
        .replacen(
            "difficulty: 1\n",
            "brief: Sam says the cable came out.\ndifficulty: 1\n",
            1,
        );
    let run = check(&spoiler, &[]).code(0);
    assert!(
        run.stdout.contains("warning[DC0020]")
            && run.stdout.contains("tiny.yaml:4:8")
            && run.stdout.contains("key fact `cause`"),
        "{}",
        run.stdout
    );
    let fair = spoiler.replacen("the cable came out", "it is broken", 1);
    check(&fair, &["--deny-warnings"]).code(0);
}

#[test]
fn an_action_with_an_intents_id_is_dc0021() {
    let run = check(
        &broken("intents:\n|actions:\n  plug_in:\n    caller: Done.\nintents:\n"),
        &[],
    )
    .code(2);
    assert!(
        run.stdout.contains("error[DC0021]") && run.stdout.contains("already an intent"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_scenario_id_used_twice_is_dc0009() {
    let run = Deskcoach::new()
        .file("s/a.yaml", VALID)
        .file("s/b.yaml", VALID)
        .args(["check", "s"])
        .run()
        .code(2);
    assert!(
        run.stdout.contains("error[DC0009]") && run.stdout.contains("b.yaml:1:5: scenario id `tiny` is also used by"),
        "{}",
        run.stdout
    );
}

#[test]
fn rubric_codes_dc0017_and_dc0018() {
    let rubric = "version: 1\npass_mark: 70\nskills:\n  tone: {weight: 1, label: Tone}\nrules:\n  - id: r\n    skill: tone\n    level: warning\n    points: 5\n    scope: trainee_line\n    kind: existence\n    phrases: [x]\n    message: m\n";
    Deskcoach::new()
        .file("r.yaml", rubric)
        .args(["check", "r.yaml"])
        .run()
        .code(0);
    let shape = rubric.replace("    phrases: [x]\n", "    phrases: [x]\n    swap: {a: b}\n");
    Deskcoach::new()
        .file("r.yaml", shape)
        .args(["check", "r.yaml"])
        .run()
        .code(2)
        .stdout_has("error[DC0017]")
        .stdout_has("r.yaml:13:11");
    let skill = rubric.replace("skill: tone", "skill: tnoe");
    Deskcoach::new()
        .file("r.yaml", skill)
        .args(["check", "r.yaml"])
        .run()
        .code(2)
        .stdout_has("error[DC0018]")
        .stdout_has("did you mean `tone`?");
}

#[test]
fn a_folder_with_nothing_to_check_is_an_error() {
    // Once "checked 0 file(s)" and exit 0: a trainer who named the wrong folder was told all
    // was well.
    Deskcoach::new()
        .file("empty/notes.txt", "not yaml")
        .args(["check", "empty"])
        .run()
        .code(2)
        .stderr_has("empty: no scenario or rubric files (*.yaml) in this folder");
}
