//! `deskcoach new`, `graph` and `schema`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::authoring::{graph, schema, skeleton};
use crate::cli::authoring::{GraphArgs, NewArgs, SchemaArgs};
use crate::error::{Error, Result};
use crate::scenario::{Library, Scenario, invalid_id_message, is_valid_id, library};

pub fn new(args: &NewArgs) -> Result<()> {
    if !is_valid_id(&args.id) {
        return Err(Error::usage(invalid_id_message(&args.id)));
    }
    let dir = args.dir.clone().unwrap_or_else(|| {
        if Path::new("scenarios").is_dir() {
            PathBuf::from("scenarios")
        } else {
            PathBuf::from(".")
        }
    });
    let path = dir.join(format!("{}.yaml", args.id));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::usage(format!(
                "{} already exists; pick another id or delete it first",
                path.display()
            )),
            _ => Error::io(&path, e),
        })?;
    file.write_all(skeleton(&args.id).as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    let shown = path.display();
    println!(
        "Wrote {shown}. Next:\n  deskcoach check {shown}\n  deskcoach play {shown}\n  deskcoach graph {shown} --format mermaid"
    );
    Ok(())
}

pub fn graph_command(args: &GraphArgs) -> Result<()> {
    let from_file;
    let library;
    let scenario: &Scenario = if library::looks_like_path(&args.scenario) {
        from_file = library::load_file(Path::new(&args.scenario))?;
        &from_file
    } else {
        library = Library::open(args.scenarios.as_deref())?;
        library.get(&args.scenario)?
    };
    // Scenario text is untrusted: no control character reaches the terminal raw.
    crate::terminal::Visible::new(std::io::stdout().lock(), &[])
        .write_all(graph(scenario, args.format).as_bytes())
        .map_err(Error::Stdout)
}

pub fn schema_command(args: &SchemaArgs) -> Result<()> {
    std::io::stdout()
        .lock()
        .write_all(schema(args.kind).as_bytes())
        .map_err(Error::Stdout)
}
