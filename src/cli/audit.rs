//! `deskcoach audit notes` and `deskcoach audit calls`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

const NOTES_AFTER_HELP: &str = "\
Reads a ticket export as CSV (or JSON lines, for .jsonl files) and scores every note with the
rubric's ticket rules. Columns are found by name, case-insensitively:
  note text  note, notes, text, close_notes, resolution notes, resolution, work_notes,
             comment, comments, description, body
  agent      agent, assignee, assigned_to, assigned to, technician, author, owner
  id         id, ticket, ticket id, ticket_id, number, key, incident
That covers the usual exports: Zendesk (id, assignee, description), Freshdesk (ticket id,
agent, description or resolution notes), ServiceNow (number, assigned_to, close_notes).
Name others with --text-column, --agent-column and --id-column.

Bad rows (broken quoting, a row over --max-row-bytes, invalid UTF-8, an empty note) are
reported with their row number and skipped; a quote left open costs its own row only, and
reading goes on at the next line. With --format jsonl or csv, each good note's result is
written (to -o FILE, or standard output with the summary on standard error).

Exit status: 0 when every row was scored; 2 when any row was skipped (the results of the others
are still written, as ripgrep reports a match even after an error) or the run could not start.

Example:
  deskcoach audit notes export.csv --format csv -o results.csv";

const CALLS_AFTER_HELP: &str = "\
Reads chat or call transcripts as JSON lines, one a line:
  {\"id\": \"C-1\", \"agent\": \"sam\", \"turns\": [{\"role\": \"customer\", \"text\": \"...\"},
                                           {\"role\": \"agent\", \"text\": \"...\"}]}
and scores the agent's lines with the rubric's line rules (questioning, tone, listening,
plain language), with a summary per agent. A line that cannot be read (bad JSON, over
--max-row-bytes) is reported and skipped, and the exit status is 2, as for notes.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// The summary only.
    Text,
    /// One JSON object per item, then the summary on standard error.
    Jsonl,
    /// One CSV row per item, then the summary on standard error.
    Csv,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub what: AuditCommand,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Score ticket notes from a ticketing-system export (CSV or JSON lines).
    #[command(after_help = NOTES_AFTER_HELP)]
    Notes(AuditNotesArgs),
    /// Score chat or call transcripts (JSON lines).
    #[command(after_help = CALLS_AFTER_HELP)]
    Calls(AuditCallsArgs),
}

/// Options both audits share.
#[derive(Debug, Args)]
pub struct AuditCommon {
    /// The export to read.
    pub file: PathBuf,

    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,

    /// Write per-item results here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Score with this rubric instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,

    /// Worker threads, 1 to 256. Default: one per core.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Longest row (a CSV row or a JSON line) read, in bytes. A longer row, or a quoted field
    /// still open after this many bytes, is skipped and reported with the line it starts on;
    /// reading goes on at the next line.
    #[arg(long, value_name = "BYTES", default_value_t = crate::audit::input::DEFAULT_MAX_ROW_BYTES)]
    pub max_row_bytes: usize,

    /// How many of the lowest-scoring items the summary lists.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub worst: usize,
}

#[derive(Debug, Args)]
pub struct AuditNotesArgs {
    #[command(flatten)]
    pub common: AuditCommon,

    /// The column holding the note.
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,

    /// The column holding the agent's name.
    #[arg(long, value_name = "NAME")]
    pub agent_column: Option<String>,

    /// The column holding the ticket id.
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
}

#[derive(Debug, Args)]
pub struct AuditCallsArgs {
    #[command(flatten)]
    pub common: AuditCommon,
}
