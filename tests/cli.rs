//! The command line as a user meets it: listing, help, and bad scenario files.

mod support;

use support::Deskcoach;

/// A scenario small enough to break on purpose.
const VALID: &str = "\
id: tiny
title: Tiny call
summary: A call to break in tests.
difficulty: 1
caller:
  name: Sam Roe
  role: Tester
  mood: 5
  patience: 5
start: opening
nodes:
  opening:
    caller: It is broken.
    replies:
      - when: [confirm_resolution]
        goto: fixed
  fixed:
    caller: Thanks!
    end: resolved
";

fn play_file(contents: &str) -> support::Run {
    Deskcoach::new()
        .file("tiny.yaml", contents)
        .args(["play", "tiny.yaml", "--script", "script.txt"])
        .file("script.txt", "hello\n")
        .run()
}

#[test]
fn a_valid_file_plays() {
    play_file(VALID)
        .code(0)
        .stdout_has("Sam (upset")
        .stdout_has("Call summary");
}

#[test]
fn broken_yaml_names_the_file_line_and_column() {
    let broken = VALID.replace("  mood: 5", "  mood: [5");
    play_file(&broken).code(2).stderr_has("tiny.yaml:8:").stderr_has("^");
}

#[test]
fn an_unknown_key_is_an_error_with_its_position() {
    let broken = VALID.replace("  patience: 5", "  patience: 5\n  temper: 3");
    play_file(&broken)
        .code(2)
        .stderr_has("tiny.yaml:10:3: caller: unknown field `temper`")
        .stderr_has("10 |   temper: 3");
}

#[test]
fn an_undefined_node_is_named_with_a_suggestion() {
    let broken = VALID.replace("goto: fixed", "goto: fixd");
    play_file(&broken)
        .code(2)
        .stderr_has("tiny.yaml:16:15: no node named `fixd`")
        .stderr_has("did you mean `fixed`?");
}

#[test]
fn an_undefined_intent_and_fact_are_errors() {
    let broken = VALID.replace("when: [confirm_resolution]", "when: [confirm_resolutoin]");
    play_file(&broken)
        .code(2)
        .stderr_has("tiny.yaml:15:16: no intent named `confirm_resolutoin`")
        .stderr_has("did you mean `confirm_resolution`?");
    let broken = VALID.replace("        goto: fixed", "        reveal: [cause]\n        goto: fixed");
    play_file(&broken)
        .code(2)
        .stderr_has("tiny.yaml:16:18: no fact named `cause`");
}

#[test]
fn wrong_types_and_ranges_are_errors() {
    play_file(&VALID.replace("mood: 5", "mood: -3"))
        .code(2)
        .stderr_has("tiny.yaml:8:9:");
    play_file(&VALID.replace("mood: 5", "mood: 11"))
        .code(2)
        .stderr_has("tiny.yaml:8:9: mood is 11");
    play_file(&VALID.replace("difficulty: 1", "difficulty: hard"))
        .code(2)
        .stderr_has("tiny.yaml:4:13:");
}

#[test]
fn empty_binary_and_non_utf8_files_are_refused() {
    play_file("").code(2).stderr_has("tiny.yaml: the file is empty");
    play_file("id: tiny\0\0\0")
        .code(2)
        .stderr_has("tiny.yaml:1:9: this is a binary file");
    let mut latin1 = VALID.as_bytes().to_vec();
    latin1.extend_from_slice(b"# caf\xe9\n");
    Deskcoach::new()
        .file("tiny.yaml", latin1)
        .args(["play", "tiny.yaml", "--script", "s.txt"])
        .file("s.txt", "hi\n")
        .run()
        .code(2)
        .stderr_has("tiny.yaml:20:6: invalid UTF-8");
}

#[test]
fn missing_files_and_folders_are_named() {
    Deskcoach::new()
        .args(["play", "nowhere.yaml"])
        .run()
        .code(2)
        .stderr_has("nowhere.yaml: no such file or folder");
    Deskcoach::new()
        .args(["play", "internet-down", "--script", "missing.txt"])
        .run()
        .code(2)
        .stderr_has("missing.txt: no such file or folder");
    Deskcoach::new()
        .file("dir/x", "")
        .args(["play", "internet-down", "--script", "dir"])
        .run()
        .code(2)
        .stderr_has("dir: is a folder");
}

#[test]
fn an_unknown_scenario_id_suggests_the_nearest() {
    Deskcoach::new()
        .args(["play", "internet-dwn", "--script", "s.txt"])
        .file("s.txt", "hi")
        .run()
        .code(2)
        .stderr_has("did you mean `internet-down`?");
}

#[test]
fn a_scenario_folder_replaces_the_built_in_set() {
    Deskcoach::new()
        .file("mine/tiny.yaml", VALID)
        .args(["list", "--scenarios", "mine"])
        .run()
        .code(0)
        .stdout_has("tiny")
        .stdout_has("Tiny call");
    Deskcoach::new()
        .file("mine/tiny.yaml", VALID)
        .args(["play", "tiny", "--scenarios", "mine"])
        .stdin("hello\n")
        .run()
        .code(0)
        .stdout_has("It is broken.");
}

#[test]
fn list_shows_the_built_in_scenarios_as_text_and_json() {
    let run = Deskcoach::new()
        .args(["list"])
        .run()
        .code(0)
        .stdout_has("internet-down");
    assert!(run.stdout.lines().count() >= 3, "{}", run.stdout);
    let run = Deskcoach::new().args(["list", "--format", "json"]).run().code(0);
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let ids: Vec<&str> = parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"internet-down") && ids.contains(&"printer-offline") && ids.contains(&"password-reset"),
        "{ids:?}"
    );
}

#[test]
fn play_without_a_scenario_on_a_pipe_says_what_to_do() {
    Deskcoach::new()
        .args(["play"])
        .stdin("hello\n")
        .run()
        .code(2)
        .stderr_has("name a scenario");
}

#[test]
fn usage_errors_exit_2_and_help_teaches() {
    Deskcoach::new().args(["play", "--seed", "abc"]).run().code(2);
    Deskcoach::new()
        .args(["play", "--help"])
        .run()
        .code(0)
        .stdout_has("/hint")
        .stdout_has("---");
}

#[test]
fn the_transcript_is_written_as_yaml() {
    let run = Deskcoach::new()
        .file("s.txt", "Hello, this is Sam from IT.\n/hint\nWhat happens when you try to open a website?\n---\nUser cannot browse.\n")
        .args(["play", "internet-down", "--script", "s.txt", "--transcript-out", "call.yaml", "--trainee", "Sam"])
        .run()
        .code(0)
        .stdout_has("Transcript written to call.yaml");
    let transcript: serde_yaml::Value = serde_yaml::from_str(&run.file("call.yaml")).expect("YAML");
    assert_eq!(transcript["scenario"].as_str(), Some("internet-down"));
    assert_eq!(transcript["trainee"].as_str(), Some("Sam"));
    assert_eq!(transcript["turns"].as_sequence().map(Vec::len), Some(2));
    assert_eq!(transcript["hints"][0]["turn"].as_u64(), Some(2));
    assert_eq!(transcript["note"].as_str(), Some("User cannot browse."));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `deskcoach list | head -0`: the reader is gone before anything is written.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
        .arg("list")
        .env_clear()
        .stdout(writer)
        .output()
        .expect("deskcoach runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// Terminal sequences an attacker would plant: OSC 52 (write the clipboard), BEL, clear-screen
/// (CSI 2J), OSC 0 (retitle the window), a right-to-left override and a C1 CSI.
const HOSTILE: &str = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;pwned\x07\u{202e}\u{9b}6n";

/// The same, written with YAML's escapes (a YAML file cannot hold them raw).
const HOSTILE_YAML: &str = r"\e]52;c;ZXZpbA==\a\e[2J\e]0;pwned\a\u202e\x9b6n";

#[test]
fn no_control_sequence_from_untrusted_text_survives_any_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let scenario = support::TINY_SCENARIO
        .replace("title: Tiny call", &format!("title: \"Tiny {HOSTILE_YAML}\""))
        .replace(
            "caller: It is broken.",
            &format!("caller: \"It is {HOSTILE_YAML} broken.\""),
        );
    std::fs::create_dir(path("scen")).unwrap();
    std::fs::write(path("scen/tiny.yaml"), scenario).unwrap();
    // Raw in a file, they make it invalid YAML, and the error quotes the line.
    let raw = support::TINY_SCENARIO.replace("title: Tiny call", &format!("title: Tiny {HOSTILE}"));
    std::fs::write(path("raw.yaml"), raw).unwrap();
    std::fs::write(
        path("s.txt"),
        format!("Hi {HOSTILE}, let me help.\nplug the cable in\n---\nCable {HOSTILE} was out.\n"),
    )
    .unwrap();
    std::fs::write(
        path("n.csv"),
        format!("id,agent,note\n1,ana{HOSTILE},\"Fixed {HOSTILE} it.\"\n2,ben,\n"),
    )
    .unwrap();
    // JSON escapes them (`\u001b`); decoded, they are raw again.
    let call = serde_json::json!({
        "id": format!("C{HOSTILE}"),
        "agent": format!("sam{HOSTILE}"),
        "turns": [{"role": "agent", "text": format!("Why {HOSTILE}?")}],
    });
    std::fs::write(path("c.jsonl"), format!("{call}\n{HOSTILE}\n")).unwrap();
    std::fs::create_dir(path("plan")).unwrap();
    std::fs::write(
        path("plan/plan.yaml"),
        format!("scenario: internet-down\ncases:\n  - name: \"case {HOSTILE_YAML}\"\n    script: s.txt\n"),
    )
    .unwrap();
    std::fs::write(path("plan/s.txt"), "Hi, this is Sam from IT.\n").unwrap();
    let trainee = format!("ana{HOSTILE}");
    let runs: Vec<Vec<String>> = vec![
        vec![
            "play",
            "tiny",
            "--scenarios",
            "scen",
            "--script",
            "s.txt",
            "--db",
            "t.db",
            "--transcript-out",
            "t.yaml",
            "--trainee",
            &trainee,
        ],
        vec!["score", "t.yaml", "--scenarios", "scen"],
        vec!["report", "--db", "t.db"],
        vec!["progress", "--db", "t.db", "--scenarios", "scen", "--trainee", &trainee],
        vec!["list", "--scenarios", "scen"],
        vec!["check", "raw.yaml"],
        vec!["audit", "notes", "n.csv"],
        vec!["audit", "calls", "c.jsonl"],
        vec!["test", "plan"],
        vec!["play", &format!("no{HOSTILE}such"), "--script", "s.txt", "--no-save"],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_owned).collect())
    .collect();
    for args in runs {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
            .args(&args)
            .current_dir(dir.path())
            .env_clear()
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let raw: Vec<char> = text
                .chars()
                .filter(|c| matches!(c, '\x1b' | '\x07' | '\u{202e}' | '\u{9b}'))
                .collect();
            assert!(raw.is_empty(), "{args:?} printed {raw:?} raw on {stream}:\n{text}");
        }
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(shown.contains("\\u{1b}"), "{args:?} shows the text, escaped:\n{shown}");
    }
}

#[test]
fn an_overlong_line_to_analyze_gets_an_error_object_and_the_next_line_is_analysed() {
    let input = format!(
        "Hi, this is Sam from IT.\n{}\nWhy did you do that?\n",
        "x".repeat(30_000)
    );
    let run = Deskcoach::new()
        .file("u.txt", input)
        .args(["analyze", "u.txt"])
        .run()
        .code(2)
        .stderr_has("u.txt:2:20001: this line is longer than 20000 characters");
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("longer than 20000"));
    assert_eq!(lines[2]["line"], 3);
    assert!(
        lines[2]["error"].is_null() && lines[2]["intents"].is_array(),
        "{}",
        lines[2]
    );
}

#[test]
fn utf16_files_are_named_as_such_with_how_to_convert_them() {
    let utf16 = |text: &str| {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    for (file, args) in [
        ("s.yaml", vec!["check", "s.yaml"]),
        ("n.csv", vec!["audit", "notes", "n.csv"]),
        ("u.txt", vec!["analyze", "u.txt"]),
        ("s.txt", vec!["play", "internet-down", "--no-save", "--script", "s.txt"]),
    ] {
        let run = Deskcoach::new()
            .file(file, utf16("id,agent,note\n1,ana,Fixed.\n"))
            .args(&args)
            .run();
        let shown = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, 2, "{args:?}: {shown}");
        assert!(
            shown.contains(&format!("{file}: this file looks like UTF-16")),
            "{args:?}: {shown}"
        );
    }
}

#[test]
fn an_endless_pipe_into_play_ends_with_a_message_not_the_memory() {
    // 17 MB of "y" lines: one past the limit on what a script may hold.
    let flood = "y\n".repeat(17 * 1024 * 1024 / 2 + 1);
    Deskcoach::new()
        .args(["play", "internet-down", "--no-save"])
        .stdin(flood)
        .run()
        .code(2)
        .stderr_has("<stdin>: file is over 16777216 bytes, the limit");
}
