//! `deskcoach check`: every problem in scenario and rubric files, with codes and positions.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::CheckArgs;
use crate::error::{Error, Result, SourceError};
use crate::report::style::Style;
use crate::rubric::Rubric;
use crate::scenario::{Scenario, library};
use crate::yaml::{self, codes};

/// How the check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Warnings,
    Errors,
}

/// Runs the command.
pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let style = Style::for_stdout();
    let mut out = style.visible(std::io::stdout().lock());
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut scenarios: Vec<(String, String)> = Vec::new();
    let mut checked = 0;
    let files = if args.paths.is_empty() {
        builtin_files()
    } else {
        expand(&args.paths)?
    };
    for (origin, text) in files {
        checked += 1;
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if is_rubric(&text) {
            if let Err(e) = Rubric::from_source(&origin, &text) {
                errors.push(e);
            }
            continue;
        }
        match Scenario::from_source(&origin, &text) {
            Ok(scenario) => {
                if let Some((_, first)) = scenarios.iter().find(|(id, _)| id == scenario.id()) {
                    let at = crate::yaml::SpanIndex::build(&text).value("id");
                    let message = format!("scenario id `{}` is also used by {first}", scenario.id());
                    errors.push(SourceError::new(&origin, &text, at, message).with_code(codes::DUPLICATE));
                }
                scenarios.push((scenario.id().to_owned(), origin.clone()));
                // Rubric adjustments are checked against the built-in rubric, which plays use
                // unless told otherwise.
                if let Err(Error::Source(e)) = Rubric::builtin()
                    .map_err(Error::from)
                    .and_then(|r| r.for_scenario(&scenario))
                {
                    errors.push(*e);
                }
                warnings.extend(scenario.warnings);
            }
            Err(e) => errors.push(e),
        }
    }
    let show = |out: &mut dyn Write, heading: String, e: &SourceError| writeln!(out, "{heading}: {e}\n");
    for e in &errors {
        let heading = style.bad(&format!("error[{}]", e.code.unwrap_or(codes::SYNTAX)));
        show(&mut out, heading, e).map_err(Error::Stdout)?;
    }
    for e in &warnings {
        let heading = style.warn(&format!("warning[{}]", e.code.unwrap_or(codes::SYNTAX)));
        show(&mut out, heading, e).map_err(Error::Stdout)?;
    }
    let summary = format!(
        "checked {checked} file(s): {} error(s), {} warning(s)",
        errors.len(),
        warnings.len()
    );
    writeln!(out, "{summary}").map_err(Error::Stdout)?;
    Ok(match (errors.is_empty(), warnings.is_empty() || !args.deny_warnings) {
        (false, _) => Outcome::Errors,
        (true, false) => Outcome::Warnings,
        (true, true) => Outcome::Clean,
    })
}

type File = (String, std::result::Result<String, SourceError>);

fn builtin_files() -> Vec<File> {
    let mut files: Vec<File> = library::embedded_sources()
        .iter()
        .map(|(name, text)| (format!("scenarios/{name}"), Ok((*text).to_owned())))
        .collect();
    files.push((
        crate::rubric::DEFAULT_RUBRIC_FILE.to_owned(),
        Ok(crate::rubric::DEFAULT_RUBRIC.to_owned()),
    ));
    files
}

/// Files as given, and the `*.yaml`/`*.yml` files directly inside each folder given.
fn expand(paths: &[PathBuf]) -> Result<Vec<File>> {
    let mut files = Vec::new();
    for path in paths {
        let found = if path.is_dir() {
            let found = yaml::yaml_files(path)?;
            if found.is_empty() {
                // Checking nothing is not a pass: the trainer probably named the wrong folder.
                return Err(Error::usage(format!(
                    "{}: no scenario or rubric files (*.yaml) in this folder",
                    path.display()
                )));
            }
            found
        } else {
            vec![path.clone()]
        };
        for file in found {
            files.push((file.display().to_string(), read(&file)?));
        }
    }
    Ok(files)
}

/// A file that cannot be read at all (missing, a folder) stops the command; one that reads but
/// is not text is a diagnostic like any other.
fn read(path: &Path) -> Result<std::result::Result<String, SourceError>> {
    match yaml::read_text(path) {
        Ok(text) => Ok(Ok(text)),
        Err(Error::Source(e)) => Ok(Err(*e)),
        Err(e) => Err(e),
    }
}

/// Rubrics are the files with top-level `rules:`.
fn is_rubric(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("rules:"))
}
