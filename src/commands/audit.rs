//! `deskcoach audit`: reads the export, runs the audit on every core, writes results and the
//! summary.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use crate::audit::input::{BadRow, Columns, CsvNotes, InputFormat, JsonlLines, NoteRecord, note_from_json};
use crate::audit::summary::Summary;
use crate::audit::{AuditResult, NoteAuditor, audit_call, call_from_json, pipeline, vague_rules};
use crate::cli::audit::{AuditArgs, AuditCommand, AuditCommon, AuditFormat};
use crate::error::{Error, Result, SourceError};
use crate::output::Output;
use crate::report::style::Style;
use crate::report::team::guard_cell;
use crate::rubric::Rubric;

/// Skipped rows reported one by one on standard error; the summary counts the rest.
const REPORTED_BAD_ROWS: u64 = 20;

pub fn run(args: &AuditArgs) -> Result<()> {
    match &args.what {
        AuditCommand::Notes(a) => {
            let columns = Columns {
                text: a.text_column.clone(),
                agent: a.agent_column.clone(),
                id: a.id_column.clone(),
            };
            audit(&a.common, "notes", |file, progress, rubric, vague, sink| {
                let name = a.common.file.display().to_string();
                // Either reader yields the same items; one pipeline scores them.
                let next: Box<dyn FnMut() -> Option<Item<NoteRecord>> + Send> = match InputFormat::of(&a.common.file) {
                    InputFormat::Csv => {
                        let mut notes = CsvNotes::new(file, &columns, a.common.max_row_bytes)
                            .map_err(|m| SourceError::new(&name, "", None, m))?;
                        Box::new(move || {
                            let item = notes.next_record();
                            progress.set_position(notes.position());
                            item
                        })
                    }
                    InputFormat::Jsonl => {
                        let mut lines = JsonlLines::new(file, a.common.max_row_bytes);
                        Box::new(move || {
                            let item = lines
                                .next_value()
                                .map(|(row, v)| v.and_then(|v| note_from_json(row, &v, &columns)));
                            progress.set_position(lines.position());
                            item
                        })
                    }
                };
                pipeline::run(
                    jobs(&a.common),
                    next,
                    || {
                        let mut auditor = NoteAuditor::new(rubric, vague);
                        move |item: Result<_, _>| item.map(|r| auditor.audit(r))
                    },
                    sink,
                )
            })
        }
        AuditCommand::Calls(a) => audit(&a.common, "calls", |file, progress, rubric, vague, sink| {
            let mut lines = JsonlLines::new(file, a.common.max_row_bytes);
            let next = move || {
                let item = lines
                    .next_value()
                    .map(|(row, v)| v.and_then(|v| call_from_json(row, &v)));
                progress.set_position(lines.position());
                item
            };
            pipeline::run(
                jobs(&a.common),
                next,
                || |item: Result<_, _>| item.map(|r| audit_call(r, rubric, vague)),
                sink,
            )
        }),
    }
}

/// More worker threads than this only costs memory: the reader feeds them from one file.
const MAX_JOBS: usize = 256;

fn jobs(common: &AuditCommon) -> usize {
    match common.jobs {
        None => std::thread::available_parallelism().map_or(1, usize::from),
        Some(asked) if (1..=MAX_JOBS).contains(&asked) => asked,
        Some(asked) => {
            let used = asked.clamp(1, MAX_JOBS);
            eprintln!("note: --jobs {asked} is out of range (1 to {MAX_JOBS}); using {used}");
            used
        }
    }
}

/// A record to audit, or the row that could not be read.
type Item<T> = std::result::Result<T, BadRow>;

type Sink<'a> = &'a mut dyn FnMut(std::result::Result<AuditResult, BadRow>) -> Result<()>;

/// The shared frame: open the file and the outputs, run `body`, print the summary.
fn audit(
    common: &AuditCommon,
    what: &str,
    body: impl FnOnce(std::fs::File, ProgressBar, &Rubric, &[String], Sink) -> Result<()>,
) -> Result<()> {
    let path = &common.file;
    let rubric = Rubric::open(common.rubric.as_deref())?;
    let vague = vague_rules(&rubric);
    let mut file = crate::yaml::open_file(path)?;
    refuse_utf16(&mut file, path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(size);
        let style = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    } else {
        ProgressBar::hidden()
    };
    let per_item = common.format != AuditFormat::Text;
    let mut inputs = vec![path.as_path()];
    inputs.extend(common.rubric.as_deref());
    let destination = Output::open(common.output.as_deref(), &inputs)?;
    let mut items = match common.format {
        AuditFormat::Text => Items::None(destination),
        AuditFormat::Jsonl => Items::Jsonl(destination, Vec::new()),
        AuditFormat::Csv => {
            let mut w = csv::Writer::from_writer(destination);
            w.write_record(["row", "id", "agent", "score", "passed", "vague", "findings"])
                .map_err(csv_error)?;
            Items::Csv(Box::new(w))
        }
    };
    let mut summary = Summary::new(common.worst);
    let name = path.display().to_string();
    let mut sink = |item: std::result::Result<AuditResult, BadRow>| -> Result<()> {
        match item {
            Ok(result) => {
                summary.add(&result);
                items.write(&result)?;
            }
            Err(bad) => {
                if summary.bad_rows < REPORTED_BAD_ROWS {
                    let line = format!("{name}: row {}: {} (skipped)", bad.row, bad.reason);
                    progress.suspend(|| eprintln!("{}", crate::terminal::visible(&line)));
                }
                summary.skip(bad);
            }
        }
        Ok(())
    };
    body(file, progress.clone(), &rubric, &vague, &mut sink)?;
    progress.finish_and_clear();
    let mut destination = items.finish()?;
    // The summary goes where the per-item results do not: with the results in a file or on
    // standard output, it goes to the terminal (standard error when they share standard output).
    match (per_item, &destination) {
        (false, Output::File(_)) => {
            summary.render(what, Style::default(), &mut Style::default().visible(&mut destination))
        }
        (false, Output::Stdout(_)) => {
            let style = Style::for_stdout();
            summary.render(what, style, &mut style.visible(&mut destination))
        }
        (true, Output::File(_)) => {
            let style = Style::for_stdout();
            summary.render(what, style, &mut style.visible(std::io::stdout().lock()))
        }
        (true, Output::Stdout(_)) => summary.render(
            what,
            Style::default(),
            &mut Style::default().visible(std::io::stderr().lock()),
        ),
    }
    .map_err(Error::Stdout)?;
    destination.finish()?;
    match summary.bad_rows {
        0 => Ok(()),
        skipped => Err(Error::usage(format!(
            "{name}: {skipped} row(s) skipped (listed above); the results of every other row were written"
        ))),
    }
}

/// Refuses an export saved as UTF-16 with a message that says how to convert it, instead of
/// reading it as rows of garbage. Reads the first bytes and puts the file back at the start.
fn refuse_utf16(file: &mut std::fs::File, path: &std::path::Path) -> Result<()> {
    use std::io::{Read, Seek};
    let mut prefix = Vec::with_capacity(4);
    Read::take(&mut *file, 4)
        .read_to_end(&mut prefix)
        .map_err(|e| Error::io(path, e))?;
    file.rewind().map_err(|e| Error::io(path, e))?;
    if crate::lines::looks_like_utf16(&prefix) {
        let name = path.display().to_string();
        return Err(SourceError::new(&name, "", None, crate::lines::UTF16_MESSAGE).into());
    }
    Ok(())
}

/// Where per-item results go.
enum Items {
    /// The summary alone; it goes to the destination at the end.
    None(Output),
    /// The destination, and a buffer each line is built in ([`AuditResult::write_json`]
    /// writes it in dozens of small pieces) before one write to the destination.
    Jsonl(Output, Vec<u8>),
    Csv(Box<csv::Writer<Output>>),
}

impl Items {
    fn write(&mut self, r: &AuditResult) -> Result<()> {
        match self {
            Items::None(_) => Ok(()),
            Items::Jsonl(out, line) => {
                line.clear();
                r.write_json(line);
                line.push(b'\n');
                out.write_all(line).map_err(Error::Stdout)
            }
            Items::Csv(w) => {
                let rules: Vec<&str> = r.findings.iter().map(|f| &*f.rule).collect();
                w.write_record([
                    r.row.to_string(),
                    guard_cell(&r.id),
                    guard_cell(&r.agent),
                    r.score.map(|s| s.to_string()).unwrap_or_default(),
                    r.passed.to_string(),
                    r.vague.to_string(),
                    rules.join(";"),
                ])
                .map_err(csv_error)
            }
        }
    }

    /// Flushes what is buffered and hands the destination back.
    fn finish(self) -> Result<Output> {
        match self {
            Items::None(out) | Items::Jsonl(out, _) => Ok(out),
            Items::Csv(w) => w.into_inner().map_err(|e| Error::Stdout(e.into_error())),
        }
    }
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Stdout(e),
        other => Error::usage(format!("cannot write CSV: {other:?}")),
    }
}
