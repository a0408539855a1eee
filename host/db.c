/*
 * PostgreSQL through libpq.  Each HTTP thread owns one connection (no
 * connection is shared, no lock on the request path).  A connection that
 * breaks is dropped and made again on a later request; while the server
 * is down, attempts are spaced by DB_RETRY seconds and requests fail at
 * once with CD_EUNAVAIL, so a client gets a 503 in bounded time.
 *
 * Every transaction runs in one company's context: the setting
 * cd.company_id, which the row-level security policies read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"

#define DB_RETRY	0.5
#define PREPARED_MAX	64

static const struct cd_config	*conf;
static _Thread_local PGconn	*conn;
static _Thread_local double	 next_try;
/*
 * The host's fixed statements prepared on this thread's connection, by
 * the address of their SQL literal: planning them was more than half of
 * a short request's database time.
 */
static _Thread_local const char	*prepared[PREPARED_MAX];
static _Thread_local int	 nprepared;

void
cd_db_init(const struct cd_config *c)
{
	conf = c;
}

int
cd_db_configured(void)
{
	return (conf != NULL && conf->database_url[0] != '\0');
}

static void
db_drop(void)
{
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
	nprepared = 0;
	next_try = cd_now_mono() + DB_RETRY;
}

/* The thread's connection, made if needed; NULL when unavailable. */
static PGconn *
db_conn(char **err)
{
	char		 sql[96];
	PGresult	*res;

	if (!cd_db_configured()) {
		*err = cd_strdup("no database configured (database_url)");
		return (NULL);
	}
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return (conn);
	if (conn != NULL)
		db_drop();
	if (cd_now_mono() < next_try) {
		*err = cd_strdup("database unavailable");
		return (NULL);
	}
	conn = PQconnectdb(conf->database_url);
	if (PQstatus(conn) != CONNECTION_OK) {
		*err = cd_asprintf("database connection failed: %s",
		    PQerrorMessage(conn));
		if (cd_metrics_dependency(CD_DEP_DATABASE, 0))
			cd_log(CD_LOG_ERROR, "database unreachable: %s", *err);
		db_drop();
		return (NULL);
	}
	if (cd_metrics_dependency(CD_DEP_DATABASE, 1))
		cd_log(CD_LOG_INFO, "database reachable again");
	snprintf(sql, sizeof(sql), "SET statement_timeout = %d; "
	    "SET application_name = 'carbon-depict'", conf->db_timeout_ms);
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*err = cd_asprintf("database setup failed: %s",
		    PQerrorMessage(conn));
		PQclear(res);
		db_drop();
		return (NULL);
	}
	PQclear(res);
	return (conn);
}

static void
tx_fail(struct cd_tx *tx, const PGresult *res)
{
	const char	*state;

	tx->failed = 1;
	free(tx->err);
	tx->err = cd_strdup(res ? PQresultErrorMessage(res) :
	    PQerrorMessage(tx->conn));
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	cd_strlcpy(tx->sqlstate, state ? state : "", sizeof(tx->sqlstate));
	if (PQstatus(tx->conn) != CONNECTION_OK)
		tx->unavailable = 1;
}

/* res, or NULL after recording why the statement failed. */
static PGresult *
tx_result(struct cd_tx *tx, PGresult *res)
{
	ExecStatusType	st = PQresultStatus(res);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return (res);
	tx_fail(tx, res);
	PQclear(res);
	return (NULL);
}

static const char	set_company[] =
    "SELECT set_config('cd.company_id', $1, true)";

/*
 * Begin a transaction as company (NULL: no company, so row-level
 * security shows no company-owned row).
 */
int
cd_tx_begin(struct cd_tx *tx, const char *company)
{
	const char	*params[1];
	PGresult	*res;

	memset(tx, 0, sizeof(*tx));
	for (int attempt = 0;; attempt++) {
		int fresh = conn == NULL;
		if ((tx->conn = db_conn(&tx->err)) == NULL) {
			tx->failed = tx->unavailable = 1;
			return (CD_EUNAVAIL);
		}
		res = PQexec(tx->conn, "BEGIN");
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			break;
		}
		/* A connection the server dropped (a restart): one fresh try now. */
		if (!fresh && attempt == 0 && PQstatus(tx->conn) != CONNECTION_OK) {
			PQclear(res);
			PQfinish(conn);
			conn = NULL;
			nprepared = 0;
			next_try = 0;
			continue;
		}
		tx_fail(tx, res);
		PQclear(res);
		if (tx->unavailable)
			db_drop();
		return (tx->unavailable ? CD_EUNAVAIL : CD_ERR);
	}
	tx->open = 1;
	params[0] = company ? company : "";
	if ((res = cd_tx_exec_fixed(tx, set_company, 1, params)) == NULL)
		return (tx->unavailable ? CD_EUNAVAIL : CD_ERR);
	PQclear(res);
	return (CD_OK);
}

/*
 * The same for one of the host's own fixed statements: sql must be a
 * string literal (its address names the statement), never text built at
 * run time.  Prepared on first use on this connection.
 */
PGresult *
cd_tx_exec_fixed(struct cd_tx *tx, const char *sql, int n,
    const char *const *params)
{
	PGresult	*res;
	char		 name[16];
	int		 i;

	if (tx->failed)
		return (NULL);
	for (i = 0; i < nprepared && prepared[i] != sql; i++)
		;
	if (i == nprepared) {
		if (nprepared == PREPARED_MAX)
			return (cd_tx_exec(tx, sql, n, params));
		snprintf(name, sizeof(name), "cd%d", i);
		res = PQprepare(tx->conn, name, sql, n, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			tx_fail(tx, res);
			PQclear(res);
			return (NULL);
		}
		PQclear(res);
		prepared[nprepared++] = sql;
	}
	snprintf(name, sizeof(name), "cd%d", i);
	return (tx_result(tx, PQexecPrepared(tx->conn, name, n, params, NULL,
	    NULL, 0)));
}

/* Run one parameterised statement; NULL on failure (tx->err says why). */
PGresult *
cd_tx_exec(struct cd_tx *tx, const char *sql, int n,
    const char *const *params)
{
	if (tx->failed)
		return (NULL);
	return (tx_result(tx, PQexecParams(tx->conn, sql, n, NULL, params,
	    NULL, NULL, 0)));
}

/* Commit (if commit and nothing failed) or roll back; frees tx->err. */
/* A statement whose result is not wanted: CD_OK or a failed transaction. */
int
cd_tx_run(struct cd_tx *tx, const char *sql, int n, const char *const *params)
{
	PGresult	*res;

	if ((res = cd_tx_exec_fixed(tx, sql, n, params)) == NULL)
		return (CD_ERR);
	PQclear(res);
	return (CD_OK);
}

/*
 * COPY `len` bytes of text-format rows into the table `sql` names
 * ("COPY t (a, b) FROM STDIN").  CD_OK, or a failed transaction.
 */
int
cd_tx_copy(struct cd_tx *tx, const char *sql, const char *data, size_t len)
{
	PGresult	*res;
	int		 ok;

	if (tx->failed)
		return (CD_ERR);
	res = PQexec(tx->conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		tx_fail(tx, res);
		PQclear(res);
		return (CD_ERR);
	}
	PQclear(res);
	ok = 1;
	while (len > 0 && ok) {		/* int-sized pieces */
		int n = len > (1 << 30) ? 1 << 30 : (int)len;
		ok = PQputCopyData(tx->conn, data, n) == 1;
		data += n;
		len -= (size_t)n;
	}
	if (PQputCopyEnd(tx->conn, ok ? NULL : "client failed") != 1)
		ok = 0;
	while ((res = PQgetResult(tx->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			tx_fail(tx, res);
			ok = 0;
		}
		PQclear(res);
	}
	if (!ok && !tx->failed)
		tx_fail(tx, NULL);
	return (ok ? CD_OK : CD_ERR);
}

int
cd_tx_end(struct cd_tx *tx, int commit)
{
	PGresult	*res;
	int		 rc;

	rc = tx->failed ? (tx->unavailable ? CD_EUNAVAIL : CD_ERR) : CD_OK;
	if (tx->open && tx->conn != NULL && !tx->unavailable) {
		res = PQexec(tx->conn, commit && !tx->failed ? "COMMIT" :
		    "ROLLBACK");
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			if (rc == CD_OK)
				tx_fail(tx, res);
			rc = tx->unavailable ? CD_EUNAVAIL : CD_ERR;
		}
		PQclear(res);
	}
	if (tx->unavailable)
		db_drop();
	tx->open = 0;
	return (rc);
}

void
cd_tx_cleanup(struct cd_tx *tx)
{
	free(tx->err);
	tx->err = NULL;
}

/*
 * JSON text PostgreSQL made (json_agg, a json or jsonb column) as jansson
 * values.  NUMERIC and JSONB print a number such as 1e20 in plain digits,
 * which jansson refuses as an integer beyond 64 bits: such a text is read
 * with every number as a real rather than not at all.  NULL only when the
 * text does not parse.
 */
json_t *
cd_db_json(const char *text)
{
	json_t	*j;

	if ((j = json_loads(text, 0, NULL)) != NULL)
		return (j);
	return (json_loads(text, JSON_DECODE_INT_AS_REAL, NULL));
}

/* Answer a request whose transaction failed: 503 when the database is down. */
int
cd_tx_respond(struct cd_req *r, struct cd_tx *tx)
{
	if (tx->unavailable)
		return (cd_req_respond_error(r, 503, "database_unavailable",
		    "the database is unavailable; try again shortly", NULL));
	cd_log(CD_LOG_ERROR, "rid %s: database error %s: %s", r->rid,
	    tx->sqlstate, tx->err ? tx->err : "");
	return (cd_req_respond_error(r, 500, "internal_error",
	    "a database error occurred", NULL));
}

/* Is the database reachable from this thread right now? */
int
cd_db_ping(char **err)
{
	struct cd_tx	 tx;
	PGresult	*res;
	int		 rc;

	if (cd_tx_begin(&tx, NULL) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT 1", 0, NULL)) != NULL)
		PQclear(res);
	rc = cd_tx_end(&tx, 0);
	*err = tx.err;
	return (rc);
}
