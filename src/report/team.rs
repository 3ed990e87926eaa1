//! `deskcoach report` for managers, as text, CSV and JSON. (HTML is in `html.rs`.)

use std::io::{self, Write};

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use super::style::Style;
use crate::dates::format_day;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::queries::{Filter, Report, SkillCell};

pub fn render_text(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        style.bold(&format!("Team report: {} attempts", report.attempts))
    )?;
    if report.attempts == 0 {
        return writeln!(
            out,
            "No attempts match. Trainees record attempts with `deskcoach play`."
        );
    }
    let mut cohort = Table::new();
    let mut header = vec!["Trainee".to_owned(), "Attempts".to_owned(), "Overall".to_owned()];
    header.extend(report.skills.iter().map(|(_, label)| label.clone()));
    cohort.load_preset(UTF8_FULL_CONDENSED).set_header(header);
    for row in &report.cohort {
        let mut cells = vec![
            row.trainee.clone(),
            row.attempts.to_string(),
            row.latest_overall.map_or("-".into(), |o| o.to_string()),
        ];
        cells.extend(row.skills.iter().map(cell));
        cohort.add_row(cells);
    }
    writeln!(
        out,
        "\n{}\n{cohort}",
        style.bold("Latest score per skill (change since the attempt before)")
    )?;

    let mut rates = Table::new();
    rates
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(["Scenario", "Attempts", "Passed", "Pass rate"]);
    for r in &report.pass_rates {
        rates.add_row([
            r.scenario.clone(),
            r.attempts.to_string(),
            r.passed.to_string(),
            percent(r.passed, r.attempts),
        ]);
    }
    writeln!(out, "\n{}\n{rates}", style.bold("Pass rate per scenario"))?;

    if !report.frequent_findings.is_empty() {
        writeln!(out, "\n{}", style.bold("Most frequent findings (coach these first)"))?;
        for f in &report.frequent_findings {
            writeln!(
                out,
                "  {:>6}x  {:<22} {} trainee(s)  {}",
                f.count,
                f.rule,
                f.trainees,
                style.dim(&f.example)
            )?;
        }
    }
    if !report.strengths.is_empty() {
        writeln!(out, "\n{}", style.bold("Strengths worth praising"))?;
        for s in &report.strengths {
            writeln!(out, "  {}: {} (average {:.0})", s.trainee, s.label, s.average)?;
        }
    }
    Ok(())
}

fn cell(c: &Option<SkillCell>) -> String {
    match c {
        None => "-".to_owned(),
        Some(SkillCell {
            latest,
            change: Some(d),
        }) if *d > 0 => format!("{latest} ↑{d}"),
        Some(SkillCell {
            latest,
            change: Some(d),
        }) if *d < 0 => format!("{latest} ↓{}", d.abs()),
        Some(SkillCell { latest, .. }) => latest.to_string(),
    }
}

pub fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        format!("{:.0}%", f64::from(part) * 100.0 / f64::from(whole))
    }
}

/// A spreadsheet opens a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
/// a formula; trainee names and scenario ids are untrusted, so such cells get a leading `'`.
pub fn guard_cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

/// One row per attempt and skill, streamed from the database.
pub fn write_csv(store: &Store, filter: &Filter, out: &mut dyn Write) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Stdout(e),
        other => Error::usage(format!("cannot write CSV: {other:?}")),
    };
    writer
        .write_record([
            "attempt", "date", "trainee", "scenario", "outcome", "overall", "passed", "hints", "skill", "score",
        ])
        .map_err(fail)?;
    store.each_attempt_skill(filter, |row| {
        let number = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        writer
            .write_record([
                row.attempt.to_string(),
                format_day(row.ended_at),
                guard_cell(&row.trainee),
                guard_cell(&row.scenario),
                row.outcome,
                number(row.overall),
                row.passed.to_string(),
                row.hints.to_string(),
                guard_cell(&row.skill),
                number(row.score),
            ])
            .map_err(fail)
    })?;
    writer.flush().map_err(Error::Stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_are_defused() {
        assert_eq!(guard_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard_cell("-2+3"), "'-2+3");
        assert_eq!(guard_cell("ana"), "ana");
    }
}
