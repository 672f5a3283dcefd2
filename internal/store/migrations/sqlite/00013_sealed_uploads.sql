-- +goose Up
-- Uploads are kept sealed with the data key from now on, and for a day at
-- most; the ones kept in clear before are dropped (a preview made before
-- this version must be uploaded again).
DELETE FROM uploads;
CREATE INDEX uploads_created ON uploads (created_at);

-- The run that continues a run: a preview's commit. A preview has at most
-- one commit at a time and none after one that succeeded.
ALTER TABLE runs ADD COLUMN next_run_id INTEGER REFERENCES runs (id);

-- +goose Down
ALTER TABLE runs DROP COLUMN next_run_id;
DROP INDEX uploads_created;
