//! `deskcoach progress`: a trainee's record, and the scenario that trains their weakest skill.

use std::io::Write;

use crate::cli::{Format, ProgressArgs};
use crate::config;
use crate::error::{Error, Result};
use crate::report::progress::{Recommendation, render};
use crate::report::style::Style;
use crate::scenario::Library;
use crate::store::queries::Progress;
use crate::store::{self, Store};

pub fn run(args: &ProgressArgs) -> Result<()> {
    let trainee = config::trainee(args.trainee.as_deref())?;
    let store = Store::open_read_only(&store::resolve_path(args.db.as_deref())?)?;
    let library = Library::open(args.scenarios.as_deref())?;
    let progress = store.progress(&trainee)?;
    let next = recommend(&progress, &library);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let json = serde_json::json!({ "progress": progress, "next": next });
            writeln!(out, "{json:#}").map_err(Error::Stdout)
        }
        Format::Text => {
            let style = Style::for_stdout();
            render(&progress, next.as_ref(), style, &mut style.visible(out)).map_err(Error::Stdout)
        }
    }
}

/// The scenario that exercises the trainee's weakest recent skill, preferring ones not yet
/// passed, then the least played, then the easiest. A newcomer starts with the easiest call.
pub fn recommend(progress: &Progress, library: &Library) -> Option<Recommendation> {
    let weakest = progress.skills.iter().filter(|s| !s.scores.is_empty()).min_by(|a, b| {
        a.recent_average()
            .total_cmp(&b.recent_average())
            .then_with(|| a.skill.cmp(&b.skill))
    });
    let played = |id: &str| progress.scenarios.iter().find(|s| s.scenario == id);
    let rank = |s: &&crate::scenario::Scenario| {
        let record = played(s.id());
        (
            record.is_some_and(|r| r.passed > 0),
            record.map_or(0, |r| r.attempts),
            s.file.difficulty,
            s.id().to_owned(),
        )
    };
    let trains = |s: &&crate::scenario::Scenario| weakest.is_some_and(|w| s.file.skills.contains(&w.skill));
    let pick = library
        .scenarios
        .iter()
        .filter(trains)
        .min_by_key(rank)
        .or_else(|| library.scenarios.iter().min_by_key(rank))?;
    let reason = match weakest {
        Some(w) if trains(&pick) => format!(
            "it exercises {}, your weakest skill lately (average {:.0})",
            w.label,
            w.recent_average()
        ),
        Some(_) => "no scenario lists your weakest skill; this is the next one you have not mastered".to_owned(),
        None => "a good first call".to_owned(),
    };
    Some(Recommendation {
        scenario: pick.id().to_owned(),
        title: pick.file.title.clone(),
        reason,
    })
}
