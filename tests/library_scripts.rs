//! Every shipped scenario has a test plan (`scenarios/tests/<id>/plan.yaml`) with a strong and
//! a weak trainee, and `deskcoach test` passes on all of them, as a trainer would run it.

mod support;

use std::path::Path;

use support::Deskcoach;

#[test]
fn every_scenario_has_a_plan_with_a_strong_and_a_weak_trainee() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&root).expect("scenarios/").filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".yaml") else { continue };
        let plan = std::fs::read_to_string(root.join("tests").join(id).join("plan.yaml")).unwrap_or_default();
        if !(plan.contains("name: strong") && plan.contains("name: weak")) {
            missing.push(id.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "scenarios without a strong and a weak case in their plan: {missing:?}"
    );
}

#[test]
fn deskcoach_test_passes_on_the_shipped_plans() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Deskcoach::new()
        .args(["test"])
        .arg_path(&root.join("scenarios/tests"))
        .run();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("test result: ok.") && run.stdout.contains(" 0 failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_failing_case_is_reported_with_what_it_expected() {
    let plan = "scenario: internet-down\ncases:\n  - name: optimist\n    script: s.txt\n    outcome: resolved\n    passed: true\n    skills: {empathy: [90, 100]}\n    findings: {must: [sarcasm], must_not: [why-question]}\n";
    let run = Deskcoach::new()
        .file("t/plan.yaml", plan)
        .file("t/s.txt", "Why is it down?\n")
        .args(["test", "t"])
        .run()
        .code(1);
    for expected in [
        "test internet-down/optimist ... FAILED",
        "expected the call to end resolved, it ended ended before it was resolved",
        "expected a pass, got a fail",
        "expected empathy between 90 and 100, got ",
        "expected a `sarcasm` finding; there was none",
        "unexpected `why-question` finding at turn 1",
        "test result: FAILED. 0 passed; 1 failed",
    ] {
        assert!(run.stdout.contains(expected), "missing {expected:?} in\n{}", run.stdout);
    }
    Deskcoach::new()
        .args(["test", "nowhere"])
        .run()
        .code(2)
        .stderr_has("nowhere: no such file or folder");
    Deskcoach::new()
        .file("t/plan.yaml", "scenario: internet-down\ncases: oops\n")
        .args(["test", "t"])
        .run()
        .code(2)
        .stderr_has("t/plan.yaml:2:8");

    let escape = "scenario: internet-down\ncases:\n  - name: sneaky\n    script: ../../etc/passwd\n";
    Deskcoach::new()
        .file("t/plan.yaml", escape)
        .args(["test", "t"])
        .run()
        .code(2)
        .stderr_has("must be a file inside the plan's folder");
}

#[cfg(unix)]
#[test]
fn a_script_symlinked_out_of_the_plans_folder_is_refused() {
    let plan = "scenario: internet-down\ncases:\n  - name: sneaky\n    script: s.txt\n";
    let d = Deskcoach::new().file("t/plan.yaml", plan).file("secret.txt", "Hi.\n");
    std::os::unix::fs::symlink(d.path("secret.txt"), d.path("t/s.txt")).unwrap();
    d.args(["test", "t"])
        .run()
        .code(2)
        .stderr_has("script `s.txt` must be a file inside the plan's folder");
}

#[cfg(unix)]
#[test]
fn transcripts_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let run = Deskcoach::new()
        .file("s.txt", "Hi, this is Sam from IT.\n")
        .args([
            "play",
            "internet-down",
            "--script",
            "s.txt",
            "--no-save",
            "--transcript-out",
            "t.yaml",
        ])
        .run()
        .code(0);
    let mode = std::fs::metadata(run.folder().join("t.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
