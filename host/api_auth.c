/*
 * /api/auth: register, login, refresh, logout, me, session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "cd.h"

/* bcrypt reads at most 72 bytes: refuse longer rather than truncate. */
#define PASSWORD_MIN	12
#define PASSWORD_MAX	72

/* The body of refresh and logout. */
static const char *const token_fields[] = { "refresh_token", NULL };


static int
auth_tokens_answer(struct cd_req *r, int status, json_t *tokens, json_t *extra)
{
	if (extra != NULL) {
		json_object_update(extra, tokens);
		json_decref(tokens);
		tokens = extra;
	}
	return (cd_req_respond_json(r, status, tokens));
}

static int
api_register(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*company_name, *password, *name, *params[5];
	char		 email[256], company[37], user[37], *hash;
	json_t		*tokens;
	PGresult	*res;

	static const char *const fields[] = { "company_name", "email",
	    "password", "name", NULL };

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_string(r, "company_name", 1, 200, 1, &company_name) ||
	    cd_field_email(r, "email", email, sizeof(email)) ||
	    cd_field_string(r, "password", PASSWORD_MIN, PASSWORD_MAX, 1,
	    &password) ||
	    cd_field_string(r, "name", 1, 200, 1, &name))
		return (CD_OK);
	if (cd_password_hash(password, &hash) != CD_OK)
		return (CD_ERR);
	cd_uuid(company);
	cd_uuid(user);
	params[0] = company;
	params[1] = company_name;
	params[2] = user;
	params[3] = email;
	params[4] = name;
	tokens = NULL;
	if (cd_tx_begin(&tx, company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "INSERT INTO companies (id, name) VALUES "
	    "($1, $2)", 2, params)) != NULL) {
		PQclear(res);
		cd_strlcpy(r->user, user, sizeof(r->user));
		(void)cd_audit(&tx, r, company, "company.create", company, NULL);
		(void)cd_users_insert(&tx, r, company, user, email, name,
		    "owner", hash);
		if (!tx.failed)
			tokens = cd_auth_issue(&tx, user, company, "owner", NULL);
	}
	free(hash);
	if (cd_tx_end(&tx, 1) != CD_OK || tokens == NULL) {
		json_decref(tokens);
		return (cd_users_respond_failed(r, &tx));
	}
	cd_tx_cleanup(&tx);
	return (auth_tokens_answer(r, 201, tokens, json_pack(
	    "{s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s}}",
	    "company", "id", company, "name", company_name,
	    "user", "id", user, "email", email, "name", name, "role", "owner")));
}

/* Failed logins per e-mail: Redis first (shared by hosts), else this host. */
static unsigned int
login_failures(const char *email, int add, unsigned int *retry)
{
	char		 key[96], h[65];
	redisReply	*rep;
	unsigned int	 n, local;

	cd_sha256_hex(email, strlen(email), h);
	snprintf(key, sizeof(key), "cd:loginfail:%s", h);
	local = add ? cd_ratelimit_hit("loginfail", h,
	    (unsigned int)cd_conf->login_lockout, retry) :
	    cd_ratelimit_peek("loginfail", h,
	    (unsigned int)cd_conf->login_lockout, retry);
	rep = add ? cd_redis_cmd("INCR %s", key) : cd_redis_cmd("GET %s", key);
	if (rep == NULL)
		return (local);
	n = rep->type == REDIS_REPLY_INTEGER ? (unsigned int)rep->integer :
	    rep->type == REDIS_REPLY_STRING ? (unsigned int)atoi(rep->str) : 0;
	freeReplyObject(rep);
	if (add && n == 1 && (rep = cd_redis_cmd("EXPIRE %s %d", key,
	    cd_conf->login_lockout)) != NULL)
		freeReplyObject(rep);
	if (n >= (unsigned int)cd_conf->login_max_failures &&
	    (rep = cd_redis_cmd("TTL %s", key)) != NULL) {
		if (rep->type == REDIS_REPLY_INTEGER && rep->integer > 0)
			*retry = (unsigned int)rep->integer;
		freeReplyObject(rep);
	}
	return (n > local ? n : local);
}

static void
login_forget(const char *email)
{
	char		 key[96], h[65];
	redisReply	*rep;

	cd_sha256_hex(email, strlen(email), h);
	cd_ratelimit_reset("loginfail", h);
	snprintf(key, sizeof(key), "cd:loginfail:%s", h);
	if ((rep = cd_redis_cmd("DEL %s", key)) != NULL)
		freeReplyObject(rep);
}

static int
login_locked(struct cd_req *r, unsigned int retry)
{
	snprintf(r->retry_after, sizeof(r->retry_after), "%u", retry);
	return (cd_req_respond_error(r, 429, "locked_out", "too many failed "
	    "logins for this account; try again later", NULL));
}

static int
api_login(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*password, *params[1];
	char		 email[256], company[37], user[37], role[16], *hash;
	unsigned int	 retry;
	json_t		*tokens;
	PGresult	*res;
	int		 found;

	static const char *const fields[] = { "email", "password", NULL };

	if (cd_body_fields(r, fields) != CD_OK ||
	    cd_field_email(r, "email", email, sizeof(email)) ||
	    cd_field_string(r, "password", 1, 1024, 1, &password))
		return (CD_OK);
	retry = 0;
	if (login_failures(email, 0, &retry) >=
	    (unsigned int)cd_conf->login_max_failures)
		return (login_locked(r, retry));

	hash = NULL;
	found = 0;
	params[0] = email;
	if (cd_tx_begin(&tx, NULL) == CD_OK && (res = cd_tx_exec(&tx,
	    "SELECT company_id, user_id FROM login_index WHERE email = $1", 1,
	    params)) != NULL) {
		if (PQntuples(res) == 1) {
			cd_strlcpy(company, PQgetvalue(res, 0, 0), sizeof(company));
			cd_strlcpy(user, PQgetvalue(res, 0, 1), sizeof(user));
			found = 1;
		}
		PQclear(res);
	}
	if (found) {
		const char *sp[1] = { company };
		const char *up[1] = { user };
		if ((res = cd_tx_exec(&tx, "SELECT set_config('cd.company_id', "
		    "$1, true)", 1, sp)) != NULL)
			PQclear(res);
		if ((res = cd_tx_exec(&tx, "SELECT password_hash, role FROM users "
		    "WHERE id = $1", 1, up)) != NULL) {
			if (PQntuples(res) == 1) {
				hash = cd_strdup(PQgetvalue(res, 0, 0));
				cd_strlcpy(role, PQgetvalue(res, 0, 1),
				    sizeof(role));
			}
			PQclear(res);
		}
	}
	if (cd_tx_end(&tx, 0) != CD_OK) {
		free(hash);
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);

	/* Unknown accounts cost a bcrypt too, so timing tells nothing. */
	if (!cd_password_check(password, hash ? hash : cd_auth_dummy_hash()) ||
	    hash == NULL) {
		free(hash);
		if (login_failures(email, 1, &retry) >=
		    (unsigned int)cd_conf->login_max_failures)
			return (login_locked(r, retry));
		return (cd_req_respond_error(r, 401, "invalid_credentials",
		    "email or password is wrong", NULL));
	}
	free(hash);
	login_forget(email);

	tokens = NULL;
	cd_strlcpy(r->user, user, sizeof(r->user));
	if (cd_tx_begin(&tx, company) == CD_OK &&
	    (tokens = cd_auth_issue(&tx, user, company, role, NULL)) != NULL)
		(void)cd_audit(&tx, r, company, "session.create", user, NULL);
	if (cd_tx_end(&tx, 1) != CD_OK || tokens == NULL) {
		json_decref(tokens);
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	return (auth_tokens_answer(r, 200, tokens, NULL));
}

/* How a refresh token stands. */
enum rstate { R_BAD, R_OK, R_REUSED, R_REVOKED };

/*
 * Rotate token inside tx: mark it used and issue its successor, or, when
 * it was already used, revoke its whole family.
 */
static enum rstate
refresh_rotate(struct cd_tx *tx, struct cd_req *r, const char *token,
    const char *company, json_t **tokens)
{
	char		 hash[65], user[37], family[37], role[16];
	const char	*params[1];
	PGresult	*res;
	int		 used, revoked, expired;

	cd_sha256_hex(token, strlen(token), hash);
	params[0] = hash;
	res = cd_tx_exec(tx, "SELECT t.user_id, t.family, t.used_at IS NOT "
	    "NULL, t.revoked_at IS NOT NULL, t.expires_at < now(), u.role "
	    "FROM refresh_tokens t JOIN users u ON u.id = t.user_id "
	    "WHERE t.token_hash = $1 FOR UPDATE OF t", 1, params);
	if (res == NULL || PQntuples(res) != 1) {
		if (res != NULL)
			PQclear(res);
		return (R_BAD);
	}
	cd_strlcpy(user, PQgetvalue(res, 0, 0), sizeof(user));
	cd_strlcpy(family, PQgetvalue(res, 0, 1), sizeof(family));
	used = PQgetvalue(res, 0, 2)[0] == 't';
	revoked = PQgetvalue(res, 0, 3)[0] == 't';
	expired = PQgetvalue(res, 0, 4)[0] == 't';
	cd_strlcpy(role, PQgetvalue(res, 0, 5), sizeof(role));
	PQclear(res);
	cd_strlcpy(r->user, user, sizeof(r->user));
	if (revoked || expired)
		return (R_REVOKED);
	if (used) {
		const char *fp[1] = { family };
		if ((res = cd_tx_exec(tx, "UPDATE refresh_tokens SET revoked_at "
		    "= now() WHERE family = $1 AND revoked_at IS NULL", 1,
		    fp)) != NULL)
			PQclear(res);
		(void)cd_audit(tx, r, company, "session.reuse_detected", family,
		    NULL);
		return (R_REUSED);
	}
	if ((res = cd_tx_exec(tx, "UPDATE refresh_tokens SET used_at = now() "
	    "WHERE token_hash = $1", 1, params)) != NULL)
		PQclear(res);
	if ((*tokens = cd_auth_issue(tx, user, company, role, family)) != NULL)
		(void)cd_audit(tx, r, company, "session.rotate", family, NULL);
	return (R_OK);
}

static int
api_refresh(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*token;
	char		 company[37];
	json_t		*tokens;
	enum rstate	 st;

	if (cd_body_fields(r, token_fields) != CD_OK ||
	    cd_field_string(r, "refresh_token", 1, 128, 1, &token))
		return (CD_OK);
	if (cd_refresh_company(token, company) != CD_OK)
		return (cd_req_respond_error(r, 401, "invalid_token",
		    "refresh token not recognised", "refresh_token"));
	tokens = NULL;
	st = R_BAD;
	if (cd_tx_begin(&tx, company) == CD_OK)
		st = refresh_rotate(&tx, r, token, company, &tokens);
	/* A detected re-use must commit its revocation. */
	if (cd_tx_end(&tx, st == R_OK || st == R_REUSED) != CD_OK ||
	    (st == R_OK && tokens == NULL)) {
		json_decref(tokens);
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	switch (st) {
	case R_OK:
		return (auth_tokens_answer(r, 200, tokens, NULL));
	case R_REUSED:
		return (cd_req_respond_error(r, 401, "token_reused", "this "
		    "refresh token was already used; every session of its "
		    "login is now revoked", "refresh_token"));
	case R_REVOKED:
		return (cd_req_respond_error(r, 401, "token_revoked",
		    "this refresh token is expired or revoked",
		    "refresh_token"));
	default:
		return (cd_req_respond_error(r, 401, "invalid_token",
		    "refresh token not recognised", "refresh_token"));
	}
}

static int
api_logout(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*token, *params[2];
	char		 hash[65];
	PGresult	*res;
	int		 n;

	if (cd_body_fields(r, token_fields) != CD_OK ||
	    cd_field_string(r, "refresh_token", 1, 128, 1, &token))
		return (CD_OK);
	cd_sha256_hex(token, strlen(token), hash);
	params[0] = hash;
	params[1] = r->user;
	n = 0;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "UPDATE refresh_tokens SET revoked_at = "
	    "now() WHERE revoked_at IS NULL AND family = (SELECT family FROM "
	    "refresh_tokens WHERE token_hash = $1 AND user_id = $2)", 2,
	    params)) != NULL) {
		n = atoi(PQcmdTuples(res));
		PQclear(res);
		(void)cd_audit(&tx, r, r->company, "session.revoke", r->user,
		    NULL);
	}
	if (cd_tx_end(&tx, 1) != CD_OK) {
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	return (cd_req_respond_json(r, 200, json_pack("{s:s, s:i}", "status",
	    "logged_out", "revoked", n)));
}

static int
api_me(struct cd_req *r)
{
	struct cd_tx	 tx;
	const char	*params[1];
	json_t		*out;
	PGresult	*res;

	params[0] = r->user;
	out = NULL;
	if (cd_tx_begin(&tx, r->company) == CD_OK &&
	    (res = cd_tx_exec(&tx, "SELECT u.id, u.email, u.name, u.role, "
	    "c.id, c.name FROM users u JOIN companies c ON c.id = "
	    "u.company_id WHERE u.id = $1", 1, params)) != NULL) {
		if (PQntuples(res) == 1)
			out = json_pack("{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s}}",
			    "user", "id", PQgetvalue(res, 0, 0), "email",
			    PQgetvalue(res, 0, 1), "name", PQgetvalue(res, 0, 2),
			    "role", PQgetvalue(res, 0, 3), "company", "id",
			    PQgetvalue(res, 0, 4), "name", PQgetvalue(res, 0, 5));
		PQclear(res);
	}
	if (cd_tx_end(&tx, 0) != CD_OK) {
		json_decref(out);
		cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	cd_tx_cleanup(&tx);
	if (out == NULL)
		return (cd_req_respond_error(r, 401, "unauthorized",
		    "this account no longer exists", NULL));
	return (cd_req_respond_json(r, 200, out));
}

/* Answered from the verified token alone: no database, no cache. */
static int
api_session(struct cd_req *r)
{
	return (cd_req_respond_json(r, 200, json_pack("{s:s, s:s, s:s, s:I}",
	    "user_id", r->user, "company_id", r->company, "role",
	    cd_role_name(r->role), "expires_at", (json_int_t)r->token_exp)));
}

const struct cd_route cd_auth_routes[] = {
	CD_ROUTE("POST", "/api/auth/register", CD_ROLE_PUBLIC, api_register),
	CD_ROUTE("POST", "/api/auth/login", CD_ROLE_PUBLIC, api_login),
	CD_ROUTE("POST", "/api/auth/refresh", CD_ROLE_PUBLIC, api_refresh),
	CD_ROUTE("POST", "/api/auth/logout", CD_ROLE_VIEWER, api_logout),
	CD_ROUTE("GET", "/api/auth/me", CD_ROLE_VIEWER, api_me),
	CD_ROUTE("GET", "/api/auth/session", CD_ROLE_VIEWER, api_session),
	CD_ROUTE_END
};
