//! Fills a training record with realistic made-up attempts, for benchmarking `report` and
//! `progress` (bench/store.sh):
//! `cargo run --release --example seed_store -- DB N [TRAINEES]`.
//!
//! Deterministic: the same N and TRAINEES give the same attempts. Each attempt is a real
//! `Transcript` and `Assessment` (8-12 turns, 10-15 findings with the default rubric's rules,
//! a score per rubric skill) played on one of the embedded scenarios, spread over 90 days, by
//! trainees who each have their own strengths and get better with practice. They are added
//! to DB through `Store::save_attempts`, a thousand to a transaction: 100,000 take about 15 s,
//! where one transaction per attempt (`save_attempt`, as `play` saves them) took 35-60 s.

use std::path::PathBuf;
use std::time::Instant;

use deskcoach::call::{HintUse, Outcome, Transcript, Turn};
use deskcoach::rubric::{Rubric, Rule, Scope};
use deskcoach::scenario::{Library, Scenario};
use deskcoach::score::{Assessment, Effect, Finding, SkillScore, conclude};
use deskcoach::store::{NewAttempt, Store};

/// 2026-01-01T00:00:00Z: the last day the seeded attempts reach.
const END: i64 = 1_767_225_600;
const DAYS: i64 = 90;
const DAY: i64 = 86_400;
const DEFAULT_TRAINEES: usize = 40;
/// Attempts saved per transaction.
const BATCH: usize = 1_000;

/// SplitMix64: small, fast and good enough for made-up data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly normal, mean 0, deviation 1 (sum of uniforms).
    fn normal(&mut self) -> f64 {
        (0..4).map(|_| self.unit()).sum::<f64>() * 1.732 - 3.464
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST_NAMES: &[&str] = &[
    "alex", "blake", "casey", "dana", "eli", "farah", "gwen", "hiro", "ines", "jonas", "kemi", "liam", "maya", "noor",
    "omar", "priya", "quinn", "rosa", "sam", "tariq", "uma", "viktor", "wen", "xavier", "yara", "zoe",
];
const LAST_NAMES: &[&str] = &[
    "adams", "baker", "chen", "diaz", "evans", "fischer", "garcia", "hughes", "ito", "jensen", "khan", "lopez",
    "moreau", "nguyen", "okafor", "patel",
];

/// Trainee lines, each with the built-in intents it would carry.
const LINES: &[(&str, &[&str])] = &[
    (
        "Hi, thanks for calling the help desk, this is Sam.",
        &["greet", "introduce"],
    ),
    ("Good morning, you're through to IT support.", &["greet"]),
    (
        "I'm sorry you've run into this, and I want to help.",
        &["empathize", "apologize"],
    ),
    (
        "That sounds really frustrating right before a deadline.",
        &["empathize"],
    ),
    (
        "What happens when you try to open a website?",
        &["ask_open", "ask_symptoms"],
    ),
    ("What exactly does the error message say?", &["ask_error_message"]),
    ("When did this start?", &["ask_when_started"]),
    ("Did anything change on your computer recently?", &["ask_what_changed"]),
    ("Is anyone else in your office having the same problem?", &["ask_scope"]),
    ("Why do you think it stopped working?", &["ask_why"]),
    (
        "Did you restart it? Did you check the cable? Is it plugged in?",
        &["ask_symptoms"],
    ),
    (
        "So every site says it can't connect, and email is down too, right?",
        &["paraphrase", "acknowledge"],
    ),
    ("Okay, got it, the dock was swapped yesterday.", &["acknowledge"]),
    ("Can you confirm your employee ID for me?", &["verify_identity"]),
    (
        "Open the network settings and read me the IP address, please.",
        &["ask_open"],
    ),
    ("Please choose obtain an IP address automatically and click OK.", &[]),
    ("I'll reset your password now.", &[]),
    ("Could you try opening a website now?", &["confirm_resolution"]),
    (
        "This will take about five minutes, and I'll stay on the line.",
        &["set_expectations"],
    ),
    (
        "I'm going to escalate this to the network team right away.",
        &["escalate"],
    ),
    ("You must have changed something yourself.", &["blame_user"]),
    ("That's not really a big deal, it happens all the time.", &["dismiss"]),
    ("Just flush your DNS cache and renew the DHCP lease.", &[]),
    (
        "Is there anything else I can help you with today?",
        &["offer_more_help"],
    ),
];

const CALLER_LINES: &[&str] = &[
    "Every website says it can't connect. Email too.",
    "I have a client call in fifteen minutes!",
    "IT swapped my dock yesterday and typed numbers into a network box.",
    "It says the referenced account is currently locked out.",
    "My employee ID is 40172.",
    "The printer just says offline. I need forty copies.",
    "I didn't touch anything!",
    "Okay, I'm doing that now.",
    "It started this morning when I came in.",
    "I don't follow. What do you need me to do?",
    "Like I said: email is down too.",
    "It works! Thank you.",
    "Can you just fix it?",
    "Nobody else has a problem as far as I know.",
];

const VAGUE_NOTES: &[&str] = &[
    "System broke... fixed it.",
    "User had issue. Resolved.",
    "Fixed network.",
    "Reset password, user ok now.",
    "Printer fixed.",
];

const PARTIAL_NOTES: &[&str] = &[
    "User could not connect to websites. Changed the adapter to DHCP.",
    "Account was locked out. Unlocked it after verifying the employee ID.",
    "Printer showed offline. Restarted the print spooler and the printer came back.",
    "Caller had no network since a dock swap; set the network card back to automatic.",
];

/// What a made-up trainee is like.
struct Trainee {
    name: String,
    /// Per rubric skill: the score they start at.
    ability: Vec<f64>,
    /// Points gained over the 90 days.
    growth: f64,
    /// Relative share of all attempts.
    activity: f64,
    /// Days into the 90 they joined.
    joined: i64,
}

fn trainees(rng: &mut Rng, n: usize, skills: usize) -> Vec<Trainee> {
    (0..n)
        .map(|i| {
            let first = FIRST_NAMES[i % FIRST_NAMES.len()];
            let last = LAST_NAMES[(i / FIRST_NAMES.len() + i * 7) % LAST_NAMES.len()];
            let name = if i < FIRST_NAMES.len() * LAST_NAMES.len() {
                format!("{first}.{last}")
            } else {
                format!("{first}.{last}{i}")
            };
            let talent = 58.0 + rng.normal() * 10.0;
            Trainee {
                name,
                ability: (0..skills).map(|_| talent + rng.normal() * 12.0).collect(),
                growth: 5.0 + rng.unit() * 25.0,
                activity: 0.4 + rng.unit() * 1.6,
                // A quarter of the team joined during the period; the first was there from the start.
                joined: if i > 0 && rng.chance(0.25) {
                    rng.range(10, 60)
                } else {
                    0
                },
            }
        })
        .collect()
}

/// Fills a rule message's placeholders with something plausible: the rule's own phrases for
/// `{match}`, a fitting element or outcome for `{item}`.
fn fill(template: &str, rule: &Rule, rng: &mut Rng, quote: &str, outcome: Outcome, turns: usize) -> String {
    let matched = if let Some((from, _)) = rule.swap.iter().nth(rng.below(rule.swap.len().max(1))) {
        from.clone()
    } else if !rule.phrases.is_empty() {
        rng.pick(&rule.phrases).clone()
    } else {
        let words: Vec<&str> = quote.split_whitespace().filter(|w| w.len() > 3).collect();
        words
            .get(rng.below(words.len().max(1)))
            .map_or("that", |w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .to_owned()
    };
    let preferred = rule.swap.get(&matched).map_or("a plainer word", String::as_str);
    let item = if template.contains("call ended") {
        outcome_words(outcome).to_owned()
    } else {
        rng.pick(&["symptom", "cause", "action taken", "verification", "error message"])
            .to_string()
    };
    let (count, limit) = match rule.scope {
        Scope::Note => (quote.split_whitespace().count(), 15),
        Scope::Call => (turns, turns - 1 - rng.below(3)),
        _ => (rng.below(3) + 3, 2),
    };
    template
        .replace("{match}", &matched)
        .replace("{preferred}", preferred)
        .replace("{count}", &count.to_string())
        .replace("{limit}", &limit.to_string())
        .replace("{item}", &item)
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Resolved => "resolved",
        Outcome::Escalated => "escalated",
        Outcome::HungUp => "the caller hung up",
        Outcome::Unresolved => "unresolved",
    }
}

fn outcome(rng: &mut Rng, skill: f64) -> Outcome {
    let x = rng.unit() * 100.0 - (skill - 60.0) * 0.6;
    match x {
        x if x < 62.0 => Outcome::Resolved,
        x if x < 74.0 => Outcome::Escalated,
        x if x < 84.0 => Outcome::Unresolved,
        _ => Outcome::HungUp,
    }
}

/// One made-up attempt: its transcript and assessment, and when it ended.
fn attempt(
    rng: &mut Rng,
    trainee: &Trainee,
    scenario: &Scenario,
    rubric: &Rubric,
    ended_at: i64,
) -> (Transcript, Assessment, i64) {
    let day = (ended_at - (END - DAYS * DAY)) as f64 / DAY as f64;
    let practice = ((day - trainee.joined as f64) / (DAYS - trainee.joined) as f64).clamp(0.0, 1.0);
    let difficulty = f64::from(scenario.file.difficulty);
    let form = rng.normal() * 6.0;
    let levels: Vec<f64> = trainee
        .ability
        .iter()
        .map(|a| a + trainee.growth * practice - (difficulty - 2.0) * 4.0 + form + rng.normal() * 8.0)
        .collect();
    let mean = levels.iter().sum::<f64>() / levels.len() as f64;

    // The call.
    let mut mood = scenario.file.caller.mood.min(9);
    let mood_start = mood;
    let turns: Vec<Turn> = (1..=rng.range(8, 12) as u32)
        .map(|number| {
            let (line, intents) = *rng.pick(LINES);
            let mood_before = mood;
            let swing = rng.range(-2, 1) + i64::from(rng.chance((70.0 - mean).clamp(0.0, 60.0) / 100.0)) * 2;
            mood = (i64::from(mood) + swing).clamp(0, 9) as u8;
            Turn {
                number,
                trainee: line.to_owned(),
                caller: rng.pick(CALLER_LINES).to_string(),
                intents: intents.iter().map(|s| s.to_string()).collect(),
                revealed: Vec::new(),
                repeated: Vec::new(),
                mood_before,
                mood,
                node: "diagnose".to_owned(),
                ended: None,
            }
        })
        .collect();
    let outcome = outcome(rng, mean);
    let documentation = rubric.file.skills.iter().position(|(id, _)| id == "documentation");
    let note_skill = documentation.map_or(mean, |i| levels[i]);
    let note = if note_skill > 75.0 && rng.chance(0.7) {
        scenario.file.exemplary_note.trim().to_owned()
    } else if note_skill > 50.0 {
        rng.pick(PARTIAL_NOTES).to_string()
    } else {
        rng.pick(VAGUE_NOTES).to_string()
    };
    let hints: Vec<HintUse> = (0..[0, 0, 0, 0, 0, 0, 1, 1, 2][rng.below(9)])
        .map(|h| HintUse {
            turn: h + 1,
            text: "Try an open question about what the caller sees.".to_owned(),
        })
        .collect();

    // The findings: weaker skills draw more deductions; a call that was not resolved always
    // draws the (critical) resolution finding, and rules that do not apply to the scenario none.
    let resolved = matches!(outcome, Outcome::Resolved | Outcome::Escalated);
    let applies = |rule: &Rule| {
        rule.only_if
            .requires
            .as_ref()
            .is_none_or(|r| scenario.file.requires.contains(r))
    };
    let rules: Vec<&Rule> = rubric.rules.iter().map(|r| &r.rule).filter(|r| applies(r)).collect();
    let mut findings = Vec::new();
    for i in 0..rng.range(10, 15) {
        let rule = match rules.iter().find(|r| r.id == "resolution") {
            Some(r) if i == 0 && !resolved => r,
            _ => *rng.pick(&rules),
        };
        let skill = rubric
            .file
            .skills
            .iter()
            .position(|(id, _)| *id == rule.skill)
            .unwrap_or(0);
        let credit = rule.praise.is_some()
            && if rule.id == "resolution" {
                resolved
            } else {
                rng.chance((levels[skill] / 100.0).clamp(0.05, 0.95))
            };
        let (turn, quote) = match rule.scope {
            Scope::Note => (None, Some(note.clone())),
            Scope::Call => (None, None),
            _ => {
                let t = &turns[rng.below(turns.len())];
                (Some(t.number), Some(t.trainee.clone()))
            }
        };
        let template = match (&rule.praise, credit) {
            (Some(praise), true) => praise,
            _ => &rule.message,
        };
        let message = fill(
            template,
            rule,
            rng,
            quote.as_deref().unwrap_or(""),
            outcome,
            turns.len(),
        );
        let points = rule.points as i32;
        findings.push(Finding {
            rule: rule.id.as_str().into(),
            skill: rule.skill.as_str().into(),
            level: rule.level,
            effect: if credit { Effect::Credit } else { Effect::Deduction },
            turn,
            span: quote.as_ref().map(|q| [0, q.len().min(12)]),
            quote: quote.map(Into::into),
            message,
            suggestion: if credit { None } else { rule.suggest.clone() },
            points: if credit { points } else { -points },
        });
    }
    findings.sort_by_key(|f| (f.turn.is_none(), f.turn));

    // The scores.
    let skills: Vec<SkillScore> = rubric
        .file
        .skills
        .iter()
        .zip(&levels)
        .map(|((id, skill), level)| {
            let lost: u32 = findings
                .iter()
                .filter(|f| *f.skill == **id && f.effect == Effect::Deduction)
                .map(|f| f.points.unsigned_abs())
                .sum();
            let earned: u32 = findings
                .iter()
                .filter(|f| *f.skill == **id && f.effect == Effect::Credit)
                .map(|f| f.points.unsigned_abs())
                .sum();
            // Now and then no rule of a skill applied: N/A.
            let score = (!rng.chance(0.03)).then(|| level.round().clamp(0.0, 100.0) as u32);
            SkillScore {
                skill: id.as_str().into(),
                label: skill.label.as_str().into(),
                weight: skill.weight,
                score,
                lost,
                earned,
            }
        })
        .collect();
    let transcript = Transcript {
        format: deskcoach::call::transcript::FORMAT,
        scenario: scenario.id().to_owned(),
        scenario_hash: scenario.content_hash.clone(),
        seed: rng.next() >> 16,
        trainee: Some(trainee.name.clone()),
        mood_start,
        opening: format!("Hello? This is {}. {}", scenario.file.caller.name, scenario.file.title),
        turns,
        hints,
        outcome,
        end_reason: None,
        follow_up: false,
        note: note.clone(),
    };
    let assessment = conclude(
        rubric,
        Some(scenario.id().to_owned()),
        skills,
        findings,
        transcript.hints.len() as u32,
    );
    let started_at = ended_at - rng.range(180, 900) - 40 * transcript.turns.len() as i64;
    (transcript, assessment, started_at)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: seed_store DB N [TRAINEES]";
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().ok_or(usage)?);
    let n: usize = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
    let team: usize = match args.next() {
        Some(t) => t.parse().map_err(|_| usage)?,
        None => DEFAULT_TRAINEES,
    };
    if team == 0 {
        return Err(usage.into());
    }

    let rubric = Rubric::builtin().map_err(deskcoach::Error::from)?;
    let library = Library::embedded()?;
    let mut rng = Rng(0x5EED_DE5C_C0AC_0001);
    let people = trainees(&mut rng, team, rubric.file.skills.len());
    let total_activity: f64 = people.iter().map(|t| t.activity).sum();
    let mut store = Store::open(&db)?;

    let clock = Instant::now();
    let start = END - DAYS * DAY;
    let mut done = 0;
    while done < n {
        let batch: Vec<(usize, Transcript, Assessment, i64, i64)> = (done..n.min(done + BATCH))
            .map(|i| {
                // Spread evenly over the 90 days, in order, during working hours.
                let day = i as i64 * DAYS / n as i64;
                let ended_at = start + day * DAY + 8 * 3600 + rng.range(0, 10 * 3600);
                // A trainee who has joined, chosen by how much they practise.
                let mut who = rng.unit() * total_activity;
                let mut pick = 0;
                for (k, t) in people.iter().enumerate() {
                    who -= t.activity;
                    pick = k;
                    if who < 0.0 {
                        break;
                    }
                }
                if people[pick].joined > day {
                    pick = rng.below(people.len());
                    while people[pick].joined > day {
                        pick = (pick + 1) % people.len();
                    }
                }
                let scenario = rng.pick(&library.scenarios);
                let (t, a, started_at) = attempt(&mut rng, &people[pick], scenario, rubric, ended_at);
                (pick, t, a, started_at, ended_at)
            })
            .collect();
        let attempts: Vec<NewAttempt> = batch
            .iter()
            .map(|(pick, t, a, started_at, ended_at)| NewAttempt {
                trainee: &people[*pick].name,
                transcript: t,
                assessment: a,
                started_at: *started_at,
                ended_at: *ended_at,
            })
            .collect();
        store.save_attempts(&attempts)?;
        done += attempts.len();
    }
    eprintln!(
        "seeded {n} attempts by {team} trainees into {} in {:.1} s",
        db.display(),
        clock.elapsed().as_secs_f64()
    );
    println!("{}", people[0].name);
    Ok(())
}
