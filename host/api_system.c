/*
 * The host's own routes: health, readiness, metrics and the plugin
 * registry as seen by clients.
 */
#include <string.h>

#include "cd.h"

static int
api_health(struct cd_req *r)
{
	return (cd_req_respond_json(r, 200, json_pack("{s:s, s:s}",
	    "status", "ok", "version", CD_VERSION)));
}

static int
api_ready(struct cd_req *r)
{
	size_t	n;

	n = cd_loader_count();
	return (cd_req_respond_json(r, n > 0 ? 200 : 503,
	    json_pack("{s:s, s:{s:{s:s, s:I}}}",
	    "status", n > 0 ? "ready" : "not_ready",
	    "checks", "plugins", "status", n > 0 ? "ok" : "none_loaded",
	    "loaded", (json_int_t)n)));
}

static int
api_metrics(struct cd_req *r)
{
	char	*text;
	size_t	 len;

	text = cd_metrics_render(&len);
	r->status = 200;
	r->resp = text;
	r->resp_len = len;
	r->resp_type = "text/plain; version=0.0.4; charset=utf-8";
	return (CD_OK);
}

static int
api_plugins(struct cd_req *r)
{
	return (cd_req_respond_json(r, 200, cd_loader_list(0)));
}

static int
api_calculators(struct cd_req *r)
{
	return (cd_req_respond_json(r, 200,
	    cd_loader_list(CD_KIND_CALCULATOR)));
}

static int
api_frameworks(struct cd_req *r)
{
	return (cd_req_respond_json(r, 200,
	    cd_loader_list(CD_KIND_FRAMEWORK)));
}

#define ROUTE(m, p, role, fn)						\
	{ .size = sizeof(struct cd_route), .method = m, .pattern = p,	\
	  .min_role = role, .handler = fn }

const struct cd_route cd_builtins[] = {
	ROUTE("GET", "/api/health", CD_ROLE_PUBLIC, api_health),
	ROUTE("GET", "/api/ready", CD_ROLE_PUBLIC, api_ready),
	ROUTE("GET", "/metrics", CD_ROLE_PUBLIC, api_metrics),
	ROUTE("GET", "/api/plugins", CD_ROLE_PUBLIC, api_plugins),
	ROUTE("GET", "/api/calculators", CD_ROLE_PUBLIC, api_calculators),
	ROUTE("GET", "/api/frameworks", CD_ROLE_PUBLIC, api_frameworks),
	{ .method = NULL }
};
