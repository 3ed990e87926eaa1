//! `deskcoach audit` on exports shaped like real ones, with bad rows in them.

mod support;

use support::Deskcoach;

const GOOD: &str = "User could not reach websites. System was manually configured with incorrect IP address 192.168.1.50. Reconfigured to use DHCP. Verified problem was resolved.";
const VAGUE: &str = "System broke... fixed it.";

#[test]
fn a_servicenow_export_is_audited_with_a_summary_per_agent() {
    let csv = format!(
        "number,assigned_to,close_notes\nINC1,ana,{VAGUE}\nINC2,ben,\"{GOOD}\"\nINC3,ana,\nINC4,ben,\"{GOOD}\"\n"
    );
    let run = Deskcoach::new()
        .file("export.csv", csv)
        .args(["audit", "notes", "export.csv"])
        .run()
        .code(2);
    for expected in [
        "Audit: 3 notes scored, 1 skipped",
        "Vague notes: 1 (33.3%)",
        "│ ana   ┆ 1     ┆ 1     ┆ 100.0%",
        "row 3: the note is empty",
        "INC1 (row 1)  ana",
    ] {
        assert!(run.stdout.contains(expected), "missing {expected:?} in\n{}", run.stdout);
    }
    assert!(
        run.stderr.contains("export.csv: row 3: the note is empty (skipped)"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_rows_are_reported_by_number_and_the_run_goes_on() {
    let mut bytes = format!("id,agent,note\n1,ana,{VAGUE}\n2,ben,").into_bytes();
    bytes.extend_from_slice(b"caf\xe9 broke\n");
    bytes.extend_from_slice(format!("3,ana,\"{GOOD}\"\n4,ben\n5,cy,\"unterminated quote\n").as_bytes());
    let run = Deskcoach::new()
        .file("n.csv", bytes)
        .args(["audit", "notes", "n.csv", "--format", "jsonl"])
        .run()
        .code(2);
    let rows: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let numbers: Vec<u64> = rows.iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 3], "{}", run.stdout);
    assert_eq!(rows[0]["vague"], true);
    assert_eq!(rows[1]["score"], 100);
    for expected in [
        "row 2: the note is not valid UTF-8",
        "row 4: the note column is missing from this row",
        "row 5: unreadable CSV starting on line 6: a quoted field is still open at the end of the file",
        "error: n.csv: 3 row(s) skipped (listed above); the results of every other row were written",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
    assert!(run.stderr.contains("skipped"), "{}", run.stderr);
}

#[test]
fn csv_results_keep_input_order_across_threads_and_defuse_formulas() {
    let mut csv = String::from("ticket id,agent,description\n");
    for i in 0..600 {
        let note = if i % 3 == 0 { VAGUE } else { GOOD };
        csv.push_str(&format!(
            "T{i},{},\"{note}\"\n",
            if i == 5 { "=HYPERLINK(\"x\")" } else { "sam" }
        ));
    }
    let run = Deskcoach::new()
        .file("e.csv", csv)
        .args([
            "audit", "notes", "e.csv", "--format", "csv", "--jobs", "4", "-o", "out.csv",
        ])
        .run()
        .code(0);
    let out = run.file("out.csv");
    let ids: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(ids, (0..600).map(|i| format!("T{i}")).collect::<Vec<_>>());
    assert!(out.contains("\"'=HYPERLINK(\"\"x\"\")\""), "the formula is defused");
    assert!(
        run.stdout.contains("Audit: 600 notes scored, 0 skipped") && run.stdout.contains("Vague notes: 200 (33.3%)"),
        "{}",
        run.stdout
    );
}

#[test]
fn jsonl_notes_and_named_columns() {
    let jsonl = format!(
        "{{\"key\":\"Z-1\",\"owner\":\"ana\",\"body\":\"{VAGUE}\"}}\n{{\"key\":\"Z-2\",\"owner\":\"ben\",\"body\":\"\"}}\nnot json\n"
    );
    let run = Deskcoach::new()
        .file("n.jsonl", jsonl)
        .args(["audit", "notes", "n.jsonl"])
        .run()
        .code(2);
    assert!(
        run.stdout.contains("Audit: 1 notes scored, 2 skipped"),
        "{}",
        run.stdout
    );
    let csv = "Ticket,Who,Words\n1,ana,Done.\n";
    Deskcoach::new()
        .file("c.csv", csv)
        .args(["audit", "notes", "c.csv"])
        .run()
        .code(2)
        .stderr_has("c.csv: no note column found; name it with --text-column");
    let run = Deskcoach::new()
        .file("c.csv", csv)
        .args([
            "audit",
            "notes",
            "c.csv",
            "--text-column",
            "words",
            "--agent-column",
            "Who",
        ])
        .run()
        .code(0);
    assert!(
        run.stdout.contains("│ ana ") && run.stdout.contains("Vague notes: 1"),
        "{}",
        run.stdout
    );
    Deskcoach::new()
        .file("c.csv", csv)
        .args(["audit", "notes", "c.csv", "--text-column", "nope"])
        .run()
        .code(2)
        .stderr_has("no column `nope`");
}

#[test]
fn call_transcripts_are_scored_with_the_line_rules() {
    let calls = concat!(
        r#"{"id":"C1","agent":"sam","turns":[{"role":"customer","text":"My internet is down!"},{"role":"agent","text":"Why did you do that? Calm down."}]}"#,
        "\n",
        r#"{"id":"C2","agent":"kim","turns":[{"role":"customer","text":"Email stopped"},{"role":"agent","text":"Hi, this is Kim from IT. I'm sorry about that. What error do you see?"}]}"#,
        "\n",
        r#"{"id":"C3","agent":"kim","turns":[{"role":"robot","text":"beep"}]}"#,
        "\n"
    );
    let run = Deskcoach::new()
        .file("c.jsonl", calls)
        .args(["audit", "calls", "c.jsonl", "--format", "jsonl"])
        .run()
        .code(2);
    let rows: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let rules = |r: &serde_json::Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(
        rules(&rows[0]).contains(&"why-question".to_owned()) && rules(&rows[0]).contains(&"dismissal".to_owned()),
        "{:?}",
        rules(&rows[0])
    );
    assert!(!rules(&rows[1]).contains(&"why-question".to_owned()));
    assert!(rows[1]["score"].as_u64() > rows[0]["score"].as_u64());
    assert!(
        !rules(&rows[0]).contains(&"key-facts".to_owned()),
        "no scenario, no key facts to find"
    );
    assert!(run.stderr.contains("row 3: unknown role `robot`"), "{}", run.stderr);
}

#[test]
fn a_missing_file_or_a_folder_is_an_error() {
    Deskcoach::new()
        .args(["audit", "notes", "none.csv"])
        .run()
        .code(2)
        .stderr_has("none.csv: no such file or folder");
    Deskcoach::new()
        .file("d/x", "")
        .args(["audit", "calls", "d"])
        .run()
        .code(2)
        .stderr_has("d: is a folder");
}

#[test]
fn a_byte_order_mark_does_not_cost_the_first_json_line() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(format!("{{\"id\":\"1\",\"agent\":\"ana\",\"note\":\"{VAGUE}\"}}\n").as_bytes());
    bytes.extend_from_slice(format!("{{\"id\":\"2\",\"agent\":\"ben\",\"note\":\"{GOOD}\"}}\n").as_bytes());
    Deskcoach::new()
        .file("n.jsonl", bytes)
        .args(["audit", "notes", "n.jsonl", "--format", "jsonl"])
        .run()
        .code(0)
        .stderr_has("2 notes scored, 0 skipped");
}

#[test]
fn an_absurd_number_of_jobs_is_clamped_not_a_crash() {
    // --jobs 30000 once panicked: the system would not spawn that many threads.
    for (asked, used) in [("30000", "256"), ("0", "1")] {
        Deskcoach::new()
            .file("n.csv", format!("id,agent,note\n1,ana,\"{GOOD}\"\n"))
            .args(["audit", "notes", "n.csv", "--format", "jsonl", "--jobs", asked])
            .run()
            .code(0)
            .stderr_has(&format!("--jobs {asked} is out of range (1 to 256); using {used}"))
            .stdout_has("\"row\":1");
    }
}

#[test]
fn an_output_that_is_the_input_is_refused_and_the_export_kept() {
    let csv = format!("id,agent,note\n1,ana,{VAGUE}\n");
    let run = Deskcoach::new()
        .file("export.csv", &csv)
        .args(["audit", "notes", "export.csv", "--format", "csv", "-o", "export.csv"])
        .run()
        .code(2)
        .stderr_has("export.csv: this output is also an input");
    assert_eq!(run.file("export.csv"), csv);
}

#[cfg(unix)]
#[test]
fn a_run_that_fails_while_writing_leaves_the_old_output_whole() {
    let mut csv = String::from("id,agent,note\n");
    for i in 0..2_000 {
        csv.push_str(&format!("{i},ana,\"{GOOD}\"\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("export.csv"), &csv).unwrap();
    std::fs::write(dir.path().join("out.jsonl"), "old results\n").unwrap();
    // A disk with room for 64 KB per file: the results (about 500 KB) do not fit.
    let bin = assert_cmd::cargo::cargo_bin("deskcoach");
    let script = format!(
        "trap '' XFSZ; ulimit -f 128; exec '{}' audit notes export.csv --format jsonl -o out.jsonl",
        bin.display()
    );
    let full = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert_ne!(full.status.code(), Some(0), "{}", String::from_utf8_lossy(&full.stderr));
    let old = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    assert_eq!(old, "old results\n", "the old results are whole");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no half-written file is left behind: {names:?}");
}

#[test]
fn an_open_quote_costs_one_row_not_the_rest_of_the_export() {
    let mut csv = String::from("id,agent,note\n");
    for i in 1..=5_000 {
        match i {
            11 => csv.push_str("11,ana,\"Printer jammed, cleared the tray\n"),
            _ => csv.push_str(&format!(
                "{i},ana,User could not print; restarted the spooler, test page ok\n"
            )),
        }
    }
    let run = Deskcoach::new()
        .file("big.csv", &csv)
        .args(["audit", "notes", "big.csv", "--format", "csv", "-o", "out.csv"])
        .args(["--max-row-bytes", "4096"])
        .run()
        .code(2)
        .stdout_has("Audit: 4999 notes scored, 1 skipped")
        .stderr_has("big.csv: row 11: unreadable CSV starting on line 12: a quoted field runs past 4096 bytes");
    let out = run.file("out.csv");
    let rows: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(rows.len(), 4_999, "every good row is written");
    assert_eq!(rows[10], "12");
    assert_eq!(rows[4_998], "5000");
}

#[test]
fn an_overlong_json_line_is_one_bad_row() {
    let long = "x".repeat(5_000);
    let jsonl = format!("{{\"note\":\"{GOOD}\"}}\n{{\"note\":\"{long}\"}}\n{{\"note\":\"{VAGUE}\"}}\n");
    Deskcoach::new()
        .file("n.jsonl", jsonl)
        .args(["audit", "notes", "n.jsonl", "--max-row-bytes", "1000"])
        .run()
        .code(2)
        .stdout_has("Audit: 2 notes scored, 1 skipped")
        .stderr_has("row 2: the line is longer than 1000 bytes");
}
