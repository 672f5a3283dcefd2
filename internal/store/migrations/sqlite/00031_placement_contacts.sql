-- +goose Up
-- Mentor, group leader, coordinator (SPEC §4.4): the mentor's coaching
-- sessions (指导记录) and periodic evaluations (阶段评价) of a placement,
-- the coordinator's check-ins with a participant (定期沟通), and the
-- activities of a training group (小组活动) with each member's attendance.

-- A coaching session: written by the mentor; follow_up is the
-- participant's answer (what they did after it).
CREATE TABLE placement_coaching (
    id           INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    day          DATE NOT NULL,
    form         TEXT NOT NULL,
    topic        TEXT NOT NULL,
    content      TEXT NOT NULL,
    follow_up    TEXT NOT NULL DEFAULT '',
    follow_up_at TIMESTAMP,
    author_id    INTEGER NOT NULL REFERENCES users (id),
    author_name  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX placement_coaching_placement ON placement_coaching (placement_id, day);

-- A periodic evaluation: one per period (a month, a stage) of a placement.
CREATE TABLE placement_evaluations (
    id           INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    grade        TEXT NOT NULL,
    comment      TEXT NOT NULL,
    author_id    INTEGER NOT NULL REFERENCES users (id),
    author_name  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (placement_id, period)
);

-- A coordinator's contact with a participant: the day, the way (phone,
-- visit, online, meeting) and notes.
CREATE TABLE placement_check_ins (
    id           INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    day          DATE NOT NULL,
    way          TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    author_id    INTEGER NOT NULL REFERENCES users (id),
    author_name  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX placement_check_ins_placement ON placement_check_ins (placement_id, day);

-- An activity of a training group: exchange between bases, an expert
-- lecture; times are HH:MM.
CREATE TABLE group_activities (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    group_id     INTEGER NOT NULL REFERENCES secondment_groups (id) ON DELETE CASCADE,
    day          DATE NOT NULL,
    start_time   TEXT NOT NULL,
    end_time     TEXT NOT NULL,
    place        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    topic        TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX group_activities_programme ON group_activities (programme_id, day);

-- A member's attendance at a group activity: present, absent or leave.
CREATE TABLE group_activity_attendance (
    activity_id INTEGER NOT NULL REFERENCES group_activities (id) ON DELETE CASCADE,
    educator_id INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (activity_id, educator_id)
);

-- +goose Down
DROP TABLE group_activity_attendance;
DROP TABLE group_activities;
DROP TABLE placement_check_ins;
DROP TABLE placement_evaluations;
DROP TABLE placement_coaching;
