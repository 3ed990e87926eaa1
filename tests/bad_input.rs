//! A catalogue of bad input: broken scenario files, rubrics, transcripts, scripts, test plans,
//! config files, `analyze` input and command lines. Every case must end quickly with exit code
//! 2, a message that names the file (and the line and column where the problem has a place),
//! and no panic.
//!
//! Each case is a row in `cases()`: the files to write, the command line, and the fragments
//! its error message must contain. All cases run, and every failure is listed at the end.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::Deskcoach;

/// A run that takes longer than this is taken for a hang (it is a guard, not a benchmark).
const HANG_GUARD: Duration = Duration::from_secs(10);

const VALID: &str = support::TINY_SCENARIO;

/// A small rubric that passes `check`.
const RUBRIC: &str = "\
version: 1
pass_mark: 70
skills:
  tone: {weight: 10, label: Tone}
rules:
  - id: blame
    skill: tone
    level: warning
    points: 10
    scope: trainee_line
    kind: existence
    phrases: [your fault]
    message: Blame.
";

/// A transcript as `play --transcript-out` writes it.
/// A saved call of the built-in internet-down, made for the scenario as it is now.
fn transcript() -> String {
    let hash = deskcoach::scenario::content_hash(include_str!("../scenarios/internet-down.yaml"));
    TRANSCRIPT.replacen("HASH", &hash, 1)
}

const TRANSCRIPT: &str = "\
format: 1
scenario: internet-down
scenario_hash: HASH
seed: 0
trainee: trainee
mood_start: 7
opening: The Internet is down!
turns:
- number: 1
  trainee: Yeah?
  caller: I don't have time for this. Can you just fix it?
  intents: []
  mood_before: 7
  mood: 7
  node: opening
outcome: hung_up
note: Fixed it.
";

/// A test plan with one case, and the script it plays.
const PLAN: &str = "\
scenario: internet-down
cases:
  - name: strong
    script: strong.txt
    outcome: resolved
";

/// The scenario with the first occurrence of `from` replaced by `to`.
fn scenario_with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "the scenario has no {from:?}");
    VALID.replacen(from, to, 1)
}

fn transcript_with(from: &str, to: &str) -> String {
    assert!(TRANSCRIPT.contains(from), "the transcript has no {from:?}");
    transcript().replacen(from, to, 1)
}

fn rubric_with(from: &str, to: &str) -> String {
    assert!(RUBRIC.contains(from), "the rubric has no {from:?}");
    RUBRIC.replacen(from, to, 1)
}

fn plan_with(from: &str, to: &str) -> String {
    assert!(PLAN.contains(from), "the plan has no {from:?}");
    PLAN.replacen(from, to, 1)
}

/// Ten thousand nested flow lists: `[[[[...]]]]`.
fn deep_lists() -> String {
    format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000))
}

/// Ten thousand nested flow maps under a real key: `caller: {a: {a: ...}}`.
fn deep_maps(key: &str) -> String {
    format!("{key}: {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000))
}

/// "Billion laughs" as one value: nine levels of anchors, each a list of nine aliases of the
/// one before, so expanding the last gives 9^9 strings.
fn alias_bomb(key: &str) -> String {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    let mut levels = vec![format!("&a [{}]", ["lol"; 9].join(", "))];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(", ");
        levels.push(format!("&{} [{refs}]", pair[1]));
    }
    format!("{key}: [{}]\n", levels.join(", "))
}

/// A hundred thousand nested flow lists, a megabyte of `[`: quadratic in serde before the
/// depth was bounded while scanning.
fn very_deep_lists() -> String {
    format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000))
}

/// Block lists nested 3,000 deep, one level a line.
fn deep_block_lists(key: &str) -> String {
    let mut text = format!("{key}:\n");
    for depth in 0..3_000 {
        text.push_str(&format!("{}-\n", "  ".repeat(depth + 1)));
    }
    text
}

/// A bomb by bytes, not by count: one 100 KB string aliased 2,000 times (200 MB expanded from
/// a 106 KB file), well inside serde's repetition limit.
fn wide_alias_bomb(key: &str) -> String {
    let refs = vec!["*w"; 2_000].join(", ");
    format!("{key}: [&w {}, {refs}]\n", "w".repeat(100_000))
}

/// A 10 MB line.
fn ten_mb(prefix: &str) -> String {
    format!("{prefix}{}\n", "x".repeat(10 * 1024 * 1024))
}

/// Content with an invalid UTF-8 byte on line 3, column 3.
fn invalid_utf8(text: &str) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
    lines[2].insert(2, 0xff);
    let mut out = lines.join(&b'\n');
    out.push(b'\n');
    out
}

/// Content with a NUL byte on line 2, column 4.
fn binary(text: &str) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
    lines[1].insert(3, 0);
    let mut out = lines.join(&b'\n');
    out.push(b'\n');
    out
}

/// What to check in the message when it depends on the machine: root reads a 000-mode file.
#[derive(Clone, Copy)]
enum Special {
    None,
    /// The file at this path is made unreadable; if it can still be read (root), the run must
    /// fail on its content instead, with these fragments.
    Unreadable(&'static str, &'static [&'static str]),
}

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    folders: Vec<&'static str>,
    env: Vec<(&'static str, &'static str)>,
    args: Vec<&'static str>,
    /// Fragments stderr must contain: the file, and `file:line:col` where there is a place.
    expect: Vec<&'static str>,
    special: Special,
}

impl Case {
    fn new(name: &'static str, args: &[&'static str], expect: &[&'static str]) -> Case {
        Case {
            name,
            files: Vec::new(),
            folders: Vec::new(),
            env: Vec::new(),
            args: args.to_vec(),
            expect: expect.to_vec(),
            special: Special::None,
        }
    }

    fn file(mut self, name: &'static str, contents: impl Into<Vec<u8>>) -> Case {
        self.files.push((name, contents.into()));
        self
    }

    fn folder(mut self, name: &'static str) -> Case {
        self.folders.push(name);
        self
    }

    fn env(mut self, key: &'static str, value: &'static str) -> Case {
        self.env.push((key, value));
        self
    }

    fn special(mut self, special: Special) -> Case {
        self.special = special;
        self
    }
}

const PLAY: [&str; 2] = ["play", "--no-save"];

fn play(file: &'static str) -> Vec<&'static str> {
    let mut args = PLAY.to_vec();
    args.push(file);
    args
}

fn script(file: &'static str) -> Vec<&'static str> {
    vec!["play", "internet-down", "--no-save", "--script", file]
}

fn rubric(file: &'static str) -> Vec<&'static str> {
    vec![
        "score",
        "--note",
        "Reset the router; internet works again.",
        "--rubric",
        file,
    ]
}

fn cases() -> Vec<Case> {
    let mut cases = scenario_cases();
    cases.extend(rubric_cases());
    cases.extend(transcript_cases());
    cases.extend(script_cases());
    cases.extend(analyze_cases());
    cases.extend(config_cases());
    cases.extend(plan_cases());
    cases.extend(argument_cases());
    cases
}

fn scenario_cases() -> Vec<Case> {
    vec![
        Case::new("scenario: empty", &play("s.yaml"), &["s.yaml", "empty"]).file("s.yaml", ""),
        Case::new("scenario: whitespace only", &["check", "s.yaml"], &["s.yaml", "empty"])
            .file("s.yaml", "  \n\n\t\n   \n"),
        Case::new("scenario: NUL bytes", &play("s.yaml"), &["s.yaml:2:4", "binary"]).file("s.yaml", binary(VALID)),
        Case::new(
            "scenario: NUL bytes, check",
            &["check", "s.yaml"],
            &["s.yaml:2:4", "binary"],
        )
        .file("s.yaml", binary(VALID)),
        Case::new(
            "scenario: invalid UTF-8",
            &["check", "s.yaml"],
            &["s.yaml:3:3", "UTF-8"],
        )
        .file("s.yaml", invalid_utf8(VALID)),
        Case::new(
            "scenario: 10 MB line",
            &play("s.yaml"),
            &["s.yaml:3:1", "line 2, column 8"],
        )
        .file("s.yaml", format!("id: tiny\n{}", ten_mb("title: \"never closed "))),
        Case::new("scenario: 10 MB title", &["check", "s.yaml"], &["s.yaml:2:8"])
            .file("s.yaml", scenario_with("title: Tiny call\n", &ten_mb("title: [1, "))),
        Case::new("scenario: 10,000 nested lists", &play("s.yaml"), &["s.yaml:1:"]).file("s.yaml", deep_lists()),
        Case::new(
            "scenario: 10,000 nested lists, check",
            &["check", "s.yaml"],
            &["s.yaml:1:"],
        )
        .file("s.yaml", deep_lists()),
        Case::new("scenario: 10,000 nested maps", &["check", "s.yaml"], &["s.yaml:3:"]).file(
            "s.yaml",
            scenario_with("summary: A call to break in tests.\n", &deep_maps("summary")),
        ),
        Case::new(
            "scenario: alias bomb in a caller line",
            &play("s.yaml"),
            &["s.yaml:21:", "aliases"],
        )
        .file(
            "s.yaml",
            scenario_with("    caller: It is broken.\n", &alias_bomb("    caller")),
        ),
        Case::new(
            "scenario: alias bomb in a caller line, check",
            &["check", "s.yaml"],
            &["s.yaml:21:", "aliases"],
        )
        .file(
            "s.yaml",
            scenario_with("    caller: It is broken.\n", &alias_bomb("    caller")),
        ),
        Case::new(
            "scenario: alias bomb as the title",
            &play("s.yaml"),
            &["s.yaml:2:235", "`*e`"],
        )
        .file("s.yaml", scenario_with("title: Tiny call\n", &alias_bomb("title"))),
        Case::new(
            "scenario: 10,000 nested lists in a caller line",
            &play("s.yaml"),
            &["s.yaml:21:", "nested too deeply"],
        )
        .file(
            "s.yaml",
            scenario_with("    caller: It is broken.\n", &format!("    caller: {}", deep_lists())),
        ),
        Case::new(
            "scenario: duplicate top-level key",
            &["check", "s.yaml"],
            &["s.yaml:2:1"],
        )
        .file("s.yaml", scenario_with("title: Tiny call\n", "id: again\n")),
        Case::new("scenario: duplicate key in a node", &play("s.yaml"), &["s.yaml:22:5"]).file(
            "s.yaml",
            scenario_with(
                "    caller: It is broken.\n",
                "    caller: It is broken.\n    caller: Twice.\n",
            ),
        ),
        Case::new(
            "scenario: duplicate node",
            &["check", "s.yaml"],
            &["s.yaml:20:3", "DC0009", "defined twice"],
        )
        .file("s.yaml", scenario_with("  fixed:\n", "  opening:\n")),
        Case::new("scenario: wrong type", &play("s.yaml"), &["s.yaml:4:13", "DC0003"])
            .file("s.yaml", scenario_with("difficulty: 1", "difficulty: hard")),
        Case::new(
            "scenario: a list where a map belongs",
            &["check", "s.yaml"],
            &["s.yaml:5:9", "DC0003"],
        )
        .file("s.yaml", scenario_with("caller:\n", "caller: [a, b]\nold_caller:\n")),
        Case::new("scenario: huge mood", &play("s.yaml"), &["s.yaml:8:9"])
            .file("s.yaml", scenario_with("mood: 5", "mood: 99999999999999999999")),
        Case::new("scenario: patience 1e400", &["check", "s.yaml"], &["s.yaml:9:13"])
            .file("s.yaml", scenario_with("patience: 5", "patience: 1e400")),
        Case::new("scenario: negative mood", &play("s.yaml"), &["s.yaml:8:9"])
            .file("s.yaml", scenario_with("mood: 5", "mood: -3")),
        Case::new("scenario: huge difficulty", &["check", "s.yaml"], &["s.yaml:4:13"]).file(
            "s.yaml",
            scenario_with("difficulty: 1", "difficulty: 340282366920938463463374607431768211456"),
        ),
        Case::new(
            "scenario: nodes only loop",
            &["check", "s.yaml"],
            &["s.yaml:18:8", "DC0012"],
        )
        .file(
            "s.yaml",
            scenario_with(
                "    caller: Thanks!\n    end: resolved\n",
                "    caller: Thanks!\n    replies:\n      - when: [plug_in]\n        goto: opening\n",
            ),
        ),
        Case::new(
            "scenario: nodes only loop, play",
            &play("s.yaml"),
            &["s.yaml:18:8", "DC0012"],
        )
        .file(
            "s.yaml",
            scenario_with(
                "    caller: Thanks!\n    end: resolved\n",
                "    caller: Thanks!\n    replies:\n      - when: [plug_in]\n        goto: opening\n",
            ),
        ),
        Case::new("scenario: missing file", &play("missing.yaml"), &["missing.yaml"]),
        Case::new(
            "scenario: inside a missing folder",
            &["check", "nowhere/s.yaml"],
            &["nowhere/s.yaml", "no such file"],
        ),
        Case::new(
            "scenario: a folder named .yaml",
            &play("dir.yaml"),
            &["dir.yaml", "folder"],
        )
        .folder("dir.yaml"),
        Case::new("scenario: unreadable", &play("s.yaml"), &["s.yaml"])
            .file("s.yaml", scenario_with("title: Tiny call\n", "title: \"Tiny call\n"))
            .special(Special::Unreadable("s.yaml", &["s.yaml:30:1", "DC0001"])),
        Case::new(
            "scenario folder: a broken file",
            &["list", "--scenarios", "s"],
            &["s/a.yaml:4:13"],
        )
        .file("s/a.yaml", scenario_with("difficulty: 1", "difficulty: hard")),
    ]
}

fn rubric_cases() -> Vec<Case> {
    vec![
        Case::new("rubric: empty", &rubric("r.yaml"), &["r.yaml", "empty"]).file("r.yaml", ""),
        Case::new("rubric: NUL bytes", &rubric("r.yaml"), &["r.yaml:2:4", "binary"]).file("r.yaml", binary(RUBRIC)),
        Case::new("rubric: invalid UTF-8", &rubric("r.yaml"), &["r.yaml:3:3", "UTF-8"])
            .file("r.yaml", invalid_utf8(RUBRIC)),
        Case::new("rubric: 10,000 nested lists", &rubric("r.yaml"), &["r.yaml:1:"]).file("r.yaml", deep_lists()),
        Case::new("rubric: alias bomb", &rubric("r.yaml"), &["r.yaml:12:241", "`*e`"]).file(
            "r.yaml",
            rubric_with("    phrases: [your fault]\n", &alias_bomb("    phrases")),
        ),
        Case::new(
            "rubric: 100,000 nested lists",
            &rubric("r.yaml"),
            &["r.yaml:1:", "nested too deeply"],
        )
        .file("r.yaml", very_deep_lists()),
        Case::new(
            "rubric: block lists 3,000 deep",
            &rubric("r.yaml"),
            &["r.yaml:", "nested too deeply"],
        )
        .file("r.yaml", rubric_with("skills:\n", &deep_block_lists("skills"))),
        Case::new(
            "rubric: one long string aliased 2,000 times",
            &rubric("r.yaml"),
            &["r.yaml:12:", "aliases expand", "`*w`"],
        )
        .file(
            "r.yaml",
            rubric_with("    phrases: [your fault]\n", &wide_alias_bomb("    phrases")),
        ),
        Case::new("rubric: duplicate key", &rubric("r.yaml"), &["r.yaml:3:1"])
            .file("r.yaml", rubric_with("skills:\n", "pass_mark: 60\nskills:\n")),
        Case::new("rubric: duplicate key in a rule", &rubric("r.yaml"), &["r.yaml:8:5"]).file(
            "r.yaml",
            rubric_with("    level: warning\n", "    skill: tone\n    level: warning\n"),
        ),
        Case::new("rubric: huge pass mark", &rubric("r.yaml"), &["r.yaml:2:12"]).file(
            "r.yaml",
            rubric_with("pass_mark: 70", "pass_mark: 99999999999999999999"),
        ),
        Case::new(
            "rubric: NaN bound",
            &rubric("r.yaml"),
            &["r.yaml:6:5", "NaN is not a usable number"],
        )
        .file(
            "r.yaml",
            rubric_with("    points: 10\n", "    points: 10\n    min: .nan\n"),
        ),
        Case::new(
            "rubric: infinite bound",
            &rubric("r.yaml"),
            &["r.yaml:6:5", "inf is not a usable number"],
        )
        .file(
            "r.yaml",
            rubric_with("    points: 10\n", "    points: 10\n    below: -.inf\n"),
        ),
        Case::new("rubric: negative points", &rubric("r.yaml"), &["r.yaml:9:13"])
            .file("r.yaml", rubric_with("points: 10", "points: -10")),
        Case::new("rubric: wrong type", &rubric("r.yaml"), &["r.yaml:4:9"])
            .file("r.yaml", rubric_with("  tone: {", "  tone: [")),
        Case::new(
            "rubric: missing",
            &rubric("missing.yaml"),
            &["missing.yaml", "no such file"],
        ),
        Case::new("rubric: a folder", &rubric("dir"), &["dir", "folder"]).folder("dir"),
    ]
}

fn transcript_cases() -> Vec<Case> {
    vec![
        Case::new("transcript: empty", &["score", "t.yaml"], &["t.yaml", "empty"]).file("t.yaml", ""),
        Case::new("transcript: NUL bytes", &["score", "t.yaml"], &["t.yaml:2:4", "binary"])
            .file("t.yaml", binary(&transcript())),
        Case::new(
            "transcript: invalid UTF-8",
            &["score", "t.yaml"],
            &["t.yaml:3:3", "UTF-8"],
        )
        .file("t.yaml", invalid_utf8(&transcript())),
        Case::new("transcript: 10 MB line", &["score", "t.yaml"], &["t.yaml:"])
            .file("t.yaml", transcript_with("note: Fixed it.\n", &ten_mb("note: [1, "))),
        Case::new(
            "transcript: unknown scenario",
            &["score", "t.yaml"],
            &["t.yaml:2:11", "no-such-call"],
        )
        .file(
            "t.yaml",
            transcript_with("scenario: internet-down", "scenario: no-such-call"),
        ),
        Case::new(
            "transcript: unknown key",
            &["score", "t.yaml"],
            &["t.yaml:7:1", "unknown field"],
        )
        .file("t.yaml", transcript_with("opening:", "openin:")),
        Case::new("transcript: seed beyond u64", &["score", "t.yaml"], &["t.yaml:4:7"])
            .file("t.yaml", transcript_with("seed: 0", "seed: 18446744073709551616")),
        Case::new("transcript: negative mood", &["score", "t.yaml"], &["t.yaml:14:9"])
            .file("t.yaml", transcript_with("  mood: 7\n", "  mood: -2\n")),
        Case::new("transcript: mood out of range", &["score", "t.yaml"], &["t.yaml:6:13"])
            .file("t.yaml", transcript_with("mood_start: 7", "mood_start: 250")),
        Case::new("transcript: duplicate key", &["score", "t.yaml"], &["t.yaml:3:1"]).file(
            "t.yaml",
            transcript_with("scenario_hash:", "scenario: internet-down\nscenario_hash:"),
        ),
        Case::new("transcript: deep nesting", &["score", "t.yaml"], &["t.yaml:"])
            .file("t.yaml", transcript_with("note: Fixed it.\n", &deep_maps("note"))),
        Case::new("transcript: alias bomb", &["score", "t.yaml"], &["t.yaml:10:239"]).file(
            "t.yaml",
            transcript_with("  trainee: Yeah?\n", &alias_bomb("  trainee")),
        ),
        Case::new(
            "transcript: another format",
            &["score", "t.yaml"],
            &["t.yaml:1:9", "format 7"],
        )
        .file("t.yaml", transcript_with("format: 1", "format: 7")),
        Case::new("transcript: a folder", &["score", "dir"], &["dir", "folder"]).folder("dir"),
    ]
}

fn script_cases() -> Vec<Case> {
    vec![
        Case::new("script: NUL bytes", &script("s.txt"), &["s.txt:2:15", "binary"])
            .file("s.txt", "Hi.\nWhat happened?\0\n"),
        Case::new("script: invalid UTF-8", &script("s.txt"), &["s.txt:3:3", "UTF-8"])
            .file("s.txt", invalid_utf8("Hi.\nWhat happened?\nIs the cable in?\n")),
        Case::new("script: 10 MB line", &script("s.txt"), &["s.txt:2:"]).file("s.txt", format!("Hi.\n{}", ten_mb(""))),
        Case::new(
            "script: missing",
            &script("missing.txt"),
            &["missing.txt", "no such file"],
        ),
        Case::new("script: a folder", &script("dir"), &["dir", "folder"]).folder("dir"),
        Case::new("script: larger than the limit", &script("s.txt"), &["s.txt", "limit"])
            .file("s.txt", "a\n".repeat(9 * 1024 * 1024)),
    ]
}

fn analyze_cases() -> Vec<Case> {
    vec![
        Case::new("analyze: NUL bytes", &["analyze", "u.txt"], &["u.txt:2:4"]).file("u.txt", "Hi.\nWha\0t happened?\n"),
        Case::new("analyze: invalid UTF-8", &["analyze", "u.txt"], &["u.txt:2:5", "UTF-8"])
            .file("u.txt", b"Hi there.\nWhat\xff happened?\n".to_vec()),
        Case::new("analyze: 10 MB line", &["analyze", "u.txt"], &["u.txt:2:"])
            .file("u.txt", format!("Hi.\n{}", ten_mb(""))),
        Case::new(
            "analyze: missing",
            &["analyze", "missing.txt"],
            &["missing.txt", "no such file"],
        ),
        Case::new("analyze: a folder", &["analyze", "dir"], &["dir", "folder"]).folder("dir"),
    ]
}

fn config_cases() -> Vec<Case> {
    vec![
        Case::new("config: wrong type", &["progress"], &["c.yaml:1:10"])
            .file("c.yaml", "trainee: [a, b]\n")
            .env("DESKCOACH_CONFIG", "c.yaml")
            .env("DESKCOACH_DB", "d.db"),
        Case::new("config: unknown key", &["progress"], &["c.yaml:1:1", "unknown field"])
            .file("c.yaml", "trainer: Sam\n")
            .env("DESKCOACH_CONFIG", "c.yaml")
            .env("DESKCOACH_DB", "d.db"),
        Case::new("config: NUL bytes", &["progress"], &["c.yaml:1:12", "binary"])
            .file("c.yaml", "trainee: Sa\0m\n")
            .env("DESKCOACH_CONFIG", "c.yaml")
            .env("DESKCOACH_DB", "d.db"),
        Case::new("config: alias bomb", &["progress"], &["c.yaml:1:"])
            .file("c.yaml", alias_bomb("trainee"))
            .env("DESKCOACH_CONFIG", "c.yaml")
            .env("DESKCOACH_DB", "d.db"),
        Case::new("config: a folder", &["progress"], &["conf", "folder"])
            .folder("conf")
            .env("DESKCOACH_CONFIG", "conf")
            .env("DESKCOACH_DB", "d.db"),
    ]
}

fn plan_cases() -> Vec<Case> {
    vec![
        Case::new(
            "plan: script missing",
            &["test", "p"],
            &["p/plan.yaml:4:13", "strong.txt"],
        )
        .file("p/plan.yaml", PLAN),
        Case::new(
            "plan: unknown key",
            &["test", "p"],
            &["p/plan.yaml:5:5", "unknown field"],
        )
        .file("p/plan.yaml", plan_with("    outcome:", "    outcom:"))
        .file("p/strong.txt", "Hi.\n"),
        Case::new(
            "plan: alias bomb in the outcome",
            &["test", "p"],
            &["p/plan.yaml:5:", "aliases"],
        )
        .file(
            "p/plan.yaml",
            plan_with("    outcome: resolved\n", &alias_bomb("    outcome")),
        )
        .file("p/strong.txt", "Hi.\n"),
        Case::new("plan: empty", &["test", "p"], &["p/plan.yaml", "empty"]).file("p/plan.yaml", ""),
        Case::new(
            "plan: unknown scenario",
            &["test", "p"],
            &["p/plan.yaml:1:11", "no-such-call"],
        )
        .file(
            "p/plan.yaml",
            plan_with("scenario: internet-down", "scenario: no-such-call"),
        )
        .file("p/strong.txt", "Hi.\n"),
        Case::new("plan: seed beyond u64", &["test", "p"], &["p/plan.yaml:"])
            .file(
                "p/plan.yaml",
                plan_with("    outcome:", "    seed: 99999999999999999999999\n    outcome:"),
            )
            .file("p/strong.txt", "Hi.\n"),
        Case::new(
            "plan: its script is binary",
            &["test", "p"],
            &["strong.txt:1:3", "binary"],
        )
        .file("p/plan.yaml", PLAN)
        .file("p/strong.txt", "Hi\0.\n"),
    ]
}

fn argument_cases() -> Vec<Case> {
    vec![
        Case::new("args: unknown flag", &["play", "--bogus"], &["--bogus"]),
        Case::new("args: unknown command", &["plya"], &["plya"]),
        Case::new(
            "args: seed is not a number",
            &["play", "internet-down", "--seed", "abc"],
            &["--seed", "abc"],
        ),
        Case::new(
            "args: seed beyond u64",
            &["play", "internet-down", "--no-save", "--seed", "18446744073709551616"],
            &["--seed", "18446744073709551616"],
        ),
        Case::new(
            "args: negative seed",
            &["play", "internet-down", "--no-save", "--seed", "-1"],
            &["-1"],
        ),
        Case::new(
            "args: --since a bad date",
            &["report", "--db", "d.db", "--since", "2026-13-45"],
            &["--since", "2026-13-45"],
        ),
        Case::new(
            "args: --since a word",
            &["report", "--db", "d.db", "--since", "yesterday"],
            &["--since", "yesterday"],
        ),
        Case::new(
            "args: bad format",
            &["report", "--db", "d.db", "--format", "xml"],
            &["--format", "xml"],
        ),
        Case::new(
            "args: --no-save with --resume",
            &["play", "--no-save", "--resume"],
            &["--no-save", "--resume"],
        ),
        Case::new(
            "args: transcript with --note",
            &["score", "t.yaml", "--note", "x"],
            &["--note"],
        ),
        Case::new("args: a folder as --db", &["progress", "--db", "dir"], &["dir"]).folder("dir"),
        Case::new(
            "args: a folder as --db for play",
            &["play", "internet-down", "--db", "dir", "--script", "s.txt"],
            &["dir"],
        )
        .folder("dir")
        .file("s.txt", "Hi.\n---\nFixed.\n"),
        Case::new(
            "args: a missing --scenarios folder",
            &["list", "--scenarios", "nope"],
            &["nope", "no such file"],
        ),
        Case::new(
            "args: a file as --scenarios",
            &["play", "--no-save", "--scenarios", "s.yaml", "tiny"],
            &["s.yaml", "not a folder"],
        )
        .file("s.yaml", VALID),
        Case::new(
            "args: an unknown scenario id",
            &["play", "--no-save", "no-such-call"],
            &["no-such-call"],
        ),
        Case::new(
            "args: a text file as --db",
            &["progress", "--db", "notes.txt"],
            &["notes.txt"],
        )
        .file("notes.txt", "These are my notes, not a database.\n".repeat(200)),
        Case::new(
            "args: --transcript-out to a folder",
            &[
                "play",
                "internet-down",
                "--no-save",
                "--script",
                "s.txt",
                "--transcript-out",
                "dir",
            ],
            &["dir", "folder"],
        )
        .folder("dir")
        .file("s.txt", "Hi.\n---\nFixed.\n"),
    ]
}

/// Runs one case and says what is wrong with the outcome, if anything.
fn run_case(case: &Case) -> Result<(), String> {
    let mut dc = Deskcoach::new();
    for (name, contents) in &case.files {
        dc = dc.file(name, contents);
    }
    for folder in &case.folders {
        std::fs::create_dir_all(dc.path(folder)).expect("create folder");
    }
    for (key, value) in &case.env {
        dc = dc.env(key, value);
    }
    let mut expect = case.expect.clone();
    if let Special::Unreadable(file, otherwise) = case.special {
        let path = dc.path(file);
        make_unreadable(&path);
        if std::fs::read(&path).is_ok() {
            // Running as root: the file can be read after all, so it fails on its content.
            expect.extend(otherwise);
        } else {
            expect.push("permission denied");
        }
    }
    let started = Instant::now();
    let run = dc.args(&case.args).run();
    let took = started.elapsed();
    let mut problems = Vec::new();
    if run.code != 2 {
        problems.push(format!("exit code {} instead of 2", run.code));
    }
    if took > HANG_GUARD {
        problems.push(format!("took {took:?}"));
    }
    for panic in ["panicked", "RUST_BACKTRACE"] {
        if run.stderr.contains(panic) {
            problems.push(format!("panic text {panic:?} in stderr"));
        }
    }
    // `check` is a linter: its report is its output, on stdout; every other command reports
    // bad input on stderr.
    let message = if case.args.first() == Some(&"check") {
        format!("{}{}", run.stdout, run.stderr)
    } else {
        run.stderr.clone()
    };
    for fragment in &expect {
        if !message.contains(fragment) {
            problems.push(format!("the message lacks {fragment:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let message: String = message.chars().take(1500).collect();
        Err(format!("{}\n  --- message\n{message}", problems.join("\n")))
    }
}

#[cfg(unix)]
fn make_unreadable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
}

#[cfg(not(unix))]
fn make_unreadable(_path: &Path) {}

#[test]
fn every_bad_input_ends_quickly_with_exit_2_and_a_located_message() {
    let cases = cases();
    assert!(cases.len() >= 40, "the catalogue has only {} cases", cases.len());
    let only = std::env::var("BAD_INPUT_CASE").ok();
    let selected: Vec<&Case> = cases
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.name.contains(o)))
        .collect();
    // A few at a time: the runs are independent, and the 10 MB ones take a moment each.
    let failures: Vec<String> = selected
        .chunks(8)
        .flat_map(|chunk| {
            std::thread::scope(|scope| {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|case| scope.spawn(move || run_case(case).map_err(|e| format!("{}: {e}", case.name))))
                    .collect();
                handles
                    .into_iter()
                    .filter_map(|h| h.join().expect("the case thread").err())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} case(s) failed:\n\n{}",
        failures.len(),
        selected.len(),
        failures.join("\n\n")
    );
}

#[test]
fn case_names_are_unique() {
    let cases = cases();
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}

/// The inputs the cases break are themselves fine, so each case fails for the reason it names.
#[test]
fn the_unbroken_inputs_are_accepted() {
    Deskcoach::new()
        .file("s.yaml", VALID)
        .file("r.yaml", RUBRIC)
        .args(["check", "s.yaml", "r.yaml"])
        .run()
        .code(0);
    for args in [
        vec!["score", "t.yaml"],
        rubric("r.yaml"),
        vec!["test", "p"],
        script("s.txt"),
        vec!["analyze", "s.txt"],
        vec!["play", "--no-save", "s.yaml", "--script", "s.txt"],
    ] {
        let run = Deskcoach::new()
            .file("t.yaml", transcript())
            .file("r.yaml", RUBRIC)
            .file("s.yaml", VALID)
            .file(
                "s.txt",
                "Hi.\nPlease plug the cable in.\n---\nCable was out; plugged it in.\n",
            )
            .file("p/plan.yaml", PLAN)
            .file("p/strong.txt", "Hi.\n")
            .args(&args)
            .run();
        assert!(
            run.code == 0 || run.code == 1,
            "{args:?} exited {}: {}",
            run.code,
            run.stderr
        );
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
}

/// A device never ends and a FIFO blocks its reader until a writer comes: both are refused
/// before they are opened, wherever a file is expected. (Once `/dev/zero` as a scenario read
/// until memory ran out, and a FIFO hung the command for good.)
#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_where_a_file_is_expected() {
    let fifo_dir = tempfile::tempdir().unwrap();
    let fifo = fifo_dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    let fifo = fifo.to_str().unwrap().to_owned();
    for special in ["/dev/zero", fifo.as_str()] {
        for args in [
            vec!["check", special],
            vec!["analyze", special],
            vec!["score", special],
            vec!["audit", "notes", special],
            vec!["play", "--no-save", special],
            vec!["play", "--no-save", "internet-down", "--script", special],
        ] {
            Deskcoach::new()
                .args(&args)
                .run()
                .code(2)
                .stderr_has(&format!("{special}: not a regular file"));
        }
    }
}
