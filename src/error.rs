//! Errors that reach the user: what went wrong, where, and the exit code that says so.
//!
//! Every error is printed once, by `main`. Errors about a file carry the file name and, when the
//! problem has a place, its line and column, the source line and a caret under the spot, in the
//! style of a compiler.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// An error with an exit code: 2 for bad input or usage, 1 for everything else that is ours.
#[derive(Debug)]
pub enum Error {
    /// A file's content is wrong: YAML, a key, a type, a reference.
    Source(Box<SourceError>),
    /// A file could not be read or written.
    Io { path: PathBuf, source: std::io::Error },
    /// The command line asks for something that cannot be done.
    Usage(String),
    /// The training database cannot be used.
    Database {
        path: PathBuf,
        message: String,
        hint: Option<String>,
    },
    /// Writing to standard output failed. A closed pipe (`deskcoach list | head -1`) is not a
    /// failure: `main` exits quietly with success.
    Stdout(std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    /// The process exit code: 2 for bad input or usage, 0 for a closed pipe, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Error::Stdout(_) => 1,
            _ => 2,
        }
    }

    /// How the message is headed: `error`, or `error[DC0004]` when it has a code.
    pub fn heading(&self) -> String {
        match self {
            Error::Source(e) if e.code.is_some() => format!("error[{}]", e.code.unwrap_or_default()),
            _ => "error".to_owned(),
        }
    }

    /// Whether there is anything to tell the user (a closed pipe needs no message).
    pub fn is_silent(&self) -> bool {
        self.exit_code() == 0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Source(e) => e.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), io_reason(source)),
            Error::Usage(message) => f.write_str(message),
            Error::Stdout(e) => write!(f, "cannot write the output: {e}"),
            Error::Database { path, message, hint } => {
                write!(f, "{}: {message}", path.display())?;
                match hint {
                    Some(hint) => write!(f, "\n  = help: {hint}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<SourceError> for Error {
    fn from(e: SourceError) -> Self {
        Error::Source(Box::new(e))
    }
}

/// Says why a file could not be read in words a trainer understands, without the OS error number.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a folder, not a file".into(),
        NotADirectory => "is not a folder".into(),
        InvalidData => "is not valid UTF-8 text".into(),
        ReadOnlyFilesystem => "is on a read-only file system".into(),
        _ => e.to_string(),
    }
}

/// One problem in one file, with the text needed to show the offending line.
#[derive(Debug, Clone)]
pub struct SourceError {
    pub file: String,
    pub position: Option<Position>,
    pub message: String,
    pub help: Option<Box<str>>,
    /// The offending source line, if the position is known.
    pub line_text: Option<Box<str>>,
    /// The diagnostic code (`DC0004`), documented in docs/diagnostics.md.
    pub code: Option<&'static str>,
}

impl SourceError {
    pub fn new(file: &str, source: &str, position: Option<Position>, message: impl Into<String>) -> Self {
        let line_text = position
            .and_then(|p| source.lines().nth(p.line.saturating_sub(1)))
            .map(Box::from);
        SourceError {
            file: file.to_owned(),
            position,
            message: message.into(),
            help: None,
            line_text,
            code: None,
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }
}

/// Longest source line quoted in an error; past it the quote is cut around the caret, so a
/// 10 MB line does not flood the terminal.
const MAX_QUOTE: usize = 120;

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let (Some(p), Some(line)) = (self.position, &self.line_text) {
            let (quote, caret_at) = quote_around(line, p.column.saturating_sub(1));
            let gutter = p.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n{pad} |\n{gutter} | {quote}\n{pad} | {}^", " ".repeat(caret_at))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Cuts a window of at most `MAX_QUOTE` characters out of `line` around `column` (0-based, in
/// characters) and returns it with the caret's new column.
fn quote_around(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
    if chars.len() <= MAX_QUOTE {
        return (chars.into_iter().collect(), column.min(line.len()));
    }
    let start = column
        .saturating_sub(MAX_QUOTE / 2)
        .min(chars.len().saturating_sub(MAX_QUOTE));
    let end = (start + MAX_QUOTE).min(chars.len());
    let mut quote: String = chars[start..end].iter().collect();
    let mut caret = column - start;
    if start > 0 {
        quote.insert_str(0, "...");
        caret += 3;
    }
    if end < chars.len() {
        quote.push_str("...");
    }
    (quote, caret)
}

/// The closest candidate to `wrong`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_error_quotes_the_line_with_a_caret() {
        let src = "id: x\nstart: openin\n";
        let e = SourceError::new("a.yaml", src, Some(Position { line: 2, column: 8 }), "no node `openin`")
            .with_help("did you mean `opening`?");
        let shown = e.to_string();
        assert!(shown.starts_with("a.yaml:2:8: no node `openin`"), "{shown}");
        assert!(shown.contains("2 | start: openin\n  |        ^"), "{shown}");
        assert!(shown.ends_with("= help: did you mean `opening`?"), "{shown}");
    }

    #[test]
    fn an_enormous_line_is_quoted_in_part() {
        let line = "x".repeat(10_000);
        let e = SourceError::new("big.yaml", &line, Some(Position { line: 1, column: 5000 }), "bad");
        assert!(e.to_string().len() < 400);
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let names = ["opening", "diagnose", "fixed"];
        assert_eq!(did_you_mean("openin", names), Some("opening"));
        assert_eq!(did_you_mean("zebra", names), None);
    }
}
