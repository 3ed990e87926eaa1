//! The audit's export reader: any bytes as a CSV export are read row by row, bad rows and all,
//! without a panic, and with memory bounded by the row limit however the quotes fall.
#![no_main]

use deskcoach::audit::input::{Columns, CsvNotes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A small limit, so that run-on quotes and over-long lines are reached at fuzzing sizes.
    let Ok(mut notes) = CsvNotes::new(data, &Columns::default(), 256) else { return };
    while notes.next_record().is_some() {}
});
