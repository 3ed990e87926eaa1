//! Splitting a CSV export into rows, bounded and self-healing.
//!
//! Exports are big and sometimes broken. One unterminated quote would make a plain CSV parser
//! read the rest of a 1.5-million-row file as a single field, report "11 notes scored" and
//! succeed, or allocate gigabytes for it. Here a row may hold at most `limit` bytes; a row that
//! runs past that, or whose quote is still open at the end of the file, is a bad row. Reading
//! then starts again at the line after the one the bad row began on, so every good row after
//! it is still read. Lines are read with the same bound, so no line costs more than `limit` in
//! memory whatever its length.
//!
//! Quoting follows RFC 4180 as spreadsheets write it: a field that starts with `"` is quoted,
//! `""` inside it is one quote, and it may span lines. A quote elsewhere is an ordinary
//! character (`24" monitor`).

use std::collections::VecDeque;
use std::io::Read;

use crate::lines::BoundedLines;

/// A row that could not be read: the line it started on and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

/// Reads rows from CSV text. After [`CsvRows::next_row`] returns a row, its fields are
/// [`CsvRows::field`].
pub struct CsvRows<R: Read> {
    lines: BoundedLines<R>,
    limit: usize,
    /// The next line number the input will give.
    next_line: u64,
    /// Lines read again after a bad row, before the input is read on.
    replay: VecDeque<Line>,
    /// The lines of the row being read.
    pending: Vec<Line>,
    /// The current row's fields, unquoted, end to end; `ends` marks where each stops.
    content: Vec<u8>,
    ends: Vec<usize>,
    /// Line buffers of finished rows, used again so that a row costs no allocation.
    spare: Vec<Vec<u8>>,
}

struct Line {
    number: u64,
    bytes: Vec<u8>,
    overlong: bool,
}

/// Where the scanner is within a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
}

impl<R: Read> CsvRows<R> {
    /// Rows of at most `limit` bytes.
    pub fn new(input: R, limit: usize) -> CsvRows<R> {
        CsvRows {
            lines: BoundedLines::new(input, limit),
            limit,
            next_line: 1,
            replay: VecDeque::new(),
            pending: Vec::new(),
            content: Vec::new(),
            ends: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// Bytes read so far, for a progress bar.
    pub fn position(&self) -> u64 {
        self.lines.position()
    }

    /// The number of fields in the current row.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i` of the current row.
    pub fn field(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.content[start..end])
    }

    /// Reads the next row: `Ok(line)` with the line it starts on, a bad row, or `None` at the
    /// end. Blank lines between rows are skipped. An I/O error ends the rows.
    pub fn next_row(&mut self) -> Option<std::io::Result<Result<u64, RowError>>> {
        self.spare.extend(self.pending.drain(..).map(|line| line.bytes));
        self.content.clear();
        self.ends.clear();
        let mut state = State::FieldStart;
        let mut size = 0;
        loop {
            let line = match self.take_line()? {
                Ok(Some(line)) => line,
                Ok(None) => {
                    // The input ended inside a quoted field.
                    let reason = "a quoted field is still open at the end of the file".to_owned();
                    return Some(Ok(Err(self.resync(reason))));
                }
                Err(e) => return Some(Err(e)),
            };
            let first = self.pending.is_empty();
            if first && line.bytes.iter().all(|&b| b == b'\r') && !line.overlong {
                continue;
            }
            if line.overlong {
                self.pending.push(line);
                let reason = format!("a line is longer than {} bytes (raise --max-row-bytes)", self.limit);
                return Some(Ok(Err(self.resync(reason))));
            }
            size += line.bytes.len() + 1;
            let scanned = self.scan(&line.bytes, state, !first);
            self.pending.push(line);
            state = match scanned {
                Some(state) => state,
                None => {
                    let reason = "text follows the closing quote of a field (a stray or unescaped quote?)";
                    return Some(Ok(Err(self.resync(reason.to_owned()))));
                }
            };
            if state != State::Quoted {
                self.ends.push(self.content.len());
                return Some(Ok(Ok(self.pending[0].number)));
            }
            if size > self.limit {
                let reason = format!(
                    "a quoted field runs past {} bytes without closing (raise --max-row-bytes)",
                    self.limit
                );
                return Some(Ok(Err(self.resync(reason))));
            }
        }
    }

    /// The next line, from the replay queue first. `Ok(None)` at the end of the input inside a
    /// row; `None` at the end of the input between rows.
    fn take_line(&mut self) -> Option<std::io::Result<Option<Line>>> {
        if let Some(line) = self.replay.pop_front() {
            return Some(Ok(Some(line)));
        }
        let mut bytes = self.spare.pop().unwrap_or_default();
        match self.lines.next_line(&mut bytes) {
            None if self.pending.is_empty() => None,
            None => Some(Ok(None)),
            Some(Err(e)) => Some(Err(e)),
            Some(Ok(end)) => {
                let number = self.next_line;
                self.next_line += 1;
                Some(Ok(Some(Line {
                    number,
                    bytes,
                    overlong: end.overlong,
                })))
            }
        }
    }

    /// Gives up on the pending row and queues its lines after the first to be read again.
    fn resync(&mut self, reason: String) -> RowError {
        let mut pending = std::mem::take(&mut self.pending).into_iter();
        let line = pending.next().map_or(self.next_line, |l| l.number);
        for later in pending.rev() {
            self.replay.push_front(later);
        }
        self.content.clear();
        self.ends.clear();
        RowError { line, reason }
    }

    /// Scans one line from `state`, adding its text to the current field; `continued` when the
    /// line goes on a quoted field from the line before (the newline is part of the field).
    /// `None` when text follows a closing quote: the quoting is broken, and a lenient reading
    /// would glue the following rows into one field.
    fn scan(&mut self, line: &[u8], mut state: State, continued: bool) -> Option<State> {
        if continued {
            self.content.push(b'\n');
        }
        // A Windows line ending ends the row, unless a quoted field goes on past it, when it is
        // part of the field.
        let (line, carriage_return) = match line.split_last() {
            Some((b'\r', body)) => (body, true),
            _ => (line, false),
        };
        for &byte in line {
            state = match (state, byte) {
                (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',') => {
                    self.ends.push(self.content.len());
                    State::FieldStart
                }
                (State::FieldStart, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') => {
                    self.content.push(b'"');
                    State::Quoted
                }
                (State::QuoteInQuoted, _) => return None,
                (State::Quoted, _) => {
                    self.content.push(byte);
                    State::Quoted
                }
                (_, _) => {
                    self.content.push(byte);
                    State::Unquoted
                }
            };
        }
        if carriage_return && state == State::Quoted {
            self.content.push(b'\r');
        }
        Some(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, limit: usize) -> Vec<Result<(u64, Vec<String>), RowError>> {
        let mut reader = CsvRows::new(text.as_bytes(), limit);
        let mut out = Vec::new();
        while let Some(row) = reader.next_row() {
            out.push(row.unwrap().map(|line| {
                let fields = (0..reader.len())
                    .map(|i| String::from_utf8_lossy(reader.field(i).unwrap()).into_owned())
                    .collect();
                (line, fields)
            }));
        }
        out
    }

    fn ok(line: u64, fields: &[&str]) -> Result<(u64, Vec<String>), RowError> {
        Ok((line, fields.iter().map(|f| (*f).to_owned()).collect()))
    }

    #[test]
    fn quoting_as_spreadsheets_write_it() {
        let text = "a,\"b, with comma\",\"say \"\"hi\"\"\"\r\n\n24\" monitor,\"two\nlines\",\nlast";
        assert_eq!(
            rows(text, 1000),
            [
                ok(1, &["a", "b, with comma", "say \"hi\""]),
                ok(3, &["24\" monitor", "two\nlines", ""]),
                ok(5, &["last"]),
            ]
        );
    }

    #[test]
    fn carriage_returns_end_rows_or_stay_inside_quotes() {
        // Found by the csv_export fuzz target: a row ending in an empty quoted field and
        // several carriage returns once lost track of its fields.
        assert_eq!(
            rows("\x01n,\r,\"\"\r\r\r", 100)[0].as_ref().unwrap_err().reason,
            "text follows the closing quote of a field (a stray or unescaped quote?)"
        );
        assert_eq!(
            rows("a,\"\"\r\nb,\"x\r\ny\"\r\n", 100),
            [ok(1, &["a", ""]), ok(2, &["b", "x\r\ny"])]
        );
    }

    #[test]
    fn a_stray_quote_costs_one_row_not_the_rows_it_would_swallow() {
        let got = rows("1,\"open\n2,\"quoted\"\n3,c\n", 1000);
        assert_eq!(got[0].as_ref().unwrap_err().line, 1);
        assert!(got[0].as_ref().unwrap_err().reason.contains("closing quote"));
        assert_eq!(got[1..], [ok(2, &["2", "quoted"]), ok(3, &["3", "c"])]);
    }

    #[test]
    fn an_unterminated_quote_costs_one_row_and_reading_resumes_on_the_next_line() {
        let mut text = String::from("1,ok\n2,\"open quote and no end\n");
        for i in 3..200 {
            text.push_str(&format!("{i},fine\n"));
        }
        let got = rows(&text, 500);
        assert_eq!(got[0], ok(1, &["1", "ok"]));
        let bad = got[1].as_ref().unwrap_err();
        assert_eq!(bad.line, 2);
        assert!(bad.reason.contains("runs past 500 bytes"), "{}", bad.reason);
        assert_eq!(got[2], ok(3, &["3", "fine"]));
        assert_eq!(got.len(), 199, "every row after the bad one is read");
        assert_eq!(got[198], ok(199, &["199", "fine"]));
    }

    #[test]
    fn a_quote_open_at_the_end_of_the_file_is_a_bad_row_and_the_lines_after_it_are_read() {
        let got = rows("1,\"open\n2,b\n3,c\n", 1000);
        assert_eq!(got[0].as_ref().unwrap_err().line, 1);
        assert!(got[0].as_ref().unwrap_err().reason.contains("end of the file"));
        assert_eq!(got[1..], [ok(2, &["2", "b"]), ok(3, &["3", "c"])]);
    }

    #[test]
    fn an_overlong_line_is_a_bad_row_wherever_it_falls() {
        let long = "x".repeat(300);
        let text = format!("1,a\n2,{long}\n3,\"starts\n{long}\"\n4,d\n");
        let got = rows(&text, 100);
        assert_eq!(got[0], ok(1, &["1", "a"]));
        assert_eq!(got[1].as_ref().unwrap_err().line, 2);
        assert_eq!(got[2].as_ref().unwrap_err().line, 3);
        // The long line inside the quoted row fails again on its own when read again.
        assert_eq!(got[3].as_ref().unwrap_err().line, 4);
        assert_eq!(got[4], ok(5, &["4", "d"]));
    }
}
