-- Makes message_status independent of the order equal statuses arrive in: among events of the same rank the
-- earliest (by version) sets updated_at, so replays agree however topics interleave.
ALTER TABLE message_status ADD COLUMN version text COLLATE "C" NOT NULL DEFAULT '';
