-- Colleagues' answers to published questions. One row per answer; the idempotency key makes
-- a retried POST return the stored row instead of adding a second one. An answer goes with
-- its question: erasing the question erases its answers.
CREATE TABLE answers (
    id                  TEXT PRIMARY KEY,           -- public id (UUID v4)
    question_id         TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    idempotency_key     TEXT NOT NULL UNIQUE,
    request_fingerprint TEXT NOT NULL,              -- SHA-256 of the validated request, hex
    answer              TEXT NOT NULL,
    url                 TEXT,
    name                TEXT,
    organisation        TEXT,
    email               TEXT,
    public_name         INTEGER NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    accepted            INTEGER NOT NULL DEFAULT 0, -- the one that helped the asker
    created_at          TEXT NOT NULL,              -- RFC 3339, UTC
    updated_at          TEXT NOT NULL
);

CREATE INDEX answers_question_status ON answers (question_id, status);
CREATE INDEX answers_status_created ON answers (status, created_at);
