//! Measures the language core on labelled lines nobody on the team wrote, and prints the
//! figures docs/language.md quotes:
//!
//!     cargo run --release --example eval_language                 # ../shared/eval/helpdesk
//!     cargo run --release --example eval_language -- DIR          # another folder, same files
//!
//! DIR holds `intents-dev.tsv`, `tone-dev.tsv`, `notes-dev.tsv` and `notes-quality-dev.tsv`
//! (the validation set's layout; see its README). Nothing here is fitted: the heads are the
//! committed ones, fitted on `data/train/` alone. Exits 1 when a goal is not met.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use deskcoach::scenario::builtin_matcher;
use deskcoach::text::analyze;
use deskcoach::text::corpus::{Labelled, parse_ratings, parse_tsv};
use deskcoach::text::model::{HEAD_INTENTS as ACTS, Model};
use deskcoach::text::note::{PARTS, parts_of, quality, sentence_parts};
use deskcoach::text::tone::{TONES, tone};

#[path = "support/stats.rs"]
mod stats;
use stats::{ranks, spearman};

/// The goals of the language core (issue "A language core that understands meaning").
const INTENT_MACRO_F1: f64 = 0.92;
const NO_ACT_GIVEN_ACT: f64 = 0.03;
const TONE_AUC: f64 = 0.92;
const PART_F1: f64 = 0.88;
const PART_AUC: f64 = 0.92;
const QUALITY_OVER_WORDS: f64 = 0.02;

type Failure = Box<dyn std::error::Error>;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("eval_language: {e}");
            ExitCode::from(2)
        }
    }
}

fn read(dir: &Path, name: &str) -> Result<String, Failure> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn run() -> Result<bool, Failure> {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/helpdesk"),
        PathBuf::from,
    );
    let matcher = builtin_matcher().map_err(|e| e.to_string())?;
    let model: &Model = matcher.model();
    let mut goals = Vec::new();

    // Intents.
    let rows = parse_tsv(&read(&dir, "intents-dev.tsv")?)?;
    let predicted: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            matcher
                .detect(&analyze(&r.text))
                .into_iter()
                .map(|m| m.intent)
                .collect()
        })
        .collect();
    println!("Intents: {} lines ({dir})", rows.len(), dir = dir.display());
    println!(
        "  {:<20} {:>9} {:>6} {:>6} {:>6}",
        "act", "precision", "recall", "F1", "lines"
    );
    let mut f1s = Vec::new();
    for act in ACTS {
        let (p, r, f) = precision_recall_f1(&rows, &predicted, act);
        let support = rows.iter().filter(|r| r.has(act)).count();
        println!("  {act:<20} {p:>9.3} {r:>6.3} {f:>6.3} {support:>6}");
        f1s.push(f);
    }
    let macro_f1 = mean(&f1s);
    let no_act: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].has("none")).collect();
    let given = no_act
        .iter()
        .filter(|&&i| predicted[i].iter().any(|p| ACTS.contains(&p.as_str())))
        .count() as f64
        / no_act.len().max(1) as f64;
    let (hits, wanted) = rows.iter().zip(&predicted).fold((0, 0), |(h, w), (row, found)| {
        let acts = row.labels.iter().filter(|l| ACTS.contains(&l.as_str()));
        let n = acts.clone().count();
        (h + acts.filter(|l| found.contains(l)).count(), w + n)
    });
    println!(
        "  macro-F1 {macro_f1:.3}; micro-recall {:.3}",
        hits as f64 / wanted.max(1) as f64
    );
    println!("  no-act lines given an act: {:.1}% of {}", given * 100.0, no_act.len());
    let wrongly_given: Vec<String> = ACTS
        .iter()
        .map(|act| {
            (
                act,
                no_act
                    .iter()
                    .filter(|&&i| predicted[i].iter().any(|p| p == act))
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(act, n)| format!("{act} {n}"))
        .collect();
    if !wrongly_given.is_empty() {
        println!("    the acts they were given: {}", wrongly_given.join(", "));
    }
    goals.push((
        "intent macro-F1 >= 0.92",
        macro_f1 >= INTENT_MACRO_F1,
        format!("{macro_f1:.3}"),
    ));
    goals.push((
        "no-act lines given an act <= 3%",
        given <= NO_ACT_GIVEN_ACT,
        format!("{:.1}%", given * 100.0),
    ));

    // Tone.
    let rows = parse_tsv(&read(&dir, "tone-dev.tsv")?)?;
    let tones: Vec<_> = rows.iter().map(|r| tone(model, &model.read(&r.text))).collect();
    println!("\nTone: {} lines", rows.len());
    println!("  {:<14} {:>6} {:>6}", "label", "AUC", "lines");
    let mut worst = f64::MAX;
    for (i, label) in TONES.iter().enumerate() {
        let scores: Vec<f64> = tones.iter().map(|t| t.probability[i]).collect();
        let a = auc(&rows, label, &scores);
        worst = worst.min(a);
        let support = rows.iter().filter(|r| r.has(label)).count();
        println!("  {label:<14} {a:>6.3} {support:>6}");
    }
    goals.push((
        "tone AUC >= 0.92 for every label",
        worst >= TONE_AUC,
        format!("lowest {worst:.3}"),
    ));

    // Note parts.
    let rows = parse_tsv(&read(&dir, "notes-dev.tsv")?)?;
    let parts: Vec<_> = rows.iter().map(|r| parts_of(model, &model.read(&r.text))).collect();
    println!("\nNote parts: {} sentences", rows.len());
    println!(
        "  {:<14} {:>9} {:>6} {:>6} {:>6} {:>6}",
        "part", "precision", "recall", "F1", "AUC", "lines"
    );
    let (mut worst_f1, mut worst_auc) = (f64::MAX, f64::MAX);
    for (i, part) in PARTS.iter().enumerate() {
        let said: Vec<Vec<String>> = parts
            .iter()
            .map(|(_, present)| {
                if present[i] {
                    vec![(*part).to_owned()]
                } else {
                    Vec::new()
                }
            })
            .collect();
        let (p, r, f) = precision_recall_f1(&rows, &said, part);
        let scores: Vec<f64> = parts.iter().map(|(probability, _)| probability[i]).collect();
        let a = auc(&rows, part, &scores);
        (worst_f1, worst_auc) = (worst_f1.min(f), worst_auc.min(a));
        let support = rows.iter().filter(|r| r.has(part)).count();
        println!("  {part:<14} {p:>9.3} {r:>6.3} {f:>6.3} {a:>6.3} {support:>6}");
    }
    goals.push((
        "note part F1 >= 0.88",
        worst_f1 >= PART_F1,
        format!("lowest {worst_f1:.3}"),
    ));
    goals.push((
        "note part AUC >= 0.92",
        worst_auc >= PART_AUC,
        format!("lowest {worst_auc:.3}"),
    ));

    // Note quality.
    let notes = parse_ratings(&read(&dir, "notes-quality-dev.tsv")?)?;
    let ratings: Vec<f64> = notes.iter().map(|(r, _)| f64::from(*r)).collect();
    let predicted: Vec<f64> = notes
        .iter()
        .map(|(_, n)| quality(model, n, &sentence_parts(model, n)))
        .collect();
    let words: Vec<f64> = notes.iter().map(|(_, n)| n.split_whitespace().count() as f64).collect();
    let (ours, baseline) = (spearman(&predicted, &ratings), spearman(&words, &ratings));
    println!("\nNote quality: {} notes", notes.len());
    println!("  Spearman with the ratings: {ours:.3} (plain word count: {baseline:.3})");
    goals.push((
        "note quality Spearman >= word count's + 0.02",
        ours >= baseline + QUALITY_OVER_WORDS,
        format!("{ours:.3} vs {baseline:.3}"),
    ));

    println!("\nGoals");
    let mut all = true;
    for (goal, met, value) in &goals {
        println!("  {:<6} {goal}: {value}", if *met { "met" } else { "NOT" });
        all &= met;
    }
    Ok(all)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

fn precision_recall_f1(rows: &[Labelled], predicted: &[Vec<String>], label: &str) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
    for (row, found) in rows.iter().zip(predicted) {
        match (row.has(label), found.iter().any(|f| f == label)) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fneg += 1.0,
            (false, false) => {}
        }
    }
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let recall = if tp + fneg > 0.0 { tp / (tp + fneg) } else { 0.0 };
    let f1 = if tp > 0.0 {
        2.0 * tp / (2.0 * tp + fp + fneg)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// The area under the ROC curve: the chance that a line with the label scores above one
/// without it (ties count half).
fn auc(rows: &[Labelled], label: &str, scores: &[f64]) -> f64 {
    let ranks = ranks(scores);
    let positives: Vec<f64> = rows
        .iter()
        .zip(&ranks)
        .filter(|(r, _)| r.has(label))
        .map(|(_, k)| *k)
        .collect();
    let (p, n) = (positives.len() as f64, (rows.len() - positives.len()) as f64);
    if p == 0.0 || n == 0.0 {
        return 0.0;
    }
    (positives.iter().sum::<f64>() - p * (p + 1.0) / 2.0) / (p * n)
}
