//! `deskcoach report --format html`: one self-contained page (no network, no scripts) with
//! inline SVG charts, for managers to present and print.
//!
//! Trainee names, scenario ids, skill labels, rule ids and finding messages are untrusted: they
//! reach the page only through [`escape`], as element content, as SVG `<text>` and in
//! attributes alike. A Content-Security-Policy that allows nothing but the inline stylesheet
//! backs that up, so the page can neither run a script nor load anything.
//!
//! The page is built in a `String` and written once; the charts are one function each and share
//! the SVG frame, the text helper, the value axis and the legend.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{self, Write};

use super::team::percent;
use crate::dates::format_day;
use crate::store::queries::{Report, SkillCell};

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut page = String::with_capacity(64 * 1024);
    write_page(&mut page, report).map_err(|_| io::Error::other("could not lay out the HTML report"))?;
    out.write_all(page.as_bytes())
}

const STYLE: &str = r#"
:root { --ink: #1b2430; --muted: #5b6675; --line: #dde2e8; --paper: #fff; --page: #f3f5f8; --brand: #1f3a56; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
.wrap { max-width: 1000px; margin: 0 auto; padding: 0 20px; }
header { background: var(--brand); color: #fff; padding: 26px 0 22px; }
header h1 { margin: 0 0 2px; font-size: 28px; font-weight: 700; letter-spacing: -0.01em; }
.kicker { margin: 0 0 4px; font-size: 12px; letter-spacing: .08em; text-transform: uppercase; opacity: .75; }
.meta { margin: 0; font-size: 16px; }
.generated { margin: 6px 0 0; font-size: 12.5px; opacity: .75; }
main { padding-top: 4px; padding-bottom: 8px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px 20px;
  margin: 18px 0; }
h2 { margin: 0; font-size: 18px; }
.intro { margin: 2px 0 14px; color: var(--muted); font-size: 13.5px; }
.note { margin: 10px 0 0; color: var(--muted); font-size: 13px; }
.empty { margin: 0; color: var(--muted); font-style: italic; }
figure { margin: 0; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg text { fill: var(--ink); font-size: 12px; }
svg .axis { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: #e4e8ed; stroke-width: 1; }
svg .baseline { stroke: #9aa4b1; stroke-width: 1; }
svg .head { font-size: 12px; font-weight: 600; }
svg .name { font-size: 13px; font-weight: 600; }
svg .sub { fill: var(--muted); font-size: 11px; }
svg .hm-cell { stroke: #fff; stroke-width: 2; }
svg .hm-value { font-size: 15px; font-weight: 700; }
svg .hm-change { font-size: 11px; }
svg .trend-line { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
svg .trend-point { stroke: #fff; stroke-width: 1.5; }
svg .bar-track { fill: #eef1f4; }
svg .bar-value { font-size: 13px; font-weight: 700; }
svg .legend { font-size: 12px; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f6f8fa; color: var(--muted); font-size: 11.5px; font-weight: 600; letter-spacing: .04em;
  text-transform: uppercase; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td code { white-space: nowrap; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px;
  background: #eef1f4; border-radius: 4px; padding: 1px 5px; }
.strengths { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 8px; margin: 0;
  padding: 0; list-style: none; }
.strengths li { display: grid; grid-template-columns: 1fr auto; column-gap: 12px; align-items: center;
  border: 1px solid var(--line); border-left: 4px solid #4fae72; border-radius: 6px; padding: 7px 12px; }
.strengths .who { font-weight: 600; overflow-wrap: anywhere; }
.strengths .what { grid-column: 1; color: var(--muted); font-size: 13.5px; }
.strengths .avg { grid-column: 2; grid-row: 1 / span 2; font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; }
footer { padding-bottom: 28px; color: var(--muted); font-size: 12px; }
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11pt; }
  .wrap { max-width: none; padding: 0; }
  header { background: none; color: #000; padding: 0 0 8px; border-bottom: 2px solid #000; }
  section { border: none; border-radius: 0; padding: 0; margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, svg, table, tr, li { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
}
"#;

fn write_page(page: &mut String, report: &Report) -> fmt::Result {
    write!(
        page,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Team report · deskcoach</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )?;
    header(page, report)?;
    page.push_str("<main class=\"wrap\">\n");
    if report.attempts == 0 {
        section(page, "Nothing to show yet", "", |page| {
            page.push_str(
                "<p class=\"empty\">No attempts match. Trainees record attempts with <code>deskcoach play</code>.</p>\n",
            );
            Ok(())
        })?;
    } else {
        section(
            page,
            "Cohort at a glance",
            "Latest score per trainee and skill. The small arrow is the change since that trainee's attempt before.",
            |page| heatmap(page, report),
        )?;
        section(
            page,
            "Skill trends",
            "Average score of the team per skill, day by day.",
            |page| trend_chart(page, report),
        )?;
        section(
            page,
            "Pass rate per scenario",
            "Share of attempts that reached the pass mark.",
            |page| pass_rate_chart(page, report),
        )?;
        section(
            page,
            "Most frequent findings",
            "The deductions that come up most often: coach these first.",
            |page| findings_table(page, report),
        )?;
        section(
            page,
            "Strengths worth praising",
            "Skills a trainee averages 85 or more on.",
            |page| strengths_list(page, report),
        )?;
    }
    write!(
        page,
        "</main>\n<footer class=\"wrap\">deskcoach {} · a self-contained page: it loads nothing and runs no scripts.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    )
}

fn header(page: &mut String, report: &Report) -> fmt::Result {
    let trainees = plural(report.cohort.len(), "trainee", "trainees");
    let scenarios = plural(report.pass_rates.len(), "scenario", "scenarios");
    let mut meta = plural(report.attempts as usize, "attempt", "attempts");
    if report.attempts > 0 {
        write!(meta, " by {trainees} on {scenarios}")?;
    }
    match day_range(report) {
        Some((first, last)) if first == last => write!(meta, " · {}", day_label(first))?,
        Some((first, last)) => write!(meta, " · {} to {}", day_label(first), day_label(last))?,
        None => {}
    }
    write!(
        page,
        "<header><div class=\"wrap\">\n<p class=\"kicker\">deskcoach · help-desk soft skills</p>\n<h1>Team report</h1>\n\
         <p class=\"meta\">{}</p>\n<p class=\"generated\">Generated by deskcoach {} from the local training record. \
         Scores are out of 100.</p>\n</div></header>\n",
        escape(&meta),
        env!("CARGO_PKG_VERSION")
    )
}

/// One titled card of the page.
fn section(page: &mut String, title: &str, intro: &str, body: impl FnOnce(&mut String) -> fmt::Result) -> fmt::Result {
    write!(page, "<section>\n<h2>{}</h2>\n", escape(title))?;
    if !intro.is_empty() {
        writeln!(page, "<p class=\"intro\">{}</p>", escape(intro))?;
    }
    body(page)?;
    page.push_str("</section>\n");
    Ok(())
}

fn empty(page: &mut String, message: &str) -> fmt::Result {
    writeln!(page, "<p class=\"empty\">{}</p>", escape(message))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first and last day (Unix days) with a score.
fn day_range(report: &Report) -> Option<(i64, i64)> {
    let first = report.trends.iter().map(|p| p.day).min()?;
    let last = report.trends.iter().map(|p| p.day).max()?;
    Some((first, last))
}

/// `2026-11-23` for a Unix day (the trend points count days, `format_day` takes seconds).
fn day_label(day: i64) -> String {
    format_day(day.saturating_mul(86_400))
}

/// The label of a skill id, or the id itself when the report has no label for it.
fn skill_label<'a>(report: &'a Report, skill: &'a str) -> &'a str {
    report
        .skills
        .iter()
        .find(|(id, _)| id == skill)
        .map_or(skill, |(_, label)| label.as_str())
}

// ---------------------------------------------------------------------------------------------
// SVG building blocks shared by the charts.

const CHART_WIDTH: f64 = 960.0;

/// A rectangle in SVG user units: where a chart draws its data.
#[derive(Debug, Clone, Copy)]
struct Plot {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Plot {
    fn right(self) -> f64 {
        self.x + self.w
    }
    fn bottom(self) -> f64 {
        self.y + self.h
    }
}

/// An accessible inline SVG: `role="img"`, an aria-label and a `<title>` with the same text.
fn svg(
    page: &mut String,
    (width, height): (f64, f64),
    label: &str,
    body: impl FnOnce(&mut String) -> fmt::Result,
) -> fmt::Result {
    let label = escape(label);
    write!(
        page,
        "<figure>\n<svg class=\"chart\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         width=\"{width:.0}\" height=\"{height:.0}\">\n<title>{label}</title>\n"
    )?;
    body(page)?;
    page.push_str("</svg>\n</figure>\n");
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// An SVG `<text>`; its content is escaped here, so every label of every chart is.
fn text(page: &mut String, (x, y): (f64, f64), anchor: Anchor, class: &str, content: &str) -> fmt::Result {
    let anchor = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    writeln!(
        page,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
        escape(content)
    )
}

/// A hover tooltip (and an accessible name) for the SVG element it is the first child of.
fn tooltip(page: &mut String, content: &str) -> fmt::Result {
    write!(page, "<title>{}</title>", escape(content))
}

/// Shortens text to `max` characters, with an ellipsis when something was cut.
fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        Cow::Borrowed(text)
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        Cow::Owned(format!("{}…", kept.trim_end()))
    }
}

/// Breaks a label into at most two lines of about `max` characters, for column headings.
fn wrap_two_lines(text: &str, max: usize) -> Vec<String> {
    let mut first = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let needed = first.chars().count() + usize::from(!first.is_empty()) + word.chars().count();
        if !first.is_empty() && needed > max {
            break;
        }
        if !first.is_empty() {
            first.push(' ');
        }
        first.push_str(word);
        words.next();
    }
    let rest = words.collect::<Vec<_>>().join(" ");
    [first, rest]
        .into_iter()
        .filter(|line| !line.is_empty())
        .map(|line| truncate(&line, max + 2).into_owned())
        .collect()
}

/// Which way the 0-100 value scale runs.
#[derive(Debug, Clone, Copy)]
enum Values {
    /// Upward along the y axis (the trend chart).
    Up,
    /// Rightward along the x axis (the pass-rate bars), labelled as percentages.
    Across,
}

const TICKS: [u32; 5] = [0, 25, 50, 75, 100];

/// Grid lines and labels for the 0-100 scale that every chart here measures.
fn value_axis(page: &mut String, plot: Plot, values: Values) -> fmt::Result {
    for tick in TICKS {
        let share = f64::from(tick) / 100.0;
        let class = if tick == 0 { "baseline" } else { "grid" };
        match values {
            Values::Up => {
                let y = plot.bottom() - share * plot.h;
                writeln!(
                    page,
                    "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
                    plot.x,
                    plot.right()
                )?;
                text(page, (plot.x - 8.0, y + 4.0), Anchor::End, "axis", &tick.to_string())?;
            }
            Values::Across => {
                let x = plot.x + share * plot.w;
                writeln!(
                    page,
                    "<line class=\"{class}\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
                    plot.y,
                    plot.bottom()
                )?;
                text(
                    page,
                    (x, plot.bottom() + 16.0),
                    Anchor::Middle,
                    "axis",
                    &format!("{tick}%"),
                )?;
            }
        }
    }
    Ok(())
}

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy)]
enum Swatch {
    Block(&'static str),
    Line { colour: &'static str, dash: &'static str },
}

struct LegendEntry<'a> {
    swatch: Swatch,
    label: &'a str,
}

const LEGEND_ROW: f64 = 22.0;

fn legend_height(entries: usize, width: f64, entry_width: f64) -> f64 {
    let per_row = ((width / entry_width).floor() as usize).max(1);
    entries.div_ceil(per_row) as f64 * LEGEND_ROW
}

/// A legend laid out in rows of fixed-width entries, from (x, y).
fn legend(page: &mut String, entries: &[LegendEntry], (x, y): (f64, f64), width: f64, entry_width: f64) -> fmt::Result {
    let per_row = ((width / entry_width).floor() as usize).max(1);
    let max_chars = ((entry_width - 34.0) / 6.5).max(4.0) as usize;
    for (i, entry) in entries.iter().enumerate() {
        let ex = x + (i % per_row) as f64 * entry_width;
        let ey = y + (i / per_row) as f64 * LEGEND_ROW;
        page.push_str("<g class=\"legend-entry\">");
        tooltip(page, entry.label)?;
        match entry.swatch {
            Swatch::Block(colour) => write!(
                page,
                "<rect x=\"{ex:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" rx=\"2\" fill=\"{colour}\"/>",
                ey + 2.0
            )?,
            Swatch::Line { colour, dash } => write!(
                page,
                "<line x1=\"{ex:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"3\" \
                 stroke-dasharray=\"{dash}\"/>",
                ex + 24.0,
                y = ey + 9.0
            )?,
        }
        let label_x = ex
            + if matches!(entry.swatch, Swatch::Line { .. }) {
                30.0
            } else {
                20.0
            };
        text(
            page,
            (label_x, ey + 13.5),
            Anchor::Start,
            "legend",
            &truncate(entry.label, max_chars),
        )?;
        page.push_str("</g>\n");
    }
    Ok(())
}

/// Score bands: (lowest score, legend label, fill). Dark text reads on every one of them.
const BANDS: [(u32, &str, &str); 5] = [
    (90, "90–100", "#4fae72"),
    (75, "75–89", "#a6d98c"),
    (60, "60–74", "#f5d76e"),
    (40, "40–59", "#f3a66b"),
    (0, "0–39", "#e8705f"),
];
const NO_SCORE: &str = "#e9ecf0";

fn band_colour(score: f64) -> &'static str {
    BANDS
        .iter()
        .find(|(from, _, _)| score >= f64::from(*from))
        .map_or(BANDS[4].2, |band| band.2)
}

// ---------------------------------------------------------------------------------------------
// The cohort heatmap: trainees down, overall and skills across.

const NAME_WIDTH: f64 = 200.0;
const CELL_W: f64 = 92.0;
const CELL_H: f64 = 46.0;
const HEAD_H: f64 = 44.0;
/// Space between the overall column and the skills.
const OVERALL_GAP: f64 = 10.0;

fn heatmap(page: &mut String, report: &Report) -> fmt::Result {
    if report.cohort.is_empty() {
        return empty(page, "No trainee has a score yet.");
    }
    let width = NAME_WIDTH + OVERALL_GAP + (report.skills.len() + 1) as f64 * CELL_W;
    let legend_y = HEAD_H + report.cohort.len() as f64 * CELL_H + 18.0;
    let mut entries: Vec<LegendEntry> = BANDS
        .iter()
        .rev()
        .map(|&(_, label, colour)| LegendEntry {
            swatch: Swatch::Block(colour),
            label,
        })
        .collect();
    entries.push(LegendEntry {
        swatch: Swatch::Block(NO_SCORE),
        label: "no score",
    });
    let height = legend_y + legend_height(entries.len(), width, 100.0);
    let label = format!(
        "Heatmap: latest score of {} in overall and {} skills",
        plural(report.cohort.len(), "trainee", "trainees"),
        report.skills.len()
    );
    svg(page, (width, height), &label, |page| {
        let column_x = |column: usize| NAME_WIDTH + column as f64 * CELL_W + if column > 0 { OVERALL_GAP } else { 0.0 };
        text(page, (0.0, HEAD_H - 10.0), Anchor::Start, "head", "Trainee")?;
        column_heading(page, column_x(0), "Overall")?;
        for (i, (_, skill)) in report.skills.iter().enumerate() {
            column_heading(page, column_x(i + 1), skill)?;
        }
        for (row, trainee) in report.cohort.iter().enumerate() {
            let y = HEAD_H + row as f64 * CELL_H;
            row_heading(page, y, &trainee.trainee, trainee.attempts)?;
            let overall = trainee.latest_overall.map(|latest| SkillCell { latest, change: None });
            heat_cell(
                page,
                (column_x(0), y),
                overall,
                &format!("{}: overall", trainee.trainee),
            )?;
            for (i, (cell, (_, skill))) in trainee.skills.iter().zip(&report.skills).enumerate() {
                heat_cell(
                    page,
                    (column_x(i + 1), y),
                    *cell,
                    &format!("{}: {skill}", trainee.trainee),
                )?;
            }
        }
        legend(page, &entries, (0.0, legend_y), width, 100.0)
    })
}

fn column_heading(page: &mut String, x: f64, label: &str) -> fmt::Result {
    page.push_str("<g>");
    tooltip(page, label)?;
    let lines = wrap_two_lines(label, 13);
    let first_y = HEAD_H - 10.0 - 15.0 * (lines.len() as f64 - 1.0);
    for (i, line) in lines.iter().enumerate() {
        text(
            page,
            (x + CELL_W / 2.0, first_y + 15.0 * i as f64),
            Anchor::Middle,
            "head",
            line,
        )?;
    }
    page.push_str("</g>\n");
    Ok(())
}

fn row_heading(page: &mut String, y: f64, trainee: &str, attempts: u32) -> fmt::Result {
    page.push_str("<g>");
    tooltip(page, trainee)?;
    text(page, (0.0, y + 21.0), Anchor::Start, "name", &truncate(trainee, 24))?;
    text(
        page,
        (0.0, y + 37.0),
        Anchor::Start,
        "sub",
        &plural(attempts as usize, "attempt", "attempts"),
    )?;
    page.push_str("</g>\n");
    Ok(())
}

fn heat_cell(page: &mut String, (x, y): (f64, f64), cell: Option<SkillCell>, what: &str) -> fmt::Result {
    let (fill, value) = match cell {
        Some(c) => (band_colour(f64::from(c.latest)), c.latest.to_string()),
        None => (NO_SCORE, "–".to_owned()),
    };
    let change = cell.and_then(|c| c.change).filter(|d| *d != 0);
    let described = match (cell, change) {
        (None, _) => format!("{what}: no score"),
        (Some(c), Some(d)) => format!(
            "{what}: {} ({}{} since the attempt before)",
            c.latest,
            if d > 0 { "up " } else { "down " },
            d.abs()
        ),
        (Some(c), None) => format!("{what}: {}", c.latest),
    };
    page.push_str("<g>");
    tooltip(page, &described)?;
    write!(
        page,
        "<rect class=\"hm-cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL_W:.0}\" height=\"{CELL_H:.0}\" rx=\"4\" fill=\"{fill}\"/>"
    )?;
    let centre = x + CELL_W / 2.0;
    match change {
        Some(d) => {
            text(page, (centre, y + 21.0), Anchor::Middle, "hm-value", &value)?;
            let arrow = if d > 0 {
                format!("↑{d}")
            } else {
                format!("↓{}", d.abs())
            };
            text(page, (centre, y + 37.0), Anchor::Middle, "hm-change", &arrow)?;
        }
        None => text(page, (centre, y + 28.0), Anchor::Middle, "hm-value", &value)?,
    }
    page.push_str("</g>\n");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Skill trends: one line per skill, days across, 0-100 up.

/// Line colours (Okabe-Ito, readable by colour-blind readers) and dash patterns (for grey print).
const SERIES_COLOURS: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#4d4d4d", "#8c6bb1",
];
const SERIES_DASHES: [&str; 3] = ["none", "8 4", "2 4"];
/// Width of one skill in the legend: four to a row.
const LEGEND_ENTRY: f64 = 218.0;

struct Series<'a> {
    label: &'a str,
    /// (Unix day, average score 0-100), oldest first.
    points: Vec<(i64, f64)>,
}

/// The trend points grouped by skill, in report order, then any skill the order does not know.
fn trend_series(report: &Report) -> Vec<Series<'_>> {
    let mut skills: Vec<&str> = report.skills.iter().map(|(id, _)| id.as_str()).collect();
    for point in &report.trends {
        if !skills.contains(&point.skill.as_str()) {
            skills.push(&point.skill);
        }
    }
    skills
        .into_iter()
        .map(|skill| {
            let mut points: Vec<(i64, f64)> = report
                .trends
                .iter()
                .filter(|p| p.skill == skill)
                .map(|p| {
                    (
                        p.day,
                        if p.average.is_finite() {
                            p.average.clamp(0.0, 100.0)
                        } else {
                            0.0
                        },
                    )
                })
                .collect();
            points.sort_by_key(|&(day, _)| day);
            Series {
                label: skill_label(report, skill),
                points,
            }
        })
        .filter(|s| !s.points.is_empty())
        .collect()
}

/// The days to label: every day across a short span, else evenly spaced days from the first.
fn day_ticks(first: i64, last: i64) -> Vec<i64> {
    let span = (last - first).max(0);
    let step = if span <= 8 { 1 } else { (span + 6) / 7 };
    (0..=span / step).map(|i| first + i * step).collect()
}

fn trend_chart(page: &mut String, report: &Report) -> fmt::Result {
    let series = trend_series(report);
    let Some((first, last)) = day_range(report) else {
        return empty(page, "No skill scores recorded yet.");
    };
    let plot = Plot {
        x: 44.0,
        y: 12.0,
        w: CHART_WIDTH - 44.0 - 44.0,
        h: 260.0,
    };
    let legend_y = plot.bottom() + 38.0;
    let height = legend_y + legend_height(series.len(), plot.w, LEGEND_ENTRY);
    let x_of = |day: i64| {
        if first == last {
            plot.x + plot.w / 2.0
        } else {
            plot.x + (day - first) as f64 / (last - first) as f64 * plot.w
        }
    };
    let y_of = |score: f64| plot.bottom() - score / 100.0 * plot.h;
    let style = |i: usize| {
        (
            SERIES_COLOURS[i % SERIES_COLOURS.len()],
            SERIES_DASHES[i % SERIES_DASHES.len()],
        )
    };
    let label = format!(
        "Line chart: average score per skill for {} skills from {} to {}",
        series.len(),
        day_label(first),
        day_label(last)
    );
    svg(page, (CHART_WIDTH, height), &label, |page| {
        value_axis(page, plot, Values::Up)?;
        for day in day_ticks(first, last) {
            text(
                page,
                (x_of(day), plot.bottom() + 18.0),
                Anchor::Middle,
                "axis",
                &day_label(day),
            )?;
        }
        for (i, s) in series.iter().enumerate() {
            let (colour, dash) = style(i);
            trend_line(page, s, colour, dash, |(day, score)| (x_of(day), y_of(score)))?;
        }
        let entries: Vec<LegendEntry> = series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (colour, dash) = style(i);
                LegendEntry {
                    swatch: Swatch::Line { colour, dash },
                    label: s.label,
                }
            })
            .collect();
        legend(page, &entries, (plot.x, legend_y), plot.w, LEGEND_ENTRY)
    })?;
    if first == last {
        writeln!(
            page,
            "<p class=\"note\">All scores so far are from one day; the lines grow as attempts on more days are \
             recorded.</p>"
        )?;
    }
    Ok(())
}

/// One skill's line (when it has two points or more) and a marker with a tooltip per point.
fn trend_line(
    page: &mut String,
    series: &Series,
    colour: &str,
    dash: &str,
    at: impl Fn((i64, f64)) -> (f64, f64),
) -> fmt::Result {
    page.push_str("<g>");
    if series.points.len() > 1 {
        let points: Vec<String> = series
            .points
            .iter()
            .map(|&p| at(p))
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        write!(
            page,
            "<polyline class=\"trend-line\" stroke=\"{colour}\" stroke-dasharray=\"{dash}\" points=\"{}\"/>",
            points.join(" ")
        )?;
    }
    for &(day, score) in &series.points {
        let (x, y) = at((day, score));
        write!(
            page,
            "<circle class=\"trend-point\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\">"
        )?;
        tooltip(page, &format!("{}, {}: {score:.0}", series.label, day_label(day)))?;
        page.push_str("</circle>");
    }
    page.push_str("</g>\n");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Pass rate per scenario: one horizontal bar each.

const BAR_ROW: f64 = 34.0;
const BAR_H: f64 = 20.0;

fn pass_rate_chart(page: &mut String, report: &Report) -> fmt::Result {
    if report.pass_rates.is_empty() {
        return empty(page, "No scenario has been attempted yet.");
    }
    let plot = Plot {
        x: 190.0,
        y: 6.0,
        w: CHART_WIDTH - 190.0 - 190.0,
        h: report.pass_rates.len() as f64 * BAR_ROW,
    };
    let label = format!(
        "Bar chart: pass rate of {}",
        plural(report.pass_rates.len(), "scenario", "scenarios")
    );
    svg(page, (CHART_WIDTH, plot.bottom() + 26.0), &label, |page| {
        value_axis(page, plot, Values::Across)?;
        for (i, rate) in report.pass_rates.iter().enumerate() {
            let y = plot.y + i as f64 * BAR_ROW + (BAR_ROW - BAR_H) / 2.0;
            let share = if rate.attempts == 0 {
                0.0
            } else {
                (f64::from(rate.passed) / f64::from(rate.attempts)).min(1.0)
            };
            let shown = percent(rate.passed, rate.attempts);
            let counts = format!(
                "{} of {} passed",
                rate.passed,
                plural(rate.attempts as usize, "attempt", "attempts")
            );
            page.push_str("<g>");
            tooltip(page, &format!("{}: {shown}, {counts}", rate.scenario))?;
            text(
                page,
                (plot.x - 10.0, y + 14.5),
                Anchor::End,
                "name",
                &truncate(&rate.scenario, 26),
            )?;
            write!(
                page,
                "<rect class=\"bar-track\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR_H:.0}\" rx=\"3\"/>\
                 <rect class=\"bar\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR_H:.0}\" rx=\"3\" fill=\"{}\"/>",
                plot.x,
                plot.w,
                plot.x,
                share * plot.w,
                band_colour(share * 100.0)
            )?;
            text(
                page,
                (plot.right() + 10.0, y + 14.5),
                Anchor::Start,
                "bar-value",
                &shown,
            )?;
            text(page, (plot.right() + 52.0, y + 14.5), Anchor::Start, "sub", &counts)?;
            page.push_str("</g>\n");
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// The findings table and the strengths list.

fn findings_table(page: &mut String, report: &Report) -> fmt::Result {
    if report.frequent_findings.is_empty() {
        return empty(page, "No deductions recorded: nothing to coach here.");
    }
    page.push_str(
        "<table>\n<thead><tr><th>Rule</th><th>Skill</th><th class=\"num\">Times</th><th class=\"num\">Trainees</th>\
         <th>Example</th></tr></thead>\n<tbody>\n",
    );
    for f in &report.frequent_findings {
        writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&f.rule),
            escape(skill_label(report, &f.skill)),
            f.count,
            f.trainees,
            escape(&f.example)
        )?;
    }
    page.push_str("</tbody>\n</table>\n");
    Ok(())
}

fn strengths_list(page: &mut String, report: &Report) -> fmt::Result {
    if report.strengths.is_empty() {
        return empty(page, "No trainee averages 85 or more on a skill yet.");
    }
    page.push_str("<ul class=\"strengths\">\n");
    for s in &report.strengths {
        let average = if s.average.is_finite() { s.average } else { 0.0 };
        writeln!(
            page,
            "<li><span class=\"who\">{}</span><span class=\"what\">{}</span>\
             <span class=\"avg\" title=\"average score\">{average:.0}</span></li>",
            escape(&s.trainee),
            escape(&s.label)
        )?;
    }
    page.push_str("</ul>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::queries::{CohortRow, FindingCount, PassRate, Strength, TrendPoint};

    fn render_to_string(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &mut out).expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    fn empty_report() -> Report {
        Report {
            skills: Vec::new(),
            attempts: 0,
            cohort: Vec::new(),
            pass_rates: Vec::new(),
            frequent_findings: Vec::new(),
            strengths: Vec::new(),
            trends: Vec::new(),
        }
    }

    const SCRIPT: &str = "<script>alert(1)</script>";
    const ATTRIBUTE: &str = "\" onmouseover=alert(1) x=\"";

    /// A report where every piece of untrusted text is hostile.
    fn hostile_report(days: &[i64]) -> Report {
        let skills = vec![
            ("questioning".to_owned(), format!("Q&A {SCRIPT}")),
            ("tone".to_owned(), format!("Tone{ATTRIBUTE}")),
        ];
        let cell = |latest, change| Some(SkillCell { latest, change });
        Report {
            skills,
            attempts: 4,
            cohort: vec![
                CohortRow {
                    trainee: SCRIPT.to_owned(),
                    attempts: 3,
                    latest_overall: Some(72),
                    skills: vec![cell(80, Some(-5)), cell(55, Some(10))],
                },
                CohortRow {
                    trainee: format!("Ana & Bo{ATTRIBUTE}"),
                    attempts: 1,
                    latest_overall: None,
                    skills: vec![None, cell(100, None)],
                },
            ],
            pass_rates: vec![
                PassRate {
                    scenario: format!("net{ATTRIBUTE}"),
                    attempts: 3,
                    passed: 2,
                },
                PassRate {
                    scenario: SCRIPT.to_owned(),
                    attempts: 1,
                    passed: 0,
                },
            ],
            frequent_findings: vec![FindingCount {
                rule: format!("rule{SCRIPT}"),
                skill: "questioning".to_owned(),
                count: 4,
                trainees: 2,
                example: format!("Don't say \"why\" & {SCRIPT}{ATTRIBUTE}"),
            }],
            strengths: vec![Strength {
                trainee: SCRIPT.to_owned(),
                skill: "tone".to_owned(),
                label: format!("Tone{ATTRIBUTE}"),
                average: 92.5,
            }],
            trends: days
                .iter()
                .flat_map(|&day| {
                    [
                        TrendPoint {
                            day,
                            skill: "questioning".to_owned(),
                            average: 70.0,
                        },
                        TrendPoint {
                            day,
                            skill: format!("extra{SCRIPT}"),
                            average: 150.0,
                        },
                    ]
                })
                .collect(),
        }
    }

    /// Every `&` starts an entity: nothing untrusted slipped through as a bare ampersand.
    fn assert_ampersands_are_entities(html: &str) {
        for (at, _) in html.match_indices('&') {
            let rest = &html[at + 1..];
            let entity = rest.split(';').next().unwrap_or_default();
            let named = !entity.is_empty() && entity.chars().all(|c| c.is_ascii_alphanumeric());
            let numeric = entity
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            assert!(
                named || numeric,
                "a bare & at {at}: {:?}",
                &html[at..(at + 30).min(html.len())]
            );
        }
    }

    /// The elements this page is made of: anything else got in from outside.
    const ELEMENTS: [&str; 32] = [
        "html", "head", "meta", "title", "style", "body", "header", "div", "p", "h1", "h2", "main", "section",
        "figure", "svg", "g", "rect", "line", "text", "polyline", "circle", "table", "thead", "tbody", "tr", "th",
        "td", "code", "ul", "li", "span", "footer",
    ];

    /// Checks every tag: a known element, no event-handler or loading attribute, and proper
    /// nesting. A tiny parser is enough because every `<` in text and `"` in values is escaped.
    fn assert_well_formed(html: &str) {
        let attribute = regex::Regex::new(r#"^\s+([a-zA-Z0-9:-]+)(="[^"]*")?"#).expect("a regex");
        let mut open: Vec<&str> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("a tag closes") + start;
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if tag.starts_with("!doctype") {
                continue;
            }
            let closing = tag.starts_with('/');
            let tag = tag.trim_start_matches('/');
            let name_end = tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
            let name = &tag[..name_end];
            assert!(ELEMENTS.contains(&name), "an unexpected element <{name}>");
            let mut attributes = tag[name_end..].trim_end_matches('/');
            while let Some(found) = attribute.captures(attributes) {
                let key = found[1].to_ascii_lowercase();
                assert!(
                    !key.starts_with("on") && !["src", "href", "srcdoc"].contains(&key.as_str()),
                    "<{name} {key}=...>"
                );
                attributes = &attributes[found[0].len()..];
            }
            assert!(
                attributes.trim().is_empty(),
                "<{name}> has something that is not an attribute: {attributes:?}"
            );
            if closing {
                assert_eq!(open.pop(), Some(name), "</{name}> closes the wrong element");
            } else if !tag.ends_with('/') && !["meta"].contains(&name) {
                open.push(name);
            }
        }
        assert!(open.is_empty(), "left open: {open:?}");
    }

    #[test]
    fn hostile_text_never_appears_unescaped() {
        let html = render_to_string(&hostile_report(&[20_000, 20_003]));
        assert!(!html.contains("<script"), "a script tag got through");
        assert!(!html.contains(ATTRIBUTE), "an attribute breakout got through");
        assert!(!html.contains("\" onmouseover"), "an attribute breakout got through");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot; onmouseover=alert(1) x=&quot;"));
        assert!(html.contains("Ana &amp; Bo"));
        assert!(html.contains("Don&#39;t say &quot;why&quot; &amp;"));
        assert_ampersands_are_entities(&html);
        assert_well_formed(&html);
    }

    #[test]
    fn the_page_is_self_contained_and_has_no_scripts() {
        let html = render_to_string(&hostile_report(&[20_000, 20_001, 20_010]));
        assert_well_formed(&html);
        for banned in ["<script", "http:", "https:", "url(", "@import"] {
            assert!(!html.contains(banned), "the page has {banned:?}");
        }
        assert!(html.contains("default-src 'none'"), "the page forbids loading anything");
        assert!(html.contains("@media print"));
    }

    #[test]
    fn every_chart_is_an_accessible_svg() {
        let html = render_to_string(&hostile_report(&[20_000, 20_003]));
        assert_eq!(html.matches("<svg").count(), 3);
        assert_eq!(html.matches("role=\"img\"").count(), 3);
        assert_eq!(html.matches("aria-label=").count(), 3);
        assert_eq!(
            html.matches("class=\"hm-cell\"").count(),
            2 * 3,
            "trainees x (overall + skills)"
        );
        assert_eq!(html.matches("class=\"bar\"").count(), 2);
        assert_eq!(html.matches("class=\"trend-line\"").count(), 2, "one line per skill");
        assert!(
            html.contains("↓5") && html.contains("↑10"),
            "changes are shown in the cells"
        );
        assert!(html.contains("67%") && html.contains("2 of 3 attempts passed"));
        assert!(
            html.contains(">2024-10-04<") && html.contains(">2024-10-07<"),
            "days label the x axis"
        );
    }

    #[test]
    fn a_single_day_draws_points_without_lines() {
        let html = render_to_string(&hostile_report(&[20_000]));
        assert_eq!(html.matches("class=\"trend-line\"").count(), 0);
        assert_eq!(html.matches("class=\"trend-point\"").count(), 2);
        assert!(html.contains("from one day"));
        assert_well_formed(&html);
    }

    #[test]
    fn attempts_without_scores_say_so_instead_of_drawing() {
        let mut report = hostile_report(&[]);
        report.frequent_findings.clear();
        report.strengths.clear();
        let html = render_to_string(&report);
        assert!(html.contains("No skill scores recorded yet."));
        assert!(html.contains("nothing to coach here"));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_well_formed(&html);
    }

    #[test]
    fn an_empty_report_is_a_valid_page_that_says_there_are_no_attempts() {
        let html = render_to_string(&empty_report());
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.trim_end().ends_with("</html>"));
        assert!(html.contains("<title>"));
        assert!(html.contains("No attempts match."));
        assert!(!html.contains("<svg"));
        assert_well_formed(&html);
    }

    #[test]
    fn helpers_cut_and_wrap_labels() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a very long trainee name", 10), "a very lo…");
        assert_eq!(wrap_two_lines("Empathy and tone", 13), ["Empathy and", "tone"]);
        assert_eq!(wrap_two_lines("Questioning", 13), ["Questioning"]);
        assert_eq!(day_ticks(5, 5), [5]);
        assert_eq!(day_ticks(0, 2), [0, 1, 2]);
        assert_eq!(day_ticks(0, 8), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(day_ticks(0, 20), [0, 3, 6, 9, 12, 15, 18]);
        assert_eq!(day_ticks(0, 600).len(), 7);
        assert_eq!(band_colour(100.0), "#4fae72");
        assert_eq!(band_colour(0.0), "#e8705f");
    }
}
