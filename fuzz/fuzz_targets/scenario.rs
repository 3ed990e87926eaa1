//! The scenario loader: any text must give a scenario or a positioned error, never a panic.
//! A scenario that loads is also exercised: its matcher runs on a few of its own examples.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(scenario) = deskcoach::scenario::Scenario::from_source("fuzz.yaml", text) {
        for intent in scenario.intents.iter().take(4) {
            if let Some(example) = intent.def.examples.first() {
                let _ = scenario.matcher().detect(&deskcoach::text::analyze(example));
            }
        }
    }
});
