//! The text analyser: tokens, profile and intent matching on any text.
#![no_main]

use std::sync::LazyLock;

use deskcoach::scenario::Library;
use libfuzzer_sys::fuzz_target;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().expect("built-in scenarios load"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = deskcoach::text::analyze(&text);
    let matcher = deskcoach::scenario::builtin_matcher().unwrap();
    let _ = deskcoach::text::profile::profile(matcher, &text, true);
    let scenario = LIBRARY.get("internet-down").expect("internet-down is built in");
    let _ = scenario.matcher().detect(&analysis);
});
