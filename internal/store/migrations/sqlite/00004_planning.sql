-- +goose Up
-- Planning (交流轮岗方案, SPEC §3.3): what teachers and county HR enter for a
-- school year's plans, the staffing bounds edited per school and subject,
-- and the plans with their files, edits, exchanges and objections.

-- A teacher's planning inputs for a school year: volunteering, the 量化打分
-- score, the 末位调岗 flag and the wished schools (ids, best first).
CREATE TABLE planning_inputs (
    id          INTEGER PRIMARY KEY,
    educator_id INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    volunteer   BOOLEAN NOT NULL DEFAULT FALSE,
    score       REAL,
    last_ranked BOOLEAN NOT NULL DEFAULT FALSE,
    prefs       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (educator_id, school_year)
);
CREATE INDEX planning_inputs_year ON planning_inputs (school_year);

-- Staffing bounds edited per school, subject (or post) and mode.
CREATE TABLE planning_staffing (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    mode        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    min_count   INTEGER NOT NULL,
    max_count   INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (school_id, school_year, mode, subject)
);

-- A plan: settings, the instance file and its facts, the solver's last
-- plan file, the moves as edited, pins and forbids, and the approval.
CREATE TABLE planning_plans (
    id             INTEGER PRIMARY KEY,
    county_id      INTEGER NOT NULL REFERENCES counties (id),
    school_year    INTEGER NOT NULL,
    mode           TEXT NOT NULL,
    title          TEXT NOT NULL,
    status         TEXT NOT NULL,
    settings       TEXT NOT NULL,
    solve_state    TEXT NOT NULL DEFAULT '',
    run_id         INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    solve_error    TEXT NOT NULL DEFAULT '',
    solved_at      TIMESTAMP,
    result         TEXT NOT NULL DEFAULT '{}',
    root_bound     REAL NOT NULL DEFAULT 0,
    moves          TEXT NOT NULL DEFAULT '[]',
    edited         BOOLEAN NOT NULL DEFAULT FALSE,
    pins           TEXT NOT NULL DEFAULT '[]',
    forbids        TEXT NOT NULL DEFAULT '[]',
    solved_pins    TEXT NOT NULL DEFAULT '[]',
    solved_forbids TEXT NOT NULL DEFAULT '[]',
    notice_days    INTEGER NOT NULL DEFAULT 0,
    notice_start   DATE,
    notice_end     DATE,
    approved_by    TEXT NOT NULL DEFAULT '',
    approved_at    TIMESTAMP,
    announced_by   TEXT NOT NULL DEFAULT '',
    announced_at   TIMESTAMP,
    note           TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    instance       TEXT NOT NULL DEFAULT '',
    facts          TEXT NOT NULL DEFAULT '',
    solved         TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX planning_plans_county ON planning_plans (county_id, school_year);

-- The history of a plan's edits.
CREATE TABLE planning_edits (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES planning_plans (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    teacher  TEXT NOT NULL DEFAULT '',
    school   TEXT NOT NULL DEFAULT '',
    other    TEXT NOT NULL DEFAULT '',
    summary  TEXT NOT NULL,
    author   TEXT NOT NULL,
    at       TIMESTAMP NOT NULL
);
CREATE INDEX planning_edits_plan ON planning_edits (plan_id);

-- The exchange each move of an approved plan made.
CREATE TABLE planning_exchanges (
    plan_id     INTEGER NOT NULL REFERENCES planning_plans (id) ON DELETE CASCADE,
    teacher     TEXT NOT NULL,
    exchange_id INTEGER NOT NULL REFERENCES rotation_exchanges (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, teacher)
);
CREATE INDEX planning_exchanges_exchange ON planning_exchanges (exchange_id);

-- Objections raised during a plan's public notice, and their answers.
CREATE TABLE planning_objections (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES planning_plans (id) ON DELETE CASCADE,
    teacher     TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    raised_by   TEXT NOT NULL,
    raised_on   DATE NOT NULL,
    upheld      BOOLEAN NOT NULL DEFAULT FALSE,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP
);
CREATE INDEX planning_objections_plan ON planning_objections (plan_id);

-- +goose Down
DROP TABLE planning_objections;
DROP TABLE planning_exchanges;
DROP TABLE planning_edits;
DROP TABLE planning_plans;
DROP TABLE planning_staffing;
DROP TABLE planning_inputs;
