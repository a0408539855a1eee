/*
 * CSRD and its European Sustainability Reporting Standards: the
 * framework's identity and editions.  ESRS Set 1 applies from financial
 * year 2024; the revised, simplified ESRS from financial year 2027.
 */
#include <carbondepict/sdk.h>

#define FW_ID		"csrd"
#define FW_NAME		\
	"European Sustainability Reporting Standards (CSRD)"
#define FW_PUBLISHER	"European Commission / EFRAG"

struct edition {
	const char	*id;
	const char	*title;
	const char	*effective_from;	/* YYYY-MM-DD */
	const char	*source;		/* defining document */
};

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "esrs-set1-2023",
	  "ESRS Set 1",
	  "2024-01-01",
	  "Commission Delegated Regulation (EU) 2023/2772" },
	{ "esrs-revised-2026",
	  "Revised ESRS",
	  "2027-01-01",
	  "Commission Delegated Regulation amending Delegated Regulation "
	  "(EU) 2023/2772, on EFRAG's technical advice of December 2025" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"esrs-set1-2023",
	"esrs-revised-2026",
	NULL
};

static const struct cd_services	*svc;

static int
csrd_describe(struct cd_req *req)
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
csrd_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	route = {
		.size = sizeof(struct cd_route), .method = "GET",
		.pattern = "/api/frameworks/" FW_ID,
		.min_role = CD_ROLE_PUBLIC, .handler = csrd_describe,
	};

	svc = services;
	return (svc->route_add(ctx, &route, errmsg));
}

/* The table is valid only until fini: drop it so a late call faults. */
static void
csrd_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_FRAMEWORK,
	.name = FW_ID,
	.version = "0.1.0",
	.description = "CSRD: ESRS Set 1 (2023) and the revised ESRS",
	.init = csrd_init,
	.fini = csrd_fini,
	.capabilities = capabilities,
};
