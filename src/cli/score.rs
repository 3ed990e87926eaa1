//! `deskcoach score`.

use std::path::PathBuf;

use clap::Args;

use super::Format;

const SCORE_AFTER_HELP: &str = "\
Examples:
  deskcoach score call.yaml                       a transcript written by `play --transcript-out`
  deskcoach score --note \"System broke... fixed it.\"
  deskcoach score --note-file ticket.txt --format json

Exit code 0 when the assessment passes, 1 when it fails, 2 on bad input.";

#[derive(Debug, Args)]
#[command(after_help = SCORE_AFTER_HELP)]
pub struct ScoreArgs {
    /// A transcript written by `deskcoach play --transcript-out`.
    #[arg(required_unless_present_any = ["note", "note_file"], conflicts_with_all = ["note", "note_file"])]
    pub transcript: Option<PathBuf>,

    /// Score this ticket note on its own.
    #[arg(long, value_name = "TEXT", conflicts_with = "note_file")]
    pub note: Option<String>,

    /// Score the ticket note in this file on its own.
    #[arg(long, value_name = "FILE")]
    pub note_file: Option<PathBuf>,

    /// Use this rubric instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,

    /// Find the transcript's scenario in this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
