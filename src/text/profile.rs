//! The language profile of one utterance, as `deskcoach analyze` prints it: question kind,
//! tone numbers and every marker behind them, with its span, so that each number can be
//! explained to a trainee.

use serde::Serialize;

use super::details;
use super::markers::MarkerSet;
use super::politeness;
use super::tokens::tokenize;
use super::{QuestionKind, analyze};

/// One piece of evidence: a phrase from a marker list, or a concrete detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    /// The marker list (`blame`, `polite`...) or detail kind (`ip_address`...).
    pub kind: String,
    pub text: String,
    /// Byte offsets into the utterance.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub text: String,
    pub question: QuestionKind,
    pub why_question: bool,
    pub questions: usize,
    /// Higher is more polite; 0 is neutral. The logit of the politeness model
    /// (`text::politeness`): its strategies are the `politeness:*` markers.
    pub politeness: f64,
    /// Empathy phrases, not counting hollow stock phrases.
    pub empathy: f64,
    /// Blaming phrases.
    pub blame: f64,
    pub jargon: Vec<String>,
    /// Concrete details minus vague phrases: for ticket notes.
    pub specificity: f64,
    pub markers: Vec<Marker>,
}

pub fn profile(text: &str) -> Profile {
    let analysis = analyze(text);
    let tokens = tokenize(text);
    let mut markers = Vec::new();
    let count = |set: MarkerSet, markers: &mut Vec<Marker>| {
        let hits = set.set().find(&tokens);
        for hit in &hits {
            markers.push(Marker {
                kind: set.name().to_owned(),
                text: text[hit.span.clone()].to_owned(),
                start: hit.span.start,
                end: hit.span.end,
            });
        }
        hits
    };
    let hollow = count(MarkerSet::HollowEmpathy, &mut markers);
    let empathy = count(MarkerSet::Empathy, &mut markers)
        .iter()
        .filter(|e| {
            !hollow
                .iter()
                .any(|h| h.span.start <= e.span.start && e.span.end <= h.span.end)
        })
        .count();
    let blame = count(MarkerSet::Blame, &mut markers).len();
    count(MarkerSet::Polite, &mut markers);
    count(MarkerSet::Blunt, &mut markers);
    count(MarkerSet::Dismissal, &mut markers);
    count(MarkerSet::Sarcasm, &mut markers);
    let vague = count(MarkerSet::VagueNote, &mut markers).len();
    let jargon: Vec<String> = count(MarkerSet::Jargon, &mut markers)
        .iter()
        .map(|h| text[h.span.clone()].to_owned())
        .collect();
    count(MarkerSet::Leading, &mut markers);
    let found = details::find(text);
    for d in &found {
        let kind = crate::yaml::serde_name(&d.kind);
        markers.push(Marker {
            kind,
            text: text[d.span.clone()].to_owned(),
            start: d.span.start,
            end: d.span.end,
        });
    }
    let polite = politeness::score(text);
    for feature in &polite.features {
        for span in &feature.spans {
            markers.push(Marker {
                kind: format!("politeness:{}", feature.name),
                text: text[span.clone()].to_owned(),
                start: span.start,
                end: span.end,
            });
        }
    }
    markers.sort_by(|a, b| (a.start, &a.kind).cmp(&(b.start, &b.kind)));
    let question = analysis.question_kind();
    Profile {
        text: text.to_owned(),
        question,
        why_question: question == QuestionKind::Why,
        questions: analysis.question_count(),
        // Three decimals: enough to rank, and the same text on every platform.
        politeness: (polite.score * 1000.0).round() / 1000.0,
        empathy: empathy as f64,
        blame: blame as f64,
        jargon,
        specificity: found.len() as f64 - vague as f64,
        markers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_explains_its_numbers() {
        let p = profile("Why do you think the Internet is down?");
        assert!(p.why_question);
        assert_eq!(p.question, QuestionKind::Why);
        let p = profile("Could you please read me the error? Thanks!");
        assert!(p.politeness > 1.0, "{p:?}");
        assert!(
            p.markers
                .iter()
                .any(|m| m.kind == "politeness:gratitude" && m.text == "Thanks")
        );
        assert!(
            p.markers
                .iter()
                .any(|m| m.kind == "politeness:counterfactual_modal" && m.text == "Could you")
        );
        let p = profile("You should have called earlier. Obviously it's broken.");
        assert_eq!(p.blame, 1.0);
        assert!(p.politeness < 0.0);
        assert!(p.markers.iter().any(|m| m.kind == "dismissal" && m.text == "Obviously"));
    }

    #[test]
    fn hollow_phrases_are_not_empathy() {
        assert_eq!(profile("I'm sorry you feel that way.").empathy, 0.0);
        assert_eq!(profile("I'm sorry you've run into this.").empathy, 1.0);
    }

    #[test]
    fn notes_get_a_specificity() {
        let good = profile(
            "System was manually configured with incorrect IP address 192.168.1.50. Reconfigured to use DHCP. Verified problem was resolved.",
        );
        let bad = profile("System broke... fixed it.");
        assert!(
            good.specificity > 0.0 && bad.specificity < 0.0,
            "{} {}",
            good.specificity,
            bad.specificity
        );
    }
}
