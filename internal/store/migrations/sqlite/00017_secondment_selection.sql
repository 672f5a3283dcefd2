-- +goose Up
-- Secondment selection (挂职选派, SPEC §4.2): the conditions of a
-- programme's categories, one selection per programme with its criteria and
-- expert panel, the nominated or self-applied candidates with their
-- qualification decision, the reviewers' blind scores, and the computed
-- ranking that feeds the notice, the final list and the reserve pool.

CREATE TABLE secondment_category_conditions (
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    category     TEXT NOT NULL,
    -- posts admitted, comma-separated post codes; empty admits every post.
    posts        TEXT NOT NULL DEFAULT '',
    -- backbone: empty = no condition, "any" = any backbone level, else the lowest level admitted.
    backbone     TEXT NOT NULL DEFAULT '',
    min_years    INTEGER NOT NULL DEFAULT 0,
    max_age      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (programme_id, category)
);

CREATE TABLE secondment_selections (
    programme_id     INTEGER PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    stage            TEXT NOT NULL,
    drop_extremes    BOOLEAN NOT NULL DEFAULT FALSE,
    spread_threshold REAL NOT NULL DEFAULT 0,
    notice_id        INTEGER NOT NULL DEFAULT 0,
    opened_by        TEXT NOT NULL,
    opened_at        TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE secondment_criteria (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    weight       REAL NOT NULL,
    max_score    REAL NOT NULL,
    UNIQUE (programme_id, name)
);

CREATE TABLE secondment_panel (
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_by     TEXT NOT NULL,
    added_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, user_id)
);

CREATE TABLE secondment_candidates (
    id                   INTEGER PRIMARY KEY,
    programme_id         INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    educator_id          INTEGER NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    category             TEXT NOT NULL DEFAULT '',
    source               TEXT NOT NULL,
    reasons              TEXT NOT NULL DEFAULT '',
    nominated_by         TEXT NOT NULL,
    nominated_by_user_id INTEGER NOT NULL DEFAULT 0,
    status               TEXT NOT NULL,
    decision_reason      TEXT NOT NULL DEFAULT '',
    decided_by           TEXT NOT NULL DEFAULT '',
    decided_at           TIMESTAMP,
    score                REAL,
    ranking              INTEGER NOT NULL DEFAULT 0,
    reviewers            INTEGER NOT NULL DEFAULT 0,
    spread               REAL NOT NULL DEFAULT 0,
    flagged              BOOLEAN NOT NULL DEFAULT FALSE,
    reserve_rank         INTEGER NOT NULL DEFAULT 0,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    UNIQUE (programme_id, educator_id)
);
CREATE INDEX secondment_candidates_educator ON secondment_candidates (educator_id);

CREATE TABLE secondment_assignments (
    candidate_id INTEGER NOT NULL REFERENCES secondment_candidates (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (candidate_id, user_id)
);
CREATE INDEX secondment_assignments_user ON secondment_assignments (user_id);

CREATE TABLE secondment_scores (
    candidate_id INTEGER NOT NULL REFERENCES secondment_candidates (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES secondment_criteria (id) ON DELETE CASCADE,
    score        REAL NOT NULL,
    scored_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (candidate_id, user_id, criterion_id)
);

-- +goose Down
DROP TABLE secondment_scores;
DROP TABLE secondment_assignments;
DROP TABLE secondment_candidates;
DROP TABLE secondment_panel;
DROP TABLE secondment_criteria;
DROP TABLE secondment_selections;
DROP TABLE secondment_category_conditions;
