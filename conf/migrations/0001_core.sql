-- 0001: the core schema.  Every company-owned table carries company_id and
-- is guarded by row-level security on the transaction setting
-- cd.company_id, forced so that even the owning role obeys it: a query that
-- forgets its WHERE still sees only its own company, and a query run with
-- no company sees no company-owned row at all.

CREATE FUNCTION cd_company() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('cd.company_id', true), '')::uuid $$;

CREATE TABLE companies (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    email         text NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role          text NOT NULL
                  CHECK (role IN ('owner', 'admin', 'editor', 'viewer', 'auditor')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, email)
);

-- The one table without a tenant: it maps a login e-mail to its company
-- before any company is known.  It holds no secret.
CREATE TABLE login_index (
    email       text PRIMARY KEY,
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE
);

-- Refresh tokens are stored as SHA-256 hashes, one row per issued token.
-- A family is one login's chain of rotations: re-use of a rotated token
-- revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash  text PRIMARY KEY,
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family      uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);

CREATE TABLE facilities (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id   uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    country      text CHECK (country ~ '^[A-Z]{2}$'),
    grid_region  text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE activities (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    facility_id   uuid REFERENCES facilities (id) ON DELETE SET NULL,
    category      text NOT NULL,
    activity      text NOT NULL,
    quantity      numeric NOT NULL CHECK (quantity >= 0),
    unit          text NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL CHECK (period_end >= period_start),
    record        jsonb NOT NULL DEFAULT '{}',
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activities_company_period ON activities (company_id, period_start);

-- One row per calculation of an activity; recalculation adds rows and
-- moves `current`, it never rewrites history.
CREATE TABLE emissions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id   uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    activity_id  uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    scope        smallint NOT NULL CHECK (scope IN (1, 2, 3)),
    category     text NOT NULL,
    co2e_kg      numeric NOT NULL,
    gases        jsonb NOT NULL DEFAULT '{}',
    factor       jsonb NOT NULL,
    calculator   jsonb NOT NULL,
    gwp          text NOT NULL CHECK (gwp IN ('AR5', 'AR6')),
    current      boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emissions_company_current ON emissions (company_id) WHERE current;

CREATE TABLE metric_values (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    metric_id     text NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL CHECK (period_end >= period_start),
    value_number  numeric,
    value_text    text,
    unit          text,
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((value_number IS NULL) <> (value_text IS NULL))
);

CREATE TABLE targets (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id     uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name           text NOT NULL,
    scopes         text NOT NULL,
    base_year      int NOT NULL,
    target_year    int NOT NULL CHECK (target_year > base_year),
    reduction_pct  numeric NOT NULL CHECK (reduction_pct > 0 AND reduction_pct <= 100),
    ambition       text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind             text NOT NULL,
    state            text NOT NULL
                     CHECK (state IN ('queued', 'running', 'done', 'failed')),
    total            bigint,
    processed        bigint NOT NULL DEFAULT 0,
    rejected         bigint NOT NULL DEFAULT 0,
    detail           jsonb NOT NULL DEFAULT '{}',
    idempotency_key  text,
    created_by       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, idempotency_key)
);

-- Append-only: policies allow reading and inserting, nothing else.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id     uuid,
    action      text NOT NULL,
    target      text,
    request_id  text,
    at          timestamptz NOT NULL DEFAULT now(),
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_company_at ON audit_log (company_id, at);

-- The JSONB document store (framework assessments, evidence, engagements).
CREATE TABLE documents (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    collection  text NOT NULL CHECK (collection ~ '^[a-z0-9_.]{1,64}$'),
    id          text NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
    doc         jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, collection, id)
);

ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE companies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON companies
    USING (id = cd_company()) WITH CHECK (id = cd_company());

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'refresh_tokens', 'facilities',
        'activities', 'emissions', 'metric_values', 'targets', 'jobs',
        'documents']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (company_id = '
            'cd_company()) WITH CHECK (company_id = cd_company())', t);
    END LOOP;
END $$;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON audit_log FOR SELECT
    USING (company_id = cd_company());
CREATE POLICY tenant_append ON audit_log FOR INSERT
    WITH CHECK (company_id = cd_company());
