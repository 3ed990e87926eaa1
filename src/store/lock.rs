//! One process per journaled call. Two `play --resume` of the same interrupted call would each
//! replay the journal and append to it, saving two attempts with their lines interleaved. A
//! call is therefore locked, from when it is started or resumed until its process ends, with an
//! advisory lock on a small file beside the database (`t.db-call-7.lock`). The operating system
//! drops the lock when the process dies, so a crash never leaves a call locked for good.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use super::CallId;
use crate::error::Error;

/// Holds a call's lock; the lock file is removed when it is dropped.
#[derive(Debug)]
pub struct CallLock {
    file: File,
    path: PathBuf,
}

/// Why a call could not be locked.
pub enum LockFailure {
    /// Another process has it.
    Busy,
    Io(Error),
}

impl CallLock {
    /// Locks `call` of the database at `database`, without waiting.
    pub fn take(database: &Path, call: CallId) -> Result<CallLock, LockFailure> {
        let mut name = database.as_os_str().to_owned();
        name.push(format!("-call-{}.lock", call.0));
        let path = PathBuf::from(name);
        loop {
            let file = open_private(&path).map_err(|e| LockFailure::Io(Error::io(&path, e)))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(LockFailure::Busy),
                Err(TryLockError::Error(e)) => return Err(LockFailure::Io(Error::io(&path, e))),
            }
            // The holder before us may have removed the file after we opened it: a lock on a
            // removed file guards nothing, so take the lock again on the file now there.
            if same_file(&file, &path) {
                return Ok(CallLock { file, path });
            }
        }
    }
}

impl Drop for CallLock {
    fn drop(&mut self) {
        // Removed while still locked, so no one can lock this file after it is gone.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}
