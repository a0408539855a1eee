/*
 * The metric dictionary and reported ESG metric values:
 * GET /api/metrics/dictionary, POST and GET /api/esg/metrics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

#define NARRATIVE_MAX	20000	/* bytes of one narrative value */
#define VALUES_MAX	500	/* values in one POST */

static int
api_dictionary(struct cd_req *r)
{
	return (cd_req_respond_json(r, 200, json_deep_copy(cd_dict_json())));
}

/* Answer the refusal of value i; CD_EINVAL. */
static int
esg_reject(struct cd_req *r, int status, const char *code, size_t i,
    const char *field, const char *fmt, const char *a, const char *b)
{
	char	where[128], msg[320];

	snprintf(where, sizeof(where), "values[%zu].%s", i, field);
	snprintf(msg, sizeof(msg), fmt, a, b);
	(void)cd_req_respond_error(r, status, code, msg, where);
	return (CD_EINVAL);
}

/* A value as it is stored: metric, period, number, text, unit, table. */
struct row {
	const char	*p[7];
	char		 num[64];
	char		*table;		/* the rows as compact JSON (heap) */
};

/* Check value i against its metric; fill its stored form. */
static int
esg_check(struct cd_req *r, size_t i, json_t *v, struct row *row)
{
	const char	**params = row->p;
	const json_t	*m, *val;
	const char	*id, *type, *unit, *munit, *ps, *pe;

	id = json_string_value(json_object_get(v, "metric_id"));
	if ((m = cd_dict_metric(id)) == NULL)
		return (esg_reject(r, 422, "unknown_metric", i, "metric_id",
		    "no metric '%s' in the dictionary%s", id ? id : "", ""));
	ps = json_string_value(json_object_get(v, "period_start"));
	pe = json_string_value(json_object_get(v, "period_end"));
	if (!cd_date_valid(ps))
		return (esg_reject(r, 422, "invalid_field", i, "period_start",
		    "period_start must be a date YYYY-MM-DD%s%s", "", ""));
	if (!cd_date_valid(pe) || strcmp(pe, ps) < 0)
		return (esg_reject(r, 422, "invalid_field", i, "period_end",
		    "period_end must be a date YYYY-MM-DD on or after "
		    "period_start%s%s", "", ""));
	type = json_string_value(json_object_get(m, "type"));
	munit = json_string_value(json_object_get(m, "unit"));
	unit = json_string_value(json_object_get(v, "unit"));
	if (unit != NULL && munit != NULL && strcmp(unit, munit) != 0)
		return (esg_reject(r, 422, "unit_mismatch", i, "unit",
		    "unit '%s' does not match the metric's unit '%s'", unit,
		    munit));
	/* A narrative or a yes/no has no unit to keep (a table: below). */
	if (unit != NULL && munit == NULL && strcmp(type, "table") != 0)
		return (esg_reject(r, 422, "unit_mismatch", i, "unit",
		    "%s takes no unit, not '%s'", id, unit));
	val = json_object_get(v, "value");
	params[0] = id;
	params[1] = ps;
	params[2] = pe;
	params[3] = params[4] = params[6] = NULL;
	params[5] = munit ? munit : unit;
	if (strcmp(type, "narrative") == 0) {
		if (!json_is_string(val) || json_string_length(val) == 0)
			return (esg_reject(r, 422, "invalid_value", i, "value",
			    "%s takes text%s", id, ""));
		if (json_string_length(val) > NARRATIVE_MAX)
			return (esg_reject(r, 413, "value_too_long", i, "value",
			    "%s: narrative values are at most 20000 bytes%s", id,
			    ""));
		params[4] = json_string_value(val);
	} else if (strcmp(type, "boolean") == 0) {
		if (!json_is_boolean(val))
			return (esg_reject(r, 422, "invalid_value", i, "value",
			    "%s takes true or false%s", id, ""));
		params[4] = json_is_true(val) ? "true" : "false";
	} else if (strcmp(type, "table") == 0) {
		struct cd_table_error e;
		if (unit != NULL)
			return (esg_reject(r, 422, "unit_mismatch", i, "unit",
			    "%s is a table: its columns carry the units%s", id,
			    ""));
		if ((row->table = cd_table_text_new(m, val, &e)) == NULL)
			return (esg_reject(r, e.status, e.code, i, e.field,
			    "%s%s", e.message, ""));
		params[6] = row->table;
	} else {
		if (!json_is_number(val) || json_number_value(val) < 0 ||
		    (strcmp(type, "percentage") == 0 &&
		    json_number_value(val) > 100))
			return (esg_reject(r, 422, "invalid_value", i, "value",
			    strcmp(type, "percentage") == 0 ?
			    "%s takes a number from 0 to 100%s" :
			    "%s takes a number, 0 or more%s", id, ""));
		snprintf(row->num, sizeof(row->num), "%.17g",
		    json_number_value(val));
		params[3] = row->num;
	}
	return (CD_OK);
}

/*
 * Check and store a list of canonical values (borrowed) for r's company,
 * all or nothing, and answer the request: 201 {stored} or the error
 * naming values[i].field.  Also the service metrics_post.
 */
int
cd_esg_store(struct cd_req *r, const json_t *list)
{
	struct cd_tx	 tx;
	struct row	*rows;
	json_t		*v, *d;
	PGresult	*res;
	size_t		 i, n;

	if (r->company[0] == '\0')
		return (cd_req_respond_error(r, 403, "forbidden", "values "
		    "belong to a company", NULL));
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > VALUES_MAX)
		return (cd_req_respond_error(r, 422, "invalid_field", "values "
		    "must be a list of 1 to 500 metric values", "values"));
	n = json_array_size(list);
	rows = cd_calloc(n, sizeof(*rows));
	json_array_foreach(list, i, v) {
		if (!json_is_object(v)) {
			cd_req_respond_error(r, 422, "invalid_field",
			    "each value must be an object", "values");
			goto done;
		}
		if (esg_check(r, i, v, &rows[i]) != CD_OK)
			goto done;
	}
	if (cd_tx_begin(&tx, r->company) == CD_OK) {
		for (i = 0; i < n; i++) {
			const char *p[9] = { r->company, rows[i].p[0],
			    rows[i].p[1], rows[i].p[2], rows[i].p[3],
			    rows[i].p[4], rows[i].p[5], r->user, rows[i].p[6] };
			if ((res = cd_tx_exec(&tx, "INSERT INTO metric_values "
			    "(company_id, metric_id, period_start, period_end, "
			    "value_number, value_text, unit, created_by, "
			    "value_json) VALUES ($1, $2, $3, $4, $5::numeric, $6, "
			    "$7, $8, $9::jsonb)", 9, p)) != NULL)
				PQclear(res);
		}
		d = json_pack("{s:I}", "values", (json_int_t)n);
		(void)cd_audit(&tx, r, r->company, "metric.set", NULL, d);
		json_decref(d);
	}
	if (cd_tx_end(&tx, 1) != CD_OK)
		cd_tx_respond(r, &tx);
	else
		cd_req_respond_json(r, 201, json_pack("{s:I}", "stored",
		    (json_int_t)n));
	cd_tx_cleanup(&tx);
done:
	for (i = 0; i < n; i++)
		free(rows[i].table);
	free(rows);
	return (CD_OK);
}

static int
api_esg_post(struct cd_req *r)
{
	json_t	*list;
	int	 rc;

	if (cd_body_object(r) != CD_OK)
		return (CD_OK);
	if ((list = json_object_get(r->json, "values")) != NULL)
		return (cd_esg_store(r, list));
	list = json_pack("[O]", r->json);
	rc = cd_esg_store(r, list);
	json_decref(list);
	return (rc);
}

/* ?year=Y as an int, or answer 422. */
int
cd_query_year(struct cd_req *r, int *year)
{
	const char	*y;
	char		*end;
	long		 n;

	y = cd_http_query(r, "year");
	n = y ? strtol(y, &end, 10) : 0;
	if (y == NULL || *end != '\0' || n < 1990 || n > 2100) {
		cd_req_respond_error(r, 422, "invalid_field", "year must be a "
		    "year from 1990 to 2100", "year");
		return (CD_EINVAL);
	}
	*year = (int)n;
	return (CD_OK);
}

static int
api_esg_get(struct cd_req *r)
{
	json_t	*values;
	int	 year, rc;

	if (cd_query_year(r, &year) != CD_OK)
		return (CD_OK);
	if ((rc = cd_metric_values(r, year, &values)) != CD_OK)
		return (rc == CD_EUNAVAIL ? cd_req_respond_error(r, 503,
		    "database_unavailable", "the database is unavailable; try "
		    "again shortly", NULL) : CD_ERR);
	return (cd_req_respond_json(r, 200, json_pack("{s:i, s:o}", "year",
	    year, "values", values)));
}

const struct cd_route cd_esg_routes[] = {
	CD_ROUTE("GET", "/api/metrics/dictionary", CD_ROLE_VIEWER,
	    api_dictionary),
	CD_ROUTE("POST", "/api/esg/metrics", CD_ROLE_EDITOR, api_esg_post),
	CD_ROUTE("GET", "/api/esg/metrics", CD_ROLE_VIEWER, api_esg_get),
	CD_ROUTE_END
};
