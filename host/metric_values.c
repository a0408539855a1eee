/*
 * A company's metric values for a reporting year, the one set every
 * framework reads (collect once, report many): calculated metrics from the
 * current stored emissions whose activity period starts in the year
 * (tonnes CO2e), and reported metrics from the latest value entered for a
 * period overlapping the year (a table metric's value is its rows, a JSON
 * array; of values entered together, the later in the list).  A
 * calculated metric may also be entered (a company whose inventory is
 * kept elsewhere); stored emissions win, and so do the targets of POST
 * /api/targets for targets.climate.ghg.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

static void
put(json_t *out, const char *metric, json_t *v)
{
	if (cd_dict_metric(metric) != NULL)
		json_object_set_new(out, metric, v);
	else
		json_decref(v);
}

static json_t *
calculated(double tonnes, const char *detail, const char *approach)
{
	return (json_pack("{s:f, s:s, s:s, s:s, s:s}", "value", tonnes,
	    "unit", "tCO2e", "source", "calculated", "basis", detail,
	    "approach", approach));
}

/*
 * Sum the year's emissions, consolidated by the company's approach as the
 * summary does, into the ghg.* metrics.
 */
static void
values_calculated(PGresult *res, json_t *out)
{
	double		 s1 = 0, s2l = 0, s2m = 0, s3 = 0, cat[16] = { 0 }, bio = 0;
	int		 has1 = 0, has2 = 0, has3 = 0;
	char		 name[32];
	const char	*ap = PQntuples(res) > 0 ? PQgetvalue(res, 0, 4) : "";

	for (int i = 0; i < PQntuples(res); i++) {
		int scope = atoi(PQgetvalue(res, i, 0));
		const char *method = PQgetvalue(res, i, 1);
		int c = atoi(PQgetvalue(res, i, 2));
		double t = strtod(PQgetvalue(res, i, 3), NULL);
		bio += strtod(PQgetvalue(res, i, 5), NULL);
		if (scope == 1) {
			s1 += t;
			has1 = 1;
		} else if (scope == 2) {
			if (strcmp(method, "market") != 0)
				s2l += t;
			if (strcmp(method, "location") != 0)
				s2m += t;
			has2 = 1;
		} else if (scope == 3) {
			s3 += t;
			if (c >= 1 && c <= 15)
				cat[c] += t;
			has3 = 1;
		}
	}
	if (has1)
		put(out, "ghg.scope1.gross", calculated(s1, "stored emissions",
		    ap));
	if (PQntuples(res) > 0)
		put(out, "ghg.biogenic", calculated(bio, "biogenic CO2 of "
		    "stored emissions, outside the scopes", ap));
	if (has2) {
		put(out, "ghg.scope2.location", calculated(s2l,
		    "stored emissions, location-based", ap));
		put(out, "ghg.scope2.market", calculated(s2m,
		    "stored emissions, market-based", ap));
	}
	if (has3) {
		put(out, "ghg.scope3.total", calculated(s3, "stored emissions",
		    ap));
		for (int c = 1; c <= 15; c++) {
			snprintf(name, sizeof(name), "ghg.scope3.cat%d", c);
			if (cat[c] > 0)
				put(out, name, calculated(cat[c],
				    "stored emissions", ap));
		}
	}
}

/*
 * targets.climate.ghg from the targets entered with POST /api/targets that
 * are in force in the year (base year to target year): one row each, so
 * a target entered once reaches every framework that asks for targets.
 * They win over rows entered as the metric, as stored emissions do.
 */
static void
values_targets(PGresult *res, json_t *out)
{
	json_t	*rows;

	if (PQntuples(res) == 0)
		return;
	rows = json_array();
	for (int i = 0; i < PQntuples(res); i++) {
		json_t *row = json_pack("{s:s, s:s, s:s, s:i, s:i, s:f}",
		    "target", PQgetvalue(res, i, 0), "kind", "absolute",
		    "scopes", PQgetvalue(res, i, 1), "base_year",
		    atoi(PQgetvalue(res, i, 2)), "target_year",
		    atoi(PQgetvalue(res, i, 3)), "reduction",
		    strtod(PQgetvalue(res, i, 4), NULL));
		if (row == NULL)
			continue;
		if (!PQgetisnull(res, i, 5))
			json_object_set_new(row, "base_value", json_real(strtod(
			    PQgetvalue(res, i, 5), NULL)));
		json_array_append_new(rows, row);
	}
	put(out, "targets.climate.ghg", json_pack("{s:o, s:n, s:s, s:s}",
	    "value", rows, "unit", "source", "calculated", "basis",
	    "targets entered with POST /api/targets, in force in the year"));
}

/*
 * revenue, when it was not entered as a metric, from the revenue
 * denominator entered for the summary's intensity (PUT /api/denominators)
 * when that is in the metric's unit: a company enters its revenue once.
 * Another currency or scale is not converted; the metric then stays
 * missing, as before.
 */
static void
values_revenue(PGresult *res, json_t *out)
{
	const char	*unit = json_string_value(json_object_get(
			    cd_dict_metric("revenue"), "unit"));

	if (json_object_get(out, "revenue") != NULL || PQntuples(res) != 1 ||
	    unit == NULL || strcmp(PQgetvalue(res, 0, 1), unit) != 0)
		return;
	put(out, "revenue", json_pack("{s:f, s:s, s:s, s:s}", "value",
	    strtod(PQgetvalue(res, 0, 0), NULL), "unit", unit, "source",
	    "reported", "basis", "the revenue denominator of PUT "
	    "/api/denominators"));
}

static void
values_reported(PGresult *res, json_t *out)
{
	for (int i = 0; i < PQntuples(res); i++) {
		const char *metric = PQgetvalue(res, i, 0);
		json_t *v;
		if (json_object_get(out, metric) != NULL)
			continue;	/* calculated wins */
		if (!PQgetisnull(res, i, 1))
			v = json_real(strtod(PQgetvalue(res, i, 1), NULL));
		else if (!PQgetisnull(res, i, 6))	/* a table's rows */
			v = cd_db_json(PQgetvalue(res, i, 6));
		else
			v = json_string(PQgetvalue(res, i, 2));
		if (v == NULL)
			continue;
		put(out, metric, json_pack("{s:o, s:s?, s:s, s:s, s:s}",
		    "value", v, "unit", PQgetisnull(res, i, 3) ? NULL :
		    PQgetvalue(res, i, 3), "source", "reported",
		    "period_start", PQgetvalue(res, i, 4), "period_end",
		    PQgetvalue(res, i, 5)));
	}
}

/* One derived metric from its inputs, or NULL when one is missing. */
static json_t *
derive(const json_t *m, const json_t *out)
{
	const json_t	*in = json_object_get(m, "derived_from"), *v;
	const char	*type = json_string_value(json_object_get(m, "type"));
	double		 x[2] = { 0, 0 }, sum = 0, r;
	size_t		 i;

	if (!json_is_array(in) || json_array_size(in) == 0)
		return (NULL);
	json_array_foreach(in, i, v) {
		const json_t *have = json_object_get(out, json_string_value(v));
		if (have == NULL || !json_is_number(json_object_get(have,
		    "value")))
			return (NULL);
		double d = json_number_value(json_object_get(have, "value"));
		sum += d;
		if (i < 2)
			x[i] = d;
	}
	if (strcmp(type, "quantity") == 0)
		r = sum;
	else if (json_array_size(in) == 2 && x[1] != 0)
		r = strcmp(type, "percentage") == 0 ? 100 * x[0] / x[1] :
		    x[0] / x[1];
	else
		return (NULL);
	return (json_pack("{s:f, s:O?, s:s, s:O}", "value", r, "unit",
	    json_object_get(m, "unit"), "source", "derived", "derived_from",
	    in));
}

/* Derive until nothing changes: a derived metric may feed another. */
static void
values_derived(json_t *out)
{
	const json_t	*m;
	json_t		*v;
	size_t		 i;
	int		 changed = 1;

	for (int pass = 0; changed && pass < 8; pass++) {
		changed = 0;
		json_array_foreach(json_object_get(cd_dict_json(), "metrics"),
		    i, m) {
			const char *id = json_string_value(json_object_get(m,
			    "id"));
			if (json_object_get(out, id) != NULL ||
			    (v = derive(m, out)) == NULL)
				continue;
			json_object_set_new(out, id, v);
			changed = 1;
		}
	}
}

/* The year's rollups under the company's consolidation approach. */
static const char	sql_calculated[] =
    "SELECT scope, method, scope3_category, sum(co2e_kg) / 1000, "
    "min(a.approach), sum(biogenic_co2_kg) / 1000 FROM (SELECT coalesce((SELECT approach FROM "
    "company_settings), 'operational') AS approach) a CROSS JOIN LATERAL "
    "cd_consolidated($1::int, a.approach) GROUP BY 1, 2, 3";
static const char	sql_revenue[] =
    "SELECT value::text, unit FROM denominators WHERE year = $1::int AND "
    "kind = 'revenue'";
static const char	sql_targets[] =
    "SELECT name, scopes, base_year, target_year, reduction_pct::text, "
    "base_emissions_t::text FROM targets WHERE base_year <= $1::int AND "
    "target_year >= $1::int ORDER BY created_at, id";
static const char	sql_reported[] =
    "SELECT DISTINCT ON (metric_id) metric_id, value_number::text, "
    "value_text, unit, period_start::text, period_end::text, "
    "value_json::text FROM "
    "metric_values WHERE period_start <= make_date($1::int, 12, 31) AND "
    "period_end >= make_date($1::int, 1, 1) ORDER BY metric_id, "
    "created_at DESC, seq DESC";

/* *out: metric id -> {value, unit, source, ...} for r's company and year. */
int
cd_metric_values(struct cd_req *r, int year, json_t **out)
{
	struct cd_tx	 tx;
	PGresult	*res;
	char		 y[16];
	const char	*params[1] = { y };
	int		 rc;

	*out = NULL;
	if (r->company[0] == '\0')
		return (CD_EPERM);
	if (year < 1990 || year > 2100)
		return (CD_EINVAL);
	snprintf(y, sizeof(y), "%d", year);
	*out = json_object();
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec_fixed(&tx, sql_calculated, 1, params)) != NULL) {
		values_calculated(res, *out);
		PQclear(res);
	}
	if ((res = cd_tx_exec_fixed(&tx, sql_targets, 1, params)) != NULL) {
		values_targets(res, *out);
		PQclear(res);
	}
	if ((res = cd_tx_exec_fixed(&tx, sql_reported, 1, params)) != NULL) {
		values_reported(res, *out);
		PQclear(res);
	}
	if ((res = cd_tx_exec_fixed(&tx, sql_revenue, 1, params)) != NULL) {
		values_revenue(res, *out);
		PQclear(res);
	}
	rc = cd_tx_end(&tx, 0);
	if (rc == CD_OK)
		values_derived(*out);
	if (rc != CD_OK) {
		json_decref(*out);
		*out = NULL;
	}
	cd_tx_cleanup(&tx);
	return (rc);
}
