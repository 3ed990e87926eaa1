//! The command line, as clap reads it. One file per subcommand; no domain logic here.

pub mod analyze;
pub mod audit;
pub mod authoring;
pub mod check;
pub mod list;
pub mod play;
pub mod progress;
pub mod report;
pub mod score;
pub mod test;

use clap::{Parser, Subcommand};

pub use analyze::AnalyzeArgs;
pub use check::CheckArgs;
pub use list::ListArgs;
pub use play::PlayArgs;
pub use progress::ProgressArgs;
pub use report::{ReportArgs, ReportFormat};
pub use score::ScoreArgs;
pub use test::TestArgs;

const ABOUT: &str = "Practise help-desk calls with frustrated callers, and learn from the feedback.";

const AFTER_HELP: &str = "\
Start with `deskcoach play`: pick a call from the menu, talk to the caller, then write the
ticket. `deskcoach list` shows the scenarios; `deskcoach play --help` shows the options.";

#[derive(Debug, Parser)]
#[command(name = "deskcoach", version, about = ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Take a support call: the caller reacts to what you say, then you write the ticket.
    Play(PlayArgs),
    /// List the scenarios you can play.
    List(ListArgs),
    /// Score a saved call transcript, or a ticket note on its own, against the rubric.
    Score(ScoreArgs),
    /// Your attempts, best and latest scores, skill trends, and what to practise next.
    Progress(ProgressArgs),
    /// For managers: the team by skill, pass rates, common findings, as text, CSV, JSON or HTML.
    Report(ReportArgs),
    /// Check scenario and rubric files: every problem with its code, file:line:col and a caret.
    Check(CheckArgs),
    /// Run scenario test plans (golden transcripts) and report like a test runner.
    Test(TestArgs),
    /// Write a commented scenario skeleton that passes `check`, to start a new call from.
    New(authoring::NewArgs),
    /// Draw a scenario's branches as Graphviz dot or a Mermaid flowchart.
    Graph(authoring::GraphArgs),
    /// Print the JSON Schema (draft-07) of the scenario or rubric format, for editors.
    Schema(authoring::SchemaArgs),
    /// For managers: score real ticket notes or call transcripts in bulk, with the same rubric.
    Audit(audit::AuditArgs),
    /// Analyse utterances: question kind, tone markers, jargon, specificity (JSON lines).
    Analyze(AnalyzeArgs),
}

/// Output formats shared by the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}
