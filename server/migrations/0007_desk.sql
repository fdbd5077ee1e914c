-- The moderators' desk (docs/architecture.md §9). Moderators sign in with a personal,
-- one-time link (`elders moderators add`) or the admin token; a removed moderator keeps
-- their row (the audit log names them) but no link or session works for them any more.
CREATE TABLE moderators (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    email      TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT
);

-- One-time sign-in links, kept as the SHA-256 of their token.
CREATE TABLE sign_in_links (
    token_hash   TEXT PRIMARY KEY,
    moderator_id TEXT NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);

-- Desk sessions, kept as the SHA-256 of the cookie's value, in the database so that every
-- instance knows them and removing a moderator ends theirs. `moderator_id` is NULL for a
-- session opened with the admin token.
CREATE TABLE desk_sessions (
    id_hash      TEXT PRIMARY KEY,
    moderator_id TEXT REFERENCES moderators (id) ON DELETE CASCADE,
    actor        TEXT NOT NULL,             -- who, as the audit log names them
    csrf         TEXT NOT NULL,             -- the token every form of the session carries
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

-- Who did what to which item, when. Rows go with the item's question (an answer's with
-- its question), so the log is kept as long as the item.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    answer_id   TEXT,
    action      TEXT NOT NULL,              -- approve, reject, answer, accept, edit, …
    actor       TEXT NOT NULL,
    detail      TEXT,                       -- a reason, the text before an edit, …
    created_at  TEXT NOT NULL
);
CREATE INDEX audit_log_question ON audit_log (question_id, created_at);
CREATE INDEX audit_log_created ON audit_log (created_at);
