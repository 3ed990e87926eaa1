//! `deskcoach progress` as text: a trainee's attempts, skill trends, recurring findings and
//! what to practise next.

use std::io::{self, Write};

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::style::{Style, sparkline};
use crate::store::queries::Progress;

/// The scenario to play next, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub scenario: String,
    pub title: String,
    pub reason: String,
}

pub fn render(progress: &Progress, next: Option<&Recommendation>, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Progress for {} ({} attempts)",
            progress.trainee, progress.attempts
        ))
    )?;
    if progress.attempts > 0 {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_header(["Scenario", "Attempts", "First", "Best", "Latest", "Passed"]);
        let shown = |v: Option<u32>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
        for s in &progress.scenarios {
            table.add_row([
                s.scenario.clone(),
                s.attempts.to_string(),
                shown(s.first),
                shown(s.best),
                shown(s.latest),
                s.passed.to_string(),
            ]);
        }
        writeln!(out, "\n{table}")?;
        writeln!(out, "\n{}", style.bold("Skills (oldest to latest)"))?;
        let width = progress
            .skills
            .iter()
            .map(|s| s.label.chars().count())
            .max()
            .unwrap_or(0);
        for skill in &progress.skills {
            let scores: Vec<u8> = skill.scores.iter().map(|&s| s.min(100) as u8).collect();
            let latest = skill.scores.last().map_or_else(|| "N/A".to_owned(), |s| s.to_string());
            writeln!(
                out,
                "  {:<width$}  {:<12}  {latest:>3}",
                skill.label,
                sparkline(&scores, 100)
            )?;
        }
        if !progress.recurring.is_empty() {
            writeln!(out, "\n{}", style.bold("What keeps coming up"))?;
            for f in &progress.recurring {
                writeln!(out, "  {:>3}x  {}  {}", f.count, f.rule, style.dim(&f.example))?;
            }
        }
    }
    if let Some(next) = next {
        writeln!(
            out,
            "\n{} `deskcoach play {}` ({}): {}",
            style.bold("Next:"),
            next.scenario,
            next.title,
            next.reason
        )?;
    }
    Ok(())
}
