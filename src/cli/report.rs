//! `deskcoach report`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

const REPORT_AFTER_HELP: &str = "\
Examples:
  deskcoach report                                   the team at a glance
  deskcoach report --since 2026-11-01 --scenario internet-down
  deskcoach report --format csv -o attempts.csv       one row per attempt and skill
  deskcoach report --format html -o team.html         one self-contained page with charts";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    Json,
    Html,
}

#[derive(Debug, Args)]
#[command(after_help = REPORT_AFTER_HELP)]
pub struct ReportArgs {
    /// Only this trainee.
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,

    /// Only attempts on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only this scenario.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,

    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The training database. Default: $DESKCOACH_DB, else deskcoach.db in your data folder.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}
