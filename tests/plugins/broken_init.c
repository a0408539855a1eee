/* Fixture: init fails with a reason. */
#include <string.h>

#include <carbondepict/sdk.h>

static int
broken_init(struct cd_ctx *ctx, const struct cd_services *svc, char **errmsg)
{
	(void)ctx;
	(void)svc;
	*errmsg = strdup("broken!");
	return (CD_ERR);
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "broken_init",
	.version = "0.0.1",
	.init = broken_init,
};
