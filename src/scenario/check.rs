//! Everything that can be wrong with a scenario after it parses: values out of range, names
//! that point nowhere, empty lines (errors, which stop it loading), and the shape of the call
//! itself: nodes nobody can reach, nodes nobody can leave, no way to a good end, facts nobody
//! can find out, intents with too few examples (warnings, which `check` reports).

use std::collections::{BTreeSet, VecDeque};

use super::{EndKind, Intent, Line, ScenarioFile, Variants};
use crate::error::{SourceError, did_you_mean};
use crate::yaml::codes;

/// Scenario intents need this many examples to match reliably.
pub const MIN_EXAMPLES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub error: SourceError,
}

/// Builds a positioned error for the value at a dotted path.
pub type Locate<'a> = dyn Fn(&str, String) -> SourceError + 'a;

struct Checker<'a> {
    at: &'a Locate<'a>,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, code: &'static str, path: &str, message: String) -> &mut SourceError {
        self.found.push(Diagnostic {
            severity,
            error: (self.at)(path, message).with_code(code),
        });
        &mut self.found.last_mut().expect("just pushed").error
    }

    fn error(&mut self, code: &'static str, path: &str, message: String) -> &mut SourceError {
        self.report(Severity::Error, code, path, message)
    }

    /// `name` must be one of `known`; otherwise an error with a "did you mean".
    fn reference(&mut self, code: &'static str, path: &str, kind: &str, name: &str, known: &[&str]) {
        if known.contains(&name) {
            return;
        }
        let help = match did_you_mean(name, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if known.is_empty() => format!("the scenario defines no {kind}s"),
            None => format!("the {kind}s are: {}", known.join(", ")),
        };
        let e = self.error(code, path, format!("no {kind} named `{name}`"));
        e.help = Some(help.into());
    }

    fn line(&mut self, line: &Line, path: &str) {
        let empty = |v: &Variants| match v {
            Variants::One(s) => s.trim().is_empty(),
            Variants::Many(list) => list.is_empty() || list.iter().any(|s| s.trim().is_empty()),
        };
        let bad = match line {
            Line::One(s) => s.trim().is_empty(),
            Line::Variants(list) => list.is_empty() || list.iter().any(|s| s.trim().is_empty()),
            Line::ByMood(m) => {
                let bands = [&m.calm, &m.upset, &m.angry];
                bands.iter().all(|b| b.is_none()) || bands.iter().any(|b| b.as_ref().is_some_and(empty))
            }
        };
        if bad {
            self.error(codes::EMPTY_LINE, path, "this caller line is empty".into());
        }
    }
}

/// Every problem in the scenario, errors first.
pub fn diagnose(file: &ScenarioFile, intents: &[Intent], at: &Locate) -> Vec<Diagnostic> {
    let mut c = Checker { at, found: Vec::new() };
    ranges(file, &mut c);
    references(file, intents, &mut c);
    lines(file, &mut c);
    // The call's shape only means something once every name resolves.
    actions(file, &mut c);
    if !c.found.iter().any(|d| d.severity == Severity::Error) {
        shape(file, &mut c);
        examples(intents, &mut c);
        brief(file, &mut c);
    }
    c.found.sort_by_key(|d| std::cmp::Reverse(d.severity));
    c.found
}

/// An action is a built-in one, or brings its own examples; its id is not an intent's.
fn actions(file: &ScenarioFile, c: &mut Checker) {
    let builtin: Vec<&str> = super::builtin_actions()
        .map(|a| a.iter().map(|(id, _)| id.as_str()).collect())
        .unwrap_or_default();
    let intent_ids: Vec<&str> = super::builtin_intents()
        .map(|a| a.iter().map(|(id, _)| id.as_str()).collect())
        .unwrap_or_default();
    for (id, action) in &file.actions {
        let path = format!("actions.{id}");
        if intent_ids.contains(&id.as_str()) || file.intents.iter().any(|(i, _)| i == id) {
            c.error(
                codes::BAD_ACTION,
                &path,
                format!("`{id}` is already an intent: give the action another id"),
            );
        } else if action.examples.is_empty() && !builtin.contains(&id.as_str()) {
            let e = c.error(
                codes::BAD_ACTION,
                &path,
                format!("action `{id}` is not a built-in action and has no `examples`"),
            );
            e.help = Some(match did_you_mean(id, builtin.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?").into(),
                None => format!("the built-in actions are: {}", builtin.join(", ")).into(),
            });
        }
    }
}

/// The trainee's brief must not give the cause away: a word that tells the ticket note holds
/// a key fact has no place in it, unless the caller's opening line says it too.
fn brief(file: &ScenarioFile, c: &mut Checker) {
    let Some(brief) = &file.brief else { return };
    let opening: String = file
        .nodes
        .iter()
        .find(|(id, _)| *id == file.start)
        .and_then(|(_, n)| n.caller.as_ref())
        .map(all_texts)
        .unwrap_or_default()
        .to_lowercase();
    let brief_lower = brief.to_lowercase();
    let says = |text: &str, term: &str| {
        text.match_indices(term).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + term.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    for (id, fact) in file.facts.iter().filter(|(_, f)| f.key) {
        for term in &fact.note_terms {
            let term = term.to_lowercase();
            if !term.trim().is_empty() && says(&brief_lower, &term) && !says(&opening, &term) {
                let e = c.report(
                    Severity::Warning,
                    codes::SPOILER,
                    "brief",
                    format!("the brief says \"{term}\", which gives away key fact `{id}`"),
                );
                e.help = Some("say what the caller says when the phone rings, not what the trainee should find".into());
                return;
            }
        }
    }
}

/// Every text a line can say, joined.
fn all_texts(line: &Line) -> String {
    let many = |v: &Variants| match v {
        Variants::One(s) => s.clone(),
        Variants::Many(list) => list.join(" "),
    };
    match line {
        Line::One(s) => s.clone(),
        Line::Variants(list) => list.join(" "),
        Line::ByMood(m) => [&m.calm, &m.upset, &m.angry]
            .iter()
            .filter_map(|b| b.as_ref().map(many))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn ranges(file: &ScenarioFile, c: &mut Checker) {
    if !super::is_valid_id(&file.id) {
        c.error(codes::OUT_OF_RANGE, "id", super::invalid_id_message(&file.id));
    }
    if !(1..=5).contains(&file.difficulty) {
        c.error(
            codes::OUT_OF_RANGE,
            "difficulty",
            format!("difficulty is {}; it must be 1 (easy) to 5 (hard)", file.difficulty),
        );
    }
    if file.caller.mood > 10 {
        c.error(
            codes::OUT_OF_RANGE,
            "caller.mood",
            format!("mood is {}; it must be 0 (calm) to 10 (hangs up)", file.caller.mood),
        );
    }
    if file.caller.patience == 0 {
        c.error(
            codes::OUT_OF_RANGE,
            "caller.patience",
            "patience must be at least 1 turn".into(),
        );
    }
}

fn references(file: &ScenarioFile, intents: &[Intent], c: &mut Checker) {
    let nodes: Vec<&str> = file.nodes.iter().map(|(k, _)| k.as_str()).collect();
    let facts: Vec<&str> = file.facts.iter().map(|(k, _)| k.as_str()).collect();
    let intent_ids: Vec<&str> = intents.iter().map(|i| i.id.as_str()).collect();
    c.reference(codes::UNDEFINED_NODE, "start", "node", &file.start, &nodes);
    for (id, fact) in &file.facts {
        for (i, intent) in fact.asked_by.iter().enumerate() {
            c.reference(
                codes::UNDEFINED_INTENT,
                &format!("facts.{id}.asked_by.{i}"),
                "intent",
                intent,
                &intent_ids,
            );
        }
    }
    for (id, node) in &file.nodes {
        for (r, reply) in node.replies.iter().enumerate() {
            let at = format!("nodes.{id}.replies.{r}");
            if reply.when.is_empty() {
                c.error(
                    codes::UNDEFINED_INTENT,
                    &format!("{at}.when"),
                    "a reply needs at least one intent in `when`".into(),
                );
            }
            for (i, intent) in reply.when.iter().enumerate() {
                c.reference(
                    codes::UNDEFINED_INTENT,
                    &format!("{at}.when.{i}"),
                    "intent",
                    intent,
                    &intent_ids,
                );
            }
            for (i, fact) in reply.needs.iter().enumerate() {
                c.reference(codes::UNDEFINED_FACT, &format!("{at}.needs.{i}"), "fact", fact, &facts);
            }
            for (i, fact) in reply.reveal.iter().enumerate() {
                c.reference(codes::UNDEFINED_FACT, &format!("{at}.reveal.{i}"), "fact", fact, &facts);
            }
            if let Some(target) = &reply.goto {
                c.reference(codes::UNDEFINED_NODE, &format!("{at}.goto"), "node", target, &nodes);
            }
        }
    }
    for (i, fact) in file.ticket.must_mention.iter().enumerate() {
        c.reference(
            codes::UNKNOWN_TICKET_FACT,
            &format!("ticket.must_mention.{i}"),
            "fact",
            fact,
            &facts,
        );
    }
}

fn lines(file: &ScenarioFile, c: &mut Checker) {
    for (id, fact) in &file.facts {
        c.line(&fact.says, &format!("facts.{id}.says"));
    }
    for (id, node) in &file.nodes {
        if let Some(line) = &node.caller {
            c.line(line, &format!("nodes.{id}.caller"));
        }
        for (r, reply) in node.replies.iter().enumerate() {
            if let Some(line) = &reply.caller {
                c.line(line, &format!("nodes.{id}.replies.{r}.caller"));
            }
        }
        if let Some(fallback) = &node.otherwise {
            c.line(&fallback.caller, &format!("nodes.{id}.otherwise.caller"));
        }
        if let Some(line) = &node.expects {
            c.line(line, &format!("nodes.{id}.expects"));
        }
    }
    for (id, action) in &file.actions {
        c.line(&action.caller, &format!("actions.{id}.caller"));
    }
    for (id, intent) in &file.intents {
        if let Some(line) = &intent.reaction {
            c.line(line, &format!("intents.{id}.reaction"));
        }
    }
    let endings = [
        ("confused", &file.confused),
        ("endings.hung_up", &file.endings.hung_up),
        ("endings.out_of_patience", &file.endings.out_of_patience),
    ];
    for (path, line) in endings {
        if let Some(line) = line {
            c.line(line, path);
        }
    }
}

/// Where the call can go: reachability from the start, ways out of each node, a good end, and
/// facts some reachable branch or question can bring out.
fn shape(file: &ScenarioFile, c: &mut Checker) {
    let node = |id: &str| file.nodes.iter().find(|(k, _)| k == id).map(|(_, n)| n);
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<&str> = VecDeque::from([file.start.as_str()]);
    while let Some(id) = queue.pop_front() {
        if !reached.insert(id) {
            continue;
        }
        for reply in node(id).map(|n| n.replies.as_slice()).unwrap_or_default() {
            if let Some(target) = &reply.goto {
                queue.push_back(target);
            }
        }
    }
    for (id, n) in &file.nodes {
        if !reached.contains(id.as_str()) {
            c.report(
                Severity::Warning,
                codes::UNREACHABLE_NODE,
                &format!("nodes.{id}"),
                format!("no reply leads to node `{id}`, so the call can never get there"),
            );
        }
        let leaves = n.replies.iter().any(|r| r.goto.as_ref().is_some_and(|g| g != id));
        if n.end.is_none() && !leaves {
            let e = c.report(
                Severity::Warning,
                codes::DEAD_END,
                &format!("nodes.{id}"),
                format!("node `{id}` is not an end and no reply leaves it"),
            );
            e.help = Some("add a reply with `goto:`, or `end: resolved | escalated | hung_up`".into());
        }
    }
    let good_end = reached.iter().any(|id| {
        node(id)
            .and_then(|n| n.end)
            .is_some_and(|e| matches!(e, EndKind::Resolved | EndKind::Escalated))
    });
    if !good_end {
        let e = c.error(
            codes::UNRESOLVABLE,
            "start",
            "no path from the start reaches an `end: resolved` or `end: escalated` node".into(),
        );
        e.help = Some("a trainee could never finish this call well".into());
    }
    for (id, fact) in &file.facts {
        let by_reply = reached
            .iter()
            .filter_map(|n| node(n))
            .flat_map(|n| &n.replies)
            .any(|r| r.reveal.contains(id));
        if fact.asked_by.is_empty() && !by_reply {
            let e = c.report(
                Severity::Warning,
                codes::FACT_NEVER_REVEALED,
                &format!("facts.{id}"),
                format!("nothing reveals fact `{id}`"),
            );
            e.help = Some("give it `asked_by:` intents, or `reveal:` it from a reply on a reachable node".into());
        }
    }
}

fn examples(intents: &[Intent], c: &mut Checker) {
    for intent in intents.iter().filter(|i| !i.builtin && !i.form().stands_alone()) {
        let n = intent.def.examples.len();
        if n < MIN_EXAMPLES {
            let (severity, message) = match n {
                0 => (Severity::Error, format!("intent `{}` has no examples", intent.id)),
                _ => (
                    Severity::Warning,
                    format!(
                        "intent `{}` has {n} example(s); {MIN_EXAMPLES} or more match trainees' own words far better",
                        intent.id
                    ),
                ),
            };
            c.report(
                severity,
                codes::FEW_EXAMPLES,
                &format!("intents.{}", intent.id),
                message,
            );
        }
    }
}
