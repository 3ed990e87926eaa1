//! deskcoach: an offline coach for help-desk soft skills.
//!
//! A trainee takes a scripted support call in the terminal; deskcoach plays the caller and
//! reacts to how the trainee speaks. The library is a pure core (text analysis, scenarios, the
//! call engine) under thin front-ends (the REPL, the script reader, the reports). See
//! DESIGN.md in the project's shared folder and the docs/ folder for the formats.

pub mod audit;
pub mod authoring;
pub mod call;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod error;
pub mod language;
pub mod lines;
pub mod output;
pub mod play;
pub mod report;
pub mod rubric;
pub mod scenario;
pub mod score;
pub mod store;
pub mod terminal;
pub mod text;
pub mod yaml;

pub use error::{Error, Result};
