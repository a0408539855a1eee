/*
 * The organisational boundary (GHG Protocol Corporate Standard, ch. 3):
 * legal entities with their ownership share and control flags, the
 * facilities that belong to them, the company's emission settings and
 * its intensity denominators.  org_table.c serves the two tables' lists,
 * gets, deletes and stores.
 *
 * Entity writes are serialised per company by an advisory lock, so two
 * concurrent moves cannot close a cycle of parents; a row another row
 * refers to is held FOR KEY SHARE until the write commits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"
#include "org_table.h"

#define DEF_APPROACH	"operational"
#define DEF_REGION	"UK"
#define DEF_GWP		"AR5"

#define ENTITY_COLS	"id, name, parent_id, ownership_pct, " \
			"operational_control, financial_control, " \
			"(SELECT coalesce(json_agg(json_build_object(" \
			"'from_year', t.from_year, 'ownership_pct', " \
			"t.ownership_pct, 'operational_control', " \
			"t.operational_control, 'financial_control', " \
			"t.financial_control) ORDER BY t.from_year), '[]') " \
			"FROM entity_terms t WHERE t.entity_id = entities.id)"
#define FACILITY_COLS	"id, name, entity_id, country, grid_region, type"

static const char *const approaches[] = { "operational", "financial",
    "equity", NULL };
static const char *const regions[] = { "UK", "US", NULL };
static const char *const gwps[] = { "AR5", "AR6", NULL };
static const char *const denom_kinds[] = { "revenue", "fte", "floor_area",
    NULL };

static const char	settings_sql[] = "SELECT approach, region, gwp "
    "FROM company_settings WHERE company_id = $1";

/* A column's value, NULL when SQL NULL. */
static const char *
col(PGresult *res, int i, int c)
{
	return (PQgetisnull(res, i, c) ? NULL : PQgetvalue(res, i, c));
}

/* An entity; "terms" its values by year when they changed (0006). */
static json_t *
entity_json(PGresult *res, int i)
{
	json_t	*terms = json_loads(PQgetvalue(res, i, 6), 0, NULL);

	return (json_pack("{s:s, s:s, s:s?, s:f, s:b, s:b, s:o}", "id",
	    col(res, i, 0), "name", col(res, i, 1), "parent_id", col(res, i, 2),
	    "ownership_pct", strtod(PQgetvalue(res, i, 3), NULL),
	    "operational_control", PQgetvalue(res, i, 4)[0] == 't',
	    "financial_control", PQgetvalue(res, i, 5)[0] == 't', "terms",
	    terms != NULL ? terms : json_array()));
}

static json_t *
facility_json(PGresult *res, int i)
{
	return (json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?}", "id",
	    col(res, i, 0), "name", col(res, i, 1), "entity_id", col(res, i, 2),
	    "country", col(res, i, 3), "grid_region", col(res, i, 4), "type",
	    col(res, i, 5)));
}

/* Serialise the company's entity writes (parents form a tree). */
static int
entity_serialise(struct cd_req *r, struct cd_tx *tx)
{
	const char	*p[1] = { r->company };
	PGresult	*res;

	if ((res = cd_tx_exec(tx, "SELECT pg_advisory_xact_lock("
	    "hashtext('cd.entities.' || $1))", 1, p)) == NULL)
		return (CD_ERR);
	PQclear(res);
	return (CD_OK);
}

static const struct cd_org_table entity_table = {
	.noun = "entity", .plural = "entities",
	.sql_list = "SELECT " ENTITY_COLS " FROM entities WHERE "
	    "company_id = $1 ORDER BY name, id",
	.sql_get = "SELECT " ENTITY_COLS " FROM entities WHERE id = $1 AND "
	    "company_id = $2",
	.sql_lock = "SELECT 1 FROM entities WHERE id = $1 AND "
	    "company_id = $2 FOR UPDATE",
	.sql_uses = "SELECT 'facilities', 'facilities.entity_id', count(*) "
	    "FROM facilities WHERE entity_id = $1 AND company_id = $2 "
	    "UNION ALL SELECT 'child entities', 'entities.parent_id', "
	    "count(*) FROM entities WHERE parent_id = $1 AND company_id = $2",
	.sql_delete = "DELETE FROM entities WHERE id = $1 AND "
	    "company_id = $2 RETURNING id",
	.json = entity_json, .serialise = entity_serialise
};

static const struct cd_org_table facility_table = {
	.noun = "facility", .plural = "facilities",
	.sql_list = "SELECT " FACILITY_COLS " FROM facilities WHERE "
	    "company_id = $1 ORDER BY name, id",
	.sql_get = "SELECT " FACILITY_COLS " FROM facilities WHERE id = $1 "
	    "AND company_id = $2",
	.sql_lock = "SELECT 1 FROM facilities WHERE id = $1 AND "
	    "company_id = $2 FOR UPDATE",
	.sql_uses = "SELECT 'activities', 'activities.facility_id', count(*) "
	    "FROM activities WHERE facility_id = $1 AND company_id = $2",
	.sql_delete = "DELETE FROM facilities WHERE id = $1 AND "
	    "company_id = $2 RETURNING id",
	.json = facility_json
};

/* The route's pattern says which table it serves. */
static const struct cd_org_table *
table_of(const struct cd_req *r)
{
	return (strncmp(r->route, "/api/entities", 13) == 0 ? &entity_table :
	    &facility_table);
}

static int
org_list(struct cd_req *r)
{
	return (cd_org_list(r, table_of(r)));
}

static int
org_get(struct cd_req *r)
{
	return (cd_org_get(r, table_of(r)));
}

static int
org_delete(struct cd_req *r)
{
	return (cd_org_delete(r, table_of(r)));
}

/* Is entity one of the company's?  Held until the end, or 422 on field. */
static int
entity_ref(struct cd_req *r, struct cd_tx *tx, const char *entity,
    const char *field)
{
	char	msg[160];
	int	n;

	n = cd_org_rows(tx, "SELECT 1 FROM entities WHERE id = $1 AND "
	    "company_id = $2 FOR KEY SHARE", entity, r->company);
	if (n != 0)
		return (n == 1 ? CD_OK : CD_ERR);
	snprintf(msg, sizeof(msg), "%s must name an entity of your company",
	    field);
	cd_req_respond_error(r, 422, "invalid_field", msg, field);
	return (CD_EINVAL);
}

/* Would making parent the parent of id close a loop (parent at or under id)? */
static int
entity_acyclic(struct cd_req *r, struct cd_tx *tx, const char *id,
    const char *parent)
{
	const char	*p[3] = { parent, id, r->company };
	PGresult	*res;
	int		 n;

	if ((res = cd_tx_exec(tx, "WITH RECURSIVE up (id, parent_id) AS ("
	    "SELECT id, parent_id FROM entities WHERE id = $1 AND "
	    "company_id = $3 UNION SELECT e.id, e.parent_id FROM entities e "
	    "JOIN up ON e.id = up.parent_id WHERE e.company_id = $3) "
	    "SELECT 1 FROM up WHERE id = $2", 3, p)) == NULL)
		return (CD_ERR);
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return (CD_OK);
	cd_req_respond_error(r, 422, "invalid_field", "parent_id would make "
	    "a cycle: an entity cannot be its own ancestor", "parent_id");
	return (CD_EINVAL);
}

/*
 * The terms of an update, before the row itself changes.  With a year
 * (effective_from), the new values hold from that year on and the years
 * before keep theirs: the first such change records the values held until
 * then from 1900, and a year before the latest term is refused (change
 * that term instead).  Without a year the update corrects the values in
 * force now: the latest term follows the row.
 */
static int
entity_terms(struct cd_req *r, struct cd_tx *tx, const char *const *p,
    const char *year)
{
	const char	*q[7] = { p[0], p[1], year, p[4], p[5], p[6], NULL };
	PGresult	*res;
	int		 later;

	if (year == NULL)
		return (cd_tx_run(tx, "UPDATE entity_terms SET ownership_pct = "
		    "$3::numeric, operational_control = $4::boolean, "
		    "financial_control = $5::boolean WHERE entity_id = $1 AND "
		    "company_id = $2 AND from_year = (SELECT max(from_year) FROM "
		    "entity_terms WHERE entity_id = $1)", 5, (const char *[]){
		    p[0], p[1], p[4], p[5], p[6] }) == 0 ? CD_OK : CD_ERR);
	if ((res = cd_tx_exec(tx, "SELECT count(*) FROM entity_terms WHERE "
	    "entity_id = $1 AND company_id = $2 AND from_year > $3::int", 3,
	    q)) == NULL)
		return (CD_ERR);
	later = atoi(PQgetvalue(res, 0, 0)) > 0;
	PQclear(res);
	if (later) {
		cd_req_respond_error(r, 422, "invalid_field", "a later change "
		    "of this entity's terms exists: change from that year or "
		    "a later one", "effective_from");
		return (CD_EINVAL);
	}
	if (cd_tx_run(tx, "INSERT INTO entity_terms (company_id, entity_id, "
	    "from_year, ownership_pct, operational_control, financial_control) "
	    "SELECT company_id, id, 1900, ownership_pct, operational_control, "
	    "financial_control FROM entities WHERE id = $1 AND company_id = $2 "
	    "AND NOT EXISTS (SELECT 1 FROM entity_terms WHERE entity_id = $1)",
	    2, q) != 0 || cd_tx_run(tx, "INSERT INTO entity_terms (company_id, "
	    "entity_id, from_year, ownership_pct, operational_control, "
	    "financial_control) VALUES ($2, $1, $3::int, $4::numeric, "
	    "$5::boolean, $6::boolean) ON CONFLICT (entity_id, from_year) DO "
	    "UPDATE SET ownership_pct = excluded.ownership_pct, "
	    "operational_control = excluded.operational_control, "
	    "financial_control = excluded.financial_control", 6, q) != 0)
		return (CD_ERR);
	return (CD_OK);
}

static int
entity_write(struct cd_req *r)
{
	static const char *const fields[] = { "name", "parent_id",
	    "ownership_pct", "operational_control", "financial_control",
	    "effective_from", NULL };
	const char	*name, *parent, *opctl, *finctl, *id = NULL, *p[7];
	int		 update = strcmp(r->method, "PUT") == 0;
	double		 pct = 100, from = 0;
	char		 pcts[32], newid[37], years[16], *year = NULL;
	struct cd_tx	 tx;

	if (update && (id = cd_org_path_id(r, &entity_table)) == NULL)
		return (CD_OK);
	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_string(r, "name", 1, 200, 1, &name) ||
	    cd_org_field_uuid(r, "parent_id", &parent) ||
	    cd_field_number(r, "ownership_pct", 0, 0, 100, 0, &pct) ||
	    cd_org_field_bool(r, "operational_control", &opctl) ||
	    cd_org_field_bool(r, "financial_control", &finctl) ||
	    cd_field_number(r, "effective_from", 1901, 0, 2100, 0, &from))
		return (CD_OK);
	if (from != 0 && (!update || from != (int)from))
		return (cd_req_respond_error(r, 422, "invalid_field", update ?
		    "effective_from must be a whole year" : "effective_from "
		    "dates a change: it applies to PUT", "effective_from"));
	if (from != 0) {
		snprintf(years, sizeof(years), "%d", (int)from);
		year = years;
	}
	if (!update) {
		cd_uuid(newid);
		id = newid;
	}
	snprintf(pcts, sizeof(pcts), "%.15g", pct);
	p[0] = id;
	p[1] = r->company;
	p[2] = name;
	p[3] = parent;
	p[4] = pcts;
	p[5] = opctl;
	p[6] = finctl;
	if (cd_tx_begin(&tx, r->company) != CD_OK ||
	    entity_serialise(r, &tx) != CD_OK ||
	    (update && cd_org_row_lock(r, &tx, &entity_table, id) != CD_OK) ||
	    (parent != NULL && entity_ref(r, &tx, parent, "parent_id") !=
	    CD_OK) ||
	    (update && parent != NULL && entity_acyclic(r, &tx, id, parent) !=
	    CD_OK) ||
	    (update && entity_terms(r, &tx, p, year) != CD_OK))
		return (cd_org_abort(r, &tx));
	return (cd_org_store(r, &tx, &entity_table, update ?
	    "UPDATE entities SET name = $3, parent_id = $4::uuid, "
	    "ownership_pct = $5::numeric, operational_control = $6::boolean, "
	    "financial_control = $7::boolean WHERE id = $1 AND "
	    "company_id = $2 RETURNING " ENTITY_COLS :
	    "INSERT INTO entities (id, company_id, name, parent_id, "
	    "ownership_pct, operational_control, financial_control) VALUES "
	    "($1, $2, $3, $4::uuid, $5::numeric, $6::boolean, $7::boolean) "
	    "RETURNING " ENTITY_COLS, p, 7, update));
}

static int
facility_write(struct cd_req *r)
{
	static const char *const fields[] = { "name", "entity_id", "country",
	    "grid_region", "type", NULL };
	const char	*name, *entity, *country, *grid, *type, *id = NULL;
	const char	*p[7];
	int		 update = strcmp(r->method, "PUT") == 0;
	char		 newid[37];
	struct cd_tx	 tx;

	if (update && (id = cd_org_path_id(r, &facility_table)) == NULL)
		return (CD_OK);
	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_string(r, "name", 1, 200, 1, &name) ||
	    cd_org_field_uuid(r, "entity_id", &entity) ||
	    cd_field_string(r, "country", 0, 64, 0, &country) ||
	    cd_field_string(r, "grid_region", 1, 64, 0, &grid) ||
	    cd_field_string(r, "type", 1, 64, 0, &type))
		return (CD_OK);
	if (country != NULL && (strlen(country) != 2 || country[0] < 'A' ||
	    country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z'))
		return (cd_req_respond_error(r, 422, "invalid_field", "country "
		    "must be an ISO 3166-1 alpha-2 code: two upper-case "
		    "letters", "country"));
	if (!update) {
		cd_uuid(newid);
		id = newid;
	}
	p[0] = id;
	p[1] = r->company;
	p[2] = name;
	p[3] = entity;
	p[4] = country;
	p[5] = grid;
	p[6] = type;
	if (cd_tx_begin(&tx, r->company) != CD_OK ||
	    (update && cd_org_row_lock(r, &tx, &facility_table, id) != CD_OK) ||
	    (entity != NULL && entity_ref(r, &tx, entity, "entity_id") !=
	    CD_OK))
		return (cd_org_abort(r, &tx));
	return (cd_org_store(r, &tx, &facility_table, update ?
	    "UPDATE facilities SET name = $3, entity_id = $4::uuid, "
	    "country = $5, grid_region = $6, type = $7 WHERE id = $1 AND "
	    "company_id = $2 RETURNING " FACILITY_COLS :
	    "INSERT INTO facilities (id, company_id, name, entity_id, "
	    "country, grid_region, type) VALUES ($1, $2, $3, $4::uuid, $5, "
	    "$6, $7) RETURNING " FACILITY_COLS, p, 7, update));
}

/*
 * The company's emission settings, read in the caller's open transaction;
 * the defaults when it has stored none.
 */
int
cd_org_settings(struct cd_tx *tx, const char *company, char approach[16],
    char region[8], char gwp[8])
{
	const char	*p[1] = { company };
	PGresult	*res;

	cd_strlcpy(approach, DEF_APPROACH, 16);
	cd_strlcpy(region, DEF_REGION, 8);
	cd_strlcpy(gwp, DEF_GWP, 8);
	if ((res = cd_tx_exec_fixed(tx, settings_sql, 1, p)) == NULL)
		return (tx->unavailable ? CD_EUNAVAIL : CD_ERR);
	if (PQntuples(res) == 1) {
		cd_strlcpy(approach, PQgetvalue(res, 0, 0), 16);
		cd_strlcpy(region, PQgetvalue(res, 0, 1), 8);
		cd_strlcpy(gwp, PQgetvalue(res, 0, 2), 8);
	}
	PQclear(res);
	return (CD_OK);
}

static int
api_settings_get(struct cd_req *r)
{
	struct cd_tx	 tx;
	char		 approach[16], region[8], gwp[8];
	json_t		*obj = NULL;

	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    cd_org_settings(&tx, r->company, approach, region, gwp) == CD_OK)
		obj = json_pack("{s:s, s:s, s:s}", "approach", approach,
		    "region", region, "gwp", gwp);
	return (cd_org_answer(r, &tx, 200, obj));
}

static int
api_settings_put(struct cd_req *r)
{
	const char	*p[4] = { r->company, NULL, NULL, NULL };
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*obj = NULL;

	static const char *const fields[] = { "approach", "region", "gwp",
	    NULL };

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_org_field_enum(r, "approach", approaches, 0, &p[1]) ||
	    cd_org_field_enum(r, "region", regions, 0, &p[2]) ||
	    cd_org_field_enum(r, "gwp", gwps, 0, &p[3]))
		return (CD_OK);
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "INSERT INTO company_settings (company_id, "
	    "approach, region, gwp) VALUES ($1, coalesce($2, '" DEF_APPROACH
	    "'), coalesce($3, '" DEF_REGION "'), coalesce($4, '" DEF_GWP "')) "
	    "ON CONFLICT (company_id) DO UPDATE SET approach = "
	    "coalesce($2, company_settings.approach), region = coalesce($3, "
	    "company_settings.region), gwp = coalesce($4, "
	    "company_settings.gwp), updated_at = now() RETURNING approach, "
	    "region, gwp", 4, p)) != NULL) {
		obj = json_pack("{s:s, s:s, s:s}", "approach", col(res, 0, 0),
		    "region", col(res, 0, 1), "gwp", col(res, 0, 2));
		PQclear(res);
		(void)cd_audit(&tx, r, r->company, "settings.update",
		    "emissions", obj);
	}
	return (cd_org_answer(r, &tx, 200, obj));
}

static json_t *
denominator_json(PGresult *res, int i)
{
	return (json_pack("{s:i, s:s, s:f, s:s}", "year",
	    atoi(PQgetvalue(res, i, 0)), "kind", col(res, i, 1), "value",
	    strtod(PQgetvalue(res, i, 2), NULL), "unit", col(res, i, 3)));
}

static int
api_denominators_get(struct cd_req *r)
{
	const char	*p[2] = { r->company, NULL };
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*rows;
	char		 year[16];
	int		 y;

	if (cd_http_query(r, "year") != NULL) {
		if (cd_query_year(r, &y) != CD_OK)
			return (CD_OK);
		snprintf(year, sizeof(year), "%d", y);
		p[1] = year;
	}
	rows = json_array();
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT year, kind, value, unit FROM "
	    "denominators WHERE company_id = $1 AND ($2::int IS NULL OR "
	    "year = $2::int) ORDER BY year, kind", 2, p)) != NULL) {
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(rows, denominator_json(res, i));
		PQclear(res);
	}
	return (cd_org_answer(r, &tx, 200, json_pack("{s:o}", "denominators",
	    rows)));
}

static int
api_denominators_put(struct cd_req *r)
{
	const char	*kind, *unit, *p[5];
	double		 year = 0, value = 0;
	char		 ys[16], vs[32], target[48];
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*obj = NULL;

	static const char *const fields[] = { "year", "kind", "value", "unit",
	    NULL };

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_number(r, "year", 1990, 0, 2100, 1, &year) ||
	    cd_org_field_enum(r, "kind", denom_kinds, 1, &kind) ||
	    cd_field_number(r, "value", 0, 1, 1e15, 1, &value) ||
	    cd_field_string(r, "unit", 1, 32, 1, &unit))
		return (CD_OK);
	if (year != (double)(int)year)
		return (cd_req_respond_error(r, 422, "invalid_field", "year "
		    "must be a whole year", "year"));
	snprintf(ys, sizeof(ys), "%d", (int)year);
	snprintf(vs, sizeof(vs), "%.15g", value);
	snprintf(target, sizeof(target), "%s/%s", ys, kind);
	p[0] = r->company;
	p[1] = ys;
	p[2] = kind;
	p[3] = vs;
	p[4] = unit;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "INSERT INTO denominators (company_id, "
	    "year, kind, value, unit) VALUES ($1, $2::int, $3, $4::numeric, "
	    "$5) ON CONFLICT (company_id, year, kind) DO UPDATE SET value = "
	    "excluded.value, unit = excluded.unit RETURNING year, kind, value, "
	    "unit", 5, p)) != NULL) {
		obj = denominator_json(res, 0);
		PQclear(res);
		(void)cd_audit(&tx, r, r->company, "denominator.set", target,
		    obj);
	}
	return (cd_org_answer(r, &tx, 200, obj));
}

const struct cd_route cd_org_routes[] = {
	CD_ROUTE("GET", "/api/entities", CD_ROLE_VIEWER, org_list),
	CD_ROUTE("POST", "/api/entities", CD_ROLE_ADMIN, entity_write),
	CD_ROUTE("GET", "/api/entities/{id}", CD_ROLE_VIEWER, org_get),
	CD_ROUTE("PUT", "/api/entities/{id}", CD_ROLE_ADMIN, entity_write),
	CD_ROUTE("DELETE", "/api/entities/{id}", CD_ROLE_ADMIN, org_delete),
	CD_ROUTE("GET", "/api/facilities", CD_ROLE_VIEWER, org_list),
	CD_ROUTE("POST", "/api/facilities", CD_ROLE_ADMIN, facility_write),
	CD_ROUTE("GET", "/api/facilities/{id}", CD_ROLE_VIEWER, org_get),
	CD_ROUTE("PUT", "/api/facilities/{id}", CD_ROLE_ADMIN, facility_write),
	CD_ROUTE("DELETE", "/api/facilities/{id}", CD_ROLE_ADMIN, org_delete),
	CD_ROUTE("GET", "/api/settings/emissions", CD_ROLE_VIEWER,
	    api_settings_get),
	CD_ROUTE("PUT", "/api/settings/emissions", CD_ROLE_ADMIN,
	    api_settings_put),
	CD_ROUTE("GET", "/api/denominators", CD_ROLE_VIEWER,
	    api_denominators_get),
	CD_ROUTE("PUT", "/api/denominators", CD_ROLE_EDITOR,
	    api_denominators_put),
	CD_ROUTE_END
};
