//! Evaluates the politeness scorer against human judgements.
//!
//! ```text
//! cargo run --release --example eval_politeness -- FILE [--cv K] [--fit] [--l2 X] [--errors N]
//! ```
//!
//! FILE is a CSV in the format of the Stanford Politeness Corpus (columns `Request` and
//! `Normalized Score`), such as ../shared/eval/politeness/wikipedia.annotated.csv. As in the
//! paper, the top quarter of rows by Normalized Score counts as polite and the bottom quarter as
//! impolite; the middle half is left out of the accuracy, not of the Spearman correlation.
//!
//! Without options it scores the file with the weights stored in src/text/politeness.rs and
//! prints the accuracy on the quartile task (score above 0 means polite), Spearman's rho between
//! the score and Normalized Score over all rows, and a table of how often each strategy fires
//! and its weight.
//!
//! `--cv K` refits the model K times, each time on the quartile rows of K-1 folds, and scores
//! the held-out fold (its quartile rows for accuracy, all its rows for Spearman). Folds are
//! dealt in file order, separately within the polite, impolite and middle rows, so every fold
//! has the same mix and a run is repeatable.
//!
//! `--fit` fits on all quartile rows of FILE and prints the Rust constants to paste into
//! src/text/politeness.rs. `--l2` changes the penalty (default: the one the constants used);
//! `--errors N` lists the N quartile rows the model gets most wrong.

use std::error::Error;
use std::process::ExitCode;

use deskcoach::text::politeness::{self, BIAS, L2, Model, STRATEGIES, Strategy, WEIGHTS, feature_vector, fit_logistic};

#[path = "support/stats.rs"]
mod stats;
use stats::spearman;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Polite,
    Impolite,
    Middle,
}

struct Row {
    text: String,
    human: f64,
    class: Class,
    x: Vec<f64>,
}

struct Options {
    file: String,
    cv: Option<usize>,
    fit: bool,
    l2: f64,
    errors: usize,
}

/// The wordbook the politeness strategies are read with (built once: the example is one run).
fn book() -> &'static deskcoach::text::wordbook::Wordbook {
    static BOOK: std::sync::OnceLock<deskcoach::text::wordbook::Wordbook> = std::sync::OnceLock::new();
    BOOK.get_or_init(deskcoach::text::wordbook::Wordbook::new)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval_politeness: {e}");
            ExitCode::from(2)
        }
    }
}

fn options() -> Result<Options, Box<dyn Error>> {
    const USAGE: &str = "usage: eval_politeness FILE [--cv K] [--fit] [--l2 X] [--errors N]";
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        file: String::new(),
        cv: None,
        fit: false,
        l2: L2,
        errors: 0,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value; {USAGE}"));
        match arg.as_str() {
            "--cv" => options.cv = Some(value("--cv")?.parse()?),
            "--l2" => options.l2 = value("--l2")?.parse()?,
            "--errors" => options.errors = value("--errors")?.parse()?,
            "--fit" => options.fit = true,
            "-h" | "--help" => return Err(USAGE.into()),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}; {USAGE}").into()),
            _ if options.file.is_empty() => options.file = arg,
            _ => return Err(USAGE.into()),
        }
    }
    if options.file.is_empty() {
        return Err(USAGE.into());
    }
    if options.cv.is_some_and(|k| k < 2) {
        return Err("--cv needs at least 2 folds".into());
    }
    Ok(options)
}

fn run() -> Result<(), Box<dyn Error>> {
    let options = options()?;
    println!("file: {}", options.file);
    let rows = read(&options.file)?;
    let polite = rows.iter().filter(|r| r.class == Class::Polite).count();
    let impolite = rows.iter().filter(|r| r.class == Class::Impolite).count();
    println!(
        "rows: {} (polite quartile {polite}, impolite quartile {impolite}, middle {})",
        rows.len(),
        rows.len() - polite - impolite
    );

    if options.fit {
        let model = fit(&rows, |_| true, options.l2);
        print_constants(&model, options.l2);
        return Ok(());
    }

    let stored = Model {
        bias: BIAS,
        weights: WEIGHTS.to_vec(),
    };
    let scores: Vec<f64> = rows.iter().map(|r| stored.logit(&r.x)).collect();
    let all: Vec<usize> = (0..rows.len()).collect();
    let (correct, total) = accuracy(&rows, &scores, &all);
    println!("\nstored weights (src/text/politeness.rs):");
    println!(
        "  accuracy on the quartile task: {:.2}% ({correct}/{total})",
        100.0 * correct as f64 / total as f64
    );
    println!(
        "  Spearman with Normalized Score, all rows: {:.3}",
        spearman_of(&rows, &scores, &all)
    );

    if let Some(k) = options.cv {
        cross_validate(&rows, k, options.l2);
    }

    print_table(&rows, &stored);
    if options.errors > 0 {
        print_errors(&rows, &scores, options.errors);
    }
    Ok(())
}

/// Reads the file and labels the quartiles.
fn read(path: &str) -> Result<Vec<Row>, Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{path}: {e}"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| format!("{path}: no column {name:?}"))
    };
    let (text_at, score_at) = (column("Request")?, column("Normalized Score")?);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{path}: {e}"))?;
        let text = record.get(text_at).unwrap_or("").to_owned();
        let human: f64 = record
            .get(score_at)
            .unwrap_or("")
            .trim()
            .parse()
            .map_err(|e| format!("{path}: row {}: Normalized Score: {e}", i + 2))?;
        let x = feature_vector(book(), &text).to_vec();
        rows.push(Row {
            text,
            human,
            class: Class::Middle,
            x,
        });
    }
    if rows.len() < 8 {
        return Err(format!("{path}: too few rows ({})", rows.len()).into());
    }
    // The top and bottom quarter by rank, ties at the boundary included (as the paper's
    // thresholds are).
    let mut sorted: Vec<f64> = rows.iter().map(|r| r.human).collect();
    sorted.sort_by(f64::total_cmp);
    let quarter = rows.len() / 4;
    let low = sorted[quarter - 1];
    let high = sorted[sorted.len() - quarter];
    println!("quartile thresholds: polite >= {high:.4}, impolite <= {low:.4}");
    for row in &mut rows {
        row.class = if row.human >= high {
            Class::Polite
        } else if row.human <= low {
            Class::Impolite
        } else {
            Class::Middle
        };
    }
    Ok(rows)
}

/// Fits on the quartile rows that `keep` selects.
fn fit(rows: &[Row], keep: impl Fn(usize) -> bool, l2: f64) -> Model {
    let (xs, ys): (Vec<Vec<f64>>, Vec<bool>) = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| r.class != Class::Middle && keep(*i))
        .map(|(_, r)| (r.x.clone(), r.class == Class::Polite))
        .unzip();
    fit_logistic(&xs, &ys, l2)
}

/// Correct and total over the quartile rows among `which`.
fn accuracy(rows: &[Row], scores: &[f64], which: &[usize]) -> (usize, usize) {
    let mut correct = 0;
    let mut total = 0;
    for &i in which {
        let expected = match rows[i].class {
            Class::Middle => continue,
            class => class == Class::Polite,
        };
        total += 1;
        if (scores[i] > 0.0) == expected {
            correct += 1;
        }
    }
    (correct, total)
}

fn spearman_of(rows: &[Row], scores: &[f64], which: &[usize]) -> f64 {
    let a: Vec<f64> = which.iter().map(|&i| scores[i]).collect();
    let b: Vec<f64> = which.iter().map(|&i| rows[i].human).collect();
    spearman(&a, &b)
}

fn cross_validate(rows: &[Row], k: usize, l2: f64) {
    // Deal folds in file order within each class.
    let mut fold = vec![0; rows.len()];
    for class in [Class::Polite, Class::Impolite, Class::Middle] {
        for (n, (i, _)) in rows.iter().enumerate().filter(|(_, r)| r.class == class).enumerate() {
            fold[i] = n % k;
        }
    }
    println!("\n{k}-fold cross-validation (refit on the quartile rows of the other folds, L2 {l2}):");
    println!("  fold  accuracy            Spearman (all rows of the fold)");
    let mut out_of_fold = vec![0.0; rows.len()];
    let mut accuracies = Vec::new();
    let mut spearmans = Vec::new();
    let (mut correct_all, mut total_all) = (0, 0);
    for f in 0..k {
        let model = fit(rows, |i| fold[i] != f, l2);
        let held: Vec<usize> = (0..rows.len()).filter(|&i| fold[i] == f).collect();
        for &i in &held {
            out_of_fold[i] = model.logit(&rows[i].x);
        }
        let (correct, total) = accuracy(rows, &out_of_fold, &held);
        let rho = spearman_of(rows, &out_of_fold, &held);
        let acc = correct as f64 / total as f64;
        println!(
            "  {:>4}  {:>6.2}% ({correct:>3}/{total:>3})   {rho:.3}",
            f + 1,
            100.0 * acc
        );
        accuracies.push(acc);
        spearmans.push(rho);
        correct_all += correct;
        total_all += total;
    }
    let (acc_mean, acc_sd) = mean_sd(&accuracies);
    let (rho_mean, rho_sd) = mean_sd(&spearmans);
    println!(
        "  mean  {:.2}% (sd {:.2})     {rho_mean:.3} (sd {rho_sd:.3})",
        100.0 * acc_mean,
        100.0 * acc_sd
    );
    let all: Vec<usize> = (0..rows.len()).collect();
    println!(
        "cross-validated accuracy on the quartile task: {:.2}% ({correct_all}/{total_all})",
        100.0 * correct_all as f64 / total_all as f64
    );
    println!(
        "cross-validated Spearman with Normalized Score, all rows pooled: {:.3}",
        spearman_of(rows, &out_of_fold, &all)
    );
}

fn print_table(rows: &[Row], model: &Model) {
    let count = |strategy: usize, class: Option<Class>| {
        let selected: Vec<&Row> = rows.iter().filter(|r| class.is_none_or(|c| r.class == c)).collect();
        let fired = selected.iter().filter(|r| r.x[strategy] > 0.0).count();
        (fired, 100.0 * fired as f64 / selected.len().max(1) as f64)
    };
    println!("\nstrategies (fired: rows where it fires; polite/impolite: share of each quartile):");
    println!(
        "  {:<22} {:>12} {:>8} {:>9} {:>8} {:>10}",
        "strategy", "fired", "polite", "impolite", "weight", "mean human"
    );
    let mut order: Vec<usize> = (0..STRATEGIES).collect();
    order.sort_by_key(|&s| std::cmp::Reverse(count(s, None).0));
    for s in order {
        let (fired, share) = count(s, None);
        let (_, polite) = count(s, Some(Class::Polite));
        let (_, impolite) = count(s, Some(Class::Impolite));
        let human: Vec<f64> = rows.iter().filter(|r| r.x[s] > 0.0).map(|r| r.human).collect();
        let mean_human = human.iter().sum::<f64>() / human.len().max(1) as f64;
        println!(
            "  {:<22} {:>5} {:>5.1}% {:>7.1}% {:>8.1}% {:>+8.3} {:>+10.3}",
            Strategy::ALL[s].name(),
            fired,
            share,
            polite,
            impolite,
            model.weights[s],
            mean_human
        );
    }
    println!("  {:<22} {:>37} {:>+8.3}", "(bias)", "", model.bias);
    let mut by_weight: Vec<usize> = (0..STRATEGIES).collect();
    by_weight.sort_by(|&a, &b| model.weights[b].abs().total_cmp(&model.weights[a].abs()));
    let listed: Vec<String> = by_weight
        .iter()
        .map(|&s| format!("{} {:+.2}", Strategy::ALL[s].name(), model.weights[s]))
        .collect();
    println!("\nby weight: {}", listed.join(", "));
}

fn print_errors(rows: &[Row], scores: &[f64], n: usize) {
    let mut wrong: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].class != Class::Middle && (scores[i] > 0.0) != (rows[i].class == Class::Polite))
        .collect();
    wrong.sort_by(|&a, &b| scores[b].abs().total_cmp(&scores[a].abs()));
    println!("\nworst errors on the quartile task (stored weights):");
    for &i in wrong.iter().take(n) {
        let p = politeness::score(book(), &rows[i].text);
        let fired: Vec<String> = p
            .features
            .iter()
            .map(|f| format!("{}{:+.2}", f.name, f.weight))
            .collect();
        println!(
            "  human {:+.2} ({:?}), logit {:+.2}: {}\n      {}",
            rows[i].human,
            rows[i].class,
            scores[i],
            rows[i].text.replace('\n', " "),
            fired.join(" ")
        );
    }
}

fn print_constants(model: &Model, l2: f64) {
    println!("\n// Fitted by: cargo run --release --example eval_politeness -- FILE --fit (L2 {l2})");
    println!("pub const BIAS: f64 = {:.6};", model.bias);
    println!();
    println!("pub const WEIGHTS: [f64; STRATEGIES] = [");
    // Padded as rustfmt aligns trailing comments.
    let values: Vec<String> = model.weights.iter().map(|w| format!("{w:.6},")).collect();
    let width = values.iter().map(String::len).max().unwrap_or(0);
    for (s, value) in Strategy::ALL.iter().zip(&values) {
        println!("    {value:<width$} // {}", s.name());
    }
    println!("];");
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}
