/*
 * Science Based Targets: the framework's identity and editions.  An
 * edition is a major version of the Corporate Net-Zero Standard: V1 and
 * its minor revisions (V1.1 to V1.3.1) are one edition, cited by the
 * latest.  V1 stays open for new targets until the end of 2027.
 */
#include <carbondepict/sdk.h>

#define FW_ID		"sbti"
#define FW_NAME		"SBTi Corporate Net-Zero Standard"
#define FW_PUBLISHER	"Science Based Targets initiative (SBTi)"

struct edition {
	const char	*id;
	const char	*title;
	const char	*effective_from;	/* YYYY-MM-DD */
	const char	*source;		/* defining document */
};

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "net-zero-standard-v1",
	  "Corporate Net-Zero Standard V1 and Corporate Near-Term Criteria",
	  "2021-10-28",
	  "SBTi Corporate Net-Zero Standard V1.3.1; SBTi Corporate Near-Term "
	  "Criteria V5.2" },
	{ "net-zero-standard-v2",
	  "Corporate Net-Zero Standard V2.0",
	  "2027-02-01",
	  "SBTi Corporate Net-Zero Standard Version 2.0 (June 2026)" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"net-zero-standard-v1",
	"net-zero-standard-v2",
	NULL
};

static const struct cd_services	*svc;

static int
sbti_describe(struct cd_req *req)
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
sbti_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	route = {
		.size = sizeof(struct cd_route), .method = "GET",
		.pattern = "/api/frameworks/" FW_ID,
		.min_role = CD_ROLE_PUBLIC, .handler = sbti_describe,
	};

	svc = services;
	return (svc->route_add(ctx, &route, errmsg));
}

/* The table is valid only until fini: drop it so a late call faults. */
static void
sbti_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_FRAMEWORK,
	.name = FW_ID,
	.version = "0.1.0",
	.description = "SBTi Corporate Net-Zero Standard V1 and V2.0",
	.init = sbti_init,
	.fini = sbti_fini,
	.capabilities = capabilities,
};
