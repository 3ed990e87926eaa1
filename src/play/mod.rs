//! `deskcoach play`: the front-ends that feed trainee lines to the call engine. The keyboard
//! (a rustyline REPL) and a script (a file or a pipe) implement one [`LineSource`], so both run
//! the same session loop and print the same thing.

pub mod repl;
pub mod script;

use std::io::{self, IsTerminal, Write};

use crate::call::{Call, Mood, Turn};
use crate::cli::PlayArgs;
use crate::error::{Error, Result};
use crate::report::style::{Style, gauge};
use crate::report::summary;
use crate::scenario::{Library, Scenario, TechLevel, library};

/// Longest trainee line accepted. A real line is a sentence or three; a pasted log or a 10 MB
/// line would only make the analysis slow and the transcript unreadable.
pub const MAX_LINE_CHARS: usize = 2_000;

/// What a line source gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Line(String),
    /// Ctrl-C: the line being typed is dropped.
    Interrupted,
    /// Ctrl-D or the end of the script.
    Eof,
}

/// Where trainee lines come from.
pub trait LineSource {
    fn read_line(&mut self, prompt: &str) -> Result<Input>;

    /// Whether the lines should be printed after the prompt (a script; a terminal echoes).
    fn echoes(&self) -> bool;

    /// The ticket note. By default, lines until an empty one or Ctrl-D.
    fn read_note(&mut self, out: &mut dyn Write) -> Result<String> {
        let mut note = Vec::new();
        loop {
            match self.read_line(NOTE_PROMPT)? {
                Input::Line(line) if line.trim().is_empty() => break,
                Input::Line(line) => {
                    if self.echoes() {
                        writeln!(out, "{NOTE_PROMPT}{line}").map_err(Error::Stdout)?;
                    }
                    note.push(line);
                }
                Input::Interrupted => continue,
                Input::Eof => break,
            }
        }
        Ok(note.join("\n"))
    }

    /// Trainee lines left over after the call ended, dropped; returns how many.
    fn skip_call_lines(&mut self) -> usize {
        0
    }
}

const TRAINEE_PROMPT: &str = "you> ";
const NOTE_PROMPT: &str = "note> ";

const HELP: &str = "\
Commands:
  /hint   a good next move (hints are recorded and shown in the summary)
  /facts  what you have found out so far
  /end    end the call and write the ticket
  /help   this list
Anything else is said to the caller. Ctrl-C clears the line; Ctrl-D ends the call.";

const NOTE_INSTRUCTIONS: &str = "\
Write the ticket note: the symptom, the cause, the action you took and how you verified it.
An empty line finishes the note.";

/// Runs `deskcoach play`.
pub fn run(args: &PlayArgs) -> Result<()> {
    let library = Library::open(args.scenarios.as_deref())?;
    let stdin_is_terminal = io::stdin().is_terminal();
    let from_file;
    let scenario: &Scenario = match &args.scenario {
        Some(arg) if library::looks_like_path(arg) && args.scenarios.is_none() => {
            from_file = library::load_file(std::path::Path::new(arg))?;
            &from_file
        }
        Some(id) => library.get(id)?,
        None if args.script.is_none() && stdin_is_terminal => match repl::choose(&library)? {
            Some(scenario) => scenario,
            None => return Ok(()),
        },
        None => return Err(Error::usage("name a scenario to play (see `deskcoach list`), e.g. `deskcoach play internet-down`")),
    };
    let mut source: Box<dyn LineSource> = match &args.script {
        Some(path) => Box::new(script::Script::from_file(path)?),
        None if !stdin_is_terminal => Box::new(script::Script::from_stdin()?),
        None => Box::new(repl::Repl::new()?),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let style = Style::for_stdout();
    let mut call = Call::new(scenario, args.seed);
    session(&mut call, source.as_mut(), style, &mut out)?;
    let skipped = source.skip_call_lines();
    if skipped > 0 {
        writeln!(out, "{}", style.dim(&format!("({skipped} script lines after the end of the call were not used)"))).map_err(Error::Stdout)?;
    }
    let outcome = call.outcome().map_or("", |o| o.describe());
    writeln!(out, "\nThe call is over: {outcome}.\n{NOTE_INSTRUCTIONS}").map_err(Error::Stdout)?;
    let note = source.read_note(&mut out)?;
    let transcript = call.transcript(args.trainee.as_deref(), &note);
    summary::render(&summary::summarize(&transcript, scenario), scenario, style, &mut out).map_err(Error::Stdout)?;
    if let Some(path) = &args.transcript_out {
        let yaml = serde_yaml::to_string(&transcript).map_err(|e| Error::usage(format!("could not write the transcript: {e}")))?;
        let text = format!("# deskcoach transcript: score it with `deskcoach score {}`\n{yaml}", path.display());
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
        writeln!(out, "\nTranscript written to {}", path.display()).map_err(Error::Stdout)?;
    }
    Ok(())
}

/// The call itself: caller lines and trainee lines until the call ends.
pub fn session(call: &mut Call, source: &mut dyn LineSource, style: Style, out: &mut dyn Write) -> Result<()> {
    let scenario = call.scenario();
    let file = &scenario.file;
    let tech = match file.caller.tech_level {
        TechLevel::Low => "not technical",
        TechLevel::Medium => "some technical knowledge",
        TechLevel::High => "technical",
    };
    let w = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(Error::Stdout);
    w(out, format!("{} · difficulty {}/5", style.bold(&file.title), file.difficulty))?;
    w(out, style.dim(file.summary.trim()))?;
    w(out, format!("Caller: {}, {} ({tech})", file.caller.name, file.caller.role))?;
    w(out, style.dim("Type what you say to the caller. /help lists commands; Ctrl-D ends the call.\n"))?;
    w(out, caller_line(call, None, call.opening(), style))?;
    while call.outcome().is_none() {
        let line = match source.read_line(TRAINEE_PROMPT)? {
            Input::Line(line) => line,
            Input::Interrupted => continue,
            Input::Eof => {
                call.end_by_trainee();
                break;
            }
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if source.echoes() {
            w(out, format!("{TRAINEE_PROMPT}{line}"))?;
        }
        if line.chars().count() > MAX_LINE_CHARS {
            w(out, style.warn(&format!("That line is {} characters long; keep it under {MAX_LINE_CHARS}.", line.chars().count())))?;
            continue;
        }
        match line {
            "/help" => w(out, HELP.to_owned())?,
            "/hint" => w(out, style.warn(&format!("Hint: {}", call.hint())))?,
            "/facts" => w(out, facts(call))?,
            "/end" => call.end_by_trainee(),
            command if command.starts_with('/') && !command.contains(' ') => {
                w(out, style.warn(&format!("Unknown command {command}. /help lists the commands.")))?
            }
            said => {
                if let Some(turn) = call.respond(said).cloned() {
                    w(out, caller_line(call, Some(&turn), &turn.caller, style))?;
                    for fact in &turn.revealed {
                        w(out, style.dim(&format!("  (found: {})", scenario.fact_label(fact))))?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// "Maria (upset 6/10 ↑): The Internet is down!"
fn caller_line(call: &Call, turn: Option<&Turn>, text: &str, style: Style) -> String {
    let name = call.scenario().file.caller.name.split_whitespace().next().unwrap_or("Caller");
    let mood = call.mood();
    let trend = match turn.map(|t| t.mood.cmp(&t.mood_before)) {
        Some(std::cmp::Ordering::Greater) => " ↑",
        Some(std::cmp::Ordering::Less) => " ↓",
        _ => "",
    };
    let badge = format!("({} {} {mood}/10{trend})", Mood(mood).word(), gauge(mood, 10));
    format!("{} {}: {text}", style.caller(name), style.dim(&badge))
}

/// The facts found so far, for `/facts`.
fn facts(call: &Call) -> String {
    let scenario = call.scenario();
    if call.revealed().is_empty() {
        return "Nothing found out yet. Ask the caller what is happening.".to_owned();
    }
    let mut text = String::from("What you know so far:");
    for id in call.revealed() {
        let says = scenario.fact(id).map(|f| crate::call::pick_line(&f.says, Mood(0), call.seed(), id, 0)).unwrap_or_default();
        text.push_str(&format!("\n  - {}: \"{says}\"", scenario.fact_label(id)));
    }
    text
}
