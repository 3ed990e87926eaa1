//! Untrusted text made safe to print. A trainee's name, a line, a ticket note, a scenario
//! title or a CSV header can carry control characters: an OSC 52 sequence writes the
//! clipboard, OSC 0 retitles the window, `ESC [2J` clears the screen, and bidi overrides make
//! text read differently from what it is. In every text output (a terminal, a pipe or a file)
//! they are shown as escapes (`\u{1b}`) instead. JSON and CSV outputs keep the text exact:
//! their formats escape it.

use std::borrow::Cow;
use std::io::Write;

/// Whether `c` must not reach a terminal as it is: C0 controls except tab and newline, DEL,
/// C1 controls, and the bidi embeddings, overrides and isolates.
pub fn is_hostile(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hostile character written as a visible escape (`\u{1b}`).
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    if is_hostile(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// A writer that makes everything written through it [`visible`], except the exact escape
/// sequences in `allowed`: deskcoach's own colours, when colour is on.
pub struct Visible<W: Write> {
    inner: W,
    allowed: &'static [&'static str],
}

impl<W: Write> Visible<W> {
    pub fn new(inner: W, allowed: &'static [&'static str]) -> Visible<W> {
        Visible { inner, allowed }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(buf);
        if !text.chars().any(is_hostile) {
            return self.inner.write_all(buf);
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest: &str = &text;
        while let Some(c) = rest.chars().next() {
            if let Some(code) = self.allowed.iter().find(|code| rest.starts_with(**code)) {
                out.push_str(code);
                rest = &rest[code.len()..];
                continue;
            }
            push_visible(&mut out, c);
            rest = &rest[c.len_utf8()..];
        }
        self.inner.write_all(out.as_bytes())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_become_visible_and_plain_text_is_untouched() {
        let hostile = "ana\x1b]52;c;ZXZpbA==\x07\x1b[2J\u{9b}31m\u{202e}txt.exe\r\x7f";
        assert_eq!(
            visible(hostile),
            "ana\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}txt.exe\\u{d}\\u{7f}"
        );
        assert!(matches!(visible("Tab\tand\nnewline, café ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_the_allowed_colour_codes_pass_the_writer() {
        let mut out = Visible::new(Vec::new(), &["\x1b[1m", "\x1b[0m"]);
        out.write_all("\x1b[1mName:\x1b[0m \x1b[1;31mevil\x1b]0;title\x07".as_bytes())
            .unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(text, "\x1b[1mName:\x1b[0m \\u{1b}[1;31mevil\\u{1b}]0;title\\u{7}");
    }
}
