//! `deskcoach test`: golden transcripts, reported like a test runner.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::TestArgs;
use crate::error::{Error, Result};
use crate::play::{play_script, script::Script};
use crate::report::style::Style;
use crate::rubric::Rubric;
use crate::scenario::plan::{Band, Case, Plan};
use crate::scenario::{Library, Scenario, library};
use crate::score::{Assessment, Effect, assess_call};
use crate::yaml;

/// The file name of a test plan.
pub const PLAN_FILE: &str = "plan.yaml";

/// Runs the command; returns whether every case passed.
pub fn run(args: &TestArgs) -> Result<bool> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from("scenarios/tests")]
    } else {
        args.paths.clone()
    };
    let mut plans = Vec::new();
    for root in &roots {
        find_plans(root, &mut plans)?;
    }
    if plans.is_empty() {
        return Err(Error::usage(format!(
            "no {PLAN_FILE} under {}",
            roots
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let rubric = Rubric::open(args.rubric.as_deref())?;
    let library = Library::open(args.scenarios.as_deref())?;
    let style = Style::for_stdout();
    let mut out = style.visible(std::io::stdout().lock());
    let w = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(Error::Stdout);
    let mut failures: Vec<(String, Vec<String>)> = Vec::new();
    let mut passed = 0;
    w(&mut out, format!("running {} plan(s)", plans.len()))?;
    for path in &plans {
        let text = yaml::read_text(path)?;
        let file = path.display().to_string();
        let plan: Plan = yaml::parse(&file, &text)?;
        // A problem with what the plan names is reported at the name, in the plan.
        let locate = |at: &str, e: Error| match e {
            Error::Usage(message) => yaml::at_value(&file, &text, at, message).into(),
            Error::Io { path, source } => {
                let message = Error::Io { path, source }.to_string();
                yaml::at_value(&file, &text, at, message).into()
            }
            other => other,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let loaded = scenario_beside(dir, &plan.scenario, args.scenarios.is_some())?;
        let scenario = match &loaded {
            Some(s) => s,
            None => library.get(&plan.scenario).map_err(|e| locate("scenario", e))?,
        };
        let rubric = rubric.for_scenario(scenario)?;
        for (index, case) in plan.cases.iter().enumerate() {
            let name = format!("{}/{}", plan.scenario, case.name);
            let script = case_script(case, dir).map_err(|e| locate(&format!("cases.{index}.script"), e))?;
            let problems = run_case(case, script, scenario, &rubric)?;
            if problems.is_empty() {
                passed += 1;
                w(&mut out, format!("test {name} ... {}", style.good("ok")))?;
            } else {
                w(&mut out, format!("test {name} ... {}", style.bad("FAILED")))?;
                failures.push((name, problems));
            }
        }
    }
    if !failures.is_empty() {
        w(&mut out, "\nfailures:".to_owned())?;
        for (name, problems) in &failures {
            w(&mut out, format!("  {name}:"))?;
            for p in problems {
                w(&mut out, format!("    {p}"))?;
            }
        }
    }
    let verdict = if failures.is_empty() {
        style.good("ok")
    } else {
        style.bad("FAILED")
    };
    w(
        &mut out,
        format!("\ntest result: {verdict}. {passed} passed; {} failed", failures.len()),
    )?;
    Ok(failures.is_empty())
}

/// Every plan.yaml at or under `root`, sorted.
fn find_plans(root: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
    if meta.is_file() {
        found.push(root.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|e| Error::io(root, e))?
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            find_plans(&entry, found)?;
        } else if entry.file_name().is_some_and(|n| n == PLAN_FILE) {
            found.push(entry);
        }
    }
    Ok(())
}

/// A plan in `scenarios/tests/<id>/` tests `scenarios/<id>.yaml` when that file is there, so a
/// trainer's edits are tested before they are built in.
fn scenario_beside(dir: &Path, id: &str, library_given: bool) -> Result<Option<Scenario>> {
    let beside = dir.join("..").join("..").join(format!("{id}.yaml"));
    if library_given || !beside.is_file() {
        return Ok(None);
    }
    library::load_file(&beside).map(Some)
}

/// Reads a case's script, which must be inside the plan's folder.
fn case_script(case: &Case, dir: &Path) -> Result<Script> {
    // A plan reads scripts from its own folder and nowhere else: a shared plan must not be a
    // way to read files elsewhere on the machine.
    let refuse = || {
        Error::usage(format!(
            "case `{}`: script `{}` must be a file inside the plan's folder",
            case.name, case.script
        ))
    };
    let named_inside = Path::new(&case.script)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !named_inside {
        return Err(refuse());
    }
    let path = dir.join(&case.script);
    // A symlink in the folder may point anywhere: where it leads must be inside too.
    if let (Ok(folder), Ok(target)) = (std::fs::canonicalize(dir), std::fs::canonicalize(&path))
        && !target.starts_with(&folder)
    {
        return Err(refuse());
    }
    Script::from_file(&path)
}

/// Plays one case and lists every expectation it misses.
fn run_case(case: &Case, mut script: Script, scenario: &Scenario, rubric: &Rubric) -> Result<Vec<String>> {
    let transcript = play_script(scenario, &mut script, case.seed)?;
    let a = assess_call(&transcript, scenario, rubric)?;
    let mut problems = Vec::new();
    // A caller who says the same thing twice is an engine or scenario bug, whatever the
    // trainee did.
    let mut said = vec![transcript.opening.as_str()];
    for turn in &transcript.turns {
        if said.contains(&turn.caller.as_str()) {
            problems.push(format!(
                "turn {}: the caller repeated a reply word for word: {:?}",
                turn.number, turn.caller
            ));
        }
        said.push(&turn.caller);
    }
    if !case.outcome.is_empty() && !case.outcome.contains(&transcript.outcome) {
        problems.push(format!(
            "expected the call to end {}, it ended {}",
            names(&case.outcome),
            transcript.outcome.describe()
        ));
    }
    if let Some(want) = case.passed
        && a.passed != want
    {
        problems.push(format!(
            "expected {}, got {} with {}",
            verdict(want),
            verdict(a.passed),
            overall(&a)
        ));
    }
    if let Some(band) = case.overall {
        check_band("overall", a.overall, band, &mut problems);
    }
    for (skill, band) in &case.skills {
        match a.skills.iter().find(|s| *s.skill == **skill) {
            Some(s) => check_band(skill, s.score, *band, &mut problems),
            None => problems.push(format!("the rubric has no skill `{skill}`")),
        }
    }
    let faults: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.effect == Effect::Deduction)
        .map(|f| &*f.rule)
        .collect();
    for rule in &case.findings.must {
        if !faults.contains(&rule.as_str()) {
            problems.push(format!("expected a `{rule}` finding; there was none"));
        }
    }
    for rule in &case.findings.must_not {
        if let Some(f) = a
            .findings
            .iter()
            .find(|f| f.effect == Effect::Deduction && *f.rule == **rule)
        {
            let at = f.turn.map(|t| format!(" at turn {t}")).unwrap_or_default();
            problems.push(format!("unexpected `{rule}` finding{at}: {}", f.message));
        }
    }
    Ok(problems)
}

fn check_band(what: &str, score: Option<u32>, Band(low, high): Band, problems: &mut Vec<String>) {
    match score {
        Some(s) if (low..=high).contains(&s) => {}
        Some(s) => problems.push(format!("expected {what} between {low} and {high}, got {s}")),
        None => problems.push(format!("expected {what} between {low} and {high}, got N/A")),
    }
}

fn names(outcomes: &[crate::call::Outcome]) -> String {
    outcomes.iter().map(|o| o.describe()).collect::<Vec<_>>().join(" or ")
}

fn verdict(passed: bool) -> &'static str {
    if passed { "a pass" } else { "a fail" }
}

fn overall(a: &Assessment) -> String {
    a.overall
        .map_or_else(|| "no overall score".to_owned(), |o| format!("{o}/100"))
}
