//! `deskcoach analyze`: one utterance a line in, one JSON object a line out.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::AnalyzeArgs;
use crate::error::{Error, Position, Result, SourceError};
use crate::scenario::{Library, builtin_matcher};
use crate::text::profile::{Profile, profile};

/// Longest utterance analysed; a longer line is a paste, not speech.
pub const MAX_UTTERANCE_CHARS: usize = 20_000;

#[derive(Serialize)]
struct Line<'a> {
    line: usize,
    #[serde(flatten)]
    profile: &'a Profile,
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let (name, input): (String, Box<dyn Read>) = match &args.file {
        Some(path) => (path.display().to_string(), Box::new(crate::yaml::open_file(path)?)),
        None => ("<stdin>".to_owned(), Box::new(std::io::stdin())),
    };
    let scenario = match &args.scenario {
        Some(name) if crate::scenario::library::looks_like_path(name) => {
            Some(crate::scenario::library::load_file(Path::new(name))?)
        }
        Some(id) => {
            let library = Library::embedded()?;
            // `get` says "did you mean" for a misspelt id.
            library.get(id)?;
            library.scenarios.into_iter().find(|s| s.id() == id)
        }
        None => None,
    };
    let matcher = match &scenario {
        Some(s) => s.matcher(),
        None => builtin_matcher()?,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut reader = BufReader::new(input);
    let mut bytes = Vec::new();
    for number in 1.. {
        bytes.clear();
        let read = reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::io(Path::new(&name), e))?;
        if read == 0 {
            break;
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let column = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).chars().count() + 1;
            SourceError::new(&name, "", Some(Position { line: number, column }), "invalid UTF-8")
        })?;
        if let Some(at) = text.find('\0') {
            let column = text[..at].chars().count() + 1;
            let position = Some(Position { line: number, column });
            let error = SourceError::new(&name, "", position, "this is a binary file, not text");
            return Err(error.with_code(crate::yaml::codes::NOT_TEXT).into());
        }
        if text.chars().count() > MAX_UTTERANCE_CHARS {
            let message = format!("this line is longer than {MAX_UTTERANCE_CHARS} characters");
            return Err(SourceError::new(
                &name,
                "",
                Some(Position {
                    line: number,
                    column: MAX_UTTERANCE_CHARS + 1,
                }),
                message,
            )
            .into());
        }
        let p = profile(matcher, text, args.explain);
        let json = serde_json::to_string(&Line {
            line: number,
            profile: &p,
        })
        .map_err(|e| Error::usage(e.to_string()))?;
        writeln!(out, "{json}").map_err(Error::Stdout)?;
    }
    out.flush().map_err(Error::Stdout)
}
