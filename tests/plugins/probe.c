/*
 * Fixture: a plugin whose version is set at build time, for reload tests.
 * -DPROBE_VERSION='"1.0.7"' sets the version; -DPROBE_BROKEN makes init fail.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <carbondepict/sdk.h>

#ifndef PROBE_VERSION
#define PROBE_VERSION	"1.0.0"
#endif

static const struct cd_services	*svc;

static int
probe_version(struct cd_req *req)
{
	return (svc->respond_json(req, 200, json_pack("{s:s}", "version",
	    PROBE_VERSION)));
}

/* Sleeps ?ms= milliseconds (at most 5000): a request that is in flight. */
static int
probe_sleep(struct cd_req *req)
{
	const char	*ms;
	struct timespec	 ts;
	long		 n;

	ms = svc->req_query(req, "ms");
	n = ms ? atol(ms) : 100;
	if (n < 0 || n > 5000)
		n = 100;
	ts.tv_sec = n / 1000;
	ts.tv_nsec = (n % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);
	return (svc->respond_json(req, 200, json_pack("{s:s, s:i}", "version",
	    PROBE_VERSION, "slept_ms", (int)n)));
}

static int
probe_echo(struct cd_req *req)
{
	json_t	*body;

	body = svc->req_json(req);
	return (svc->respond_json(req, 200, json_pack("{s:O?}", "echo", body)));
}

static int
probe_init(struct cd_ctx *ctx, const struct cd_services *s, char **errmsg)
{
	static const struct cd_route routes[] = {
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/probe/version", .handler = probe_version },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/probe/sleep", .handler = probe_sleep },
		{ .size = sizeof(struct cd_route), .method = "POST",
		  .pattern = "/api/probe/echo", .body_limit = 4096,
		  .handler = probe_echo },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/probe/private", .min_role = CD_ROLE_VIEWER,
		  .handler = probe_version },
	};

	svc = s;
#ifdef PROBE_BROKEN
	(void)ctx;
	(void)routes;
	*errmsg = strdup("broken on purpose");
	return (CD_ERR);
#else
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (s->route_add(ctx, &routes[i], errmsg) != CD_OK)
			return (CD_ERR);
	return (CD_OK);
#endif
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "probe",
	.version = PROBE_VERSION,
	.description = "test fixture: versioned routes",
	.init = probe_init,
};
