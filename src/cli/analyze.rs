//! `deskcoach analyze`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

const ANALYZE_AFTER_HELP: &str = "\
Reads one utterance a line (from FILE, or standard input) and writes one JSON object a line:
  intents          the acts the line performs (greet, ask_scope, ...)
  intent_scores    the three closest intents with their scores, matched or not
  why_question     whether it puts a why to the caller, wherever the why stands
  tone             a probability for empathy, blame, dismissive, condescending, sarcastic,
                   rude and polite
  politeness       higher is politer (0 neutral)
  note             symptom, cause, action, verification: reading the line as a note sentence
  note_quality     1 to 5, reading the line as a whole ticket note
  specificity      higher is more specific
  markers          the words behind the numbers, with byte spans
docs/language.md explains each field and how well it agrees with people. Examples:

  echo \"Out of interest, why'd you move the dock?\" | deskcoach analyze
  deskcoach analyze --scenario my-call.yaml --explain lines.txt";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    Jsonl,
}

#[derive(Debug, Args)]
#[command(after_help = ANALYZE_AFTER_HELP)]
pub struct AnalyzeArgs {
    /// A file of utterances, one a line; standard input when absent.
    pub file: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Jsonl)]
    pub format: AnalyzeFormat,

    /// Also match this scenario's own intents (a file, or a built-in scenario's id).
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: Option<String>,

    /// Say why each intent matched: the head's probability, or the nearest example.
    #[arg(long)]
    pub explain: bool,
}
