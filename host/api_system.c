/*
 * The host's own routes: health, readiness, metrics and the plugin
 * registry as seen by clients.
 */
#include <stdlib.h>
#include <string.h>

#include "cd.h"

/* The same bytes every time: no JSON built per probe. */
static int
api_health(struct cd_req *r)
{
	static const char	body[] = "{\"status\":\"ok\",\"version\":\""
	    CD_VERSION "\"}";

	return (cd_req_respond_raw(r, 200, "application/json", body,
	    sizeof(body) - 1));
}

/*
 * Ready: 200 "ready" when every dependency answers; 200 "degraded" when
 * only Redis is down (the host serves uncached); 503 when the database
 * is down or no plugin is loaded.
 */
static int
api_ready(struct cd_req *r)
{
	const char	*db, *redis, *status;
	char		*err;
	size_t		 n;
	int		 code;

	n = cd_loader_count();
	err = NULL;
	db = !cd_db_configured() ? "not_configured" :
	    cd_db_ping(&err) == CD_OK ? "ok" : "down";
	free(err);
	redis = !cd_redis_configured() ? "not_configured" :
	    cd_redis_ping() == CD_OK ? "ok" : "down";
	code = 200;
	status = "ready";
	if (strcmp(redis, "down") == 0)
		status = "degraded";
	if (strcmp(db, "down") == 0 || n == 0) {
		status = "not_ready";
		code = 503;
	}
	return (cd_req_respond_json(r, code, json_pack("{s:s, s:{s:{s:s}, "
	    "s:{s:s}, s:{s:s, s:I}}}", "status", status, "checks",
	    "database", "status", db, "redis", "status", redis,
	    "plugins", "status", n > 0 ? "ok" : "none_loaded", "loaded",
	    (json_int_t)n)));
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

const struct cd_route cd_system_routes[] = {
	CD_ROUTE("GET", "/api/health", CD_ROLE_PUBLIC, api_health),
	CD_ROUTE("GET", "/api/ready", CD_ROLE_PUBLIC, api_ready),
	CD_ROUTE("GET", "/metrics", CD_ROLE_PUBLIC, api_metrics),
	CD_ROUTE("GET", "/api/plugins", CD_ROLE_PUBLIC, api_plugins),
	CD_ROUTE("GET", "/api/calculators", CD_ROLE_PUBLIC, api_calculators),
	CD_ROUTE("GET", "/api/frameworks", CD_ROLE_PUBLIC, api_frameworks),
	CD_ROUTE_END
};
