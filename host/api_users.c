/*
 * /api/users: an owner or admin invites users with a role and changes
 * it.  The list is served from Redis when it can be (key per company),
 * and every write drops that entry.
 *
 * Roles: only an owner grants or takes away "owner", and a company
 * always keeps one.  The owners' rows are locked before the change, so
 * two owners demoting each other at once cannot both succeed.  A user's
 * new role reaches their tokens at the next refresh (the access token
 * in hand keeps its role until it expires, access_ttl at most).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "cd.h"

#define USERS_TTL	300

static void
users_cache_key(const struct cd_req *r, char *key, size_t len)
{
	snprintf(key, len, "cd:c:%s:host:users", r->company);
}

static void
users_cache_drop(const struct cd_req *r)
{
	redisReply	*rep;
	char		 key[96];

	users_cache_key(r, key, sizeof(key));
	if ((rep = cd_redis_cmd("DEL %s", key)) != NULL)
		freeReplyObject(rep);
}

/* Insert a user and its login e-mail in tx, audited. */
int
cd_users_insert(struct cd_tx *tx, struct cd_req *r, const char *company,
    const char *user, const char *email, const char *name, const char *role,
    const char *hash)
{
	const char	*up[6] = { user, company, email, name, role, hash };
	const char	*lp[3] = { email, company, user };
	PGresult	*res;
	json_t		*d;
	int		 rc;

	if ((res = cd_tx_exec(tx, "INSERT INTO users (id, company_id, email, "
	    "name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)", 6,
	    up)) != NULL)
		PQclear(res);
	if ((res = cd_tx_exec(tx, "INSERT INTO login_index (email, "
	    "company_id, user_id) VALUES ($1, $2, $3)", 3, lp)) != NULL)
		PQclear(res);
	d = json_pack("{s:s, s:s}", "email", email, "role", role);
	rc = cd_audit(tx, r, company, "user.create", user, d);
	json_decref(d);
	return (rc);
}

/* Answer a failed user insert: 409 when the e-mail is taken. */
int
cd_users_respond_failed(struct cd_req *r, struct cd_tx *tx)
{
	int	rc;

	if (strcmp(tx->sqlstate, "23505") == 0)
		rc = cd_req_respond_error(r, 409, "email_taken",
		    "an account with this email already exists", "email");
	else
		rc = cd_tx_respond(r, tx);
	cd_tx_cleanup(tx);
	return (rc);
}

static int
api_users_list(struct cd_req *r)
{
	struct cd_tx	 tx;
	redisReply	*rep;
	PGresult	*res;
	json_t		*list;
	char		 key[96], *text;

	users_cache_key(r, key, sizeof(key));
	if ((rep = cd_redis_cmd("GET %s", key)) != NULL) {
		if (rep->type == REDIS_REPLY_STRING) {
			cd_req_respond_raw(r, 200, "application/json", rep->str,
			    rep->len);
			freeReplyObject(rep);
			return (CD_OK);
		}
		freeReplyObject(rep);
	}
	list = json_array();
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT id, email, name, role, "
	    "to_char(created_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM users ORDER BY created_at, "
	    "email", 0, NULL)) != NULL) {
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, "
			    "s:s, s:s}", "id", PQgetvalue(res, i, 0), "email",
			    PQgetvalue(res, i, 1), "name", PQgetvalue(res, i, 2),
			    "role", PQgetvalue(res, i, 3), "created_at",
			    PQgetvalue(res, i, 4)));
		PQclear(res);
	}
	if (cd_tx_end(&tx, 0) != CD_OK) {
		json_decref(list);
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	if ((text = json_dumps(list, JSON_COMPACT)) == NULL) {
		json_decref(list);
		return (CD_ENOMEM);
	}
	json_decref(list);
	if ((rep = cd_redis_cmd("SET %s %s EX %d", key, text, USERS_TTL)) !=
	    NULL)
		freeReplyObject(rep);
	cd_req_respond_raw(r, 200, "application/json", text, strlen(text));
	free(text);
	return (CD_OK);
}

static int
api_users_create(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*name, *password, *rolename;
	char		 email[256], user[37], temp[32], *hash;
	unsigned char	 rnd[18];
	int		 role;

	static const char *const fields[] = { "email", "name", "role",
	    "password", NULL };

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_email(r, "email", email, sizeof(email)) ||
	    cd_field_string(r, "name", 1, 200, 1, &name) ||
	    cd_field_string(r, "role", 1, 16, 1, &rolename) ||
	    cd_field_string(r, "password", 12, 72, 0, &password))
		return (CD_OK);
	if ((role = cd_role_parse(rolename)) < 0)
		return (cd_req_respond_error(r, 422, "invalid_field", "role must "
		    "be owner, admin, editor, viewer or auditor", "role"));
	if (role > r->role)
		return (cd_req_respond_error(r, 403, "forbidden", "you cannot "
		    "grant a role above your own", "role"));
	temp[0] = '\0';
	if (password == NULL) {
		if (cd_random(rnd, sizeof(rnd)) != CD_OK)
			return (CD_ERR);
		(void)cd_b64url_encode(rnd, sizeof(rnd), temp);
		password = temp;
	}
	if (cd_password_hash(password, &hash) != CD_OK)
		return (CD_ERR);
	cd_uuid(user);
	if (cd_tx_begin(&tx, r->company) == CD_OK)
		(void)cd_users_insert(&tx, r, r->company, user, email, name,
		    rolename, hash);
	free(hash);
	if (cd_tx_end(&tx, 1) != CD_OK)
		return (cd_users_respond_failed(r, &tx));
	cd_tx_cleanup(&tx);
	users_cache_drop(r);
	return (cd_req_respond_json(r, 201, json_pack("{s:s, s:s, s:s, s:s, "
	    "s:s*}", "id", user, "email", email, "name", name, "role",
	    rolename, "temporary_password", temp[0] ? temp : NULL)));
}

/* ---- PUT /api/users/{id} {"role"} ---- */

enum { ROLE_DONE, ROLE_SAME, ROLE_NO_USER, ROLE_NOT_OWNER, ROLE_LAST_OWNER,
    ROLE_DB_ERROR };

static const char owners_sql[] = "SELECT id FROM users WHERE role = "
    "'owner' ORDER BY id FOR UPDATE";
static const char user_sql[] = "SELECT email, name, role FROM users WHERE "
    "id = $1 FOR UPDATE";

/* Give user id the role in tx, audited; *user is its JSON.  ROLE_*. */
static int
role_change(struct cd_tx *tx, struct cd_req *r, const char *id,
    const char *role, json_t **user)
{
	PGresult	*res;
	const char	*p[2] = { id, role };
	char		 old[16];
	json_t		*d;
	int		 owners, rc;

	if ((res = cd_tx_exec_fixed(tx, owners_sql, 0, NULL)) == NULL)
		return (ROLE_DB_ERROR);
	owners = PQntuples(res);
	PQclear(res);
	if ((res = cd_tx_exec_fixed(tx, user_sql, 1, p)) == NULL)
		return (ROLE_DB_ERROR);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return (ROLE_NO_USER);
	}
	cd_strlcpy(old, PQgetvalue(res, 0, 2), sizeof(old));
	*user = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "email",
	    PQgetvalue(res, 0, 0), "name", PQgetvalue(res, 0, 1), "role", role);
	PQclear(res);
	if (strcmp(old, role) == 0)
		return (ROLE_SAME);
	if ((strcmp(old, "owner") == 0 || strcmp(role, "owner") == 0) &&
	    r->role != CD_ROLE_OWNER)
		return (ROLE_NOT_OWNER);
	if (strcmp(old, "owner") == 0 && owners < 2)
		return (ROLE_LAST_OWNER);
	if (cd_tx_run(tx, "UPDATE users SET role = $2 WHERE id = $1", 2, p) !=
	    CD_OK)
		return (ROLE_DB_ERROR);
	d = json_pack("{s:O, s:s, s:s}", "email", json_object_get(*user,
	    "email"), "old", old, "new", role);
	rc = cd_audit(tx, r, r->company, "user.role", id, d);
	json_decref(d);
	return (rc == CD_OK ? ROLE_DONE : ROLE_DB_ERROR);
}

static int
api_users_role(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*id = r->params.value[0], *role;
	json_t		*user = NULL;
	int		 rc = ROLE_DB_ERROR;

	static const char *const fields[] = { "role", NULL };

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_string(r, "role", 1, 16, 1, &role) != CD_OK)
		return (CD_OK);
	if (cd_role_parse(role) < 0)
		return (cd_req_respond_error(r, 422, "invalid_field",
		    "role must be owner, admin, editor, viewer or auditor",
		    "role"));
	if (!cd_uuid_valid(id))
		return (cd_req_respond_error(r, 404, "not_found",
		    "no such user", NULL));
	if (cd_tx_begin(&tx, r->company) == CD_OK)
		rc = role_change(&tx, r, id, role, &user);
	if (cd_tx_end(&tx, rc == ROLE_DONE) != CD_OK)
		rc = ROLE_DB_ERROR;
	if (rc == ROLE_DONE)
		users_cache_drop(r);
	if (rc == ROLE_DONE || rc == ROLE_SAME) {
		cd_req_respond_json(r, 200, user);
		user = NULL;
	} else if (rc == ROLE_NO_USER)
		cd_req_respond_error(r, 404, "not_found", "no such user", NULL);
	else if (rc == ROLE_NOT_OWNER)
		cd_req_respond_error(r, 403, "forbidden", "only an owner may "
		    "grant or take away the owner role", "role");
	else if (rc == ROLE_LAST_OWNER)
		cd_req_respond_error(r, 409, "last_owner", "this is the "
		    "company's last owner; make another user owner first",
		    "role");
	else
		cd_tx_respond(r, &tx);
	json_decref(user);
	cd_tx_cleanup(&tx);
	return (CD_OK);
}

const struct cd_route cd_user_routes[] = {
	CD_ROUTE("GET", "/api/users", CD_ROLE_ADMIN, api_users_list),
	CD_ROUTE("POST", "/api/users", CD_ROLE_ADMIN, api_users_create),
	CD_ROUTE("PUT", "/api/users/{id}", CD_ROLE_ADMIN, api_users_role),
	CD_ROUTE_END
};
