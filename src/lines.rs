//! Reading lines with a bound applied while reading: a 2 GB line without a newline costs the
//! bound in memory, not 2 GB. Every line reader of untrusted input (`analyze`, the audit
//! exports) goes through [`BoundedLines`].

use std::io::{BufRead, BufReader, Read};

/// Whether text starting with `prefix` is UTF-16 rather than UTF-8: a UTF-16 byte-order mark,
/// or ASCII with a NUL after every character (what Windows tools write as "Unicode").
pub fn looks_like_utf16(prefix: &[u8]) -> bool {
    match prefix {
        [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => true,
        [a, 0, b, 0, ..] | [0, a, 0, b, ..] => a.is_ascii() && *a != 0 && b.is_ascii() && *b != 0,
        _ => false,
    }
}

/// What to tell the user about a UTF-16 file.
pub const UTF16_MESSAGE: &str = "this file looks like UTF-16; save or convert it as UTF-8 \
                                 (for example `iconv -f UTF-16 -t UTF-8`)";

/// Reads lines of at most `limit` bytes; the rest of a longer line is read past and dropped.
pub struct BoundedLines<R: Read> {
    input: BufReader<R>,
    limit: usize,
    /// Bytes taken from the input so far.
    read: u64,
}

/// One line as read: its bytes (without the newline) and whether it ran past the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineEnd {
    /// The line was longer than the limit; only the first `limit` bytes were kept.
    pub overlong: bool,
    /// The line ended with a newline (the last line of a file may not).
    pub newline: bool,
}

impl<R: Read> BoundedLines<R> {
    pub fn new(input: R, limit: usize) -> BoundedLines<R> {
        BoundedLines {
            input: BufReader::with_capacity(1 << 16, input),
            limit,
            read: 0,
        }
    }

    /// The first bytes of what is left to read, without reading them (empty at the end).
    pub fn peek(&mut self) -> std::io::Result<&[u8]> {
        self.input.fill_buf()
    }

    /// Bytes read so far, for a progress bar.
    pub fn position(&self) -> u64 {
        self.read
    }

    /// Reads the next line into `line` (cleared first). `None` at the end of the input.
    pub fn next_line(&mut self, line: &mut Vec<u8>) -> Option<std::io::Result<LineEnd>> {
        line.clear();
        let mut overlong = false;
        let mut any = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if chunk.is_empty() {
                return any.then_some(Ok(LineEnd {
                    overlong,
                    newline: false,
                }));
            }
            any = true;
            let (body, used, newline) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (&chunk[..at], at + 1, true),
                None => (chunk, chunk.len(), false),
            };
            let room = self.limit.saturating_sub(line.len());
            if body.len() > room {
                overlong = true;
            }
            line.extend_from_slice(&body[..body.len().min(room)]);
            self.input.consume(used);
            self.read += used as u64;
            if newline {
                return Some(Ok(LineEnd { overlong, newline }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], limit: usize) -> Vec<(String, bool)> {
        let mut lines = BoundedLines::new(text, limit);
        let mut line = Vec::new();
        let mut out = Vec::new();
        while let Some(end) = lines.next_line(&mut line) {
            out.push((String::from_utf8_lossy(&line).into_owned(), end.unwrap().overlong));
        }
        out
    }

    #[test]
    fn lines_are_cut_at_the_limit_and_the_next_line_is_whole() {
        let got = all(b"short\nthis one is long\nend", 8);
        let want = [("short", false), ("this one", true), ("end", false)];
        assert_eq!(got, want.map(|(s, o)| (s.to_owned(), o)));
    }

    #[test]
    fn a_huge_line_costs_the_limit_not_its_size() {
        let huge = vec![b'x'; 5_000_000];
        let mut lines = BoundedLines::new(&huge[..], 100);
        let mut line = Vec::new();
        let end = lines.next_line(&mut line).unwrap().unwrap();
        assert!(end.overlong && !end.newline);
        assert_eq!(line.len(), 100);
        assert!(line.capacity() < 100_000);
        assert!(lines.next_line(&mut line).is_none());
        assert_eq!(lines.position(), 5_000_000);
    }
}
