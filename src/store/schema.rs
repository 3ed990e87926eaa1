//! The database schema as forward migrations. `PRAGMA user_version` records how many have run;
//! a database from an older deskcoach is brought forward on open, one from a newer one is
//! refused rather than guessed at.

/// Each entry moves the schema from version `index` to `index + 1`. Never edit a shipped
/// migration: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: trainees, attempts and what each attempt was scored.
    "CREATE TABLE trainees (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        trainee_id INTEGER NOT NULL REFERENCES trainees(id),
        scenario_id TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        rubric_hash TEXT NOT NULL,
        program_version TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        hints INTEGER NOT NULL,
        overall INTEGER,
        passed INTEGER NOT NULL,
        note TEXT NOT NULL
    );
    CREATE TABLE turns (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        trainee TEXT NOT NULL,
        caller TEXT NOT NULL,
        intents TEXT NOT NULL,
        mood_before INTEGER NOT NULL,
        mood INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, number)
    );
    CREATE TABLE findings (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        skill TEXT NOT NULL,
        level TEXT NOT NULL,
        effect TEXT NOT NULL,
        turn INTEGER,
        quote TEXT,
        message TEXT NOT NULL,
        suggestion TEXT,
        points INTEGER NOT NULL
    );
    CREATE TABLE skill_scores (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        skill TEXT NOT NULL,
        label TEXT NOT NULL,
        weight INTEGER NOT NULL,
        score INTEGER,
        PRIMARY KEY (attempt_id, skill)
    );
    CREATE INDEX attempts_by_trainee ON attempts(trainee_id, ended_at);
    CREATE INDEX findings_by_attempt ON findings(attempt_id);",
    // 2: the journal of calls in progress, so a killed process can resume; and the indexes
    // the manager's report needs once there are many attempts.
    "CREATE TABLE calls_in_progress (
        id INTEGER PRIMARY KEY,
        trainee_id INTEGER NOT NULL REFERENCES trainees(id),
        scenario_id TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started_at INTEGER NOT NULL
    );
    CREATE TABLE journal (
        call_id INTEGER NOT NULL REFERENCES calls_in_progress(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('line', 'hint')),
        text TEXT NOT NULL,
        PRIMARY KEY (call_id, seq)
    );
    CREATE INDEX attempts_by_scenario ON attempts(scenario_id, ended_at);
    CREATE INDEX attempts_by_time ON attempts(ended_at);",
    // 3: each attempt's deductions, with what the reports count them by, so that the reports
    // read this index (in one pass, or attempt by attempt) instead of the findings themselves.
    "CREATE INDEX findings_deductions ON findings(attempt_id, rule, skill, message) WHERE effect = 'deduction';",
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;
