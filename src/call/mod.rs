//! The conversation engine: a pure, deterministic state machine that plays the caller.
//!
//! Given a scenario and the trainee's line, [`Call::respond`] works out the intents the line
//! carries, moves the caller's mood, reveals facts, follows the scenario's branches and returns
//! the caller's reply with everything that happened. No I/O and no clock: the same scenario,
//! seed and lines always give the same call.

pub mod line;
pub mod transcript;

use serde::{Deserialize, Serialize};

use crate::scenario::{EndKind, Reply, Scenario};
use crate::text::analyze;
pub use line::{Mood, pick_line};
pub use transcript::Transcript;

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The scenario reached a resolved end.
    Resolved,
    /// The scenario reached an escalated end.
    Escalated,
    /// The caller's mood reached 10, or the scenario scripted a hang-up.
    HungUp,
    /// The caller ran out of patience: too many turns.
    OutOfPatience,
    /// The trainee ended the call before it was resolved.
    Unresolved,
}

impl Outcome {
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::HungUp => "the caller hung up",
            Outcome::OutOfPatience => "the caller ran out of patience",
            Outcome::Unresolved => "ended before it was resolved",
        }
    }

    fn from_end(kind: EndKind) -> Outcome {
        match kind {
            EndKind::Resolved => Outcome::Resolved,
            EndKind::Escalated => Outcome::Escalated,
            EndKind::HungUp => Outcome::HungUp,
        }
    }
}

/// Mood at which the caller hangs up.
pub const HANG_UP_MOOD: u8 = 10;

/// Everything one trainee line did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    /// 1-based.
    pub number: u32,
    pub trainee: String,
    pub caller: String,
    /// Intents the line carried, in library order.
    pub intents: Vec<String>,
    /// Facts that came out on this turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revealed: Vec<String>,
    /// Facts the trainee asked for again after the caller had already given them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated: Vec<String>,
    pub mood_before: u8,
    pub mood: u8,
    /// The node the call is at after this turn.
    pub node: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Outcome>,
}

/// A `/hint` the trainee asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HintUse {
    /// The turn the hint was for (the next line the trainee types).
    pub turn: u32,
    pub text: String,
}

/// The caller's generic answers, used when the scenario has none.
const CONFUSED: [&str; 3] = [
    "Sorry, I'm not sure what you mean.",
    "I don't follow. What do you need me to do?",
    "I don't understand what you're asking. Can you just fix it?",
];
const HUNG_UP: &str = "That's it, I've had enough. I'll call back when someone can actually help. *click*";
const OUT_OF_PATIENCE: &str =
    "Look, I've been on the phone forever and I have work to do. I'll try again later. *click*";
const REPEAT_PREFIX: &str = "Like I said: ";
const ACKNOWLEDGEMENT: &str = "Okay.";
const GOODBYE: &str = "Thanks again. Bye!";

/// A call in progress.
#[derive(Debug, Clone)]
pub struct Call<'s> {
    scenario: &'s Scenario,
    seed: u64,
    node: String,
    mood: u8,
    revealed: Vec<String>,
    turns: Vec<Turn>,
    hints: Vec<HintUse>,
    outcome: Option<Outcome>,
    calmed_last_turn: bool,
    /// After a resolved or escalated end the trainee may say one closing line ("Anything
    /// else I can help with?") before the call is over.
    closing_open: bool,
    opening: String,
}

impl<'s> Call<'s> {
    pub fn new(scenario: &'s Scenario, seed: u64) -> Call<'s> {
        let start = scenario.file.start.clone();
        let mood = scenario.file.caller.mood.min(HANG_UP_MOOD);
        let opening = scenario
            .node(&start)
            .and_then(|n| n.caller.as_ref())
            .map(|l| pick_line(l, Mood(mood), seed, &start, 0))
            .unwrap_or_else(|| "Hello? Is this IT?".to_owned());
        Call {
            scenario,
            seed,
            node: start,
            mood,
            revealed: Vec::new(),
            turns: Vec::new(),
            hints: Vec::new(),
            outcome: None,
            calmed_last_turn: false,
            closing_open: false,
            opening,
        }
    }

    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }
    pub fn opening(&self) -> &str {
        &self.opening
    }
    pub fn mood(&self) -> u8 {
        self.mood
    }
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }
    pub fn hints(&self) -> &[HintUse] {
        &self.hints
    }
    pub fn revealed(&self) -> &[String] {
        &self.revealed
    }
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
    }

    /// Whether the call takes no more lines: it has ended, and any closing line is said.
    pub fn is_over(&self) -> bool {
        self.outcome.is_some() && !self.closing_open
    }

    /// Whether the call has ended well and waits only for the trainee's closing line.
    pub fn is_closing(&self) -> bool {
        self.closing_open
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Plays one trainee line. Returns `None` once the call is over.
    pub fn respond(&mut self, line: &str) -> Option<&Turn> {
        if self.outcome.is_some() {
            return if self.closing_open {
                Some(self.closing(line))
            } else {
                None
            };
        }
        let scenario = self.scenario;
        let number = self.turns.len() as u32 + 1;
        let analysis = analyze(line);
        let intents: Vec<String> = scenario
            .matcher()
            .detect(&analysis)
            .into_iter()
            .map(|m| m.intent)
            .collect();
        let carries = |ids: &[String]| ids.iter().any(|id| intents.contains(id));
        let mood_before = self.mood;

        // Hostility always lands; calming words land once, then only after a line without
        // them, so that "I'm sorry" on every line stops working, as it does on a real caller.
        let effects: Vec<i8> = intents
            .iter()
            .filter_map(|id| scenario.intent(id))
            .map(|i| i.mood())
            .collect();
        let hostility: i32 = effects.iter().filter(|&&m| m > 0).map(|&m| i32::from(m)).sum();
        let calming = effects.iter().copied().filter(|&m| m < 0).min().map_or(0, i32::from);
        let mut delta = hostility + if self.calmed_last_turn { 0 } else { calming };
        self.calmed_last_turn = calming < 0;

        let node = scenario.node(&self.node);
        let reply: Option<&Reply> = node.and_then(|n| {
            n.replies
                .iter()
                .find(|r| carries(&r.when) && r.needs.iter().all(|f| self.revealed.contains(f)))
        });
        let asked: Vec<&String> = scenario
            .file
            .facts
            .iter()
            .filter(|(_, f)| carries(&f.asked_by))
            .map(|(id, _)| id)
            .collect();
        let mut revealed: Vec<String> = Vec::new();
        for id in reply
            .map(|r| r.reveal.iter().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .chain(asked.iter().copied())
        {
            if !self.revealed.contains(id) && !revealed.contains(id) {
                revealed.push(id.clone());
            }
        }
        let asked_again: Vec<String> = asked
            .iter()
            .filter(|id| self.revealed.contains(id))
            .map(|id| (*id).clone())
            .collect();
        let mut repeated: Vec<String> = Vec::new();

        // What the caller answers, most specific first: a scenario branch, a fact, a repeat
        // complaint, the caller's reaction to an intent, then the node's or scenario's fallback.
        let mut parts: Vec<String> = Vec::new();
        let hostile_reaction = intents
            .iter()
            .filter_map(|id| scenario.intent(id))
            .find(|i| i.mood() > 0)
            .and_then(|i| i.def.reaction.as_ref().map(|l| (i.id.as_str(), l)));
        let mut answered = false;
        let mut next_node = self.node.clone();
        if let Some(reply) = reply {
            delta += i32::from(reply.mood);
            if let Some(goto) = &reply.goto {
                next_node = goto.clone();
            }
            let arrival = reply
                .goto
                .as_ref()
                .and_then(|g| scenario.node(g))
                .and_then(|n| n.caller.as_ref());
            if let Some(text) = reply.caller.as_ref().or(arrival) {
                parts.push(self.say(text, mood_before, delta, &format!("{}:{}", self.node, next_node)));
            }
            answered = true;
        }
        let spoken_by_reply = reply
            .filter(|r| r.caller.is_some())
            .map(|r| r.reveal.clone())
            .unwrap_or_default();
        for id in &revealed {
            if !spoken_by_reply.contains(id)
                && let Some(fact) = scenario.fact(id)
            {
                parts.push(self.say(&fact.says, mood_before, delta, id));
                answered = true;
            }
        }
        // Asking again for what the caller already said annoys them, unless the line moved the
        // call on some other way; only then is it recorded as a repeat.
        if !answered && let Some(id) = asked_again.first() {
            repeated.push(id.clone());
            delta += 1;
            if let Some(fact) = scenario.fact(id) {
                parts.push(format!(
                    "{REPEAT_PREFIX}{}",
                    self.say(&fact.says, mood_before, delta, id)
                ));
            }
            answered = true;
        }
        if answered {
            if let (Some((id, reaction)), true) = (hostile_reaction, hostility > 0) {
                parts.insert(0, self.say(reaction, mood_before, delta, id));
            }
        } else if let Some((intent, reaction)) = self.reaction(&intents) {
            parts.push(self.say(reaction, mood_before, delta, &intent.id));
        } else if let Some(fallback) = node.and_then(|n| n.otherwise.as_ref()) {
            delta += i32::from(fallback.mood);
            parts.push(self.say(
                &fallback.caller,
                mood_before,
                delta,
                &format!("{}:otherwise", self.node),
            ));
        } else {
            let mood = apply(mood_before, delta);
            parts.push(match &scenario.file.confused {
                Some(line) => pick_line(line, Mood(mood), self.seed, "confused", number),
                None => CONFUSED[Mood(mood).band() as usize].to_owned(),
            });
        }

        if parts.iter().all(|p| p.trim().is_empty()) {
            // A branch with nothing to say still gets an answer: silence reads as a bug.
            parts = vec![ACKNOWLEDGEMENT.to_owned()];
        }
        self.mood = apply(mood_before, delta);
        self.revealed.extend(revealed.iter().cloned());
        self.node = next_node;
        if self.mood >= HANG_UP_MOOD {
            let ending = scenario.file.endings.hung_up.as_ref();
            parts.push(ending.map_or_else(
                || HUNG_UP.to_owned(),
                |l| pick_line(l, Mood(self.mood), self.seed, "hung_up", number),
            ));
            self.outcome = Some(Outcome::HungUp);
        } else if let Some(end) = scenario.node(&self.node).and_then(|n| n.end) {
            let outcome = Outcome::from_end(end);
            self.closing_open = matches!(outcome, Outcome::Resolved | Outcome::Escalated);
            self.outcome = Some(outcome);
        } else if number >= scenario.file.caller.patience {
            let ending = scenario.file.endings.out_of_patience.as_ref();
            parts.push(ending.map_or_else(
                || OUT_OF_PATIENCE.to_owned(),
                |l| pick_line(l, Mood(self.mood), self.seed, "patience", number),
            ));
            self.outcome = Some(Outcome::OutOfPatience);
        }
        self.turns.push(Turn {
            number,
            trainee: line.to_owned(),
            caller: parts.join(" "),
            intents,
            revealed,
            repeated,
            mood_before,
            mood: self.mood,
            node: self.node.clone(),
            ended: self.outcome,
        });
        self.turns.last()
    }

    /// The reaction the caller voices to a line's intents: hostility is what a caller hears
    /// first, then kindness, then anything else; ties go to the earliest intent.
    fn reaction(&self, intents: &[String]) -> Option<(&'s crate::scenario::Intent, &'s crate::scenario::Line)> {
        intents
            .iter()
            .filter_map(|id| self.scenario.intent(id))
            .filter_map(|i| i.def.reaction.as_ref().map(|r| (i, r)))
            .max_by_key(|(i, _)| {
                (
                    reaction_priority(i.mood()),
                    std::cmp::Reverse(intents.iter().position(|x| *x == i.id)),
                )
            })
    }

    /// The trainee's closing line after a good end: the caller answers it, and the call is over.
    fn closing(&mut self, line: &str) -> &Turn {
        self.closing_open = false;
        let intents: Vec<String> = self
            .scenario
            .matcher()
            .detect(&analyze(line))
            .into_iter()
            .map(|m| m.intent)
            .collect();
        let mood_before = self.mood;
        let hostility: i32 = intents
            .iter()
            .filter_map(|id| self.scenario.intent(id))
            .map(|i| i32::from(i.mood().max(0)))
            .sum();
        let mood = apply(mood_before, hostility);
        let number = self.turns.len() as u32 + 1;
        let caller = match self.reaction(&intents) {
            Some((intent, reaction)) if intent.mood() > 0 || intent.id == "offer_more_help" => {
                pick_line(reaction, Mood(mood), self.seed, &intent.id, number)
            }
            _ => GOODBYE.to_owned(),
        };
        self.mood = mood;
        self.turns.push(Turn {
            number,
            trainee: line.to_owned(),
            caller,
            intents,
            revealed: Vec::new(),
            repeated: Vec::new(),
            mood_before,
            mood,
            node: self.node.clone(),
            ended: self.outcome,
        });
        &self.turns[self.turns.len() - 1]
    }

    /// Picks a variant of `line` for the mood the caller will be in after `delta`.
    fn say(&self, line: &crate::scenario::Line, mood_before: u8, delta: i32, context: &str) -> String {
        pick_line(
            line,
            Mood(apply(mood_before, delta)),
            self.seed,
            context,
            self.turns.len() as u32 + 1,
        )
    }

    /// The trainee ends the call (`/end`, Ctrl-D, or the end of a script).
    pub fn end_by_trainee(&mut self) {
        self.outcome.get_or_insert(Outcome::Unresolved);
        self.closing_open = false;
    }

    /// A good next move, recorded as a hint used for the coming turn.
    pub fn hint(&mut self) -> String {
        let text = self.next_move();
        self.hints.push(HintUse {
            turn: self.turns.len() as u32 + 1,
            text: text.clone(),
        });
        text
    }

    fn next_move(&self) -> String {
        let scenario = self.scenario;
        let hint_for = |id: &str| scenario.intent(id).and_then(|i| i.def.hint.clone());
        if self.closing_open
            && let Some(hint) = hint_for("offer_more_help")
        {
            return hint;
        }
        if self.outcome.is_some() {
            return "The call is over: write the ticket note.".to_owned();
        }
        let recently_calmed = self.turns.iter().rev().take(2).any(|t| {
            t.intents
                .iter()
                .any(|id| scenario.intent(id).is_some_and(|i| i.mood() < 0))
        });
        if Mood(self.mood).band() > 0
            && !recently_calmed
            && let Some(hint) = hint_for("empathize")
        {
            return hint;
        }
        let useful = |r: &&Reply| {
            r.mood <= 0
                && r.needs.iter().all(|f| self.revealed.contains(f))
                && (r.goto.as_ref().is_some_and(|g| *g != self.node)
                    || r.reveal.iter().any(|f| !self.revealed.contains(f)))
        };
        let from_node = scenario
            .node(&self.node)
            .and_then(|n| n.replies.iter().find(useful))
            .and_then(|r| r.when.iter().find_map(|id| hint_for(id)));
        let from_facts = || {
            scenario
                .file
                .facts
                .iter()
                .filter(|(id, f)| f.key && !self.revealed.contains(id))
                .find_map(|(_, f)| f.asked_by.iter().find_map(|id| hint_for(id)))
        };
        from_node
            .or_else(from_facts)
            .unwrap_or_else(|| "Summarise what you know, then check with the caller that it works.".to_owned())
    }

    /// Plays a saved transcript's trainee lines and hints again, so that a saved call is scored
    /// by the same engine and rules as a live one.
    pub fn replay(scenario: &'s Scenario, transcript: &Transcript) -> Call<'s> {
        let mut call = Call::new(scenario, transcript.seed);
        let hints_before = |call: &mut Call, turn: u32| {
            for _ in transcript.hints.iter().filter(|h| h.turn == turn) {
                call.hint();
            }
        };
        for turn in &transcript.turns {
            let next = call.turns.len() as u32 + 1;
            hints_before(&mut call, next);
            if call.respond(&turn.trainee).is_none() {
                break;
            }
        }
        // A hint asked for after the last line still counts.
        let next = call.turns.len() as u32 + 1;
        hints_before(&mut call, next);
        call.end_by_trainee();
        call
    }

    /// The call so far as a transcript, with the ticket note.
    pub fn transcript(&self, trainee: Option<&str>, note: &str) -> Transcript {
        Transcript {
            format: transcript::FORMAT,
            scenario: self.scenario.id().to_owned(),
            scenario_hash: self.scenario.content_hash.clone(),
            seed: self.seed,
            trainee: trainee.map(str::to_owned),
            mood_start: self.scenario.file.caller.mood,
            opening: self.opening.clone(),
            turns: self.turns.clone(),
            hints: self.hints.clone(),
            outcome: self.outcome.unwrap_or(Outcome::Unresolved),
            note: note.to_owned(),
        }
    }
}

/// Which reaction the caller voices when a line carries several intents: hostility is what a
/// caller hears first, then kindness, then anything else.
fn reaction_priority(mood: i8) -> u8 {
    match mood {
        1.. => 2,
        ..0 => 1,
        0 => 0,
    }
}

fn apply(mood: u8, delta: i32) -> u8 {
    (i32::from(mood) + delta).clamp(0, i32::from(HANG_UP_MOOD)) as u8
}

#[cfg(test)]
mod tests;
