//! The script front-end: one trainee line per line; a line `---` starts the ticket note, which
//! is the rest of the input. Used by `--script FILE` and when standard input is not a terminal.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;

use super::{Input, LineSource, MAX_LINE_CHARS, NOTE_PROMPT};
use crate::error::{Error, Position, Result, SourceError};
use crate::yaml;

/// The line that separates the call from the ticket note.
pub const NOTE_SEPARATOR: &str = "---";

#[derive(Debug)]
pub struct Script {
    lines: VecDeque<String>,
    note: String,
}

impl Script {
    pub fn from_file(path: &Path) -> Result<Script> {
        let text = yaml::read_text(path)?;
        Ok(Script::parse(&path.display().to_string(), &text)?)
    }

    pub fn from_stdin() -> Result<Script> {
        // `yes | deskcoach play ...` must end with a message, not with the memory.
        let text = yaml::read_text_from(std::io::stdin().lock(), Path::new("<stdin>"))?;
        Ok(Script::parse("<stdin>", &text)?)
    }

    /// Splits a script into call lines and the note; refuses lines too long to be speech.
    pub fn parse(file: &str, text: &str) -> Result<Script, SourceError> {
        let mut lines = VecDeque::new();
        let mut note_lines: Option<Vec<&str>> = None;
        for (index, line) in text.lines().enumerate() {
            if let Some(note) = note_lines.as_mut() {
                note.push(line);
                continue;
            }
            if line.trim() == NOTE_SEPARATOR {
                note_lines = Some(Vec::new());
                continue;
            }
            let length = line.chars().count();
            if length > MAX_LINE_CHARS {
                let at = Some(Position {
                    line: index + 1,
                    column: MAX_LINE_CHARS + 1,
                });
                let message =
                    format!("this line is {length} characters long; a trainee line may have at most {MAX_LINE_CHARS}");
                return Err(SourceError::new(file, text, at, message));
            }
            lines.push_back(line.to_owned());
        }
        let note = note_lines.unwrap_or_default().join("\n").trim().to_owned();
        Ok(Script { lines, note })
    }
}

impl Script {
    /// The trainee lines before the note.
    pub fn call_lines(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(String::as_str)
    }

    /// The ticket note (empty when the script has none).
    pub fn note(&self) -> &str {
        &self.note
    }
}

impl LineSource for Script {
    fn read_line(&mut self, _prompt: &str) -> Result<Input> {
        Ok(self.lines.pop_front().map_or(Input::Eof, Input::Line))
    }

    fn echoes(&self) -> bool {
        true
    }

    fn read_note(&mut self, out: &mut dyn Write) -> Result<String> {
        for line in self.note.lines() {
            writeln!(out, "{NOTE_PROMPT}{line}").map_err(Error::Stdout)?;
        }
        Ok(std::mem::take(&mut self.note))
    }

    fn skip_call_lines(&mut self) -> usize {
        let left = self.lines.iter().filter(|l| !l.trim().is_empty()).count();
        self.lines.clear();
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_starts_the_note() {
        let s = Script::parse(
            "s.txt",
            "hello\nwhat happened?\n---\nUser could not print.\nFixed queue.\n",
        )
        .unwrap();
        assert_eq!(s.lines, ["hello", "what happened?"]);
        assert_eq!(s.note, "User could not print.\nFixed queue.");
    }

    #[test]
    fn an_enormous_line_is_refused_with_its_position() {
        let text = format!("hi\n{}\n", "a".repeat(MAX_LINE_CHARS + 5));
        let e = Script::parse("s.txt", &text).unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(2));
    }
}
