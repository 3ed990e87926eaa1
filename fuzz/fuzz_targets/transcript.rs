//! The transcript loader, as `deskcoach score --transcript` uses it: parse, replay on the
//! built-in `internet-down` scenario, and score with the built-in rubric.
#![no_main]

use std::sync::LazyLock;

use deskcoach::call::{Call, Transcript};
use deskcoach::rubric::Rubric;
use deskcoach::scenario::Library;
use libfuzzer_sys::fuzz_target;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().expect("built-in scenarios load"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(saved) = deskcoach::yaml::parse::<Transcript>("fuzz.yaml", text) else {
        return;
    };
    let scenario = LIBRARY.get("internet-down").expect("internet-down is built in");
    let rubric = Rubric::builtin().expect("built-in rubric loads");
    let call = Call::replay(scenario, &saved);
    let transcript = call.transcript(saved.trainee.as_deref(), &saved.note);
    let _ = deskcoach::score::assess_call(&transcript, scenario, rubric);
});
