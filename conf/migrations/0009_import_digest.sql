-- 0009: the SHA-256 of an import's upload, so that an Idempotency-Key
-- sent again with another file is refused instead of answering with the
-- first job and dropping the new file unseen.  Jobs from before have
-- none, and a key of theirs replays as it did.
ALTER TABLE jobs ADD COLUMN upload_sha256 text;
