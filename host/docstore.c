/*
 * The documents service behind the table (doc_put, doc_get, doc_delete,
 * doc_list): the arguments and the document are checked here, once, so
 * both backends accept and refuse exactly the same calls; then the call
 * goes to the backend the configuration names (docstore: postgres, the
 * JSONB table in docstore_pg.c, or mongodb, docstore_mongo.c).
 */
#include <stdint.h>
#include <string.h>

#include "cd.h"

static const struct cd_docstore	*store = &cd_docstore_pg;

/* Pick the backend; the master calls it once, before the first fork. */
int
cd_docs_init(const struct cd_config *c, char **err)
{
	if (c->docstore != CD_DOCSTORE_MONGODB) {
		store = &cd_docstore_pg;
		return (CD_OK);
	}
	if (cd_mongo_init(c, err) != CD_OK)
		return (CD_EINVAL);
	store = &cd_docstore_mongo;
	return (CD_OK);
}

const char *
cd_docs_backend(void)
{
	return (store->name);
}

/* In each worker, after the fork and before the first request. */
int
cd_docs_worker_start(void)
{
	return (store == &cd_docstore_mongo ? cd_mongo_worker_start() : CD_OK);
}

/* In each worker, once no request is left. */
void
cd_docs_worker_stop(void)
{
	if (store == &cd_docstore_mongo)
		cd_mongo_worker_stop();
}

void
cd_docs_cleanup(void)
{
	if (store == &cd_docstore_mongo)
		cd_mongo_cleanup();
	store = &cd_docstore_pg;
}

/* Is s UTF-8?  (PostgreSQL's text refuses anything else.) */
static int
docs_utf8(const char *s)
{
	json_t	*t;

	if ((t = json_string(s)) == NULL)
		return (0);
	json_decref(t);
	return (1);
}

static int
docs_args(const struct cd_req *r, const char *collection, const char *id)
{
	size_t	n;

	if (r->company[0] == '\0')
		return (CD_EPERM);
	if (collection == NULL || (n = strlen(collection)) == 0 || n > 64 ||
	    strspn(collection, "abcdefghijklmnopqrstuvwxyz0123456789_.") != n)
		return (CD_EINVAL);
	if (id != NULL && ((n = strlen(id)) == 0 || n > 128 || !docs_utf8(id)))
		return (CD_EINVAL);
	return (CD_OK);
}

/*
 * A value both backends store as it is: nested at most CD_DOC_DEPTH_MAX
 * deep (the document itself is level 1), no NUL in a string or a key
 * (PostgreSQL's JSONB refuses \u0000; BSON keys cannot hold one).
 */
static int
docs_value_ok(const json_t *v, int depth)
{
	const char	*key;
	size_t		 klen, i;
	json_t		*m;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (depth > CD_DOC_DEPTH_MAX)
			return (0);
		json_object_keylen_foreach((json_t *)v, key, klen, m)
			if (memchr(key, '\0', klen) != NULL ||
			    !docs_value_ok(m, depth + 1))
				return (0);
		return (1);
	case JSON_ARRAY:
		if (depth > CD_DOC_DEPTH_MAX)
			return (0);
		json_array_foreach(v, i, m)
			if (!docs_value_ok(m, depth + 1))
				return (0);
		return (1);
	case JSON_STRING:
		return (memchr(json_string_value(v), '\0',
		    json_string_length(v)) == NULL);
	default:
		return (1);
	}
}

/* Is doc a document both backends store as it is? */
int
cd_docs_doc_valid(const json_t *doc)
{
	return (json_is_object(doc) && docs_value_ok(doc, 1));
}

int
cd_docs_put(struct cd_req *r, const char *collection, const char *id,
    const json_t *doc)
{
	int	rc;

	if ((rc = docs_args(r, collection, id)) != CD_OK)
		return (rc);
	if (!cd_docs_doc_valid(doc))
		return (CD_EINVAL);
	return (store->put(r, collection, id, doc));
}

int
cd_docs_get(struct cd_req *r, const char *collection, const char *id,
    json_t **doc)
{
	int	rc;

	*doc = NULL;
	if ((rc = docs_args(r, collection, id)) != CD_OK)
		return (rc);
	return (store->get(r, collection, id, doc));
}

int
cd_docs_delete(struct cd_req *r, const char *collection, const char *id)
{
	int	rc;

	if ((rc = docs_args(r, collection, id)) != CD_OK)
		return (rc);
	return (store->del(r, collection, id));
}

int
cd_docs_list(struct cd_req *r, const char *collection, size_t limit,
    size_t offset, json_t **docs)
{
	int	rc;

	*docs = NULL;
	if ((rc = docs_args(r, collection, NULL)) != CD_OK)
		return (rc);
	/* The offset is a bigint in SQL and an int64 skip in MongoDB. */
	if (limit == 0 || limit > 1000 || offset > (size_t)INT64_MAX)
		return (CD_EINVAL);
	return (store->list(r, collection, limit, offset, docs));
}
