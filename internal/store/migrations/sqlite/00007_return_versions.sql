-- +goose Up
-- A submitted annual return is a snapshot. Every submission of a county's
-- return of a school year is a version: who submitted it and when, the
-- reason of a resubmission, the headline figures, the county's figures and
-- list of people as submitted (JSON), and both annexes as generated then.
-- The returns submitted before keep their headline figures as version 1,
-- without a snapshot.
CREATE TABLE rotation_return_versions (
    id           INTEGER PRIMARY KEY,
    county_id    INTEGER NOT NULL REFERENCES counties (id),
    school_year  INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    must_rotate  INTEGER NOT NULL,
    rotated      INTEGER NOT NULL,
    backbone     INTEGER NOT NULL,
    snapshot     TEXT NOT NULL DEFAULT '',
    annex1       BLOB,
    annex2       BLOB,
    UNIQUE (county_id, school_year, version)
);

INSERT INTO rotation_return_versions (county_id, school_year, version, submitted_by, submitted_at, must_rotate, rotated, backbone)
SELECT county_id, school_year, 1, submitted_by, submitted_at, must_rotate, rotated, backbone FROM rotation_returns;

DROP TABLE rotation_returns;

-- +goose Down
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

INSERT INTO rotation_returns (county_id, school_year, submitted_by, submitted_at, must_rotate, rotated, backbone)
SELECT v.county_id, v.school_year, v.submitted_by, v.submitted_at, v.must_rotate, v.rotated, v.backbone
FROM rotation_return_versions v
WHERE v.version = (SELECT MAX(w.version) FROM rotation_return_versions w WHERE w.county_id = v.county_id AND w.school_year = v.school_year);

DROP TABLE rotation_return_versions;
