//! `deskcoach progress`.

use std::path::PathBuf;

use clap::Args;

use super::Format;

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Whose progress. Default: `trainee:` in the config file, else your user name.
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,

    /// The training database. Default: $DESKCOACH_DB, else deskcoach.db in your data folder.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Read scenarios (for the recommendation) from this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
