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
-- +goose Up
INSERT INTO data_versions (name, n) VALUES ('rotation_deadlines', 0), ('deadlines', 0), ('inbox', 0);

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_counties_insert AFTER INSERT ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_counties_update AFTER UPDATE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_counties_delete AFTER DELETE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_educators_insert AFTER INSERT ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation_deadlines')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_educators_update AFTER UPDATE ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation_deadlines')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_educators_delete AFTER DELETE ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'rotation_deadlines')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_schools_insert AFTER INSERT ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_schools_update AFTER UPDATE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_schools_delete AFTER DELETE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_exchanges_insert AFTER INSERT ON rotation_exchanges
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_exchanges_update AFTER UPDATE ON rotation_exchanges
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_exchanges_delete AFTER DELETE ON rotation_exchanges
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_exemptions_insert AFTER INSERT ON rotation_exemptions
WHEN NEW.status = 'approved'
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_exemptions_update AFTER UPDATE ON rotation_exemptions
WHEN OLD.status = 'approved' OR NEW.status = 'approved'
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_exemptions_delete AFTER DELETE ON rotation_exemptions
WHEN OLD.status = 'approved'
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_return_versions_insert AFTER INSERT ON rotation_return_versions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_return_versions_update AFTER UPDATE ON rotation_return_versions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_return_versions_delete AFTER DELETE ON rotation_return_versions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_rounds_insert AFTER INSERT ON rotation_rounds
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_rounds_update AFTER UPDATE ON rotation_rounds
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_rotation_deadlines_rotation_rounds_delete AFTER DELETE ON rotation_rounds
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'rotation_deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_appointment_assessments_insert AFTER INSERT ON appointment_assessments
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_appointment_assessments_update AFTER UPDATE ON appointment_assessments
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_appointment_assessments_delete AFTER DELETE ON appointment_assessments
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_appointment_contracts_insert AFTER INSERT ON appointment_contracts
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_appointment_contracts_update AFTER UPDATE ON appointment_contracts
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_appointment_contracts_delete AFTER DELETE ON appointment_contracts
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_counties_insert AFTER INSERT ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_counties_update AFTER UPDATE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_counties_delete AFTER DELETE ON counties
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_educators_insert AFTER INSERT ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'deadlines')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_educators_update AFTER UPDATE ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'deadlines')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_educators_delete AFTER DELETE ON educators
WHEN NOT EXISTS (SELECT 1 FROM data_version_holds WHERE name = 'deadlines')
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_activities_insert AFTER INSERT ON pairing_activities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_activities_update AFTER UPDATE ON pairing_activities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_activities_delete AFTER DELETE ON pairing_activities
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_cycles_insert AFTER INSERT ON pairing_cycles
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_cycles_update AFTER UPDATE ON pairing_cycles
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_cycles_delete AFTER DELETE ON pairing_cycles
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_inspections_insert AFTER INSERT ON pairing_inspections
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_inspections_update AFTER UPDATE ON pairing_inspections
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_inspections_delete AFTER DELETE ON pairing_inspections
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_pairs_insert AFTER INSERT ON pairing_pairs
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_pairs_update AFTER UPDATE ON pairing_pairs
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_pairs_delete AFTER DELETE ON pairing_pairs
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_partners_insert AFTER INSERT ON pairing_partners
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_partners_update AFTER UPDATE ON pairing_partners
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_pairing_partners_delete AFTER DELETE ON pairing_partners
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_completions_insert AFTER INSERT ON placement_completions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_completions_update AFTER UPDATE ON placement_completions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_completions_delete AFTER DELETE ON placement_completions
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_follow_ups_insert AFTER INSERT ON placement_follow_ups
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_follow_ups_update AFTER UPDATE ON placement_follow_ups
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_follow_ups_delete AFTER DELETE ON placement_follow_ups
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_leaves_insert AFTER INSERT ON placement_leaves
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_leaves_update AFTER UPDATE ON placement_leaves
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_leaves_delete AFTER DELETE ON placement_leaves
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_records_insert AFTER INSERT ON placement_records
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_records_update AFTER UPDATE ON placement_records
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_records_delete AFTER DELETE ON placement_records
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_report_backs_insert AFTER INSERT ON placement_report_backs
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_report_backs_update AFTER UPDATE ON placement_report_backs
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_report_backs_delete AFTER DELETE ON placement_report_backs
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_requirements_insert AFTER INSERT ON placement_requirements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_requirements_update AFTER UPDATE ON placement_requirements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placement_requirements_delete AFTER DELETE ON placement_requirements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placements_insert AFTER INSERT ON placements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placements_update AFTER UPDATE ON placements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_placements_delete AFTER DELETE ON placements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programme_categories_insert AFTER INSERT ON programme_categories
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programme_categories_update AFTER UPDATE ON programme_categories
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programme_categories_delete AFTER DELETE ON programme_categories
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programme_members_insert AFTER INSERT ON programme_members
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programme_members_update AFTER UPDATE ON programme_members
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programme_members_delete AFTER DELETE ON programme_members
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programmes_insert AFTER INSERT ON programmes
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programmes_update AFTER UPDATE ON programmes
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_programmes_delete AFTER DELETE ON programmes
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_schools_insert AFTER INSERT ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_schools_update AFTER UPDATE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_schools_delete AFTER DELETE ON schools
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_batches_insert AFTER INSERT ON secondment_batches
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_batches_update AFTER UPDATE ON secondment_batches
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_batches_delete AFTER DELETE ON secondment_batches
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_departments_insert AFTER INSERT ON secondment_departments
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_departments_update AFTER UPDATE ON secondment_departments
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_departments_delete AFTER DELETE ON secondment_departments
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_groups_insert AFTER INSERT ON secondment_groups
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_groups_update AFTER UPDATE ON secondment_groups
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_groups_delete AFTER DELETE ON secondment_groups
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_hosts_insert AFTER INSERT ON secondment_hosts
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_hosts_update AFTER UPDATE ON secondment_hosts
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_hosts_delete AFTER DELETE ON secondment_hosts
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_placements_insert AFTER INSERT ON secondment_placements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_placements_update AFTER UPDATE ON secondment_placements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_secondment_placements_delete AFTER DELETE ON secondment_placements
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_staffing_inspection_findings_insert AFTER INSERT ON staffing_inspection_findings
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_staffing_inspection_findings_update AFTER UPDATE ON staffing_inspection_findings
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_staffing_inspection_findings_delete AFTER DELETE ON staffing_inspection_findings
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_staffing_inspections_insert AFTER INSERT ON staffing_inspections
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_staffing_inspections_update AFTER UPDATE ON staffing_inspections
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_staffing_inspections_delete AFTER DELETE ON staffing_inspections
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_users_insert AFTER INSERT ON users
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_users_update AFTER UPDATE ON users
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_deadlines_users_delete AFTER DELETE ON users
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'deadlines';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_inbox_notify_items_insert AFTER INSERT ON notify_items
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'inbox';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_inbox_notify_items_update AFTER UPDATE ON notify_items
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'inbox';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_inbox_notify_items_delete AFTER DELETE ON notify_items
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'inbox';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_inbox_notify_reads_insert AFTER INSERT ON notify_reads
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'inbox';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_inbox_notify_reads_update AFTER UPDATE ON notify_reads
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'inbox';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER data_version_inbox_notify_reads_delete AFTER DELETE ON notify_reads
BEGIN
	UPDATE data_versions SET n = n + 1 WHERE name = 'inbox';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER data_version_rotation_deadlines_counties_insert;
DROP TRIGGER data_version_rotation_deadlines_counties_update;
DROP TRIGGER data_version_rotation_deadlines_counties_delete;
DROP TRIGGER data_version_rotation_deadlines_educators_insert;
DROP TRIGGER data_version_rotation_deadlines_educators_update;
DROP TRIGGER data_version_rotation_deadlines_educators_delete;
DROP TRIGGER data_version_rotation_deadlines_schools_insert;
DROP TRIGGER data_version_rotation_deadlines_schools_update;
DROP TRIGGER data_version_rotation_deadlines_schools_delete;
DROP TRIGGER data_version_rotation_deadlines_rotation_exchanges_insert;
DROP TRIGGER data_version_rotation_deadlines_rotation_exchanges_update;
DROP TRIGGER data_version_rotation_deadlines_rotation_exchanges_delete;
DROP TRIGGER data_version_rotation_deadlines_rotation_exemptions_insert;
DROP TRIGGER data_version_rotation_deadlines_rotation_exemptions_update;
DROP TRIGGER data_version_rotation_deadlines_rotation_exemptions_delete;
DROP TRIGGER data_version_rotation_deadlines_rotation_return_versions_insert;
DROP TRIGGER data_version_rotation_deadlines_rotation_return_versions_update;
DROP TRIGGER data_version_rotation_deadlines_rotation_return_versions_delete;
DROP TRIGGER data_version_rotation_deadlines_rotation_rounds_insert;
DROP TRIGGER data_version_rotation_deadlines_rotation_rounds_update;
DROP TRIGGER data_version_rotation_deadlines_rotation_rounds_delete;
DROP TRIGGER data_version_deadlines_appointment_assessments_insert;
DROP TRIGGER data_version_deadlines_appointment_assessments_update;
DROP TRIGGER data_version_deadlines_appointment_assessments_delete;
DROP TRIGGER data_version_deadlines_appointment_contracts_insert;
DROP TRIGGER data_version_deadlines_appointment_contracts_update;
DROP TRIGGER data_version_deadlines_appointment_contracts_delete;
DROP TRIGGER data_version_deadlines_counties_insert;
DROP TRIGGER data_version_deadlines_counties_update;
DROP TRIGGER data_version_deadlines_counties_delete;
DROP TRIGGER data_version_deadlines_educators_insert;
DROP TRIGGER data_version_deadlines_educators_update;
DROP TRIGGER data_version_deadlines_educators_delete;
DROP TRIGGER data_version_deadlines_pairing_activities_insert;
DROP TRIGGER data_version_deadlines_pairing_activities_update;
DROP TRIGGER data_version_deadlines_pairing_activities_delete;
DROP TRIGGER data_version_deadlines_pairing_cycles_insert;
DROP TRIGGER data_version_deadlines_pairing_cycles_update;
DROP TRIGGER data_version_deadlines_pairing_cycles_delete;
DROP TRIGGER data_version_deadlines_pairing_inspections_insert;
DROP TRIGGER data_version_deadlines_pairing_inspections_update;
DROP TRIGGER data_version_deadlines_pairing_inspections_delete;
DROP TRIGGER data_version_deadlines_pairing_pairs_insert;
DROP TRIGGER data_version_deadlines_pairing_pairs_update;
DROP TRIGGER data_version_deadlines_pairing_pairs_delete;
DROP TRIGGER data_version_deadlines_pairing_partners_insert;
DROP TRIGGER data_version_deadlines_pairing_partners_update;
DROP TRIGGER data_version_deadlines_pairing_partners_delete;
DROP TRIGGER data_version_deadlines_placement_completions_insert;
DROP TRIGGER data_version_deadlines_placement_completions_update;
DROP TRIGGER data_version_deadlines_placement_completions_delete;
DROP TRIGGER data_version_deadlines_placement_follow_ups_insert;
DROP TRIGGER data_version_deadlines_placement_follow_ups_update;
DROP TRIGGER data_version_deadlines_placement_follow_ups_delete;
DROP TRIGGER data_version_deadlines_placement_leaves_insert;
DROP TRIGGER data_version_deadlines_placement_leaves_update;
DROP TRIGGER data_version_deadlines_placement_leaves_delete;
DROP TRIGGER data_version_deadlines_placement_records_insert;
DROP TRIGGER data_version_deadlines_placement_records_update;
DROP TRIGGER data_version_deadlines_placement_records_delete;
DROP TRIGGER data_version_deadlines_placement_report_backs_insert;
DROP TRIGGER data_version_deadlines_placement_report_backs_update;
DROP TRIGGER data_version_deadlines_placement_report_backs_delete;
DROP TRIGGER data_version_deadlines_placement_requirements_insert;
DROP TRIGGER data_version_deadlines_placement_requirements_update;
DROP TRIGGER data_version_deadlines_placement_requirements_delete;
DROP TRIGGER data_version_deadlines_placements_insert;
DROP TRIGGER data_version_deadlines_placements_update;
DROP TRIGGER data_version_deadlines_placements_delete;
DROP TRIGGER data_version_deadlines_programme_categories_insert;
DROP TRIGGER data_version_deadlines_programme_categories_update;
DROP TRIGGER data_version_deadlines_programme_categories_delete;
DROP TRIGGER data_version_deadlines_programme_members_insert;
DROP TRIGGER data_version_deadlines_programme_members_update;
DROP TRIGGER data_version_deadlines_programme_members_delete;
DROP TRIGGER data_version_deadlines_programmes_insert;
DROP TRIGGER data_version_deadlines_programmes_update;
DROP TRIGGER data_version_deadlines_programmes_delete;
DROP TRIGGER data_version_deadlines_schools_insert;
DROP TRIGGER data_version_deadlines_schools_update;
DROP TRIGGER data_version_deadlines_schools_delete;
DROP TRIGGER data_version_deadlines_secondment_batches_insert;
DROP TRIGGER data_version_deadlines_secondment_batches_update;
DROP TRIGGER data_version_deadlines_secondment_batches_delete;
DROP TRIGGER data_version_deadlines_secondment_departments_insert;
DROP TRIGGER data_version_deadlines_secondment_departments_update;
DROP TRIGGER data_version_deadlines_secondment_departments_delete;
DROP TRIGGER data_version_deadlines_secondment_groups_insert;
DROP TRIGGER data_version_deadlines_secondment_groups_update;
DROP TRIGGER data_version_deadlines_secondment_groups_delete;
DROP TRIGGER data_version_deadlines_secondment_hosts_insert;
DROP TRIGGER data_version_deadlines_secondment_hosts_update;
DROP TRIGGER data_version_deadlines_secondment_hosts_delete;
DROP TRIGGER data_version_deadlines_secondment_placements_insert;
DROP TRIGGER data_version_deadlines_secondment_placements_update;
DROP TRIGGER data_version_deadlines_secondment_placements_delete;
DROP TRIGGER data_version_deadlines_staffing_inspection_findings_insert;
DROP TRIGGER data_version_deadlines_staffing_inspection_findings_update;
DROP TRIGGER data_version_deadlines_staffing_inspection_findings_delete;
DROP TRIGGER data_version_deadlines_staffing_inspections_insert;
DROP TRIGGER data_version_deadlines_staffing_inspections_update;
DROP TRIGGER data_version_deadlines_staffing_inspections_delete;
DROP TRIGGER data_version_deadlines_users_insert;
DROP TRIGGER data_version_deadlines_users_update;
DROP TRIGGER data_version_deadlines_users_delete;
DROP TRIGGER data_version_inbox_notify_items_insert;
DROP TRIGGER data_version_inbox_notify_items_update;
DROP TRIGGER data_version_inbox_notify_items_delete;
DROP TRIGGER data_version_inbox_notify_reads_insert;
DROP TRIGGER data_version_inbox_notify_reads_update;
DROP TRIGGER data_version_inbox_notify_reads_delete;
DELETE FROM data_versions WHERE name IN ('rotation_deadlines', 'deadlines', 'inbox');
