//! `deskcoach play`.

use std::path::PathBuf;

use clap::Args;

const PLAY_AFTER_HELP: &str = "\
During the call, type what you would say to the caller. Commands:
  /hint   a good next move (hints are recorded)
  /facts  what you have found out so far
  /end    end the call
  /help   this list
Ctrl-C clears the line; Ctrl-D ends the call. After the call you write the ticket note;
an empty line finishes it.

Script mode (--script FILE, or a pipe on standard input) reads one trainee line per line; a
line `---` starts the ticket note, which is the rest of the file. Example:

  deskcoach play internet-down --script call.txt --transcript-out call.yaml";

#[derive(Debug, Args)]
#[command(after_help = PLAY_AFTER_HELP)]
pub struct PlayArgs {
    /// The scenario id (see `deskcoach list`) or a scenario file. Without it, a menu.
    pub scenario: Option<String>,

    /// Your name, for your progress record. Default: `trainee:` in the config file, else your
    /// user name.
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,

    /// The training database. Default: $DESKCOACH_DB, else deskcoach.db in your data folder.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Do not record this attempt.
    #[arg(long, conflicts_with = "resume")]
    pub no_save: bool,

    /// Continue your last interrupted call (of SCENARIO, if given).
    #[arg(long)]
    pub resume: bool,

    /// Read the trainee's lines from this file instead of the keyboard.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,

    /// Read scenarios from this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,

    /// Varies the caller's wording; the same seed and lines give the same call.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,

    /// Score with this rubric instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,

    /// Write the finished call as a YAML transcript to this file.
    #[arg(long, value_name = "FILE")]
    pub transcript_out: Option<PathBuf>,
}
