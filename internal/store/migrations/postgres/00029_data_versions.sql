-- Data versions (issue 17): a counter per kind of derived figure, bumped
-- by triggers in the same transaction as every change to the tables the
-- figures are computed from, so that a cache keyed by it is never served
-- after a change it has not seen. "rotation" covers who must rotate and the
-- quota figures: the organisation tree, educators and careers, policies,
-- exemptions and exchanges. The rules read approved exemptions only, so an
-- application pending or refused leaves the counter as it is. "auth" covers
-- what a session's actor is made of: accounts, grants, the places their
-- scopes resolve to and a programme grant's participants, and sessions
-- ended (a session's last-seen time, written every minute, is not
-- counted: the process that writes it keeps it).
--
-- In PostgreSQL the counter is bumped by a deferred trigger, at commit and
-- once per transaction: a transaction takes the counter's row last, after
-- every lock it takes itself, so the row cannot close a deadlock.
-- +goose Up
CREATE TABLE data_versions (
	name TEXT PRIMARY KEY,
	n BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (name, n) VALUES ('rotation', 0), ('auth', 0);

-- +goose StatementBegin
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(current_setting('jiaoliu.bumped_' || TG_ARGV[0], true), '') <> 'on' THEN
		PERFORM set_config('jiaoliu.bumped_' || TG_ARGV[0], 'on', true);
		UPDATE data_versions SET n = n + 1 WHERE name = TG_ARGV[0];
	END IF;
	RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER data_version_cities AFTER INSERT OR UPDATE OR DELETE ON cities
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_counties AFTER INSERT OR UPDATE OR DELETE ON counties
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_schools AFTER INSERT OR UPDATE OR DELETE ON schools
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_educators AFTER INSERT OR UPDATE OR DELETE ON educators
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_career_entries AFTER INSERT OR UPDATE OR DELETE ON career_entries
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_rotation_policies AFTER INSERT OR UPDATE OR DELETE ON rotation_policies
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_rotation_exemptions_insert AFTER INSERT ON rotation_exemptions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_rotation_exemptions_update AFTER UPDATE ON rotation_exemptions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved') EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_rotation_exemptions_delete AFTER DELETE ON rotation_exemptions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_rotation_exchanges AFTER INSERT OR UPDATE OR DELETE ON rotation_exchanges
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');

CREATE CONSTRAINT TRIGGER data_version_rotation_exchange_events AFTER INSERT OR UPDATE OR DELETE ON rotation_exchange_events
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation');


CREATE CONSTRAINT TRIGGER data_version_auth_users AFTER INSERT OR UPDATE OR DELETE ON users
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

CREATE CONSTRAINT TRIGGER data_version_auth_grants AFTER INSERT OR UPDATE OR DELETE ON grants
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

CREATE CONSTRAINT TRIGGER data_version_auth_sessions AFTER DELETE ON sessions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

CREATE CONSTRAINT TRIGGER data_version_auth_cities AFTER INSERT OR UPDATE OR DELETE ON cities
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

CREATE CONSTRAINT TRIGGER data_version_auth_counties AFTER INSERT OR UPDATE OR DELETE ON counties
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

CREATE CONSTRAINT TRIGGER data_version_auth_schools AFTER INSERT OR UPDATE OR DELETE ON schools
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

CREATE CONSTRAINT TRIGGER data_version_auth_programmes AFTER INSERT OR UPDATE OR DELETE ON programmes
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');


CREATE CONSTRAINT TRIGGER data_version_auth_programme_members AFTER INSERT OR UPDATE OR DELETE ON programme_members
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('auth');

-- +goose Down
DROP TRIGGER data_version_auth_programme_members ON programme_members;
DROP TRIGGER data_version_auth_users ON users;
DROP TRIGGER data_version_auth_grants ON grants;
DROP TRIGGER data_version_auth_sessions ON sessions;
DROP TRIGGER data_version_auth_cities ON cities;
DROP TRIGGER data_version_auth_counties ON counties;
DROP TRIGGER data_version_auth_schools ON schools;
DROP TRIGGER data_version_auth_programmes ON programmes;
DROP TRIGGER data_version_cities ON cities;
DROP TRIGGER data_version_counties ON counties;
DROP TRIGGER data_version_schools ON schools;
DROP TRIGGER data_version_educators ON educators;
DROP TRIGGER data_version_career_entries ON career_entries;
DROP TRIGGER data_version_rotation_policies ON rotation_policies;
DROP TRIGGER data_version_rotation_exemptions_insert ON rotation_exemptions;
DROP TRIGGER data_version_rotation_exemptions_update ON rotation_exemptions;
DROP TRIGGER data_version_rotation_exemptions_delete ON rotation_exemptions;
DROP TRIGGER data_version_rotation_exchanges ON rotation_exchanges;
DROP TRIGGER data_version_rotation_exchange_events ON rotation_exchange_events;
DROP FUNCTION bump_data_version();
DROP TABLE data_versions;
