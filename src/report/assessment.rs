//! The score report a trainee reads after a call (and `deskcoach score` prints): a table of
//! skills with bars, what went well, the findings grouped by skill in call order with quotes
//! and rewrites, and the trainee's note beside the exemplary one.

use std::io::{self, Write};

use super::style::{Style, gauge};
use crate::rubric::Level;
use crate::score::{Assessment, Effect, Finding};

/// What the text report shows beside the assessment.
pub struct NoteComparison<'a> {
    pub note: &'a str,
    pub exemplary: Option<&'a str>,
}

pub fn render_text(
    a: &Assessment,
    notes: Option<&NoteComparison>,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let verdict = match (a.passed, a.critical) {
        (true, _) => style.good("PASS"),
        (false, true) => style.bad("FAIL (a critical finding)"),
        (false, false) => style.bad("FAIL"),
    };
    let overall = a.overall.map_or_else(|| "N/A".to_owned(), |o| format!("{o}/100"));
    writeln!(
        out,
        "\n{}  {}  {verdict}  (pass mark {})",
        style.bold("Score"),
        style.bold(&overall),
        a.pass_mark
    )?;
    let width = a.skills.iter().map(|s| s.label.chars().count()).max().unwrap_or(0);
    for s in &a.skills {
        let (bar, number) = match s.score {
            Some(score) => (gauge((score / 10) as u8, 10), format!("{score:>3}")),
            None => ("·".repeat(10), "N/A".to_owned()),
        };
        let bar = match s.score {
            Some(score) if score >= 80 => style.good(&bar),
            Some(score) if score < 50 => style.bad(&bar),
            Some(_) => style.warn(&bar),
            None => style.dim(&bar),
        };
        writeln!(out, "  {:<width$}  {bar} {number}", s.label)?;
    }
    if a.hints > 0 {
        writeln!(
            out,
            "  {}",
            style.dim(&format!(
                "{} hint(s) used: -{} on the overall score",
                a.hints, a.hint_penalty
            ))
        )?;
    }

    let credits: Vec<&Finding> = a.findings.iter().filter(|f| f.effect == Effect::Credit).collect();
    if !credits.is_empty() {
        writeln!(out, "\n{}", style.bold("What went well"))?;
        for f in credits {
            writeln!(out, "  {} {}{}", style.good("✓"), f.message, turn_suffix(f))?;
        }
    }
    let faults: Vec<&Finding> = a.findings.iter().filter(|f| f.effect == Effect::Deduction).collect();
    if !faults.is_empty() {
        writeln!(out, "\n{}", style.bold("To work on"))?;
        for s in &a.skills {
            let mine: Vec<&&Finding> = faults.iter().filter(|f| f.skill == s.skill).collect();
            if mine.is_empty() {
                continue;
            }
            writeln!(out, "  {}", style.bold(&s.label))?;
            for f in mine {
                render_finding(f, style, out)?;
            }
        }
    }
    if let Some(notes) = notes {
        writeln!(out, "\n{}", style.bold("Your ticket note"))?;
        let note = if notes.note.trim().is_empty() {
            "(none)"
        } else {
            notes.note.trim()
        };
        for line in note.lines() {
            writeln!(out, "  {line}")?;
        }
        if let Some(exemplary) = notes.exemplary.filter(|e| !e.trim().is_empty()) {
            writeln!(out, "{}", style.bold("An exemplary note"))?;
            for line in exemplary.trim().lines() {
                writeln!(out, "  {}", style.dim(line))?;
            }
        }
    }
    Ok(())
}

fn turn_suffix(f: &Finding) -> String {
    f.turn.map(|t| format!(" (turn {t})")).unwrap_or_default()
}

fn render_finding(f: &Finding, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let level = match f.level {
        Level::Suggestion => style.dim("suggestion"),
        Level::Warning => style.warn("warning"),
        Level::Error => style.bad("error"),
        Level::Critical => style.bad("CRITICAL"),
    };
    let place = match (f.turn, &f.quote) {
        (Some(t), _) => format!("turn {t}"),
        (None, Some(_)) => "note".to_owned(),
        (None, None) => "call".to_owned(),
    };
    writeln!(
        out,
        "    {place}  {level}  {}  {}",
        style.dim(&f.rule),
        style.bad(&format!("{}", f.points))
    )?;
    if let (Some(quote), true) = (&f.quote, f.turn.is_some() || f.span.is_some()) {
        let (shown, marks) = quote_with_marks(quote, f.span);
        writeln!(out, "      \"{shown}\"")?;
        if let Some(marks) = marks {
            writeln!(out, "       {}", style.bad(&marks))?;
        }
    }
    writeln!(out, "      {}", f.message)?;
    if let Some(suggestion) = &f.suggestion {
        writeln!(out, "      {} {}", style.good("Try:"), suggestion)?;
    }
    Ok(())
}

/// The quote on one line (at most 100 characters around the match) and a `^^^` line under the
/// matched words.
fn quote_with_marks(quote: &str, span: Option<[usize; 2]>) -> (String, Option<String>) {
    const MAX: usize = 100;
    let flat: String = quote.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    let Some([start, end]) =
        span.filter(|[s, e]| s < e && *e <= flat.len() && flat.is_char_boundary(*s) && flat.is_char_boundary(*e))
    else {
        let shown: String = flat.chars().take(MAX).collect();
        return (
            if flat.chars().count() > MAX {
                shown + "..."
            } else {
                shown
            },
            None,
        );
    };
    let before = flat[..start].chars().count();
    let width = flat[start..end].chars().count().max(1);
    let skip = if flat.chars().count() <= MAX {
        0
    } else {
        before.saturating_sub(MAX / 2)
    };
    let mut shown: String = flat.chars().skip(skip).take(MAX).collect();
    let mut offset = before - skip;
    if skip > 0 {
        shown.insert_str(0, "...");
        offset += 3;
    }
    if flat.chars().count() > skip + MAX {
        shown.push_str("...");
    }
    (shown, Some(" ".repeat(offset) + &"^".repeat(width.min(MAX))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_sit_under_the_matched_words() {
        let (shown, marks) = quote_with_marks("Well, why is it down?", Some([6, 9]));
        assert_eq!(shown, "Well, why is it down?");
        assert_eq!(marks.as_deref(), Some("      ^^^"));
    }

    #[test]
    fn long_quotes_are_cut_around_the_match() {
        let text = format!("{}why{}", "a ".repeat(200), " b".repeat(200));
        let (shown, marks) = quote_with_marks(&text, Some([400, 403]));
        assert!(shown.len() < 120);
        let caret = marks.unwrap().find('^').unwrap();
        assert_eq!(&shown[caret..caret + 3], "why");
    }
}
