-- +goose Up
-- Whether an educator is a homeroom teacher (班主任): the post that asks
-- for the homeroom teacher's certificate (班主任持证上岗, seed 003). Set by
-- the roster's optional 班主任 column or on the educator's page.
ALTER TABLE educators ADD COLUMN homeroom BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE educators DROP COLUMN homeroom;
