-- +goose Up
-- Secondment (挂职, SPEC §4.1, §4.3, §4.6): a programme's batches with their
-- dates and capacity per category, host schools (often in another
-- province) with their departments and teaching-research groups, the hosts
-- of each batch with their capacity and duties, training groups, mentors,
-- each participant's placement, costs with their payer, and accident
-- insurance.

CREATE TABLE secondment_batches (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    start_date   DATE NOT NULL,
    end_date     DATE NOT NULL,
    -- A closed batch takes no more participants.
    closed       BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (programme_id, name)
);

-- The places of a batch per participant category.
CREATE TABLE secondment_batch_quotas (
    batch_id INTEGER NOT NULL REFERENCES secondment_batches (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    PRIMARY KEY (batch_id, category)
);

-- Host schools, registered by a city (county_id NULL) or a county.
CREATE TABLE secondment_hosts (
    id            INTEGER PRIMARY KEY,
    city_id       INTEGER NOT NULL REFERENCES cities (id),
    county_id     INTEGER REFERENCES counties (id),
    name          TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX secondment_hosts_name ON secondment_hosts (city_id, COALESCE(county_id, 0), name);

-- A host's offices (处室), grades (级部) and teaching-research groups (教研组).
CREATE TABLE secondment_departments (
    id       INTEGER PRIMARY KEY,
    host_id  INTEGER NOT NULL REFERENCES secondment_hosts (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    name     TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    UNIQUE (host_id, name)
);

-- The hosts of a batch and how many participants each takes in it.
CREATE TABLE secondment_batch_hosts (
    batch_id INTEGER NOT NULL REFERENCES secondment_batches (id) ON DELETE CASCADE,
    host_id  INTEGER NOT NULL REFERENCES secondment_hosts (id),
    capacity INTEGER NOT NULL,
    PRIMARY KEY (batch_id, host_id)
);
CREATE INDEX secondment_batch_hosts_host ON secondment_batch_hosts (host_id);

-- A host's duties for a batch ([001]: lodging, meals, accident insurance,
-- safety briefing, emergency plan); a row is a ticked duty.
CREATE TABLE secondment_host_duties (
    batch_id INTEGER NOT NULL REFERENCES secondment_batches (id) ON DELETE CASCADE,
    host_id  INTEGER NOT NULL REFERENCES secondment_hosts (id),
    duty     TEXT NOT NULL,
    done_by  TEXT NOT NULL,
    done_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (batch_id, host_id, duty)
);

-- Training groups ([001]: 5 groups, 2 middle-school and 3 primary).
CREATE TABLE secondment_groups (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    level        TEXT NOT NULL DEFAULT '',
    leader_id    INTEGER REFERENCES educators (id) ON DELETE SET NULL,
    UNIQUE (programme_id, name)
);

-- Mentors of a programme: accounts (often host staff outside the tree) at
-- a host's department.
CREATE TABLE secondment_mentors (
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    host_id       INTEGER NOT NULL REFERENCES secondment_hosts (id),
    department_id INTEGER REFERENCES secondment_departments (id) ON DELETE SET NULL,
    title         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, user_id)
);

-- A participant's batch and placement: host, department, mentor, group.
CREATE TABLE secondment_placements (
    programme_id  INTEGER NOT NULL,
    educator_id   INTEGER NOT NULL,
    batch_id      INTEGER NOT NULL REFERENCES secondment_batches (id),
    host_id       INTEGER REFERENCES secondment_hosts (id),
    department_id INTEGER REFERENCES secondment_departments (id) ON DELETE SET NULL,
    mentor_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    group_id      INTEGER REFERENCES secondment_groups (id) ON DELETE SET NULL,
    post_title    TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, educator_id),
    FOREIGN KEY (programme_id, educator_id) REFERENCES programme_members (programme_id, educator_id) ON DELETE CASCADE
);
CREATE INDEX secondment_placements_batch ON secondment_placements (batch_id);
CREATE INDEX secondment_placements_mentor ON secondment_placements (mentor_id);

-- Cost lines ([001]: the prefecture pays training fees, the counties
-- travel, board and lodging), in fen.
CREATE TABLE secondment_costs (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    batch_id     INTEGER REFERENCES secondment_batches (id) ON DELETE CASCADE,
    educator_id  INTEGER REFERENCES educators (id),
    item         TEXT NOT NULL,
    payer        TEXT NOT NULL,
    budget       BIGINT NOT NULL DEFAULT 0,
    actual       BIGINT NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX secondment_costs_programme ON secondment_costs (programme_id);

-- Accident insurance of a participant.
CREATE TABLE secondment_insurance (
    programme_id INTEGER NOT NULL,
    educator_id  INTEGER NOT NULL,
    insurer      TEXT NOT NULL,
    policy_no    TEXT NOT NULL,
    start_date   DATE NOT NULL,
    end_date     DATE NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, educator_id),
    FOREIGN KEY (programme_id, educator_id) REFERENCES programme_members (programme_id, educator_id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE secondment_insurance;
DROP TABLE secondment_costs;
DROP TABLE secondment_placements;
DROP TABLE secondment_mentors;
DROP TABLE secondment_groups;
DROP TABLE secondment_host_duties;
DROP TABLE secondment_batch_hosts;
DROP TABLE secondment_departments;
DROP TABLE secondment_hosts;
DROP TABLE secondment_batch_quotas;
DROP TABLE secondment_batches;
