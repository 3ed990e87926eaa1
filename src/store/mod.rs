//! The training record: every attempt, its turns, findings and skill scores, in SQLite.
//!
//! WAL and a busy timeout let several trainees on one machine save at once; each attempt is
//! saved in one transaction, so a reader never sees half of one; a call in progress is
//! journaled line by line, so a killed process loses at most the line being typed and
//! `play --resume` picks the call up again. New database files are readable by their owner only.

mod lock;
pub mod queries;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::call::Transcript;
use crate::error::Error;
use crate::score::{Assessment, Effect};

pub use lock::CallLock;
use lock::LockFailure;

/// How long a writer waits for another to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The environment variable that names the database file.
pub const DB_ENV: &str = "DESKCOACH_DB";

/// Where the database is: `--db`, else `DESKCOACH_DB`, else the user's data folder.
pub fn resolve_path(flag: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(path) = flag {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "deskcoach")
        .map(|dirs| dirs.data_dir().join("deskcoach.db"))
        .ok_or_else(|| {
            Error::usage(format!(
                "cannot find a data folder for the database; pass --db PATH or set {DB_ENV}"
            ))
        })
}

/// An open training record.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A call being journaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallId(pub i64);

/// An interrupted call, as the journal kept it.
#[derive(Debug, Clone, PartialEq)]
pub struct Interrupted {
    pub id: CallId,
    pub scenario: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub started_at: i64,
    /// `("line", text)` or `("hint", "")`, in order.
    pub entries: Vec<(String, String)>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for writing and brings its schema up
    /// to date. An existing file is first checked on a read-only connection (`PRAGMA
    /// quick_check`): a corrupt record is reported and not written to at all.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let fail = |e: rusqlite::Error| database_error(path, &e);
        refuse_unusable_path(path)?;
        if is_empty_or_missing(path) {
            create_private_file(path)?;
        } else {
            check_intact(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // The first statement reads the header: a file that is not a database fails here, before
        // anything is written to it.
        let version = schema_version(&conn, path)?;
        // Switching a new file to WAL needs it to itself for a moment; SQLite answers "busy"
        // at once, without its busy timeout, when another process is doing the same.
        retry_while_busy(|| conn.pragma_update(None, "journal_mode", "WAL")).map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(fail)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(version)?;
        Ok(store)
    }

    /// Opens the database at `path` for reading only, for commands that only read (`report`,
    /// `progress`): a record in a read-only folder or on read-only media can still be read.
    /// A missing file reads as an empty record and is not created. A record from an older
    /// deskcoach is brought up to date first if it can be written, else refused with a hint.
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        refuse_unusable_path(path)?;
        if is_empty_or_missing(path) {
            let conn = Connection::open_in_memory().map_err(|e| database_error(path, &e))?;
            let mut store = Store {
                conn,
                path: path.to_path_buf(),
            };
            store.migrate(0)?;
            return Ok(store);
        }
        let conn = open_reading(path)?;
        let version = schema_version(&conn, path)?;
        if version < schema::LATEST {
            drop(conn);
            return Store::open(path).map_err(|e| match e {
                Error::Database { path, .. } => Error::Database {
                    path,
                    message: "this record was written by an older deskcoach and must be updated, \
                              which needs it to be writable"
                        .into(),
                    hint: Some("copy it to a writable folder and pass --db with the copy".into()),
                },
                other => other,
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file and the files SQLite keeps beside it: what no output may overwrite.
    pub fn files(&self) -> Vec<PathBuf> {
        files_of(&self.path)
    }

    /// Runs the migrations after `from`, each in its own transaction with its version bump,
    /// so an interrupted upgrade leaves a consistent older schema behind.
    fn migrate(&mut self, from: u32) -> Result<(), Error> {
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
            self.in_transaction(|tx| {
                // Another process may have migrated while we waited for the lock.
                let now: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
                if now <= index as u32 {
                    tx.execute_batch(sql)?;
                    tx.pragma_update(None, "user_version", index as u32 + 1)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Runs `body` in one write transaction, taken at once (so writers queue on the busy
    /// timeout instead of failing half-way), and commits it: all of it happens or none.
    fn in_transaction<T>(
        &mut self,
        body: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, Error> {
        let path = self.path.clone();
        let run = || {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = body(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run().map_err(|e| database_error(&path, &e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn fail(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |e| database_error(&self.path, &e)
    }

    fn trainee_id(&self, name: &str, now: i64) -> Result<i64, Error> {
        self.conn
            .execute(
                "INSERT INTO trainees (name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
                params![name, now],
            )
            .map_err(self.fail())?;
        self.conn
            .query_row("SELECT id FROM trainees WHERE name = ?1", [name], |r| r.get(0))
            .map_err(self.fail())
    }

    /// Starts journaling a call.
    pub fn begin_call(
        &self,
        trainee: &str,
        scenario: &str,
        scenario_hash: &str,
        seed: u64,
        now: i64,
    ) -> Result<CallId, Error> {
        let trainee_id = self.trainee_id(trainee, now)?;
        self.conn
            .execute(
                "INSERT INTO calls_in_progress (trainee_id, scenario_id, scenario_hash, seed, started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![trainee_id, scenario, scenario_hash, seed as i64, now],
            )
            .map_err(self.fail())?;
        Ok(CallId(self.conn.last_insert_rowid()))
    }

    /// Journals one trainee line (`kind` "line") or hint (`kind` "hint"). Each entry commits
    /// on its own: this is what a crash keeps.
    pub fn journal(&self, call: CallId, kind: &str, text: &str) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO journal (call_id, seq, kind, text)
                 VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal WHERE call_id = ?1), ?2, ?3)",
                params![call.0, kind, text],
            )
            .map_err(self.fail())?;
        Ok(())
    }

    /// Locks a journaled call for this process, so that no other deskcoach resumes it while it
    /// is being played; the lock lasts until the [`CallLock`] is dropped or the process ends.
    pub fn lock_call(&self, call: CallId) -> Result<CallLock, Error> {
        CallLock::take(&self.path, call).map_err(|failure| match failure {
            LockFailure::Io(e) => e,
            LockFailure::Busy => Error::usage(format!(
                "{}: this call is already open in another deskcoach (being played or resumed); \
                 finish it there, or close that window and resume again",
                self.path.display()
            )),
        })
    }

    /// The trainee's most recent interrupted call, optionally of one scenario, locked for this
    /// process before its journal is read.
    pub fn interrupted(&self, trainee: &str, scenario: Option<&str>) -> Result<Option<(Interrupted, CallLock)>, Error> {
        let row = self
            .conn
            .query_row(
                "SELECT c.id, c.scenario_id, c.scenario_hash, c.seed, c.started_at
                 FROM calls_in_progress c JOIN trainees t ON t.id = c.trainee_id
                 WHERE t.name = ?1 AND (?2 IS NULL OR c.scenario_id = ?2)
                 ORDER BY c.id DESC LIMIT 1",
                params![trainee, scenario],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                },
            )
            .optional()
            .map_err(self.fail())?;
        let Some((id, scenario, scenario_hash, seed, started_at)) = row else {
            return Ok(None);
        };
        let lock = self.lock_call(CallId(id))?;
        // Whoever held the lock before may have saved the call meanwhile.
        let still_open: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM calls_in_progress WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .map_err(self.fail())?;
        if !still_open {
            return Ok(None);
        }
        let mut statement = self
            .conn
            .prepare("SELECT kind, text FROM journal WHERE call_id = ?1 ORDER BY seq")
            .map_err(self.fail())?;
        let entries = statement
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(self.fail())?;
        let call = Interrupted {
            id: CallId(id),
            scenario,
            scenario_hash,
            seed: seed as u64,
            started_at,
            entries,
        };
        Ok(Some((call, lock)))
    }

    /// Drops a journaled call (the trainee chose not to keep it).
    pub fn discard_call(&self, call: CallId) -> Result<(), Error> {
        self.conn
            .execute("DELETE FROM calls_in_progress WHERE id = ?1", [call.0])
            .map_err(self.fail())?;
        Ok(())
    }

    /// Saves a finished attempt, and clears its journal, in one transaction: after a crash
    /// either the whole attempt is there or the journal still is.
    pub fn save_attempt(&mut self, attempt: &NewAttempt, journal: Option<CallId>) -> Result<i64, Error> {
        self.in_transaction(|tx| {
            let id = insert_attempt(tx, attempt)?;
            if let Some(call) = journal {
                tx.execute("DELETE FROM calls_in_progress WHERE id = ?1", [call.0])?;
            }
            Ok(id)
        })
    }

    /// Saves many finished attempts in one transaction (all or none), for imports and test
    /// data: far faster than one [`Store::save_attempt`] each. Returns their ids, in order.
    pub fn save_attempts(&mut self, attempts: &[NewAttempt]) -> Result<Vec<i64>, Error> {
        self.in_transaction(|tx| attempts.iter().map(|attempt| insert_attempt(tx, attempt)).collect())
    }
}

/// Inserts one attempt with its turns, findings and skill scores (and its trainee, if new),
/// inside the caller's transaction.
fn insert_attempt(tx: &rusqlite::Transaction, attempt: &NewAttempt) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO trainees (name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
        params![attempt.trainee, attempt.ended_at],
    )?;
    let trainee_id: i64 = tx.query_row("SELECT id FROM trainees WHERE name = ?1", [attempt.trainee], |r| {
        r.get(0)
    })?;
    let t = attempt.transcript;
    let a = attempt.assessment;
    let outcome = crate::yaml::serde_name(&t.outcome);
    tx.execute(
        "INSERT INTO attempts (trainee_id, scenario_id, scenario_hash, rubric_hash, program_version, seed, started_at,
                               ended_at, outcome, hints, overall, passed, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            trainee_id,
            t.scenario,
            t.scenario_hash,
            a.rubric_hash,
            env!("CARGO_PKG_VERSION"),
            t.seed as i64,
            attempt.started_at,
            attempt.ended_at,
            outcome,
            t.hints.len() as i64,
            a.overall,
            a.passed,
            t.note
        ],
    )?;
    let id = tx.last_insert_rowid();
    {
        let mut turn = tx
            .prepare_cached("INSERT INTO turns (attempt_id, number, trainee, caller, intents, mood_before, mood) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            ?;
        for x in &t.turns {
            turn.execute(params![
                id,
                x.number,
                x.trainee,
                x.caller,
                x.intents.join(","),
                x.mood_before,
                x.mood
            ])?;
        }
        let mut finding = tx.prepare_cached(
            "INSERT INTO findings (attempt_id, rule, skill, level, effect, turn, quote, message, suggestion, points)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for f in &a.findings {
            let level = f.level.name();
            let effect = if f.effect == Effect::Credit {
                "credit"
            } else {
                "deduction"
            };
            finding.execute(params![
                id,
                f.rule,
                f.skill,
                level,
                effect,
                f.turn,
                f.quote,
                f.message,
                f.suggestion,
                f.points
            ])?;
        }
        let mut skill = tx.prepare_cached(
            "INSERT INTO skill_scores (attempt_id, skill, label, weight, score) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for s in &a.skills {
            skill.execute(params![id, s.skill, s.label, s.weight, s.score])?;
        }
    }
    Ok(id)
}

/// What is saved for one finished call.
pub struct NewAttempt<'a> {
    pub trainee: &'a str,
    pub transcript: &'a Transcript,
    pub assessment: &'a Assessment,
    pub started_at: i64,
    pub ended_at: i64,
}

/// Runs `step` again while SQLite says the database is busy, for up to [`BUSY_TIMEOUT`].
fn retry_while_busy<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match step() {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// Refuses a folder, or a symbolic link to nothing, with a message that says so.
fn refuse_unusable_path(path: &Path) -> Result<(), Error> {
    if path.is_dir() {
        return Err(Error::io(path, std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists();
    if dangling {
        let target = std::fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
        return Err(Error::Database {
            path: path.to_path_buf(),
            message: format!("this is a symbolic link to {target}, which does not exist"),
            hint: Some("create what it points to, remove the link, or pass --db with another file".into()),
        });
    }
    Ok(())
}

/// A file with nothing in it yet (or none) is a new record.
fn is_empty_or_missing(path: &Path) -> bool {
    std::fs::metadata(path).map_or(true, |m| m.len() == 0)
}

/// A read-only connection. In a folder where SQLite cannot create the write-ahead log's index
/// (a read-only folder, a CD, a snapshot), the file is opened as immutable: nobody can be
/// writing it there.
fn open_reading(path: &Path) -> Result<Connection, Error> {
    let fail = |e: rusqlite::Error| database_error(path, &e);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::CannotOpen => {
            drop(conn);
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(uri, flags).map_err(fail)?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
            Ok(conn)
        }
        _ => Ok(conn),
    }
}

/// `path` for an SQLite `file:` URI: bytes outside the unreserved set percent-encoded.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Checks an existing record on a read-only connection before anything writes to it: a
/// corrupt file is reported and left exactly as it was.
fn check_intact(path: &Path) -> Result<(), Error> {
    let conn = open_reading(path)?;
    schema_version(&conn, path)?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| database_error(path, &e))?;
    if verdict == "ok" {
        return Ok(());
    }
    let what: Vec<&str> = verdict.lines().filter(|l| !l.starts_with("***")).collect();
    Err(Error::Database {
        path: path.to_path_buf(),
        message: format!("the database is corrupt ({}); it was left untouched", what.join("; ")),
        hint: Some(CORRUPT_HINT.into()),
    })
}

const CORRUPT_HINT: &str = "restore a backup, or try `sqlite3 FILE .recover` on a copy";

/// The record's schema version, refused when no deskcoach this old could read it.
fn schema_version(conn: &Connection, path: &Path) -> Result<u32, Error> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| database_error(path, &e))?;
    match u32::try_from(version) {
        Ok(version) if version <= schema::LATEST => Ok(version),
        _ if version < 0 => Err(Error::Database {
            path: path.to_path_buf(),
            message: format!(
                "this database has schema version {version}, which no deskcoach writes; it was left untouched"
            ),
            hint: Some("it belongs to another program: pass --db with another file".into()),
        }),
        _ => Err(Error::Database {
            path: path.to_path_buf(),
            message: format!(
                "this database was written by a newer deskcoach (schema {version}; this one knows up to {})",
                schema::LATEST
            ),
            hint: Some("upgrade deskcoach, or pass --db with another file".into()),
        }),
    }
}

/// The database at `path` and its write-ahead log, shared-memory index and rollback journal.
pub fn files_of(path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// Creates the database file readable and writable by its owner only, with its folder.
fn create_private_file(path: &Path) -> Result<(), Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it between our check and now: fine, we open theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Turns an SQLite error into a message that says what happened and what to do.
fn database_error(path: &Path, e: &rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::*;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let (message, hint) = match code {
        Some(NotADatabase) => (
            "this file is not a deskcoach database, or it is corrupt; it was left untouched".to_owned(),
            Some("move it aside (or restore a backup) and deskcoach will start a new one; or pass --db with another file".to_owned()),
        ),
        Some(DatabaseCorrupt) => (
            "the database is corrupt; it was left untouched".to_owned(),
            Some(CORRUPT_HINT.to_owned()),
        ),
        Some(ReadOnly) | Some(CannotOpen) | Some(PermissionDenied) => (
            "cannot write to the database (read-only file or folder?)".to_owned(),
            Some("check the permissions, pass --db with a writable path, or use --no-save".to_owned()),
        ),
        Some(DatabaseBusy) | Some(DatabaseLocked) => (
            "the database stayed locked by another program for too long".to_owned(),
            Some("close the other program that uses it and try again".to_owned()),
        ),
        Some(DiskFull) => ("the disk is full; nothing was saved".to_owned(), Some("free some space and try again".to_owned())),
        // A failed write is almost always a full disk or a file-size limit; the transaction was
        // rolled back, so what was saved before is intact.
        Some(SystemIoFailure) => (
            "could not write to the database (is the disk full?); nothing was saved".to_owned(),
            Some("free some space and try again; earlier attempts are intact".to_owned()),
        ),
        _ => (e.to_string(), None),
    };
    Error::Database {
        path: path.to_path_buf(),
        message,
        hint,
    }
}
