/*
 * Factor sets over REST: the shipped library and a company's own sets.
 *
 *   GET  /api/factor-sets                      every set the company can use
 *   GET  /api/factor-sets/{id}/factors?q=&category=&limit=&offset=
 *   POST /api/factor-sets?name=N  (text/csv)   a new version of the
 *        company's set N: the columns of conf/factors/README.md, each
 *        row's id without a set prefix; stored whole or not at all
 *
 * A stored company set is never edited: an upload under the same name
 * makes version n+1, "N@v<n+1>".  Records name it as "N@vK" or "N" (the
 * latest).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

#define UPLOAD_ROWS_MAX		20000
#define LIST_MAX		1000

static const char *const columns[] = { "id", "category", "activity", "unit",
    "co2e_kg_per_unit", "co2_kg", "ch4_kg", "n2o_kg", "gas_basis", "gwp_set",
    "region", "year", "source_document", "publisher", "edition_year",
    "table", "scope", "source_row_id", "notes", NULL };

static char *
col_dup(PGresult *res, int row, int col)
{
	return (PQgetisnull(res, row, col) ? NULL :
	    cd_strdup(PQgetvalue(res, row, col)));
}

static double
col_num(PGresult *res, int row, int col)
{
	return (PQgetisnull(res, row, col) ? NAN :
	    strtod(PQgetvalue(res, row, col), NULL));
}

/*
 * The company's set `name` ("N@vK", or "N" for its latest version),
 * read inside tx (which is the company's); NULL when there is none.  id gets the set's id.
 */
struct cd_fset *
cd_factors_company(struct cd_tx *tx, const char *name, char *id, size_t idlen)
{
	const char	*p[1];
	PGresult	*res;
	struct cd_fset	*s;

	p[0] = name;
	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT id FROM "
	    "company_factor_sets WHERE id = $1 OR name = $1 ORDER BY version "
	    "DESC LIMIT 1", 1, p);
	if (res == NULL || PQntuples(res) != 1) {
		if (res != NULL)
			PQclear(res);
		return (NULL);
	}
	cd_strlcpy(id, PQgetvalue(res, 0, 0), idlen);
	PQclear(res);
	p[0] = id;
	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT set_id || '/' || id, "
	    "category, activity, unit, co2e_kg_per_unit, co2_kg, ch4_kg, "
	    "n2o_kg, gas_basis, gwp_set, region, year, source_document, "
	    "publisher, coalesce(edition_year, 0), \"table\" FROM "
	    "company_factors WHERE set_id = $1 ORDER BY set_id || '/' || id "
	    "COLLATE \"C\"", 1, p);
	if (res == NULL)
		return (NULL);
	s = cd_calloc(1, sizeof(*s));
	s->id = cd_strdup(id);
	s->family = cd_strdup("custom");
	s->region = cd_strdup("");
	s->title = cd_strdup(id);
	s->publisher = cd_strdup("");
	s->company = 1;
	s->nrows = (size_t)PQntuples(res);
	s->rows = cd_calloc(s->nrows + 1, sizeof(*s->rows));
	for (int i = 0; i < (int)s->nrows; i++) {
		struct cd_factor *f = &s->rows[i];
		f->set = cd_strdup(id);
		f->id = col_dup(res, i, 0);
		f->category = col_dup(res, i, 1);
		f->activity = col_dup(res, i, 2);
		f->unit = col_dup(res, i, 3);
		f->co2e = col_num(res, i, 4);
		f->co2 = col_num(res, i, 5);
		f->ch4 = col_num(res, i, 6);
		f->n2o = col_num(res, i, 7);
		f->gas_mass = strstr(PQgetvalue(res, i, 8), "kg CO2e of CH4") ==
		    NULL;
		f->gwp_set = col_dup(res, i, 9);
		f->region = col_dup(res, i, 10);
		f->year = atoi(PQgetvalue(res, i, 11));
		f->source = col_dup(res, i, 12);
		f->publisher = col_dup(res, i, 13);
		f->edition_year = atoi(PQgetvalue(res, i, 14));
		f->table = col_dup(res, i, 15);
		f->notes = cd_strdup("");
	}
	PQclear(res);
	return (s);
}

/* ---- GET /api/factor-sets ---- */

static json_t *
set_json(const struct cd_fset *s)
{
	return (json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:b}",
	    "id", s->id, "family", s->family, "region", s->region,
	    "year", s->year, "title", s->title, "publisher", s->publisher,
	    "rows", (json_int_t)s->nrows, "company", s->company));
}

static int
api_sets(struct cd_req *r)
{
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*arr;

	arr = json_array();
	for (size_t i = 0; i < cd_factors_nsets(); i++)
		if (strcmp(cd_factors_set_at(i)->family, "gwp") != 0)
			json_array_append_new(arr,
			    set_json(cd_factors_set_at(i)));
	if (cd_tx_begin(&tx, r->company) != CD_OK ||
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, "SELECT id, name, "
	    "version, rows, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SSZ') "
	    "FROM company_factor_sets ORDER BY name, version", 0, NULL)) ==
	    NULL) {
		json_decref(arr);
		cd_tx_end(&tx, 0);
		return (cd_tx_respond(r, &tx));
	}
	for (int i = 0; i < PQntuples(res); i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, "
		    "s:s, s:I, s:b, s:s}", "id", PQgetvalue(res, i, 0),
		    "family", "custom", "name", PQgetvalue(res, i, 1),
		    "version", atoi(PQgetvalue(res, i, 2)),
		    "title", PQgetvalue(res, i, 0),
		    "rows", (json_int_t)atoll(PQgetvalue(res, i, 3)),
		    "company", 1, "created_at", PQgetvalue(res, i, 4)));
	PQclear(res);
	cd_tx_end(&tx, 0);
	return (cd_req_respond_json(r, 200, json_pack("{s:o}", "factor_sets",
	    arr)));
}

/* ---- GET /api/factor-sets/{id}/factors ---- */

static json_t *
num_json(double d)
{
	return (isfinite(d) ? json_real(d) : json_null());
}

static json_t *
factor_json(const struct cd_factor *f)
{
	return (json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, "
	    "s:s, s:i, s:s, s:s, s:i, s:s, s:s}",
	    "id", f->id, "category", f->category, "activity", f->activity,
	    "unit", f->unit, "co2e_kg_per_unit", num_json(f->co2e),
	    "co2_kg", num_json(f->co2), "ch4_kg", num_json(f->ch4),
	    "n2o_kg", num_json(f->n2o),
	    "gas_basis", f->gas_mass ? "kg of gas" : "kg CO2e of gas",
	    "gwp_set", f->gwp_set, "region", f->region, "year", f->year,
	    "source_document", f->source, "publisher", f->publisher,
	    "edition_year", f->edition_year, "table", f->table,
	    "notes", f->notes ? f->notes : ""));
}

static int
api_factors(struct cd_req *r)
{
	struct cd_fset		*own = NULL;
	const struct cd_fset	*s;
	struct cd_tx		 tx;
	const char		*q, *cat, *id = r->params.value[0];
	char			 sid[96];
	long			 limit, offset, matched = 0;
	json_t			*arr;

	if (cd_query_long(r, "limit", 0, LIST_MAX, 100, &limit) != CD_OK ||
	    cd_query_long(r, "offset", 0, 1L << 30, 0, &offset) != CD_OK)
		return (CD_OK);
	/* A shipped set (GWP tables included), else one of the company's. */
	if ((s = cd_factors_set(id)) == NULL) {
		if (cd_tx_begin(&tx, r->company) == CD_OK)
			s = own = cd_factors_company(&tx, id, sid, sizeof(sid));
		cd_tx_end(&tx, 0);
		if (tx.unavailable)
			return (cd_tx_respond(r, &tx));
	}
	if (s == NULL)
		return (cd_req_respond_error(r, 404, "not_found", "no such "
		    "factor set; GET /api/factor-sets lists them", NULL));
	q = cd_http_query(r, "q");
	cat = cd_http_query(r, "category");
	arr = json_array();
	for (size_t i = 0; i < s->nrows; i++) {
		const struct cd_factor *f = &s->rows[i];
		if (cat != NULL && *cat && strcmp(f->category, cat) != 0)
			continue;
		if (q != NULL && *q && strcasestr(f->id, q) == NULL &&
		    strcasestr(f->activity, q) == NULL)
			continue;
		if (matched++ >= offset && (long)json_array_size(arr) < limit)
			json_array_append_new(arr, factor_json(f));
	}
	json_t *body = json_pack("{s:s, s:I, s:o}", "set", s->id,
	    "total", (json_int_t)matched, "factors", arr);
	cd_factors_set_free(own);
	return (cd_req_respond_json(r, 200, body));
}

/* ---- POST /api/factor-sets?name=N ---- */

/* The header must name the columns in order; else msg says which not. */
static int
header_ok(const struct cd_csv *c, char *msg, size_t len)
{
	size_t	l;
	int	ok = c->nfields == 19;

	l = (size_t)snprintf(msg, len, "the header must be the columns of "
	    "conf/factors/README.md in order; missing or misplaced:");
	for (int i = 0; columns[i] != NULL; i++)
		if (i >= c->nfields || strcmp(c->field[i], columns[i]) != 0) {
			ok = 0;
			l += (size_t)snprintf(msg + l, l < len ? len - l : 0,
			    " %s", columns[i]);
		}
	return (ok);
}

struct upload {
	struct cd_req	*r;
	struct cd_tx	*tx;		/* NULL: only check the rows */
	char		 set[96];
	int		 n;
	const char	*code;		/* when refused */
	char		 msg[512];
};

/* Check one row (no transaction yet) or insert it. */
static int
upload_row(struct upload *u, const struct cd_csv *c)
{
	struct cd_factor	 f;
	const char		*p[18];
	char			*err = NULL;

	if (u->tx == NULL) {
		if (strchr(c->field[0], '/') != NULL && c->nfields > 11 &&
		    c->field[11][0] != '\0' &&
		    cd_factors_parse_row(&f, c, &err) == 0) {
			cd_factor_row_free(&f);
			return (CD_OK);
		}
		u->code = "invalid_row";
		snprintf(u->msg, sizeof(u->msg), "line %lld: %s", c->line,
		    err ? err : "id must be <path>/<unit> and year given");
		free(err);
		return (CD_EINVAL);
	}
	p[0] = u->r->company;
	p[1] = u->set;
	for (int i = 0; i < 16; i++)	/* id .. table */
		p[2 + i] = c->field[i][0] ? c->field[i] : NULL;
	return (cd_tx_run(u->tx, "INSERT INTO company_factors (company_id, "
	    "set_id, id, category, activity, unit, co2e_kg_per_unit, co2_kg, "
	    "ch4_kg, n2o_kg, gas_basis, gwp_set, region, year, "
	    "source_document, publisher, edition_year, \"table\") VALUES ($1, "
	    "$2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, ''), $12, $13, "
	    "$14, $15, $16, $17, $18)", 18, p));
}

/* Every data row of the body through upload_row; u->n counts them. */
static int
upload_scan(struct upload *u)
{
	struct cd_csv	*c = cd_malloc(sizeof(*c));
	const char	*at = u->r->body;
	size_t		 left = u->r->body_len, used;
	int		 header = 1, rc = CD_OK;

	u->n = 0;
	cd_csv_init(c, 1);
	for (; rc == CD_OK; at += used, left -= used) {
		if (!cd_csv_feed(c, at, left, &used) && !cd_csv_finish(c))
			break;
		if (cd_csv_blank(c))
			continue;
		if (header) {
			header = 0;
			if (!header_ok(c, u->msg, sizeof(u->msg))) {
				u->code = "invalid_header";
				rc = CD_EINVAL;
			}
			continue;
		}
		if (++u->n > UPLOAD_ROWS_MAX) {
			u->code = "too_many_rows";
			snprintf(u->msg, sizeof(u->msg), "a set holds at most "
			    "%d rows", UPLOAD_ROWS_MAX);
			rc = CD_EINVAL;
		} else
			rc = upload_row(u, c);
	}
	free(c);
	if (rc == CD_OK && u->n == 0) {
		u->code = "invalid_row";
		snprintf(u->msg, sizeof(u->msg), "the set has no rows");
		rc = CD_EINVAL;
	}
	return (rc);
}

/* The set row under the next version of name, then every row. */
static int
upload_store(struct upload *u, const char *name, const char *sum,
    int *version)
{
	PGresult	*res;
	char		 ver[16], rows[16];
	const char	*p[7] = { u->r->company, u->set, name, ver, rows, sum,
			    u->r->user };
	json_t		*d;
	int		 rc;

	if ((res = (PGresult *)cd_tx_exec_fixed(u->tx, "SELECT coalesce(max("
	    "version), 0) + 1 FROM company_factor_sets WHERE name = $1", 1,
	    &p[2])) == NULL)
		return (CD_ERR);
	*version = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	snprintf(u->set, sizeof(u->set), "%s@v%d", name, *version);
	snprintf(ver, sizeof(ver), "%d", *version);
	snprintf(rows, sizeof(rows), "%d", u->n);
	/* The set row first: the rows' foreign key names it. */
	if (cd_tx_run(u->tx, "INSERT INTO company_factor_sets (company_id, id, "
	    "name, version, rows, sha256, created_by) VALUES ($1, $2, $3, $4, "
	    "$5, $6, $7)", 7, p) != CD_OK || upload_scan(u) != CD_OK)
		return (CD_ERR);
	d = json_pack("{s:s, s:i, s:s}", "set", u->set, "rows", u->n,
	    "sha256", sum);
	rc = cd_audit(u->tx, u->r, u->r->company, "factor_set.upload", u->set,
	    d);
	json_decref(d);
	return (rc);
}

/* Check every row before the first insert, so a refusal names the first
   bad line; then store the set and its rows in one transaction. */
static int
api_upload(struct cd_req *r)
{
	struct upload	 u = { .r = r };
	struct cd_tx	 tx;
	const char	*name = cd_http_query(r, "name");
	char		 sum[65];
	int		 version = 0, rc;

	if (name == NULL || *name == '\0' || *name == '-' || strlen(name) >
	    63 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(name))
		return (cd_req_respond_error(r, 422, "invalid_field", "name "
		    "must be 1 to 63 of [a-z0-9-], not starting with '-'",
		    "name"));
	if (r->body_len == 0)
		return (cd_req_respond_error(r, 422, "body_required", "send "
		    "the factor set as a text/csv body", NULL));
	if (upload_scan(&u) != CD_OK)
		return (cd_req_respond_error(r, 422, u.code, u.msg, NULL));
	cd_sha256_hex(r->body, r->body_len, sum);
	u.tx = &tx;
	rc = cd_tx_begin(&tx, r->company);
	if (rc == CD_OK)
		rc = upload_store(&u, name, sum, &version);
	if (cd_tx_end(&tx, rc == CD_OK) == CD_OK && rc == CD_OK)
		return (cd_req_respond_json(r, 201, json_pack("{s:s, s:s, s:i, "
		    "s:i, s:s}", "id", u.set, "name", name, "version", version,
		    "rows", u.n, "sha256", sum)));
	if (!tx.unavailable && strcmp(tx.sqlstate, "23505") == 0)
		return (cd_req_respond_error(r, 409, "conflict", "another "
		    "upload of this set finished first, or two rows share an "
		    "id; send it again", NULL));
	if (!tx.unavailable && strncmp(tx.sqlstate, "22", 2) == 0)
		return (cd_req_respond_error(r, 422, "invalid_row", "a value "
		    "does not fit its column", NULL));
	return (cd_tx_respond(r, &tx));
}

const struct cd_route cd_factor_routes[] = {
	CD_ROUTE("GET", "/api/factor-sets", CD_ROLE_VIEWER, api_sets),
	CD_ROUTE("GET", "/api/factor-sets/{id}/factors", CD_ROLE_VIEWER,
	    api_factors),
	{ .size = sizeof(struct cd_route), .method = "POST",
	  .pattern = "/api/factor-sets", .min_role = CD_ROLE_EDITOR,
	  .body_limit = 16 << 20, .flags = CD_ROUTE_RAW_BODY,
	  .handler = api_upload },
	CD_ROUTE_END
};
