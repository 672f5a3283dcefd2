-- +goose Up
-- Pairing assistance and consortia (结对帮扶 / 办学联合体, SPEC §5).
--
-- Consortia become managed records: their kind (primary schools by school
-- district, middle schools by area), the district or area, a description.
-- The roster column already names a consortium row; here every existing row
-- gets its kind from its members and, without a lead, its first urban member.
--
-- A pairing cycle is a programme of kind pairing: the kind of school it
-- pairs, the helpers' capacities by demonstration level, the weeks without
-- activity that make a pair idle, the cycle it follows, when its pairs were
-- published and its end-of-cycle review. Each pair is a helping school (or
-- an external partner, 对口帮扶) and a helped school; goals per period; the
-- ledger both schools write, with the people who took part (and the
-- training credit their hours gave); the self-review that closes a period;
-- the city's inspections; commendations at the end of the cycle.

ALTER TABLE consortia ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE consortia ADD COLUMN area TEXT NOT NULL DEFAULT '';
ALTER TABLE consortia ADD COLUMN description TEXT NOT NULL DEFAULT '';

UPDATE consortia SET kind = CASE WHEN EXISTS (SELECT 1 FROM schools s WHERE s.consortium_id = consortia.id
    AND s.level IN ('junior', 'complete', 'senior', 'nine_year')) THEN 'middle' ELSE 'primary' END;
UPDATE consortia SET lead_school_id = (SELECT MIN(s.id) FROM schools s WHERE s.consortium_id = consortia.id AND s.location = 'urban')
    WHERE lead_school_id IS NULL;

CREATE TABLE pairing_cycles (
    programme_id      INTEGER PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    school_kind       TEXT NOT NULL,
    capacity_province INTEGER NOT NULL DEFAULT 2,
    capacity_city     INTEGER NOT NULL DEFAULT 2,
    capacity_county   INTEGER NOT NULL DEFAULT 1,
    capacity_quality  INTEGER NOT NULL DEFAULT 1,
    idle_weeks        INTEGER NOT NULL DEFAULT 8,
    previous_id       INTEGER REFERENCES pairing_cycles (programme_id) ON DELETE SET NULL,
    published_at      TIMESTAMP,
    published_by      TEXT NOT NULL DEFAULT '',
    review            TEXT NOT NULL DEFAULT '',
    reviewed_at       TIMESTAMP,
    reviewed_by       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE pairing_partners (
    id         INTEGER PRIMARY KEY,
    county_id  INTEGER NOT NULL REFERENCES counties (id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    region     TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (county_id, name)
);

CREATE TABLE pairing_pairs (
    id               INTEGER PRIMARY KEY,
    cycle_id         INTEGER NOT NULL REFERENCES pairing_cycles (programme_id) ON DELETE CASCADE,
    helper_school_id INTEGER REFERENCES schools (id),
    partner_id       INTEGER REFERENCES pairing_partners (id),
    helped_school_id INTEGER NOT NULL REFERENCES schools (id),
    kept             BOOLEAN NOT NULL DEFAULT FALSE,
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (cycle_id, helped_school_id),
    CHECK ((helper_school_id IS NULL) <> (partner_id IS NULL))
);
CREATE INDEX pairing_pairs_helper ON pairing_pairs (helper_school_id);
CREATE INDEX pairing_pairs_helped ON pairing_pairs (helped_school_id);

CREATE TABLE pairing_goals (
    pair_id INTEGER NOT NULL REFERENCES pairing_pairs (id) ON DELETE CASCADE,
    period  INTEGER NOT NULL,
    area    TEXT NOT NULL,
    goal    TEXT NOT NULL,
    PRIMARY KEY (pair_id, period, area)
);

CREATE TABLE pairing_activities (
    id         INTEGER PRIMARY KEY,
    pair_id    INTEGER NOT NULL REFERENCES pairing_pairs (id) ON DELETE CASCADE,
    period     INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    held_on    DATE NOT NULL,
    title      TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    hours      INTEGER NOT NULL DEFAULT 0,
    school_id  INTEGER REFERENCES schools (id),
    items      TEXT NOT NULL DEFAULT '',
    quantity   INTEGER NOT NULL DEFAULT 0,
    value_fen  BIGINT NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pairing_activities_pair ON pairing_activities (pair_id, held_on);

CREATE TABLE pairing_activity_people (
    activity_id INTEGER NOT NULL REFERENCES pairing_activities (id) ON DELETE CASCADE,
    educator_id INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    credit_id   INTEGER UNIQUE REFERENCES training_credits (id) ON DELETE SET NULL,
    PRIMARY KEY (activity_id, educator_id)
);

CREATE TABLE pairing_reviews (
    pair_id    INTEGER NOT NULL REFERENCES pairing_pairs (id) ON DELETE CASCADE,
    period     INTEGER NOT NULL,
    summary    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pair_id, period)
);

CREATE TABLE pairing_inspections (
    id           INTEGER PRIMARY KEY,
    pair_id      INTEGER NOT NULL REFERENCES pairing_pairs (id) ON DELETE CASCADE,
    inspected_on DATE NOT NULL,
    checklist    TEXT NOT NULL,
    grade        TEXT NOT NULL,
    findings     TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX pairing_inspections_pair ON pairing_inspections (pair_id);

CREATE TABLE pairing_commendations (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES pairing_cycles (programme_id) ON DELETE CASCADE,
    pair_id     INTEGER REFERENCES pairing_pairs (id) ON DELETE CASCADE,
    educator_id INTEGER REFERENCES educators (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE pairing_commendations;
DROP TABLE pairing_inspections;
DROP TABLE pairing_reviews;
DROP TABLE pairing_activity_people;
DROP TABLE pairing_activities;
DROP TABLE pairing_goals;
DROP TABLE pairing_pairs;
DROP TABLE pairing_partners;
DROP TABLE pairing_cycles;
ALTER TABLE consortia DROP COLUMN description;
ALTER TABLE consortia DROP COLUMN area;
ALTER TABLE consortia DROP COLUMN kind;
