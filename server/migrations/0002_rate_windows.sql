-- New questions per client per one-minute window, so that every `elders serve` instance on
-- the same database enforces one shared limit. Migrations are plain SQL that SQLite and
-- PostgreSQL both accept: one directory, one schema, whichever backend.
CREATE TABLE rate_windows (
    client       TEXT NOT NULL,                     -- the client's address
    window_start BIGINT NOT NULL,                   -- Unix seconds, a multiple of 60
    hits         INTEGER NOT NULL,                  -- new questions in the window
    PRIMARY KEY (client, window_start)
);

CREATE INDEX rate_windows_start ON rate_windows (window_start);
