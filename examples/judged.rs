//! The judged set: how far the tool's findings agree with a coach's.
//!
//! `tests/judged/calls/` holds calls typed by helpers who saw only the trainee's brief, as good,
//! mediocre and poor agents (`SCENARIO-QUALITY[-SUFFIX].txt`, a `play --script` file with its
//! note after `---`). `tests/judged/judgements/` holds, for each, a coach's judgement made by
//! another helper who saw only the dialogue and the rubric's skills: the faults of each turn
//! and of the note, which are critical, and pass or fail.
//!
//!   cargo run --release --example judged                     # the figures docs/scoring.md reports
//!   cargo run --release --example judged -- --dialogues DIR  # write the dialogues a coach reads
//!   cargo run --release --example judged -- --set tests/judged-holdout   # another set
//!   cargo run --release --example judged -- --why            # also list each disagreement
//!
//! `tests/judged/` is the development set: its figures guided the rules. `tests/judged-holdout/`
//! was played and judged the same way by other helpers and is only measured.
//!
//! The figures (issue #17's): unfair deductions on good calls (a deduction at a turn, or on the
//! note, where the coach saw no fault of that skill), faulted turns caught (a turn the coach
//! faulted that got any deduction), critical faults failing the call, and pass/fail agreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use deskcoach::call::Transcript;
use deskcoach::play::{play_script, script::Script};
use deskcoach::rubric::Rubric;
use deskcoach::scenario::Library;
use deskcoach::score::{Assessment, Effect, assess_call};
use serde::Deserialize;

type Failure = Box<dyn std::error::Error>;

/// A coach's judgement of one call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Judgement {
    verdict: Verdict,
    #[serde(default)]
    turns: Vec<TurnJudgement>,
    #[serde(default)]
    note: Vec<Fault>,
    /// Faults of the call as a whole (a missing greeting, no offer of more help...).
    #[serde(default)]
    call: Vec<Fault>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Pass,
    Fail,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TurnJudgement {
    turn: u32,
    #[serde(default)]
    faults: Vec<Fault>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fault {
    skill: String,
    #[allow(dead_code)] // Read by people, not by the figures.
    fault: String,
    #[serde(default)]
    critical: bool,
}

/// One call of the set, played and judged.
struct Case {
    name: String,
    quality: String,
    transcript: Transcript,
    assessment: Assessment,
    judgement: Option<Judgement>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Failure> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let set = match args.iter().position(|a| a == "--set") {
        Some(at) if at + 1 < args.len() => {
            let set = args.remove(at + 1);
            args.remove(at);
            set
        }
        _ => "tests/judged".to_owned(),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(&set);
    let why = args.iter().any(|a| a == "--why");
    args.retain(|a| a != "--why");
    let cases = load(&root)?;
    match args.as_slice() {
        [flag, dir] if flag == "--dialogues" => write_dialogues(&cases, Path::new(dir)),
        [] => {
            report(&cases, why);
            Ok(())
        }
        _ => Err("usage: judged [--set DIR] [--dialogues DIR]".into()),
    }
}

fn load(root: &Path) -> Result<Vec<Case>, Failure> {
    let library = Library::embedded()?;
    let rubric = Rubric::builtin().map_err(deskcoach::Error::from)?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("calls"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("a file name")?
            .to_owned();
        let (scenario, quality) = ["-good", "-mediocre", "-poor"]
            .iter()
            .find_map(|q| name.find(q).map(|at| (&name[..at], &q[1..])))
            .ok_or_else(|| format!("{name}: the name says no quality (good, mediocre or poor)"))?;
        let scenario = library.get(scenario)?;
        let mut script = Script::from_file(&path)?;
        let transcript = play_script(scenario, &mut script, 0)?;
        let assessment = assess_call(&transcript, scenario, rubric)?;
        let judged = root.join("judgements").join(format!("{name}.yaml"));
        let judgement = match std::fs::read_to_string(&judged) {
            Ok(text) => {
                Some(deskcoach::yaml::parse(&judged.display().to_string(), &text).map_err(deskcoach::Error::from)?)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        cases.push(Case {
            name,
            quality: quality.to_owned(),
            transcript,
            assessment,
            judgement,
        });
    }
    Ok(cases)
}

/// The dialogue as a coach reads it: the brief, every turn, the note; nothing the tool made
/// of it.
fn write_dialogues(cases: &[Case], dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)?;
    let library = Library::embedded()?;
    for case in cases {
        let scenario = library.get(&case.transcript.scenario)?;
        let caller = &scenario.file.caller;
        let mut text = format!(
            "Call: {}\nBrief: {}\nCaller: {} ({})\n\nCaller (opening): {}\n",
            scenario.file.title,
            scenario.file.summary.trim(),
            caller.name,
            caller.role,
            case.transcript.opening
        );
        for turn in &case.transcript.turns {
            text.push_str(&format!(
                "\nTurn {}\n  Agent: {}\n  Caller: {}\n",
                turn.number, turn.trainee, turn.caller
            ));
        }
        text.push_str(&format!(
            "\nThe call ended: {}.\n\nTicket note written by the agent:\n{}\n",
            case.transcript.outcome.describe(),
            if case.transcript.note.trim().is_empty() {
                "(none)"
            } else {
                case.transcript.note.trim()
            }
        ));
        std::fs::write(dir.join(format!("{}.txt", case.name)), text)?;
    }
    println!("wrote {} dialogues to {}", cases.len(), dir.display());
    Ok(())
}

/// Tallies of one figure: how many of how many.
#[derive(Default)]
struct Ratio {
    hits: usize,
    of: usize,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.hits += usize::from(hit);
        self.of += 1;
    }

    fn show(&self) -> String {
        if self.of == 0 {
            return "n/a (none)".to_owned();
        }
        format!(
            "{:.1}% ({} of {})",
            100.0 * self.hits as f64 / self.of as f64,
            self.hits,
            self.of
        )
    }
}

fn report(cases: &[Case], why: bool) {
    let judged: Vec<(&Case, &Judgement)> = cases
        .iter()
        .filter_map(|c| c.judgement.as_ref().map(|j| (c, j)))
        .collect();
    println!("Judged set: {} calls ({} judged)", cases.len(), judged.len());
    let mut unfair = Ratio::default();
    let mut caught = Ratio::default();
    let mut critical = Ratio::default();
    let mut agree = Ratio::default();
    let mut unfair_by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut missed_by_skill: BTreeMap<String, usize> = BTreeMap::new();
    for (case, judgement) in &judged {
        let faulted_skills_at = |turn: u32| -> Vec<&str> {
            judgement
                .turns
                .iter()
                .filter(|t| t.turn == turn)
                .flat_map(|t| t.faults.iter().map(|f| f.skill.as_str()))
                .collect()
        };
        let call_skills: Vec<&str> = judgement
            .turns
            .iter()
            .flat_map(|t| &t.faults)
            .chain(&judgement.call)
            .chain(&judgement.note)
            .map(|f| f.skill.as_str())
            .collect();
        let deductions: Vec<_> = case
            .assessment
            .findings
            .iter()
            .filter(|f| f.effect == Effect::Deduction)
            .collect();
        if case.quality == "good" {
            for finding in &deductions {
                let fair = match finding.turn {
                    Some(turn) => faulted_skills_at(turn).contains(&&*finding.skill),
                    // A finding on the note or the call as a whole: fair if the coach faulted
                    // that skill anywhere in the call.
                    None => call_skills.contains(&&*finding.skill),
                };
                unfair.add(!fair);
                if !fair {
                    *unfair_by_rule.entry(finding.rule.to_string()).or_default() += 1;
                    if why {
                        let quote = finding.quote.as_deref().unwrap_or("");
                        let shown = match finding.span {
                            Some([start, end]) if end <= quote.len() => &quote[start..end],
                            _ => quote,
                        };
                        let turn = finding.turn.map_or("-".to_owned(), |t| t.to_string());
                        println!("  unfair  {} turn {turn}: {} ({shown:.80})", case.name, finding.rule);
                    }
                }
            }
        }
        for turn in judgement.turns.iter().filter(|t| !t.faults.is_empty()) {
            let hit = deductions.iter().any(|f| f.turn == Some(turn.turn));
            caught.add(hit);
            if !hit {
                for fault in &turn.faults {
                    *missed_by_skill.entry(fault.skill.clone()).or_default() += 1;
                    if why {
                        println!(
                            "  missed  {} turn {}: {} ({})",
                            case.name, turn.turn, fault.skill, fault.fault
                        );
                    }
                }
            }
        }
        let all_faults = || {
            judgement
                .turns
                .iter()
                .flat_map(|t| &t.faults)
                .chain(&judgement.note)
                .chain(&judgement.call)
        };
        if all_faults().any(|f| f.critical) {
            critical.add(!case.assessment.passed);
        }
        agree.add(case.assessment.passed == (judgement.verdict == Verdict::Pass));
    }
    println!(
        "  unfair deductions on good calls: {} (goal at most 10%)",
        unfair.show()
    );
    println!("  faulted turns caught: {} (goal at least 90%)", caught.show());
    println!(
        "  calls with a critical fault that fail: {} (goal 100%)",
        critical.show()
    );
    println!(
        "  pass/fail agrees with the coach: {} (goal at least 95%)",
        agree.show()
    );
    if !unfair_by_rule.is_empty() {
        let mut rules: Vec<_> = unfair_by_rule.into_iter().collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let shown: Vec<String> = rules.iter().map(|(r, n)| format!("{r} {n}")).collect();
        println!("  unfair deductions by rule: {}", shown.join(", "));
    }
    if !missed_by_skill.is_empty() {
        let shown: Vec<String> = missed_by_skill.iter().map(|(s, n)| format!("{s} {n}")).collect();
        println!("  faults on turns with no deduction, by skill: {}", shown.join(", "));
    }
    println!("\n  call                                   tool          coach");
    for (case, judgement) in &judged {
        let tool = format!(
            "{} {}",
            case.assessment.overall.map_or("-".to_owned(), |o| o.to_string()),
            if case.assessment.passed { "pass" } else { "fail" }
        );
        let coach = if judgement.verdict == Verdict::Pass {
            "pass"
        } else {
            "fail"
        };
        println!("  {:<38} {:<13} {coach}", case.name, tool);
    }
}
