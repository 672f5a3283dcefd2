-- +goose Up
-- Cadre and teacher training (干部教师培训, SPEC §7): a course is a programme
-- of kind training with its audience, hours, mode, capacity and completion
-- rules; classes and their sessions; enrolments by assignment or by
-- application; attendance; hours credited on completion; certificates; the
-- question bank and the online assessment's attempts.

CREATE TABLE training_courses (
    programme_id        INTEGER PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    audience            TEXT NOT NULL DEFAULT '',
    hours               INTEGER NOT NULL,
    mode                TEXT NOT NULL,
    capacity            INTEGER NOT NULL,
    enrolment           TEXT NOT NULL,
    min_attendance      INTEGER NOT NULL DEFAULT 0,
    assignments         INTEGER NOT NULL DEFAULT 0,
    assessment          BOOLEAN NOT NULL DEFAULT FALSE,
    pass_mark           INTEGER NOT NULL DEFAULT 60,
    time_limit_minutes  INTEGER NOT NULL DEFAULT 30,
    paper_size          INTEGER NOT NULL DEFAULT 10,
    max_attempts        INTEGER NOT NULL DEFAULT 2,
    qualifies           TEXT NOT NULL DEFAULT '',
    certificate         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE training_classes (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES training_courses (programme_id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    start_date  DATE NOT NULL,
    end_date    DATE NOT NULL,
    venue       TEXT NOT NULL DEFAULT '',
    completed   BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (course_id, name)
);

CREATE TABLE training_sessions (
    id        INTEGER PRIMARY KEY,
    class_id  INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    day       DATE NOT NULL,
    topic     TEXT NOT NULL
);
CREATE INDEX training_sessions_class ON training_sessions (class_id, day);

CREATE TABLE training_enrolments (
    id           INTEGER PRIMARY KEY,
    course_id    INTEGER NOT NULL REFERENCES training_courses (programme_id) ON DELETE CASCADE,
    class_id     INTEGER NOT NULL REFERENCES training_classes (id),
    educator_id  INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    via          TEXT NOT NULL,
    assignments  INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    decided_by   TEXT NOT NULL DEFAULT '',
    UNIQUE (course_id, educator_id)
);
CREATE INDEX training_enrolments_educator ON training_enrolments (educator_id);
CREATE INDEX training_enrolments_class ON training_enrolments (class_id);

CREATE TABLE training_attendance (
    enrolment_id  INTEGER NOT NULL REFERENCES training_enrolments (id) ON DELETE CASCADE,
    session_id    INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    PRIMARY KEY (enrolment_id, session_id)
);

-- Hours on an educator's training record: written only when an enrolment
-- completes, never typed.
CREATE TABLE training_credits (
    id            INTEGER PRIMARY KEY,
    educator_id   INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    enrolment_id  INTEGER UNIQUE REFERENCES training_enrolments (id) ON DELETE SET NULL,
    title         TEXT NOT NULL,
    hours         INTEGER NOT NULL,
    credited_on   DATE NOT NULL,
    year          INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX training_credits_educator ON training_credits (educator_id, year, hours);
CREATE INDEX training_credits_year ON training_credits (year, educator_id, hours);

CREATE TABLE training_certificates (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    enrolment_id  INTEGER NOT NULL UNIQUE REFERENCES training_enrolments (id) ON DELETE CASCADE,
    educator_id   INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    holder        TEXT NOT NULL,
    course        TEXT NOT NULL,
    hours         INTEGER NOT NULL,
    issued_on     DATE NOT NULL
);
CREATE INDEX training_certificates_educator ON training_certificates (educator_id);

CREATE TABLE training_questions (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES training_courses (programme_id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    stem       TEXT NOT NULL,
    options    TEXT NOT NULL DEFAULT '',
    answer     TEXT NOT NULL DEFAULT '',
    points     INTEGER NOT NULL
);
CREATE INDEX training_questions_course ON training_questions (course_id);

CREATE TABLE training_attempts (
    id            INTEGER PRIMARY KEY,
    enrolment_id  INTEGER NOT NULL REFERENCES training_enrolments (id) ON DELETE CASCADE,
    started_at    TIMESTAMP NOT NULL,
    deadline      TIMESTAMP NOT NULL,
    submitted_at  TIMESTAMP,
    status        TEXT NOT NULL,
    score         INTEGER NOT NULL DEFAULT 0,
    max_score     INTEGER NOT NULL DEFAULT 0,
    passed        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX training_attempts_enrolment ON training_attempts (enrolment_id);

CREATE TABLE training_attempt_items (
    attempt_id   INTEGER NOT NULL REFERENCES training_attempts (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  INTEGER NOT NULL REFERENCES training_questions (id),
    answer       TEXT NOT NULL DEFAULT '',
    awarded      INTEGER,
    PRIMARY KEY (attempt_id, position)
);

-- Units' yearly training assessment (考核细则, seed [003]): the points the
-- bureau grades per school and year; the rest of the sheet is computed.
CREATE TABLE training_unit_grades (
    school_id  INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    item       TEXT NOT NULL,
    points     INTEGER NOT NULL,
    graded_by  TEXT NOT NULL,
    graded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (school_id, year, item)
);

-- Commendations (表彰): 先进集体 of a school, 先进个人 of an educator.
CREATE TABLE training_commendations (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    school_id    INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    educator_id  INTEGER REFERENCES educators (id) ON DELETE CASCADE,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX training_commendations_school ON training_commendations (school_id, year);
CREATE INDEX training_commendations_educator ON training_commendations (educator_id);

-- +goose Down
DROP TABLE training_commendations;
DROP TABLE training_unit_grades;
DROP TABLE training_attempt_items;
DROP TABLE training_attempts;
DROP TABLE training_questions;
DROP TABLE training_certificates;
DROP TABLE training_credits;
DROP TABLE training_attendance;
DROP TABLE training_enrolments;
DROP TABLE training_sessions;
DROP TABLE training_classes;
DROP TABLE training_courses;
