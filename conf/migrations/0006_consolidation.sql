-- 0006: one place for consolidation (GHG Protocol Corporate Standard,
-- chapter 3).  The rollup rows of a year, each with the share of it the
-- company reports under an approach: a facility without an entity counts
-- in full; otherwise operational or financial control count it in full or
-- not at all by the entity's flag, and equity share by its ownership.
-- The summary and the metric values every framework reads both take their
-- numbers from here, so a framework report and the summary agree.
CREATE FUNCTION cd_consolidated(p_year int, p_approach text)
RETURNS TABLE (month smallint, scope smallint, method text,
    scope3_category smallint, category text, facility_id uuid,
    facility_name text, entity_id uuid, entity_name text, factor_set text,
    co2e_kg numeric, biogenic_co2_kg numeric, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT r.month, r.scope, r.method, r.scope3_category, r.category,
           f.id, f.name, e.id, e.name, r.factor_set,
           r.co2e_kg * s.share, r.biogenic_co2_kg * s.share, r.n
      FROM emission_rollups r
      LEFT JOIN facilities f ON f.id = r.facility_id
      LEFT JOIN entities e ON e.id = f.entity_id
     CROSS JOIN LATERAL (SELECT CASE
            WHEN e.id IS NULL THEN 1
            WHEN p_approach = 'operational' THEN e.operational_control::int
            WHEN p_approach = 'financial' THEN e.financial_control::int
            ELSE e.ownership_pct / 100 END AS share) s
     WHERE r.year = p_year
$$;
