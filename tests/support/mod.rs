//! A small builder for running the `deskcoach` binary the way a user would: in a fresh
//! temporary folder, with a cleared environment, so every run repeats.

#![allow(dead_code)] // Each test binary uses a different part of this.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A small scenario that passes `check` cleanly; tests break one line of it. Line numbers in
/// expected messages depend on it: change it only together with them.
pub const TINY_SCENARIO: &str = "\
id: tiny
title: Tiny call
summary: A call to break in tests.
difficulty: 1
caller:
  name: Sam Roe
  role: Tester
  mood: 5
  patience: 5
facts:
  cause:
    says: The cable was out.
    key: true
    asked_by: [ask_what_changed]
intents:
  plug_in:
    examples: [plug the cable in, connect the cable, push the cable back in]
start: opening
nodes:
  opening:
    caller: It is broken.
    replies:
      - when: [plug_in]
        goto: fixed
  fixed:
    caller: Thanks!
    end: resolved
ticket:
  must_mention: [cause]
";

pub struct Deskcoach {
    command: Command,
    dir: TempDir,
}

/// What a finished run left behind.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: TempDir,
}

impl Deskcoach {
    pub fn new() -> Deskcoach {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut command = Command::cargo_bin("deskcoach").expect("the deskcoach binary");
        command
            .env_clear()
            .env("NO_COLOR", "1")
            .env("HOME", dir.path())
            .current_dir(dir.path());
        Deskcoach { command, dir }
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.command.args(args);
        self
    }

    pub fn arg_path(mut self, path: &Path) -> Self {
        self.command.arg(path);
        self
    }

    /// Writes a file into the run's folder (paths are relative to it).
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(path, contents).expect("write file");
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.command.write_stdin(input);
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(mut self) -> Run {
        let output = self
            .command
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("deskcoach runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            dir: self.dir,
        }
    }
}

impl Run {
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn stdout_has(self, text: &str) -> Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}\n--- stdout\n{}",
            self.stdout
        );
        self
    }

    pub fn stderr_has(self, text: &str) -> Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    pub fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).expect("the file was written")
    }

    pub fn folder(&self) -> &Path {
        self.dir.path()
    }
}
