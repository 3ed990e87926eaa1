//! Who the trainee is: `--trainee NAME`, else `trainee:` in the config file, else the
//! operating system's user name. The config file is `config.yaml` in the user's config folder
//! (`~/.config/deskcoach/config.yaml` on Linux), or the file `DESKCOACH_CONFIG` names.

use std::path::PathBuf;

use serde::Deserialize;

use crate::error::Error;
use crate::yaml;

pub const CONFIG_ENV: &str = "DESKCOACH_CONFIG";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub trainee: Option<String>,
}

fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "deskcoach").map(|d| d.config_dir().join("config.yaml"))
}

/// The config file, or defaults when there is none. A broken file is an error, not ignored.
pub fn load() -> Result<Config, Error> {
    match config_path() {
        Some(path) if path.exists() => {
            let text = yaml::read_text(&path)?;
            if text.trim().is_empty() {
                return Ok(Config::default());
            }
            Ok(yaml::parse(&path.display().to_string(), &text)?)
        }
        _ => Ok(Config::default()),
    }
}

/// The trainee's name, by the order above.
pub fn trainee(flag: Option<&str>) -> Result<String, Error> {
    if let Some(name) = flag.map(str::trim).filter(|n| !n.is_empty()) {
        return Ok(name.to_owned());
    }
    if let Some(name) = load()?.trainee.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()) {
        return Ok(name);
    }
    let from_os = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()));
    Ok(from_os.unwrap_or_else(|| "trainee".to_owned()))
}
