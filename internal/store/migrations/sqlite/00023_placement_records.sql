-- +goose Up
-- The placement day by day (SPEC §4.4): each placement gets an id of its
-- own; the participant's records (personal plan, daily logs, lesson
-- observations, deliverables) with their earlier versions and the mentor's
-- comments; daily attendance; and the programme's requirements, from which
-- progress is computed.

CREATE TABLE placements (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL,
    educator_id  INTEGER NOT NULL,
    UNIQUE (programme_id, educator_id),
    FOREIGN KEY (programme_id, educator_id) REFERENCES secondment_placements (programme_id, educator_id) ON DELETE CASCADE
);
INSERT INTO placements (programme_id, educator_id) SELECT programme_id, educator_id FROM secondment_placements ORDER BY programme_id, educator_id;

-- One row per record. kind is plan, log, observation or deliverable; type
-- the deliverable's type. body is a log's schedule, an observation's notes,
-- a plan's or deliverable's text; chars counts the characters of body.
CREATE TABLE placement_records (
    id           INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    type         TEXT NOT NULL DEFAULT '',
    day          DATE NOT NULL,
    period       TEXT NOT NULL DEFAULT '',
    class_name   TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    teacher      TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    reflection   TEXT NOT NULL DEFAULT '',
    chars        INTEGER NOT NULL DEFAULT 0,
    assessment   BOOLEAN NOT NULL DEFAULT FALSE,
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX placement_records_placement ON placement_records (placement_id, kind, day);
-- One log a day, one personal plan, one assessment lesson.
CREATE UNIQUE INDEX placement_records_log_day ON placement_records (placement_id, day) WHERE kind = 'log';
CREATE UNIQUE INDEX placement_records_plan ON placement_records (placement_id) WHERE kind = 'plan';
CREATE UNIQUE INDEX placement_records_assessment ON placement_records (placement_id) WHERE assessment;

-- The earlier versions of a record, kept on every edit.
CREATE TABLE placement_record_versions (
    record_id  INTEGER NOT NULL REFERENCES placement_records (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    topic      TEXT NOT NULL,
    body       TEXT NOT NULL,
    reflection TEXT NOT NULL,
    saved_by   TEXT NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (record_id, version)
);

-- The mentor's (or another reader's) comments on a record.
CREATE TABLE placement_comments (
    id          INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES placement_records (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    author_name TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX placement_comments_record ON placement_comments (record_id);

-- Daily sign-in (签到), by the participant or for the host.
CREATE TABLE placement_attendance (
    placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    day          DATE NOT NULL,
    by_host      BOOLEAN NOT NULL,
    signed_by    TEXT NOT NULL,
    signed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (placement_id, day)
);

-- A programme's requirements: kind per_day, total, min_chars, deadline or
-- presence; counts lists what counts (kind or kind:type, comma separated).
CREATE TABLE placement_requirements (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    counts       TEXT NOT NULL DEFAULT '',
    target       INTEGER NOT NULL,
    due          DATE,
    UNIQUE (programme_id, name)
);

-- +goose Down
DROP TABLE placement_requirements;
DROP TABLE placement_attendance;
DROP TABLE placement_comments;
DROP TABLE placement_record_versions;
DROP TABLE placement_records;
DROP TABLE placements;
