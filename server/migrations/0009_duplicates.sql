-- A question asked before (docs/architecture.md §9): a moderator marks it as a duplicate of
-- the original, which it then points to. Never a chain: the original is never itself a
-- duplicate. Erasing the original leaves the duplicate standing on its own again.
ALTER TABLE questions ADD COLUMN duplicate_of TEXT REFERENCES questions (id) ON DELETE SET NULL;
CREATE INDEX questions_duplicate_of ON questions (duplicate_of);

-- The asker of a duplicate is told by mail where the original is: a fourth kind of asker's
-- mail. A CHECK cannot be changed in place on SQLite, so the outbox is copied into a table
-- that allows it (the same columns, the same indexes).
CREATE TABLE outbox_next (
    id              TEXT PRIMARY KEY,
    event_key       TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('published', 'rejected', 'answer', 'duplicate', 'digest')),
    question_id     TEXT REFERENCES questions (id) ON DELETE CASCADE,
    answer_id       TEXT,
    recipient       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
INSERT INTO outbox_next (id, event_key, kind, question_id, answer_id, recipient, status,
                         attempts, next_attempt_at, last_error, created_at, sent_at)
    SELECT id, event_key, kind, question_id, answer_id, recipient, status,
           attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_question ON outbox (question_id);
