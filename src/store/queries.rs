//! The questions trainees and managers ask of the record: how am I doing (`progress`), and how
//! is the team doing (`report`). Every filter is a bound parameter.

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

/// The attempts a filter selects, as a SQL fragment over `attempts a JOIN trainees t`, with its
/// three bound parameters ?1 trainee, ?2 since, ?3 scenario.
const FILTERED: &str = "SELECT a.* , t.name AS trainee FROM attempts a JOIN trainees t ON t.id = a.trainee_id
    WHERE (?1 IS NULL OR t.name = ?1) AND (?2 IS NULL OR a.ended_at >= ?2) AND (?3 IS NULL OR a.scenario_id = ?3)";

fn opt_u32(row: &Row, i: usize) -> rusqlite::Result<Option<u32>> {
    row.get::<_, Option<i64>>(i)
        .map(|v| v.map(|v| v.clamp(0, i64::from(u32::MAX)) as u32))
}

impl Store {
    /// Skills in the order the most recent attempts reported them.
    fn skill_order(&self, filter: &Filter) -> Result<Vec<(String, String)>, Error> {
        let sql = format!(
            "WITH f AS ({FILTERED}) SELECT s.skill, s.label FROM skill_scores s
             WHERE s.attempt_id = (SELECT id FROM f ORDER BY ended_at DESC, id DESC LIMIT 1) ORDER BY s.rowid"
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
            "WITH f AS ({FILTERED})
             SELECT scenario_id, COUNT(*),
                    (SELECT overall FROM f g WHERE g.scenario_id = f.scenario_id ORDER BY ended_at, id LIMIT 1),
                    MAX(overall),
                    (SELECT overall FROM f g WHERE g.scenario_id = f.scenario_id ORDER BY ended_at DESC, id DESC LIMIT 1),
                    SUM(passed)
             FROM f GROUP BY scenario_id ORDER BY scenario_id"
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
            "WITH f AS ({FILTERED} ORDER BY a.ended_at DESC, a.id DESC LIMIT {TREND_LENGTH})
             SELECT s.score FROM f JOIN skill_scores s ON s.attempt_id = f.id
             WHERE s.skill = ?4 AND s.score IS NOT NULL ORDER BY f.ended_at, f.id"
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
        let recurring = self.frequent_findings(&filter, 5)?;
        Ok(Progress {
            trainee: trainee.to_owned(),
            attempts,
            scenarios,
            skills,
            recurring,
        })
    }

    fn frequent_findings(&self, filter: &Filter, limit: u32) -> Result<Vec<FindingCount>, Error> {
        let sql = format!(
            "WITH f AS ({FILTERED})
             SELECT x.rule, x.skill, COUNT(*) AS n, COUNT(DISTINCT f.trainee_id), MIN(x.message)
             FROM findings x JOIN f ON f.id = x.attempt_id
             WHERE x.effect = 'deduction'
             GROUP BY x.rule, x.skill ORDER BY n DESC, x.rule LIMIT ?4"
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        st.query_map(params![filter.trainee, filter.since, filter.scenario, limit], |r| {
            Ok(FindingCount {
                rule: r.get(0)?,
                skill: r.get(1)?,
                count: r.get(2)?,
                trainees: r.get(3)?,
                example: r.get(4)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(self.fail())
    }

    pub fn report(&self, filter: &Filter) -> Result<Report, Error> {
        let p = params![filter.trainee, filter.since, filter.scenario];
        let skills = self.skill_order(filter)?;
        let attempts: u32 = self
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM ({FILTERED})"), p, |r| r.get(0))
            .map_err(self.fail())?;

        // Latest and previous score per trainee and skill.
        let sql = format!(
            "WITH f AS ({FILTERED}),
             ranked AS (
               SELECT f.trainee, s.skill, s.score,
                      ROW_NUMBER() OVER (PARTITION BY f.trainee_id, s.skill ORDER BY f.ended_at DESC, f.id DESC) AS rn
               FROM f JOIN skill_scores s ON s.attempt_id = f.id WHERE s.score IS NOT NULL)
             SELECT trainee, skill, MAX(CASE WHEN rn = 1 THEN score END), MAX(CASE WHEN rn = 2 THEN score END)
             FROM ranked WHERE rn <= 2 GROUP BY trainee, skill"
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let cells: Vec<(String, String, Option<u32>, Option<u32>)> = st
            .query_map(p, |r| Ok((r.get(0)?, r.get(1)?, opt_u32(r, 2)?, opt_u32(r, 3)?)))
            .and_then(Iterator::collect)
            .map_err(self.fail())?;
        let sql = format!(
            "WITH f AS ({FILTERED})
             SELECT trainee, COUNT(*), (SELECT overall FROM f g WHERE g.trainee_id = f.trainee_id ORDER BY ended_at DESC, id DESC LIMIT 1)
             FROM f GROUP BY trainee_id ORDER BY trainee"
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let cohort: Vec<CohortRow> = st
            .query_map(p, |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, opt_u32(r, 2)?)))
            .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
            .map_err(self.fail())?
            .into_iter()
            .map(|(trainee, attempts, latest_overall)| {
                let skills = skills
                    .iter()
                    .map(|(skill, _)| {
                        cells.iter().find(|c| c.0 == trainee && c.1 == *skill).and_then(|c| {
                            c.2.map(|latest| SkillCell {
                                latest,
                                change: c.3.map(|prev| latest as i32 - prev as i32),
                            })
                        })
                    })
                    .collect();
                CohortRow {
                    trainee,
                    attempts,
                    latest_overall,
                    skills,
                }
            })
            .collect();

        let sql = format!(
            "WITH f AS ({FILTERED}) SELECT scenario_id, COUNT(*), SUM(passed) FROM f GROUP BY scenario_id ORDER BY scenario_id"
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let pass_rates = st
            .query_map(p, |r| {
                Ok(PassRate {
                    scenario: r.get(0)?,
                    attempts: r.get(1)?,
                    passed: r.get(2)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.fail())?;

        // A trainee's strength: a skill they average 85 or more on over their recent attempts.
        let sql = format!(
            "WITH f AS ({FILTERED})
             SELECT f.trainee, s.skill, s.label, AVG(s.score) AS avg FROM f JOIN skill_scores s ON s.attempt_id = f.id
             WHERE s.score IS NOT NULL GROUP BY f.trainee_id, s.skill HAVING avg >= 85 ORDER BY avg DESC, f.trainee LIMIT 10"
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let strengths = st
            .query_map(p, |r| {
                Ok(Strength {
                    trainee: r.get(0)?,
                    skill: r.get(1)?,
                    label: r.get(2)?,
                    average: r.get(3)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.fail())?;

        let sql = format!(
            "WITH f AS ({FILTERED})
             SELECT f.ended_at / 86400 AS day, s.skill, AVG(s.score) FROM f JOIN skill_scores s ON s.attempt_id = f.id
             WHERE s.score IS NOT NULL GROUP BY day, s.skill ORDER BY day"
        );
        let mut st = self.conn().prepare(&sql).map_err(self.fail())?;
        let trends = st
            .query_map(p, |r| {
                Ok(TrendPoint {
                    day: r.get(0)?,
                    skill: r.get(1)?,
                    average: r.get(2)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.fail())?;

        Ok(Report {
            skills,
            attempts,
            cohort,
            pass_rates,
            frequent_findings: self.frequent_findings(filter, 10)?,
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
            "WITH f AS ({FILTERED})
             SELECT f.id, f.ended_at, f.trainee, f.scenario_id, f.outcome, f.overall, f.passed, f.hints, s.skill, s.score
             FROM f JOIN skill_scores s ON s.attempt_id = f.id ORDER BY f.ended_at, f.id, s.rowid"
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
