//! The training record: migrations, concurrent saves, a killed call resumed, refusing what it
//! cannot safely open, and every report format.

mod support;

use std::process::{Command, Stdio};

use deskcoach::store::{Store, schema};
use rusqlite::Connection;
use support::Deskcoach;

const GOOD_CALL: &str = include_str!("../scenarios/tests/internet-down/strong.txt");
const WEAK_CALL: &str = include_str!("../scenarios/tests/internet-down/weak.txt");

fn attempts(db: &std::path::Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))
        .unwrap()
}

/// Plays a script into the database `t.db` of the run's folder.
fn play(d: Deskcoach, trainee: &str, script: &str) -> support::Run {
    d.file("s.txt", script)
        .args([
            "play",
            "internet-down",
            "--script",
            "s.txt",
            "--db",
            "t.db",
            "--trainee",
            trainee,
        ])
        .run()
}

#[test]
fn a_database_from_each_earlier_version_is_migrated_forward_with_its_data() {
    for version in 0..schema::LATEST {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            for sql in &schema::MIGRATIONS[..version as usize] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", version).unwrap();
            if version >= 1 {
                conn.execute_batch(
                    "INSERT INTO trainees VALUES (1, 'old-timer', 0);
                     INSERT INTO attempts VALUES (1, 1, 'internet-down', 'h', 'r', '0.0.1', 0, 0, 10, 'resolved', 0, 80, 1, 'note');",
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap_or_else(|e| panic!("from version {version}: {e}"));
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let now: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(now, schema::LATEST, "from version {version}");
        let kept: i64 = conn
            .query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            kept,
            i64::from(version >= 1),
            "from version {version}, the old attempt is kept"
        );
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let d = Deskcoach::new();
    let path = d.path("t.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", schema::LATEST + 7)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let run = d
        .args(["progress", "--db", "t.db", "--trainee", "x"])
        .run()
        .code(2)
        .stderr_has("written by a newer deskcoach");
    assert_eq!(std::fs::read(run.folder().join("t.db")).unwrap(), before);
}

#[test]
fn a_database_corrupt_past_its_header_is_never_written_to() {
    let made = play(Deskcoach::new(), "ana", GOOD_CALL).code(0);
    let path = made.folder().join("t.db");
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() >= 8 * 4096, "a record of {} bytes", bytes.len());
    // Pages 6 to 8 overwritten; the header on page 1 is intact.
    for (i, byte) in bytes[5 * 4096..8 * 4096].iter_mut().enumerate() {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let run = Deskcoach::new()
        .file("s.txt", GOOD_CALL)
        .args(["play", "internet-down", "--script", "s.txt", "--trainee", "ana", "--db"])
        .arg_path(&path)
        .run()
        .code(2)
        .stderr_has("t.db: the database is corrupt")
        .stderr_has("it was left untouched");
    assert!(!run.stdout.contains("you>"), "refused before the call");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "not one byte written");
    let log = std::fs::metadata(made.folder().join("t.db-wal")).map_or(0, |m| m.len());
    assert_eq!(log, 0, "nothing waits in the write-ahead log either");
}

#[test]
fn a_foreign_schema_version_and_a_dangling_link_are_named() {
    let d = Deskcoach::new();
    let path = d.path("t.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", -1)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let run = d
        .args(["report", "--db", "t.db"])
        .run()
        .code(2)
        .stderr_has("t.db: this database has schema version -1, which no deskcoach writes");
    assert_eq!(std::fs::read(run.folder().join("t.db")).unwrap(), before);
    #[cfg(unix)]
    {
        let d = Deskcoach::new();
        std::os::unix::fs::symlink(d.path("gone/record.db"), d.path("t.db")).unwrap();
        d.args(["report", "--db", "t.db"])
            .run()
            .code(2)
            .stderr_has("t.db: this is a symbolic link to")
            .stderr_has("gone/record.db, which does not exist");
    }
}

#[test]
fn a_corrupt_database_is_reported_with_a_recovery_hint_and_left_untouched() {
    let garbage = b"this is not sqlite at all, just some text that happens to be long enough ....".repeat(60);
    let run = play(Deskcoach::new().file("t.db", &garbage), "ana", GOOD_CALL);
    let run = run
        .code(2)
        .stderr_has("t.db: this file is not a deskcoach database, or it is corrupt")
        .stderr_has("help: move it aside");
    assert_eq!(std::fs::read(run.folder().join("t.db")).unwrap(), garbage);
}

#[cfg(unix)]
#[test]
fn a_new_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let run = play(Deskcoach::new(), "ana", GOOD_CALL).code(0);
    let mode = std::fs::metadata(run.folder().join("t.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn eight_processes_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let script = dir.path().join("s.txt");
    std::fs::write(&script, GOOD_CALL).unwrap();
    let children: Vec<_> = (0..8)
        .map(|i| {
            Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
                .args(["play", "internet-down", "--script"])
                .arg(&script)
                .arg("--db")
                .arg(&db)
                .args(["--trainee", &format!("trainee-{i}")])
                .env_clear()
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    assert_eq!(attempts(&db), 8);
    let conn = Connection::open(&db).unwrap();
    let trainees: i64 = conn
        .query_row("SELECT COUNT(DISTINCT trainee_id) FROM attempts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(trainees, 8);
}

/// `play` for trainee kim in a pseudo-terminal: a new internet-down call, or `--resume`.
fn play_in_a_terminal(db: &std::path::Path, resume: bool) -> rexpect::session::PtySession {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("deskcoach"));
    command
        .arg("play")
        .arg("--db")
        .arg(db)
        .args(["--trainee", "kim"])
        .arg(if resume { "--resume" } else { "internet-down" })
        .env_clear()
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    rexpect::session::spawn_command(command, Some(20_000)).unwrap()
}

#[test]
fn a_call_killed_mid_way_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let start = |resume: bool| play_in_a_terminal(&db, resume);
    let mut p = start(false);
    p.exp_string("you> ").unwrap();
    p.send_line("Hi Maria, this is Kim from IT. I'm sorry you've run into this.")
        .unwrap();
    p.exp_string("Maria (").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("What happens when you open a website?").unwrap();
    p.exp_string("can't connect").unwrap();
    p.exp_string("you> ").unwrap();
    // The power goes out.
    p.process_mut().kill(rexpect::process::Signal::SIGKILL).unwrap();
    assert_eq!(attempts(&db), 0, "nothing half-saved");

    let mut p = start(true);
    p.exp_string("you> Hi Maria, this is Kim from IT.").unwrap();
    p.exp_string("you> What happens when you open a website?").unwrap();
    p.exp_string("can't connect").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/end").unwrap();
    p.exp_string("note> ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Saved as attempt").unwrap();
    p.exp_eof().unwrap();
    let conn = Connection::open(&db).unwrap();
    let turns: i64 = conn.query_row("SELECT COUNT(*) FROM turns", [], |r| r.get(0)).unwrap();
    assert_eq!(turns, 2, "both lines typed before the crash are in the attempt");
    let journaled: i64 = conn
        .query_row("SELECT COUNT(*) FROM calls_in_progress", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journaled, 0, "the journal is cleared by the save");
}

#[test]
fn a_call_is_resumed_by_one_process_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "Is anyone else affected?\n/end\n").unwrap();
    let interactive = |resume: bool| play_in_a_terminal(&db, resume);
    let second_resume = || {
        Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
            .args(["play", "--resume", "--trainee", "kim", "--script"])
            .arg(&script)
            .arg("--db")
            .arg(&db)
            .env_clear()
            .output()
            .unwrap()
    };
    let refused = |output: std::process::Output| {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("this call is already open in another deskcoach"),
            "{stderr}"
        );
    };
    let mut p = interactive(false);
    p.exp_string("you> ").unwrap();
    p.send_line("What happens when you open a website?").unwrap();
    p.exp_string("you> ").unwrap();
    // The call is still being played: it is not "interrupted".
    refused(second_resume());
    p.process_mut().kill(rexpect::process::Signal::SIGKILL).unwrap();
    let mut p = interactive(true);
    p.exp_string("you> What happens when you open a website?").unwrap();
    p.exp_string("you> ").unwrap();
    refused(second_resume());
    p.send_line("/end").unwrap();
    p.exp_string("note> ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Saved as attempt").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(attempts(&db), 1, "one attempt, not one per resume");
    let locks = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".lock"))
        .count();
    assert_eq!(locks, 0, "the lock file goes with the call");
}

#[test]
fn resume_without_an_interrupted_call_says_so() {
    Deskcoach::new()
        .args(["play", "--resume", "--db", "t.db", "--trainee", "nobody"])
        .run()
        .code(2)
        .stderr_has("no interrupted call to resume");
}

#[test]
fn progress_shows_scores_trends_findings_and_a_next_scenario() {
    let d = Deskcoach::new();
    let run = play(d, "ana", WEAK_CALL);
    let dir = run.dir;
    for script in [WEAK_CALL, GOOD_CALL] {
        let out = Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
            .current_dir(dir.path())
            .env_clear()
            .args(["play", "internet-down", "--db", "t.db", "--trainee", "ana"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(script.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success());
    }
    let text = Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
        .current_dir(dir.path())
        .env_clear()
        .env("NO_COLOR", "1")
        .args(["progress", "--db", "t.db", "--trainee", "ana", "--format", "json"])
        .output()
        .unwrap();
    let p: serde_json::Value = serde_json::from_slice(&text.stdout).unwrap();
    assert_eq!(p["progress"]["attempts"], 3);
    let s = &p["progress"]["scenarios"][0];
    assert_eq!(s["scenario"], "internet-down");
    assert!(s["best"].as_u64() > s["first"].as_u64(), "{s}");
    assert_eq!(s["latest"], s["best"]);
    assert_eq!(p["progress"]["skills"][0]["scores"].as_array().unwrap().len(), 3);
    assert!(!p["progress"]["recurring"].as_array().unwrap().is_empty());
    assert!(p["next"]["scenario"].is_string(), "{p}");
}

#[test]
fn every_report_format_and_filter_works() {
    let run = play(Deskcoach::new(), "=HYPERLINK(\"http://evil\")", WEAK_CALL).code(0);
    let dir = run.dir;
    let report = |args: &[&str]| {
        let out = Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
            .current_dir(dir.path())
            .env_clear()
            .env("NO_COLOR", "1")
            .args(["report", "--db", "t.db"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = report(&[]);
    assert!(
        text.contains("Team report: 1 attempts") && text.contains("Pass rate per scenario"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&report(&["--format", "json"])).unwrap();
    assert_eq!(json["attempts"], 1);
    assert_eq!(json["pass_rates"][0]["scenario"], "internet-down");
    let csv = report(&["--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("attempt,date,trainee,scenario,outcome,overall,passed,hints,skill,score")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 7, "one row per skill");
    assert!(
        rows[0].contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "the formula is defused: {}",
        rows[0]
    );
    let html = report(&["--format", "html"]);
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("=HYPERLINK(\"http"), "escaped in HTML");
    let none = report(&["--since", "2999-01-01"]);
    assert!(none.contains("0 attempts"), "{none}");
    let none = report(&["--trainee", "someone-else", "--format", "json"]);
    assert!(none.contains("\"attempts\": 0"), "{none}");
    let some = report(&[
        "--scenario",
        "internet-down",
        "--since",
        "2000-01-01",
        "--format",
        "json",
    ]);
    assert!(some.contains("\"attempts\": 1"), "{some}");
    Deskcoach::new()
        .args(["report", "--db", "t.db", "--since", "last tuesday"])
        .run()
        .code(2)
        .stderr_has("expected a date like 2026-11-01");
}

#[test]
fn the_trainee_comes_from_the_flag_then_the_config_file_then_the_user_name() {
    let d = Deskcoach::new().file("config.yaml", "trainee: from-config\n");
    let config = d.path("config.yaml");
    let run = d
        .args(["play", "internet-down", "--script", "s.txt", "--db", "t.db"])
        .file("s.txt", GOOD_CALL);
    let run = run_with_env(
        run,
        &[("DESKCOACH_CONFIG", config.to_str().unwrap()), ("USER", "from-os")],
    );
    assert!(run.stdout.contains("for from-config."), "{}", run.stdout);
    let run = run_with_env(
        Deskcoach::new()
            .args(["play", "internet-down", "--script", "s.txt", "--db", "t.db"])
            .file("s.txt", GOOD_CALL),
        &[("USER", "from-os")],
    );
    assert!(run.stdout.contains("for from-os."), "{}", run.stdout);
    let broken = Deskcoach::new().file("c.yaml", "trainee: [oops\n");
    let path = broken.path("c.yaml");
    let run = run_with_env(
        broken.args(["progress", "--db", "t.db"]),
        &[("DESKCOACH_CONFIG", path.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("c.yaml:"), "{}", run.stderr);
}

fn run_with_env(d: Deskcoach, vars: &[(&str, &str)]) -> support::Run {
    vars.iter().fold(d, |d, (k, v)| d.env(k, v)).run()
}

/// Runs the binary under `sh` with a file-size limit (in 512-byte blocks), the way a full disk
/// looks to a process: writes past the limit fail.
#[cfg(unix)]
/// Runs deskcoach in `dir` with files limited to `blocks` of 512 bytes: a disk that is full.
fn run_with_file_limit(dir: &std::path::Path, blocks: u64, args: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("deskcoach");
    let script = format!("trap '' XFSZ; ulimit -f {blocks}; exec '{}' {args}", bin.display());
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Plays `GOOD_CALL` once into `t.db` in `dir` (with room to spare) and returns the record's
/// size: a file limit just above it is a disk that cannot take another attempt.
#[cfg(unix)]
fn record_with_one_attempt(dir: &std::path::Path) -> u64 {
    std::fs::write(dir.join("s.txt"), GOOD_CALL).unwrap();
    let first = run_with_file_limit(dir, 1_000_000, PLAY_INTO_T_DB);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    std::fs::metadata(dir.join("t.db")).unwrap().len()
}

#[cfg(unix)]
const PLAY_INTO_T_DB: &str = "play internet-down --script s.txt --db t.db --trainee ana";

#[cfg(unix)]
#[test]
fn a_full_disk_loses_no_attempt_and_keeps_the_call() {
    let dir = tempfile::tempdir().unwrap();
    // Room for what is there, not for another attempt's write-ahead log.
    let size = record_with_one_attempt(dir.path());
    let full = run_with_file_limit(dir.path(), size / 512 + 8, PLAY_INTO_T_DB);
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert_eq!(full.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("t.db:") && stderr.contains("nothing was saved"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deskcoach-unsaved-"),
        "the call is written elsewhere: {stderr}"
    );
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("deskcoach-unsaved-"));
    assert!(kept, "the unsaved call is on disk");
    assert_eq!(attempts(&dir.path().join("t.db")), 1, "the earlier attempt is intact");
}

#[cfg(unix)]
#[test]
fn a_call_nothing_can_hold_is_shown_on_screen_and_stays_resumable() {
    let dir = tempfile::tempdir().unwrap();
    let size = record_with_one_attempt(dir.path());
    let db = dir.path().join("t.db");
    // The record cannot grow and the current folder (where the fallback goes) takes nothing.
    let folder = ReadOnlyFolder::new(|_| {});
    let args = format!(
        "play internet-down --script '{}' --db '{}' --trainee ana",
        dir.path().join("s.txt").display(),
        db.display()
    );
    let full = run_with_file_limit(&folder.path, size / 512 + 8, &args);
    let stdout = String::from_utf8_lossy(&full.stdout);
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert_eq!(full.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nothing was saved"), "{stderr}");
    assert!(
        stdout.contains("could not be saved anywhere") && stdout.contains("Did anything change recently?"),
        "the transcript is on screen to copy:\n{stdout}"
    );
    assert!(
        !stderr.contains("was written to"),
        "no promise that is not kept: {stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&folder.path).unwrap().count(),
        0,
        "no empty fallback file"
    );
    assert_eq!(attempts(&db), 1);
    // Space again: the journal still holds the call, and resuming it saves it.
    std::fs::write(dir.path().join("note.txt"), "").unwrap();
    let resumed = run_with_file_limit(
        dir.path(),
        1_000_000,
        "play --resume --script note.txt --db t.db --trainee ana",
    );
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    assert!(stdout.contains("you> Did anything change recently?"), "{stdout}");
    assert_eq!(attempts(&db), 2, "the call was saved on resume");
}

#[cfg(unix)]
#[test]
fn unsaved_calls_never_replace_each_other_and_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let size = record_with_one_attempt(dir.path());
    for _ in 0..2 {
        let full = run_with_file_limit(dir.path(), size / 512 + 8, PLAY_INTO_T_DB);
        assert_eq!(full.status.code(), Some(2));
    }
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("deskcoach-unsaved-"))
        .collect();
    assert_eq!(kept.len(), 2, "two failed saves in the same second keep two files");
    for file in kept {
        let meta = file.metadata().unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert!(text.contains("Did anything change recently?"), "{text}");
    }
}

#[cfg(unix)]
#[test]
fn no_output_is_ever_written_over_the_database_or_a_script() {
    let d = Deskcoach::new();
    let made = play(d, "ana", GOOD_CALL).code(0);
    let db = std::fs::read(made.folder().join("t.db")).unwrap();
    let folder = made.folder().to_path_buf();
    std::os::unix::fs::symlink(folder.join("t.db"), folder.join("link.db")).unwrap();
    for target in ["t.db", "s.txt", "link.db", "t.db-wal"] {
        let run = Deskcoach::new()
            .file("s.txt", GOOD_CALL)
            .args(["play", "internet-down", "--script"])
            .arg_path(&folder.join("s.txt"))
            .args(["--trainee", "ana", "--db"])
            .arg_path(&folder.join("t.db"))
            .args(["--transcript-out"])
            .arg_path(&folder.join(target));
        let run = run.run().code(2).stderr_has("this output is also an input");
        assert!(!run.stdout.contains("you>"), "refused before the call");
    }
    Deskcoach::new()
        .args(["report", "--format", "html", "--db"])
        .arg_path(&folder.join("t.db"))
        .args(["-o"])
        .arg_path(&folder.join("link.db"))
        .run()
        .code(2)
        .stderr_has("this output is also an input");
    assert_eq!(
        std::fs::read(folder.join("t.db")).unwrap(),
        db,
        "the record is untouched"
    );
    assert_eq!(std::fs::read_to_string(folder.join("s.txt")).unwrap(), GOOD_CALL);
}

#[test]
fn a_process_killed_while_saving_leaves_no_partial_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let script = dir.path().join("s.txt");
    std::fs::write(&script, GOOD_CALL).unwrap();
    let mut saved_before = 0;
    // Kill at many different moments; whatever the moment, the record stays whole.
    for i in 0..12u64 {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("deskcoach"))
            .args(["play", "internet-down", "--script"])
            .arg(&script)
            .arg("--db")
            .arg(&db)
            .args(["--trainee", "kim"])
            .env_clear()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5 + i * 9));
        let _ = child.kill();
        let _ = child.wait();
        if !db.exists() {
            continue;
        }
        let conn = Connection::open(&db).unwrap();
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        let created: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'attempts')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if !created {
            // Killed after SQLite made the file but before the schema committed: an empty
            // record, which the next run migrates. Only allowed before anything was saved.
            assert_eq!(saved_before, 0, "a record that held attempts lost its tables");
            continue;
        }
        let saved = attempts(&db);
        assert!(saved >= saved_before, "earlier attempts are never lost");
        saved_before = saved;
        let partial: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM attempts a WHERE (SELECT COUNT(*) FROM skill_scores s WHERE s.attempt_id = a.id) <> 7
                    OR NOT EXISTS (SELECT 1 FROM turns t WHERE t.attempt_id = a.id)",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        assert_eq!(partial, 0, "no attempt is visible without all its parts");
    }
}

/// A folder nobody can write to: a read-only tmpfs when this test may mount one (as root, where
/// permission bits do not stop writes), else a folder with its write bits removed.
#[cfg(unix)]
struct ReadOnlyFolder {
    path: std::path::PathBuf,
    mounted: bool,
    _dir: tempfile::TempDir,
}

#[cfg(unix)]
impl ReadOnlyFolder {
    /// Makes the folder, lets `fill` put files in it, then makes it read-only.
    fn new(fill: impl FnOnce(&std::path::Path)) -> ReadOnlyFolder {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro");
        std::fs::create_dir(&path).unwrap();
        let mount = |opts: &str| {
            Command::new("mount")
                .args(["-t", "tmpfs", "-o", opts, "tmpfs"])
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success())
        };
        let mounted = mount("rw,size=16m");
        fill(&path);
        if mounted {
            let remounted = Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
            assert!(remounted, "could not remount the test folder read-only");
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).unwrap();
            let probe = path.join("probe");
            assert!(
                std::fs::write(&probe, "x").is_err(),
                "cannot make a read-only folder here (root without mount?)"
            );
        }
        ReadOnlyFolder {
            path,
            mounted,
            _dir: dir,
        }
    }
}

#[cfg(unix)]
impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.mounted {
            let _ = Command::new("umount").arg(&self.path).status();
        } else {
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_refused_before_the_call_and_an_old_record_stays_readable() {
    let d = Deskcoach::new();
    let made = play(d, "ana", GOOD_CALL).code(0);
    let db = std::fs::read(made.folder().join("t.db")).unwrap();
    let folder = ReadOnlyFolder::new(|path| std::fs::write(path.join("old.db"), &db).unwrap());
    let new_db = folder.path.join("new.db");
    let run = Deskcoach::new()
        .file("s.txt", GOOD_CALL)
        .args(["play", "internet-down", "--script", "s.txt", "--trainee", "ana", "--db"])
        .arg_path(&new_db)
        .run()
        .code(2);
    assert!(run.stderr.contains("new.db:"), "{}", run.stderr);
    assert!(
        !run.stdout.contains("you>"),
        "refused before the call, so nothing typed is lost"
    );
    let old = folder.path.join("old.db");
    let run = Deskcoach::new()
        .file("s.txt", GOOD_CALL)
        .args(["play", "internet-down", "--script", "s.txt", "--db"])
        .arg_path(&old)
        .run()
        .code(2);
    assert!(run.stderr.contains("old.db:"), "{}", run.stderr);
    // Reading needs no writing: the record in the read-only folder can still be reviewed.
    Deskcoach::new()
        .args(["report", "--db"])
        .arg_path(&old)
        .run()
        .code(0)
        .stdout_has("ana");
    Deskcoach::new()
        .args(["progress", "--trainee", "ana", "--db"])
        .arg_path(&old)
        .run()
        .code(0)
        .stdout_has("internet-down");
    assert_eq!(std::fs::read(&old).unwrap(), db, "the record is untouched");
}
