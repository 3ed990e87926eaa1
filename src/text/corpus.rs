//! The labelled corpora the heads are fitted on (`data/train/`) and measured against: TSV files
//! of `labels<TAB>line` rows, and whole notes as JSON lines. Parsing only; the examples that
//! train and evaluate read the files.

use serde::Deserialize;

/// One labelled line: its labels (never empty; `none` and `neutral` stand for no label) and
/// its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub labels: Vec<String>,
    pub text: String,
}

impl Labelled {
    pub fn has(&self, label: &str) -> bool {
        self.labels.iter().any(|l| l == label)
    }
}

/// A whole note with its rating and its sentences' part labels.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RatedNote {
    pub rating: u8,
    pub sentences: Vec<NoteSentence>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NoteSentence {
    pub labels: Vec<String>,
    pub text: String,
}

impl RatedNote {
    /// The note's text: its sentences joined by spaces.
    pub fn text(&self) -> String {
        self.sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Rows of a `labels<TAB>text` file after its header line. A row that does not have two
/// fields is an error naming its line.
pub fn parse_tsv(text: &str) -> Result<Vec<Labelled>, String> {
    let mut rows = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((labels, text)) = line.split_once('\t') else {
            return Err(format!("line {}: no tab between labels and text", number + 1));
        };
        let labels: Vec<String> = labels.split(',').map(str::to_owned).collect();
        rows.push(Labelled {
            labels,
            text: text.to_owned(),
        });
    }
    Ok(rows)
}

/// Rows of a `rating<TAB>note` file after its header line.
pub fn parse_ratings(text: &str) -> Result<Vec<(u8, String)>, String> {
    parse_tsv(text)?
        .into_iter()
        .map(|row| {
            let rating = row.labels[0]
                .parse()
                .map_err(|_| format!("not a rating: {:?}", row.labels[0]))?;
            Ok((rating, row.text))
        })
        .collect()
}

/// Notes, one JSON object a line.
pub fn parse_notes(text: &str) -> Result<Vec<RatedNote>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_and_notes_parse() {
        let rows = parse_tsv("labels\tline\ngreet,introduce\tHi, Sam here.\n\nnone\tOk.\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].has("introduce"));
        assert!(parse_tsv("labels\tline\nno tab").is_err());
        let notes = parse_notes(r#"{"rating": 2, "sentences": [{"labels": ["symptom"], "text": "VPN down."}, {"labels": ["action"], "text": "Reset."}]}"#).unwrap();
        assert_eq!(notes[0].text(), "VPN down. Reset.");
        assert_eq!(
            parse_ratings("rating\tnote\n5\tGood.").unwrap(),
            [(5, "Good.".to_owned())]
        );
    }
}
