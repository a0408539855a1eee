/*
 * The documents service on MongoDB (mongo-c-driver), chosen with
 * `docstore: mongodb` and `mongo_url`.  docstore.c has checked the
 * arguments and the document, as it does for the JSONB backend
 * (docstore_pg.c), whose behaviour this one follows call for call.
 *
 * Layout: one MongoDB collection, "documents", in the database the URL
 * names (carbon_depict when it names none), one record per (company,
 * collection, id) as {company_id, collection, id, doc, updated_at},
 * unique on those three: the JSONB table's rows.  MongoDB has no
 * row-level security, so the company is written here: every record and
 * every filter is built by cd_mongo_filter, which starts with it.
 *
 * Clients: a mongoc client and its sockets do not survive fork(), so the
 * master only parses the URL and each worker makes its own
 * mongoc_client_pool_t after the fork.  Each call pops a client, uses it
 * and pushes it back.  A mongoc_client_t is not thread-safe and each HTTP
 * thread holds at most one at a time, so the pool keeps at most
 * `threads` warm clients whose connections are reused, and nothing is
 * tied to a thread's life: draining a worker destroys the pool, that is
 * all.  (One client per worker would need a lock around every call and
 * serialise the threads; a client kept per thread would need cleaning
 * up when libmicrohttpd's threads end.)
 *
 * Audit: the audit log stays in PostgreSQL.  A write opens a transaction
 * and inserts its audit row first, then writes to MongoDB, then commits
 * only if the write succeeded (a delete, only if it removed a document),
 * so no audit row exists for a write that did not happen.  A commit that
 * fails after the write is logged as such: that is the one window where
 * a write and its audit row can part.  Reads do not touch PostgreSQL.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mongoc/mongoc.h>

#include "cd.h"
#include "bson_json.h"
#include "docstore_mongo.h"

#define MONGO_DEFAULT_DB	"carbon_depict"
#define MONGO_WAIT_MS		2000	/* server selection, connect */

static mongoc_uri_t		*uri;		/* the master's */
static char			 dbname[65];
static int			 driver_up;	/* mongoc_init() done */
static mongoc_client_pool_t	*pool;		/* this worker's */
static atomic_int		 indexed;	/* the unique index exists */

/* libmongoc's own warnings and errors, into the host's log. */
static void
mongo_log(mongoc_log_level_t level, const char *domain, const char *msg,
    void *arg)
{
	(void)arg;
	if (level <= MONGOC_LOG_LEVEL_WARNING)
		cd_log(level == MONGOC_LOG_LEVEL_WARNING ? CD_LOG_WARN :
		    CD_LOG_ERROR, "mongoc %s: %s", domain, msg);
}

static int
uri_default(const char *option, int32_t value)
{
	if (mongoc_uri_has_option(uri, option))
		return (1);
	return (mongoc_uri_set_option_as_int32(uri, option, value));
}

/* The master, before the first fork (and `carbon-depict -t`). */
int
cd_mongo_init(const struct cd_config *c, char **err)
{
	bson_error_t	 e;
	const char	*db;

	if (!driver_up) {
		mongoc_init();
		mongoc_log_set_handler(mongo_log, NULL);
		driver_up = 1;
	}
	mongoc_uri_destroy(uri);
	if ((uri = mongoc_uri_new_with_error(c->mongo_url, &e)) == NULL) {
		*err = cd_asprintf("mongo_url is not a MongoDB URL: %s",
		    e.message);
		return (CD_EINVAL);
	}
	if ((db = mongoc_uri_get_database(uri)) == NULL)
		db = MONGO_DEFAULT_DB;
	if (cd_strlcpy(dbname, db, sizeof(dbname)) >= sizeof(dbname)) {
		*err = cd_asprintf("mongo_url: the database name is longer "
		    "than %zu bytes", sizeof(dbname) - 1);
		goto fail;
	}
	/* Bounded waits unless the URL sets its own: 503 soon, not in 30 s. */
	if (!uri_default(MONGOC_URI_SERVERSELECTIONTIMEOUTMS, MONGO_WAIT_MS) ||
	    !uri_default(MONGOC_URI_CONNECTTIMEOUTMS, MONGO_WAIT_MS) ||
	    !uri_default(MONGOC_URI_SOCKETTIMEOUTMS, c->db_timeout_ms) ||
	    (!mongoc_uri_has_option(uri, MONGOC_URI_APPNAME) &&
	    !mongoc_uri_set_appname(uri, "carbon-depict"))) {
		*err = cd_strdup("mongo_url: its options cannot be completed");
		goto fail;
	}
	return (CD_OK);

fail:
	mongoc_uri_destroy(uri);
	uri = NULL;
	return (CD_EINVAL);
}

/* In a worker, after the fork. */
int
cd_mongo_worker_start(void)
{
	bson_error_t	e;

	if (uri == NULL)
		return (CD_EINVAL);
	if ((pool = mongoc_client_pool_new_with_error(uri, &e)) == NULL) {
		cd_log(CD_LOG_ERROR, "documents (mongodb): %s", e.message);
		return (CD_ERR);
	}
	if (!mongoc_client_pool_set_error_api(pool,
	    MONGOC_ERROR_API_VERSION_2)) {
		mongoc_client_pool_destroy(pool);
		pool = NULL;
		return (CD_ERR);
	}
	atomic_store(&indexed, 0);
	cd_log(CD_LOG_INFO, "documents: MongoDB database %s", dbname);
	return (CD_OK);
}

void
cd_mongo_worker_stop(void)
{
	if (pool != NULL)
		mongoc_client_pool_destroy(pool);
	pool = NULL;
}

/* The driver's own globals stay until exit: mongoc_init runs only once. */
void
cd_mongo_cleanup(void)
{
	cd_mongo_worker_stop();
	mongoc_uri_destroy(uri);
	uri = NULL;
}

int
cd_mongo_filter(bson_t *f, const char *company, const char *collection,
    const char *id)
{
	bson_init(f);
	if (!BSON_APPEND_UTF8(f, "company_id", company) ||
	    !BSON_APPEND_UTF8(f, "collection", collection) ||
	    (id != NULL && !BSON_APPEND_UTF8(f, "id", id)))
		return (CD_EINVAL);
	return (CD_OK);
}

int
cd_mongo_record(bson_t *rec, const char *company, const char *collection,
    const char *id, const json_t *doc, int64_t at_ms)
{
	if (cd_mongo_filter(rec, company, collection, id) != CD_OK ||
	    cd_bson_append_json(rec, "doc", doc) != CD_OK ||
	    !BSON_APPEND_DATE_TIME(rec, "updated_at", at_ms) ||
	    rec->len > CD_MONGO_DOC_MAX)
		return (CD_EINVAL);
	return (CD_OK);
}

/* Log e; CD_EUNAVAIL when MongoDB cannot be reached, else CD_EINVAL. */
static int
mongo_error(const char *what, const bson_error_t *e)
{
	cd_log(CD_LOG_ERROR, "documents (mongodb): %s: %s", what, e->message);
	if (e->domain == MONGOC_ERROR_SERVER_SELECTION ||
	    e->domain == MONGOC_ERROR_STREAM || (e->domain ==
	    MONGOC_ERROR_CLIENT && e->code == MONGOC_ERROR_CLIENT_AUTHENTICATE))
		return (CD_EUNAVAIL);
	return (CD_EINVAL);
}

/* The unique index, made once per worker before its first call goes on. */
static int
mongo_index(mongoc_client_t *client)
{
	bson_t		*cmd, reply;
	bson_error_t	 e;
	bool		 ok;

	if (atomic_load(&indexed))
		return (CD_OK);
	cmd = BCON_NEW("createIndexes", BCON_UTF8(CD_MONGO_COLLECTION),
	    "indexes", "[", "{", "key", "{", "company_id", BCON_INT32(1),
	    "collection", BCON_INT32(1), "id", BCON_INT32(1), "}",
	    "name", BCON_UTF8(CD_MONGO_INDEX), "unique", BCON_BOOL(true),
	    "}", "]");
	ok = mongoc_client_write_command_with_opts(client, dbname, cmd, NULL,
	    &reply, &e);
	bson_destroy(&reply);
	bson_destroy(cmd);
	if (!ok)
		return (mongo_error("createIndexes", &e));
	atomic_store(&indexed, 1);
	return (CD_OK);
}

static int
mongo_open(mongoc_client_t **client, mongoc_collection_t **coll)
{
	int	rc;

	if (pool == NULL || (*client = mongoc_client_pool_pop(pool)) == NULL) {
		cd_log(CD_LOG_ERROR, "documents (mongodb): no client");
		return (CD_EUNAVAIL);
	}
	if ((rc = mongo_index(*client)) != CD_OK) {
		mongoc_client_pool_push(pool, *client);
		return (rc);
	}
	*coll = mongoc_client_get_collection(*client, dbname,
	    CD_MONGO_COLLECTION);
	return (CD_OK);
}

static void
mongo_close(mongoc_client_t *client, mongoc_collection_t *coll)
{
	mongoc_collection_destroy(coll);
	mongoc_client_pool_push(pool, client);
}

/* Open the transaction holding the write's audit row, row written. */
static int
audit_begin(struct cd_tx *tx, struct cd_req *r, const char *action,
    const char *collection, const char *id)
{
	json_t	*d;
	int	 rc;

	if (cd_tx_begin(tx, r->company) != CD_OK)
		return (CD_ERR);
	d = json_pack("{s:s}", "collection", collection);
	rc = cd_audit(tx, r, r->company, action, id, d);
	json_decref(d);
	return (rc == CD_OK ? CD_OK : CD_ERR);
}

/*
 * op: the MongoDB write's result (CD_ERR: audit_begin failed, nothing
 * written).  Commit when it is CD_OK, else roll back; the call's result.
 */
static int
audit_end(struct cd_tx *tx, int op)
{
	int	rc;

	if ((rc = cd_tx_end(tx, op == CD_OK)) != CD_OK) {
		cd_log(CD_LOG_ERROR, "documents: %s%s", op == CD_OK ?
		    "written to MongoDB, but its audit row was not: " : "",
		    tx->err ? tx->err : "");
		op = rc == CD_EUNAVAIL ? CD_EUNAVAIL : CD_EINVAL;
	}
	cd_tx_cleanup(tx);
	return (op == CD_ERR ? CD_EINVAL : op);
}

static int64_t
now_ms(void)
{
	return ((int64_t)(cd_now_real() * 1000.0));
}

static int
mongo_put(struct cd_req *r, const char *collection, const char *id,
    const json_t *doc)
{
	mongoc_client_t		*client;
	mongoc_collection_t	*coll;
	struct cd_tx		 tx;
	bson_t			 filter, rec, reply, *opts;
	bson_error_t		 e;
	bool			 ok;
	int			 rc, bad;

	bad = cd_mongo_filter(&filter, r->company, collection, id) != CD_OK;
	bad |= cd_mongo_record(&rec, r->company, collection, id, doc,
	    now_ms()) != CD_OK;
	if (bad) {
		bson_destroy(&filter);
		bson_destroy(&rec);
		return (CD_EINVAL);
	}
	if ((rc = audit_begin(&tx, r, "document.put", collection, id)) ==
	    CD_OK && (rc = mongo_open(&client, &coll)) == CD_OK) {
		/* JSONB takes "a.b", "$x" and "" as keys: so do we (MongoDB 5). */
		opts = BCON_NEW("upsert", BCON_BOOL(true), "validate",
		    BCON_BOOL(false));
		ok = mongoc_collection_replace_one(coll, &filter, &rec, opts,
		    &reply, &e);
		bson_destroy(&reply);
		/* Two first puts of one id race to the index: one retries. */
		if (!ok && e.code == MONGOC_ERROR_DUPLICATE_KEY) {
			ok = mongoc_collection_replace_one(coll, &filter, &rec,
			    opts, &reply, &e);
			bson_destroy(&reply);
		}
		rc = ok ? CD_OK : mongo_error("put", &e);
		bson_destroy(opts);
		mongo_close(client, coll);
	}
	bson_destroy(&filter);
	bson_destroy(&rec);
	return (audit_end(&tx, rc));
}

/* The record's doc as JSON, or NULL (logged). */
static json_t *
record_doc(const bson_t *rec, const char *id)
{
	bson_iter_t	 it;
	const uint8_t	*data;
	uint32_t	 len;
	bson_t		 sub;
	json_t		*doc;

	doc = NULL;
	if (bson_iter_init_find(&it, rec, "doc") &&
	    BSON_ITER_HOLDS_DOCUMENT(&it)) {
		bson_iter_document(&it, &len, &data);
		if (bson_init_static(&sub, data, len))
			doc = cd_bson_to_json(&sub);
	}
	if (doc == NULL)
		cd_log(CD_LOG_ERROR, "documents (mongodb): '%s' cannot be read "
		    "as JSON", id);
	return (doc);
}

static int
mongo_get(struct cd_req *r, const char *collection, const char *id,
    json_t **doc)
{
	mongoc_client_t		*client;
	mongoc_collection_t	*coll;
	mongoc_cursor_t		*cur;
	const bson_t		*rec;
	bson_t			 filter, *opts;
	bson_error_t		 e;
	int			 rc, found;

	if (cd_mongo_filter(&filter, r->company, collection, id) != CD_OK) {
		bson_destroy(&filter);
		return (CD_EINVAL);
	}
	found = 0;
	if ((rc = mongo_open(&client, &coll)) == CD_OK) {
		opts = BCON_NEW("projection", "{", "_id", BCON_INT32(0), "doc",
		    BCON_INT32(1), "}", "limit", BCON_INT64(1));
		cur = mongoc_collection_find_with_opts(coll, &filter, opts,
		    NULL);
		if ((found = mongoc_cursor_next(cur, &rec)))
			*doc = record_doc(rec, id);
		if (mongoc_cursor_error(cur, &e))
			rc = mongo_error("get", &e);
		mongoc_cursor_destroy(cur);
		bson_destroy(opts);
		mongo_close(client, coll);
	}
	bson_destroy(&filter);
	if (rc != CD_OK) {
		json_decref(*doc);
		*doc = NULL;
		return (rc);
	}
	if (!found)
		return (CD_ENOTFOUND);
	return (*doc ? CD_OK : CD_EINVAL);
}

static int64_t
reply_count(const bson_t *reply, const char *field)
{
	bson_iter_t	it;

	if (bson_iter_init_find(&it, reply, field) &&
	    BSON_ITER_HOLDS_NUMBER(&it))
		return (bson_iter_as_int64(&it));
	return (0);
}

static int
mongo_delete(struct cd_req *r, const char *collection, const char *id)
{
	mongoc_client_t		*client;
	mongoc_collection_t	*coll;
	struct cd_tx		 tx;
	bson_t			 filter, reply;
	bson_error_t		 e;
	int			 rc;

	if (cd_mongo_filter(&filter, r->company, collection, id) != CD_OK) {
		bson_destroy(&filter);
		return (CD_EINVAL);
	}
	if ((rc = audit_begin(&tx, r, "document.delete", collection, id)) ==
	    CD_OK && (rc = mongo_open(&client, &coll)) == CD_OK) {
		if (!mongoc_collection_delete_one(coll, &filter, NULL, &reply,
		    &e))
			rc = mongo_error("delete", &e);
		else if (reply_count(&reply, "deletedCount") == 0)
			rc = CD_ENOTFOUND;	/* rolls the audit row back */
		bson_destroy(&reply);
		mongo_close(client, coll);
	}
	bson_destroy(&filter);
	return (audit_end(&tx, rc));
}

static int
mongo_list(struct cd_req *r, const char *collection, size_t limit,
    size_t offset, json_t **docs)
{
	mongoc_client_t		*client;
	mongoc_collection_t	*coll;
	mongoc_cursor_t		*cur;
	const bson_t		*rec;
	const char		*id;
	bson_iter_t		 it;
	bson_t			 filter, *opts;
	bson_error_t		 e;
	int			 rc;

	if (cd_mongo_filter(&filter, r->company, collection, NULL) != CD_OK) {
		bson_destroy(&filter);
		return (CD_EINVAL);
	}
	if ((rc = mongo_open(&client, &coll)) == CD_OK) {
		/* Byte order of the UTF-8 ids, as PostgreSQL's C collations. */
		opts = BCON_NEW("projection", "{", "_id", BCON_INT32(0), "id",
		    BCON_INT32(1), "doc", BCON_INT32(1), "}", "sort", "{", "id",
		    BCON_INT32(1), "}", "skip", BCON_INT64((int64_t)offset),
		    "limit", BCON_INT64((int64_t)limit));
		cur = mongoc_collection_find_with_opts(coll, &filter, opts,
		    NULL);
		*docs = json_array();
		while (mongoc_cursor_next(cur, &rec)) {
			id = bson_iter_init_find(&it, rec, "id") &&
			    BSON_ITER_HOLDS_UTF8(&it) ? bson_iter_utf8(&it,
			    NULL) : "";
			json_array_append_new(*docs, json_pack("{s:s, s:o?}",
			    "id", id, "doc", record_doc(rec, id)));
		}
		if (mongoc_cursor_error(cur, &e)) {
			rc = mongo_error("list", &e);
			json_decref(*docs);
			*docs = NULL;
		}
		mongoc_cursor_destroy(cur);
		bson_destroy(opts);
		mongo_close(client, coll);
	}
	bson_destroy(&filter);
	return (rc);
}

const struct cd_docstore cd_docstore_mongo = {
	.name = "mongodb",
	.put = mongo_put,
	.get = mongo_get,
	.del = mongo_delete,
	.list = mongo_list,
};
