/*
 * The storage service: plugins' parameterised SQL, run as the caller's
 * company so row-level security applies, with an audit row for writes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "cd.h"

#define PARAMS_MAX	64

/* The statement's first word, upper-cased, for the audit row. */
static void
sql_verb(const char *sql, char *out, size_t len)
{
	size_t	i = 0;

	while (isspace((unsigned char)*sql) || *sql == '(')
		sql++;
	while (isalpha((unsigned char)sql[i]) && i + 1 < len) {
		out[i] = (char)toupper((unsigned char)sql[i]);
		i++;
	}
	out[i] = '\0';
}

static json_t *
rows_json(PGresult *res)
{
	json_t	*rows, *row;
	int	 nf = PQnfields(res);

	rows = json_array();
	for (int i = 0; i < PQntuples(res); i++) {
		row = json_object();
		for (int f = 0; f < nf; f++)
			json_object_set_new(row, PQfname(res, f),
			    PQgetisnull(res, i, f) ? json_null() :
			    json_string(PQgetvalue(res, i, f)));
		json_array_append_new(rows, row);
	}
	return (rows);
}

int
cd_svc_storage_query(struct cd_req *r, const char *sql, int n,
    const char *const *params, json_t **rows, char **errmsg)
{
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*d;
	char		 verb[16];
	int		 rc;

	if (rows != NULL)
		*rows = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (sql == NULL || n < 0 || n > PARAMS_MAX || (n > 0 && params == NULL))
		return (CD_EINVAL);
	sql_verb(sql, verb, sizeof(verb));
	res = NULL;
	if (cd_tx_begin(&tx, r->company[0] ? r->company : NULL) == CD_OK &&
	    (res = cd_tx_exec(&tx, sql, n, params)) != NULL &&
	    strcmp(verb, "SELECT") != 0 && strcmp(verb, "WITH") != 0 &&
	    r->company[0] != '\0') {
		d = json_pack("{s:s}", "plugin", r->gen ? r->gen->name :
		    "host");
		(void)cd_audit(&tx, r, r->company, "plugin.sql", verb, d);
		json_decref(d);
	}
	rc = cd_tx_end(&tx, 1);
	if (rc == CD_OK && rows != NULL)
		*rows = rows_json(res);
	if (res != NULL)
		PQclear(res);
	if (rc != CD_OK && errmsg != NULL)
		*errmsg = cd_strdup(tx.err ? tx.err : "storage failed");
	cd_tx_cleanup(&tx);
	return (rc == CD_EUNAVAIL ? CD_EUNAVAIL : rc == CD_OK ? CD_OK :
	    CD_EINVAL);
}
