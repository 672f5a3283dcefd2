-- +goose Up
-- Hours a secondment (挂职) credits to each participant's training record
-- (SPEC §7), where the organiser says so, and which members have had them:
-- the credit itself is a row of training_credits, written once per member.

CREATE TABLE secondment_hours (
    programme_id BIGINT PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    hours        INTEGER NOT NULL
);

CREATE TABLE secondment_credits (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    educator_id  BIGINT NOT NULL REFERENCES educators (id) ON DELETE CASCADE,
    credit_id    BIGINT NOT NULL UNIQUE REFERENCES training_credits (id) ON DELETE CASCADE,
    PRIMARY KEY (programme_id, educator_id)
);

-- +goose Down
DROP TABLE secondment_credits;
DROP TABLE secondment_hours;
