-- Whether the asker agreed to have their name and organisation shown with the question;
-- without it no public page, endpoint or feed shows them. Existing questions never asked
-- for that consent, so they have not given it.
ALTER TABLE questions ADD COLUMN public_name INTEGER NOT NULL DEFAULT 0;
