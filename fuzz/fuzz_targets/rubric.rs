//! The rubric loader: any text must give a rubric or a positioned error, never a panic. A rubric
//! that loads is also used to score a short note, so compiled rules are exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NOTE: &str = "User could not reach any website. Laptop had a static IP set manually. \
                    Reconfigured the adapter to use DHCP and verified with the user.";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(rubric) = deskcoach::rubric::Rubric::from_source("fuzz.yaml", text) {
        let _ = deskcoach::score::assess(&deskcoach::score::Subject::note(NOTE), &rubric);
    }
});
