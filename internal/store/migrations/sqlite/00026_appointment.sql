-- +goose Up
-- Principal selection (校长选聘, SPEC §6): the selection of a vacant post,
-- its candidates with their review and inspection report, the democratic
-- evaluation's one-time codes (kept as hashes) and ballots (phone ballots
-- not linked to their code), the record of steps with time and author, and
-- the three-year contracts with their assessments.

CREATE TABLE appointment_selections (
    id                  INTEGER PRIMARY KEY,
    school_id           INTEGER NOT NULL REFERENCES schools (id),
    post                TEXT NOT NULL,
    vacancy             TEXT NOT NULL,
    vacated_by          INTEGER REFERENCES educators (id),
    conditions          TEXT NOT NULL DEFAULT '',
    max_age             INTEGER NOT NULL DEFAULT 0,
    registration_end    DATE NOT NULL,
    evaluation_date     DATE NOT NULL,
    notice_days         INTEGER NOT NULL,
    pass_percent        INTEGER NOT NULL,
    voters              INTEGER NOT NULL DEFAULT 0,
    stage               TEXT NOT NULL,
    notice_id           INTEGER,
    appointee_notice_id INTEGER,
    appointee_id        INTEGER,
    members             INTEGER NOT NULL DEFAULT 0,
    votes_for           INTEGER NOT NULL DEFAULT 0,
    votes_against       INTEGER NOT NULL DEFAULT 0,
    votes_abstain       INTEGER NOT NULL DEFAULT 0,
    decision_note       TEXT NOT NULL DEFAULT '',
    decided_by          TEXT NOT NULL DEFAULT '',
    decided_at          TIMESTAMP,
    appointed_on        DATE,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX appointment_selections_school ON appointment_selections (school_id);

CREATE TABLE appointment_candidates (
    id              INTEGER PRIMARY KEY,
    selection_id    INTEGER NOT NULL REFERENCES appointment_selections (id) ON DELETE CASCADE,
    educator_id     INTEGER NOT NULL REFERENCES educators (id),
    source          TEXT NOT NULL,
    added_by        TEXT NOT NULL,
    status          TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    auto_qualified  BOOLEAN NOT NULL,
    overrule_reason TEXT NOT NULL DEFAULT '',
    overruled_by    TEXT NOT NULL DEFAULT '',
    overruled_at    TIMESTAMP,
    report          TEXT NOT NULL DEFAULT '',
    inspected_by    TEXT NOT NULL DEFAULT '',
    inspected_at    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (selection_id, educator_id)
);

CREATE TABLE appointment_codes (
    id           INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL REFERENCES appointment_selections (id) ON DELETE CASCADE,
    code_hash    TEXT NOT NULL UNIQUE,
    used_at      TIMESTAMP
);
CREATE INDEX appointment_codes_selection ON appointment_codes (selection_id);

CREATE TABLE appointment_ballots (
    id           INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL REFERENCES appointment_selections (id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES appointment_candidates (id) ON DELETE CASCADE,
    source       TEXT NOT NULL,
    excellent    INTEGER NOT NULL,
    competent    INTEGER NOT NULL,
    basic        INTEGER NOT NULL,
    incompetent  INTEGER NOT NULL,
    entered_by   TEXT NOT NULL DEFAULT '',
    entered_at   TIMESTAMP NOT NULL
);
CREATE INDEX appointment_ballots_candidate ON appointment_ballots (candidate_id);

CREATE TABLE appointment_steps (
    id            INTEGER PRIMARY KEY,
    selection_id  INTEGER NOT NULL REFERENCES appointment_selections (id) ON DELETE CASCADE,
    action        TEXT NOT NULL,
    summary       TEXT NOT NULL,
    actor         TEXT NOT NULL,
    actor_user_id INTEGER,
    at            TIMESTAMP NOT NULL
);
CREATE INDEX appointment_steps_selection ON appointment_steps (selection_id);

CREATE TABLE appointment_contracts (
    id           INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL UNIQUE REFERENCES appointment_selections (id),
    educator_id  INTEGER NOT NULL REFERENCES educators (id),
    school_id    INTEGER NOT NULL REFERENCES schools (id),
    post         TEXT NOT NULL,
    start_on     DATE NOT NULL,
    end_on       DATE NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE appointment_assessments (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES appointment_contracts (id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    grade       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    assessed_by TEXT NOT NULL,
    assessed_at TIMESTAMP NOT NULL,
    UNIQUE (contract_id, year)
);

-- +goose Down
DROP TABLE appointment_assessments;
DROP TABLE appointment_contracts;
DROP TABLE appointment_steps;
DROP TABLE appointment_ballots;
DROP TABLE appointment_codes;
DROP TABLE appointment_candidates;
DROP TABLE appointment_selections;
