-- +goose Up
-- A career row the roster import inferred from 到校日期 and 任现职日期
-- (rather than read from a 任职经历 sheet or written by an exchange) is
-- marked derived, so that it can be told apart and corrected.
ALTER TABLE career_entries ADD COLUMN derived BOOLEAN NOT NULL DEFAULT FALSE;

-- Until now the import derived one row for a new person, "the present post
-- since 到校日期", whatever 任现职日期 said, so that a principal who joined
-- as a teacher counted his years as principal from the day he joined. Such
-- a row is recognised by its shape: the person's only career row, an open
-- 任职 row at the person's school in the person's post starting on
-- 到校日期, with no exchange and no note. A history read from a sheet
-- with several rows, and rows of exchanges or plans, do not match. Where
-- 任现职日期 is later than 到校日期 and the post is not 教师, the row is
-- split: 教师 from 到校日期 to the day before 任现职日期 (the earlier post
-- at the school, which the roster does not name), then the present post
-- from 任现职日期. Both rows are marked derived.
UPDATE career_entries SET derived = TRUE
WHERE id IN (
    SELECT k.id FROM career_entries k JOIN educators e ON e.id = k.educator_id
    WHERE k.kind = 'appointment' AND k.exchange_id IS NULL AND k.note = '' AND k.end_date IS NULL
      AND k.school_id = e.school_id AND k.post = e.post AND k.start_date = e.joined_school
      AND e.post <> 'teacher' AND e.post_since IS NOT NULL AND e.post_since > e.joined_school
      AND NOT EXISTS (SELECT 1 FROM career_entries o WHERE o.educator_id = k.educator_id AND o.id <> k.id)
);

INSERT INTO career_entries (educator_id, school_id, post, kind, start_date, end_date, note, derived)
SELECT k.educator_id, k.school_id, k.post, 'appointment', e.post_since, NULL, '', TRUE
FROM career_entries k JOIN educators e ON e.id = k.educator_id
WHERE k.derived AND k.end_date IS NULL AND k.start_date = e.joined_school;

UPDATE career_entries SET post = 'teacher',
    end_date = (SELECT e.post_since - 1 FROM educators e WHERE e.id = career_entries.educator_id)
WHERE derived AND end_date IS NULL
  AND start_date = (SELECT e.joined_school FROM educators e WHERE e.id = career_entries.educator_id);

-- +goose Down
-- The split rows stay split: they are what the roster says.
ALTER TABLE career_entries DROP COLUMN derived;
