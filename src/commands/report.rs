//! `deskcoach report`: the team's record for managers.

use std::io::Write;

use crate::cli::{ReportArgs, ReportFormat};
use crate::dates::parse_day;
use crate::error::{Error, Result};
use crate::output::Output;
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
    let store = Store::open_read_only(&store::resolve_path(args.db.as_deref())?)?;
    let mut sink = Output::open(args.output.as_deref(), &store.files())?;
    // A file gets no terminal colours.
    let style = if args.output.is_some() {
        Style::default()
    } else {
        Style::for_stdout()
    };
    match args.format {
        ReportFormat::Csv => team::write_csv(&store, &filter, &mut sink)?,
        ReportFormat::Text => {
            team::render_text(&store.report(&filter)?, style, &mut style.visible(&mut sink)).map_err(Error::Stdout)?;
        }
        ReportFormat::Json => {
            writeln!(sink, "{:#}", serde_json::json!(store.report(&filter)?)).map_err(Error::Stdout)?
        }
        ReportFormat::Html => html::render(&store.report(&filter)?, &mut sink).map_err(Error::Stdout)?,
    }
    sink.finish()
}
