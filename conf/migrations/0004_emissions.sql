-- 0004: organisation, company factor sets, traceable emission rows and
-- the rollups summaries read.
--
-- Organisation (GHG Protocol Corporate Standard, chapter 3): legal
-- entities with their ownership share and control flags; a facility
-- belongs to one entity.  A facility without an entity, and an activity
-- without a facility, count at 100 % under every approach.
CREATE TABLE entities (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id           uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id            uuid REFERENCES entities (id) ON DELETE RESTRICT,
    ownership_pct        numeric NOT NULL DEFAULT 100
                         CHECK (ownership_pct >= 0 AND ownership_pct <= 100),
    operational_control  boolean NOT NULL DEFAULT true,
    financial_control    boolean NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);

ALTER TABLE facilities
    ADD COLUMN entity_id uuid REFERENCES entities (id) ON DELETE RESTRICT,
    ADD COLUMN type text CHECK (type IS NULL OR length(type) BETWEEN 1 AND 64);

-- One row per company: the consolidation approach summaries use when the
-- request names none, the region whose factor sets apply when a record's
-- facility gives no country, and the GWP set when a record names none.
CREATE TABLE company_settings (
    company_id  uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    approach    text NOT NULL DEFAULT 'operational'
                CHECK (approach IN ('operational', 'financial', 'equity')),
    region      text NOT NULL DEFAULT 'UK' CHECK (region IN ('UK', 'US')),
    gwp         text NOT NULL DEFAULT 'AR5' CHECK (gwp IN ('AR5', 'AR6')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Intensity denominators the company enters per year.
CREATE TABLE denominators (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    year        int NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    kind        text NOT NULL CHECK (kind IN ('revenue', 'fte', 'floor_area')),
    value       numeric NOT NULL CHECK (value > 0),
    unit        text NOT NULL CHECK (length(unit) BETWEEN 1 AND 32),
    PRIMARY KEY (company_id, year, kind)
);

-- A company's own factor sets.  A set is immutable once stored: an upload
-- under an existing name makes the next version.
CREATE TABLE company_factor_sets (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          text NOT NULL,		-- "<name>@v<version>"
    name        text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    version     int NOT NULL CHECK (version >= 1),
    rows        int NOT NULL,
    sha256      text NOT NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, name, version)
);

CREATE TABLE company_factors (
    company_id       uuid NOT NULL,
    set_id           text NOT NULL,
    id               text NOT NULL,
    category         text NOT NULL,
    activity         text NOT NULL,
    unit             text NOT NULL,
    co2e_kg_per_unit double precision NOT NULL,
    co2_kg           double precision,
    ch4_kg           double precision,
    n2o_kg           double precision,
    gas_basis        text NOT NULL,
    gwp_set          text NOT NULL CHECK (gwp_set IN ('AR5', 'AR6')),
    region           text NOT NULL,
    year             int NOT NULL,
    source_document  text NOT NULL,
    publisher        text NOT NULL,
    edition_year     int,
    "table"          text NOT NULL,
    PRIMARY KEY (company_id, set_id, id),
    FOREIGN KEY (company_id, set_id)
        REFERENCES company_factor_sets (company_id, id) ON DELETE CASCADE
);

-- Activities remember the import job and row they came from.
ALTER TABLE activities
    ADD COLUMN job_id uuid REFERENCES jobs (id) ON DELETE SET NULL,
    ADD COLUMN row_no bigint;
CREATE INDEX activities_job ON activities (job_id) WHERE job_id IS NOT NULL;

-- Emission rows carry what summaries group by, so a summary never joins
-- the activities, and what an auditor needs beside the factor JSON.
ALTER TABLE emissions
    ADD COLUMN facility_id uuid,
    ADD COLUMN period_start date,
    ADD COLUMN factor_set text,
    ADD COLUMN biogenic_co2_kg numeric NOT NULL DEFAULT 0,
    ADD COLUMN tier text CHECK (tier IN ('measured', 'calculated',
        'estimated', 'spend_based')),
    ADD COLUMN run uuid;			-- the recalculation that wrote it
CREATE INDEX emissions_activity ON emissions (activity_id);
CREATE INDEX emissions_company_period ON emissions (company_id, period_start)
    WHERE current;

-- Recalculations: what was asked and what it did.
CREATE TABLE recalculations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    factor_set  text,
    gwp         text CHECK (gwp IN ('AR5', 'AR6')),
    year        int,
    rows        bigint NOT NULL DEFAULT 0,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Rollups of current emission rows, kept by triggers in the writing
-- transaction, so a summary reads a few hundred rows, never millions.
-- Empty method / facility are '' and the nil uuid so they can be keys.
CREATE TABLE emission_rollups (
    company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    year             int NOT NULL,
    month            smallint NOT NULL,
    scope            smallint NOT NULL,
    method           text NOT NULL,
    scope3_category  smallint NOT NULL,
    category         text NOT NULL,
    facility_id      uuid NOT NULL,
    factor_set       text NOT NULL,
    co2e_kg          numeric NOT NULL,
    biogenic_co2_kg  numeric NOT NULL,
    n                bigint NOT NULL,
    PRIMARY KEY (company_id, year, month, scope, method, scope3_category,
        category, facility_id, factor_set)
);

CREATE FUNCTION cd_rollup_apply() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO emission_rollups AS r
        SELECT company_id, extract(year FROM period_start)::int,
               extract(month FROM period_start)::smallint, scope,
               coalesce(method, ''), coalesce(scope3_category, 0), category,
               coalesce(facility_id, '00000000-0000-0000-0000-000000000000'),
               coalesce(factor_set, ''),
               -sum(co2e_kg), -sum(biogenic_co2_kg), -count(*)
          FROM old_rows WHERE current
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (company_id, year, month, scope, method, scope3_category,
            category, facility_id, factor_set) DO UPDATE
           SET co2e_kg = r.co2e_kg + excluded.co2e_kg,
               biogenic_co2_kg = r.biogenic_co2_kg + excluded.biogenic_co2_kg,
               n = r.n + excluded.n;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO emission_rollups AS r
        SELECT company_id, extract(year FROM period_start)::int,
               extract(month FROM period_start)::smallint, scope,
               coalesce(method, ''), coalesce(scope3_category, 0), category,
               coalesce(facility_id, '00000000-0000-0000-0000-000000000000'),
               coalesce(factor_set, ''),
               sum(co2e_kg), sum(biogenic_co2_kg), count(*)
          FROM new_rows WHERE current
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (company_id, year, month, scope, method, scope3_category,
            category, facility_id, factor_set) DO UPDATE
           SET co2e_kg = r.co2e_kg + excluded.co2e_kg,
               biogenic_co2_kg = r.biogenic_co2_kg + excluded.biogenic_co2_kg,
               n = r.n + excluded.n;
    END IF;
    DELETE FROM emission_rollups WHERE n = 0;
    RETURN NULL;
END $$;

-- A row written without its grouping columns (an older writer, a fixture)
-- takes them from its activity, so the rollups never lose a row.
CREATE FUNCTION cd_emission_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT a.period_start, coalesce(NEW.facility_id, a.facility_id)
      INTO NEW.period_start, NEW.facility_id
      FROM activities a WHERE a.id = NEW.activity_id;
    RETURN NEW;
END $$;

CREATE TRIGGER emissions_fill BEFORE INSERT ON emissions
    FOR EACH ROW WHEN (NEW.period_start IS NULL)
    EXECUTE FUNCTION cd_emission_fill();

CREATE TRIGGER emissions_rollup_ins AFTER INSERT ON emissions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_rollup_apply();
CREATE TRIGGER emissions_rollup_upd AFTER UPDATE ON emissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_rollup_apply();
CREATE TRIGGER emissions_rollup_del AFTER DELETE ON emissions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_rollup_apply();

-- Import jobs: where the spooled upload is and how far the committed rows
-- reach, moved in the same transaction as the rows themselves.
ALTER TABLE jobs
    ADD COLUMN spool text,
    ADD COLUMN offset_bytes bigint NOT NULL DEFAULT 0,
    ADD COLUMN next_row bigint NOT NULL DEFAULT 1,
    ADD COLUMN error text;
CREATE TABLE job_rejections (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    row_no      bigint NOT NULL,
    field       text,
    code        text NOT NULL,
    message     text NOT NULL,
    PRIMARY KEY (job_id, row_no)
);

-- Like login_index, a table without a tenant: the ids of jobs still to
-- run, so a host starting up finds an import that a killed host left
-- behind without knowing its company.  It holds no data of the job.
CREATE TABLE job_queue (
    job_id      uuid PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    queued_at   timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entities', 'company_settings', 'denominators',
        'company_factor_sets', 'company_factors', 'recalculations',
        'emission_rollups', 'job_rejections']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (company_id = '
            'cd_company()) WITH CHECK (company_id = cd_company())', t);
    END LOOP;
END $$;
