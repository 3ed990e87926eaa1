//! `deskcoach check`.

use std::path::PathBuf;

use clap::Args;

const CHECK_AFTER_HELP: &str = "\
Checks scenario and rubric files (a folder means every *.yaml in it) and reports each problem
with its code, file:line:col, the line and a caret. docs/diagnostics.md explains every code.
Without PATHS, checks the built-in scenarios and rubric.

Exit code 0 when clean, 2 on errors, 1 on warnings with --deny-warnings.";

#[derive(Debug, Args)]
#[command(after_help = CHECK_AFTER_HELP)]
pub struct CheckArgs {
    /// Scenario or rubric files, or folders of them.
    pub paths: Vec<PathBuf>,

    /// Treat warnings as failures (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,
}
