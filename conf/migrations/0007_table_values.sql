-- 0007: table values.  A table metric (conf/metrics.yaml, type: table) is
-- stored as its rows, a JSON array of objects keyed by column id, checked
-- by the host against the metric's columns before it is written.  A value
-- is now exactly one of a number, a text or a table.  0001's CHECKs are
-- unnamed, and both name two columns, so PostgreSQL named them in order:
-- metric_values_check (period_end >= period_start, which stays) and
-- metric_values_check1 (number or text), the one replaced here;
-- tests/integration/check_esg_tables.c asserts the set that results.
-- Row-level security is on the table, so it covers the new column as is.
ALTER TABLE metric_values ADD COLUMN value_json jsonb;
ALTER TABLE metric_values DROP CONSTRAINT metric_values_check1;
ALTER TABLE metric_values ADD CONSTRAINT metric_values_one_value
    CHECK (num_nonnulls(value_number, value_text, value_json) = 1);
ALTER TABLE metric_values ADD CONSTRAINT metric_values_json_rows
    CHECK (value_json IS NULL OR jsonb_typeof(value_json) = 'array');
