/*
 * CSV imports and jobs over REST.
 *
 *   POST /api/activities/import      text/csv body (streamed to disk, at
 *        most import_max_bytes), optional Idempotency-Key header.  202
 *        with the job; the same key again with the same file answers
 *        200 with the first job and stores nothing, with another file
 *        422 idempotency_key_reused.  A header without the required columns
 *        is 422 naming them, as is one naming a column twice; column
 *        names are read without case, surrounding spaces or a BOM.
 *   GET  /api/activities/import/template   the columns, with examples
 *   GET  /api/jobs/{id}              state, total, processed, rejected,
 *        progress and the first 1000 rejections {row, field, code,
 *        message}; row is the CSV line number (the header is line 1)
 *   GET  /api/jobs/{id}/rejections   every rejection, as CSV
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

static const char *const required[] = { "category", "activity", "quantity",
    "unit", "period_start", "period_end", NULL };

static const char template_csv[] =
    "category,activity,quantity,unit,period_start,period_end,facility_id,"
    "factor_set,gwp,method,supplier_factor\r\n"
    "stationary_combustion,natural_gas,12500,kWh,2024-01-01,2024-01-31,,,,"
    ",\r\n"
    "electricity,grid_electricity,8200,kWh,2024-01-01,2024-01-31,,,,,"
    "\r\n"
    "mobile_combustion,diesel,640,l,2024-01-01,2024-01-31,,desnz-2024,AR6,"
    ",\r\n";

/* The header names the required columns?  Else msg says which miss. */
static int
header_check(const char *path, char *msg, size_t len)
{
	struct cd_csv	*c;
	char		 buf[16384];
	ssize_t		 n;
	size_t		 used, l;
	int		 fd, ok = 1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = read(fd, buf, sizeof(buf));
	(void)close(fd);
	c = cd_malloc(sizeof(*c));
	cd_csv_init(c, 1);
	if (n <= 0 || (!cd_csv_feed(c, buf, (size_t)n, &used) &&
	    !cd_csv_finish(c))) {
		snprintf(msg, len, "the CSV has no header line");
		free(c);
		return (-1);
	}
	if (cd_import_header(c, msg, len) != 0) {
		free(c);
		return (-1);
	}
	l = (size_t)snprintf(msg, len, "the header misses the columns:");
	for (int i = 0; required[i] != NULL; i++) {
		int found = 0;
		for (int f = 0; f < c->nfields && !found; f++)
			found = strcmp(c->field[f], required[i]) == 0;
		if (!found) {
			ok = 0;
			l += (size_t)snprintf(msg + l, l < len ? len - l : 0,
			    " %s", required[i]);
		}
	}
	free(c);
	return (ok ? 0 : -1);
}

static json_t *
job_json(struct cd_tx *tx, const char *id, int with_rejections)
{
	PGresult	*res;
	const char	*p[1] = { id };
	json_t		*j;
	double		 total, done;

	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT kind, state, "
	    "coalesce(total, 0), processed, rejected, coalesce(error, ''), "
	    "coalesce(idempotency_key, ''), to_char(created_at, "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS.MSZ'), to_char(updated_at, "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS.MSZ') FROM jobs WHERE id = $1", 1, p);
	if (res == NULL || PQntuples(res) != 1) {
		if (res != NULL)
			PQclear(res);
		return (NULL);
	}
	total = atof(PQgetvalue(res, 0, 2));
	done = atof(PQgetvalue(res, 0, 3)) + atof(PQgetvalue(res, 0, 4));
	j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:f, s:s?, s:s?, s:s, "
	    "s:s}", "id", id, "kind", PQgetvalue(res, 0, 0),
	    "state", PQgetvalue(res, 0, 1),
	    "total", (json_int_t)atoll(PQgetvalue(res, 0, 2)),
	    "processed", (json_int_t)atoll(PQgetvalue(res, 0, 3)),
	    "rejected", (json_int_t)atoll(PQgetvalue(res, 0, 4)),
	    "progress", strcmp(PQgetvalue(res, 0, 1), "done") == 0 ? 1.0 :
	    total > 0 ? (done < total ? done / total : 0.99) : 0.0,
	    "error", *PQgetvalue(res, 0, 5) ? PQgetvalue(res, 0, 5) : NULL,
	    "idempotency_key", *PQgetvalue(res, 0, 6) ? PQgetvalue(res, 0, 6) :
	    NULL, "created_at", PQgetvalue(res, 0, 7),
	    "updated_at", PQgetvalue(res, 0, 8));
	PQclear(res);
	if (!with_rejections || j == NULL)
		return (j);
	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT coalesce(json_agg("
	    "json_build_object('row', row_no, 'field', field, 'code', code, "
	    "'message', message) ORDER BY row_no), '[]') FROM (SELECT * FROM "
	    "job_rejections WHERE job_id = $1 ORDER BY row_no LIMIT 1000) r",
	    1, p);
	if (res == NULL) {
		json_decref(j);
		return (NULL);
	}
	json_object_set_new(j, "rejections", json_loads(PQgetvalue(res, 0, 0),
	    0, NULL));
	PQclear(res);
	return (j);
}

/*
 * An earlier job with this Idempotency-Key, as JSON, or NULL; *same says
 * whether its upload had this digest (a job from before digests has).
 */
static json_t *
job_by_key(struct cd_tx *tx, const char *key, const char *digest, int *same)
{
	PGresult	*res;
	const char	*p[1] = { key };
	char		 id[37];

	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT id, coalesce("
	    "upload_sha256, '') FROM jobs WHERE idempotency_key = $1", 1, p);
	if (res == NULL || PQntuples(res) != 1) {
		if (res != NULL)
			PQclear(res);
		return (NULL);
	}
	cd_strlcpy(id, PQgetvalue(res, 0, 0), sizeof(id));
	*same = *PQgetvalue(res, 0, 1) == '\0' ||
	    strcmp(PQgetvalue(res, 0, 1), digest) == 0;
	PQclear(res);
	return (job_json(tx, id, 0));
}

static int
api_import(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*key = cd_http_header(r, "Idempotency-Key"), *p[7];
	char		 msg[256], id[37], path[PATH_MAX], total[24], digest[65];
	json_t		*j;
	int		 ok, same, rc;

	if (r->spool[0] == '\0' || r->body_len == 0)
		return (cd_req_respond_error(r, 400, "body_required", "send the "
		    "activities as a text/csv body; GET /api/activities/import/"
		    "template gives the columns", NULL));
	if (key != NULL && (strlen(key) == 0 || strlen(key) > 128 ||
	    !cd_utf8_valid(key)))
		return (cd_req_respond_error(r, 422, "invalid_field",
		    "Idempotency-Key must be 1 to 128 bytes of UTF-8 text",
		    "Idempotency-Key"));
	/* Durable before acknowledged: the 202 promises the upload is kept. */
	if (fsync(r->spool_fd) == -1 || close(r->spool_fd) == -1) {
		r->spool_fd = -1;
		cd_log(CD_LOG_ERROR, "spool fsync: %s", strerror(errno));
		return (cd_req_respond_error(r, 503, "spool_unavailable",
		    "the upload could not be stored", NULL));
	}
	r->spool_fd = -1;
	if (header_check(r->spool, msg, sizeof(msg)) != 0)
		return (cd_req_respond_error(r, 422, "invalid_header", msg,
		    "header"));
	/* What the key stands for: this upload, and no other. */
	rc = cd_sha256_end(r->spool_sha, digest);
	r->spool_sha = NULL;
	if (key != NULL && rc != CD_OK) {
		cd_log(CD_LOG_ERROR, "spool digest: none was taken");
		return (cd_req_respond_error(r, 503, "spool_unavailable",
		    "the upload could not be stored", NULL));
	}
	if (cd_tx_begin(&tx, r->company) != CD_OK)
		return (cd_tx_respond(r, &tx));
	if (key != NULL && (j = job_by_key(&tx, key, digest, &same)) != NULL) {
		(void)cd_tx_end(&tx, 0);
		if (!same) {
			snprintf(msg, sizeof(msg), "this Idempotency-Key came "
			    "with another upload (job %s); nothing was stored: "
			    "send a new file with a new key", json_string_value(
			    json_object_get(j, "id")));
			json_decref(j);
			return (cd_req_respond_error(r, 422,
			    "idempotency_key_reused", msg, "Idempotency-Key"));
		}
		json_object_set_new(j, "replayed", json_true());
		return (cd_req_respond_json(r, 200, j));
	}
	cd_uuid(id);
	/* Data lines, for the progress bar until the job knows exactly. */
	snprintf(total, sizeof(total), "%lld", r->spool_lines > 0 ?
	    r->spool_lines - 1 : 0);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.csv",
	    cd_conf->spool_dir, id) >= sizeof(path) ||
	    rename(r->spool, path) == -1) {
		(void)cd_tx_end(&tx, 0);
		return (cd_req_respond_error(r, 503, "spool_unavailable",
		    "the upload could not be stored", NULL));
	}
	r->spool[0] = '\0';		/* the job owns it now */
	p[0] = id;
	p[1] = r->company;
	p[2] = total;
	p[3] = key;
	p[4] = r->user;
	p[5] = path;
	p[6] = key != NULL ? digest : NULL;
	ok = cd_tx_run(&tx, "INSERT INTO jobs (id, company_id, kind, state, "
	    "total, idempotency_key, created_by, spool, upload_sha256) "
	    "VALUES ($1, $2, 'import', 'queued', $3, $4, $5, $6, $7)", 7,
	    p) == CD_OK &&
	    cd_tx_run(&tx, "INSERT INTO job_queue (job_id, company_id) VALUES "
	    "($1, $2)", 2, p) == CD_OK && cd_audit(&tx, r, r->company, "activities.import", id,
	    NULL) == CD_OK;
	j = ok ? job_json(&tx, id, 0) : NULL;
	if (j == NULL || cd_tx_end(&tx, 1) != CD_OK) {
		json_decref(j);
		(void)cd_tx_end(&tx, 0);
		(void)unlink(path);
		/* Two uploads with one key at once: the other won. */
		if (key != NULL && strcmp(tx.sqlstate, "23505") == 0)
			return (cd_req_respond_error(r, 409, "conflict", "an "
			    "upload with this Idempotency-Key is being stored; "
			    "retry", "Idempotency-Key"));
		return (cd_tx_respond(r, &tx));
	}
	cd_import_kick();
	return (cd_req_respond_json(r, 202, j));
}

static int
api_template(struct cd_req *r)
{
	return (cd_req_respond_raw(r, 200, "text/csv; charset=utf-8",
	    template_csv, sizeof(template_csv) - 1));
}

static int
api_job(struct cd_req *r)
{
	struct cd_tx	 tx;
	json_t		*j = NULL;
	const char	*id = r->params.value[0];

	if (!cd_uuid_valid(id))
		return (cd_req_respond_error(r, 404, "not_found", "no such job",
		    NULL));
	if (cd_tx_begin(&tx, r->company) == CD_OK)
		j = job_json(&tx, id, 1);
	(void)cd_tx_end(&tx, 0);
	if (tx.failed)
		return (cd_tx_respond(r, &tx));
	if (j == NULL)
		return (cd_req_respond_error(r, 404, "not_found", "no such job",
		    NULL));
	return (cd_req_respond_json(r, 200, j));
}

static int
api_rejections(struct cd_req *r)
{
	struct cd_tx	 tx;
	struct cd_buf	 b = { 0 };
	PGresult	*res;
	const char	*p[1] = { r->params.value[0] };

	if (!cd_uuid_valid(p[0]))
		return (cd_req_respond_error(r, 404, "not_found", "no such job",
		    NULL));
	/* The job's row first: an unknown job is 404, not an empty list. */
	if (cd_tx_begin(&tx, r->company) != CD_OK || (res = (PGresult *)
	    cd_tx_exec_fixed(&tx, "SELECT row_no, coalesce(field, ''), code, "
	    "message FROM jobs j LEFT JOIN job_rejections x ON x.job_id = j.id "
	    "WHERE j.id = $1 ORDER BY row_no", 1, p)) == NULL) {
		(void)cd_tx_end(&tx, 0);
		return (cd_tx_respond(r, &tx));
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		(void)cd_tx_end(&tx, 0);
		return (cd_req_respond_error(r, 404, "not_found", "no such job",
		    NULL));
	}
	cd_buf_add(&b, "row,field,code,message\r\n", 24);
	for (int i = 0; i < PQntuples(res); i++)
		for (int f = 0; f < 4 && !PQgetisnull(res, i, 2); f++)
			cd_buf_csv(&b, PQgetvalue(res, i, f), f == 3);
	PQclear(res);
	(void)cd_tx_end(&tx, 0);
	cd_req_respond_raw(r, 200, "text/csv; charset=utf-8", b.p, b.len);
	cd_buf_free(&b);
	return (CD_OK);
}

const struct cd_route cd_job_routes[] = {
	{ .size = sizeof(struct cd_route), .method = "POST",
	  .pattern = "/api/activities/import", .min_role = CD_ROLE_EDITOR,
	  .body_limit = (size_t)1 << 30,
	  .flags = CD_ROUTE_RAW_BODY | CD_ROUTE_SPOOL, .handler = api_import },
	CD_ROUTE("GET", "/api/activities/import/template", CD_ROLE_VIEWER,
	    api_template),
	CD_ROUTE("GET", "/api/jobs/{id}", CD_ROLE_VIEWER, api_job),
	CD_ROUTE("GET", "/api/jobs/{id}/rejections", CD_ROLE_VIEWER,
	    api_rejections),
	CD_ROUTE_END
};
