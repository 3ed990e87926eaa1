//! Concrete details in a ticket note: what makes it searchable. IP addresses, error codes and
//! quoted error text, versions, host and device names, ticket and article numbers, MAC
//! addresses. Each found detail is a span a report can quote.

use std::ops::Range;

use regex_automata::meta::Regex;
use serde::Serialize;

use super::is_white_space;
use super::markers::MarkerSet;
use super::phrases::Prepared;
use super::wordbook::Wordbook;

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

impl DetailKind {
    /// The kind's name, as `analyze` prints it.
    pub fn name(self) -> &'static str {
        match self {
            DetailKind::IpAddress => "ip_address",
            DetailKind::MacAddress => "mac_address",
            DetailKind::ErrorCode => "error_code",
            DetailKind::QuotedText => "quoted_text",
            DetailKind::Version => "version",
            DetailKind::HostName => "host_name",
            DetailKind::Reference => "reference",
            DetailKind::TechnicalTerm => "technical_term",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub kind: DetailKind,
    pub span: Range<usize>,
}

/// One kind of detail and how to find it.
pub struct Pattern {
    kind: DetailKind,
    regex: Regex,
    /// What every match shows of itself in ASCII text: a note that lacks it is not searched
    /// for this kind. Most vague notes hold no digit, and most others no MAC address or IP
    /// address, so a note costs two or three passes instead of seven.
    needs: Needs,
}

/// Whether a text's shape has what a kind's matches need.
type Needs = fn(&Shape) -> bool;

/// What a text shows that a kind of detail needs, read in one pass over its bytes.
#[derive(Debug, Default, Clone, Copy)]
struct Shape {
    /// The longest run of digits.
    digit_run: usize,
    /// Dots with a digit on each side ("1.2").
    digit_dots: usize,
    /// Colons and hyphens.
    separators: usize,
    /// A dot before the first letter of a top-level name: ".local", ".com", ".io".
    dot_tld: bool,
    hyphen: bool,
    quote: bool,
    /// "0x".
    hex_prefix: bool,
    /// A letter right before a digit: "LT04411", "v2".
    letter_digit: bool,
    /// A "v" right before a digit.
    v_digit: bool,
    /// The word "version", in any case.
    version_word: bool,
    /// Three digits or more after a ticket prefix: "INC-10442", "kb 5034441".
    reference_number: bool,
    /// Two digits or more after an error word: "error 404", "Event ID: 4625", "code x12".
    coded_number: bool,
    /// Four digits or more after "build" or "kb": "build 19045".
    build_number: bool,
}

/// What may come before a run of digits for each kind that numbers a thing, as the kinds'
/// patterns allow it (lower case; the patterns ignore case).
const TICKET_PREFIXES: &[&[u8]] = &[b"inc", b"req", b"chg", b"ritm", b"tkt", b"kb", b"ticket"];
const ERROR_WORDS: &[&[u8]] = &[b"error", b"code", b"err", b"status", b"event id"];
const BUILD_WORDS: &[&[u8]] = &[b"build", b"kb"];

/// Whether `before` ends with one of `words`, in any case.
fn ends_with_any(before: &[u8], words: &[&[u8]]) -> bool {
    words
        .iter()
        .any(|w| before.len() >= w.len() && before[before.len() - w.len()..].eq_ignore_ascii_case(w))
}

/// `bytes` without the white space it ends with.
fn trim_end_spaces(mut bytes: &[u8]) -> &[u8] {
    while let [head @ .., last] = bytes {
        if !is_white_space(*last) {
            break;
        }
        bytes = head;
    }
    bytes
}

/// Whether `before` ends with one of `words`, or does after dropping its last character when
/// `skippable` accepts it. (Each pattern allows one character between its word and the digits:
/// a separator for references, a space for builds, a letter for error codes.)
fn word_before(before: &[u8], words: &[&[u8]], skippable: fn(u8) -> bool) -> bool {
    ends_with_any(before, words)
        || matches!(before, [head @ .., last] if skippable(*last) && ends_with_any(head, words))
}

/// What a run of `len` digits starting at `start` tells the kinds that number things, read
/// back from the digits the way their patterns read forward to them.
fn number_after_word(shape: &mut Shape, bytes: &[u8], start: usize, len: usize) {
    let before = &bytes[..start];
    if len >= 3 {
        shape.reference_number |= word_before(before, TICKET_PREFIXES, |b| matches!(b, b'-' | b'#' | b' '));
    }
    if len >= 4 {
        shape.build_number |= word_before(before, BUILD_WORDS, is_white_space);
    }
    if len >= 2 {
        // `word \s* [#:]? \s* [a-z]? digits`, read backwards from before the letter.
        let error_word_ends = |rest: &[u8]| {
            let rest = trim_end_spaces(rest);
            let rest = match rest {
                [head @ .., b'#' | b':'] => head,
                _ => rest,
            };
            ends_with_any(trim_end_spaces(rest), ERROR_WORDS)
        };
        shape.coded_number |= error_word_ends(before)
            || matches!(before, [head @ .., last] if last.is_ascii_alphabetic() && error_word_ends(head));
    }
}

/// The bytes [`Shape::of`] looks at more closely than as the byte before the next.
const TELLING: [bool; 256] = {
    let mut telling = [false; 256];
    let bytes = b"0123456789.:-\"xXvV";
    let mut i = 0;
    while i < bytes.len() {
        telling[bytes[i] as usize] = true;
        i += 1;
    }
    telling
};

impl Shape {
    /// The shape of `text`; `None` when it is not all ASCII (then `\d` may be other digits
    /// and quotes other characters, and every kind is searched).
    fn of(text: &str) -> Option<Shape> {
        if !text.is_ascii() {
            return None;
        }
        let bytes = text.as_bytes();
        let mut shape = Shape::default();
        let mut run = 0;
        let mut before = b' ';
        for (i, &b) in bytes.iter().enumerate() {
            if !TELLING[usize::from(b)] {
                // Most bytes: letters and spaces, which only ever matter as the byte before.
                run = 0;
                before = b;
                continue;
            }
            let after = bytes.get(i + 1).copied().unwrap_or(b' ');
            if b.is_ascii_digit() {
                run += 1;
                shape.digit_run = shape.digit_run.max(run);
                shape.letter_digit |= before.is_ascii_alphabetic();
                shape.v_digit |= before.eq_ignore_ascii_case(&b'v');
                if !after.is_ascii_digit() {
                    number_after_word(&mut shape, bytes, i + 1 - run, run);
                }
            } else {
                run = 0;
            }
            match b {
                b'.' => {
                    shape.digit_dots += usize::from(before.is_ascii_digit() && after.is_ascii_digit());
                    shape.dot_tld |= matches!(after.to_ascii_lowercase(), b'l' | b'c' | b'n' | b'o' | b'i');
                }
                b':' => shape.separators += 1,
                b'-' => {
                    shape.separators += 1;
                    shape.hyphen = true;
                }
                b'"' => shape.quote = true,
                b'x' | b'X' => shape.hex_prefix |= before == b'0',
                b'v' | b'V' => {
                    shape.version_word |= bytes
                        .get(i + 1..i + 7)
                        .is_some_and(|rest| rest.eq_ignore_ascii_case(b"ersion"));
                }
                _ => {}
            }
            before = b;
        }
        Some(shape)
    }
}

/// The patterns of every kind, compiled (once, by the [`Wordbook`]).
pub fn patterns() -> Vec<Pattern> {
    {
        let table: [(DetailKind, &str, Needs); 7] = [
            (
                DetailKind::Reference,
                r"(?i)\b(?:INC|REQ|CHG|RITM|TKT|KB|TICKET)[-# ]?\d{3,}\b",
                |s| s.reference_number,
            ),
            (
                DetailKind::IpAddress,
                r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b",
                |s| s.digit_dots >= 3,
            ),
            (
                DetailKind::MacAddress,
                r"(?i)\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b",
                |s| s.separators >= 5,
            ),
            (
                DetailKind::ErrorCode,
                r"(?i)\b0x[0-9a-f]{4,8}\b|\b(?:error|code|err|status|event id)\s*[#:]?\s*[a-z]?\d{2,6}\b",
                |s| s.hex_prefix || s.coded_number,
            ),
            (
                DetailKind::QuotedText,
                r#""[^"\n]{3,120}"|“[^”\n]{3,120}”"#,
                |s| s.quote,
            ),
            (
                DetailKind::Version,
                r"(?i)\b(?:v|version\s*)\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b|\b(?:build|kb)\s?\d{4,}\b",
                |s| s.v_digit || s.version_word || s.digit_dots >= 2 || s.build_number,
            ),
            (
                DetailKind::HostName,
                r"(?i)\b[a-z0-9][a-z0-9-]*\.(?:local|corp|lan|internal|com|net|org|io)\b|\b[A-Z]{2,}[A-Z0-9]*-[A-Z0-9-]*\d[A-Z0-9-]*\b|\b[A-Z]{2,}\d{2,}\b",
                |s| s.dot_tld || (s.hyphen && s.digit_run >= 1) || s.letter_digit,
            ),
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
    }
}

/// Every concrete detail in `text`, in order, without overlaps (an IP address is not also a
/// version).
pub fn find(book: &Wordbook, text: &str) -> Vec<Detail> {
    find_prepared(book, text, &Prepared::new(book, super::tokens::tokenize(text)))
}

/// The kinds of detail worth searching `text` for: all of them, but for those its shape rules out.
fn candidates<'b>(book: &'b Wordbook, text: &str) -> impl Iterator<Item = &'b Pattern> {
    let shape = Shape::of(text);
    book.details
        .iter()
        .filter(move |pattern| shape.is_none_or(|shape| (pattern.needs)(&shape)))
}

/// [`find`], with the tokens of `text` already prepared for phrase matching.
pub fn find_prepared(book: &Wordbook, text: &str, tokens: &Prepared) -> Vec<Detail> {
    let mut found: Vec<Detail> = Vec::new();
    // The first kind to claim a stretch of text keeps it.
    let mut claim = |kind: DetailKind, span: Range<usize>| {
        if !found.iter().any(|d| d.span.start < span.end && span.start < d.span.end) {
            found.push(Detail { kind, span });
        }
    };
    for pattern in candidates(book, text) {
        for m in pattern.regex.find_iter(text) {
            claim(pattern.kind, m.range());
        }
    }
    for hit in book.marker(MarkerSet::Jargon).find_prepared(tokens) {
        claim(DetailKind::TechnicalTerm, hit.span);
    }
    found.sort_by_key(|d| d.span.start);
    found
}

/// Whether [`find_prepared`] would find any detail, asking of each kind only whether it
/// occurs: the first match found is always claimed, so one is enough, and the cheapest
/// question goes first. Technical terms are looked up in tokens already prepared, where a
/// pattern would read the text again.
pub fn any_prepared(book: &Wordbook, text: &str, tokens: &Prepared) -> bool {
    book.marker(MarkerSet::Jargon).first_prepared(tokens).is_some()
        || candidates(book, text).any(|pattern| pattern.regex.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<DetailKind> {
        find(crate::text::wordbook::shared_for_tests(), text)
            .into_iter()
            .map(|d| d.kind)
            .collect()
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
    fn every_match_has_the_shape_its_kind_needs() {
        // What lets a note skip a pattern: checked on notes full of details of every kind.
        let notes = [
            "Static IP 192.168.1.50/24 set on the NIC; MAC 00:1a:2b:3c:4d:5e, also aa-bb-cc-dd-ee-ff",
            "Outlook showed error 0x8004010F, then Error: 404 and event id 4625, status 12",
            r#"Browser said "This site can't be reached"; user wrote "it's frozen again""#,
            "Updated driver to v2.4.1 (version 16.0.1, build 19045, KB5034441) on PRN-04",
            "Mapped \\\\fs01.corp.local\\finance and intranet.example.com, see INC-10442, REQ 2231",
            "Laptop LT04411 and DOCK-A7 on desk FIN12; ticket #5512 and TKT-0099",
            "VERSION 7 on SRV.LOCAL, Version12.1, v3, V10.2.2, build 22621, kb 5034441, SRV01.CORP.lan",
            "erro12, code x12, Error #  404, STATUS:12, Event ID\t: 4625, err\x0b77, codeZ99",
            "INC123, req-4567, Ticket#998, RITM 0012345, tkt 555, KB-123, build\t19045, KB12345",
        ];
        for note in notes {
            for pattern in patterns() {
                for m in pattern.regex.find_iter(note) {
                    // A note holds its matches, so has at least their shape: a match with the
                    // shape its kind needs means the kind is never skipped where it matches.
                    let matched = &note[m.range()];
                    let shape = Shape::of(matched).expect("ASCII notes");
                    assert!(
                        (pattern.needs)(&shape),
                        "{:?} matched {matched:?}, whose shape {shape:?} its kind is skipped without",
                        pattern.kind,
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
    fn any_says_whether_find_finds_one() {
        for note in [
            "Static IP 192.168.1.50 set on the NIC",
            "Restarted the print spooler",
            "See INC-10442",
            "Zürich: error 0x80070005",
            "José says “it’s frozen again”",
            "System broke... fixed it.",
            "User called about printer. Done.",
            "",
        ] {
            let tokens = Prepared::new(
                crate::text::wordbook::shared_for_tests(),
                crate::text::tokens::tokenize(note),
            );
            assert_eq!(
                any_prepared(crate::text::wordbook::shared_for_tests(), note, &tokens),
                !find(crate::text::wordbook::shared_for_tests(), note).is_empty(),
                "{note:?}"
            );
        }
    }

    #[test]
    fn vague_notes_have_none() {
        assert!(find(crate::text::wordbook::shared_for_tests(), "System broke... fixed it.").is_empty());
        assert!(
            find(
                crate::text::wordbook::shared_for_tests(),
                "User called about printer. Done."
            )
            .is_empty()
        );
    }
}
