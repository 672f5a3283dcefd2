-- +goose Up
-- Rotation (交流轮岗, SPEC §3): policies and their versions, exemptions,
-- 乡镇内支教 rounds, exchanges with their steps, annual assessments and the
-- returns submitted to the city.

CREATE TABLE rotation_policies (
    id                       INTEGER PRIMARY KEY,
    county_id                INTEGER NOT NULL REFERENCES counties (id),
    school_year              INTEGER NOT NULL,
    version                  INTEGER NOT NULL,
    teacher_max_age_male     INTEGER NOT NULL,
    teacher_max_age_female   INTEGER NOT NULL,
    head_max_age_male        INTEGER NOT NULL,
    head_max_age_female      INTEGER NOT NULL,
    teacher_tenure_years     INTEGER NOT NULL,
    head_tenure_years        INTEGER NOT NULL,
    head_tenure_combined     BOOLEAN NOT NULL,
    levels                   TEXT NOT NULL,
    staff_statuses           TEXT NOT NULL,
    first_year               INTEGER NOT NULL,
    quota_percent            INTEGER NOT NULL,
    first_year_quota_percent INTEGER NOT NULL,
    backbone_percent         INTEGER NOT NULL,
    teacher_min_years        INTEGER NOT NULL,
    head_min_years           INTEGER NOT NULL,
    max_exemption_years      INTEGER NOT NULL,
    township_urban           BOOLEAN NOT NULL,
    title_rural_years        INTEGER NOT NULL,
    note                     TEXT NOT NULL DEFAULT '',
    created_by               TEXT NOT NULL,
    created_at               TIMESTAMP NOT NULL,
    UNIQUE (county_id, school_year, version)
);

CREATE TABLE rotation_exemptions (
    id            INTEGER PRIMARY KEY,
    educator_id   INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    school_id     INTEGER NOT NULL REFERENCES schools (id),
    reason        TEXT NOT NULL,
    detail        TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    start_date    DATE NOT NULL,
    end_date      DATE NOT NULL,
    status        TEXT NOT NULL,
    applied_by    TEXT NOT NULL,
    applied_at    TIMESTAMP NOT NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rotation_exemptions_educator ON rotation_exemptions (educator_id);
CREATE INDEX rotation_exemptions_school ON rotation_exemptions (school_id, status);

CREATE TABLE rotation_rounds (
    id             INTEGER PRIMARY KEY,
    school_id      INTEGER NOT NULL REFERENCES schools (id),
    host_school_id INTEGER NOT NULL REFERENCES schools (id),
    school_year    INTEGER NOT NULL,
    places         INTEGER NOT NULL,
    notice_days    INTEGER NOT NULL,
    start_date     DATE NOT NULL,
    planned_end    DATE NOT NULL,
    status         TEXT NOT NULL,
    notice_start   DATE,
    notice_end     DATE,
    note           TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX rotation_rounds_school ON rotation_rounds (school_id);

CREATE TABLE rotation_exchanges (
    id                 INTEGER PRIMARY KEY,
    educator_id        INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    post               TEXT NOT NULL,
    backbone           TEXT NOT NULL DEFAULT '',
    subjects           TEXT NOT NULL DEFAULT '',
    form               TEXT NOT NULL,
    relation           TEXT NOT NULL,
    origin_school_id   INTEGER NOT NULL REFERENCES schools (id),
    host_school_id     INTEGER NOT NULL REFERENCES schools (id),
    start_date         DATE NOT NULL,
    planned_end        DATE NOT NULL,
    announced_on       DATE,
    actual_start       DATE,
    actual_end         DATE,
    status             TEXT NOT NULL,
    school_year        INTEGER NOT NULL,
    higher_grade       BOOLEAN NOT NULL DEFAULT FALSE,
    allowance          TEXT NOT NULL DEFAULT '',
    note               TEXT NOT NULL DEFAULT '',
    end_reason         TEXT NOT NULL DEFAULT '',
    round_id           INTEGER REFERENCES rotation_rounds (id),
    transfer_requested DATE,
    transfer_note      TEXT NOT NULL DEFAULT '',
    origin_consent_by  TEXT NOT NULL DEFAULT '',
    origin_consent_at  TIMESTAMP,
    host_consent_by    TEXT NOT NULL DEFAULT '',
    host_consent_at    TIMESTAMP,
    created_by         TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX rotation_exchanges_educator ON rotation_exchanges (educator_id);
CREATE INDEX rotation_exchanges_origin ON rotation_exchanges (origin_school_id, school_year);
CREATE INDEX rotation_exchanges_host ON rotation_exchanges (host_school_id, school_year);
-- One open exchange per person: of two made at once, one fails.
CREATE UNIQUE INDEX rotation_exchanges_open ON rotation_exchanges (educator_id) WHERE status IN ('planned', 'announced', 'active');

CREATE TABLE rotation_exchange_events (
    id          INTEGER PRIMARY KEY,
    exchange_id INTEGER NOT NULL REFERENCES rotation_exchanges (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    on_date     DATE NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX rotation_exchange_events_exchange ON rotation_exchange_events (exchange_id);

CREATE TABLE rotation_applications (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rotation_rounds (id) ON DELETE CASCADE,
    educator_id INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    applied_on  DATE NOT NULL,
    statement   TEXT NOT NULL,
    score       REAL,
    score_note  TEXT NOT NULL DEFAULT '',
    scored_by   TEXT NOT NULL DEFAULT '',
    scored_at   TIMESTAMP,
    selected    BOOLEAN NOT NULL DEFAULT FALSE,
    exchange_id INTEGER REFERENCES rotation_exchanges (id),
    UNIQUE (round_id, educator_id)
);

CREATE TABLE rotation_objections (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rotation_rounds (id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES rotation_applications (id),
    text           TEXT NOT NULL,
    raised_by      TEXT NOT NULL,
    raised_on      DATE NOT NULL,
    upheld         BOOLEAN NOT NULL DEFAULT FALSE,
    resolution     TEXT NOT NULL DEFAULT '',
    resolved_by    TEXT NOT NULL DEFAULT '',
    resolved_at    TIMESTAMP
);
CREATE INDEX rotation_objections_round ON rotation_objections (round_id);

CREATE TABLE rotation_assessments (
    id           INTEGER PRIMARY KEY,
    exchange_id  INTEGER NOT NULL REFERENCES rotation_exchanges (id) ON DELETE CASCADE,
    school_year  INTEGER NOT NULL,
    grade        TEXT NOT NULL,
    comment      TEXT NOT NULL,
    status       TEXT NOT NULL,
    entered_by   TEXT NOT NULL,
    entered_at   TIMESTAMP NOT NULL,
    confirmed_by TEXT NOT NULL DEFAULT '',
    confirmed_at TIMESTAMP,
    UNIQUE (exchange_id, school_year)
);

CREATE TABLE rotation_returns (
    county_id    INTEGER NOT NULL REFERENCES counties (id),
    school_year  INTEGER NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    must_rotate  INTEGER NOT NULL,
    rotated      INTEGER NOT NULL,
    backbone     INTEGER NOT NULL,
    PRIMARY KEY (county_id, school_year)
);

-- A career row written by an exchange names it: a rotated principal's
-- appointment at the host, and the exchange row of a teacher.
ALTER TABLE career_entries ADD COLUMN exchange_id INTEGER REFERENCES rotation_exchanges (id);

-- +goose Down
ALTER TABLE career_entries DROP COLUMN exchange_id;
DROP TABLE rotation_returns;
DROP TABLE rotation_assessments;
DROP TABLE rotation_objections;
DROP TABLE rotation_applications;
DROP TABLE rotation_exchange_events;
DROP TABLE rotation_exchanges;
DROP TABLE rotation_rounds;
DROP TABLE rotation_exemptions;
DROP TABLE rotation_policies;
