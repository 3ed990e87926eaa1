//! The set of scenarios a command works on: the ones built into the binary, or every
//! `*.yaml` in a folder the user names with `--scenarios`.

use std::path::Path;

use super::Scenario;
use crate::error::{Error, SourceError, did_you_mean};
use crate::yaml;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_scenarios.rs"));
}

/// Loaded scenarios, sorted by difficulty, then id.
#[derive(Debug)]
pub struct Library {
    pub scenarios: Vec<Scenario>,
    /// Where they came from, for messages.
    pub origin: String,
}

impl Library {
    /// The scenarios built into the binary.
    pub fn embedded() -> Result<Library, Error> {
        let mut scenarios = Vec::new();
        for (name, text) in embedded::EMBEDDED {
            scenarios.push(Scenario::from_source(&format!("scenarios/{name}"), text)?);
        }
        Library::sorted(scenarios, "the built-in scenarios".into())
    }

    /// Every `*.yaml` file directly inside `dir`.
    pub fn from_dir(dir: &Path) -> Result<Library, Error> {
        let paths = yaml::yaml_files(dir)?;
        if paths.is_empty() {
            return Err(Error::usage(format!(
                "{}: no scenario files (*.yaml) in this folder",
                dir.display()
            )));
        }
        let scenarios = paths.iter().map(|p| load_file(p)).collect::<Result<Vec<_>, _>>()?;
        Library::sorted(scenarios, dir.display().to_string())
    }

    /// The embedded library, or the folder when one is given.
    pub fn open(dir: Option<&Path>) -> Result<Library, Error> {
        match dir {
            Some(dir) => Library::from_dir(dir),
            None => Library::embedded(),
        }
    }

    fn sorted(mut scenarios: Vec<Scenario>, origin: String) -> Result<Library, Error> {
        scenarios.sort_by(|a, b| (a.file.difficulty, a.id()).cmp(&(b.file.difficulty, b.id())));
        for pair in scenarios.windows(2) {
            if pair[0].id() == pair[1].id() {
                let message = format!("scenario id `{}` is also used by {}", pair[1].id(), pair[0].origin);
                let text = "";
                return Err(SourceError::new(&pair[1].origin, text, None, message).into());
            }
        }
        Ok(Library { scenarios, origin })
    }

    /// A scenario by id, with a suggestion when the id is misspelt.
    pub fn get(&self, id: &str) -> Result<&Scenario, Error> {
        self.scenarios.iter().find(|s| s.id() == id).ok_or_else(|| {
            let ids = self.scenarios.iter().map(|s| s.id());
            let hint = match did_you_mean(id, ids) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "`deskcoach list` shows them all".to_owned(),
            };
            Error::usage(format!("no scenario `{id}` in {}; {hint}", self.origin))
        })
    }
}

/// The scenario files built into the binary: (file name, text).
pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED
}

/// Loads one scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, Error> {
    let text = yaml::read_text(path)?;
    Ok(Scenario::from_source(&path.display().to_string(), &text)?)
}

/// `play` takes an id from the library or a path to a scenario file: a trainer trying a draft
/// should not have to move it into a folder first.
pub fn looks_like_path(arg: &str) -> bool {
    arg.ends_with(".yaml") || arg.ends_with(".yml") || arg.contains(std::path::MAIN_SEPARATOR) || arg.contains('/')
}
