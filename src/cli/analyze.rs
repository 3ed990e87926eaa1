//! `deskcoach analyze`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

const ANALYZE_AFTER_HELP: &str = "\
Reads one utterance a line (from FILE, or standard input) and writes one JSON object a line:
question kind, why_question, politeness, empathy, blame, jargon, specificity, the intents
the line carries, and every marker behind those numbers with its byte span. Example:

  echo \"Why do you think the Internet is down?\" | deskcoach analyze";

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
}
