/*
 * The documents service on PostgreSQL JSONB: one row per (company,
 * collection, id).  The interface (cd_docs_*) is the one a MongoDB
 * backend implements in docstore_mongo.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"

static int
docs_args(const struct cd_req *r, const char *collection, const char *id)
{
	size_t	n;

	if (r->company[0] == '\0')
		return (CD_EPERM);
	if (collection == NULL || (n = strlen(collection)) == 0 || n > 64 ||
	    strspn(collection, "abcdefghijklmnopqrstuvwxyz0123456789_.") != n)
		return (CD_EINVAL);
	if (id != NULL && ((n = strlen(id)) == 0 || n > 128))
		return (CD_EINVAL);
	return (CD_OK);
}

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

int
cd_docs_put(struct cd_req *r, const char *collection, const char *id,
    const json_t *doc)
{
	struct cd_tx	 tx;
	PGresult	*res;
	char		*text;
	int		 rc;

	if ((rc = docs_args(r, collection, id)) != CD_OK)
		return (rc);
	if (!json_is_object(doc) || (text = json_dumps(doc, JSON_COMPACT)) ==
	    NULL)
		return (CD_EINVAL);
	const char *p[4] = { r->company, collection, id, text };
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "INSERT INTO documents (company_id, "
	    "collection, id, doc) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT "
	    "(company_id, collection, id) DO UPDATE SET doc = EXCLUDED.doc, "
	    "updated_at = now()", 4, p)) != NULL) {
		PQclear(res);
		(void)cd_audit(&tx, r, r->company, "document.put", id,
		    json_pack("{s:s}", "collection", collection));
	}
	free(text);
	return (docs_end(&tx, 1));
}

int
cd_docs_get(struct cd_req *r, const char *collection, const char *id,
    json_t **doc)
{
	struct cd_tx	 tx;
	PGresult	*res;
	int		 rc;

	*doc = NULL;
	if ((rc = docs_args(r, collection, id)) != CD_OK)
		return (rc);
	const char *p[2] = { collection, id };
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT doc FROM documents WHERE "
	    "collection = $1 AND id = $2", 2, p)) != NULL) {
		if (PQntuples(res) == 1)
			*doc = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
		PQclear(res);
	}
	if ((rc = docs_end(&tx, 0)) != CD_OK) {
		json_decref(*doc);
		*doc = NULL;
		return (rc);
	}
	return (*doc ? CD_OK : CD_ENOTFOUND);
}

int
cd_docs_delete(struct cd_req *r, const char *collection, const char *id)
{
	struct cd_tx	 tx;
	PGresult	*res;
	int		 rc, n;

	if ((rc = docs_args(r, collection, id)) != CD_OK)
		return (rc);
	const char *p[2] = { collection, id };
	n = 0;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "DELETE FROM documents WHERE collection = "
	    "$1 AND id = $2", 2, p)) != NULL) {
		n = atoi(PQcmdTuples(res));
		PQclear(res);
		if (n > 0)
			(void)cd_audit(&tx, r, r->company, "document.delete", id,
			    json_pack("{s:s}", "collection", collection));
	}
	if ((rc = docs_end(&tx, 1)) != CD_OK)
		return (rc);
	return (n > 0 ? CD_OK : CD_ENOTFOUND);
}

int
cd_docs_list(struct cd_req *r, const char *collection, size_t limit,
    size_t offset, json_t **docs)
{
	struct cd_tx	 tx;
	PGresult	*res;
	char		 lim[24], off[24];
	int		 rc;

	*docs = NULL;
	if ((rc = docs_args(r, collection, NULL)) != CD_OK)
		return (rc);
	if (limit == 0 || limit > 1000)
		return (CD_EINVAL);
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
			    json_loads(PQgetvalue(res, i, 1), 0, NULL)));
		PQclear(res);
	}
	if ((rc = docs_end(&tx, 0)) != CD_OK) {
		json_decref(*docs);
		*docs = NULL;
	}
	return (rc);
}
