//! Terminal styling, on only when writing to a terminal and `NO_COLOR` is unset, so that
//! pipes, files and tests get plain text.

use std::io::IsTerminal;

use crate::terminal::Visible;

#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour for standard output when it is a terminal.
    pub fn for_stdout() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: std::io::stdout().is_terminal() && !no_color,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// The escape sequences this style writes: the only ones a [`Visible`] writer lets through.
    pub fn codes(self) -> &'static [&'static str] {
        if self.color {
            &[
                "\x1b[0m",
                "\x1b[1m",
                "\x1b[2m",
                "\x1b[1;36m",
                "\x1b[32m",
                "\x1b[31m",
                "\x1b[33m",
            ]
        } else {
            &[]
        }
    }

    /// `out` with untrusted text made visible and this style's colours kept.
    pub fn visible<W: std::io::Write>(self, out: W) -> Visible<W> {
        Visible::new(out, self.codes())
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
    pub fn caller(self, text: &str) -> String {
        self.paint("1;36", text)
    }
    pub fn good(self, text: &str) -> String {
        self.paint("32", text)
    }
    pub fn bad(self, text: &str) -> String {
        self.paint("31", text)
    }
    pub fn warn(self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// One block character per value, 0 to `max`.
pub fn sparkline(values: &[u8], max: u8) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|&v| BARS[(usize::from(v.min(max)) * (BARS.len() - 1) + usize::from(max) / 2) / usize::from(max.max(1))])
        .collect()
}

/// A scenario's difficulty (1 to 5) as `●●○○○`.
pub fn difficulty(level: u8) -> String {
    let filled = usize::from(level.min(5));
    "●".repeat(filled) + &"○".repeat(5 - filled)
}

/// A gauge like `██████░░░░` for a value out of `max`.
pub fn gauge(value: u8, max: u8) -> String {
    let filled = usize::from(value.min(max));
    "█".repeat(filled) + &"░".repeat(usize::from(max) - filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_the_range() {
        assert_eq!(sparkline(&[0, 5, 10], 10), "▁▅█");
        assert_eq!(gauge(3, 5), "███░░");
        assert_eq!(difficulty(2), "●●○○○");
    }
}
