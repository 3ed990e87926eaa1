//! Reading YAML files so that every problem can be pointed at: syntax and type errors from
//! serde, and an index from a value's path (`nodes.opening.replies.0.goto`) to its line and
//! column for the checks that run after deserialising.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Position, SourceError};

/// Largest file we read. Scenario and rubric files are a few kilobytes; anything this big is a
/// mistake (a log, a binary), and refusing it early keeps memory flat.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a text file, refusing folders, huge files, binary content and invalid UTF-8 with a
/// message that names the file and, for bad bytes, the position of the first one.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let file = open_file(path)?;
    read_text_from(file, path)
}

/// Reads text from `input` (a file, or standard input named `<stdin>`), bounded by the bytes
/// actually read, not by the size a file claims (a file can grow while it is read, and a pipe
/// claims nothing), with the checks of [`read_text`].
pub fn read_text_from(input: impl std::io::Read, name: &Path) -> Result<String, Error> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(input, MAX_FILE_BYTES + 1), &mut bytes)
        .map_err(|e| Error::io(name, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let msg = format!("file is over {MAX_FILE_BYTES} bytes, the limit");
        return Err(SourceError::new(&name.display().to_string(), "", None, msg).into());
    }
    decode_text(&name.display().to_string(), bytes).map_err(Error::from)
}

/// Turns bytes into text, or says where the first NUL or invalid UTF-8 byte is.
pub fn decode_text(file: &str, bytes: Vec<u8>) -> Result<String, SourceError> {
    if crate::lines::looks_like_utf16(&bytes) {
        return Err(SourceError::new(file, "", None, crate::lines::UTF16_MESSAGE).with_code(codes::NOT_TEXT));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let pos = position_of_byte(&bytes, at);
        return Err(SourceError::new(file, "", Some(pos), "this is a binary file, not text").with_code(codes::NOT_TEXT));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let pos = position_of_byte(e.as_bytes(), at);
        SourceError::new(file, "", Some(pos), "invalid UTF-8: save the file as UTF-8 text").with_code(codes::NOT_TEXT)
    })
}

fn position_of_byte(bytes: &[u8], at: usize) -> Position {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Position { line, column }
}

/// Deserialises `text` into `T`, turning serde's message into a positioned error. The limits
/// on nesting and aliases are checked first.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, SourceError> {
    refuse_empty(file, text)?;
    if !cannot_exceed_limits(text) {
        walk_within_limits(file, text, |_, _| {})?;
    }
    deserialize(file, text)
}

/// [`parse`], and the [`SpanIndex`] of `text` built in the same pass as the limits check: for
/// the loaders that point their own checks at a line (scenarios, rubrics).
pub fn parse_indexed<T: DeserializeOwned>(file: &str, text: &str) -> Result<(T, SpanIndex), SourceError> {
    refuse_empty(file, text)?;
    let mut index = SpanIndex::default();
    let mut state = IndexState::default();
    walk_within_limits(file, text, |event, here| index.add(&mut state, event, here))?;
    Ok((deserialize(file, text)?, index))
}

fn refuse_empty(file: &str, text: &str) -> Result<(), SourceError> {
    if text.trim().is_empty() {
        return Err(SourceError::new(file, text, None, "the file is empty").with_code(codes::NOT_TEXT));
    }
    Ok(())
}

/// serde's reading of `text`, its errors positioned and worded for a trainer.
fn deserialize<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, SourceError> {
    serde_yaml::from_str(text).map_err(|e| {
        let mut position = e.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        let mut message = clean_message(&e.to_string());
        // The scanner gives a control character's byte offset, not its line: point at it.
        if let Some((before, offset)) = message.split_once(" at position ")
            && let Ok(offset) = offset.parse::<usize>()
            && offset < text.len()
        {
            position = Some(position_of_byte(text.as_bytes(), offset));
            message = before.to_owned();
        }
        // serde points a duplicate key at the start of its map (1:1 for a top-level key);
        // the second occurrence is the one to fix.
        if let Some(repeated) = duplicate_field_path(&message) {
            position = SpanIndex::build(text).key(&repeated).or(position);
        }
        // An alias bomb has no position from serde: point at the first alias.
        if position.is_none() && message.contains("repetition limit exceeded") {
            position = first_alias(text);
        }
        let code = code_for(&message);
        SourceError::new(file, text, position, message).with_code(code)
    })
}

/// The error for a value found by its dotted path (`scenario`, `cases.0.script`), at its
/// position when the path is in `text`.
pub fn at_value(file: &str, text: &str, path: &str, message: impl Into<String>) -> SourceError {
    let position = SpanIndex::build(text).value(path);
    SourceError::new(file, text, position, message)
}

/// The dotted path of the key a "duplicate field" message is about: `rules[0]: duplicate
/// field `skill`` gives `rules.0.skill`.
fn duplicate_field_path(message: &str) -> Option<String> {
    let (before, after) = message.split_once("duplicate field `")?;
    let field = after.split('`').next()?;
    let parent = before
        .trim_end()
        .trim_end_matches(':')
        .replace('[', ".")
        .replace(']', "");
    let mut parts: Vec<&str> = parent.split('.').filter(|s| !s.is_empty()).collect();
    parts.push(field);
    Some(parts.join("."))
}

/// Deepest nesting of lists and maps accepted. Real files nest five or six deep.
pub const MAX_DEPTH: usize = 256;
/// Most values a document may hold once its aliases are expanded, and most bytes of text in
/// them. A scenario holds a few thousand; an alias bomb (`b: [*a, *a, ...]`, nine levels deep)
/// expands a few kilobytes into billions.
pub const MAX_EXPANDED_VALUES: u64 = 250_000;
pub const MAX_EXPANDED_BYTES: u64 = 2 * MAX_FILE_BYTES;

/// Walks `text`'s parser events, giving each with its position to `visit`, and refuses a
/// document nested deeper than [`MAX_DEPTH`], or whose aliases expand past
/// [`MAX_EXPANDED_VALUES`] or [`MAX_EXPANDED_BYTES`], before serde builds anything. One pass,
/// so the cost is linear in the file whatever its shape. A syntax error ends the walk quietly:
/// serde reports it, with its own position.
fn walk_within_limits<'t>(
    file: &str,
    text: &'t str,
    mut visit: impl FnMut(saphyr_parser::Event<'t>, Position),
) -> Result<(), SourceError> {
    let mut limits = Limits::default();
    for event in saphyr_parser::Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            // The scanner stops deep flow nesting itself (`[[[[...`); serde would crawl on.
            Err(e) if e.info().contains("recursion limit") => {
                let at = Position {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                };
                return Err(too_deep(file, text, at));
            }
            Err(_) => return Ok(()),
        };
        let here = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        limits.observe(&event).map_err(|over| over.error(file, text, here))?;
        visit(event, here);
    }
    Ok(())
}

/// What the walk has seen of the nesting and the aliases.
#[derive(Default)]
struct Limits {
    /// For each open list or map: its anchor, and the values and bytes inside it so far.
    open: Vec<(usize, u64, u64)>,
    /// Each anchor's expanded size: values and bytes.
    anchors: HashMap<usize, (u64, u64)>,
    values: u64,
    bytes: u64,
}

/// Which limit a document went past.
enum Over {
    Depth,
    Expansion,
}

impl Over {
    fn error(self, file: &str, text: &str, here: Position) -> SourceError {
        match self {
            Over::Depth => too_deep(file, text, here),
            Over::Expansion => {
                let alias = alias_name(text, here).unwrap_or_default();
                let message = format!(
                    "aliases expand this file past {MAX_EXPANDED_VALUES} values or {MAX_EXPANDED_BYTES} bytes; \
                     the alias `*{alias}` here is where it ran over"
                );
                SourceError::new(file, text, Some(here), message).with_code(codes::SYNTAX)
            }
        }
    }
}

impl Limits {
    /// Takes one event into account.
    fn observe(&mut self, event: &saphyr_parser::Event) -> Result<(), Over> {
        use saphyr_parser::Event;
        let added = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.open.len() >= MAX_DEPTH {
                    return Err(Over::Depth);
                }
                self.open.push((*anchor, 1, 0));
                return Ok(());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, inner_values, inner_bytes) = self.open.pop().unwrap_or_default();
                if anchor != 0 {
                    self.anchors.insert(anchor, (inner_values, inner_bytes));
                }
                // Counted into the totals as they came; only the parent learns now.
                if let Some(parent) = self.open.last_mut() {
                    parent.1 += inner_values;
                    parent.2 += inner_bytes;
                }
                return Ok(());
            }
            Event::Scalar(value, _, anchor, _) => {
                let size = (1, value.len() as u64);
                if *anchor != 0 {
                    self.anchors.insert(*anchor, size);
                }
                size
            }
            Event::Alias(anchor) => self.anchors.get(anchor).copied().unwrap_or((1, 0)),
            _ => return Ok(()),
        };
        self.values += added.0;
        self.bytes += added.1;
        if let Some(parent) = self.open.last_mut() {
            parent.1 += added.0;
            parent.2 += added.1;
        }
        if self.values > MAX_EXPANDED_VALUES || self.bytes > MAX_EXPANDED_BYTES {
            return Err(Over::Expansion);
        }
        Ok(())
    }
}

/// Whether `text` is plainly within the limits without parsing it: no alias to expand, and too
/// few of the characters that open a level (an indent, `-`, `:`, `?`, `[`, `{`) to nest
/// [`MAX_DEPTH`] deep. A 10 MB title is then one cheap count, not a second parse.
fn cannot_exceed_limits(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.contains(&b'*') {
        return false;
    }
    let openers = bytes
        .iter()
        .filter(|b| matches!(b, b'-' | b':' | b'?' | b'[' | b'{'))
        .count();
    let indent = text.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap_or(0);
    openers + indent < MAX_DEPTH
}

fn too_deep(file: &str, text: &str, at: Position) -> SourceError {
    let message = format!("lists and maps are nested too deeply (more than {MAX_DEPTH} levels)");
    SourceError::new(file, text, Some(at), message).with_code(codes::SYNTAX)
}

/// The name of the alias written at `at` (`*name`).
fn alias_name(text: &str, at: Position) -> Option<String> {
    let line = text.lines().nth(at.line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(at.column - 1).collect();
    let name = rest.strip_prefix('*')?;
    Some(
        name.chars()
            .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
            .collect(),
    )
}

/// Where the first alias (`*name`) in `text` is.
fn first_alias(text: &str) -> Option<Position> {
    saphyr_parser::Parser::new_from_str(text)
        .map_while(Result::ok)
        .find(|(event, _)| matches!(event, saphyr_parser::Event::Alias(_)))
        .map(|(_, span)| Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        })
}

/// The diagnostic codes, one place for all; docs/diagnostics.md explains each with an example.
pub mod codes {
    pub const SYNTAX: &str = "DC0001";
    pub const UNKNOWN_KEY: &str = "DC0002";
    pub const WRONG_TYPE: &str = "DC0003";
    pub const UNDEFINED_NODE: &str = "DC0004";
    pub const UNDEFINED_INTENT: &str = "DC0005";
    pub const UNDEFINED_FACT: &str = "DC0006";
    pub const OUT_OF_RANGE: &str = "DC0007";
    pub const EMPTY_LINE: &str = "DC0008";
    pub const DUPLICATE: &str = "DC0009";
    pub const UNREACHABLE_NODE: &str = "DC0010";
    pub const DEAD_END: &str = "DC0011";
    pub const UNRESOLVABLE: &str = "DC0012";
    pub const FEW_EXAMPLES: &str = "DC0013";
    pub const FACT_NEVER_REVEALED: &str = "DC0014";
    pub const UNKNOWN_TICKET_FACT: &str = "DC0015";
    pub const NOT_TEXT: &str = "DC0016";
    pub const RULE_SHAPE: &str = "DC0017";
    pub const UNKNOWN_SKILL: &str = "DC0018";
    pub const UNKNOWN_RULE: &str = "DC0019";
    pub const SPOILER: &str = "DC0020";
    pub const BAD_ACTION: &str = "DC0021";
}

/// Which code a serde message gets: its wording is the only thing that tells them apart.
fn code_for(message: &str) -> &'static str {
    let type_error = ["invalid type", "invalid value", "missing field", "invalid length"];
    if message.contains("unknown field") || message.contains("unknown variant") {
        codes::UNKNOWN_KEY
    } else if message.contains("defined twice") || message.contains("duplicate") {
        codes::DUPLICATE
    } else if type_error.iter().any(|t| message.contains(t)) || message.contains("did not match any variant") {
        codes::WRONG_TYPE
    } else {
        codes::SYNTAX
    }
}

/// serde_yaml appends "at line L column C" (which we print in front instead) and names the
/// path ("nodes.opening: ..."), which we keep because it tells a trainer where in the tree.
fn clean_message(message: &str) -> String {
    // "found X at line 4 column 1, while scanning Y at line 2 column 8": the first place is
    // printed in front already; the second says where the unfinished thing began.
    let (main, context) = message.split_once(", while ").unwrap_or((message, ""));
    let strip = |text: &str| {
        text.find(" at line ")
            .map_or(text, |cut| &text[..cut])
            .trim_end()
            .to_owned()
    };
    let mut message = strip(main);
    if let Some(at) = context.find(" at line ") {
        let place = context[at + " at line ".len()..].replacen(" column ", ", column ", 1);
        message = format!("{message} while {} that starts at line {place}", &context[..at]);
    }
    // Rust's type names mean nothing to a trainer.
    for (rust, plain) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected i8", "expected a whole number from -128 to 127"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected a list"),
        ("expected struct ", "expected a map of "),
    ] {
        message = message.replace(rust, plain);
    }
    // serde_yaml's limits against deep nesting and alias bombs, in a trainer's words.
    if message.starts_with("recursion limit exceeded") {
        message = "values are nested too deeply (recursion limit exceeded)".to_owned();
    } else if message.starts_with("repetition limit exceeded") {
        message = "aliases (`*name`) expand to too many values (repetition limit exceeded)".to_owned();
    }
    message
}

/// A map that keeps the author's order (of nodes, facts, skills), which reports and hints
/// follow. The files are small enough that a vector is fastest.
pub type OrderedMap<V> = Vec<(String, V)>;

/// Serde helpers that read a YAML mapping into an ordered vector and refuse duplicate keys and
/// maps longer than [`ordered::MAX_ENTRIES`].
pub mod ordered {
    use super::OrderedMap;
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{SerializeMap, Serializer};
    use std::fmt;
    use std::marker::PhantomData;

    /// Most entries one map may have. Real files have a few dozen nodes or facts; the checks
    /// that follow compare entries with each other, so a generated file with tens of thousands
    /// would take minutes to load instead of failing at once.
    pub const MAX_ENTRIES: usize = 1_000;

    pub fn serialize<S: Serializer, V: serde::Serialize>(map: &OrderedMap<V>, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(map.len()))?;
        for (k, v) in map {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(d: D) -> Result<OrderedMap<V>, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of names to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut out: OrderedMap<V> = Vec::new();
                while let Some(key) = access.next_key::<String>()? {
                    if out.len() == MAX_ENTRIES {
                        let msg = format!("too many entries: the limit is {MAX_ENTRIES} in one map");
                        return Err(serde::de::Error::custom(msg));
                    }
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format!("`{key}` is defined twice")));
                    }
                    let value = access.next_value()?;
                    out.push((key, value));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

// Fields read it through `one_or_many`; its doc comment is what editors show from the schema.
/// One value, or a list of values: `intent: greet` or `intent: [greet, introduce]`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged, expecting = "one value or a list of values")]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// `deserialize_with` for a list field that also accepts a single value.
pub fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(match <OneOrMany<T> as serde::Deserialize>::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// The name serde writes for a unit enum value (`Outcome::HungUp` is `hung_up`), for messages
/// and stored columns that must say exactly what the file formats say.
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Opens a file for reading, refusing a folder and anything that is not a regular file.
///
/// A device never ends (`/dev/zero` would fill memory) and opening a FIFO waits for a writer
/// that may never come, so both are refused before they are opened. Standard input is read
/// without this function.
pub fn open_file(path: &Path) -> Result<std::fs::File, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(path, std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    if !meta.is_file() {
        return Err(Error::usage(format!("{}: {NOT_A_FILE}", path.display())));
    }
    std::fs::File::open(path).map_err(|e| Error::io(path, e))
}

const NOT_A_FILE: &str = "not a regular file (a device, pipe or socket); give the path of a file";

/// The `*.yaml` and `*.yml` files directly inside `dir`, sorted by name.
pub fn yaml_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Positions of every value in a YAML document, keyed by its dotted path. Sequence items use
/// their index: `nodes.opening.replies.0.goto`.
#[derive(Debug, Default)]
pub struct SpanIndex {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
}

enum Frame {
    Mapping { key: Option<String> },
    Sequence { next: usize },
}

/// Where [`SpanIndex::add`] is in the document: the open maps and lists, and the path to here.
#[derive(Default)]
struct IndexState {
    stack: Vec<Frame>,
    path: Vec<String>,
}

impl SpanIndex {
    /// Builds the index. A document that does not parse gives an empty index: serde will have
    /// reported the syntax error already.
    pub fn build(text: &str) -> SpanIndex {
        let mut index = SpanIndex::default();
        let mut state = IndexState::default();
        for event in saphyr_parser::Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let here = Position {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            index.add(&mut state, event, here);
        }
        index
    }

    /// Takes one parser event into the index.
    fn add(&mut self, state: &mut IndexState, event: saphyr_parser::Event, here: Position) {
        use saphyr_parser::Event::*;
        let IndexState { stack, path } = state;
        match event {
            Scalar(value, ..) => {
                if let Some(Frame::Mapping { key }) = stack.last_mut()
                    && key.is_none()
                {
                    let full = join(path, &value);
                    self.keys.insert(full, here);
                    *key = Some(value.into_owned());
                    return;
                }
                let full = self.enter(stack, path);
                self.values.insert(full, here);
                self.leave(stack, path);
            }
            Alias(_) => {
                self.enter(stack, path);
                self.leave(stack, path);
            }
            MappingStart(..) | SequenceStart(..) => {
                let full = self.enter(stack, path);
                self.values.insert(full, here);
                stack.push(if matches!(event, MappingStart(..)) {
                    Frame::Mapping { key: None }
                } else {
                    Frame::Sequence { next: 0 }
                });
            }
            MappingEnd | SequenceEnd => {
                stack.pop();
                self.leave(stack, path);
            }
            _ => {}
        }
    }

    /// Pushes the path segment of the value about to start and returns the full path.
    fn enter(&self, stack: &mut [Frame], path: &mut Vec<String>) -> String {
        let segment = match stack.last_mut() {
            Some(Frame::Mapping { key }) => key.clone().unwrap_or_default(),
            Some(Frame::Sequence { next }) => next.to_string(),
            None => String::new(),
        };
        path.push(segment);
        path.iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Pops the segment of a finished value and readies the parent for its next entry.
    fn leave(&self, stack: &mut [Frame], path: &mut Vec<String>) {
        path.pop();
        match stack.last_mut() {
            Some(Frame::Mapping { key }) => *key = None,
            Some(Frame::Sequence { next }) => *next += 1,
            None => {}
        }
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Position> {
        self.values.get(path).copied()
    }

    /// Where the key of the entry at `path` is written (for "this key is wrong" messages).
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }
}

fn join(path: &[String], last: &str) -> String {
    let mut parts: Vec<&str> = path.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
    parts.push(last);
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_nested_values_and_keys() {
        let text = "id: x\nnodes:\n  opening:\n    replies:\n      - when: [greet]\n        goto: diag\n";
        let index = SpanIndex::build(text);
        assert_eq!(
            index.value("nodes.opening.replies.0.goto"),
            Some(Position { line: 6, column: 15 })
        );
        assert_eq!(
            index.value("nodes.opening.replies.0.when.0"),
            Some(Position { line: 5, column: 16 })
        );
        assert_eq!(index.key("nodes.opening"), Some(Position { line: 3, column: 3 }));
    }

    #[test]
    fn index_handles_flow_mappings() {
        let index = SpanIndex::build("facts:\n  symptom: {says: hi, key: true}\n");
        assert_eq!(index.value("facts.symptom.key"), Some(Position { line: 2, column: 28 }));
    }

    #[test]
    fn a_duplicate_key_is_located_at_its_second_occurrence() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            a: u8,
            b: u8,
        }
        let err = parse::<Vec<Item>>("f.yaml", "- a: 1\n  b: 2\n  a: 3\n").unwrap_err();
        assert_eq!(err.position, Some(Position { line: 3, column: 3 }), "{err}");
        assert_eq!(
            duplicate_field_path("rules[0]: duplicate field `skill`").as_deref(),
            Some("rules.0.skill")
        );
        assert_eq!(duplicate_field_path("duplicate field `id`").as_deref(), Some("id"));
        assert_eq!(
            duplicate_field_path(".[0]: duplicate field `a`").as_deref(),
            Some("0.a")
        );
    }

    #[test]
    fn bad_bytes_are_located() {
        let err = decode_text("f.yaml", b"id: x\nti\xfftle: y\n".to_vec()).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 2, column: 3 }));
        let err = decode_text("f.yaml", b"a\0b".to_vec()).unwrap_err();
        assert!(err.message.contains("binary"));
    }
}
