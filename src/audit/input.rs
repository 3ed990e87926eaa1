//! Reading ticket exports row by row: CSV (columns by name, case-insensitive, with defaults for
//! the usual Zendesk, Freshdesk and ServiceNow shapes) or JSON lines. A bad row is reported
//! with its number and skipped; it never stops the run.

use std::io::Read;

use serde_json::Value;

use super::csv_rows::CsvRows;
use crate::lines::BoundedLines;

/// The longest row read by default: far above any real note, far below what would hurt.
pub const DEFAULT_MAX_ROW_BYTES: usize = 1 << 20;

/// UTF-8's byte-order mark.
const BYTE_ORDER_MARK: &[u8] = b"\xef\xbb\xbf";

/// One note to audit.
#[derive(Debug, Clone)]
pub struct NoteRecord {
    /// 1-based data row (CSV: not counting the header) or line number (JSONL).
    pub row: u64,
    pub id: String,
    pub agent: String,
    pub text: String,
}

/// Why a row was skipped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct BadRow {
    pub row: u64,
    pub reason: String,
}

/// Column names tried, in order, when none is given. Zendesk exports `Description` or
/// `Comment`, Freshdesk `Description`/`Resolution Notes`, ServiceNow `close_notes`/`work_notes`.
pub const TEXT_COLUMNS: &[&str] = &[
    "note",
    "notes",
    "text",
    "close_notes",
    "resolution notes",
    "resolution",
    "work_notes",
    "comment",
    "comments",
    "description",
    "body",
];
pub const AGENT_COLUMNS: &[&str] = &[
    "agent",
    "assignee",
    "assigned_to",
    "assigned to",
    "technician",
    "author",
    "owner",
    "agent name",
];
pub const ID_COLUMNS: &[&str] = &["id", "ticket", "ticket id", "ticket_id", "number", "key", "incident"];

/// Which columns hold what, as the user named them or as found.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub text: Option<String>,
    pub agent: Option<String>,
    pub id: Option<String>,
}

/// The input's format, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Csv,
    Jsonl,
}

impl InputFormat {
    pub fn of(path: &std::path::Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => InputFormat::Jsonl,
            _ => InputFormat::Csv,
        }
    }
}

/// Streams records from CSV, a row at a time; a bad row is skipped and reading goes on at the
/// next line that reads as a row ([`CsvRows`]).
pub struct CsvNotes<R: Read> {
    rows: CsvRows<R>,
    text: usize,
    agent: Option<usize>,
    id: Option<usize>,
    row: u64,
    /// Set after an I/O error: the rest of the input cannot be read.
    done: bool,
}

/// Column names compare without case, and `_` is a space: "Close Notes" is `close_notes`.
fn same_column(header: &str, name: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace('_', " ");
    norm(header) == norm(name)
}

fn find(headers: &[String], wanted: Option<&str>, defaults: &[&str]) -> Result<Option<usize>, String> {
    let position = |name: &str| headers.iter().position(|h| same_column(h, name));
    match wanted {
        Some(name) => position(name)
            .map(Some)
            .ok_or_else(|| format!("no column `{name}`; the columns are: {}", headers.join(", "))),
        None => Ok(defaults.iter().find_map(|d| position(d))),
    }
}

impl<R: Read> CsvNotes<R> {
    /// Reads the header and works out the columns; an error names what is missing. Rows hold
    /// at most `max_row_bytes`.
    pub fn new(input: R, columns: &Columns, max_row_bytes: usize) -> Result<CsvNotes<R>, String> {
        let mut rows = CsvRows::new(input, max_row_bytes);
        match rows.next_row() {
            None => return Err("the file is empty: no header row".into()),
            Some(Err(e)) => return Err(format!("cannot read the header row: {e}")),
            Some(Ok(Err(bad))) => return Err(format!("cannot read the header row: {}", bad.reason)),
            Some(Ok(Ok(_))) => {}
        }
        let headers: Vec<String> = (0..rows.len())
            .filter_map(|i| rows.field(i))
            .map(|h| String::from_utf8_lossy(h).trim_start_matches('\u{feff}').to_owned())
            .collect();
        let text = find(&headers, columns.text.as_deref(), TEXT_COLUMNS)?.ok_or_else(|| {
            format!(
                "no note column found; name it with --text-column (the columns are: {})",
                headers.join(", ")
            )
        })?;
        let agent = find(&headers, columns.agent.as_deref(), AGENT_COLUMNS)?;
        let id = find(&headers, columns.id.as_deref(), ID_COLUMNS)?;
        Ok(CsvNotes {
            rows,
            text,
            agent,
            id,
            row: 0,
            done: false,
        })
    }

    /// Bytes read so far, for a progress bar.
    pub fn position(&self) -> u64 {
        self.rows.position()
    }

    /// The next record, a bad row, or `None` at the end.
    pub fn next_record(&mut self) -> Option<Result<NoteRecord, BadRow>> {
        if self.done {
            return None;
        }
        let read = self.rows.next_row()?;
        self.row += 1;
        let row = self.row;
        let bad = |reason: String| Some(Err(BadRow { row, reason }));
        match read {
            Err(e) => {
                // An I/O error ends the input (the summary says so).
                self.done = true;
                bad(format!("cannot read the file: {e}"))
            }
            Ok(Err(e)) => bad(format!("unreadable CSV starting on line {}: {}", e.line, e.reason)),
            Ok(Ok(_)) => {
                let field = |i: Option<usize>| i.and_then(|i| self.rows.field(i));
                let Some(text) = field(Some(self.text)) else {
                    return bad("the note column is missing from this row".into());
                };
                let Ok(text) = std::str::from_utf8(text) else {
                    return bad("the note is not valid UTF-8".into());
                };
                if text.trim().is_empty() {
                    return bad("the note is empty".into());
                }
                let lossy = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
                Some(Ok(NoteRecord {
                    row,
                    id: lossy(field(self.id)),
                    agent: lossy(field(self.agent)),
                    text: text.to_owned(),
                }))
            }
        }
    }
}

/// Streams JSON lines: an object a line, with the note under the text column name. A line
/// longer than the bound is a bad line, read past without being kept.
pub struct JsonlLines<R: Read> {
    lines: BoundedLines<R>,
    limit: usize,
    row: u64,
    buffer: Vec<u8>,
    /// Set after an I/O error: the rest of the input cannot be read.
    done: bool,
}

impl<R: Read> JsonlLines<R> {
    /// Lines of at most `max_row_bytes`.
    pub fn new(input: R, max_row_bytes: usize) -> JsonlLines<R> {
        JsonlLines {
            lines: BoundedLines::new(input, max_row_bytes),
            limit: max_row_bytes,
            row: 0,
            buffer: Vec::new(),
            done: false,
        }
    }

    pub fn position(&self) -> u64 {
        self.lines.position()
    }

    /// The next parsed object (with its line number), a bad line, or `None` at the end.
    pub fn next_value(&mut self) -> Option<(u64, Result<Value, BadRow>)> {
        loop {
            if self.done {
                return None;
            }
            let read = self.lines.next_line(&mut self.buffer)?;
            self.row += 1;
            let row = self.row;
            let bad = |reason: String| Some((row, Err(BadRow { row, reason })));
            let end = match read {
                Ok(end) => end,
                Err(e) => {
                    self.done = true;
                    return bad(format!("cannot read the file: {e}"));
                }
            };
            if end.overlong {
                return bad(format!(
                    "the line is longer than {} bytes (raise --max-row-bytes)",
                    self.limit
                ));
            }
            // A byte-order mark opens the file, not the first object (editors on Windows
            // write one); the CSV reader drops it from the header likewise.
            if row == 1 && self.buffer.starts_with(BYTE_ORDER_MARK) {
                self.buffer.drain(..BYTE_ORDER_MARK.len());
            }
            let Ok(line) = std::str::from_utf8(&self.buffer) else {
                return bad("the line is not valid UTF-8".into());
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some((
                row,
                serde_json::from_str(line.trim()).map_err(|e| BadRow {
                    row,
                    reason: format!("not a JSON object: {e}"),
                }),
            ));
        }
    }
}

/// A string field of a JSON object, whatever its case; numbers are written as text.
pub fn field(object: &Value, wanted: Option<&str>, defaults: &[&str]) -> Option<String> {
    let map = object.as_object()?;
    let pick = |name: &str| map.iter().find(|(k, _)| same_column(k, name)).map(|(_, v)| v);
    let value = match wanted {
        Some(name) => pick(name),
        None => defaults.iter().find_map(|d| pick(d)),
    }?;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A note from a JSON line.
pub fn note_from_json(row: u64, object: &Value, columns: &Columns) -> Result<NoteRecord, BadRow> {
    if !object.is_object() {
        return Err(BadRow {
            row,
            reason: "not a JSON object".into(),
        });
    }
    let text = field(object, columns.text.as_deref(), TEXT_COLUMNS).ok_or_else(|| BadRow {
        row,
        reason: "no note text in this line".into(),
    })?;
    if text.trim().is_empty() {
        return Err(BadRow {
            row,
            reason: "the note is empty".into(),
        });
    }
    Ok(NoteRecord {
        row,
        id: field(object, columns.id.as_deref(), ID_COLUMNS).unwrap_or_default(),
        agent: field(object, columns.agent.as_deref(), AGENT_COLUMNS).unwrap_or_default(),
        text,
    })
}
