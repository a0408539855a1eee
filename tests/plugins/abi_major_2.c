/* Fixture: built for an ABI major the host does not speak. */
#include <carbondepict/sdk.h>

static int
abi2_init(struct cd_ctx *ctx, const struct cd_services *svc, char **errmsg)
{
	(void)ctx;
	(void)svc;
	(void)errmsg;
	return (CD_OK);
}

const struct cd_plugin cd_plugin = {
	.abi_major = CD_ABI_MAJOR + 1,
	.abi_minor = 0,
	.size = sizeof(struct cd_plugin),
	.kind = CD_KIND_CALCULATOR,
	.name = "abi_major_2",
	.version = "2.0.0",
	.init = abi2_init,
};
