-- 0003: what a reduction target needs for validation (SBTi criteria):
-- its kind, the share of the scopes' emissions it covers, and the base
-- year emissions when they are not taken from stored values.  Scopes are
-- one of '1+2', '3', '1+2+3'.
ALTER TABLE targets
    ADD COLUMN kind text NOT NULL DEFAULT 'near_term'
        CHECK (kind IN ('near_term', 'long_term', 'net_zero')),
    ADD COLUMN coverage_pct numeric NOT NULL DEFAULT 100
        CHECK (coverage_pct > 0 AND coverage_pct <= 100),
    ADD COLUMN base_emissions_t numeric CHECK (base_emissions_t >= 0),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT targets_scopes CHECK (scopes IN ('1+2', '3', '1+2+3')),
    ADD CONSTRAINT targets_ambition
        CHECK (ambition IS NULL OR ambition IN ('1.5C', 'well-below-2C'));
