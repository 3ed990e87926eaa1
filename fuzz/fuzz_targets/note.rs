//! The note scorer: any ticket note is scored with the built-in rubric without a panic.
#![no_main]

use deskcoach::rubric::Rubric;
use deskcoach::score::{Subject, assess};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rubric = Rubric::builtin().expect("built-in rubric loads");
    let _ = assess(&Subject::note(&text), rubric);
});
