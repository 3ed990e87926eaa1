//! Tools for trainers who write scenarios: a skeleton to start from (`new`), a picture of the
//! branches (`graph`), and JSON Schemas for editors (`schema`).

use std::fmt::Write;

use schemars::generate::SchemaSettings;

use crate::rubric::RubricFile;
use crate::scenario::{EndKind, Scenario, ScenarioFile};

/// The skeleton `deskcoach new ID` writes; `{id}` is replaced. It passes `deskcoach check`.
const SKELETON: &str = r#"# yaml-language-server: $schema=../schema/scenario.schema.json
# A new scenario. docs/authoring.md walks through writing one; docs/scenario-format.md is the
# reference. Check it with `deskcoach check {id}.yaml`, play it with `deskcoach play {id}.yaml`.
id: {id}
title: A short title the trainee sees
summary: >
  One or two sentences for the trainer: who calls, what is really wrong.
difficulty: 1                  # 1 easy .. 5 hard
skills: [questioning, empathy, troubleshooting, documentation]

caller:
  name: Alex Morgan
  role: Office manager
  tech_level: low              # low | medium | high (jargon is flagged for low)
  mood: 5                      # 0 calm .. 10 hangs up
  patience: 12                 # trainee lines before the caller gives up

# What the trainee can find out. Key facts are the ones a good call must uncover.
facts:
  symptom:
    label: nothing prints
    key: true
    says: "I click print and nothing comes out. It just sits there."
    note_terms: [print, printer, queue]        # words that show the ticket mentions it
    asked_by: [ask_symptoms, ask_open]         # intents that bring it out at any point
  cause:
    label: paper tray empty
    key: true
    says: "Oh. The little screen says 'Load tray 2'."
    note_terms: [tray, paper]
    asked_by: [check_screen]

# Things the trainee may say that are special to this call. Built-in intents (greet,
# empathize, ask_symptoms, ...) are always there: see intents/builtin.yaml.
intents:
  check_screen:
    hint: Ask what the printer's own screen says.
    examples:
      - what does the printer's screen say
      - can you read me the message on the printer
      - is there anything on the printer display
    paraphrases:                               # must match (checked by `cargo test`)
      - "Could you look at the printer's display for me?"
      - "What's showing on the little screen on the printer?"
      - "Can you tell me what the printer panel says?"
    unrelated:                                 # must not match
      - "When did this start?"
      - "I'm sorry about that."
      - "Is anyone else affected?"
  load_paper:
    hint: Walk the caller through loading paper in tray 2.
    fix: true                                  # proposing this is proposing a fix
    examples:
      - please load paper into tray 2
      - put some paper in the tray
      - fill the paper tray and close it
    paraphrases:
      - "Could you add paper to tray two?"
      - "Let's put fresh paper in that tray."
      - "Can you refill the paper tray for me?"
    unrelated:
      - "What error do you see?"
      - "Thanks for calling."
      - "Did anything change recently?"

start: opening
nodes:
  opening:
    caller:
      calm: "Hi, my printing isn't working."
      upset: "Hi. I've been trying to print for ten minutes and nothing happens."
    replies:
      - when: [ask_symptoms, ask_open, check_screen]
        goto: diagnose
    otherwise:
      caller: "Can you help me print?"

  diagnose:
    replies:
      - when: [load_paper]
        needs: [cause]                         # only once the cause is known
        caller: "Okay, paper's in. Oh, it's printing!"
        goto: check
    otherwise:
      caller: "So what should I do?"

  check:
    replies:
      - when: [confirm_resolution]
        mood: -2
        caller: "Yes, all my pages came out. Thank you!"
        goto: fixed
    otherwise:
      caller: "It's printing now, I think."

  fixed:
    caller: "Great, that's everything."
    end: resolved                              # resolved | escalated | hung_up

ticket:
  must_mention: [symptom, cause]

exemplary_note: |
  User's print jobs stayed queued; the printer panel showed "Load tray 2". Tray 2 was empty.
  Walked the user through loading paper. Verified the queued pages printed.
"#;

/// The skeleton for a new scenario.
pub fn skeleton(id: &str) -> String {
    SKELETON.replace("{id}", id)
}

/// Graph formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// One arrow: from, to, the intents that take it, whether it stays on the node.
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    label: String,
}

fn edges(file: &ScenarioFile) -> Vec<Edge<'_>> {
    file.nodes
        .iter()
        .flat_map(|(id, node)| {
            node.replies.iter().map(move |r| {
                let mut label = r.when.join(" | ");
                if !r.needs.is_empty() {
                    let _ = write!(label, " (needs {})", r.needs.join(", "));
                }
                Edge {
                    from: id,
                    to: r.goto.as_deref().unwrap_or(id),
                    label,
                }
            })
        })
        .collect()
}

/// The scenario's branches as Graphviz dot or a Mermaid flowchart.
pub fn graph(scenario: &Scenario, format: GraphFormat) -> String {
    let file = &scenario.file;
    let mut out = String::new();
    let end_of = |id: &str| file.nodes.iter().find(|(k, _)| k == id).and_then(|(_, n)| n.end);
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    match format {
        GraphFormat::Dot => {
            let _ = writeln!(
                out,
                "digraph \"{}\" {{\n  rankdir=LR;\n  node [shape=box, style=rounded];",
                quote(scenario.id())
            );
            for (id, _) in &file.nodes {
                let (shape, extra) = match end_of(id) {
                    Some(EndKind::Resolved | EndKind::Escalated) => ("doubleoctagon", ", color=darkgreen"),
                    Some(EndKind::HungUp) => ("octagon", ", color=firebrick"),
                    Some(EndKind::Unresolved) => ("octagon", ", color=darkorange"),
                    None if *id == file.start => ("box", ", penwidth=2"),
                    None => ("box", ""),
                };
                let _ = writeln!(out, "  \"{}\" [shape={shape}{extra}];", quote(id));
            }
            for e in edges(file) {
                let style = if e.from == e.to { ", style=dashed" } else { "" };
                let _ = writeln!(
                    out,
                    "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
                    quote(e.from),
                    quote(e.to),
                    quote(&e.label)
                );
            }
            out.push_str("}\n");
        }
        GraphFormat::Mermaid => {
            // Mermaid ids cannot hold hyphens everywhere; number the nodes and label them.
            let index = |id: &str| file.nodes.iter().position(|(k, _)| k == id).unwrap_or(0);
            let text = |s: &str| s.replace('"', "'");
            out.push_str("flowchart LR\n");
            for (i, (id, _)) in file.nodes.iter().enumerate() {
                let shape = match end_of(id) {
                    Some(_) => format!("n{i}((\"{}\"))", text(id)),
                    None => format!("n{i}[\"{}\"]", text(id)),
                };
                let _ = writeln!(out, "  {shape}");
            }
            for e in edges(file) {
                let arrow = if e.from == e.to { "-.->" } else { "-->" };
                let _ = writeln!(
                    out,
                    "  n{} {arrow}|\"{}\"| n{}",
                    index(e.from),
                    text(&e.label),
                    index(e.to)
                );
            }
        }
    }
    out
}

/// Which format's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    Scenario,
    Rubric,
}

/// A draft-07 JSON Schema (what yaml-language-server reads) for a file format.
pub fn schema(kind: SchemaKind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        SchemaKind::Scenario => generator.into_root_schema_for::<ScenarioFile>(),
        SchemaKind::Rubric => generator.into_root_schema_for::<RubricFile>(),
    };
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_loads_without_warnings() {
        let s = Scenario::from_source("new.yaml", &skeleton("my-call")).expect("the skeleton loads");
        assert_eq!(s.id(), "my-call");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    #[test]
    fn graphs_show_every_branch() {
        let s = Scenario::from_source("new.yaml", &skeleton("g")).unwrap();
        let dot = graph(&s, GraphFormat::Dot);
        assert!(
            dot.contains("\"opening\" -> \"diagnose\" [label=\"ask_symptoms | ask_open | check_screen\"]"),
            "{dot}"
        );
        assert!(dot.contains("\"fixed\" [shape=doubleoctagon"), "{dot}");
        let mermaid = graph(&s, GraphFormat::Mermaid);
        assert!(
            mermaid.starts_with("flowchart LR") && mermaid.contains("n1 -->|\"load_paper (needs cause)\"| n2"),
            "{mermaid}"
        );
    }

    #[test]
    fn schemas_are_draft_07() {
        let s: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Scenario)).unwrap();
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(s["properties"]["caller"].is_object());
        let r: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Rubric)).unwrap();
        assert!(r["properties"]["rules"].is_object());
    }
}
