-- +goose Up
-- The product's one public notice (公示, package notice): a procedure's
-- published record for a period, the objections raised while it runs and
-- their answers; and the one store of uploaded files (附件, package
-- attach), kept sealed with the data key.
CREATE TABLE notices (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL,
    subject_id           INTEGER NOT NULL,
    city_id              INTEGER NOT NULL DEFAULT 0,
    county_id            INTEGER NOT NULL DEFAULT 0,
    school_id            INTEGER NOT NULL DEFAULT 0,
    programme_id         INTEGER NOT NULL DEFAULT 0,
    title                TEXT NOT NULL,
    body                 TEXT NOT NULL DEFAULT '',
    start_on             DATE NOT NULL,
    end_on               DATE NOT NULL,
    state                TEXT NOT NULL,
    state_note           TEXT NOT NULL DEFAULT '',
    state_by             TEXT NOT NULL DEFAULT '',
    state_at             TIMESTAMP,
    published_by         TEXT NOT NULL,
    published_by_user_id INTEGER,
    published_at         TIMESTAMP NOT NULL
);
CREATE INDEX notices_subject ON notices (kind, subject_id);

-- The published record, frozen at publication.
CREATE TABLE notice_entries (
    notice_id   INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    entry_key   TEXT NOT NULL,
    educator_id INTEGER,
    label       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, position),
    UNIQUE (notice_id, entry_key)
);

-- Objections name their authors by account (the label is for display);
-- like the audit log's actor_id, the ids are no foreign keys.
CREATE TABLE notice_objections (
    id                  INTEGER PRIMARY KEY,
    notice_id           INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    entry_key           TEXT NOT NULL DEFAULT '',
    text                TEXT NOT NULL,
    raised_by           TEXT NOT NULL,
    raised_by_user_id   INTEGER,
    raised_on           DATE NOT NULL,
    raised_at           TIMESTAMP NOT NULL,
    answer              TEXT NOT NULL DEFAULT '',
    outcome             TEXT NOT NULL DEFAULT '',
    answered_by         TEXT NOT NULL DEFAULT '',
    answered_by_user_id INTEGER,
    answered_at         TIMESTAMP
);
CREATE INDEX notice_objections_notice ON notice_objections (notice_id);

CREATE TABLE attachments (
    id                  INTEGER PRIMARY KEY,
    owner_kind          TEXT NOT NULL,
    owner_id            INTEGER NOT NULL,
    name                TEXT NOT NULL,
    content_type        TEXT NOT NULL,
    size                INTEGER NOT NULL,
    sha256              TEXT NOT NULL,
    content             BLOB NOT NULL,
    uploaded_by         TEXT NOT NULL,
    uploaded_by_user_id INTEGER,
    uploaded_at         TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);

-- The notices that plans and rounds ran themselves until now are carried
-- over, with their objections and answers, and the old tables go. The
-- authors keep their accounts (raised_by_user_id); who answered is known
-- by label only, as before; an objection's time of day was not kept, so it
-- is midnight of the day it was raised. Publishers and closers are read
-- from the audit log where it names them.
INSERT INTO notices (kind, subject_id, city_id, county_id, school_id, programme_id, title, body, start_on, end_on, state,
    state_by, state_at, published_by, published_by_user_id, published_at)
SELECT 'rotation_plan', p.id, c.city_id, p.county_id, 0, 0,
    c.name || p.school_year || '—' || (p.school_year + 1) || '学年' ||
        CASE p.mode WHEN 'principal' THEN '校长轮岗方案' ELSE '教师交流方案' END || '#' || p.id,
    TRIM(p.title || char(10) || p.note), p.notice_start, p.notice_end,
    CASE WHEN p.status = 'announced' THEN 'closed' ELSE 'published' END,
    CASE WHEN p.status = 'announced' THEN p.announced_by ELSE '' END,
    CASE WHEN p.status = 'announced' THEN p.announced_at END,
    p.approved_by, (SELECT a.actor_id FROM audit_log a WHERE a.action = 'rotation.plan.approve' AND a.entity = 'rotation_plan' AND a.entity_id = CAST(p.id AS TEXT) ORDER BY a.seq DESC LIMIT 1),
    COALESCE(p.approved_at, p.created_at)
FROM planning_plans p JOIN counties c ON c.id = p.county_id
WHERE p.notice_start IS NOT NULL AND p.status IN ('noticed', 'announced');

INSERT INTO notice_entries (notice_id, position, entry_key, educator_id, label, detail)
SELECT n.id, ROW_NUMBER() OVER (PARTITION BY n.id ORDER BY x.teacher) - 1, x.teacher, e.id, e.name, o.name || ' → ' || h.name
FROM planning_exchanges x
JOIN notices n ON n.kind = 'rotation_plan' AND n.subject_id = x.plan_id
JOIN rotation_exchanges r ON r.id = x.exchange_id
JOIN educators e ON e.id = r.educator_id
JOIN schools o ON o.id = r.origin_school_id
JOIN schools h ON h.id = r.host_school_id;

INSERT INTO notice_objections (notice_id, entry_key, text, raised_by, raised_by_user_id, raised_on, raised_at, answer, outcome,
    answered_by, answered_at)
SELECT n.id, o.teacher, o.text, o.raised_by, o.raised_by_user_id, o.raised_on, substr(o.raised_on, 1, 10) || ' 00:00:00', o.answer,
    CASE WHEN o.answered_by = '' THEN '' WHEN o.upheld THEN 'upheld' ELSE 'dismissed' END, o.answered_by, o.answered_at
FROM planning_objections o JOIN notices n ON n.kind = 'rotation_plan' AND n.subject_id = o.plan_id
ORDER BY o.id;

INSERT INTO notices (kind, subject_id, city_id, county_id, school_id, programme_id, title, body, start_on, end_on, state,
    state_by, state_at, published_by, published_by_user_id, published_at)
SELECT 'rotation_round', r.id, c.city_id, s.county_id, s.id, 0, s.name || '乡镇内支教选派公示',
    TRIM(s.name || '选派' || r.places || '名教师到' || h.name || '支教，以下为申请教师及量化打分结果。' || char(10) || r.note),
    r.notice_start, r.notice_end,
    CASE r.status WHEN 'selected' THEN 'closed' WHEN 'cancelled' THEN 'withdrawn' ELSE 'published' END,
    CASE r.status WHEN 'selected' THEN COALESCE((SELECT a.actor FROM audit_log a WHERE a.action = 'rotation.round.select' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1), '')
        WHEN 'cancelled' THEN COALESCE((SELECT a.actor FROM audit_log a WHERE a.action = 'rotation.round.cancel' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1), '') ELSE '' END,
    CASE r.status WHEN 'selected' THEN (SELECT a.at FROM audit_log a WHERE a.action = 'rotation.round.select' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1)
        WHEN 'cancelled' THEN (SELECT a.at FROM audit_log a WHERE a.action = 'rotation.round.cancel' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1) END,
    COALESCE((SELECT a.actor FROM audit_log a WHERE a.action = 'rotation.round.publish' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1), r.created_by),
    (SELECT a.actor_id FROM audit_log a WHERE a.action = 'rotation.round.publish' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1),
    COALESCE((SELECT a.at FROM audit_log a WHERE a.action = 'rotation.round.publish' AND a.entity = 'rotation_round' AND a.entity_id = CAST(r.id AS TEXT) ORDER BY a.seq DESC LIMIT 1), r.created_at)
FROM rotation_rounds r JOIN schools s ON s.id = r.school_id JOIN counties c ON c.id = s.county_id
JOIN schools h ON h.id = r.host_school_id
WHERE r.notice_start IS NOT NULL;

INSERT INTO notice_entries (notice_id, position, entry_key, educator_id, label, detail)
SELECT n.id, ROW_NUMBER() OVER (PARTITION BY n.id ORDER BY a.score DESC, a.applied_on, a.id) - 1, CAST(a.id AS TEXT), e.id, e.name,
    '量化得分' || printf('%.1f', COALESCE(a.score, 0))
FROM rotation_applications a
JOIN notices n ON n.kind = 'rotation_round' AND n.subject_id = a.round_id
JOIN educators e ON e.id = a.educator_id;

INSERT INTO notice_objections (notice_id, entry_key, text, raised_by, raised_by_user_id, raised_on, raised_at, answer, outcome,
    answered_by, answered_at)
SELECT n.id, COALESCE(CAST(o.application_id AS TEXT), ''), o.text, o.raised_by, o.raised_by_user_id, o.raised_on, substr(o.raised_on, 1, 10) || ' 00:00:00',
    o.resolution, CASE WHEN o.resolved_by = '' THEN '' WHEN o.upheld THEN 'upheld' ELSE 'dismissed' END, o.resolved_by, o.resolved_at
FROM rotation_objections o JOIN notices n ON n.kind = 'rotation_round' AND n.subject_id = o.round_id
ORDER BY o.id;

DROP TABLE planning_objections;
DROP TABLE rotation_objections;

-- +goose Down
-- The old tables come back with the objections of plans and rounds.
CREATE TABLE planning_objections (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES planning_plans (id) ON DELETE CASCADE,
    teacher           TEXT NOT NULL DEFAULT '',
    text              TEXT NOT NULL,
    raised_by         TEXT NOT NULL,
    raised_on         DATE NOT NULL,
    upheld            BOOLEAN NOT NULL DEFAULT FALSE,
    answer            TEXT NOT NULL DEFAULT '',
    answered_by       TEXT NOT NULL DEFAULT '',
    answered_at       TIMESTAMP,
    raised_by_user_id INTEGER
);
CREATE INDEX planning_objections_plan ON planning_objections (plan_id);
CREATE TABLE rotation_objections (
    id                INTEGER PRIMARY KEY,
    round_id          INTEGER NOT NULL REFERENCES rotation_rounds (id) ON DELETE CASCADE,
    application_id    INTEGER REFERENCES rotation_applications (id),
    text              TEXT NOT NULL,
    raised_by         TEXT NOT NULL,
    raised_on         DATE NOT NULL,
    upheld            BOOLEAN NOT NULL DEFAULT FALSE,
    resolution        TEXT NOT NULL DEFAULT '',
    resolved_by       TEXT NOT NULL DEFAULT '',
    resolved_at       TIMESTAMP,
    raised_by_user_id INTEGER
);
CREATE INDEX rotation_objections_round ON rotation_objections (round_id);
INSERT INTO planning_objections (plan_id, teacher, text, raised_by, raised_on, upheld, answer, answered_by, answered_at, raised_by_user_id)
SELECT n.subject_id, o.entry_key, o.text, o.raised_by, o.raised_on, o.outcome = 'upheld', o.answer, o.answered_by, o.answered_at,
    o.raised_by_user_id
FROM notice_objections o JOIN notices n ON n.id = o.notice_id WHERE n.kind = 'rotation_plan' ORDER BY o.id;
INSERT INTO rotation_objections (round_id, application_id, text, raised_by, raised_on, upheld, resolution, resolved_by, resolved_at,
    raised_by_user_id)
SELECT n.subject_id, CASE WHEN o.entry_key = '' THEN NULL ELSE CAST(o.entry_key AS INTEGER) END, o.text, o.raised_by, o.raised_on,
    o.outcome = 'upheld', o.answer, o.answered_by, o.answered_at, o.raised_by_user_id
FROM notice_objections o JOIN notices n ON n.id = o.notice_id WHERE n.kind = 'rotation_round' ORDER BY o.id;
DROP TABLE attachments;
DROP TABLE notice_objections;
DROP TABLE notice_entries;
DROP TABLE notices;
