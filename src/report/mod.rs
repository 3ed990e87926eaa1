//! Rendering results for people and programs: the call summary, the scenario list, and the
//! terminal styling they share.

pub mod assessment;
pub mod html;
pub mod progress;
pub mod style;
pub mod summary;
pub mod team;

use std::io::Write;

use serde::Serialize;

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::scenario::Library;

/// One scenario in `deskcoach list --format json`.
#[derive(Debug, Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    title: &'a str,
    difficulty: u8,
    skills: &'a [String],
    caller: &'a str,
    /// What the trainee is told (spoiler-free).
    brief: Option<&'a str>,
    /// What the trainer is told (names the cause).
    summary: &'a str,
}

/// `deskcoach list`.
pub fn list(library: &Library, format: Format, out: &mut dyn Write) -> Result<()> {
    let entries: Vec<ListEntry> = library
        .scenarios
        .iter()
        .map(|s| ListEntry {
            id: s.id(),
            title: &s.file.title,
            difficulty: s.file.difficulty,
            skills: &s.file.skills,
            caller: &s.file.caller.name,
            brief: s.file.brief.as_deref().map(str::trim),
            summary: s.file.summary.trim(),
        })
        .collect();
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&entries).map_err(|e| Error::usage(e.to_string()))? + "\n",
        // Titles come from scenario files: untrusted text.
        Format::Text => {
            let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
            let mut text = String::new();
            for e in &entries {
                let stars = style::difficulty(e.difficulty);
                text.push_str(&format!(
                    "{:<width$}  {stars}  {}  ({})\n",
                    e.id,
                    e.title,
                    e.skills.join(", ")
                ));
                if let Some(brief) = e.brief {
                    text.push_str(&format!("{:<width$}         {brief}\n", ""));
                }
            }
            crate::terminal::visible(&text).into_owned()
        }
    };
    out.write_all(text.as_bytes()).map_err(Error::Stdout)
}
