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
-- +goose Up
CREATE TABLE data_versions (
	name TEXT PRIMARY KEY,
	n INTEGER NOT NULL DEFAULT 0
);
INSERT INTO data_versions (name, n) VALUES ('rotation', 0), ('auth', 0);

-- +goose StatementBegin
CREATE TRIGGER data_version_cities_insert AFTER INSERT ON cities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_cities_update AFTER UPDATE ON cities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_cities_delete AFTER DELETE ON cities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_counties_insert AFTER INSERT ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_counties_update AFTER UPDATE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_counties_delete AFTER DELETE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_schools_insert AFTER INSERT ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_schools_update AFTER UPDATE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_schools_delete AFTER DELETE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_insert AFTER INSERT ON educators
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_update AFTER UPDATE ON educators
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_educators_delete AFTER DELETE ON educators
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_insert AFTER INSERT ON career_entries
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_update AFTER UPDATE ON career_entries
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_career_entries_delete AFTER DELETE ON career_entries
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_policies_insert AFTER INSERT ON rotation_policies
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_policies_update AFTER UPDATE ON rotation_policies
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_policies_delete AFTER DELETE ON rotation_policies
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exemptions_insert AFTER INSERT ON rotation_exemptions
WHEN NEW.status = 'approved'
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exemptions_update AFTER UPDATE ON rotation_exemptions
WHEN OLD.status = 'approved' OR NEW.status = 'approved'
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exemptions_delete AFTER DELETE ON rotation_exemptions
WHEN OLD.status = 'approved'
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exchanges_insert AFTER INSERT ON rotation_exchanges
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exchanges_update AFTER UPDATE ON rotation_exchanges
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exchanges_delete AFTER DELETE ON rotation_exchanges
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exchange_events_insert AFTER INSERT ON rotation_exchange_events
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exchange_events_update AFTER UPDATE ON rotation_exchange_events
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_exchange_events_delete AFTER DELETE ON rotation_exchange_events
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation';
END;
-- +goose StatementEnd


-- +goose StatementBegin
CREATE TRIGGER data_version_auth_users_insert AFTER INSERT ON users
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_users_update AFTER UPDATE ON users
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_users_delete AFTER DELETE ON users
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_grants_insert AFTER INSERT ON grants
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_grants_update AFTER UPDATE ON grants
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_grants_delete AFTER DELETE ON grants
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_sessions_delete AFTER DELETE ON sessions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_cities_insert AFTER INSERT ON cities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_cities_update AFTER UPDATE ON cities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_cities_delete AFTER DELETE ON cities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_counties_insert AFTER INSERT ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_counties_update AFTER UPDATE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_counties_delete AFTER DELETE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_schools_insert AFTER INSERT ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_schools_update AFTER UPDATE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_schools_delete AFTER DELETE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_programmes_insert AFTER INSERT ON programmes
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_programmes_update AFTER UPDATE ON programmes
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_programmes_delete AFTER DELETE ON programmes
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd


-- +goose StatementBegin
CREATE TRIGGER data_version_auth_programme_members_insert AFTER INSERT ON programme_members
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_programme_members_update AFTER UPDATE ON programme_members
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_auth_programme_members_delete AFTER DELETE ON programme_members
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'auth';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER data_version_auth_programme_members_insert;
DROP TRIGGER data_version_auth_programme_members_update;
DROP TRIGGER data_version_auth_programme_members_delete;
DROP TRIGGER data_version_auth_users_insert;
DROP TRIGGER data_version_auth_users_update;
DROP TRIGGER data_version_auth_users_delete;
DROP TRIGGER data_version_auth_grants_insert;
DROP TRIGGER data_version_auth_grants_update;
DROP TRIGGER data_version_auth_grants_delete;
DROP TRIGGER data_version_auth_sessions_delete;
DROP TRIGGER data_version_auth_cities_insert;
DROP TRIGGER data_version_auth_cities_update;
DROP TRIGGER data_version_auth_cities_delete;
DROP TRIGGER data_version_auth_counties_insert;
DROP TRIGGER data_version_auth_counties_update;
DROP TRIGGER data_version_auth_counties_delete;
DROP TRIGGER data_version_auth_schools_insert;
DROP TRIGGER data_version_auth_schools_update;
DROP TRIGGER data_version_auth_schools_delete;
DROP TRIGGER data_version_auth_programmes_insert;
DROP TRIGGER data_version_auth_programmes_update;
DROP TRIGGER data_version_auth_programmes_delete;
DROP TRIGGER data_version_cities_insert;
DROP TRIGGER data_version_cities_update;
DROP TRIGGER data_version_cities_delete;
DROP TRIGGER data_version_counties_insert;
DROP TRIGGER data_version_counties_update;
DROP TRIGGER data_version_counties_delete;
DROP TRIGGER data_version_schools_insert;
DROP TRIGGER data_version_schools_update;
DROP TRIGGER data_version_schools_delete;
DROP TRIGGER data_version_educators_insert;
DROP TRIGGER data_version_educators_update;
DROP TRIGGER data_version_educators_delete;
DROP TRIGGER data_version_career_entries_insert;
DROP TRIGGER data_version_career_entries_update;
DROP TRIGGER data_version_career_entries_delete;
DROP TRIGGER data_version_rotation_policies_insert;
DROP TRIGGER data_version_rotation_policies_update;
DROP TRIGGER data_version_rotation_policies_delete;
DROP TRIGGER data_version_rotation_exemptions_insert;
DROP TRIGGER data_version_rotation_exemptions_update;
DROP TRIGGER data_version_rotation_exemptions_delete;
DROP TRIGGER data_version_rotation_exchanges_insert;
DROP TRIGGER data_version_rotation_exchanges_update;
DROP TRIGGER data_version_rotation_exchanges_delete;
DROP TRIGGER data_version_rotation_exchange_events_insert;
DROP TRIGGER data_version_rotation_exchange_events_update;
DROP TRIGGER data_version_rotation_exchange_events_delete;
DROP TABLE data_versions;
