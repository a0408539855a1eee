-- 0005: less work per imported row.  Measured on 16,000 emission rows,
-- each foreign-key check costs about as much as the row itself (see
-- bench/results-emissions.md), so checks that protect nothing go:
--
-- * emissions.company_id: an emission goes with its activity (that key
--   cascades), and row-level security already binds its company to the
--   writer's; a deleted company takes its activities and so its rows.
-- * activities.job_id: jobs are never deleted except with their company,
--   which takes the activities with it.
--
-- And emissions_company_current is covered by emissions_company_period,
-- whose first column is the company.
ALTER TABLE emissions DROP CONSTRAINT emissions_company_id_fkey;
ALTER TABLE activities DROP CONSTRAINT activities_job_id_fkey;
DROP INDEX emissions_company_current;
