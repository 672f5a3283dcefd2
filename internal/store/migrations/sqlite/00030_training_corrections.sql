-- +goose Up
-- A question of a course's bank that has been drawn into a paper can no
-- longer change; it can be retired from the papers still to be drawn.
ALTER TABLE training_questions ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE training_questions DROP COLUMN retired;
