-- Data versions of the home page (issue 17), after 00029: counters of
-- changes to the tables the sources of deadlines read (notify.Source,
-- registered with notify.AddKeptSource), so that what a source returns is
-- computed once per version, range and day and then filtered per actor.
-- "rotation_deadlines" covers rotation's source (annual returns, township
-- rounds, exchanges, and approved deferrals only, as it reads them: an
-- application pending or refused leaves it as it is) and the places and
-- educators it names; "deadlines" covers the other sources (contracts,
-- pairs, inspections' findings, placements with their requirements,
-- records, leave, follow-ups and report-backs, and the programmes, places,
-- educators and accounts they name). "inbox" covers the inbox's items and
-- read marks, so that the bell's unread count is kept per actor. The
-- triggers on educators yield to a bulk write's hold, as 00038's do: the
-- import bumps both deadline counters once itself (store.holdVersion).
--
-- As in 00029, PostgreSQL bumps a counter by a deferred trigger, at commit
-- and once per transaction.
-- +goose Up
INSERT INTO data_versions (name, n) VALUES ('rotation_deadlines', 0), ('deadlines', 0), ('inbox', 0);

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_counties AFTER INSERT OR UPDATE OR DELETE ON counties
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_educators AFTER INSERT OR UPDATE OR DELETE ON educators
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (current_setting('jiaoliu.hold_rotation_deadlines', true) IS DISTINCT FROM 'on')
	EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_schools AFTER INSERT OR UPDATE OR DELETE ON schools
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_rotation_exchanges AFTER INSERT OR UPDATE OR DELETE ON rotation_exchanges
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_rotation_exemptions_insert AFTER INSERT ON rotation_exemptions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_rotation_exemptions_update AFTER UPDATE ON rotation_exemptions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved') EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_rotation_exemptions_delete AFTER DELETE ON rotation_exemptions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_rotation_return_versions AFTER INSERT OR UPDATE OR DELETE ON rotation_return_versions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_rotation_deadlines_rotation_rounds AFTER INSERT OR UPDATE OR DELETE ON rotation_rounds
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('rotation_deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_appointment_assessments AFTER INSERT OR UPDATE OR DELETE ON appointment_assessments
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_appointment_contracts AFTER INSERT OR UPDATE OR DELETE ON appointment_contracts
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_counties AFTER INSERT OR UPDATE OR DELETE ON counties
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_educators AFTER INSERT OR UPDATE OR DELETE ON educators
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (current_setting('jiaoliu.hold_deadlines', true) IS DISTINCT FROM 'on')
	EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_pairing_activities AFTER INSERT OR UPDATE OR DELETE ON pairing_activities
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_pairing_cycles AFTER INSERT OR UPDATE OR DELETE ON pairing_cycles
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_pairing_inspections AFTER INSERT OR UPDATE OR DELETE ON pairing_inspections
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_pairing_pairs AFTER INSERT OR UPDATE OR DELETE ON pairing_pairs
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_pairing_partners AFTER INSERT OR UPDATE OR DELETE ON pairing_partners
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placement_completions AFTER INSERT OR UPDATE OR DELETE ON placement_completions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placement_follow_ups AFTER INSERT OR UPDATE OR DELETE ON placement_follow_ups
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placement_leaves AFTER INSERT OR UPDATE OR DELETE ON placement_leaves
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placement_records AFTER INSERT OR UPDATE OR DELETE ON placement_records
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placement_report_backs AFTER INSERT OR UPDATE OR DELETE ON placement_report_backs
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placement_requirements AFTER INSERT OR UPDATE OR DELETE ON placement_requirements
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_placements AFTER INSERT OR UPDATE OR DELETE ON placements
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_programme_categories AFTER INSERT OR UPDATE OR DELETE ON programme_categories
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_programme_members AFTER INSERT OR UPDATE OR DELETE ON programme_members
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_programmes AFTER INSERT OR UPDATE OR DELETE ON programmes
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_schools AFTER INSERT OR UPDATE OR DELETE ON schools
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_secondment_batches AFTER INSERT OR UPDATE OR DELETE ON secondment_batches
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_secondment_departments AFTER INSERT OR UPDATE OR DELETE ON secondment_departments
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_secondment_groups AFTER INSERT OR UPDATE OR DELETE ON secondment_groups
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_secondment_hosts AFTER INSERT OR UPDATE OR DELETE ON secondment_hosts
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_secondment_placements AFTER INSERT OR UPDATE OR DELETE ON secondment_placements
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_staffing_inspection_findings AFTER INSERT OR UPDATE OR DELETE ON staffing_inspection_findings
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_staffing_inspections AFTER INSERT OR UPDATE OR DELETE ON staffing_inspections
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_deadlines_users AFTER INSERT OR UPDATE OR DELETE ON users
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('deadlines');

CREATE CONSTRAINT TRIGGER data_version_inbox_notify_items AFTER INSERT OR UPDATE OR DELETE ON notify_items
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('inbox');

CREATE CONSTRAINT TRIGGER data_version_inbox_notify_reads AFTER INSERT OR UPDATE OR DELETE ON notify_reads
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('inbox');

-- +goose Down
DROP TRIGGER data_version_rotation_deadlines_counties ON counties;
DROP TRIGGER data_version_rotation_deadlines_educators ON educators;
DROP TRIGGER data_version_rotation_deadlines_schools ON schools;
DROP TRIGGER data_version_rotation_deadlines_rotation_exchanges ON rotation_exchanges;
DROP TRIGGER data_version_rotation_deadlines_rotation_exemptions_insert ON rotation_exemptions;
DROP TRIGGER data_version_rotation_deadlines_rotation_exemptions_update ON rotation_exemptions;
DROP TRIGGER data_version_rotation_deadlines_rotation_exemptions_delete ON rotation_exemptions;
DROP TRIGGER data_version_rotation_deadlines_rotation_return_versions ON rotation_return_versions;
DROP TRIGGER data_version_rotation_deadlines_rotation_rounds ON rotation_rounds;
DROP TRIGGER data_version_deadlines_appointment_assessments ON appointment_assessments;
DROP TRIGGER data_version_deadlines_appointment_contracts ON appointment_contracts;
DROP TRIGGER data_version_deadlines_counties ON counties;
DROP TRIGGER data_version_deadlines_educators ON educators;
DROP TRIGGER data_version_deadlines_pairing_activities ON pairing_activities;
DROP TRIGGER data_version_deadlines_pairing_cycles ON pairing_cycles;
DROP TRIGGER data_version_deadlines_pairing_inspections ON pairing_inspections;
DROP TRIGGER data_version_deadlines_pairing_pairs ON pairing_pairs;
DROP TRIGGER data_version_deadlines_pairing_partners ON pairing_partners;
DROP TRIGGER data_version_deadlines_placement_completions ON placement_completions;
DROP TRIGGER data_version_deadlines_placement_follow_ups ON placement_follow_ups;
DROP TRIGGER data_version_deadlines_placement_leaves ON placement_leaves;
DROP TRIGGER data_version_deadlines_placement_records ON placement_records;
DROP TRIGGER data_version_deadlines_placement_report_backs ON placement_report_backs;
DROP TRIGGER data_version_deadlines_placement_requirements ON placement_requirements;
DROP TRIGGER data_version_deadlines_placements ON placements;
DROP TRIGGER data_version_deadlines_programme_categories ON programme_categories;
DROP TRIGGER data_version_deadlines_programme_members ON programme_members;
DROP TRIGGER data_version_deadlines_programmes ON programmes;
DROP TRIGGER data_version_deadlines_schools ON schools;
DROP TRIGGER data_version_deadlines_secondment_batches ON secondment_batches;
DROP TRIGGER data_version_deadlines_secondment_departments ON secondment_departments;
DROP TRIGGER data_version_deadlines_secondment_groups ON secondment_groups;
DROP TRIGGER data_version_deadlines_secondment_hosts ON secondment_hosts;
DROP TRIGGER data_version_deadlines_secondment_placements ON secondment_placements;
DROP TRIGGER data_version_deadlines_staffing_inspection_findings ON staffing_inspection_findings;
DROP TRIGGER data_version_deadlines_staffing_inspections ON staffing_inspections;
DROP TRIGGER data_version_deadlines_users ON users;
DROP TRIGGER data_version_inbox_notify_items ON notify_items;
DROP TRIGGER data_version_inbox_notify_reads ON notify_reads;
DELETE FROM data_versions WHERE name IN ('rotation_deadlines', 'deadlines', 'inbox');
