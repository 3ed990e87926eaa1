//! The `deskcoach` binary: parses arguments, dispatches to the library, and turns errors into
//! one message and an exit code (0 success, 1 failure, 2 bad input or usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use deskcoach::cli::{Cli, Command};
use deskcoach::scenario::Library;
use deskcoach::{Error, commands, play, report};

/// An audit allocates a few dozen small strings per note on every core; glibc's allocator
/// spent a third of the time on them, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Verdict::Success) => ExitCode::SUCCESS,
        Ok(Verdict::Failed) => ExitCode::from(1),
        Ok(Verdict::BadInput) => ExitCode::from(2),
        Err(e) => {
            if !e.is_silent() {
                // Error messages quote file names and source lines: untrusted text.
                let message = format!("{}: {e}", e.heading());
                let _ = writeln!(std::io::stderr(), "{}", deskcoach::terminal::visible(&message));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// How a command that ran to the end came out.
enum Verdict {
    Success,
    /// An assessment failed: exit 1, as a linter does for findings.
    Failed,
    /// The input had errors, already reported: exit 2.
    BadInput,
}

fn run(cli: Cli) -> Result<Verdict, Error> {
    let done = |_| Verdict::Success;
    match cli.command {
        Command::Play(args) => play::run(&args).map(done),
        Command::List(args) => {
            let library = Library::open(args.scenarios.as_deref())?;
            report::list(&library, args.format, &mut std::io::stdout().lock()).map(done)
        }
        Command::Score(args) => Ok(if commands::score::run(&args)? {
            Verdict::Success
        } else {
            Verdict::Failed
        }),
        Command::Analyze(args) => commands::analyze::run(&args).map(done),
        Command::Check(args) => Ok(match commands::check::run(&args)? {
            commands::check::Outcome::Clean => Verdict::Success,
            commands::check::Outcome::Warnings => Verdict::Failed,
            commands::check::Outcome::Errors => Verdict::BadInput,
        }),
        Command::Test(args) => Ok(if commands::test::run(&args)? {
            Verdict::Success
        } else {
            Verdict::Failed
        }),
        Command::New(args) => commands::authoring::new(&args).map(done),
        Command::Graph(args) => commands::authoring::graph_command(&args).map(done),
        Command::Schema(args) => commands::authoring::schema_command(&args).map(done),
        Command::Audit(args) => commands::audit::run(&args).map(done),
        Command::Progress(args) => commands::progress::run(&args).map(done),
        Command::Report(args) => commands::report::run(&args).map(done),
    }
}
