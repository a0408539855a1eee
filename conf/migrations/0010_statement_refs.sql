-- 0010: the references of activities and emission rows are checked once
-- per statement instead of once per row.  A foreign key runs a query per
-- inserted row; for an import that was about a third of PostgreSQL's time
-- (bench/results-emissions.md).  The same rules hold, set-wise:
--
-- * an activity names an existing company, and a facility that exists
--   and that the company sees (row-level security: stricter than the key
--   it replaces, which accepted another company's facility);
-- * an emission row names an existing activity (checked on insert: no
--   writer moves a row to another activity, and a recalculation's UPDATE
--   of `current` stays free of the check);
-- * deleting a company takes its activities, deleting a facility leaves
--   its activities without one, deleting an activity takes its emission
--   rows (and the rollup triggers of 0004 follow those deletes).
--
-- The parents an insert names are locked FOR KEY SHARE, as a key would,
-- so a concurrent delete waits for the insert and then sees its rows.  The
-- activities of emission rows are not: every writer of emission rows
-- (host/store.c) writes them in the transaction that created their
-- activities, or, recalculating, holds those activities FOR UPDATE.
ALTER TABLE activities DROP CONSTRAINT activities_company_id_fkey;
ALTER TABLE activities DROP CONSTRAINT activities_facility_id_fkey;
ALTER TABLE emissions DROP CONSTRAINT emissions_activity_id_fkey;

CREATE FUNCTION cd_activities_refs() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM companies c
      WHERE c.id IN (SELECT company_id FROM new_rows) FOR KEY SHARE;
    PERFORM 1 FROM facilities f
      WHERE f.id IN (SELECT facility_id FROM new_rows) FOR KEY SHARE;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS
        (SELECT 1 FROM companies c WHERE c.id = n.company_id)) THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'an activity names no company';
    END IF;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE n.facility_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM facilities f
                         WHERE f.id = n.facility_id)) THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'an activity names a facility that does not exist';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER activities_refs_ins AFTER INSERT ON activities
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_activities_refs();
CREATE TRIGGER activities_refs_upd AFTER UPDATE ON activities
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_activities_refs();

CREATE FUNCTION cd_emissions_refs() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS
        (SELECT 1 FROM activities a WHERE a.id = n.activity_id)) THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'an emission row names no activity';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER emissions_refs_ins AFTER INSERT ON emissions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_emissions_refs();

-- The deletes the keys cascaded.
CREATE FUNCTION cd_activities_gone() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM emissions WHERE activity_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE TRIGGER activities_gone AFTER DELETE ON activities
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_activities_gone();

CREATE FUNCTION cd_facilities_gone() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities SET facility_id = NULL
     WHERE facility_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE TRIGGER facilities_gone AFTER DELETE ON facilities
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_facilities_gone();

CREATE FUNCTION cd_companies_gone() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM activities WHERE company_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE TRIGGER companies_gone AFTER DELETE ON companies
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cd_companies_gone();
