-- +goose Up
-- The placement day by day, the part of leave, mentoring and completion
-- (SPEC §4.4–4.5): leave requests (请销假) with their decision, the host's
-- acknowledgement and the return.

-- A placement's id. Migration 00023 (the participant workspace) creates
-- this table and fills it; on a database without it, it is made here the
-- same way, so that leave can name its placement. Ids are handed out as
-- placements are first named (PlacementID).
CREATE TABLE IF NOT EXISTS placements (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL,
    educator_id  INTEGER NOT NULL,
    UNIQUE (programme_id, educator_id),
    FOREIGN KEY (programme_id, educator_id) REFERENCES secondment_placements (programme_id, educator_id) ON DELETE CASCADE
);
INSERT INTO placements (programme_id, educator_id)
SELECT programme_id, educator_id FROM secondment_placements WHERE TRUE
ON CONFLICT (programme_id, educator_id) DO NOTHING;

-- A leave request: asked by the participant, decided by the home school,
-- acknowledged for the host, closed on return with the real dates.
CREATE TABLE placement_leaves (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL,
    educator_id     INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    start_date      DATE NOT NULL,
    end_date        DATE NOT NULL,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_at    TIMESTAMP NOT NULL,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMP,
    decision_note   TEXT NOT NULL DEFAULT '',
    acknowledged_by TEXT NOT NULL DEFAULT '',
    acknowledged_at TIMESTAMP,
    actual_start    DATE,
    actual_end      DATE,
    closed_at       TIMESTAMP,
    FOREIGN KEY (programme_id, educator_id) REFERENCES secondment_placements (programme_id, educator_id) ON DELETE CASCADE
);
CREATE INDEX placement_leaves_placement ON placement_leaves (programme_id, educator_id, start_date);

-- The end of a placement: the participant's final report, the result
-- (优秀/合格/不合格) once decided, the report to the whole district, and
-- the career-history row it was archived as.
CREATE TABLE placement_completions (
    programme_id    INTEGER NOT NULL,
    educator_id     INTEGER NOT NULL,
    report          TEXT NOT NULL DEFAULT '',
    report_at       TIMESTAMP,
    result          TEXT NOT NULL DEFAULT '',
    result_by       TEXT NOT NULL DEFAULT '',
    result_at       TIMESTAMP,
    outstanding     BOOLEAN NOT NULL DEFAULT FALSE,
    career_entry_id INTEGER REFERENCES career_entries (id) ON DELETE SET NULL,
    PRIMARY KEY (programme_id, educator_id),
    FOREIGN KEY (programme_id, educator_id) REFERENCES secondment_placements (programme_id, educator_id) ON DELETE CASCADE
);

-- The assessments of a placement: the mentor's and the host school's
-- (three items, graded, as JSON), the organiser's (the task score).
CREATE TABLE placement_assessments (
    programme_id INTEGER NOT NULL,
    educator_id  INTEGER NOT NULL,
    assessor     TEXT NOT NULL,
    items        TEXT NOT NULL DEFAULT '[]',
    task_score   INTEGER NOT NULL DEFAULT 0,
    grade        TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    assessed_by  TEXT NOT NULL,
    assessed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, educator_id, assessor),
    FOREIGN KEY (programme_id, educator_id) REFERENCES secondment_placements (programme_id, educator_id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE placement_assessments;
DROP TABLE placement_completions;
DROP TABLE placement_leaves;
