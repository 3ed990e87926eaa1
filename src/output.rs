//! Files deskcoach writes: whole or not at all, and never over a file it reads.
//!
//! Every output file is written to a temporary file in the same folder and renamed into place
//! only when it is complete, so a failed run (a full disk, a bad row, Ctrl-C) leaves the old
//! file, or nothing, but never half a file. What is not a regular file (`-o /dev/null`, a
//! FIFO, `/dev/stdout`) is written to in place: renaming over it would replace the device. Before anything is written, the output path is
//! compared with the command's inputs (after symlinks, by device and inode): `audit notes X -o X`
//! or a transcript pointed at the database is refused instead of destroying what it names.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An output file being written. Nothing appears at its path until [`OutputFile::commit`].
pub struct OutputFile {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    /// Where the file goes: the path itself, or what a symlink at it points to.
    target: PathBuf,
    sink: Sink,
}

/// Where the bytes go while the file is written.
enum Sink {
    /// A temporary file beside the target, renamed over it when complete.
    Temporary(BufWriter<tempfile::NamedTempFile>),
    /// A device, FIFO or socket, written directly.
    InPlace(BufWriter<std::fs::File>),
}

impl OutputFile {
    /// Starts writing `path`, refusing it if it is one of `inputs`.
    pub fn create<P: AsRef<Path>>(path: &Path, inputs: &[P]) -> Result<OutputFile> {
        refuse_inputs(path, inputs)?;
        let target = resolve(path);
        if std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| Error::io(path, e))?;
            return Ok(OutputFile {
                shown: path.to_path_buf(),
                target,
                sink: Sink::InPlace(BufWriter::new(file)),
            });
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".deskcoach-")
            .suffix(".part")
            .tempfile_in(&folder)
            .map_err(|e| Error::io(path, e))?;
        Ok(OutputFile {
            shown: path.to_path_buf(),
            target,
            sink: Sink::Temporary(BufWriter::new(temp)),
        })
    }

    /// Finishes the file: flushes it to disk and renames it over `path`. An existing file keeps
    /// its permissions; a new one is readable by its owner only, as records about people are.
    pub fn commit(self) -> Result<()> {
        let Some((temp, target, path)) = self.synced()? else {
            return Ok(());
        };
        if let Ok(old) = std::fs::metadata(&target) {
            std::fs::set_permissions(temp.path(), old.permissions()).map_err(|e| Error::io(&path, e))?;
        }
        temp.persist(&target).map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }

    /// Finishes the file like [`OutputFile::commit`], but only if nothing is at `path` yet: a
    /// file that appeared meanwhile is never replaced.
    pub fn commit_new(self) -> Result<()> {
        let Some((temp, target, path)) = self.synced()? else {
            return Ok(());
        };
        temp.persist_noclobber(&target).map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }

    /// The temporary file with everything written on disk, its target and the path as shown;
    /// `None` for a device or FIFO, which is only flushed.
    fn synced(self) -> Result<Option<(tempfile::NamedTempFile, PathBuf, PathBuf)>> {
        let path = self.shown;
        match self.sink {
            Sink::InPlace(mut file) => {
                file.flush().map_err(|e| Error::io(&path, e))?;
                Ok(None)
            }
            Sink::Temporary(temp) => {
                let temp = temp.into_inner().map_err(|e| Error::io(&path, e.into_error()))?;
                temp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
                Ok(Some((temp, self.target, path)))
            }
        }
    }
}

/// Writes `bytes` to `path` whole, refusing any of `inputs`.
pub fn write_whole<P: AsRef<Path>>(path: &Path, inputs: &[P], bytes: &[u8]) -> Result<()> {
    let mut file = OutputFile::create(path, inputs)?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// Writes `bytes` to a new file at `path`, whole, never replacing one that is there.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OutputFile::create(path, &[] as &[&Path])?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.commit_new()
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::Temporary(temp) => temp.write(buf),
            Sink::InPlace(file) => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Temporary(temp) => temp.write_all(buf),
            Sink::InPlace(file) => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Temporary(temp) => temp.flush(),
            Sink::InPlace(file) => file.flush(),
        }
    }
}

/// Where a command's output goes: standard output, or a file named with `-o`.
pub enum Output {
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    File(OutputFile),
}

impl Output {
    /// Standard output when `path` is `None`; otherwise a new [`OutputFile`] that must not be
    /// one of `inputs`.
    pub fn open<P: AsRef<Path>>(path: Option<&Path>, inputs: &[P]) -> Result<Output> {
        Ok(match path {
            Some(path) => Output::File(OutputFile::create(path, inputs)?),
            None => Output::Stdout(BufWriter::new(std::io::stdout().lock())),
        })
    }

    /// Flushes standard output, or puts the finished file in place.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(Error::Stdout),
            Output::File(file) => file.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File(file) => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File(file) => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(file) => file.flush(),
        }
    }
}

/// Refuses `output` if it is the same file as any of `inputs` (after symlinks; by device and
/// inode where the platform has them). Inputs that do not exist cannot be overwritten and are
/// skipped.
pub fn refuse_inputs<P: AsRef<Path>>(output: &Path, inputs: &[P]) -> Result<()> {
    let Ok(out) = std::fs::metadata(output) else {
        return Ok(());
    };
    for input in inputs.iter().map(AsRef::as_ref) {
        if std::fs::metadata(input).is_ok_and(|meta| same_file(&out, &meta, output, input)) {
            return Err(Error::usage(format!(
                "{}: this output is also an input ({}); writing it would destroy what is being read. \
                 Pick another output path.",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata, a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The file a write to `path` should replace: the end of a symlink chain, so that writing
/// through a link updates what it points to (as `>` in a shell does) instead of replacing the
/// link with a file.
fn resolve(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_an_old_file_survives_a_failed_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut out = OutputFile::create(&path, &[] as &[&Path]).unwrap();
        out.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        drop(out);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
        let mut out = OutputFile::create(&path, &[] as &[&Path]).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_even_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "data").unwrap();
        assert!(OutputFile::create(&input, &[&input]).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(OutputFile::create(&link, &[&input]).is_err());
        }
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "data");
    }

    /// `-o /dev/null` once replaced the machine's /dev/null with a file. A FIFO stands in for
    /// the device here, so that a regression breaks only the test.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let mut out = OutputFile::create(&fifo, &[] as &[&Path]).unwrap();
        out.write_all(b"results\n").unwrap();
        out.commit().unwrap();
        assert_eq!(reader.join().unwrap(), "results\n");
        assert!(
            std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
            "still a FIFO"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn commit_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.yaml");
        let mut out = OutputFile::create(&path, &[] as &[&Path]).unwrap();
        std::fs::write(&path, "first").unwrap();
        out.write_all(b"second").unwrap();
        assert!(out.commit_new().is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
    }
}
