/*
 * GRI Standards: the framework's identity and its climate and energy
 * editions.  GRI 305/302 (2016) serve periods before 2027; GRI 102 and
 * GRI 103 (2025) replace them for reporting from 1 January 2027.
 */
#include <carbondepict/sdk.h>

#define FW_ID		"gri"
#define FW_NAME		"GRI Standards"
#define FW_PUBLISHER	"Global Reporting Initiative (GRI)"

struct edition {
	const char	*id;
	const char	*title;
	const char	*effective_from;	/* YYYY-MM-DD */
	const char	*source;		/* defining document */
};

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "gri-2016",
	  "GRI 305: Emissions 2016 and GRI 302: Energy 2016",
	  "2018-07-01",
	  "GRI 305: Emissions 2016; GRI 302: Energy 2016 (GSSB)" },
	{ "gri-2025",
	  "GRI 102: Climate Change 2025 and GRI 103: Energy 2025",
	  "2027-01-01",
	  "GRI 102: Climate Change 2025; GRI 103: Energy 2025 (GSSB)" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"gri-2016",
	"gri-2025",
	NULL
};

static const struct cd_services	*svc;

static int
gri_describe(struct cd_req *req)
{
	json_t	*eds;

	eds = json_array();
	for (size_t i = 0; i < sizeof(editions) / sizeof(editions[0]); i++)
		json_array_append_new(eds, json_pack("{s:s, s:s, s:s, s:s}",
		    "id", editions[i].id, "title", editions[i].title,
		    "effective_from", editions[i].effective_from,
		    "source", editions[i].source));
	return (svc->respond_json(req, 200, json_pack("{s:s, s:s, s:s, s:o}",
	    "id", FW_ID, "name", FW_NAME, "publisher", FW_PUBLISHER,
	    "editions", eds)));
}

static int
gri_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	route = {
		.size = sizeof(struct cd_route), .method = "GET",
		.pattern = "/api/frameworks/" FW_ID,
		.min_role = CD_ROLE_PUBLIC, .handler = gri_describe,
	};

	svc = services;
	return (svc->route_add(ctx, &route, errmsg));
}

/* The table is valid only until fini: drop it so a late call faults. */
static void
gri_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_FRAMEWORK,
	.name = FW_ID,
	.version = "0.1.0",
	.description = "GRI 305/302 (2016) and GRI 102/103 (2025)",
	.init = gri_init,
	.fini = gri_fini,
	.capabilities = capabilities,
};
