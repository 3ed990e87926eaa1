//! Authoring tools as a trainer uses them: a new skeleton that checks clean and plays, graphs
//! of the branches, and the JSON Schemas editors read.

mod support;

use std::path::Path;

use support::Deskcoach;

#[test]
fn new_writes_a_skeleton_that_checks_clean_and_plays() {
    let run = Deskcoach::new()
        .file("mine/.keep", "")
        .args(["new", "printer-jam", "--dir", "mine"])
        .run()
        .code(0)
        .stdout_has("Wrote mine/printer-jam.yaml");
    let text = run.file("mine/printer-jam.yaml");
    assert!(text.starts_with("# yaml-language-server: $schema="));
    let d = || Deskcoach::new().file("mine/printer-jam.yaml", &text);
    d().args(["check", "mine/printer-jam.yaml", "--deny-warnings"])
        .run()
        .code(0)
        .stdout_has("0 error(s), 0 warning(s)");
    let script = "Hi, this is Sam from IT.\nWhat happens when you print?\nWhat does the printer's screen say?\nPlease load paper into tray 2.\nCan you check that it works now?\n---\nJobs stuck; tray 2 empty. Loaded paper. Verified printing.\n";
    d().file("s.txt", script)
        .args(["play", "mine/printer-jam.yaml", "--script", "s.txt", "--no-save"])
        .run()
        .code(0)
        .stdout_has("Outcome     resolved");
    d().args(["new", "printer-jam", "--dir", "mine"])
        .run()
        .code(2)
        .stderr_has("already exists");
    Deskcoach::new()
        .args(["new", "Bad Id"])
        .run()
        .code(2)
        .stderr_has("not a valid id");
}

#[test]
fn graph_draws_the_branches_as_dot_and_mermaid() {
    let dot = Deskcoach::new().args(["graph", "internet-down"]).run().code(0);
    assert!(dot.stdout.starts_with("digraph \"internet-down\" {"), "{}", dot.stdout);
    assert!(
        dot.stdout
            .contains("\"diagnose\" -> \"cause_found\" [label=\"check_ip\"]"),
        "{}",
        dot.stdout
    );
    let mermaid = Deskcoach::new()
        .args(["graph", "internet-down", "--format", "mermaid"])
        .run()
        .code(0);
    assert!(
        mermaid.stdout.starts_with("flowchart LR") && mermaid.stdout.contains("((\"fixed\"))"),
        "{}",
        mermaid.stdout
    );
    Deskcoach::new()
        .args(["graph", "internet-dwn"])
        .run()
        .code(2)
        .stderr_has("did you mean `internet-down`?");
}

#[test]
fn the_committed_schemas_match_the_formats_and_files_point_at_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for kind in ["scenario", "rubric"] {
        let run = Deskcoach::new().args(["schema", kind]).run().code(0);
        let committed = std::fs::read_to_string(root.join(format!("schema/{kind}.schema.json"))).unwrap();
        assert_eq!(
            run.stdout, committed,
            "schema/{kind}.schema.json is stale: regenerate it with `deskcoach schema {kind}`"
        );
        let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(
            schema["additionalProperties"], false,
            "unknown keys are errors in editors too"
        );
    }
    for entry in std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let first = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            assert_eq!(
                first,
                "# yaml-language-server: $schema=../schema/scenario.schema.json",
                "{}",
                path.display()
            );
        }
    }
}
