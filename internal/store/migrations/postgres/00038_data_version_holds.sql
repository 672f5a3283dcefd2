-- Data versions held by a bulk write (issue 18). The roster import writes
-- 100,000 educators and as many career rows in one transaction, and each
-- row queued a deferred trigger event that ran at commit: 200,000 calls
-- of bump_data_version for one bump. A transaction may now hold the
-- counter: while its own setting jiaoliu.hold_rotation is 'on' (set local
-- to the transaction, so that it ends with it, committed or rolled back),
-- the triggers on educators and career_entries queue nothing, and the
-- transaction bumps the counter once itself, as the last thing before it
-- commits (store.holdVersion), so that it still takes the counter's row
-- last. (SQLite, which has no transaction-local settings, keeps the hold
-- in a table instead.) Every other write to these tables is counted as
-- before.
-- +goose Up
DROP TRIGGER data_version_educators ON educators;
CREATE CONSTRAINT TRIGGER data_version_educators AFTER INSERT OR UPDATE OR DELETE ON educators
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (current_setting('jiaoliu.hold_rotation', true) IS DISTINCT FROM 'on')
	EXECUTE FUNCTION bump_data_version('rotation');

DROP TRIGGER data_version_career_entries ON career_entries;
CREATE CONSTRAINT TRIGGER data_version_career_entries AFTER INSERT OR UPDATE OR DELETE ON career_entries
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (current_setting('jiaoliu.hold_rotation', true) IS DISTINCT FROM 'on')
	EXECUTE FUNCTION bump_data_version('rotation');

-- +goose Down
DROP TRIGGER data_version_educators ON educators;
CREATE CONSTRAINT TRIGGER data_version_educators AFTER INSERT OR UPDATE OR DELETE ON educators
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

DROP TRIGGER data_version_career_entries ON career_entries;
CREATE CONSTRAINT TRIGGER data_version_career_entries AFTER INSERT OR UPDATE OR DELETE ON career_entries
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');
