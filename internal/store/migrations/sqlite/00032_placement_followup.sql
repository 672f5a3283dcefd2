-- +goose Up
-- After the placement (SPEC §4.5, [001]): the report-back meeting at home
-- and the follow-up (跟踪问效) 6 and 12 months after the return.

-- A report-back meeting (汇报会) of a programme's batch, or of the whole
-- programme with batch_id 0: when, where and who attends.
CREATE TABLE placement_report_backs (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    batch_id     INTEGER NOT NULL DEFAULT 0,
    day          DATE NOT NULL,
    at_time      TEXT NOT NULL,
    place        TEXT NOT NULL,
    attendees    TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (programme_id, batch_id)
);
CREATE INDEX placement_report_backs_day ON placement_report_backs (day);

-- A follow-up of a placement, months after the return: the home school's
-- review of its progress and the organiser's review with a grade. Its date
-- is computed from the batch's end, never stored.
CREATE TABLE placement_follow_ups (
    id               INTEGER PRIMARY KEY,
    placement_id     INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    months           INTEGER NOT NULL,
    school_review    TEXT NOT NULL DEFAULT '',
    school_by        TEXT NOT NULL DEFAULT '',
    school_at        TIMESTAMP,
    organiser_review TEXT NOT NULL DEFAULT '',
    organiser_grade  TEXT NOT NULL DEFAULT '',
    organiser_by     TEXT NOT NULL DEFAULT '',
    organiser_at     TIMESTAMP,
    UNIQUE (placement_id, months)
);

-- +goose Down
DROP TABLE placement_follow_ups;
DROP TABLE placement_report_backs;
