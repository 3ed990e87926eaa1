//! Concrete details in a ticket note: what makes it searchable. IP addresses, error codes and
//! quoted error text, versions, host and device names, ticket and article numbers, MAC
//! addresses. Each found detail is a span a report can quote.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
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

fn patterns() -> &'static [(DetailKind, Regex)] {
    static PATTERNS: OnceLock<Vec<(DetailKind, Regex)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let table: [(DetailKind, &str); 7] = [
            (DetailKind::Reference, r"(?i)\b(?:INC|REQ|CHG|RITM|TKT|KB|TICKET)[-# ]?\d{3,}\b"),
            (DetailKind::IpAddress, r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b"),
            (DetailKind::MacAddress, r"(?i)\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b"),
            (DetailKind::ErrorCode, r"(?i)\b0x[0-9a-f]{4,8}\b|\b(?:error|code|err|status|event id)\s*[#:]?\s*[a-z]?\d{2,6}\b"),
            (DetailKind::QuotedText, r#""[^"\n]{3,120}"|“[^”\n]{3,120}”"#),
            (DetailKind::Version, r"(?i)\b(?:v|version\s*)\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b|\b(?:build|kb)\s?\d{4,}\b"),
            (DetailKind::HostName, r"(?i)\b[a-z0-9][a-z0-9-]*\.(?:local|corp|lan|internal|com|net|org|io)\b|\b[A-Z]{2,}[A-Z0-9]*-[A-Z0-9-]*\d[A-Z0-9-]*\b|\b[A-Z]{2,}\d{2,}\b"),
        ];
        table.into_iter().filter_map(|(kind, pattern)| Regex::new(pattern).ok().map(|r| (kind, r))).collect()
    })
}

/// Every concrete detail in `text`, in order, without overlaps (an IP address is not also a
/// version).
pub fn find(text: &str) -> Vec<Detail> {
    find_prepared(text, &Prepared::new(super::tokens::tokenize(text)))
}

/// [`find`], with the tokens of `text` already prepared for phrase matching.
pub fn find_prepared(text: &str, tokens: &Prepared) -> Vec<Detail> {
    let mut found: Vec<Detail> = Vec::new();
    for (kind, regex) in patterns() {
        for m in regex.find_iter(text) {
            let span = m.range();
            if !found.iter().any(|d| d.span.start < span.end && span.start < d.span.end) {
                found.push(Detail { kind: *kind, span });
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
    fn vague_notes_have_none() {
        assert!(find("System broke... fixed it.").is_empty());
        assert!(find("User called about printer. Done.").is_empty());
    }
}
