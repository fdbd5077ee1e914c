-- Community questions. One row per question; the idempotency key makes a retried POST
-- return the stored row instead of adding a second one.
CREATE TABLE questions (
    id                  TEXT PRIMARY KEY,           -- public id (UUID v4)
    idempotency_key     TEXT NOT NULL UNIQUE,
    request_fingerprint TEXT NOT NULL,              -- the validated request as JSON
    question            TEXT NOT NULL,
    topics              TEXT NOT NULL,              -- JSON array of strings
    page_url            TEXT,
    organisation        TEXT,
    name                TEXT,
    email               TEXT,
    consent_contact     INTEGER NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'answered')),
    answer              TEXT,
    answer_url          TEXT,
    created_at          TEXT NOT NULL,              -- RFC 3339, UTC
    updated_at          TEXT NOT NULL
);

CREATE INDEX questions_status_created ON questions (status, created_at);
