//! The `deskcoach` binary: parses arguments, dispatches to the library, and turns errors into
//! one message and an exit code (0 success, 1 failure, 2 bad input or usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use deskcoach::cli::{Cli, Command};
use deskcoach::scenario::Library;
use deskcoach::{Error, play, report};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.is_silent() {
                let _ = writeln!(std::io::stderr(), "error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Play(args) => play::run(&args),
        Command::List(args) => {
            let library = Library::open(args.scenarios.as_deref())?;
            report::list(&library, args.format, &mut std::io::stdout().lock())
        }
    }
}
