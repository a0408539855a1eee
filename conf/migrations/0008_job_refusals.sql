-- 0008: an import batch the database refuses (it was reachable: a
-- constraint, a value it will not take) is tried again, and the job fails
-- after a few refusals at the same line instead of staying running for
-- good.  Counted in the job's row, not in a host's memory, so every
-- worker and host that picks the job up counts the same tries.
ALTER TABLE jobs
    ADD COLUMN refused_line bigint,
    ADD COLUMN refusals int NOT NULL DEFAULT 0;
