/*
 * GET /api/emissions/summary?year=Y&approach=operational|financial|equity
 *
 * Tonnes CO2e of the current emission rows of activities starting in
 * year Y, consolidated by the approach (the company's setting when the
 * request names none; GHG Protocol Corporate Standard chapter 3): under
 * operational or financial control an entity's facilities count 100 % or
 * 0 % as its flag says, under equity share they count its ownership
 * share.  A facility without an entity, and an activity without a
 * facility, count 100 %.
 *
 * Beside the totals, from the same rows: "coverage" (emission rows per
 * facility and month, for a completeness heat map) and "sources" (the
 * largest category and facility pairs); summary_lists.c says exactly
 * what each counts.
 *
 * Read from emission_rollups (kept by trigger with every write), so the
 * cost does not grow with the number of rows.  Answers are cached in
 * Redis under the company's emissions generation, which every write
 * moves on (CD_GEN_EMISSIONS), so a cached answer is not served after a
 * write Redis heard of.  One it missed (down at the time) cannot move the
 * generation, so answers live CACHE_TTL seconds only: the bound on how
 * stale a summary can be after an outage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

#define CACHE_TTL	60
#define SOURCES_MAX	10

enum { S1, S2L, S2M, S3, NCOL };
static const char *const colnames[NCOL] = { "scope1", "scope2_location",
    "scope2_market", "scope3" };

static int
col_of(int scope, const char *method)
{
	if (scope == 1)
		return (S1);
	if (scope == 3)
		return (S3);
	return (strcmp(method, "market") == 0 ? S2M : S2L);
}

/* Add kg to obj[key][col] (an object of the four columns, in tonnes). */
static void
add_to(json_t *obj, const char *key, const char *label_key,
    const char *label, int col, double t)
{
	json_t	*o;

	if ((o = json_object_get(obj, key)) == NULL) {
		o = json_pack("{s:f, s:f, s:f, s:f}", colnames[S1], 0.0,
		    colnames[S2L], 0.0, colnames[S2M], 0.0, colnames[S3], 0.0);
		if (label_key != NULL)
			json_object_set_new(o, label_key, json_string(label));
		json_object_set_new(obj, key, o);
	}
	json_object_set_new(o, colnames[col], json_real(json_real_value(
	    json_object_get(o, colnames[col])) + t));
}

/* An object of rows keyed by id as an array, each with its id. */
static json_t *
as_list(json_t *obj, const char *idkey)
{
	const char	*k;
	json_t		*v, *arr = json_array();

	json_object_foreach(obj, k, v) {
		json_object_set_new(v, idkey, *k ? json_string(k) :
		    json_null());
		json_array_append(arr, v);
	}
	json_decref(obj);
	return (arr);
}

static json_t *
summary_build(struct cd_tx *tx, int year, const char *approach)
{
	PGresult	*res;
	const char	*p[2];
	char		 ys[8];
	double		 tot[NCOL] = { 0 }, bio = 0;
	json_t		*bycat, *s3cat, *bymonth, *byfac, *byent, *sets, *inten;
	struct cd_sumlists lists;
	long long	 rows = 0;

	snprintf(ys, sizeof(ys), "%d", year);
	p[0] = ys;
	p[1] = approach;
	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT month, scope, method, "
	    "scope3_category, category, coalesce(facility_id::text, ''), "
	    "coalesce(facility_name, ''), coalesce(entity_id::text, ''), "
	    "coalesce(entity_name, ''), factor_set, co2e_kg / 1000, "
	    "biogenic_co2_kg / 1000, n FROM cd_consolidated($1, $2)",
	    2, p);
	if (res == NULL)
		return (NULL);
	bycat = json_object();
	s3cat = json_object();
	bymonth = json_object();
	byfac = json_object();
	byent = json_object();
	sets = json_object();
	cd_sumlists_init(&lists);
	for (int i = 0; i < PQntuples(res); i++) {
		int scope = atoi(PQgetvalue(res, i, 1));
		int col = col_of(scope, PQgetvalue(res, i, 2));
		double t = strtod(PQgetvalue(res, i, 10), NULL);
		long long n = atoll(PQgetvalue(res, i, 12));
		char month[4];

		tot[col] += t;
		bio += strtod(PQgetvalue(res, i, 11), NULL);
		rows += n;
		cd_sumlists_add(&lists, PQgetvalue(res, i, 5),
		    PQgetvalue(res, i, 6), atoi(PQgetvalue(res, i, 0)), scope,
		    PQgetvalue(res, i, 2), PQgetvalue(res, i, 4), t, n);
		snprintf(month, sizeof(month), "%02d",
		    atoi(PQgetvalue(res, i, 0)));
		add_to(bycat, PQgetvalue(res, i, 4), NULL, NULL, col, t);
		if (scope == 3) {
			const char *k = PQgetvalue(res, i, 3);
			json_object_set_new(s3cat, k, json_real(json_real_value(
			    json_object_get(s3cat, k)) + t));
		}
		add_to(bymonth, month, NULL, NULL, col, t);
		add_to(byfac, PQgetvalue(res, i, 5), "name",
		    PQgetvalue(res, i, 6), col, t);
		add_to(byent, PQgetvalue(res, i, 7), "name",
		    PQgetvalue(res, i, 8), col, t);
		json_object_set_new(sets, PQgetvalue(res, i, 9), json_true());
	}
	PQclear(res);

	/* Intensity per denominator the company entered for the year. */
	inten = json_object();
	p[1] = NULL;
	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT kind, value, unit FROM "
	    "denominators WHERE year = $1", 1, p);
	for (int i = 0; res != NULL && i < PQntuples(res); i++) {
		double d = strtod(PQgetvalue(res, i, 1), NULL);
		char unit[64];
		snprintf(unit, sizeof(unit), "tCO2e per %s",
		    PQgetvalue(res, i, 2));
		json_object_set_new(inten, PQgetvalue(res, i, 0), json_pack(
		    "{s:f, s:f, s:f, s:s}", "location", (tot[S1] + tot[S2L] +
		    tot[S3]) / d, "market", (tot[S1] + tot[S2M] + tot[S3]) / d,
		    "denominator", d, "unit", unit));
	}
	if (res != NULL)
		PQclear(res);

	json_t *setlist = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(sets, k, v)
		json_array_append_new(setlist, json_string(k));
	json_decref(sets);
	json_t *out = json_pack("{s:i, s:s, s:s, s:f, s:f, s:f, s:f, "
	    "s:{s:f, s:f}, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, "
	    "s:o}",
	    "year", year, "approach", approach, "unit", "tCO2e",
	    "scope1", tot[S1], "scope2_location", tot[S2L],
	    "scope2_market", tot[S2M], "scope3", tot[S3],
	    "totals", "location", tot[S1] + tot[S2L] + tot[S3],
	    "market", tot[S1] + tot[S2M] + tot[S3],
	    "biogenic_co2_t", bio, "by_category", bycat,
	    "scope3_by_category", s3cat, "by_month", bymonth,
	    "by_facility", as_list(byfac, "facility_id"),
	    "by_entity", as_list(byent, "entity_id"),
	    "intensity", inten, "factor_sets", setlist,
	    "rows", (json_int_t)rows,
	    "coverage", cd_sumlists_coverage(&lists),
	    "sources", cd_sumlists_sources(&lists, SOURCES_MAX));
	cd_sumlists_free(&lists);
	return (out);
}

static int
api_summary(struct cd_req *r)
{
	struct cd_tx	 tx;
	redisReply	*rep;
	const char	*approach = cd_http_query(r, "approach");
	char		 key[160], dflt[16], region[8], gwp[8];
	long long	 gen;
	int		 year;
	json_t		*body;
	char		*text;

	if (cd_query_year(r, &year) != CD_OK)
		return (CD_OK);
	if (approach != NULL && strcmp(approach, "operational") != 0 &&
	    strcmp(approach, "financial") != 0 && strcmp(approach, "equity"))
		return (cd_req_respond_error(r, 422, "invalid_field", "approach "
		    "must be operational, financial or equity", "approach"));
	gen = cd_redis_generation(r->company, CD_GEN_EMISSIONS);
	/* "sum2": answers with coverage and sources, never an older shape. */
	snprintf(key, sizeof(key), "cd:c:%s:sum2:%lld:%d:%s", r->company, gen,
	    year, approach ? approach : "-");
	if (gen >= 0 && (rep = cd_redis_cmd("GET %s", key)) != NULL) {
		int hit = rep->type == REDIS_REPLY_STRING;
		if (hit)
			cd_req_respond_raw(r, 200, "application/json",
			    rep->str, rep->len);
		freeReplyObject(rep);
		if (hit)
			return (CD_OK);
	}
	body = NULL;
	if (cd_tx_begin(&tx, r->company) == CD_OK && (approach != NULL ||
	    cd_org_settings(&tx, r->company, dflt, region, gwp) == CD_OK))
		body = summary_build(&tx, year, approach ? approach : dflt);
	(void)cd_tx_end(&tx, 0);
	if (body == NULL)
		return (cd_tx_respond(r, &tx));
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text == NULL)
		return (CD_ENOMEM);
	if (gen >= 0 && (rep = cd_redis_cmd("SET %s %s EX %d", key, text,
	    CACHE_TTL)) != NULL)
		freeReplyObject(rep);
	cd_req_respond_raw(r, 200, "application/json", text, strlen(text));
	free(text);
	return (CD_OK);
}

const struct cd_route cd_summary_routes[] = {
	CD_ROUTE("GET", "/api/emissions/summary", CD_ROLE_VIEWER, api_summary),
	CD_ROUTE_END
};
