/*
 * The audit log: one row per write, in the same transaction as the write,
 * so a write and its record commit or vanish together.
 */
#include <stdlib.h>

#include <libpq-fe.h>

#include "cd.h"

/*
 * Record action on target by r's caller in company (detail may be NULL,
 * borrowed).  r is NULL for work the host does on its own, such as an
 * import job's runner: no user or request then.
 */
int
cd_audit(struct cd_tx *tx, const struct cd_req *r, const char *company,
    const char *action, const char *target, const json_t *detail)
{
	const char	*params[6];
	PGresult	*res;
	char		*d;

	d = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	params[0] = company;
	params[1] = r != NULL && r->user[0] ? r->user : NULL;
	params[2] = action;
	params[3] = target;
	params[4] = r != NULL ? r->rid : NULL;
	params[5] = d ? d : "{}";
	res = cd_tx_exec(tx, "INSERT INTO audit_log (company_id, user_id, "
	    "action, target, request_id, detail) VALUES ($1, $2, $3, $4, $5, "
	    "$6::jsonb)", 6, params);
	free(d);
	if (res == NULL)
		return (CD_ERR);
	PQclear(res);
	return (CD_OK);
}
