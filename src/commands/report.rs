//! `deskcoach report`: the team's record for managers.

use std::io::Write;

use crate::cli::{ReportArgs, ReportFormat};
use crate::dates::parse_day;
use crate::error::{Error, Result};
use crate::report::style::Style;
use crate::report::{html, team};
use crate::store::queries::Filter;
use crate::store::{self, Store};

pub fn run(args: &ReportArgs) -> Result<()> {
    let since = match &args.since {
        Some(day) => Some(
            parse_day(day).ok_or_else(|| Error::usage(format!("--since {day}: expected a date like 2026-11-01")))?,
        ),
        None => None,
    };
    let filter = Filter {
        trainee: args.trainee.clone(),
        since,
        scenario: args.scenario.clone(),
    };
    let store = Store::open(&store::resolve_path(args.db.as_deref())?)?;
    let mut sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| Error::io(path, e))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // A file gets no terminal colours.
    let style = if args.output.is_some() {
        Style::default()
    } else {
        Style::for_stdout()
    };
    let written = match args.format {
        ReportFormat::Csv => {
            return team::write_csv(&store, &filter, &mut sink).and_then(|()| sink.flush().map_err(Error::Stdout));
        }
        ReportFormat::Text => team::render_text(&store.report(&filter)?, style, &mut sink),
        ReportFormat::Json => writeln!(sink, "{:#}", serde_json::json!(store.report(&filter)?)),
        ReportFormat::Html => html::render(&store.report(&filter)?, &mut sink),
    };
    written.and_then(|()| sink.flush()).map_err(Error::Stdout)
}
