//! `deskcoach new`, `graph` and `schema`: tools for trainers who write scenarios.

use std::path::PathBuf;

use clap::Args;

use crate::authoring::{GraphFormat, SchemaKind};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new scenario's id: lower-case letters, digits and hyphens.
    pub id: String,

    /// The folder to write ID.yaml in. Default: ./scenarios if it exists, else here.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A scenario id or file.
    pub scenario: String,

    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// Read scenarios from this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Save it beside your files and point editors at it, as the shipped scenarios do:\n  # yaml-language-server: $schema=../schema/scenario.schema.json"
)]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}
