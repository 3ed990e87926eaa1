//! The thin front-ends of the non-interactive commands: read files, call the core, render.

pub mod analyze;
pub mod audit;
pub mod authoring;
pub mod check;
pub mod progress;
pub mod report;
pub mod score;
pub mod test;
