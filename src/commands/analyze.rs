//! `deskcoach analyze`: one utterance a line in, one JSON object a line out.

use std::io::{Read, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::AnalyzeArgs;
use crate::error::{Error, Position, Result, SourceError};
use crate::lines::{BoundedLines, UTF16_MESSAGE, looks_like_utf16};
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
    // A line is bounded while it is read: a 2 GB line without a newline costs this much.
    let mut reader = BoundedLines::new(input, MAX_UTTERANCE_CHARS * 4);
    if looks_like_utf16(reader.peek().map_err(|e| Error::io(Path::new(&name), e))?) {
        return Err(SourceError::new(&name, "", None, UTF16_MESSAGE).into());
    }
    let mut bytes = Vec::new();
    let mut first_overlong = None;
    for number in 1.. {
        let Some(end) = reader.next_line(&mut bytes) else { break };
        let end = end.map_err(|e| Error::io(Path::new(&name), e))?;
        while bytes.last().is_some_and(|b| *b == b'\r') {
            bytes.pop();
        }
        let overlong = end.overlong || String::from_utf8_lossy(&bytes).chars().count() > MAX_UTTERANCE_CHARS;
        if overlong {
            // One pasted log does not cost the lines after it: it gets an error object.
            first_overlong.get_or_insert(number);
            let error = format!("this line is longer than {MAX_UTTERANCE_CHARS} characters; it was not analysed");
            writeln!(out, "{}", serde_json::json!({ "line": number, "error": error })).map_err(Error::Stdout)?;
            continue;
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
        let p = profile(matcher, text, args.explain);
        let json = serde_json::to_string(&Line {
            line: number,
            profile: &p,
        })
        .map_err(|e| Error::usage(e.to_string()))?;
        writeln!(out, "{json}").map_err(Error::Stdout)?;
    }
    out.flush().map_err(Error::Stdout)?;
    match first_overlong {
        None => Ok(()),
        Some(line) => {
            let position = Some(Position {
                line,
                column: MAX_UTTERANCE_CHARS + 1,
            });
            let message = format!(
                "this line is longer than {MAX_UTTERANCE_CHARS} characters; it and any other such line got an error object, and every other line was analysed"
            );
            Err(SourceError::new(&name, "", position, message).into())
        }
    }
}
