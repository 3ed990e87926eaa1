//! `deskcoach test`.

use std::path::PathBuf;

use clap::Args;

const TEST_AFTER_HELP: &str = "\
Runs golden transcripts: each plan (scenarios/tests/<id>/plan.yaml) plays its scripts on its
scenario and checks the end state, the score bands and the findings that must and must not
appear. A folder means every plan.yaml under it. Without PATHS, runs ./scenarios/tests.

Exit code 0 when every case passes, 1 when one fails, 2 on bad input.";

#[derive(Debug, Args)]
#[command(after_help = TEST_AFTER_HELP)]
pub struct TestArgs {
    /// Plan files, or folders to search for plan.yaml files.
    pub paths: Vec<PathBuf>,

    /// Find scenarios in this folder instead of beside the plans or built in.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,

    /// Score with this rubric instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}
