/*
 * /api/users: an owner or admin invites users with a role.  The list is
 * served from Redis when it can be (key per company), and every write
 * drops that entry.
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

/* Insert a user and its login e-mail in tx, audited. */
int
cd_users_insert(struct cd_tx *tx, struct cd_req *r, const char *company,
    const char *user, const char *email, const char *name, const char *role,
    const char *hash)
{
	const char	*up[6] = { user, company, email, name, role, hash };
	const char	*lp[3] = { email, company, user };
	PGresult	*res;

	if ((res = cd_tx_exec(tx, "INSERT INTO users (id, company_id, email, "
	    "name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)", 6,
	    up)) != NULL)
		PQclear(res);
	if ((res = cd_tx_exec(tx, "INSERT INTO login_index (email, "
	    "company_id, user_id) VALUES ($1, $2, $3)", 3, lp)) != NULL)
		PQclear(res);
	return (cd_audit(tx, r, company, "user.create", user,
	    json_pack("{s:s, s:s}", "email", email, "role", role)));
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
	char		 email[256], user[37], temp[32], key[96], *hash;
	unsigned char	 rnd[18];
	redisReply	*rep;
	int		 role;

	if (cd_body_object(r) != CD_OK ||
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
	users_cache_key(r, key, sizeof(key));
	if ((rep = cd_redis_cmd("DEL %s", key)) != NULL)
		freeReplyObject(rep);
	return (cd_req_respond_json(r, 201, json_pack("{s:s, s:s, s:s, s:s, "
	    "s:s*}", "id", user, "email", email, "name", name, "role",
	    rolename, "temporary_password", temp[0] ? temp : NULL)));
}

const struct cd_route cd_user_routes[] = {
	CD_ROUTE("GET", "/api/users", CD_ROLE_ADMIN, api_users_list),
	CD_ROUTE("POST", "/api/users", CD_ROLE_ADMIN, api_users_create),
	CD_ROUTE_END
};
