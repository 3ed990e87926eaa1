//! The keyboard front-end: rustyline, with line editing and a history that lasts the call.

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use super::{Input, LineSource};
use crate::error::{Error, Result};
use crate::scenario::{Library, Scenario};

pub struct Repl {
    editor: DefaultEditor,
}

impl Repl {
    pub fn new() -> Result<Repl> {
        let editor = DefaultEditor::new().map_err(|e| Error::usage(format!("cannot use this terminal: {e}")))?;
        Ok(Repl { editor })
    }
}

impl LineSource for Repl {
    fn read_line(&mut self, prompt: &str) -> Result<Input> {
        match self.editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    // History is in memory only: it helps within a call and leaves no trace.
                    let _ = self.editor.add_history_entry(line.as_str());
                }
                Ok(Input::Line(line))
            }
            Err(ReadlineError::Interrupted) => Ok(Input::Interrupted),
            Err(ReadlineError::Eof) => Ok(Input::Eof),
            Err(e) => Err(Error::usage(format!("cannot read from the terminal: {e}"))),
        }
    }

    fn echoes(&self) -> bool {
        false
    }
}

/// The scenario menu. `None` when the trainee leaves it (Ctrl-C, Ctrl-D or `q`).
pub fn choose(library: &Library) -> Result<Option<&Scenario>> {
    println!("Pick a call to take:\n");
    for (i, s) in library.scenarios.iter().enumerate() {
        let stars = crate::report::style::difficulty(s.file.difficulty);
        let entry = format!("  {:>2}. {stars}  {:<28} {}", i + 1, s.file.title, s.file.caller.name);
        println!("{}", crate::terminal::visible(&entry));
    }
    println!();
    let mut repl = Repl::new()?;
    let count = library.scenarios.len();
    loop {
        let line = match repl.read_line(&format!("number (1-{count}), or q to quit> "))? {
            Input::Line(line) => line,
            Input::Interrupted | Input::Eof => return Ok(None),
        };
        let answer = line.trim();
        if answer.eq_ignore_ascii_case("q") {
            return Ok(None);
        }
        let by_number = answer
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=count).contains(n))
            .map(|n| &library.scenarios[n - 1]);
        match by_number.or_else(|| library.scenarios.iter().find(|s| s.id() == answer)) {
            Some(scenario) => return Ok(Some(scenario)),
            None => println!("Type a number from 1 to {count}, or a scenario id."),
        }
    }
}
