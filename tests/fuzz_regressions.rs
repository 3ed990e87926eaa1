//! Inputs found by fuzzing (`fuzz/run.sh`) that crashed or hung an entry point, fed again
//! through the same entry point as the fuzz target. Each lives under
//! `tests/fixtures/fuzz/<target>/`; a new crasher only needs its file dropped there.

use std::path::{Path, PathBuf};

use deskcoach::audit::input::{Columns, CsvNotes};
use deskcoach::call::{Call, Transcript};
use deskcoach::rubric::Rubric;
use deskcoach::scenario::{Library, Scenario};
use deskcoach::score::{Subject, assess, assess_call};

/// The saved inputs of one target. Its folder must exist (a `.gitkeep` holds an empty one):
/// a renamed or deleted folder once made this test pass on nothing.
fn fixtures(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The body of `fuzz/fuzz_targets/scenario.rs`.
fn scenario(data: &[u8]) -> Option<Result<Scenario, deskcoach::error::SourceError>> {
    let text = std::str::from_utf8(data).ok()?;
    let loaded = Scenario::from_source("fuzz.yaml", text);
    if let Ok(scenario) = &loaded {
        for intent in scenario.intents.iter().take(4) {
            if let Some(example) = intent.def.examples.first() {
                let _ = scenario.matcher().detect(&deskcoach::text::analyze(example));
            }
        }
    }
    Some(loaded)
}

/// The body of `fuzz/fuzz_targets/rubric.rs`.
fn rubric(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(rubric) = Rubric::from_source("fuzz.yaml", text) {
        let _ = assess(
            &Subject::note("Reset the adapter to DHCP; verified with the user."),
            &rubric,
        );
    }
}

/// The body of `fuzz/fuzz_targets/transcript.rs`.
fn transcript(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(saved) = deskcoach::yaml::parse::<Transcript>("fuzz.yaml", text) else {
        return;
    };
    let library = Library::embedded().unwrap();
    let scenario = library.get("internet-down").unwrap();
    let call = Call::replay(scenario, &saved);
    let replayed = call.transcript(saved.trainee.as_deref(), &saved.note);
    let _ = assess_call(&replayed, scenario, Rubric::builtin().unwrap());
}

/// The body of `fuzz/fuzz_targets/analyze.rs`.
fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let analysis = deskcoach::text::analyze(&text);
    let matcher = deskcoach::scenario::builtin_matcher().unwrap();
    let _ = deskcoach::text::profile::profile(matcher, &text, true);
    let library = Library::embedded().unwrap();
    let _ = library.get("internet-down").unwrap().matcher().detect(&analysis);
}

/// The body of `fuzz/fuzz_targets/note.rs`.
fn note(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = assess(&Subject::note(&text), Rubric::builtin().unwrap());
}

/// The body of `fuzz/fuzz_targets/csv_export.rs`; returns the records and bad rows read.
fn csv_export(data: &[u8]) -> (usize, usize) {
    let Ok(mut notes) = CsvNotes::new(data, &Columns::default(), 256) else {
        return (0, 0);
    };
    let (mut good, mut bad) = (0, 0);
    while let Some(record) = notes.next_record() {
        match record {
            Ok(_) => good += 1,
            Err(_) => bad += 1,
        }
    }
    (good, bad)
}

/// The body of `fuzz/fuzz_targets/yaml_limits.rs`.
fn yaml_limits(data: &[u8]) -> Option<Result<serde::de::IgnoredAny, deskcoach::error::SourceError>> {
    let text = std::str::from_utf8(data).ok()?;
    Some(deskcoach::yaml::parse::<serde::de::IgnoredAny>("fuzz.yaml", text))
}

#[test]
fn every_saved_crasher_runs_cleanly() {
    for (_, bytes) in fixtures("scenario") {
        scenario(&bytes);
    }
    for (_, bytes) in fixtures("rubric") {
        rubric(&bytes);
    }
    for (_, bytes) in fixtures("transcript") {
        transcript(&bytes);
    }
    for (_, bytes) in fixtures("analyze") {
        analyze(&bytes);
    }
    for (_, bytes) in fixtures("note") {
        note(&bytes);
    }
    for (_, bytes) in fixtures("csv_export") {
        csv_export(&bytes);
    }
    for (_, bytes) in fixtures("yaml_limits") {
        yaml_limits(&bytes);
    }
}

/// An open quote at row 11 of 5,000 once swallowed the rest of the export; a run-on quote of
/// 300 KB is one bad row under the limit of 256 bytes, and the row after it is read.
#[test]
fn a_broken_quote_costs_one_row() {
    let rows = |name: &str| {
        let (_, bytes) = fixtures("csv_export")
            .into_iter()
            .find(|(p, _)| p.ends_with(name))
            .expect("fixture exists");
        csv_export(&bytes)
    };
    assert_eq!(rows("open-quote-at-row-11.csv"), (4_999, 1));
    assert_eq!(rows("run-on-quote-300kb.csv"), (1, 1));
}

/// Deep nesting and alias bombs (by count and by bytes) are refused, each with its message.
#[test]
fn yaml_past_its_limits_is_refused() {
    for (path, bytes) in fixtures("yaml_limits") {
        let err = yaml_limits(&bytes).expect("UTF-8").expect_err("refused");
        let expected = if path.to_string_lossy().contains("deep") {
            "nested too deeply"
        } else {
            "aliases expand"
        };
        assert!(err.message.contains(expected), "{}: {}", path.display(), err.message);
    }
}

/// A scenario with a thousand and more facts took time quadratic in their number to load (40,000
/// facts, 1 MB: 16 s; a 16 MB file: hours). Maps are now refused past a limit, with a message
/// at the map.
#[test]
fn a_scenario_with_too_many_facts_is_refused_at_once() {
    let (path, bytes) = fixtures("scenario")
        .into_iter()
        .find(|(p, _)| p.ends_with("too-many-facts.yaml"))
        .expect("fixture exists");
    let err = scenario(&bytes).expect("fixture is UTF-8").expect_err("too many facts");
    assert!(
        err.message.contains("too many entries"),
        "{}: {}",
        path.display(),
        err.message
    );
    assert!(err.message.contains(&deskcoach::yaml::ordered::MAX_ENTRIES.to_string()));
    assert_eq!(err.position.map(|p| p.line), Some(20), "points at the facts map");
}

/// The limit holds for every ordered map (rubric skills too), and a map at the limit loads.
#[test]
fn map_entry_limit_holds_for_every_ordered_map() {
    let max = deskcoach::yaml::ordered::MAX_ENTRIES;
    let map = |n: usize| (0..n).map(|i| format!("k{i}: 1\n")).collect::<String>();
    let at: deskcoach::yaml::OrderedMap<u32> = serde_yaml_via_parse(&map(max)).expect("the limit itself loads");
    assert_eq!(at.len(), max);
    let err = serde_yaml_via_parse(&map(max + 1)).expect_err("one past the limit");
    assert!(err.message.contains("too many entries"), "{}", err.message);
}

#[derive(serde::Deserialize)]
struct Wrapper(#[serde(with = "deskcoach::yaml::ordered")] deskcoach::yaml::OrderedMap<u32>);

fn serde_yaml_via_parse(text: &str) -> Result<deskcoach::yaml::OrderedMap<u32>, deskcoach::error::SourceError> {
    deskcoach::yaml::parse::<Wrapper>("map.yaml", text).map(|w| w.0)
}
