-- 0006: consolidation (GHG Protocol Corporate Standard, chapter 3) in one
-- place, and an entity's ownership share and control flags by year.
--
-- entity_terms: equity share counts the share the company held in the
-- reporting year, so a change of ownership must not restate the years
-- before it.  A term applies from its year until the next term; an entity
-- without terms has one set of values for every year (those on its row).
-- The first dated change also records the values held until then, from
-- 1900 (PUT /api/entities/{id} with effective_from, host/api_org.c).
CREATE TABLE entity_terms (
    company_id           uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    entity_id            uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    from_year            int NOT NULL CHECK (from_year BETWEEN 1900 AND 2100),
    ownership_pct        numeric NOT NULL
                         CHECK (ownership_pct >= 0 AND ownership_pct <= 100),
    operational_control  boolean NOT NULL,
    financial_control    boolean NOT NULL,
    PRIMARY KEY (entity_id, from_year)
);
ALTER TABLE entity_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE entity_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON entity_terms USING (company_id = cd_company())
    WITH CHECK (company_id = cd_company());

-- The rollup rows of a year, each with the share of it the company
-- reports under an approach: a facility without an entity counts in full;
-- otherwise operational or financial control count it in full or not at
-- all by the entity's flag, and equity share by its ownership, each as in
-- force in the year.  The summary and the metric values every framework
-- reads both take their numbers from here, so a framework report and the
-- summary agree.
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
      LEFT JOIN LATERAL (SELECT t.ownership_pct, t.operational_control,
                                t.financial_control
                           FROM entity_terms t
                          WHERE t.entity_id = e.id AND t.from_year <= p_year
                          ORDER BY t.from_year DESC LIMIT 1) t ON true
     CROSS JOIN LATERAL (SELECT CASE
            WHEN e.id IS NULL THEN 1
            WHEN p_approach = 'operational' THEN
                coalesce(t.operational_control, e.operational_control)::int
            WHEN p_approach = 'financial' THEN
                coalesce(t.financial_control, e.financial_control)::int
            ELSE coalesce(t.ownership_pct, e.ownership_pct) / 100 END AS share) s
     WHERE r.year = p_year
$$;
