//! The conversation engine: a pure, deterministic state machine that plays the caller.
//!
//! Given a scenario and the trainee's line, [`Call::respond`] works out the intents the line
//! carries, moves the caller's mood, reveals facts, follows the scenario's branches and returns
//! the caller's reply with everything that happened. No I/O and no clock: the same scenario,
//! seed and lines always give the same call.

pub mod hearing;
pub mod line;
pub mod transcript;

use serde::{Deserialize, Serialize};

use crate::scenario::{EndKind, Line, Reply, Scenario};
use hearing::{GENERIC_INTENTS, Heard, hear};
pub use line::{Mood, pick_line, pick_unsaid};
pub use transcript::Transcript;

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The scenario reached a resolved end.
    Resolved,
    /// The scenario reached an escalated end.
    Escalated,
    /// The caller rang off angry or without hope: the mood reached 10, the caller's patience
    /// ran out (see [`EndReason`]), or the scenario scripted it. (Transcripts and rubrics
    /// written before 0.3 call running out of patience `out_of_patience`; it reads as this.)
    #[serde(alias = "out_of_patience")]
    HungUp,
    /// The call ended without a fix: the trainee ended it, or the caller rang off content with
    /// something that fixed nothing.
    Unresolved,
}

impl Outcome {
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::HungUp => "the caller hung up",
            Outcome::Unresolved => "ended before it was resolved",
        }
    }

    fn from_end(kind: EndKind) -> Outcome {
        match kind {
            EndKind::Resolved => Outcome::Resolved,
            EndKind::Escalated => Outcome::Escalated,
            EndKind::HungUp => Outcome::HungUp,
            EndKind::Unresolved => Outcome::Unresolved,
        }
    }
}

/// Why a caller hung up, when the engine ended the call rather than the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The mood reached 10.
    Angry,
    /// The caller's `patience`, in turns, ran out.
    OutOfPatience,
}

impl EndReason {
    pub fn describe(self) -> &'static str {
        match self {
            EndReason::Angry => "the caller hung up in anger",
            EndReason::OutOfPatience => "the caller ran out of patience and hung up",
        }
    }
}

/// How an outcome reads to people, with its reason and follow-up.
pub fn describe_ending(outcome: Outcome, reason: Option<EndReason>, follow_up: bool) -> String {
    match (outcome, reason) {
        (Outcome::HungUp, Some(reason)) => reason.describe().to_owned(),
        (Outcome::Resolved, _) if follow_up => "resolved, with a follow-up booked".to_owned(),
        (outcome, _) => outcome.describe().to_owned(),
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
    /// Facts the trainee asked for again, in the same words, after the caller had given them
    /// in answer to that very question.
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

/// The caller's generic answers, used when the scenario has none. Each list is a mood band's
/// variants (calm, upset, angry), so that the caller rotates rather than repeats.
const CONFUSED: [&[&str]; 3] = [
    &["Sorry, I'm not sure what you mean.", "Sorry, I don't follow."],
    &["I don't follow. What do you need me to do?", "Sorry, what do you mean?"],
    &[
        "I don't understand what you're asking. Can you just fix it?",
        "What? I don't follow.",
    ],
];
/// A question the caller has no answer to.
const UNSURE: [&[&str]; 3] = [
    &[
        "I'm not sure, sorry.",
        "Hmm, I don't know, to be honest.",
        "No idea, sorry.",
    ],
    &["I don't know.", "I'm not sure. I haven't looked.", "No idea, sorry."],
    &[
        "I don't know! That's why I'm calling you.",
        "How would I know?",
        "No idea.",
    ],
];
/// The second question of a line, when the caller has no answer to it.
const UNSURE_OTHER: &str = "The other thing, I don't know.";
/// An instruction no node scripts: the caller does it. They do not say what came of it: the
/// engine cannot know, and a caller who reports "no change" on a screen that already works
/// teaches the wrong lesson.
const DONE_GENERIC: [&[&str]; 3] = [
    &["Okay, done. What next?", "Right, I've done that.", "Done. Now what?"],
    &["Okay, done. What now?", "Done that. What next?", "Right. Done."],
    &["Fine. Done. Now what?", "Done! What next?", "There. Done."],
];
/// An instruction with a question the scenario does not script ("run nslookup: which server
/// answers?"): the caller does it and asks what to look for, rather than invent a result.
const DONE_BUT_UNSURE: [&[&str]; 3] = [
    &[
        "Okay, done. What am I looking for?",
        "Done. What do you want me to read out?",
    ],
    &["Done. What am I looking for?", "Okay, done. Which bit do you need?"],
    &[
        "Done! What am I supposed to be looking at?",
        "Fine, done. Which bit do you want?",
    ],
];
/// What a caller waits for when the scenario does not say.
const EXPECTS_GENERIC: [&[&str]; 3] = [
    &["I'm not sure what you need me to do next."],
    &["Sorry, what do you actually need me to do?"],
    &["Can you just tell me what to do to fix this?"],
];
const HUNG_UP: &str = "That's it, I've had enough. I'll call back when someone can actually help. *click*";
const OUT_OF_PATIENCE: &str =
    "Look, I've been on the phone forever and I have work to do. I'll try again later. *click*";
/// Said before a fact asked for again with the same question.
const REPEAT_PREFIXES: [&str; 3] = ["Like I said: ", "As I told you: ", "I already said: "];
/// Said before a fact asked for again in other words (no penalty: it was given for
/// something else).
const RESTATE_PREFIXES: [&str; 3] = ["As I said, ", "Like I mentioned, ", "Yes, as I said: "];
/// Put before a reply that would otherwise repeat an earlier one word for word.
const FRESH_PREFIXES: [&str; 5] = ["Um... ", "Look, ", "Sorry, ", "Right. ", "Well, "];
const ACKNOWLEDGEMENT: &str = "Okay.";
const GOODBYES: [&str; 3] = ["Thanks again. Bye!", "Thanks, bye.", "Cheers, bye!"];

/// The built-in intent of checking who the caller is.
const IDENTITY_INTENT: &str = "verify_identity";

/// Lines in a row that move nothing (no new fact, no new node), after which the caller says
/// what they are waiting for.
pub const IDLE_LINES_BEFORE_EXPECTS: u32 = 2;

/// A call in progress.
#[derive(Debug, Clone)]
pub struct Call<'s> {
    scenario: &'s Scenario,
    seed: u64,
    node: String,
    mood: u8,
    revealed: Vec<String>,
    /// Which question (intent) drew each fact out; `None` when the caller volunteered it.
    asked_for: Vec<(String, Option<String>)>,
    turns: Vec<Turn>,
    hints: Vec<HintUse>,
    outcome: Option<Outcome>,
    end_reason: Option<EndReason>,
    follow_up: bool,
    /// The turns whose calming words landed: each later one needs a longer gap.
    calmed_on: Vec<u32>,
    /// Lines in a row that moved nothing.
    idle: u32,
    /// Whether the caller has told who they are (a fix announced with the question waits
    /// until then).
    identity_given: bool,
    /// Everything the caller has said, part by part, so that nothing is said twice.
    said: Vec<String>,
    /// After a resolved or escalated end the trainee may say one closing line ("Anything
    /// else I can help with?") before the call is over.
    closing_open: bool,
    opening: String,
}

/// Where a turn's reply came from, which decides whether the caller has heard anything they
/// can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A scripted reply, a fact, an action: the line was understood.
    Understood,
    /// A reaction, an "I don't know", a fallback: the caller answered, but nothing moved.
    Fallback,
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
            asked_for: Vec::new(),
            turns: Vec::new(),
            hints: Vec::new(),
            outcome: None,
            end_reason: None,
            follow_up: false,
            calmed_on: Vec::new(),
            idle: 0,
            identity_given: false,
            said: vec![opening.clone()],
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
    /// Why the caller hung up, when the engine ended the call.
    pub fn end_reason(&self) -> Option<EndReason> {
        self.end_reason
    }
    /// Whether the call was resolved with a follow-up booked.
    pub fn follow_up(&self) -> bool {
        self.follow_up
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
        let heard = hear(scenario.matcher(), line);
        let mood_before = self.mood;
        let mut delta = self.feelings(&heard, number);

        let node = scenario.node(&self.node);
        // Asked to confirm who they are, a caller answers that and waits: a fix announced in
        // the same line ("before I reset it, can you confirm your staff ID?") is not done yet.
        let identity_known = self.identity_given
            || scenario
                .file
                .facts
                .iter()
                .any(|(id, f)| f.asked_by.iter().any(|a| a == IDENTITY_INTENT) && self.revealed.contains(id));
        let checking_identity = heard.carries(IDENTITY_INTENT) && !identity_known;
        let deferred = |r: &Reply| {
            checking_identity
                && r.when
                    .iter()
                    .filter(|w| heard.carries(w))
                    .all(|w| scenario.intent(w).is_some_and(|i| i.def.fix == Some(true)))
        };
        let reply: Option<&Reply> = node.and_then(|n| {
            n.replies.iter().find(|r| {
                heard.carries_any(&r.when)
                    && r.needs.iter().all(|f| self.revealed.contains(f))
                    && !deferred(r)
                    && !self.spent(r)
            })
        });
        let next_node = reply.and_then(|r| r.goto.clone()).unwrap_or_else(|| self.node.clone());

        // The facts the line asks for, in the order asked, each with the question that asked.
        // A fact is put down to the specific question that asked it, not to "any open
        // question", so that asking that question again is recognised.
        let mut asked: Vec<(&String, &str)> = Vec::new();
        let (generic, specific): (Vec<&str>, Vec<&str>) =
            heard.in_order().into_iter().partition(|i| GENERIC_INTENTS.contains(i));
        for intent in specific.into_iter().chain(generic) {
            for (id, fact) in &scenario.file.facts {
                if fact.asked_by.iter().any(|a| a == intent) && !asked.iter().any(|(f, _)| *f == id) {
                    asked.push((id, intent));
                }
            }
        }
        let mut revealed: Vec<String> = Vec::new();
        let mut asked_for: Vec<(String, Option<String>)> = Vec::new();
        for id in reply.map(|r| r.reveal.as_slice()).unwrap_or_default() {
            if !self.revealed.contains(id) && !revealed.contains(id) {
                revealed.push(id.clone());
                asked_for.push((id.clone(), None));
            }
        }
        for (id, intent) in &asked {
            if !self.revealed.contains(id) && !revealed.contains(id) {
                revealed.push((*id).clone());
                asked_for.push(((*id).clone(), Some((*intent).to_owned())));
            }
        }
        // A fact asked for again is told again only when the line moved nothing else and is
        // a question: "Like I said" (and a penalty) when the very question that drew it out
        // is asked again, plainly when it was given for something else. A line that asks the
        // caller to do something ("could you switch it to the other tray?", "open Settings:
        // what phone is it?") is done, not answered with an old fact.
        let again = (reply.is_none() && revealed.is_empty() && !heard.instructs())
            .then(|| {
                asked
                    .iter()
                    .find(|(id, intent)| self.revealed.contains(id) && !GENERIC_INTENTS.contains(intent))
            })
            .flatten()
            .map(|(id, intent)| {
                let same_question = self
                    .asked_for
                    .iter()
                    .any(|(f, by)| f == *id && by.as_deref() == Some(*intent));
                ((*id).clone(), same_question)
            });
        let mut repeated: Vec<String> = Vec::new();
        if let Some((id, true)) = &again {
            repeated.push(id.clone());
            delta += 1;
        }
        if let Some(r) = reply {
            delta += i32::from(r.mood);
        }
        // Real progress calms: a key fact out in the open, or the call moving on, unless the
        // scenario set the mood of that step itself.
        let progress = revealed.iter().any(|id| scenario.fact(id).is_some_and(|f| f.key)) || next_node != self.node;
        if progress && reply.is_none_or(|r| r.mood == 0) && mood_before > 0 {
            delta -= 1;
        }
        let mood_after = apply(mood_before, delta);
        let mood = Mood(mood_after);

        // What the caller answers, most specific first: a scenario branch, the facts asked
        // for in order, a fact asked again, an identity check, an action, any other
        // instruction, a reaction to an intent, "I don't know", then the node's or scenario's
        // fallback (docs/scenario-format.md, "How a turn is played").
        let identity = self.identity(&heard, reply);
        let mut parts: Vec<String> = Vec::new();
        let mut source = Source::Understood;
        if let Some(r) = reply {
            let arrival = r
                .goto
                .as_ref()
                .and_then(|g| scenario.node(g))
                .and_then(|n| n.caller.as_ref());
            if let Some(text) = r.caller.as_ref().or(arrival) {
                parts.push(self.say(text, mood, &format!("{}:{}", self.node, next_node)));
            }
        }
        let spoken_by_reply = reply
            .filter(|r| r.caller.is_some())
            .map(|r| r.reveal.as_slice())
            .unwrap_or_default();
        for id in &revealed {
            if !spoken_by_reply.contains(id)
                && let Some(fact) = scenario.fact(id)
            {
                parts.push(self.say(&fact.says, mood, id));
            }
        }
        let answered = reply.is_some() || !revealed.is_empty();
        if answered {
            if let Some(text) = self.hostile_reaction(&heard, mood) {
                parts.insert(0, text);
            }
            if let Some(identity) = &identity {
                parts.push(identity.clone());
            }
            // A scripted reply is the author's whole answer to the line; only facts told one by
            // one can leave a second question hanging.
            if reply.is_none() && self.leaves_a_question_unanswered(&heard) {
                parts.push(UNSURE_OTHER.to_owned());
            }
        } else if let Some((id, same_question)) = &again {
            let prefixes = if *same_question {
                &REPEAT_PREFIXES
            } else {
                &RESTATE_PREFIXES
            };
            if let Some(fact) = scenario.fact(id) {
                let text = self.say(&fact.says, mood, id);
                parts.push(self.first_unsaid(prefixes.iter().map(|p| format!("{p}{text}"))));
            }
        } else {
            let (text, from) = self.unscripted(&heard, identity.clone(), mood, number);
            parts.push(text);
            source = from;
        }
        // A part already said in this call is not said again beside something new.
        if parts.len() > 1 {
            let fresh: Vec<String> = parts.iter().filter(|p| !self.said_before(p)).cloned().collect();
            if !fresh.is_empty() {
                parts = fresh;
            }
        }
        if parts.iter().all(|p| p.trim().is_empty()) {
            // A branch with nothing to say still gets an answer: silence reads as a bug.
            parts = vec![ACKNOWLEDGEMENT.to_owned()];
        }

        self.identity_given |= identity.is_some_and(|i| parts.contains(&i));
        let moved = !revealed.is_empty() || next_node != self.node;
        self.idle = if moved { 0 } else { self.idle + 1 };
        if self.idle > IDLE_LINES_BEFORE_EXPECTS && source == Source::Fallback {
            parts = vec![self.expects(mood)];
            self.idle = 0;
        }

        self.mood = mood_after;
        self.revealed.extend(revealed.iter().cloned());
        self.asked_for.extend(asked_for);
        if let Some((id, false)) = &again {
            // Told again for another question: that question has now had its answer too.
            let by = asked.iter().find(|(f, _)| *f == id).map(|(_, i)| (*i).to_owned());
            self.asked_for.push((id.clone(), by));
        }
        self.node = next_node;
        self.end_if_due(&mut parts, number);
        let caller = self.unsaid_reply(parts.join(" "));
        if parts.len() > 1 {
            self.said.extend(parts);
        }
        self.turns.push(Turn {
            number,
            trainee: line.to_owned(),
            caller,
            intents: heard.intents,
            revealed,
            repeated,
            mood_before,
            mood: self.mood,
            node: self.node.clone(),
            ended: self.outcome,
        });
        self.turns.last()
    }

    /// Whether a reply has nothing left to give: it stays at this node, reveals nothing new,
    /// leaves the mood alone, and the caller has already said its line. Said again, it would only echo; the line is
    /// answered as if no reply matched.
    fn spent(&self, reply: &Reply) -> bool {
        let stays = reply.goto.as_ref().is_none_or(|g| *g == self.node);
        let nothing_new = reply.reveal.iter().all(|f| self.revealed.contains(f));
        let said = reply.caller.as_ref().is_some_and(|line| {
            line::all_variants(line)
                .iter()
                .any(|v| self.said.iter().any(|s| s.contains(v.trim())))
        });
        // A reply that moves the mood is a reaction the trainee earns each time.
        stays && nothing_new && said && reply.mood == 0
    }

    /// How the line's tone moves the mood. Hostility always lands. Calming words land the
    /// first time, and then each time only after a longer gap than the last (one line, then
    /// two, then three...), so "I'm sorry" on every line stops working, as on a real caller.
    fn feelings(&mut self, heard: &Heard, number: u32) -> i32 {
        let effects: Vec<i8> = heard
            .intents
            .iter()
            .filter_map(|id| self.scenario.intent(id))
            .map(|i| i.mood())
            .collect();
        let hostility: i32 = effects.iter().filter(|&&m| m > 0).map(|&m| i32::from(m)).sum();
        let calming = effects.iter().copied().filter(|&m| m < 0).min().map_or(0, i32::from);
        let lands = match self.calmed_on.last() {
            None => true,
            Some(&last) => number - last > self.calmed_on.len() as u32,
        };
        if calming < 0 && lands {
            self.calmed_on.push(number);
            hostility + calming
        } else {
            hostility
        }
    }

    /// The caller's answer to a line that no branch and no fact answers, and where it came
    /// from.
    fn unscripted(&self, heard: &Heard, identity: Option<String>, mood: Mood, number: u32) -> (String, Source) {
        let scenario = self.scenario;
        let band = mood.band() as usize;
        let actions: Vec<&crate::scenario::Intent> = heard
            .in_order()
            .into_iter()
            .filter_map(|id| scenario.intent(id))
            .filter(|i| i.action)
            .collect();
        if let Some(reaction) = self.hostile_reaction(heard, mood) {
            return (reaction, Source::Fallback);
        }
        if let Some(identity) = identity {
            return (identity, Source::Understood);
        }
        if let Some(action) = actions.first()
            && let Some(line) = &action.def.reaction
        {
            return (self.say(line, mood, &action.id), Source::Understood);
        }
        if heard.instructs() {
            let asks_too = heard
                .clauses
                .iter()
                .any(|c| c.question && (c.asks_back || !c.instruction));
            let lines = if asks_too {
                DONE_BUT_UNSURE[band]
            } else {
                DONE_GENERIC[band]
            };
            return (self.say_generic(lines, "done", number), Source::Fallback);
        }
        if let Some((intent, reaction)) = self.reaction(&heard.intents) {
            return (self.say(reaction, mood, &intent.id), Source::Fallback);
        }
        if heard.clauses.iter().any(|c| c.question) {
            return (self.say_generic(UNSURE[band], "unsure", number), Source::Fallback);
        }
        if let Some(fallback) = scenario.node(&self.node).and_then(|n| n.otherwise.as_ref()) {
            let mood = Mood(apply(mood.0, i32::from(fallback.mood)));
            return (
                self.say(&fallback.caller, mood, &format!("{}:otherwise", self.node)),
                Source::Fallback,
            );
        }
        let text = match &scenario.file.confused {
            Some(line) => self.say(line, mood, "confused"),
            None => self.say_generic(CONFUSED[band], "confused", number),
        };
        (text, Source::Fallback)
    }

    /// Whether a question in the line goes unanswered while facts answer another part: a
    /// question clause whose act the matcher knows, but that no fact answers and no reaction
    /// speaks to ("...and is anyone else affected?" in a call with nobody else). A clause the
    /// matcher reads no act in says nothing sure enough to answer "I don't know" to.
    fn leaves_a_question_unanswered(&self, heard: &Heard) -> bool {
        if heard.clauses.len() < 2 {
            return false;
        }
        let scenario = self.scenario;
        let answered = |intent: &String| {
            intent == IDENTITY_INTENT
                || scenario.intent(intent).is_some_and(|i| i.mood() > 0)
                || scenario.file.facts.iter().any(|(_, f)| f.asked_by.contains(intent))
        };
        heard
            .clauses
            .iter()
            .any(|c| c.question && !c.instruction && c.is_specific() && !c.intents.iter().any(answered))
    }

    /// The caller's answer to an identity check the scenario does not script: every caller
    /// knows who they are. (A scenario that models the check has a fact or a reply for it.)
    fn identity(&self, heard: &Heard, reply: Option<&Reply>) -> Option<String> {
        let scenario = self.scenario;
        let scripted = reply.is_some_and(|r| r.when.iter().any(|w| w == IDENTITY_INTENT))
            || scenario
                .file
                .facts
                .iter()
                .any(|(_, f)| f.asked_by.iter().any(|a| a == IDENTITY_INTENT));
        (heard.carries(IDENTITY_INTENT) && !scripted).then(|| {
            let caller = &scenario.file.caller;
            // "Executive assistant" reads as a role in mid-sentence; "IT manager" keeps its capitals.
            let mut role = caller.role.clone();
            if role.chars().nth(1).is_some_and(char::is_lowercase) {
                role = role[..1].to_lowercase() + &role[1..];
            }
            // A staff number as real as the caller: the same for the same name, every time.
            let number = 10_000
                + crate::scenario::content_hash(&caller.name)
                    .bytes()
                    .fold(0u32, |n, b| n.wrapping_mul(31).wrapping_add(u32::from(b)))
                    % 90_000;
            format!("Sure. It's {}, {role}. My staff number is {number}.", caller.name)
        })
    }

    /// What the caller says first to a hostile line, if it is one.
    fn hostile_reaction(&self, heard: &Heard, mood: Mood) -> Option<String> {
        heard
            .intents
            .iter()
            .filter_map(|id| self.scenario.intent(id))
            .find(|i| i.mood() > 0)
            .and_then(|i| i.def.reaction.as_ref().map(|l| self.say(l, mood, &i.id)))
    }

    /// What the caller is waiting for at this node, in their words.
    fn expects(&self, mood: Mood) -> String {
        match self.scenario.node(&self.node).and_then(|n| n.expects.as_ref()) {
            Some(line) => self.say(line, mood, "expects"),
            None => self.say_generic(
                EXPECTS_GENERIC[mood.band() as usize],
                "expects",
                self.turns.len() as u32 + 1,
            ),
        }
    }

    /// Ends the call when its mood, its node or its patience says so, adding the caller's last
    /// words.
    fn end_if_due(&mut self, parts: &mut Vec<String>, number: u32) {
        let scenario = self.scenario;
        let mood = Mood(self.mood);
        if self.mood >= HANG_UP_MOOD {
            parts.push(match &scenario.file.endings.hung_up {
                Some(line) => self.say(line, mood, "hung_up"),
                None => HUNG_UP.to_owned(),
            });
            self.outcome = Some(Outcome::HungUp);
            self.end_reason = Some(EndReason::Angry);
        } else if let Some(node) = scenario.node(&self.node)
            && let Some(end) = node.end
        {
            let outcome = Outcome::from_end(end);
            self.closing_open = matches!(outcome, Outcome::Resolved | Outcome::Escalated);
            self.follow_up = outcome == Outcome::Resolved && node.follow_up;
            self.outcome = Some(outcome);
        } else if number >= scenario.file.caller.patience {
            parts.push(match &scenario.file.endings.out_of_patience {
                Some(line) => self.say(line, mood, "patience"),
                None => OUT_OF_PATIENCE.to_owned(),
            });
            self.outcome = Some(Outcome::HungUp);
            self.end_reason = Some(EndReason::OutOfPatience);
        }
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
        let heard = hear(self.scenario.matcher(), line);
        let mood_before = self.mood;
        let hostility: i32 = heard
            .intents
            .iter()
            .filter_map(|id| self.scenario.intent(id))
            .map(|i| i32::from(i.mood().max(0)))
            .sum();
        let mood = apply(mood_before, hostility);
        let number = self.turns.len() as u32 + 1;
        let reply = match self.reaction(&heard.intents) {
            Some((intent, reaction)) if intent.mood() > 0 || intent.id == "offer_more_help" => {
                self.say(reaction, Mood(mood), &intent.id)
            }
            _ => self.say_generic(&GOODBYES, "goodbye", number),
        };
        let caller = self.unsaid_reply(reply);
        self.mood = mood;
        self.turns.push(Turn {
            number,
            trainee: line.to_owned(),
            caller,
            intents: heard.intents,
            revealed: Vec::new(),
            repeated: Vec::new(),
            mood_before,
            mood,
            node: self.node.clone(),
            ended: self.outcome,
        });
        &self.turns[self.turns.len() - 1]
    }

    /// A variant of `line` for `mood`, one not said yet in this call while there is one.
    fn say(&self, line: &Line, mood: Mood, context: &str) -> String {
        pick_unsaid(line, mood, self.seed, context, self.turns.len() as u32 + 1, &self.said)
    }

    /// One of the engine's own variants, one not said yet while there is one.
    fn say_generic(&self, variants: &[&str], context: &str, number: u32) -> String {
        let line = Line::Variants(variants.iter().map(|v| (*v).to_owned()).collect());
        pick_unsaid(&line, Mood(0), self.seed, context, number, &self.said)
    }

    /// Whether the caller has said this text already, alone or within a reply.
    fn said_before(&self, text: &str) -> bool {
        let text = text.trim();
        !text.is_empty() && self.said.iter().any(|s| s.contains(text))
    }

    /// The first of `texts` the caller has not said, else the first.
    fn first_unsaid(&self, texts: impl Iterator<Item = String>) -> String {
        let texts: Vec<String> = texts.collect();
        texts
            .iter()
            .find(|t| !self.said.contains(t))
            .unwrap_or(&texts[0])
            .clone()
    }

    /// The reply as said, recorded: if it would repeat an earlier reply word for word, a
    /// hesitation goes before it, so the caller never says exactly the same thing twice in a
    /// call.
    fn unsaid_reply(&mut self, reply: String) -> String {
        let earlier = |text: &str| self.said.iter().any(|s| s == text);
        let reply = if earlier(&reply) {
            let one = FRESH_PREFIXES.iter().map(|p| format!("{p}{reply}"));
            let two = FRESH_PREFIXES
                .iter()
                .flat_map(|a| FRESH_PREFIXES.iter().map(move |b| format!("{a}{b}")))
                .map(|p| format!("{p}{reply}"));
            one.chain(two)
                .find(|t| !earlier(t))
                .unwrap_or_else(|| format!("{} {reply}", self.said.len()))
        } else {
            reply
        };
        self.said.push(reply.clone());
        reply
    }

    /// The trainee ends the call (`/end`, Ctrl-D, or the end of a script).
    pub fn end_by_trainee(&mut self) {
        self.outcome.get_or_insert(Outcome::Unresolved);
        self.closing_open = false;
    }

    /// A good next move, recorded as a hint used for the coming turn. Where the scenario says
    /// what the caller is waiting for, the hint says it too.
    pub fn hint(&mut self) -> String {
        let mut text = self.next_move();
        if self.outcome.is_none()
            && let Some(expects) = self.scenario.node(&self.node).and_then(|n| n.expects.as_ref())
        {
            let waiting = pick_line(expects, Mood(self.mood), self.seed, "expects", 0);
            let name = self
                .scenario
                .file
                .caller
                .name
                .split_whitespace()
                .next()
                .unwrap_or("The caller");
            text = format!("{text} ({name} is waiting for this: \"{waiting}\")");
        }
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
            end_reason: self.end_reason,
            follow_up: self.follow_up,
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
