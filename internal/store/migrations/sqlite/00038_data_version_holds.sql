-- Data versions held by a bulk write (issue 18). The roster import writes
-- 100,000 educators and as many career rows in one transaction, and the
-- row triggers of migration 00029 bumped the "rotation" counter once a
-- row: 200,000 updates of one row for one change. A transaction may now
-- hold the counter: while data_version_holds has a row named 'rotation',
-- the triggers on educators and career_entries leave the counter alone,
-- and the transaction bumps it once itself, then deletes the row, before
-- it commits (store.holdVersion). The row is written and deleted inside
-- the transaction: no other connection ever sees it, and a failed or
-- killed transaction takes it back with everything else. Every other
-- write to these tables is counted as before.
-- +goose Up
CREATE TABLE data_version_holds (
	name TEXT PRIMARY KEY
);

DROP TRIGGER data_version_educators_insert;

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_insert AFTER INSERT ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_educators_update;

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_update AFTER UPDATE ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_educators_delete;

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_delete AFTER DELETE ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_career_entries_insert;

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_insert AFTER INSERT ON career_entries
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_career_entries_update;

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_update AFTER UPDATE ON career_entries
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_career_entries_delete;

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_delete AFTER DELETE ON career_entries
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose Down

DROP TRIGGER data_version_educators_insert;

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_insert AFTER INSERT ON educators
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_educators_update;

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_update AFTER UPDATE ON educators
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_educators_delete;

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_delete AFTER DELETE ON educators
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_career_entries_insert;

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_insert AFTER INSERT ON career_entries
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_career_entries_update;

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_update AFTER UPDATE ON career_entries
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TRIGGER data_version_career_entries_delete;

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_delete AFTER DELETE ON career_entries
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

DROP TABLE data_version_holds;
