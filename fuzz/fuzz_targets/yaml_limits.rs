//! The YAML limits: any text is refused or loaded as a generic document without a panic, and
//! deep nesting or alias bombs are refused before serde builds them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = deskcoach::yaml::parse::<serde::de::IgnoredAny>("fuzz.yaml", text);
});
