/*
 * Reduction targets: POST /api/targets, PUT /api/targets/{id},
 * GET /api/targets.  Frameworks (SBTi) read them through storage.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"

static const char *const kinds[] = { "near_term", "long_term", "net_zero",
    NULL };
static const char *const scope_sets[] = { "1+2", "3", "1+2+3", NULL };
static const char *const ambitions[] = { "1.5C", "well-below-2C", NULL };

/* A number member in [lo, hi] (lo excluded when open), or absent when optional. */
static int
target_number(struct cd_req *r, const char *name, double lo, int open,
    double hi, int required, char *out, size_t len)
{
	double	d = NAN;

	out[0] = '\0';
	if (cd_field_number(r, name, lo, open, hi, required, &d) != CD_OK)
		return (CD_EINVAL);
	/* A year or a percentage: 16 bytes hold any the bounds admit. */
	if (!isnan(d) && (size_t)snprintf(out, len, "%.17g", d) >= len)
		return (CD_ERR);
	return (CD_OK);
}

/* The fields of a target as read from the body, checked. */
struct target_in {
	const char	*name, *scopes, *kind, *ambition;
	char		 base[16], target[16], reduction[32], coverage[32];
	char		 base_t[32];
};

static int
target_read(struct cd_req *r, struct target_in *t)
{
	static const char *const fields[] = { "name", "scopes", "kind",
	    "ambition", "base_year", "target_year", "reduction_pct",
	    "coverage_pct", "base_emissions_t", NULL };
	const char	*s, *field;

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_string(r, "name", 1, 200, 1, &t->name) ||
	    cd_field_string(r, "scopes", 1, 8, 1, &t->scopes) ||
	    cd_field_string(r, "kind", 1, 16, 0, &t->kind) ||
	    cd_field_string(r, "ambition", 1, 16, 0, &t->ambition) ||
	    target_number(r, "base_year", 2000, 0, 2100, 1, t->base,
	    sizeof(t->base)) ||
	    target_number(r, "target_year", 2000, 0, 2100, 1, t->target,
	    sizeof(t->target)) ||
	    target_number(r, "reduction_pct", 0, 1, 100, 1, t->reduction,
	    sizeof(t->reduction)) ||
	    target_number(r, "coverage_pct", 0, 1, 100, 0, t->coverage,
	    sizeof(t->coverage)) ||
	    target_number(r, "base_emissions_t", 0, 0, 1e12, 0, t->base_t,
	    sizeof(t->base_t)))
		return (CD_EINVAL);
	/* The years go to int columns: "2020.5" would fail there, not here. */
	if (strchr(t->base, '.') != NULL) {
		s = "base_year must be a whole year";
		field = "base_year";
	} else if (strchr(t->target, '.') != NULL) {
		s = "target_year must be a whole year";
		field = "target_year";
	} else if (!cd_one_of(scope_sets, t->scopes)) {
		s = "scopes must be 1+2, 3 or 1+2+3";
		field = "scopes";
	} else if (t->kind != NULL && !cd_one_of(kinds, t->kind)) {
		s = "kind must be near_term, long_term or net_zero";
		field = "kind";
	} else if (t->ambition != NULL && !cd_one_of(ambitions, t->ambition)) {
		s = "ambition must be 1.5C or well-below-2C";
		field = "ambition";
	} else if (atoi(t->target) <= atoi(t->base)) {
		s = "target_year must be after base_year";
		field = "target_year";
	} else
		return (CD_OK);
	cd_req_respond_error(r, 422, "invalid_field", s, field);
	return (CD_EINVAL);
}

/* Store t as target id (insert or, with update, replace); answer. */
static int
target_store(struct cd_req *r, struct target_in *t, const char *id,
    int update)
{
	struct cd_tx	 tx;
	PGresult	*res;
	int		 n = 0;
	const char	*p[11] = { id, r->company, t->name, t->scopes, t->base,
	    t->target, t->reduction, t->kind ? t->kind : "near_term",
	    t->ambition, t->coverage[0] ? t->coverage : "100",
	    t->base_t[0] ? t->base_t : NULL };

	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, update ? "UPDATE targets SET name = $3, "
	    "scopes = $4, base_year = $5::int, target_year = $6::int, "
	    "reduction_pct = $7::numeric, kind = $8, ambition = $9, "
	    "coverage_pct = $10::numeric, base_emissions_t = $11::numeric, "
	    "updated_at = now() WHERE id = $1 AND company_id = $2" :
	    "INSERT INTO targets (id, company_id, name, scopes, base_year, "
	    "target_year, reduction_pct, kind, ambition, coverage_pct, "
	    "base_emissions_t) VALUES ($1, $2, $3, $4, $5::int, $6::int, "
	    "$7::numeric, $8, $9, $10::numeric, $11::numeric)", 11, p)) !=
	    NULL) {
		n = atoi(PQcmdTuples(res));
		PQclear(res);
		if (n > 0)
			(void)cd_audit(&tx, r, r->company, update ?
			    "target.update" : "target.create", id, NULL);
	}
	if (cd_tx_end(&tx, 1) != CD_OK) {
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	if (n == 0)
		return (cd_req_respond_error(r, 404, "not_found",
		    "no such target", NULL));
	return (cd_req_respond_json(r, update ? 200 : 201, json_pack(
	    "{s:s}", "id", id)));
}

static int
api_targets_create(struct cd_req *r)
{
	struct target_in	t;
	char			id[37];

	memset(&t, 0, sizeof(t));
	if (target_read(r, &t) != CD_OK)
		return (CD_OK);
	cd_uuid(id);
	return (target_store(r, &t, id, 0));
}

static int
api_targets_update(struct cd_req *r)
{
	struct target_in	 t;
	const char		*id = NULL;

	for (int i = 0; i < r->params.n; i++)
		if (strcmp(r->params.name[i], "id") == 0)
			id = r->params.value[i];
	if (!cd_uuid_valid(id))
		return (cd_req_respond_error(r, 404, "not_found",
		    "no such target", NULL));
	memset(&t, 0, sizeof(t));
	if (target_read(r, &t) != CD_OK)
		return (CD_OK);
	return (target_store(r, &t, id, 1));
}

static int
api_targets_list(struct cd_req *r)
{
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*rows;

	rows = json_array();
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT id, name, scopes, kind, ambition, "
	    "base_year, target_year, reduction_pct, coverage_pct, "
	    "base_emissions_t FROM targets ORDER BY created_at, id", 0,
	    NULL)) != NULL) {
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(rows, json_pack("{s:s, s:s, s:s, "
			    "s:s, s:s?, s:i, s:i, s:f, s:f, s:o}", "id",
			    PQgetvalue(res, i, 0), "name", PQgetvalue(res, i, 1),
			    "scopes", PQgetvalue(res, i, 2), "kind",
			    PQgetvalue(res, i, 3), "ambition",
			    PQgetisnull(res, i, 4) ? NULL : PQgetvalue(res, i, 4),
			    "base_year", atoi(PQgetvalue(res, i, 5)),
			    "target_year", atoi(PQgetvalue(res, i, 6)),
			    "reduction_pct", atof(PQgetvalue(res, i, 7)),
			    "coverage_pct", atof(PQgetvalue(res, i, 8)),
			    "base_emissions_t", PQgetisnull(res, i, 9) ?
			    json_null() : json_real(atof(PQgetvalue(res, i, 9)))));
		PQclear(res);
	}
	if (cd_tx_end(&tx, 0) != CD_OK) {
		json_decref(rows);
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	return (cd_req_respond_json(r, 200, rows));
}

const struct cd_route cd_target_routes[] = {
	CD_ROUTE("POST", "/api/targets", CD_ROLE_EDITOR, api_targets_create),
	CD_ROUTE("PUT", "/api/targets/{id}", CD_ROLE_EDITOR,
	    api_targets_update),
	CD_ROUTE("GET", "/api/targets", CD_ROLE_VIEWER, api_targets_list),
	CD_ROUTE_END
};
