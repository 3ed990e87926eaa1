//! Concrete details in a ticket note: what makes it searchable. IP addresses, error codes and
//! quoted error text, versions, host and device names, ticket and article numbers, MAC
//! addresses. Each found detail is a span a report can quote.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta::Regex;
use serde::Serialize;

use super::markers::MarkerSet;
use super::phrases::Prepared;

/// Kinds of concrete detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailKind {
    IpAddress,
    MacAddress,
    ErrorCode,
    QuotedText,
    Version,
    HostName,
    Reference,
    /// A named technical thing (DHCP, print spooler): more searchable than "a setting".
    TechnicalTerm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub kind: DetailKind,
    pub span: Range<usize>,
}

/// One kind of detail and how to find it.
struct Pattern {
    kind: DetailKind,
    regex: Regex,
    /// In ASCII text, every match holds at least one of these bytes: a note with none of
    /// them is not searched for this kind. Most vague notes hold no digit, so they cost one
    /// pass instead of seven.
    needs: &'static [u8],
}

const DIGITS: &[u8] = b"0123456789";

fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let table: [(DetailKind, &str, &[u8]); 7] = [
            (DetailKind::Reference, r"(?i)\b(?:INC|REQ|CHG|RITM|TKT|KB|TICKET)[-# ]?\d{3,}\b", DIGITS),
            (DetailKind::IpAddress, r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b", DIGITS),
            (DetailKind::MacAddress, r"(?i)\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b", b":-"),
            (DetailKind::ErrorCode, r"(?i)\b0x[0-9a-f]{4,8}\b|\b(?:error|code|err|status|event id)\s*[#:]?\s*[a-z]?\d{2,6}\b", DIGITS),
            (DetailKind::QuotedText, r#""[^"\n]{3,120}"|“[^”\n]{3,120}”"#, b"\""),
            (DetailKind::Version, r"(?i)\b(?:v|version\s*)\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b|\b(?:build|kb)\s?\d{4,}\b", DIGITS),
            (DetailKind::HostName, r"(?i)\b[a-z0-9][a-z0-9-]*\.(?:local|corp|lan|internal|com|net|org|io)\b|\b[A-Z]{2,}[A-Z0-9]*-[A-Z0-9-]*\d[A-Z0-9-]*\b|\b[A-Z]{2,}\d{2,}\b", b".0123456789"),
        ];
        table
            .into_iter()
            .filter_map(|(kind, pattern, needs)| {
                // Word boundaries are ASCII ones: the details are ASCII tokens, and with Unicode
                // boundaries the fast automaton gives up on any note with an accent in it,
                // leaving it to an engine a hundred times slower. No literal prefilter: on a
                // note of a few hundred bytes, starting one costs more than it saves.
                let pattern = pattern.replace(r"\b", r"(?-u:\b)");
                Regex::builder()
                    .configure(Regex::config().auto_prefilter(false))
                    .build(&pattern)
                    .ok()
                    .map(|regex| Pattern { kind, regex, needs })
            })
            .collect()
    })
}

/// Which ASCII bytes occur in `text`; `None` when it is not all ASCII (then `\d` and quotes
/// may be other characters, and every pattern is run).
fn ascii_bytes(text: &str) -> Option<[bool; 128]> {
    let mut seen = [false; 128];
    for b in text.bytes() {
        *seen.get_mut(usize::from(b))? = true;
    }
    Some(seen)
}

/// Every concrete detail in `text`, in order, without overlaps (an IP address is not also a
/// version).
pub fn find(text: &str) -> Vec<Detail> {
    find_prepared(text, &Prepared::new(super::tokens::tokenize(text)))
}

/// [`find`], with the tokens of `text` already prepared for phrase matching.
pub fn find_prepared(text: &str, tokens: &Prepared) -> Vec<Detail> {
    let mut found: Vec<Detail> = Vec::new();
    let bytes = ascii_bytes(text);
    for pattern in patterns() {
        if bytes.is_some_and(|seen| !pattern.needs.iter().any(|&b| seen[usize::from(b)])) {
            continue;
        }
        for m in pattern.regex.find_iter(text) {
            let span = m.range();
            if !found.iter().any(|d| d.span.start < span.end && span.start < d.span.end) {
                found.push(Detail {
                    kind: pattern.kind,
                    span,
                });
            }
        }
    }
    for hit in MarkerSet::Jargon.set().find_prepared(tokens) {
        if !found
            .iter()
            .any(|d| d.span.start < hit.span.end && hit.span.start < d.span.end)
        {
            found.push(Detail {
                kind: DetailKind::TechnicalTerm,
                span: hit.span,
            });
        }
    }
    found.sort_by_key(|d| d.span.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<DetailKind> {
        find(text).into_iter().map(|d| d.kind).collect()
    }

    #[test]
    fn details_are_found_and_classified() {
        use DetailKind::*;
        assert_eq!(
            kinds("Static IP 192.168.1.50 set on the NIC"),
            [TechnicalTerm, IpAddress, TechnicalTerm]
        );
        assert_eq!(kinds("Outlook showed error 0x8004010F"), [ErrorCode]);
        assert_eq!(kinds(r#"Browser said "This site can't be reached""#), [QuotedText]);
        assert_eq!(
            kinds("Updated driver to v2.4.1 on PRN-04"),
            [TechnicalTerm, Version, HostName]
        );
        assert_eq!(
            kinds("Mapped \\\\fs01.corp.local\\finance, see INC-10442"),
            [HostName, Reference]
        );
    }

    #[test]
    fn every_match_holds_a_byte_its_pattern_needs() {
        // What lets a note skip a pattern: checked on notes full of details of every kind.
        let notes = [
            "Static IP 192.168.1.50/24 set on the NIC; MAC 00:1a:2b:3c:4d:5e, also aa-bb-cc-dd-ee-ff",
            "Outlook showed error 0x8004010F, then Error: 404 and event id 4625, status 12",
            r#"Browser said "This site can't be reached"; user wrote "it's frozen again""#,
            "Updated driver to v2.4.1 (version 16.0.1, build 19045, KB5034441) on PRN-04",
            "Mapped \\\\fs01.corp.local\\finance and intranet.example.com, see INC-10442, REQ 2231",
            "Laptop LT04411 and DOCK-A7 on desk FIN12; ticket #5512 and TKT-0099",
        ];
        for note in notes {
            for pattern in patterns() {
                for m in pattern.regex.find_iter(note) {
                    assert!(
                        note[m.range()].bytes().any(|b| pattern.needs.contains(&b)),
                        "{:?} matched {:?}, which holds none of the bytes it is skipped without",
                        pattern.kind,
                        &note[m.range()]
                    );
                }
            }
        }
    }

    #[test]
    fn notes_with_accents_are_read_alike() {
        use DetailKind::*;
        assert_eq!(
            kinds("Zürich: LT04411 got 10.0.0.5, error 0x80070005"),
            [HostName, IpAddress, ErrorCode]
        );
        assert_eq!(kinds("José says “it’s frozen again” on v2.4"), [QuotedText, Version]);
    }

    #[test]
    fn vague_notes_have_none() {
        assert!(find("System broke... fixed it.").is_empty());
        assert!(find("User called about printer. Done.").is_empty());
    }
}
