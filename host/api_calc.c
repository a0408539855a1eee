/*
 * Calculations and activities over REST.
 *
 *   POST   /api/calculate     preview: results for one record or
 *                             {"records":[...]} (at most 1000), nothing
 *                             stored.  200 {"records":[{"index":i,
 *                             "results":[result, ...]}]}
 *   POST   /api/activities    the same body, stored all or nothing: 201
 *                             {"stored":n,"activities":[{"id","index",
 *                             "results"}]}.  One bad record: 422 naming
 *                             "records[i].<field>", nothing stored.
 *   GET    /api/activities?year=&category=&facility_id=&limit=&offset=
 *   DELETE /api/activities/{id}   audited; its emissions go with it
 *
 * A result is DESIGN.md section 6's: scope, method, scope3_category,
 * category, tier, co2e_kg, biogenic_co2_kg, gases {co2_kg,...},
 * quantity {value, unit} (in the factor's unit), gwp, factor {set, id,
 * value, unit, published_co2e, gwp, source, publisher, table,
 * edition_year, region, year}, calculator {name, version}, note.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

#define BATCH_MAX	1000

/* The records of a body: one record, or {"records":[...]}. */
static const json_t *
body_records(struct cd_req *r, json_t **single)
{
	const json_t	*recs;

	*single = NULL;
	if (!json_is_object(r->json)) {
		cd_req_respond_error(r, 400, "body_required", "send an activity "
		    "record, or {\"records\":[...]}, as a JSON object", NULL);
		return (NULL);
	}
	if ((recs = json_object_get(r->json, "records")) == NULL) {
		*single = json_pack("[O]", r->json);
		return (*single);
	}
	if (!json_is_array(recs) || json_array_size(recs) == 0 ||
	    json_array_size(recs) > BATCH_MAX) {
		cd_req_respond_error(r, 422, "invalid_field", "records must be "
		    "an array of 1 to 1000 activity records", "records");
		return (NULL);
	}
	return (recs);
}

/* 422 for record i, its field named "records[i].<field>". */
static int
refuse_record(struct cd_req *r, const struct cd_calc *c, size_t i, int many)
{
	char	field[96], msg[320];

	if (many) {
		snprintf(field, sizeof(field), "records[%zu]%s%s", i,
		    c->field[0] ? "." : "", c->field);
		snprintf(msg, sizeof(msg), "record %zu: %s", i, c->msg);
	}
	return (cd_req_respond_error(r, 422, c->code, many ? msg : c->msg,
	    many ? field : (c->field[0] ? c->field : NULL)));
}

/* Does a record name a factor set that is not shipped (a company's)? */
static int
names_company_set(const json_t *recs)
{
	const json_t	*rec, *set;
	size_t		 i;

	json_array_foreach(recs, i, rec)
		if (json_is_string(set = json_object_get(rec, "factor_set")) &&
		    cd_factors_set(json_string_value(set)) == NULL)
			return (1);
	return (0);
}

/*
 * Calculate every record of the body; store them when `store`.  All or
 * nothing: the first refusal answers and nothing is kept.  A preview
 * with the company's environment cached and no company factor set named
 * needs no transaction at all.
 */
static int
calculate(struct cd_req *r, int store)
{
	struct cd_calc_env	*env = NULL;
	struct cd_store		 st;
	struct cd_calc		 calc, *c = &calc;	/* 13 kB: no heap */
	struct cd_tx		 tx;
	struct cd_jsonw		 w;
	const json_t		*recs, *rec;
	json_t			*single;
	char			 id[37];
	size_t			 i;
	int			 rc = CD_OK, need_tx;

	if ((recs = body_records(r, &single)) == NULL)
		return (CD_OK);
	memset(&tx, 0, sizeof(tx));
	need_tx = store || names_company_set(recs);
	if (!need_tx)
		env = cd_calc_env_cached(r->company, NULL, &rc);
	if (env == NULL && (cd_tx_begin(&tx, r->company) != CD_OK ||
	    (env = cd_calc_env_cached(r->company, &tx, &rc)) == NULL)) {
		json_decref(single);
		cd_tx_end(&tx, 0);
		return (cd_tx_respond(r, &tx));
	}
	cd_store_init(&st, &tx, r->company, r->user, NULL);
	cd_jsonw_init(&w, 2048);
	cd_jsonw_open(&w, '{');
	if (store) {		/* all or nothing: every record, or an error */
		cd_jsonw_key(&w, "stored");
		cd_jsonw_int(&w, (long long)json_array_size(recs));
	}
	cd_jsonw_key(&w, store ? "activities" : "records");
	cd_jsonw_open(&w, '[');
	json_array_foreach(recs, i, rec) {
		if ((rc = cd_calc_run(c, env, tx.open ? &tx : NULL, rec)) !=
		    CD_OK)
			break;
		cd_jsonw_open(&w, '{');
		cd_jsonw_key(&w, "index");
		cd_jsonw_int(&w, (long long)i);
		cd_jsonw_key(&w, "results");
		cd_calc_write(c, &w);
		if (store) {
			cd_store_add(&st, c, 0, id);
			cd_jsonw_key(&w, "id");
			cd_jsonw_str(&w, id);
		}
		cd_jsonw_close(&w, '}');
	}
	cd_jsonw_close(&w, ']');
	cd_jsonw_close(&w, '}');
	if (rc == CD_OK && store) {
		json_t *d = json_pack("{s:I}", "records",
		    (json_int_t)json_array_size(recs));
		if (cd_store_flush(&st) != CD_OK || cd_audit(&tx, r,
		    r->company, "activities.create", NULL, d) != CD_OK)
			rc = CD_ERR;
		json_decref(d);
	}
	if (rc == CD_EINVAL)
		refuse_record(r, c, i, single == NULL);
	if (cd_tx_end(&tx, rc == CD_OK && store) != CD_OK && rc == CD_OK)
		rc = CD_ERR;
	if (rc == CD_OK && store)
		cd_redis_generation_bump(r->company, CD_GEN_EMISSIONS);
	if (rc == CD_OK)
		cd_req_respond_jsonw(r, store ? 201 : 200, &w);
	else if (rc != CD_EINVAL)
		cd_tx_respond(r, &tx);
	cd_jsonw_cleanup(&w);
	json_decref(single);
	cd_store_free(&st);
	return (CD_OK);
}

static int
api_calculate(struct cd_req *r)
{
	return (calculate(r, 0));
}

static int
api_store(struct cd_req *r)
{
	return (calculate(r, 1));
}

/* ---- GET /api/activities ---- */

static int
api_list(struct cd_req *r)
{
	struct cd_tx	 tx;
	PGresult	*res;
	const char	*p[6], *fac = cd_http_query(r, "facility_id");
	char		 ys[16], ls[16], os[16];
	long		 year, limit, offset;
	json_t		*body;

	if (cd_query_long(r, "year", 1990, 2100, 0, &year) != CD_OK ||
	    cd_query_long(r, "limit", 1, 1000, 100, &limit) != CD_OK ||
	    cd_query_long(r, "offset", 0, 1L << 40, 0, &offset) != CD_OK)
		return (CD_OK);
	if (fac != NULL && !cd_uuid_valid(fac))
		return (cd_req_respond_error(r, 422, "invalid_field",
		    "facility_id must be a uuid", "facility_id"));
	snprintf(ys, sizeof(ys), "%ld", year);
	snprintf(ls, sizeof(ls), "%ld", limit);
	snprintf(os, sizeof(os), "%ld", offset);
	p[0] = year ? ys : NULL;
	p[1] = cd_http_query(r, "category");
	p[2] = fac;
	p[3] = ls;
	p[4] = os;
	if (cd_tx_begin(&tx, r->company) != CD_OK ||
	    (res = (PGresult *)cd_tx_exec_fixed(&tx,
	    "WITH a AS (SELECT * FROM activities WHERE "
	    "($1::int IS NULL OR period_start >= make_date($1::int, 1, 1) AND "
	    "period_start < make_date($1::int + 1, 1, 1)) AND "
	    "($2::text IS NULL OR category = $2) AND "
	    "($3::uuid IS NULL OR facility_id = $3::uuid)) "
	    "SELECT (SELECT count(*) FROM a), coalesce(json_agg(x), '[]') FROM "
	    "(SELECT a.id, a.category, a.activity, a.quantity, a.unit, "
	    "a.period_start, a.period_end, a.facility_id, a.job_id, a.row_no, "
	    "a.created_at, (SELECT coalesce(json_agg(json_build_object("
	    "'scope', e.scope, 'method', e.method, 'scope3_category', "
	    "e.scope3_category, 'co2e_kg', e.co2e_kg, 'biogenic_co2_kg', "
	    "e.biogenic_co2_kg, 'gases', e.gases, 'factor', e.factor, "
	    "'calculator', e.calculator, 'gwp', e.gwp, 'tier', e.tier) "
	    "ORDER BY e.scope, e.method), '[]') FROM emissions e WHERE "
	    "e.activity_id = a.id AND e.current) AS emissions FROM a "
	    "ORDER BY a.period_start, a.id LIMIT $4 OFFSET $5) x",
	    5, p)) == NULL) {
		cd_tx_end(&tx, 0);
		return (cd_tx_respond(r, &tx));
	}
	body = json_pack("{s:I, s:o}", "total",
	    (json_int_t)atoll(PQgetvalue(res, 0, 0)), "activities",
	    cd_db_json(PQgetvalue(res, 0, 1)));
	PQclear(res);
	cd_tx_end(&tx, 0);
	return (cd_req_respond_json(r, 200, body));
}

/* ---- DELETE /api/activities/{id} ---- */

static int
api_delete(struct cd_req *r)
{
	struct cd_tx	 tx;
	PGresult	*res;
	const char	*id = r->params.value[0], *p[1];
	int		 found = 0, rc = CD_ERR;

	if (!cd_uuid_valid(id))
		return (cd_req_respond_error(r, 404, "not_found", "no such "
		    "activity", NULL));
	p[0] = id;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, "DELETE FROM activities "
	    "WHERE id = $1 RETURNING category, activity, quantity, unit, "
	    "period_start", 1, p)) != NULL) {
		found = PQntuples(res) == 1;
		json_t *d = found ? json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "category", PQgetvalue(res, 0, 0), "activity",
		    PQgetvalue(res, 0, 1), "quantity", PQgetvalue(res, 0, 2),
		    "unit", PQgetvalue(res, 0, 3), "period_start",
		    PQgetvalue(res, 0, 4)) : NULL;
		PQclear(res);
		rc = found ? cd_audit(&tx, r, r->company, "activity.delete", id,
		    d) : CD_OK;
		json_decref(d);
	}
	if (cd_tx_end(&tx, rc == CD_OK && found) != CD_OK || rc != CD_OK)
		return (cd_tx_respond(r, &tx));
	if (!found)
		return (cd_req_respond_error(r, 404, "not_found", "no such "
		    "activity", NULL));
	cd_redis_generation_bump(r->company, CD_GEN_EMISSIONS);
	return (cd_req_respond_raw(r, 204, "application/json", "", 0));
}

const struct cd_route cd_calc_routes[] = {
	{ .size = sizeof(struct cd_route), .method = "POST",
	  .pattern = "/api/calculate", .min_role = CD_ROLE_VIEWER,
	  .body_limit = 4 << 20, .handler = api_calculate },
	{ .size = sizeof(struct cd_route), .method = "POST",
	  .pattern = "/api/activities", .min_role = CD_ROLE_EDITOR,
	  .body_limit = 4 << 20, .handler = api_store },
	CD_ROUTE("GET", "/api/activities", CD_ROLE_VIEWER, api_list),
	CD_ROUTE("DELETE", "/api/activities/{id}", CD_ROLE_EDITOR, api_delete),
	CD_ROUTE_END
};
