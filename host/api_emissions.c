/*
 * Emission rows and recalculation.
 *
 *   GET  /api/emissions?year=&scope=&category=&facility_id=&all=&limit=&
 *        offset=&format=json|csv   current rows (all=true: history too),
 *        each with its activity and full provenance; CSV for export (at
 *        most 100,000 rows a request: page with offset)
 *   POST /api/emissions/recalculate {"year","factor_set"?,"gwp"?}
 *        recompute every activity of the year with the new set or GWP
 *        set: new rows are written beside the old, which stop being
 *        current; all or nothing; audited; the answer names the sets
 *        the new rows used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

static const char list_sql[] =
    "SELECT e.id, e.activity_id, a.category, a.activity, a.quantity, "
    "a.unit, a.period_start, a.period_end, coalesce(e.facility_id::text, "
    "''), e.scope, coalesce(e.method, ''), coalesce(e.scope3_category::text,"
    " ''), e.co2e_kg, e.biogenic_co2_kg, e.gwp, coalesce(e.tier, ''), "
    "e.factor->>'set', e.factor->>'id', e.factor->>'value', "
    "e.factor->>'unit', e.factor->>'source', e.calculator->>'name', "
    "e.calculator->>'version', e.current, e.gases::text, "
    "coalesce(e.run::text, ''), count(*) OVER () "
    "FROM emissions e JOIN activities a ON a.id = e.activity_id WHERE "
    "($1::int IS NULL OR e.period_start >= make_date($1::int, 1, 1) AND "
    "e.period_start < make_date($1::int + 1, 1, 1)) AND "
    "($2::smallint IS NULL OR e.scope = $2::smallint) AND "
    "($3::text IS NULL OR e.category = $3) AND "
    "($4::uuid IS NULL OR e.facility_id = $4::uuid) AND "
    "(e.current OR $5::bool) ORDER BY e.period_start, e.activity_id, "
    "e.scope, e.method, e.id LIMIT $6 OFFSET $7";

static const char *const cols[] = { "id", "activity_id", "category",
    "activity", "quantity", "unit", "period_start", "period_end",
    "facility_id", "scope", "method", "scope3_category", "co2e_kg",
    "biogenic_co2_kg", "gwp", "tier", "factor_set", "factor_id",
    "factor_value", "factor_unit", "factor_source", "calculator",
    "calculator_version", "current", "gases", "run", NULL };

static json_t *
row_json(PGresult *res, int i)
{
	json_t	*o = json_object();

	for (int c = 0; cols[c] != NULL; c++) {
		const char *v = PQgetvalue(res, i, c);
		json_t *j;
		if (strcmp(cols[c], "gases") == 0)
			j = cd_db_json(v);
		else if (strcmp(cols[c], "current") == 0)
			j = json_boolean(v[0] == 't');
		else if (strcmp(cols[c], "scope") == 0)
			j = json_integer(atoi(v));
		else if (strcmp(cols[c], "quantity") == 0 || strcmp(cols[c],
		    "co2e_kg") == 0 || strcmp(cols[c], "factor_value") == 0 ||
		    strcmp(cols[c], "biogenic_co2_kg") == 0)
			j = *v ? json_real(strtod(v, NULL)) : json_null();
		else
			j = *v ? json_string(v) : json_null();
		json_object_set_new(o, cols[c], j ? j : json_null());
	}
	return (o);
}

/*
 * The rows matching the filters: the count every row of the page
 * carries.  A page past the end carries none, so the first row is asked
 * for again (p is list_sql's parameters).
 */
static long long
list_total(struct cd_tx *tx, PGresult *page, const char **p)
{
	PGresult	*res;
	long long	 n = 0;

	if (PQntuples(page) > 0)
		return (atoll(PQgetvalue(page, 0, 26)));
	if (strcmp(p[6], "0") == 0)
		return (0);
	p[5] = "1";
	p[6] = "0";
	if ((res = (PGresult *)cd_tx_exec_fixed(tx, list_sql, 7, p)) == NULL)
		return (0);
	if (PQntuples(res) > 0)
		n = atoll(PQgetvalue(res, 0, 26));
	PQclear(res);
	return (n);
}

static int
api_list(struct cd_req *r)
{
	struct cd_tx	 tx;
	PGresult	*res;
	const char	*p[7], *fmt = cd_http_query(r, "format"), *all;
	char		 ys[8], ss[8], ls[16], os[24];
	int		 csv = fmt != NULL && strcmp(fmt, "csv") == 0;
	long		 year, scope, limit, offset;

	if (fmt != NULL && !csv && strcmp(fmt, "json") != 0)
		return (cd_req_respond_error(r, 422, "invalid_field", "format "
		    "must be json or csv", "format"));
	if (cd_query_long(r, "year", 1990, 2100, 0, &year) != CD_OK ||
	    cd_query_long(r, "scope", 1, 3, 0, &scope) != CD_OK ||
	    cd_query_long(r, "limit", 1, csv ? 100000 : 1000, csv ? 100000 :
	    100, &limit) != CD_OK ||
	    cd_query_long(r, "offset", 0, 1L << 40, 0, &offset) != CD_OK)
		return (CD_OK);
	snprintf(ys, sizeof(ys), "%ld", year);
	snprintf(ss, sizeof(ss), "%ld", scope);
	snprintf(ls, sizeof(ls), "%ld", limit);
	snprintf(os, sizeof(os), "%ld", offset);
	p[0] = year ? ys : NULL;
	p[1] = scope ? ss : NULL;
	p[5] = ls;
	p[6] = os;
	p[2] = cd_http_query(r, "category");
	p[3] = cd_http_query(r, "facility_id");
	if (p[3] != NULL && !cd_uuid_valid(p[3]))
		return (cd_req_respond_error(r, 422, "invalid_field",
		    "facility_id must be a uuid", "facility_id"));
	all = cd_http_query(r, "all");
	p[4] = all != NULL && strcmp(all, "true") == 0 ? "true" : "false";
	if (cd_tx_begin(&tx, r->company) != CD_OK ||
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, list_sql, 7, p)) ==
	    NULL) {
		(void)cd_tx_end(&tx, 0);
		return (cd_tx_respond(r, &tx));
	}
	if (csv) {
		struct cd_buf b = { 0 };
		for (int c = 0; cols[c] != NULL; c++)
			cd_buf_csv(&b, cols[c], cols[c + 1] == NULL);
		for (int i = 0; i < PQntuples(res); i++)
			for (int c = 0; cols[c] != NULL; c++)
				cd_buf_csv(&b, PQgetvalue(res, i, c),
				    cols[c + 1] == NULL);
		cd_req_respond_raw(r, 200, "text/csv; charset=utf-8", b.p,
		    b.len);
		cd_buf_free(&b);
	} else {
		json_t *arr = json_array();
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(arr, row_json(res, i));
		cd_req_respond_json(r, 200, json_pack("{s:I, s:o}", "total",
		    (json_int_t)list_total(&tx, res, p), "emissions", arr));
	}
	PQclear(res);
	(void)cd_tx_end(&tx, 0);
	return (CD_OK);
}

/* ---- POST /api/emissions/recalculate ---- */

static int
recalc_refuse(struct cd_req *r, const struct cd_calc *c, const char *act)
{
	char	msg[400];

	snprintf(msg, sizeof(msg), "activity %s cannot be recalculated: %s; "
	    "nothing was changed", act, c->msg);
	return (cd_req_respond_error(r, 422, c->code, msg, c->field[0] ?
	    c->field : NULL));
}

/*
 * Queue new rows for every activity of the year with a current row, the
 * record's factor_set and gwp replaced.  *n counts them.  CD_EINVAL once
 * the first activity that cannot be recomputed is answered.
 */
static int
recalc_rows(struct cd_req *r, struct cd_tx *tx, struct cd_calc_env *env,
    struct cd_store *st, const char *year, const char *set, const char *gwp,
    int *n)
{
	struct cd_calc	*c;
	PGresult	*res;
	const char	*p[1] = { year };
	json_t		*rec;
	int		 rc = CD_OK;

	if ((res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT id, record FROM "
	    "activities a WHERE period_start >= make_date($1::int, 1, 1) AND "
	    "period_start < make_date($1::int + 1, 1, 1) AND EXISTS (SELECT 1 "
	    "FROM emissions e WHERE e.activity_id = a.id AND e.current) FOR "
	    "UPDATE", 1, p)) == NULL)
		return (CD_ERR);
	c = cd_malloc(sizeof(*c));
	for (int i = 0; i < PQntuples(res) && rc == CD_OK; i++) {
		if ((rec = cd_db_json(PQgetvalue(res, i, 1))) == NULL) {
			rc = CD_ERR;
			break;
		}
		if (set != NULL)
			json_object_set_new(rec, "factor_set", json_string(set));
		if (gwp != NULL)
			json_object_set_new(rec, "gwp", json_string(gwp));
		/* The calculation's strings point into rec: store first. */
		if ((rc = cd_calc_run(c, env, tx, rec)) == CD_OK) {
			cd_store_add_emissions(st, c, PQgetvalue(res, i, 0));
			(*n)++;
		} else if (rc == CD_EINVAL)
			recalc_refuse(r, c, PQgetvalue(res, i, 0));
		json_decref(rec);
	}
	free(c);
	PQclear(res);
	return (rc);
}

/* Retire the old rows, write the new, record the run: *sets gets the
   factor sets the new rows used. */
static int
recalc_commit(struct cd_req *r, struct cd_tx *tx, struct cd_store *st,
    const char *year, const char *set, const char *gwp, int n, json_t **sets)
{
	PGresult	*res;
	char		 ns[16];
	const char	*p[7] = { st->run, r->company, set, gwp, year, ns,
			    r->user };
	json_t		*d;
	int		 rc;

	snprintf(ns, sizeof(ns), "%d", n);
	if (cd_tx_run(tx, "UPDATE emissions SET current = false WHERE current "
	    "AND period_start >= make_date($1::int, 1, 1) AND period_start < "
	    "make_date($1::int + 1, 1, 1)", 1, &p[4]) != CD_OK ||
	    cd_store_flush(st) != CD_OK ||
	    cd_tx_run(tx, "INSERT INTO recalculations (id, company_id, "
	    "factor_set, gwp, year, rows, created_by) VALUES ($1, $2, $3, $4, "
	    "$5, $6, $7)", 7, p) != CD_OK ||
	    (res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT coalesce(json_agg("
	    "DISTINCT factor_set), '[]') FROM emissions WHERE run = $1", 1,
	    p)) == NULL)
		return (CD_ERR);
	*sets = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	d = json_pack("{s:i, s:s?, s:s?, s:i, s:O}", "year", atoi(year),
	    "factor_set", set, "gwp", gwp, "activities", n, "factor_sets",
	    *sets);
	rc = cd_audit(tx, r, r->company, "emissions.recalculate", st->run, d);
	json_decref(d);
	return (rc);
}

static int
api_recalculate(struct cd_req *r)
{
	static const char *const fields[] = { "year", "factor_set", "gwp",
	    NULL };
	struct cd_calc_env	 env;
	struct cd_store		 st;
	struct cd_tx		 tx;
	const char		*set, *gwp;
	char			 ys[8], run[37], msg[160];
	int			 year, rc, n = 0;
	json_t			*sets = NULL;

	if (cd_body_fields(r, fields) != CD_OK)
		return (CD_OK);
	if (!json_is_integer(json_object_get(r->json, "year")) ||
	    (year = (int)json_integer_value(json_object_get(r->json,
	    "year"))) < 1990 || year > 2100)
		return (cd_req_respond_error(r, 422, "invalid_field", "year "
		    "must be an integer from 1990 to 2100", "year"));
	if (cd_field_string(r, "factor_set", 1, 80, 0, &set) != CD_OK ||
	    cd_field_string(r, "gwp", 3, 3, 0, &gwp) != CD_OK)
		return (CD_OK);
	if (set == NULL && gwp == NULL)
		return (cd_req_respond_error(r, 422, "missing_field", "name a "
		    "factor_set or a gwp to recalculate with", "factor_set"));
	if (gwp != NULL && strcmp(gwp, "AR5") != 0 && strcmp(gwp, "AR6") != 0)
		return (cd_req_respond_error(r, 422, "invalid_field", "gwp must "
		    "be AR5 or AR6", "gwp"));
	snprintf(ys, sizeof(ys), "%d", year);
	cd_uuid(run);
	memset(&env, 0, sizeof(env));
	cd_store_init(&st, &tx, r->company, r->user, NULL);
	st.run = run;
	rc = cd_tx_begin(&tx, r->company);
	if (rc == CD_OK)
		rc = cd_calc_env_load(&env, &tx, r->company);
	/* Asked for, a set must exist, activities to recompute or not. */
	if (rc == CD_OK && set != NULL && cd_calc_env_set(&env, &tx,
	    set) == NULL) {
		rc = tx.failed ? CD_ERR : CD_EINVAL;
		if (rc == CD_EINVAL) {
			snprintf(msg, sizeof(msg), "no factor set %.80s; GET "
			    "/api/factor-sets lists them", set);
			cd_req_respond_error(r, 422, "unknown_factor_set", msg,
			    "factor_set");
		}
	}
	if (rc == CD_OK)
		rc = recalc_rows(r, &tx, &env, &st, ys, set, gwp, &n);
	if (rc == CD_OK)
		rc = recalc_commit(r, &tx, &st, ys, set, gwp, n, &sets);
	if (cd_tx_end(&tx, rc == CD_OK) != CD_OK && rc == CD_OK)
		rc = CD_ERR;
	if (rc == CD_OK) {
		cd_redis_generation_bump(r->company, CD_GEN_EMISSIONS);
		cd_req_respond_json(r, 200, json_pack("{s:s, s:i, s:i, s:O}",
		    "run", run, "year", year, "activities", n, "factor_sets",
		    sets));
	} else if (rc != CD_EINVAL)
		cd_tx_respond(r, &tx);
	json_decref(sets);
	cd_store_free(&st);
	cd_calc_env_free(&env);
	return (CD_OK);
}

const struct cd_route cd_emission_routes[] = {
	CD_ROUTE("GET", "/api/emissions", CD_ROLE_VIEWER, api_list),
	CD_ROUTE("POST", "/api/emissions/recalculate", CD_ROLE_ADMIN,
	    api_recalculate),
	CD_ROUTE_END
};
