-- E-mail to the asker (docs/architecture.md §8). `notify`: the asker asked for mail about
-- the question (published, refused, answered); `lang`: the language to write it in. Existing
-- questions never asked for mail.
ALTER TABLE questions ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl';
-- Why a moderator refused a question, for the asker's mail.
ALTER TABLE questions ADD COLUMN reject_reason TEXT;

-- The private links of mails sent: each mail carries a key of its own, made when it is
-- sent and kept here only as its SHA-256. A key goes with its question.
CREATE TABLE manage_keys (
    key_hash    TEXT PRIMARY KEY,                -- SHA-256 of the key, hex
    question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL
);
CREATE INDEX manage_keys_question ON manage_keys (question_id);

-- Mails to send, written in the same transaction as the event that causes them, one row
-- per event (`event_key` is unique), and sent by a background task. The row holds no
-- address nor text: the mail is written when it is sent, from the question as it is then,
-- so that erasing a question (which deletes its mails with it) leaves nothing behind.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    event_key       TEXT NOT NULL UNIQUE,        -- e.g. "answer:ID": one mail per event
    kind            TEXT NOT NULL CHECK (kind IN ('published', 'rejected', 'answer', 'digest')),
    question_id     TEXT REFERENCES questions (id) ON DELETE CASCADE,
    answer_id       TEXT,
    recipient       TEXT,                        -- only for moderators' digests
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,               -- RFC 3339, UTC
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_question ON outbox (question_id);
