-- Readers' reports of published questions and answers (docs/architecture.md §9). A report
-- waits in the desk's reported queue until a moderator keeps or refuses the item; three
-- open reports from different clients hide the item until then (`hidden_at`).
--
-- `client` is the SHA-256 of the reporter's rate-limit key (their address, or its /64),
-- so that one client counts once; it is cleared when a moderator decides, and rows go
-- with their question.
CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    answer_id   TEXT REFERENCES answers (id) ON DELETE CASCADE,
    item        TEXT NOT NULL,              -- the question's id, or the answer's
    client      TEXT,                       -- NULL once decided
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'personal', 'offensive', 'wrong', 'other')),
    created_at  TEXT NOT NULL,
    decided_at  TEXT,
    decided_by  TEXT
);
CREATE UNIQUE INDEX reports_one_per_client ON reports (item, client) WHERE client IS NOT NULL;
CREATE INDEX reports_open ON reports (decided_at, created_at);
CREATE INDEX reports_question ON reports (question_id);

ALTER TABLE questions ADD COLUMN hidden_at TEXT;
ALTER TABLE answers ADD COLUMN hidden_at TEXT;
