//! The questions trainees and managers ask of the record: how am I doing (`progress`), and how
//! is the team doing (`report`). Every filter is a bound parameter.
//!
//! The team report loads the attempts it covers once, then reads the skill scores and the
//! deductions in one pass each and tallies them in memory: SQL's GROUP BY over a join sorts
//! and seeks row by row, which took seconds for 100,000 attempts (`bench/store.sh` times it).

use std::collections::HashMap;

use rusqlite::{Row, params};
use serde::Serialize;

use super::Store;
use crate::error::Error;

/// How many recent scores a skill trend shows.
pub const TREND_LENGTH: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioProgress {
    pub scenario: String,
    pub attempts: u32,
    pub first: Option<u32>,
    pub best: Option<u32>,
    pub latest: Option<u32>,
    pub passed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillTrend {
    pub skill: String,
    pub label: String,
    /// Oldest first, at most [`TREND_LENGTH`].
    pub scores: Vec<u32>,
}

impl SkillTrend {
    /// Mean of the last few scores: what "weakest skill" is judged on.
    pub fn recent_average(&self) -> f64 {
        let recent: Vec<u32> = self.scores.iter().rev().take(5).copied().collect();
        if recent.is_empty() {
            100.0
        } else {
            f64::from(recent.iter().sum::<u32>()) / recent.len() as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingCount {
    pub rule: String,
    pub skill: String,
    pub count: u32,
    /// How many trainees it happened to (1 for a trainee's own progress).
    pub trainees: u32,
    /// One message it gave, as an example.
    pub example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub trainee: String,
    pub attempts: u32,
    pub scenarios: Vec<ScenarioProgress>,
    pub skills: Vec<SkillTrend>,
    pub recurring: Vec<FindingCount>,
}

/// Which attempts a report covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub trainee: Option<String>,
    /// Unix seconds; attempts that ended at or after it.
    pub since: Option<i64>,
    pub scenario: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    pub trainee: String,
    pub attempts: u32,
    pub latest_overall: Option<u32>,
    /// Per skill, in report order: latest score and its change from the attempt before.
    pub skills: Vec<Option<SkillCell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SkillCell {
    pub latest: u32,
    pub change: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassRate {
    pub scenario: String,
    pub attempts: u32,
    pub passed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strength {
    pub trainee: String,
    pub skill: String,
    pub label: String,
    pub average: f64,
}

/// Average score of a skill across the team on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub day: i64,
    pub skill: String,
    pub average: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// (id, label), in report order.
    pub skills: Vec<(String, String)>,
    pub attempts: u32,
    pub cohort: Vec<CohortRow>,
    pub pass_rates: Vec<PassRate>,
    pub frequent_findings: Vec<FindingCount>,
    pub strengths: Vec<Strength>,
    pub trends: Vec<TrendPoint>,
}

/// The attempts a filter selects, as SQL over `attempts a JOIN trainees t`, with its three bound
/// parameters ?1 trainee, ?2 since, ?3 scenario. A filter that is not set reads `?n IS NULL`
/// (always true) rather than `(?n IS NULL OR ...)`, so that SQLite can use an index for the
/// ones that are.
fn filtered(filter: &Filter) -> String {
    format!(
        "SELECT a.*, t.name AS trainee FROM attempts a JOIN trainees t ON t.id = a.trainee_id WHERE {} AND {} AND {}",
        if filter.trainee.is_some() {
            "t.name = ?1"
        } else {
            "?1 IS NULL"
        },
        if filter.since.is_some() {
            "a.ended_at >= ?2"
        } else {
            "?2 IS NULL"
        },
        if filter.scenario.is_some() {
            "a.scenario_id = ?3"
        } else {
            "?3 IS NULL"
        },
    )
}

fn opt_u32(row: &Row, i: usize) -> rusqlite::Result<Option<u32>> {
    row.get::<_, Option<i64>>(i)
        .map(|v| v.map(|v| v.clamp(0, i64::from(u32::MAX)) as u32))
}

/// One attempt a filter selects, as the team report needs it.
struct Selected {
    id: i64,
    trainee_id: i64,
    ended_at: i64,
    /// Index into [`Selection::scenarios`].
    scenario: usize,
    passed: bool,
    overall: Option<u32>,
}

/// The attempts a filter selects, held in memory so that the report reads each table of
/// scores and findings once, looking attempts up here, instead of joining row by row.
struct Selection {
    attempts: Vec<Selected>,
    /// Attempt id to its place in `attempts`.
    places: FastMap<i64, usize>,
    scenarios: Vec<String>,
    /// Whether so few attempts are selected that reading their scores and findings attempt by
    /// attempt beats one pass over the whole table.
    narrow: bool,
}

// The report's tallies hash with FxHash (rustc-hash): their keys come from our own database,
// so SipHash's defence against crafted keys buys nothing, and costs a fifth of the report.
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
type FastSet<T> = rustc_hash::FxHashSet<T>;

impl Selection {
    /// The newer of two attempts, by end time and then id, as the reports order them.
    fn newer(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.attempts[a], &self.attempts[b]);
        (x.ended_at, x.id) > (y.ended_at, y.id)
    }
}

/// The index of `name` in `names`, adding it if new; for the few distinct skills and scenarios
/// a report meets, a scan is cheaper than hashing.
fn intern(names: &mut Vec<String>, name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or_else(|| {
        names.push(name.to_owned());
        names.len() - 1
    })
}

/// Running totals for one (rule, skill) of deduction findings.
struct FindingTally {
    rule: String,
    skill: String,
    count: u32,
    trainees: FastSet<i64>,
    /// The least message, as SQL's `MIN` would give it.
    example: String,
}

/// Running totals for one trainee's (or one day's) scores in one skill.
#[derive(Default)]
struct ScoreTally {
    sum: i64,
    count: i64,
}

impl ScoreTally {
    fn add(&mut self, score: i64) {
        self.sum += score;
        self.count += 1;
    }

    /// The mean, computed as SQLite's `AVG` computes it over integers.
    fn average(&self) -> f64 {
        self.sum as f64 / self.count as f64
    }
}

/// One trainee's scores in one skill: their total, and the latest two.
#[derive(Default)]
struct TraineeSkill {
    total: ScoreTally,
    /// (place in the selection, score), newest first.
    latest: [Option<(usize, u32)>; 2],
}

impl TraineeSkill {
    fn add(&mut self, selection: &Selection, place: usize, score: i64) {
        self.total.add(score);
        let entry = Some((place, score.clamp(0, i64::from(u32::MAX)) as u32));
        match self.latest {
            [Some((newest, _)), _] if !selection.newer(place, newest) => {
                if self.latest[1].is_none_or(|(second, _)| selection.newer(place, second)) {
                    self.latest[1] = entry;
                }
            }
            [newest, _] => self.latest = [entry, newest],
        }
    }
}

impl Store {
    /// Skills in the order the most recent attempts reported them.
    fn skill_order(&self, filter: &Filter) -> Result<Vec<(String, String)>, Error> {
        let sql = format!(
            "WITH f AS ({}) SELECT s.skill, s.label FROM skill_scores s
             WHERE s.attempt_id = (SELECT id FROM f ORDER BY ended_at DESC, id DESC LIMIT 1) ORDER BY s.rowid",
            filtered(filter)
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        st.query_map(params![filter.trainee, filter.since, filter.scenario], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .and_then(Iterator::collect)
        .map_err(self.fail())
    }

    pub fn progress(&self, trainee: &str) -> Result<Progress, Error> {
        let filter = Filter {
            trainee: Some(trainee.to_owned()),
            ..Filter::default()
        };
        let p = params![filter.trainee, filter.since, filter.scenario];
        let sql = format!(
            "WITH f AS ({})
             SELECT scenario_id, COUNT(*),
                    (SELECT overall FROM f g WHERE g.scenario_id = f.scenario_id ORDER BY ended_at, id LIMIT 1),
                    MAX(overall),
                    (SELECT overall FROM f g WHERE g.scenario_id = f.scenario_id ORDER BY ended_at DESC, id DESC LIMIT 1),
                    SUM(passed)
             FROM f GROUP BY scenario_id ORDER BY scenario_id",
            filtered(&filter)
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let scenarios: Vec<ScenarioProgress> = st
            .query_map(p, |r| {
                Ok(ScenarioProgress {
                    scenario: r.get(0)?,
                    attempts: r.get(1)?,
                    first: opt_u32(r, 2)?,
                    best: opt_u32(r, 3)?,
                    latest: opt_u32(r, 4)?,
                    passed: r.get(5)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.fail())?;
        let attempts = scenarios.iter().map(|s| s.attempts).sum();
        let mut skills = Vec::new();
        let sql = format!(
            "WITH f AS ({} ORDER BY a.ended_at DESC, a.id DESC LIMIT {TREND_LENGTH})
             SELECT s.score FROM f JOIN skill_scores s ON s.attempt_id = f.id
             WHERE s.skill = ?4 AND s.score IS NOT NULL ORDER BY f.ended_at, f.id",
            filtered(&filter)
        );
        for (skill, label) in self.skill_order(&filter)? {
            let mut st = self.conn().prepare_cached(&sql).map_err(self.fail())?;
            let scores: Vec<u32> = st
                .query_map(params![filter.trainee, filter.since, filter.scenario, skill], |r| {
                    r.get(0)
                })
                .and_then(Iterator::collect)
                .map_err(self.fail())?;
            skills.push(SkillTrend { skill, label, scores });
        }
        let recurring = self.frequent_findings(&filter, &self.select(&filter)?, 5)?;
        Ok(Progress {
            trainee: trainee.to_owned(),
            attempts,
            scenarios,
            skills,
            recurring,
        })
    }

    /// Loads the attempts `filter` selects.
    fn select(&self, filter: &Filter) -> Result<Selection, Error> {
        let sql = format!(
            "SELECT f.id, f.trainee_id, f.ended_at, f.scenario_id, f.passed, f.overall FROM ({}) f",
            filtered(filter)
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let mut rows = st
            .query(params![filter.trainee, filter.since, filter.scenario])
            .map_err(self.fail())?;
        let mut attempts = Vec::new();
        let mut scenarios = Vec::new();
        while let Some(r) = rows.next().map_err(self.fail())? {
            let read = |scenarios: &mut Vec<String>| -> rusqlite::Result<Selected> {
                Ok(Selected {
                    id: r.get(0)?,
                    trainee_id: r.get(1)?,
                    ended_at: r.get(2)?,
                    scenario: intern(scenarios, r.get_ref(3)?.as_str()?),
                    passed: r.get(4)?,
                    overall: opt_u32(r, 5)?,
                })
            };
            attempts.push(read(&mut scenarios).map_err(self.fail())?);
        }
        let total: usize = self
            .conn()
            .query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))
            .map_err(self.fail())?;
        Ok(Selection {
            // Below an eighth of the record, seeking each attempt's rows through an index costs
            // less than reading the whole table (measured on 100,000 attempts).
            narrow: attempts.len() * 8 < total,
            places: attempts.iter().enumerate().map(|(i, a)| (a.id, i)).collect(),
            attempts,
            scenarios,
        })
    }

    /// Calls `each` with the place in `selection` and the row of every row of `table` (aliased
    /// `x`, with `columns` after its `attempt_id`) that belongs to a selected attempt and meets
    /// `condition`: through the selected attempts when they are few, else in one pass over the
    /// table.
    fn each_row_of(
        &self,
        filter: &Filter,
        selection: &Selection,
        table: &str,
        columns: &str,
        condition: &str,
        mut each: impl FnMut(usize, &Row) -> rusqlite::Result<()>,
    ) -> Result<(), Error> {
        let sql = if selection.narrow {
            format!(
                "SELECT x.attempt_id, {columns} FROM ({}) f CROSS JOIN {table} x ON x.attempt_id = f.id WHERE {condition}",
                filtered(filter)
            )
        } else {
            format!("SELECT x.attempt_id, {columns} FROM {table} x WHERE {condition}")
        };
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let mut rows = if selection.narrow {
            st.query(params![filter.trainee, filter.since, filter.scenario])
        } else {
            st.query([])
        }
        .map_err(self.fail())?;
        while let Some(r) = rows.next().map_err(self.fail())? {
            let id: i64 = r.get(0).map_err(self.fail())?;
            if let Some(&i) = selection.places.get(&id) {
                each(i, r).map_err(self.fail())?;
            }
        }
        Ok(())
    }

    /// The deductions that come up most, with how many trainees they came up for and the least
    /// of their messages as an example.
    fn frequent_findings(
        &self,
        filter: &Filter,
        selection: &Selection,
        limit: usize,
    ) -> Result<Vec<FindingCount>, Error> {
        // Rule id to the tallies of its skills (one, unless the rubric changed).
        let mut tallies: FastMap<String, Vec<FindingTally>> = FastMap::default();
        self.each_row_of(
            filter,
            selection,
            "findings",
            "x.rule, x.skill, x.message",
            "x.effect = 'deduction'",
            |i, r| {
                let (rule, skill, message) = (
                    r.get_ref(1)?.as_str()?,
                    r.get_ref(2)?.as_str()?,
                    r.get_ref(3)?.as_bytes()?,
                );
                let skills = match tallies.get_mut(rule) {
                    Some(skills) => skills,
                    None => tallies.entry(rule.to_owned()).or_default(),
                };
                let tally = match skills.iter().position(|t| t.skill == skill) {
                    Some(k) => &mut skills[k],
                    None => {
                        skills.push(FindingTally {
                            rule: rule.to_owned(),
                            skill: skill.to_owned(),
                            count: 0,
                            trainees: FastSet::default(),
                            example: r.get(3)?,
                        });
                        skills.last_mut().expect("just pushed")
                    }
                };
                tally.count += 1;
                tally.trainees.insert(selection.attempts[i].trainee_id);
                if message < tally.example.as_bytes() {
                    tally.example = r.get(3)?;
                }
                Ok(())
            },
        )?;
        let mut tallies: Vec<FindingTally> = tallies.into_values().flatten().collect();
        tallies.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.skill.cmp(&b.skill))
        });
        tallies.truncate(limit);
        Ok(tallies
            .into_iter()
            .map(|t| FindingCount {
                rule: t.rule,
                skill: t.skill,
                count: t.count,
                trainees: t.trainees.len() as u32,
                example: t.example,
            })
            .collect())
    }

    pub fn report(&self, filter: &Filter) -> Result<Report, Error> {
        let skills = self.skill_order(filter)?;
        let selection = self.select(filter)?;
        let attempts = &selection.attempts;
        let names: HashMap<i64, String> = self
            .conn()
            .prepare("SELECT id, name FROM trainees")
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(self.fail())?;
        let name = |trainee_id: i64| names.get(&trainee_id).cloned().unwrap_or_default();

        // One pass over the scores: per trainee and skill the total and the latest two scores;
        // per day and skill the total.
        let mut skill_ids: Vec<String> = Vec::new();
        let mut by_trainee: FastMap<(i64, usize), TraineeSkill> = FastMap::default();
        let mut by_day: FastMap<(i64, usize), ScoreTally> = FastMap::default();
        self.each_row_of(
            filter,
            &selection,
            "skill_scores",
            "x.skill, x.score",
            "x.score IS NOT NULL",
            |i, r| {
                let skill = intern(&mut skill_ids, r.get_ref(1)?.as_str()?);
                let score: i64 = r.get(2)?;
                let attempt = &attempts[i];
                by_trainee
                    .entry((attempt.trainee_id, skill))
                    .or_default()
                    .add(&selection, i, score);
                by_day.entry((attempt.ended_at / 86_400, skill)).or_default().add(score);
                Ok(())
            },
        )?;

        // Per trainee: attempts, and the overall score of the latest.
        let mut cohort: FastMap<i64, (u32, usize)> = FastMap::default();
        for (i, a) in attempts.iter().enumerate() {
            let (count, latest) = cohort.entry(a.trainee_id).or_insert((0, i));
            *count += 1;
            if selection.newer(i, *latest) {
                *latest = i;
            }
        }
        let mut cohort: Vec<CohortRow> = cohort
            .into_iter()
            .map(|(trainee_id, (count, latest))| CohortRow {
                trainee: name(trainee_id),
                attempts: count,
                latest_overall: attempts[latest].overall,
                skills: skills
                    .iter()
                    .map(|(skill, _)| {
                        let k = skill_ids.iter().position(|s| s == skill)?;
                        let [Some((_, latest)), previous] = by_trainee.get(&(trainee_id, k))?.latest else {
                            return None;
                        };
                        Some(SkillCell {
                            latest,
                            change: previous.map(|(_, prev)| latest as i32 - prev as i32),
                        })
                    })
                    .collect(),
            })
            .collect();
        cohort.sort_by(|a, b| a.trainee.cmp(&b.trainee));

        let mut pass_rates: Vec<PassRate> = selection
            .scenarios
            .iter()
            .map(|scenario| PassRate {
                scenario: scenario.clone(),
                attempts: 0,
                passed: 0,
            })
            .collect();
        for a in attempts {
            pass_rates[a.scenario].attempts += 1;
            pass_rates[a.scenario].passed += u32::from(a.passed);
        }
        pass_rates.sort_by(|a, b| a.scenario.cmp(&b.scenario));

        // A trainee's strength: a skill they average 85 or more on over their recent attempts.
        // The skill's label is the one its latest score was saved with.
        let mut strengths: Vec<(Strength, usize)> = by_trainee
            .iter()
            .filter(|(_, scores)| scores.total.average() >= 85.0)
            .map(|(&(trainee_id, skill), scores)| {
                let strength = Strength {
                    trainee: name(trainee_id),
                    skill: skill_ids[skill].clone(),
                    label: String::new(),
                    average: scores.total.average(),
                };
                (strength, scores.latest[0].map_or(0, |(place, _)| place))
            })
            .collect();
        strengths.sort_by(|(a, _), (b, _)| {
            b.average
                .total_cmp(&a.average)
                .then_with(|| a.trainee.cmp(&b.trainee))
                .then_with(|| a.skill.cmp(&b.skill))
        });
        strengths.truncate(10);
        let mut label = self
            .conn()
            .prepare("SELECT label FROM skill_scores WHERE attempt_id = ?1 AND skill = ?2")
            .map_err(self.fail())?;
        let strengths = strengths
            .into_iter()
            .map(|(strength, latest)| {
                let label = label.query_row(params![attempts[latest].id, strength.skill], |r| r.get(0));
                Ok(Strength {
                    label: label.map_err(self.fail())?,
                    ..strength
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;

        let mut trends: Vec<TrendPoint> = by_day
            .iter()
            .map(|(&(day, skill), tally)| TrendPoint {
                day,
                skill: skill_ids[skill].clone(),
                average: tally.average(),
            })
            .collect();
        trends.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.skill.cmp(&b.skill)));

        Ok(Report {
            skills,
            attempts: attempts.len() as u32,
            cohort,
            pass_rates,
            frequent_findings: self.frequent_findings(filter, &selection, 10)?,
            strengths,
            trends,
        })
    }

    /// Every attempt and skill the filter selects, for CSV: one call per row, streamed.
    pub fn each_attempt_skill(
        &self,
        filter: &Filter,
        mut row: impl FnMut(AttemptSkillRow) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let sql = format!(
            "WITH f AS ({})
             SELECT f.id, f.ended_at, f.trainee, f.scenario_id, f.outcome, f.overall, f.passed, f.hints, s.skill, s.score
             FROM f JOIN skill_scores s ON s.attempt_id = f.id ORDER BY f.ended_at, f.id, s.rowid",
            filtered(filter)
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let mut rows = st
            .query(params![filter.trainee, filter.since, filter.scenario])
            .map_err(self.fail())?;
        while let Some(r) = rows.next().map_err(self.fail())? {
            let read = || -> rusqlite::Result<AttemptSkillRow> {
                Ok(AttemptSkillRow {
                    attempt: r.get(0)?,
                    ended_at: r.get(1)?,
                    trainee: r.get(2)?,
                    scenario: r.get(3)?,
                    outcome: r.get(4)?,
                    overall: opt_u32(r, 5)?,
                    passed: r.get(6)?,
                    hints: r.get(7)?,
                    skill: r.get(8)?,
                    score: opt_u32(r, 9)?,
                })
            };
            row(read().map_err(self.fail())?)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptSkillRow {
    pub attempt: i64,
    pub ended_at: i64,
    pub trainee: String,
    pub scenario: String,
    pub outcome: String,
    pub overall: Option<u32>,
    pub passed: bool,
    pub hints: u32,
    pub skill: String,
    pub score: Option<u32>,
}
