//! `deskcoach score`: a saved transcript, or a ticket note alone, against the rubric.

use std::io::Write;
use std::path::Path;

use crate::call::{Call, HANG_UP_MOOD, Transcript};
use crate::cli::{Format, ScoreArgs};
use crate::error::{Error, Result};
use crate::report::assessment::{NoteComparison, render_text};
use crate::report::style::Style;
use crate::rubric::Rubric;
use crate::scenario::Library;
use crate::score::{Assessment, Subject, assess, assess_call};
use crate::yaml::{self, codes};

/// Runs the command; returns whether the assessment passed.
pub fn run(args: &ScoreArgs) -> Result<bool> {
    let rubric = Rubric::open(args.rubric.as_deref())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let style = Style::for_stdout();
    let note_text = match (&args.note, &args.note_file) {
        (Some(note), _) => Some(note.clone()),
        (None, Some(path)) => Some(yaml::read_text(path)?),
        (None, None) => None,
    };
    let (assessment, comparison_note, exemplary) = match (note_text, &args.transcript) {
        (Some(note), _) => (assess(&Subject::note(&note), &rubric), note, None),
        (None, Some(path)) => {
            let library = Library::open(args.scenarios.as_deref())?;
            let (transcript, assessment, exemplary) = score_transcript(path, &library, &rubric)?;
            (assessment, transcript.note, exemplary)
        }
        (None, None) => return Err(Error::usage("give a transcript, --note TEXT or --note-file FILE")),
    };
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&assessment).map_err(|e| Error::usage(e.to_string()))?;
            writeln!(out, "{json}").map_err(Error::Stdout)?;
        }
        Format::Text => {
            let notes = NoteComparison {
                note: &comparison_note,
                exemplary: exemplary.as_deref(),
            };
            render_text(&assessment, Some(&notes), style, &mut style.visible(&mut out)).map_err(Error::Stdout)?;
        }
    }
    Ok(assessment.passed)
}

/// Loads a transcript, replays it on its scenario and scores it.
fn score_transcript(
    path: &Path,
    library: &Library,
    rubric: &Rubric,
) -> Result<(Transcript, Assessment, Option<String>)> {
    let text = yaml::read_text(path)?;
    let file = path.display().to_string();
    let saved: Transcript = yaml::parse(&file, &text)?;
    check_transcript(&file, &text, &saved)?;
    let scenario = library.get(&saved.scenario).map_err(|e| match e {
        Error::Usage(message) => yaml::at_value(&file, &text, "scenario", message).into(),
        other => other,
    })?;
    if scenario.content_hash != saved.scenario_hash {
        let warning = format!(
            "warning: {}: scenario `{}` has changed since this call was played; scoring it on the current version",
            path.display(),
            saved.scenario
        );
        eprintln!("{}", crate::terminal::visible(&warning));
    }
    let call = Call::replay(scenario, &saved);
    let transcript = call.transcript(saved.trainee.as_deref(), &saved.note);
    if transcript
        .turns
        .iter()
        .map(|t| &t.caller)
        .ne(saved.turns.iter().map(|t| &t.caller))
    {
        eprintln!(
            "warning: {}: the caller now answers differently than when this call was played",
            path.display()
        );
    }
    let assessment = assess_call(&transcript, scenario, rubric)?;
    Ok((transcript, assessment, Some(scenario.file.exemplary_note.clone())))
}

/// Refuses a transcript this version cannot have written: another format, or a mood outside
/// 0 to 10.
fn check_transcript(file: &str, text: &str, saved: &Transcript) -> Result<()> {
    if saved.format != crate::call::transcript::FORMAT {
        let message = format!(
            "transcript format {} is not supported; this version reads format {}",
            saved.format,
            crate::call::transcript::FORMAT
        );
        return Err(yaml::at_value(file, text, "format", message)
            .with_code(codes::OUT_OF_RANGE)
            .into());
    }
    let moods = std::iter::once(("mood_start".to_owned(), saved.mood_start)).chain(
        saved.turns.iter().enumerate().flat_map(|(i, t)| {
            [
                (format!("turns.{i}.mood_before"), t.mood_before),
                (format!("turns.{i}.mood"), t.mood),
            ]
        }),
    );
    // The limit `play` puts on a typed line holds for a line read back: a transcript edited
    // by hand must not smuggle in a pasted log.
    let max = crate::play::MAX_LINE_CHARS;
    for (i, turn) in saved.turns.iter().enumerate() {
        let length = turn.trainee.chars().count();
        if length > max {
            let message = format!("this line is {length} characters long; a trainee line may have at most {max}");
            return Err(yaml::at_value(file, text, &format!("turns.{i}.trainee"), message)
                .with_code(codes::OUT_OF_RANGE)
                .into());
        }
    }
    for (at, mood) in moods {
        if mood > HANG_UP_MOOD {
            let message = format!("mood is {mood}; it must be 0 (calm) to {HANG_UP_MOOD} (hangs up)");
            return Err(yaml::at_value(file, text, &at, message)
                .with_code(codes::OUT_OF_RANGE)
                .into());
        }
    }
    Ok(())
}
