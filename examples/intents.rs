//! Shows which intents each line carries and how strongly, for tuning examples:
//! `cargo run --example intents -- SCENARIO.yaml < lines.txt`.

use std::io::BufRead;

use deskcoach::scenario::library::load_file;
use deskcoach::text::analyze;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: intents SCENARIO.yaml < lines")?;
    let scenario = load_file(std::path::Path::new(&path))?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let analysis = analyze(&line);
        let found: Vec<String> = scenario
            .matcher()
            .detect(&analysis)
            .iter()
            .map(|m| format!("{}({:.2} {:?})", m.intent, m.score, m.evidence))
            .collect();
        println!("{line}\n    {:?} {}", analysis.question_kind(), found.join("  "));
    }
    Ok(())
}
