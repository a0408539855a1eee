-- 0002: what frameworks read from emission rows.  Scope 2 is reported
-- both location-based and market-based (GHG Protocol Scope 2 Guidance), so
-- a row says which it is (NULL: the same either way, e.g. scope 1); a
-- scope 3 row names its category (1-15).  Reported metric values are
-- looked up by company, metric and period.
ALTER TABLE emissions ADD COLUMN method text
    CHECK (method IN ('location', 'market'));
ALTER TABLE emissions ADD COLUMN scope3_category smallint
    CHECK (scope3_category BETWEEN 1 AND 15),
    ADD CONSTRAINT scope3_has_category
    CHECK ((scope = 3) = (scope3_category IS NOT NULL));
CREATE INDEX metric_values_lookup
    ON metric_values (company_id, metric_id, period_start);
