-- The last good copy of each feed fetched from a URL, so that a restarted server (or a new
-- instance) serves a publisher's items even while that publisher is down, and revalidates
-- with the saved validators instead of downloading again.
CREATE TABLE feed_copies (
    source        TEXT PRIMARY KEY,                  -- the --feed URL
    body          TEXT NOT NULL,                     -- the feed as fetched
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL                      -- RFC 3339, UTC
);
