-- 0011: the order values were entered in.  "The latest value" was the
-- latest created_at, but every value of one POST shares its transaction's
-- created_at, and the tie fell to the random uuid: of two values for the
-- same metric and year in one POST, either could be reported.  `seq`
-- numbers rows as they are inserted (each value of a POST is one INSERT,
-- in list order), so the later one wins; existing rows are numbered in
-- table order, which only matters for ties of created_at among them.
ALTER TABLE metric_values ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
