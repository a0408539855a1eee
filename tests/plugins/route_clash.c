/* Fixture: tries to take a route the host owns. */
#include <carbondepict/sdk.h>

static int
clash_handler(struct cd_req *req)
{
	(void)req;
	return (CD_ERR);
}

static int
clash_init(struct cd_ctx *ctx, const struct cd_services *svc, char **errmsg)
{
	struct cd_route	r = {
		.size = sizeof(r), .method = "GET", .pattern = "/api/health",
		.handler = clash_handler,
	};

	return (svc->route_add(ctx, &r, errmsg));
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "route_clash",
	.version = "0.0.1",
	.init = clash_init,
};
