/*
 * template: a minimal, complete Carbon Depict plugin.  It answers
 * GET /api/template/hello and echoes a JSON body on
 * POST /api/template/echo.  Every contract it relies on is written down
 * in <carbondepict/sdk.h>.
 */
#include <carbondepict/sdk.h>

#define PLUGIN_NAME	"template"
#define PLUGIN_VERSION	"0.1.0"

/*
 * Handlers get only the request, so init keeps the service table and
 * the context here.  Each loaded generation is its own private copy of
 * the .so, so these statics belong to one generation.
 */
static const struct cd_services	*svc;
static struct cd_ctx		*plugin_ctx;

static int
template_hello(struct cd_req *req)
{
	/* respond_json steals the body, even when it fails. */
	return (svc->respond_json(req, 200, json_pack("{s:s, s:s, s:s}",
	    "plugin", PLUGIN_NAME, "version", PLUGIN_VERSION,
	    "hello", "world")));
}

static int
template_echo(struct cd_req *req)
{
	json_t	*body;

	/* Borrowed from the host: never decref it, never keep it. */
	if ((body = svc->req_json(req)) == NULL)
		return (svc->respond_error(req, 400, "body_required",
		    "send a JSON body to echo", NULL));
	(void)svc->counter_add(plugin_ctx, "echoes", 1);
	/* "O" takes a reference of our own, so the host's decref balances. */
	return (svc->respond_json(req, 200, json_pack("{s:O}", "echo",
	    body)));
}

static int
template_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	routes[] = {
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/template/hello",
		  .min_role = CD_ROLE_PUBLIC, .handler = template_hello },
		{ .size = sizeof(struct cd_route), .method = "POST",
		  .pattern = "/api/template/echo",
		  .min_role = CD_ROLE_PUBLIC, .handler = template_echo },
	};
	int				rc;

	svc = services;
	plugin_ctx = ctx;
	/* route_add sets *errmsg; the host logs it and unloads us. */
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if ((rc = svc->route_add(ctx, &routes[i], errmsg)) != CD_OK)
			return (rc);
	svc->log(ctx, CD_LOG_DEBUG, "routes registered");
	return (CD_OK);
}

/*
 * Called once this generation's last request has ended, before dlclose.
 * The table is valid only until here: drop it so a late call faults.
 */
static void
template_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
	plugin_ctx = NULL;
}

/* Calculators: the activity categories computed; frameworks: editions. */
static const char *const capabilities[] = { "template", NULL };

/* The one exported symbol; the host reads it before calling init. */
const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = PLUGIN_NAME,
	.version = PLUGIN_VERSION,
	.description = "Plugin skeleton: hello and echo routes",
	.init = template_init,
	.fini = template_fini,
	.capabilities = capabilities,
};
