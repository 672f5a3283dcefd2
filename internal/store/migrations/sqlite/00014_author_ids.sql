-- +goose Up
-- Objections and consents name their author by user id; the label columns
-- stay, for display. A label is matched back to its account only where one
-- account has it (Actor.Label: "display name（username）", or the username
-- alone); the rest keep no id and so belong to nobody. Like the audit
-- log's actor_id, the id records who acted and is no foreign key.
ALTER TABLE rotation_objections ADD COLUMN raised_by_user_id INTEGER;
ALTER TABLE planning_objections ADD COLUMN raised_by_user_id INTEGER;
ALTER TABLE rotation_exchanges ADD COLUMN origin_consent_user_id INTEGER;
ALTER TABLE rotation_exchanges ADD COLUMN host_consent_user_id INTEGER;

CREATE VIEW user_labels_00014 AS
SELECT id, CASE WHEN display_name <> '' AND display_name <> username
                THEN display_name || '（' || username || '）' ELSE username END AS label
FROM users;

UPDATE rotation_objections SET raised_by_user_id =
    (SELECT u.id FROM user_labels_00014 u WHERE u.label = rotation_objections.raised_by)
WHERE (SELECT COUNT(*) FROM user_labels_00014 u WHERE u.label = rotation_objections.raised_by) = 1;
UPDATE planning_objections SET raised_by_user_id =
    (SELECT u.id FROM user_labels_00014 u WHERE u.label = planning_objections.raised_by)
WHERE (SELECT COUNT(*) FROM user_labels_00014 u WHERE u.label = planning_objections.raised_by) = 1;
UPDATE rotation_exchanges SET origin_consent_user_id =
    (SELECT u.id FROM user_labels_00014 u WHERE u.label = rotation_exchanges.origin_consent_by)
WHERE origin_consent_by <> ''
  AND (SELECT COUNT(*) FROM user_labels_00014 u WHERE u.label = rotation_exchanges.origin_consent_by) = 1;
UPDATE rotation_exchanges SET host_consent_user_id =
    (SELECT u.id FROM user_labels_00014 u WHERE u.label = rotation_exchanges.host_consent_by)
WHERE host_consent_by <> ''
  AND (SELECT COUNT(*) FROM user_labels_00014 u WHERE u.label = rotation_exchanges.host_consent_by) = 1;

DROP VIEW user_labels_00014;

-- +goose Down
ALTER TABLE rotation_exchanges DROP COLUMN host_consent_user_id;
ALTER TABLE rotation_exchanges DROP COLUMN origin_consent_user_id;
ALTER TABLE planning_objections DROP COLUMN raised_by_user_id;
ALTER TABLE rotation_objections DROP COLUMN raised_by_user_id;
