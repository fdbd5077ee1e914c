-- When an answer was published (approved), for the desk's weekly overview (median time to
-- the first published answer, docs/architecture.md §9). `updated_at` cannot tell: it also
-- moves when an answer is marked as the one that helped. Read only while the answer is
-- `approved`; NULL until it is first published. Answers published before this column
-- existed get their last change, the closest time known.
ALTER TABLE answers ADD COLUMN published_at TEXT;
UPDATE answers SET published_at = updated_at WHERE status = 'approved';

-- The moderators' own answer, kept on the question (status 'answered'): when it was first
-- published.
ALTER TABLE questions ADD COLUMN answered_at TEXT;
UPDATE questions SET answered_at = updated_at WHERE status = 'answered';

-- The overview reads the questions asked since a week's Monday.
CREATE INDEX questions_created ON questions (created_at);
