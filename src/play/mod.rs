//! `deskcoach play`: the front-ends that feed trainee lines to the call engine. The keyboard
//! (a rustyline REPL) and a script (a file or a pipe) implement one [`LineSource`], so both run
//! the same session loop and print the same thing.

pub mod repl;
pub mod script;

use std::io::{self, IsTerminal, Write};

use crate::call::{Call, Mood, Turn};
use crate::cli::PlayArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::output;
use crate::report::assessment::{NoteComparison, render_text};
use crate::report::style::{Style, gauge};
use crate::report::summary;
use crate::rubric::Rubric;
use crate::scenario::{Library, Scenario, TechLevel, library};
use crate::score;
use crate::store::{self, CallId, NewAttempt, Store};

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

    /// Whether the lines come from the journal of an interrupted call (not journaled again).
    fn replaying(&self) -> bool {
        false
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

/// Said once, under the caller's first line, so the bar next to every caller line reads.
const MOOD_SCALE: &str = "  (The bar is the caller's mood: 0 calm ... 10 hangs up. Empathy and progress calm them; blame and rudeness heat them.)";
const CLOSING_PROMPT: &str = "  (The call has reached its end. Close it in one line, or /end to write the ticket.)";

const NOTE_INSTRUCTIONS: &str = "\
Write the ticket note: the symptom, the cause, the action you took and how you verified it.
An empty line finishes the note.";

/// Runs `deskcoach play`.
pub fn run(args: &PlayArgs) -> Result<()> {
    let library = Library::open(args.scenarios.as_deref())?;
    // Load the rubric and open the record before the call, so a broken rubric or an unwritable
    // database is reported before the trainee spends ten minutes on a call.
    let rubric = Rubric::open(args.rubric.as_deref())?;
    let trainee = config::trainee(args.trainee.as_deref())?;
    let mut store = match args.no_save {
        true => None,
        false => Some(Store::open(&store::resolve_path(args.db.as_deref())?)?),
    };
    // A transcript written over the database or a file being read would destroy it; say so
    // now, before the call, not after it.
    if let Some(out) = &args.transcript_out {
        output::refuse_inputs(out, &input_files(args, &library, store.as_ref()))?;
    }
    let stdin_is_terminal = io::stdin().is_terminal();
    // The call's lock is held until this function returns: one process per journaled call.
    let (interrupted, mut _call_lock) = match (&store, args.resume) {
        (Some(store), true) => {
            let (call, lock) = store.interrupted(&trainee, args.scenario.as_deref())?.ok_or_else(|| {
                Error::usage(format!(
                    "no interrupted call to resume for trainee `{trainee}` in {}",
                    store.path().display()
                ))
            })?;
            (Some(call), Some(lock))
        }
        _ => (None, None),
    };
    let from_file;
    let scenario: &Scenario = match (&interrupted, &args.scenario) {
        (Some(call), _) => library.get(&call.scenario)?,
        (None, Some(arg)) if library::looks_like_path(arg) => {
            from_file = library::load_file(std::path::Path::new(arg))?;
            &from_file
        }
        (None, Some(id)) => library.get(id)?,
        (None, None) if args.script.is_none() && stdin_is_terminal => match repl::choose(&library)? {
            Some(scenario) => scenario,
            None => return Ok(()),
        },
        (None, None) => {
            return Err(Error::usage(
                "name a scenario to play (see `deskcoach list`), e.g. `deskcoach play internet-down`",
            ));
        }
    };
    let mut source: Box<dyn LineSource> = match &args.script {
        Some(path) => Box::new(script::Script::from_file(path)?),
        None if !stdin_is_terminal => Box::new(script::Script::from_stdin()?),
        None => Box::new(repl::Repl::new()?),
    };
    let style = Style::for_stdout();
    // Caller lines, echoed trainee lines and notes are untrusted text.
    let mut out = style.visible(io::stdout().lock());
    let started_at = now();
    let (seed, journal_id) = match (&store, &interrupted) {
        (Some(_), Some(call)) => {
            if call.scenario_hash != scenario.content_hash {
                let warning = format!(
                    "warning: scenario `{}` has changed since this call started; resuming on the current version",
                    call.scenario
                );
                eprintln!("{}", crate::terminal::visible(&warning));
            }
            source = Box::new(Resumed::new(&call.entries, source));
            (call.seed, Some(call.id))
        }
        (Some(store), None) => {
            let id = store.begin_call(&trainee, scenario.id(), &scenario.content_hash, args.seed, started_at)?;
            _call_lock = Some(store.lock_call(id)?);
            (args.seed, Some(id))
        }
        (None, _) => (args.seed, None),
    };
    // A scenario that adjusts a rule the rubric lacks is refused now, not after the call.
    let rubric = rubric.for_scenario(scenario)?;
    let mut call = Call::new(scenario, seed);
    let mut journal = Journal {
        store: store.as_ref(),
        call: journal_id,
        warned: false,
    };
    session(&mut call, source.as_mut(), &mut journal, style, &mut out)?;
    let skipped = source.skip_call_lines();
    if skipped > 0 {
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "({skipped} script lines after the end of the call were not used)"
            ))
        )
        .map_err(Error::Stdout)?;
    }
    let outcome = call.outcome().map_or_else(String::new, |o| {
        crate::call::describe_ending(o, call.end_reason(), call.follow_up())
    });
    writeln!(out, "\nThe call is over: {outcome}.\n{NOTE_INSTRUCTIONS}").map_err(Error::Stdout)?;
    let note = source.read_note(&mut out)?;
    let transcript = call.transcript(Some(&trainee), &note);
    summary::render(&summary::summarize(&transcript, scenario), scenario, style, &mut out).map_err(Error::Stdout)?;
    let assessment = score::assess(&score::Subject::call(&transcript, Some(scenario)), &rubric);
    let notes = NoteComparison {
        note: &transcript.note,
        exemplary: Some(&scenario.file.exemplary_note),
    };
    render_text(&assessment, Some(&notes), style, &mut out).map_err(Error::Stdout)?;
    if let Some(path) = &args.transcript_out {
        write_transcript(path, &transcript, &input_files(args, &library, store.as_ref()))?;
        writeln!(out, "\nTranscript written to {}", path.display()).map_err(Error::Stdout)?;
    }
    if let Some(store) = store.as_mut() {
        if transcript.turns.is_empty() {
            if let Some(id) = journal_id {
                store.discard_call(id)?;
            }
            writeln!(
                out,
                "{}",
                style.dim("\nNothing was said on this call, so it was not recorded.")
            )
            .map_err(Error::Stdout)?;
            return Ok(());
        }
        let attempt = NewAttempt {
            trainee: &trainee,
            transcript: &transcript,
            assessment: &assessment,
            started_at,
            ended_at: now(),
        };
        match store.save_attempt(&attempt, journal_id) {
            Ok(id) => {
                let saved =
                    format!("\nSaved as attempt {id} for {trainee}. `deskcoach progress` shows how you are doing.");
                writeln!(out, "{}", style.dim(&saved)).map_err(Error::Stdout)?;
            }
            Err(e) => {
                // The record could not take it; the work must not be lost with it.
                keep_unsaved_call(&transcript, attempt.ended_at, &mut out)?;
                return Err(e);
            }
        }
    }
    Ok(())
}

/// The files `play` reads: none of them may be overwritten by the transcript.
fn input_files(args: &PlayArgs, library: &Library, store: Option<&Store>) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = store.map(Store::files).unwrap_or_default();
    files.extend(args.script.iter().cloned());
    files.extend(args.rubric.iter().cloned());
    files.extend(args.scenario.iter().map(std::path::PathBuf::from));
    files.extend(library.scenarios.iter().map(|s| std::path::PathBuf::from(&s.origin)));
    files
}

/// What the trainee is told when the record and the disk both refused the call.
const UNSAVED_CALL: &str = "\
The call could not be saved anywhere (is the disk full?). Here it is, to copy before you close
this window. The lines you typed are also kept in the record's journal when it could take them:
once there is space again, `deskcoach play --resume` carries on from where it stopped.";

/// Writes a call the record could not take to `deskcoach-unsaved-<time>-<pid>.yaml`, never
/// replacing a file; if that fails too, prints the transcript so it can be copied.
fn keep_unsaved_call(transcript: &crate::call::Transcript, ended_at: i64, out: &mut dyn Write) -> Result<()> {
    let fallback = std::path::PathBuf::from(format!("deskcoach-unsaved-{ended_at}-{}.yaml", std::process::id()));
    let text = transcript_text(&fallback, transcript)?;
    match output::write_new(&fallback, text.as_bytes()) {
        Ok(()) => eprintln!(
            "The attempt could not be recorded; the call was written to {} instead.",
            fallback.display()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            writeln!(out, "\n{UNSAVED_CALL}\n\n{text}").map_err(Error::Stdout)?;
        }
    }
    Ok(())
}

/// Writes the transcript to `path` whole, refusing any of `inputs`.
fn write_transcript(
    path: &std::path::Path,
    transcript: &crate::call::Transcript,
    inputs: &[std::path::PathBuf],
) -> Result<()> {
    output::write_whole(path, inputs, transcript_text(path, transcript)?.as_bytes())
}

/// A transcript as YAML, headed by the command that scores it.
fn transcript_text(path: &std::path::Path, transcript: &crate::call::Transcript) -> Result<String> {
    let yaml =
        serde_yaml::to_string(transcript).map_err(|e| Error::usage(format!("could not write the transcript: {e}")))?;
    Ok(format!(
        "# deskcoach transcript: score it with `deskcoach score {}`\n{yaml}",
        path.display()
    ))
}

/// Seconds since the Unix epoch: when attempts start and end.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Writes each trainee line and hint to the record as it happens.
pub struct Journal<'a> {
    store: Option<&'a Store>,
    call: Option<CallId>,
    warned: bool,
}

impl Journal<'_> {
    /// A journal that keeps nothing, for callers that do not record.
    pub fn none() -> Journal<'static> {
        Journal {
            store: None,
            call: None,
            warned: false,
        }
    }

    fn write(&mut self, kind: &str, text: &str, out: &mut dyn Write, style: Style) -> Result<()> {
        let (Some(store), Some(call)) = (self.store, self.call) else {
            return Ok(());
        };
        if let Err(e) = store.journal(call, kind, text) {
            // The call goes on: losing crash protection is better than losing the call.
            if !self.warned {
                self.warned = true;
                writeln!(
                    out,
                    "{}",
                    style.warn(&format!(
                        "warning: the call is not being journaled ({e}); a crash now would lose it. At the end it goes to the record, or a file, or the screen"
                    ))
                )
                .map_err(Error::Stdout)?;
            }
        }
        Ok(())
    }
}

/// Replays a journaled call's lines, then hands over to the real source.
struct Resumed {
    replay: std::collections::VecDeque<String>,
    rest: Box<dyn LineSource>,
    /// Whether the line just read came from the journal.
    replayed_last: bool,
}

impl Resumed {
    fn new(entries: &[(String, String)], rest: Box<dyn LineSource>) -> Resumed {
        let replay = entries
            .iter()
            .map(|(kind, text)| {
                if kind == "hint" {
                    "/hint".to_owned()
                } else {
                    text.clone()
                }
            })
            .collect();
        Resumed {
            replay,
            rest,
            replayed_last: false,
        }
    }
}

impl LineSource for Resumed {
    fn read_line(&mut self, prompt: &str) -> Result<Input> {
        let next = self.replay.pop_front();
        self.replayed_last = next.is_some();
        match next {
            Some(line) => Ok(Input::Line(line)),
            None => self.rest.read_line(prompt),
        }
    }
    fn echoes(&self) -> bool {
        self.replayed_last || self.rest.echoes()
    }
    fn replaying(&self) -> bool {
        self.replayed_last
    }
    fn read_note(&mut self, out: &mut dyn Write) -> Result<String> {
        self.rest.read_note(out)
    }
    fn skip_call_lines(&mut self) -> usize {
        self.rest.skip_call_lines()
    }
}

/// Plays a script with no terminal and no record: the session loop `play --script` runs, its
/// output discarded. Golden tests and rule tests use it, so they test what trainees get.
pub fn play_script(scenario: &Scenario, script: &mut script::Script, seed: u64) -> Result<crate::call::Transcript> {
    let mut call = Call::new(scenario, seed);
    let mut sink = io::sink();
    session(&mut call, script, &mut Journal::none(), Style::default(), &mut sink)?;
    script.skip_call_lines();
    let note = script.note().to_owned();
    Ok(call.transcript(None, &note))
}

/// The call itself: caller lines and trainee lines until the call ends.
pub fn session(
    call: &mut Call,
    source: &mut dyn LineSource,
    journal: &mut Journal,
    style: Style,
    out: &mut dyn Write,
) -> Result<()> {
    let scenario = call.scenario();
    let file = &scenario.file;
    let tech = match file.caller.tech_level {
        TechLevel::Low => "not technical",
        TechLevel::Medium => "some technical knowledge",
        TechLevel::High => "technical",
    };
    let w = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(Error::Stdout);
    w(
        out,
        format!("{} · difficulty {}/5", style.bold(&file.title), file.difficulty),
    )?;
    // The brief, never the summary: the summary is the trainer's and names the cause.
    if let Some(brief) = &file.brief {
        w(out, style.dim(brief.trim()))?;
    }
    w(
        out,
        format!("Caller: {}, {} ({tech})", file.caller.name, file.caller.role),
    )?;
    w(
        out,
        style.dim("Type what you say to the caller. /help lists commands; Ctrl-D ends the call.\n"),
    )?;
    w(out, caller_line(call, None, call.opening(), style))?;
    w(out, style.dim(MOOD_SCALE))?;
    while !call.is_over() {
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
        let echoes = source.echoes();
        let replaying = source.replaying();
        if echoes {
            w(out, format!("{TRAINEE_PROMPT}{line}"))?;
        }
        if line.chars().count() > MAX_LINE_CHARS {
            w(
                out,
                style.warn(&format!(
                    "That line is {} characters long; keep it under {MAX_LINE_CHARS}.",
                    line.chars().count()
                )),
            )?;
            continue;
        }
        match line {
            "/help" => w(out, HELP.to_owned())?,
            "/hint" => {
                if !replaying {
                    journal.write("hint", "", out, style)?;
                }
                w(out, style.warn(&format!("Hint: {}", call.hint())))?
            }
            "/facts" => w(out, facts(call))?,
            "/end" => call.end_by_trainee(),
            command if command.starts_with('/') && !command.contains(' ') => w(
                out,
                style.warn(&format!("Unknown command {command}. /help lists the commands.")),
            )?,
            said => {
                if !replaying {
                    journal.write("line", said, out, style)?;
                }
                if let Some(turn) = call.respond(said).cloned() {
                    w(out, caller_line(call, Some(&turn), &turn.caller, style))?;
                    for fact in &turn.revealed {
                        w(out, style.dim(&format!("  (found: {})", scenario.fact_label(fact))))?;
                    }
                    if call.is_closing() {
                        w(out, style.dim(CLOSING_PROMPT))?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// "Maria (upset 6/10 ↑): The Internet is down!"
fn caller_line(call: &Call, turn: Option<&Turn>, text: &str, style: Style) -> String {
    let name = call
        .scenario()
        .file
        .caller
        .name
        .split_whitespace()
        .next()
        .unwrap_or("Caller");
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
        let says = scenario
            .fact(id)
            .map(|f| crate::call::pick_line(&f.says, Mood(0), call.seed(), id, 0))
            .unwrap_or_default();
        text.push_str(&format!("\n  - {}: \"{says}\"", scenario.fact_label(id)));
    }
    text
}
