//! Reading ticket exports row by row: CSV (columns by name, case-insensitive, with defaults for
//! the usual Zendesk, Freshdesk and ServiceNow shapes) or JSON lines. A bad row is reported
//! with its number and skipped; it never stops the run.

use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

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

/// Streams records from CSV. `header_error` is the message when a named column is missing.
pub struct CsvNotes<R: Read> {
    reader: csv::Reader<R>,
    text: usize,
    agent: Option<usize>,
    id: Option<usize>,
    row: u64,
    record: csv::ByteRecord,
    /// Set after an error the reader cannot step over (an I/O error).
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
    /// Reads the header and works out the columns; an error names what is missing.
    pub fn new(input: R, columns: &Columns) -> Result<CsvNotes<R>, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| format!("cannot read the header row: {e}"))?
            .iter()
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
            reader,
            text,
            agent,
            id,
            row: 0,
            record: csv::ByteRecord::new(),
            done: false,
        })
    }

    /// Bytes read so far, for a progress bar.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next record, a bad row, or `None` at the end.
    pub fn next_record(&mut self) -> Option<Result<NoteRecord, BadRow>> {
        if self.done {
            return None;
        }
        self.row += 1;
        let row = self.row;
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => {
                // An I/O error ends the input (the summary says so); anything else is one bad row.
                self.done = matches!(e.kind(), csv::ErrorKind::Io(_));
                Some(Err(BadRow {
                    row,
                    reason: format!("unreadable CSV: {e}"),
                }))
            }
            Ok(true) => {
                let field = |i: Option<usize>| i.and_then(|i| self.record.get(i));
                let Some(text) = field(Some(self.text)) else {
                    return Some(Err(BadRow {
                        row,
                        reason: "the note column is missing from this row".into(),
                    }));
                };
                let Ok(text) = std::str::from_utf8(text) else {
                    return Some(Err(BadRow {
                        row,
                        reason: "the note is not valid UTF-8".into(),
                    }));
                };
                if text.trim().is_empty() {
                    return Some(Err(BadRow {
                        row,
                        reason: "the note is empty".into(),
                    }));
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

/// Streams JSON lines: an object a line, with the note under the text column name.
pub struct JsonlLines<R: Read> {
    reader: BufReader<R>,
    row: u64,
    read: u64,
    buffer: Vec<u8>,
}

impl<R: Read> JsonlLines<R> {
    pub fn new(input: R) -> JsonlLines<R> {
        JsonlLines {
            reader: BufReader::with_capacity(1 << 16, input),
            row: 0,
            read: 0,
            buffer: Vec::new(),
        }
    }

    pub fn position(&self) -> u64 {
        self.read
    }

    /// The next parsed object (with its line number), a bad line, or `None` at the end.
    pub fn next_value(&mut self) -> Option<(u64, Result<Value, BadRow>)> {
        loop {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(n) => {
                    self.read += n as u64;
                    self.row += 1;
                    let row = self.row;
                    // A byte-order mark opens the file, not the first object (editors on
                    // Windows write one); the CSV reader drops it from the header likewise.
                    if row == 1 && self.buffer.starts_with(BYTE_ORDER_MARK) {
                        self.buffer.drain(..BYTE_ORDER_MARK.len());
                    }
                    let line = String::from_utf8_lossy(&self.buffer);
                    if line.trim().is_empty() {
                        continue;
                    }
                    if std::str::from_utf8(&self.buffer).is_err() {
                        return Some((
                            row,
                            Err(BadRow {
                                row,
                                reason: "the line is not valid UTF-8".into(),
                            }),
                        ));
                    }
                    return Some((
                        row,
                        serde_json::from_str(line.trim()).map_err(|e| BadRow {
                            row,
                            reason: format!("not a JSON object: {e}"),
                        }),
                    ));
                }
                Err(e) => {
                    self.row += 1;
                    return Some((
                        self.row,
                        Err(BadRow {
                            row: self.row,
                            reason: format!("cannot read: {e}"),
                        }),
                    ));
                }
            }
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
