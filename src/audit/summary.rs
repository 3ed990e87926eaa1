//! The audit summary: per agent, the vague-note rate and average score; the most common
//! findings; the worst items to review first; and the rows that were skipped, and why.

use std::collections::{BinaryHeap, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use super::AuditResult;
use super::input::BadRow;
use crate::report::style::Style;

/// How many skipped rows are listed one by one; the rest are counted.
const LISTED_BAD_ROWS: usize = 20;

#[derive(Debug, Clone, Default, Serialize)]
pub struct AgentStats {
    pub agent: String,
    pub items: u64,
    pub vague: u64,
    pub score_sum: u64,
    pub scored: u64,
}

impl AgentStats {
    pub fn average(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_sum as f64 / self.scored as f64)
    }
}

/// An item worth reviewing: lowest score first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Worst {
    pub score: u32,
    pub row: u64,
    pub id: String,
    pub agent: String,
    pub first_finding: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub items: u64,
    pub vague: u64,
    /// Unordered: the report sorts both. (Keyed by untrusted names, so the hasher is seeded
    /// at random; foldhash, since a lookup per item is a real part of an audit's cost.)
    pub agents: HashMap<String, AgentStats, foldhash::fast::RandomState>,
    pub findings: HashMap<String, u64, foldhash::fast::RandomState>,
    /// The `keep` lowest-scoring items (a max-heap, so the best of them leaves first).
    #[serde(skip)]
    worst: BinaryHeap<Worst>,
    #[serde(skip)]
    keep: usize,
    pub bad_rows: u64,
    pub bad_rows_listed: Vec<BadRow>,
}

impl Summary {
    pub fn new(keep_worst: usize) -> Summary {
        Summary {
            keep: keep_worst,
            ..Summary::default()
        }
    }

    pub fn add(&mut self, r: &AuditResult) {
        self.items += 1;
        self.vague += u64::from(r.vague);
        let agent = if r.agent.trim().is_empty() {
            "(no agent)"
        } else {
            r.agent.as_str()
        };
        // Look up before inserting: most items are by an agent, and have findings, seen before.
        let stats = match self.agents.get_mut(agent) {
            Some(stats) => stats,
            None => self.agents.entry(agent.to_owned()).or_insert_with(|| AgentStats {
                agent: agent.to_owned(),
                ..AgentStats::default()
            }),
        };
        stats.items += 1;
        stats.vague += u64::from(r.vague);
        if let Some(score) = r.score {
            stats.score_sum += u64::from(score);
            stats.scored += 1;
            // Rows are unique, so (score, row) orders items as `Worst` does: an item no better
            // than the best of a full list would be pushed only to leave again.
            let kept = self.worst.len() < self.keep
                || self
                    .worst
                    .peek()
                    .is_some_and(|best| (score, r.row) < (best.score, best.row));
            if kept {
                self.worst.push(Worst {
                    score,
                    row: r.row,
                    id: r.id.clone(),
                    agent: r.agent.clone(),
                    first_finding: r.findings.first().map(|f| f.message.clone()).unwrap_or_default(),
                });
                if self.worst.len() > self.keep {
                    self.worst.pop();
                }
            }
        }
        for f in r.findings.iter() {
            match self.findings.get_mut(&*f.rule) {
                Some(count) => *count += 1,
                None => {
                    self.findings.insert(f.rule.to_string(), 1);
                }
            }
        }
    }

    pub fn skip(&mut self, bad: BadRow) {
        self.bad_rows += 1;
        if self.bad_rows_listed.len() < LISTED_BAD_ROWS {
            self.bad_rows_listed.push(bad);
        }
    }

    /// The worst items, lowest score first.
    pub fn worst(&self) -> Vec<Worst> {
        self.worst.clone().into_sorted_vec()
    }

    /// The most common findings, most frequent first.
    pub fn top_findings(&self, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self.findings.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    pub fn render(&self, what: &str, style: Style, out: &mut dyn Write) -> io::Result<()> {
        let rate = |part: u64, whole: u64| {
            if whole == 0 {
                0.0
            } else {
                part as f64 * 100.0 / whole as f64
            }
        };
        writeln!(
            out,
            "{}",
            style.bold(&format!(
                "Audit: {} {what} scored, {} skipped",
                self.items, self.bad_rows
            ))
        )?;
        if what == "notes" {
            writeln!(
                out,
                "Vague notes: {} ({:.1}%)",
                self.vague,
                rate(self.vague, self.items)
            )?;
        }
        let mut table = comfy_table::Table::new();
        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        let mut letters = what.chars();
        let items: String = letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect())
            .unwrap_or_default();
        table.set_header(["Agent", items.as_str(), "Vague", "Vague %", "Average score"]);
        let mut agents: Vec<&AgentStats> = self.agents.values().collect();
        agents.sort_by(|a, b| {
            rate(b.vague, b.items)
                .total_cmp(&rate(a.vague, a.items))
                .then(a.agent.cmp(&b.agent))
        });
        for a in agents {
            let average = a.average().map_or("-".to_owned(), |v| format!("{v:.1}"));
            table.add_row([
                a.agent.clone(),
                a.items.to_string(),
                a.vague.to_string(),
                format!("{:.1}%", rate(a.vague, a.items)),
                average,
            ]);
        }
        writeln!(out, "\n{}\n{table}", style.bold("Per agent (most vague first)"))?;
        if !self.findings.is_empty() {
            writeln!(out, "\n{}", style.bold("Most common findings"))?;
            for (rule, n) in self.top_findings(10) {
                writeln!(out, "  {n:>8}x  {rule}")?;
            }
        }
        let worst = self.worst();
        if !worst.is_empty() {
            writeln!(out, "\n{}", style.bold("Review these first (lowest scores)"))?;
            for w in worst {
                let id = if w.id.is_empty() {
                    format!("row {}", w.row)
                } else {
                    format!("{} (row {})", w.id, w.row)
                };
                writeln!(
                    out,
                    "  {:>3}  {id}  {}  {}",
                    w.score,
                    w.agent,
                    style.dim(&w.first_finding)
                )?;
            }
        }
        if self.bad_rows > 0 {
            writeln!(out, "\n{}", style.bold(&format!("Skipped rows ({})", self.bad_rows)))?;
            for b in &self.bad_rows_listed {
                writeln!(out, "  row {}: {}", b.row, b.reason)?;
            }
            if self.bad_rows > self.bad_rows_listed.len() as u64 {
                writeln!(
                    out,
                    "  ... and {} more",
                    self.bad_rows - self.bad_rows_listed.len() as u64
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(row: u64, score: u32) -> AuditResult {
        AuditResult {
            row,
            id: format!("T{row}"),
            agent: format!("agent{}", row % 3),
            score: Some(score),
            passed: score >= 70,
            vague: false,
            findings: Vec::new().into(),
        }
    }

    #[test]
    fn the_worst_list_keeps_the_lowest_scores_first_row_first() {
        // Scores that repeat, in no order: ties are broken by row, as `Worst` orders them.
        let scores: Vec<u32> = (0..200u64).map(|i| ((i * 37) % 11 * 10) as u32).collect();
        for keep in [0, 1, 5, 200, 300] {
            let mut summary = Summary::new(keep);
            for (i, score) in scores.iter().enumerate() {
                summary.add(&result(i as u64 + 1, *score));
            }
            let mut expected: Vec<(u32, u64)> = scores.iter().enumerate().map(|(i, s)| (*s, i as u64 + 1)).collect();
            expected.sort();
            expected.truncate(keep);
            let kept: Vec<(u32, u64)> = summary.worst().iter().map(|w| (w.score, w.row)).collect();
            assert_eq!(kept, expected, "keeping {keep}");
            assert_eq!(summary.agents.len(), 3);
            assert_eq!(summary.agents["agent1"].items, 67);
        }
    }
}
