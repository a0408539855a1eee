/*
 * From a parsed request to a handler: route lookup (host routes first,
 * then plugins'), method and role checks, body limits, JSON parsing, and
 * the guarantee that every request gets an answer.
 */
#include <stdio.h>
#include <string.h>

#include "cd.h"

_Thread_local struct cd_req	*cd_current_req;

int
cd_dispatch_builtin_taken(const char *method, const char *pattern)
{
	for (const struct cd_route *b = cd_builtins; b->method != NULL; b++)
		if (strcmp(b->method, method) == 0 &&
		    strcmp(b->pattern, pattern) == 0)
			return (1);
	return (0);
}

static const struct cd_route *
builtin_match(struct cd_req *r, char *allow, size_t allowlen)
{
	for (const struct cd_route *b = cd_builtins; b->method != NULL; b++) {
		if (!cd_route_match(b->pattern, r->path, &r->params))
			continue;
		if (strcmp(b->method, r->method) == 0)
			return (b);
		cd_params_cleanup(&r->params);
		if (strstr(allow, b->method) == NULL) {
			size_t l = strlen(allow);
			snprintf(allow + l, allowlen - l, "%s%s", l ? ", " : "",
			    b->method);
		}
	}
	return (NULL);
}

/*
 * Called once the headers are in.  Returns CD_OK when the body should be
 * read and the handler run, or an error code once an answer is queued.
 */
int
cd_dispatch_prepare(struct cd_req *r, size_t content_length)
{
	const struct cd_route	*spec;
	char			 msg[160];

	r->allow[0] = '\0';
	spec = builtin_match(r, r->allow, sizeof(r->allow));
	if (spec == NULL)
		r->gen = cd_loader_match(r->method, r->path, &r->params, &spec,
		    r->allow, sizeof(r->allow));
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

	if (spec->min_role > r->role) {
		if (r->role == CD_ROLE_PUBLIC)
			cd_req_respond_error(r, 401, "unauthorized",
			    "a valid Bearer access token is required", NULL);
		else
			cd_req_respond_error(r, 403, "forbidden",
			    "your role does not allow this", NULL);
		return (CD_EPERM);
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
