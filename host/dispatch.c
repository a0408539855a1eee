/*
 * From a parsed request to a handler: rate limits, route lookup (host
 * routes first, then plugins'), CORS preflight, method, token and role
 * checks, body limits, JSON parsing, and the guarantee that every request
 * gets an answer.
 */
#include <stdio.h>
#include <string.h>

#include "cd.h"

/* Probes and scrapes are never rate limited. */
#define UNLIMITED(p)	(strcmp((p), "/api/health") == 0 ||		\
			 strcmp((p), "/api/ready") == 0 ||		\
			 strcmp((p), "/metrics") == 0)

_Thread_local struct cd_req	*cd_current_req;

static const struct cd_route *const tables[] = {
	cd_system_routes, cd_auth_routes, cd_user_routes, cd_esg_routes,
	cd_target_routes, cd_org_routes, cd_factor_routes, cd_calc_routes,
	cd_job_routes, cd_summary_routes, cd_emission_routes, cd_audit_routes,
};

int
cd_dispatch_builtin_taken(const char *method, const char *pattern)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct cd_route *b = tables[t]; b->method; b++)
			if (strcmp(b->method, method) == 0 &&
			    strcmp(b->pattern, pattern) == 0)
				return (1);
	return (0);
}

static void
allow_add(char *allow, size_t len, const char *method)
{
	size_t	l;

	if (strstr(allow, method) != NULL)
		return;
	l = strlen(allow);
	snprintf(allow + l, len - l, "%s%s", l ? ", " : "", method);
}

static const struct cd_route *
builtin_match(struct cd_req *r)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (const struct cd_route *b = tables[t]; b->method; b++) {
			if (!cd_route_match(b->pattern, r->path, &r->params))
				continue;
			if (strcmp(b->method, r->method) == 0)
				return (b);
			cd_params_cleanup(&r->params);
			allow_add(r->allow, sizeof(r->allow), b->method);
		}
	}
	return (NULL);
}

static int
too_many(struct cd_req *r, const char *kind, const char *key, int limit)
{
	unsigned int	retry, n;

	if (limit <= 0)
		return (0);
	n = cd_ratelimit_hit(kind, key, 60, &retry);
	if (n <= (unsigned int)limit)
		return (0);
	snprintf(r->retry_after, sizeof(r->retry_after), "%u", retry);
	cd_req_respond_error(r, 429, "rate_limited", "too many requests; "
	    "slow down and retry after the Retry-After seconds", NULL);
	return (1);
}

/* OPTIONS: what the path allows, and CORS preflight (http.c adds CORS headers). */
static int
dispatch_options(struct cd_req *r)
{
	if (r->allow[0] == '\0') {
		cd_req_respond_error(r, 404, "not_found", "no such route", NULL);
		return (CD_ENOTFOUND);
	}
	if (cd_http_header(r, "Origin") != NULL && !cd_http_cors_allowed(r)) {
		cd_req_respond_error(r, 403, "cors_refused",
		    "this origin is not allowed", NULL);
		return (CD_EPERM);
	}
	r->route = "OPTIONS";
	cd_req_respond_raw(r, 204, "text/plain", "", 0);
	return (CD_EINVAL);
}

/*
 * Called once the headers are in.  Returns CD_OK when the body should be
 * read and the handler run, or an error code once an answer is queued.
 */
int
cd_dispatch_prepare(struct cd_req *r, size_t content_length)
{
	const struct cd_route	*spec;
	const char		*auth, *bad;
	char			 msg[160];

	if (!UNLIMITED(r->path) && too_many(r, "ip", r->ip,
	    cd_conf->rate_limit_ip))
		return (CD_EPERM);
	r->allow[0] = '\0';
	spec = builtin_match(r);
	if (spec == NULL)
		r->gen = cd_loader_match(r->method, r->path, &r->params, &spec,
		    r->allow, sizeof(r->allow));
	if (spec == NULL && strcmp(r->method, "OPTIONS") == 0)
		return (dispatch_options(r));
	if (spec == NULL) {
		if (r->allow[0] != '\0') {
			snprintf(msg, sizeof(msg), "%s is not allowed here; "
			    "allowed: %s", r->method, r->allow);
			cd_req_respond_error(r, 405, "method_not_allowed", msg,
			    NULL);
		} else
			cd_req_respond_error(r, 404, "not_found",
			    "no such route", NULL);
		return (CD_ENOTFOUND);
	}
	r->spec = spec;
	r->route = spec->pattern;
	r->body_limit = spec->body_limit ? spec->body_limit :
	    cd_conf->max_body;
	/* An upload to disk stops at import_max_bytes (spool.c): say so. */
	if ((spec->flags & CD_ROUTE_SPOOL) &&
	    cd_conf->import_max_bytes < r->body_limit)
		r->body_limit = cd_conf->import_max_bytes;

	if (spec->min_role > CD_ROLE_PUBLIC) {
		auth = cd_http_header(r, "Authorization");
		if (auth == NULL || cd_auth_identify(r, auth) != CD_OK) {
			cd_req_respond_error(r, 401, "unauthorized",
			    "a valid Bearer access token is required", NULL);
			return (CD_EPERM);
		}
		if (too_many(r, "user", r->user, cd_conf->rate_limit_user))
			return (CD_EPERM);
		if (spec->min_role > r->role) {
			snprintf(msg, sizeof(msg), "this needs the %s role or "
			    "above; yours is %s", cd_role_name(spec->min_role),
			    cd_role_name(r->role));
			cd_req_respond_error(r, 403, "forbidden", msg, NULL);
			return (CD_EPERM);
		}
	}
	/* Query values reach SQL parameters, which must be UTF-8 text. */
	if ((bad = cd_http_query_invalid(r)) != NULL) {
		snprintf(msg, sizeof(msg), "query argument %.40s is not UTF-8 "
		    "text", bad);
		cd_req_respond_error(r, 400, "invalid_query", msg, bad);
		return (CD_EINVAL);
	}
	if (content_length > r->body_limit) {
		snprintf(msg, sizeof(msg), "body of %zu bytes exceeds the "
		    "limit of %zu", content_length, r->body_limit);
		cd_req_respond_error(r, 413, "payload_too_large", msg, NULL);
		return (CD_EINVAL);
	}
	return (CD_OK);
}

/* Called once the whole body is in. */
void
cd_dispatch(struct cd_req *r)
{
	char	msg[160];
	int	rc;

	/* The disk's fault (full, over a limit), not the client's. */
	if (r->spool_failed) {
		cd_req_respond_error(r, 503, "spool_unavailable", "the upload "
		    "could not be written to the spool; nothing was stored, "
		    "send it again later", NULL);
		return;
	}
	if (r->body_too_large) {
		snprintf(msg, sizeof(msg), "body exceeds the limit of %zu bytes",
		    r->body_limit);
		cd_req_respond_error(r, 413, "payload_too_large", msg, NULL);
		return;
	}
	if (!(r->spec->flags & CD_ROUTE_RAW_BODY) &&
	    cd_req_parse_json(r, cd_conf->json_max_depth) != CD_OK)
		return;

	cd_current_req = r;
	rc = r->spec->handler(r);
	cd_current_req = NULL;
	if (r->status == 0) {
		cd_log(CD_LOG_ERROR, "%s %s: handler returned %d without an "
		    "answer", r->method, r->route, rc);
		cd_req_respond_error(r, 500, "internal_error",
		    "the handler gave no answer", NULL);
	}
}
