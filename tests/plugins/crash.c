/* Fixture: routes that kill their worker, for fault isolation tests. */
#include <stdlib.h>

#include <carbondepict/sdk.h>

static int
crash_abort(struct cd_req *req)
{
	(void)req;
	abort();
}

static int
crash_null(struct cd_req *req)
{
	volatile int	*p = NULL;

	(void)req;
	return (*p);
}

static int
crash_init(struct cd_ctx *ctx, const struct cd_services *svc, char **errmsg)
{
	static const struct cd_route routes[] = {
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/crash/abort", .handler = crash_abort },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/crash/null", .handler = crash_null },
	};

	for (size_t i = 0; i < 2; i++)
		if (svc->route_add(ctx, &routes[i], errmsg) != CD_OK)
			return (CD_ERR);
	return (CD_OK);
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "crash",
	.version = "0.0.1",
	.init = crash_init,
};
