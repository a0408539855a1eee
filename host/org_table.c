/*
 * A company-owned table served over REST, as api_org.c uses it for legal
 * entities and facilities: list, get, delete (refused with 409 in_use
 * while other rows refer to the row), insert or replace with the audit
 * row in the same transaction; and the checks on body fields those
 * endpoints share, each answering 422 naming the field.
 *
 * Every statement names the company as well as running under row-level
 * security: an id of another company answers 404 exactly as a missing one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "org_table.h"

int
cd_org_not_found(struct cd_req *r, const struct cd_org_table *t)
{
	char	msg[64];

	snprintf(msg, sizeof(msg), "no such %s", t->noun);
	return (cd_req_respond_error(r, 404, "not_found", msg, NULL));
}

/* The path's {id}, or NULL once 404 is answered. */
const char *
cd_org_path_id(struct cd_req *r, const struct cd_org_table *t)
{
	for (int i = 0; i < r->params.n; i++)
		if (strcmp(r->params.name[i], "id") == 0 &&
		    cd_uuid_valid(r->params.value[i]))
			return (r->params.value[i]);
	cd_org_not_found(r, t);
	return (NULL);
}

/*
 * End tx, committing only if commit and nothing was answered; answer a
 * database failure.  CD_OK when the caller should answer success.
 */
int
cd_org_end(struct cd_req *r, struct cd_tx *tx, int commit)
{
	if (cd_tx_end(tx, commit && r->status == 0) != CD_OK) {
		if (r->status == 0)
			cd_tx_respond(r, tx);
	} else if (commit && r->status == 0 && strcmp(r->method, "GET") != 0) {
		/* Summaries consolidate by entity and read denominators. */
		cd_redis_generation_bump(r->company, CD_GEN_ORG);
		cd_redis_generation_bump(r->company, CD_GEN_EMISSIONS);
	}
	cd_tx_cleanup(tx);
	return (r->status == 0 ? CD_OK : CD_ERR);
}

/* Roll tx back after a refusal (already answered) or a failure. */
int
cd_org_abort(struct cd_req *r, struct cd_tx *tx)
{
	(void)cd_org_end(r, tx, 0);
	return (CD_OK);
}

/* Commit tx and answer status with obj (owned), unless answered already. */
int
cd_org_answer(struct cd_req *r, struct cd_tx *tx, int status, json_t *obj)
{
	if (cd_org_end(r, tx, 1) != CD_OK) {
		json_decref(obj);
		return (CD_OK);
	}
	return (cd_req_respond_json(r, status, obj));
}

/* A string member that must be one of list; *out NULL when absent. */
int
cd_org_field_enum(struct cd_req *r, const char *name,
    const char *const *list, int required, const char **out)
{
	char	msg[160];
	size_t	len;

	if (cd_field_string(r, name, 1, 32, required, out) != CD_OK)
		return (CD_EINVAL);
	if (*out == NULL || cd_one_of(list, *out))
		return (CD_OK);
	len = (size_t)snprintf(msg, sizeof(msg), "%s must be one of", name);
	for (; *list != NULL && len < sizeof(msg); list++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, " %s",
		    *list);
	cd_req_respond_error(r, 422, "invalid_field", msg, name);
	return (CD_EINVAL);
}

/* A boolean member as "true" or "false"; "true" when absent or null. */
int
cd_org_field_bool(struct cd_req *r, const char *name, const char **out)
{
	const json_t	*v = json_object_get(r->json, name);
	char		 msg[160];

	*out = json_is_false(v) ? "false" : "true";
	if (v == NULL || json_is_null(v) || json_is_boolean(v))
		return (CD_OK);
	snprintf(msg, sizeof(msg), "%s must be true or false", name);
	cd_req_respond_error(r, 422, "invalid_field", msg, name);
	return (CD_EINVAL);
}

/* A UUID member; *out NULL when absent or null. */
int
cd_org_field_uuid(struct cd_req *r, const char *name, const char **out)
{
	char	msg[160];

	if (cd_field_string(r, name, 0, 64, 0, out) != CD_OK)
		return (CD_EINVAL);
	if (*out == NULL || cd_uuid_valid(*out))
		return (CD_OK);
	snprintf(msg, sizeof(msg), "%s must be a UUID or null", name);
	cd_req_respond_error(r, 422, "invalid_field", msg, name);
	return (CD_EINVAL);
}

/* Run sql with ($1 id, $2 company); the rows it returned, -1 on failure. */
int
cd_org_rows(struct cd_tx *tx, const char *sql, const char *id,
    const char *company)
{
	const char	*p[2] = { id, company };
	PGresult	*res;
	int		 n;

	if ((res = cd_tx_exec(tx, sql, 2, p)) == NULL)
		return (-1);
	n = PQntuples(res);
	PQclear(res);
	return (n);
}

/* Lock row id of t for a change; 404 when it is not the company's. */
int
cd_org_row_lock(struct cd_req *r, struct cd_tx *tx,
    const struct cd_org_table *t, const char *id)
{
	int	n = cd_org_rows(tx, t->sql_lock, id, r->company);

	if (n == 0)
		cd_org_not_found(r, t);
	return (n == 1 ? CD_OK : CD_ERR);
}

/* 409 in_use naming what still refers to row id; CD_OK when nothing does. */
static int
org_unused(struct cd_req *r, struct cd_tx *tx, const struct cd_org_table *t,
    const char *id)
{
	const char	*p[2] = { id, r->company };
	PGresult	*res;
	char		 msg[256], field[64];
	size_t		 len;

	if ((res = cd_tx_exec(tx, t->sql_uses, 2, p)) == NULL)
		return (CD_ERR);
	field[0] = '\0';
	len = (size_t)snprintf(msg, sizeof(msg), "the %s is still used by",
	    t->noun);
	for (int i = 0; i < PQntuples(res) && len < sizeof(msg); i++) {
		if (strcmp(PQgetvalue(res, i, 2), "0") == 0)
			continue;
		len += (size_t)snprintf(msg + len, sizeof(msg) - len,
		    "%s %s %s", field[0] ? "," : "", PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 0));
		if (field[0] == '\0')
			cd_strlcpy(field, PQgetvalue(res, i, 1), sizeof(field));
	}
	PQclear(res);
	if (field[0] == '\0')
		return (CD_OK);
	if (len < sizeof(msg))
		snprintf(msg + len, sizeof(msg) - len, "; move or delete them "
		    "first");
	cd_req_respond_error(r, 409, "in_use", msg, field);
	return (CD_EPERM);
}

/* 200 {plural: [rows]}. */
int
cd_org_list(struct cd_req *r, const struct cd_org_table *t)
{
	const char	*p[1] = { r->company };
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*rows = json_array();

	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, t->sql_list, 1, p)) != NULL) {
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(rows, t->json(res, i));
		PQclear(res);
	}
	return (cd_org_answer(r, &tx, 200, json_pack("{s:o}", t->plural,
	    rows)));
}

/* 200 with the row {id} of the path, or 404. */
int
cd_org_get(struct cd_req *r, const struct cd_org_table *t)
{
	const char	*id, *p[2];
	struct cd_tx	 tx;
	PGresult	*res;
	json_t		*obj = NULL;

	if ((id = cd_org_path_id(r, t)) == NULL)
		return (CD_OK);
	p[0] = id;
	p[1] = r->company;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, t->sql_get, 2, p)) != NULL) {
		if (PQntuples(res) == 1)
			obj = t->json(res, 0);
		else
			cd_org_not_found(r, t);
		PQclear(res);
	}
	return (cd_org_answer(r, &tx, 200, obj));
}

/* 204 once the row {id} is gone, audited; 404; 409 in_use. */
int
cd_org_delete(struct cd_req *r, const struct cd_org_table *t)
{
	struct cd_tx	 tx;
	const char	*id;
	char		 action[32];

	if ((id = cd_org_path_id(r, t)) == NULL)
		return (CD_OK);
	snprintf(action, sizeof(action), "%s.delete", t->noun);
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (t->serialise == NULL || t->serialise(r, &tx) == CD_OK) &&
	    cd_org_row_lock(r, &tx, t, id) == CD_OK &&
	    org_unused(r, &tx, t, id) == CD_OK) {
		if (cd_org_rows(&tx, t->sql_delete, id, r->company) == 1)
			(void)cd_audit(&tx, r, r->company, action, id, NULL);
		else if (strcmp(tx.sqlstate, "23503") == 0)
			cd_req_respond_error(r, 409, "in_use", "the row is "
			    "still referred to; move or delete its uses first",
			    NULL);
	}
	if (cd_org_end(r, &tx, 1) != CD_OK)
		return (CD_OK);
	return (cd_req_respond_raw(r, 204, "application/json", "", 0));
}

/*
 * Run sql (an INSERT or UPDATE ... RETURNING the table's columns) with
 * its n params, p[0] the row's id, in tx; audit it and answer 201 or,
 * with update, 200 with the row.
 */
int
cd_org_store(struct cd_req *r, struct cd_tx *tx, const struct cd_org_table *t,
    const char *sql, const char *const *p, int n, int update)
{
	PGresult	*res;
	json_t		*obj = NULL;
	char		 action[32];

	snprintf(action, sizeof(action), "%s.%s", t->noun, update ? "update" :
	    "create");
	if ((res = cd_tx_exec(tx, sql, n, p)) != NULL) {
		if (PQntuples(res) == 1)
			obj = t->json(res, 0);
		PQclear(res);
		(void)cd_audit(tx, r, r->company, action, p[0], obj);
	}
	return (cd_org_answer(r, tx, update ? 200 : 201, obj));
}
