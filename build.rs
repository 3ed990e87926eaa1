//! Embeds every `scenarios/*.yaml` in the binary, so `play` works from any folder and a new
//! scenario needs no code change; and writes the English stems of the words a text is made of
//! (the encoder's whole words and the common words), so that reading a text finds a word's
//! stem in a table instead of running the stemmer on it, with no memo kept between texts.

use std::fmt::Write;
use std::path::Path;

fn main() {
    embed_scenarios();
    write_stems();
}

/// `OUT_DIR/stems.rs`: `STEMS`, every distinct stem, sorted; `WORD_STEMS`, each word with the
/// index of its stem in `STEMS`, sorted by word. The words: the encoder's whole words, the
/// common words, and every word of the training corpus (help-desk words and their
/// inflections: "rebooted", "reconfigured", which the encoder's vocabulary lacks).
fn write_stems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![
        root.join("models/minilm-static.vocab"),
        root.join("src/text/common_words.txt"),
    ];
    for family in ["intents", "tone", "parts", "notes"] {
        let dir = root.join("data/train").join(family);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        sources.extend(files);
    }
    let mut words: Vec<String> = Vec::new();
    for path in &sources {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).unwrap_or_default().to_ascii_lowercase();
        words.extend(
            text.split(|c: char| !c.is_ascii_lowercase())
                .filter(|w| w.len() >= 2)
                .map(str::to_owned),
        );
    }
    words.sort();
    words.dedup();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let stemmed: Vec<(String, String)> = words
        .into_iter()
        .map(|w| {
            let s = stemmer.stem(&w).into_owned();
            (w, s)
        })
        .collect();
    let mut stems: Vec<&str> = stemmed.iter().map(|(_, s)| s.as_str()).collect();
    stems.sort_unstable();
    stems.dedup();
    let mut code = String::from("/// Every stem of `WORD_STEMS`, sorted.\npub const STEMS: &[&str] = &[\n");
    for stem in &stems {
        writeln!(code, "    {stem:?},").unwrap();
    }
    code.push_str("];\n/// Words and the index of their stem in `STEMS`, sorted by word.\npub const WORD_STEMS: &[(&str, u32)] = &[\n");
    for (word, stem) in &stemmed {
        let index = stems.binary_search(&stem.as_str()).unwrap();
        writeln!(code, "    ({word:?}, {index}),").unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("stems.rs");
    std::fs::write(out, code).unwrap();
}

fn embed_scenarios() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    let mut code = String::from(
        "/// Scenario files built into the binary: (file name, text).\npub const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_scenarios.rs");
    std::fs::write(out, code).unwrap();
}
