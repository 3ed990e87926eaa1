//! Every shipped scenario has a strong and a weak trainee script under
//! `scenarios/tests/<id>/`: the strong one must reach a good end and pass, the weak one must
//! fail. They are played through the binary exactly as `play --script` is.

mod support;

use std::path::Path;

use support::Deskcoach;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Plays a script and scores the transcript, returning the assessment and the outcome.
fn play(scenario: &str, script: &str) -> (serde_json::Value, String) {
    let run = Deskcoach::new()
        .file("s.txt", script)
        .args([
            "play",
            scenario,
            "--script",
            "s.txt",
            "--no-save",
            "--transcript-out",
            "t.yaml",
        ])
        .run()
        .code(0);
    let transcript: serde_yaml::Value = serde_yaml::from_str(&run.file("t.yaml")).expect("a transcript");
    let outcome = transcript["outcome"].as_str().unwrap_or_default().to_owned();
    let scored = Deskcoach::new()
        .file("t.yaml", run.file("t.yaml"))
        .args(["score", "t.yaml", "--format", "json"])
        .run();
    (json(&scored.stdout), outcome)
}

#[test]
fn strong_scripts_pass_and_weak_scripts_fail() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let ids: Vec<String> = std::fs::read_dir(&root)
        .expect("scenarios/")
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".yaml"))
                .map(str::to_owned)
        })
        .collect();
    let mut failures = Vec::new();
    for id in &ids {
        let dir = root.join("tests").join(id);
        let read = |name: &str| std::fs::read_to_string(dir.join(name));
        let (Ok(strong), Ok(weak)) = (read("strong.txt"), read("weak.txt")) else {
            failures.push(format!("{id}: needs scenarios/tests/{id}/strong.txt and weak.txt"));
            continue;
        };
        let (a, outcome) = play(id, &strong);
        if !matches!(outcome.as_str(), "resolved" | "escalated") || a["passed"] != true {
            failures.push(format!(
                "{id}: the strong script ended {outcome} with {} (passed: {})",
                a["overall"], a["passed"]
            ));
        }
        let (a, outcome) = play(id, &weak);
        if a["passed"] == true {
            failures.push(format!(
                "{id}: the weak script passed with {} (outcome {outcome})",
                a["overall"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
