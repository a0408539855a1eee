/*
 * The documents service on PostgreSQL JSONB: one row per (company,
 * collection, id), row-level security keeping each company to its own
 * rows.  docstore.c has checked the arguments; docstore_mongo.c is the
 * other backend behind the same struct cd_docstore.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"

static int
docs_end(struct cd_tx *tx, int commit)
{
	int	rc = cd_tx_end(tx, commit);

	if (rc != CD_OK)
		cd_log(CD_LOG_ERROR, "documents: %s", tx->err ? tx->err : "");
	cd_tx_cleanup(tx);
	return (rc == CD_OK ? CD_OK : rc == CD_EUNAVAIL ? CD_EUNAVAIL :
	    CD_EINVAL);
}

static int
pg_put(struct cd_req *r, const char *collection, const char *id,
    const json_t *doc)
{
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*d;
	char		*text;

	if ((text = json_dumps(doc, JSON_COMPACT)) == NULL)
		return (CD_EINVAL);
	const char *p[4] = { r->company, collection, id, text };
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "INSERT INTO documents (company_id, "
	    "collection, id, doc) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT "
	    "(company_id, collection, id) DO UPDATE SET doc = EXCLUDED.doc, "
	    "updated_at = now()", 4, p)) != NULL) {
		PQclear(res);
		d = json_pack("{s:s}", "collection", collection);
		(void)cd_audit(&tx, r, r->company, "document.put", id, d);
		json_decref(d);
	}
	free(text);
	return (docs_end(&tx, 1));
}

/*
 * A stored document back as JSON.  JSONB keeps one number type and
 * prints a real such as 1e20 as 100000000000000000000, which jansson
 * refuses as an integer too big for it: such a document is read with
 * every number as a real rather than not at all.  NULL only when the
 * text does not parse.
 */
static json_t *
pg_doc(const char *text, const char *id)
{
	json_t	*doc;

	if ((doc = json_loads(text, 0, NULL)) != NULL)
		return (doc);
	if ((doc = json_loads(text, JSON_DECODE_INT_AS_REAL, NULL)) != NULL)
		cd_log(CD_LOG_WARN, "documents: '%s' holds a number JSONB "
		    "prints as an integer beyond 64 bits; its numbers are read "
		    "as reals", id);
	else
		cd_log(CD_LOG_ERROR, "documents: '%s' does not parse", id);
	return (doc);
}

static int
pg_get(struct cd_req *r, const char *collection, const char *id,
    json_t **doc)
{
	struct cd_tx	 tx;
	PGresult	*res;
	int		 rc, found;

	const char *p[2] = { collection, id };
	found = 0;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT doc FROM documents WHERE "
	    "collection = $1 AND id = $2", 2, p)) != NULL) {
		if ((found = PQntuples(res) == 1))
			*doc = pg_doc(PQgetvalue(res, 0, 0), id);
		PQclear(res);
	}
	if ((rc = docs_end(&tx, 0)) != CD_OK) {
		json_decref(*doc);
		*doc = NULL;
		return (rc);
	}
	if (!found)
		return (CD_ENOTFOUND);
	return (*doc ? CD_OK : CD_EINVAL);
}

static int
pg_delete(struct cd_req *r, const char *collection, const char *id)
{
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*d;
	int		 rc, n;

	const char *p[2] = { collection, id };
	n = 0;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "DELETE FROM documents WHERE collection = "
	    "$1 AND id = $2", 2, p)) != NULL) {
		n = atoi(PQcmdTuples(res));
		PQclear(res);
		if (n > 0) {
			d = json_pack("{s:s}", "collection", collection);
			(void)cd_audit(&tx, r, r->company, "document.delete",
			    id, d);
			json_decref(d);
		}
	}
	if ((rc = docs_end(&tx, 1)) != CD_OK)
		return (rc);
	return (n > 0 ? CD_OK : CD_ENOTFOUND);
}

static int
pg_list(struct cd_req *r, const char *collection, size_t limit,
    size_t offset, json_t **docs)
{
	struct cd_tx	 tx;
	PGresult	*res;
	char		 lim[24], off[24];
	int		 rc;

	snprintf(lim, sizeof(lim), "%zu", limit);
	snprintf(off, sizeof(off), "%zu", offset);
	const char *p[3] = { collection, lim, off };
	*docs = json_array();
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT id, doc FROM documents WHERE "
	    "collection = $1 ORDER BY id LIMIT $2::bigint OFFSET $3::bigint",
	    3, p)) != NULL) {
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(*docs, json_pack("{s:s, s:o?}",
			    "id", PQgetvalue(res, i, 0), "doc",
			    pg_doc(PQgetvalue(res, i, 1),
			    PQgetvalue(res, i, 0))));
		PQclear(res);
	}
	if ((rc = docs_end(&tx, 0)) != CD_OK) {
		json_decref(*docs);
		*docs = NULL;
	}
	return (rc);
}

const struct cd_docstore cd_docstore_pg = {
	.name = "postgres",
	.put = pg_put,
	.get = pg_get,
	.del = pg_delete,
	.list = pg_list,
};
