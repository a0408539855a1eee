/*
 * TCFD and its successor IFRS S2: the framework's identity and editions.
 * The ISSB took over monitoring of climate disclosures from the TCFD, and
 * IFRS S2 builds on the four TCFD pillars.
 */
#include <carbondepict/sdk.h>

#define FW_ID		"tcfd"
#define FW_NAME		"TCFD Recommendations and IFRS S2"
#define FW_PUBLISHER	"TCFD / ISSB (IFRS Foundation)"

struct edition {
	const char	*id;
	const char	*title;
	const char	*effective_from;	/* YYYY-MM-DD */
	const char	*source;		/* defining document */
};

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "tcfd-2017",
	  "Recommendations of the Task Force on Climate-related Financial "
	  "Disclosures",
	  "2017-06-29",
	  "Final Report: Recommendations of the Task Force on "
	  "Climate-related Financial Disclosures (June 2017)" },
	{ "ifrs-s2-2023",
	  "IFRS S2 Climate-related Disclosures",
	  "2024-01-01",
	  "IFRS S2 Climate-related Disclosures (ISSB, June 2023)" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"tcfd-2017",
	"ifrs-s2-2023",
	NULL
};

static const struct cd_services	*svc;

static int
tcfd_describe(struct cd_req *req)
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
tcfd_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	route = {
		.size = sizeof(struct cd_route), .method = "GET",
		.pattern = "/api/frameworks/" FW_ID,
		.min_role = CD_ROLE_PUBLIC, .handler = tcfd_describe,
	};

	svc = services;
	return (svc->route_add(ctx, &route, errmsg));
}

/* The table is valid only until fini: drop it so a late call faults. */
static void
tcfd_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_FRAMEWORK,
	.name = FW_ID,
	.version = "0.1.0",
	.description = "TCFD recommendations (2017) and IFRS S2 (2023)",
	.init = tcfd_init,
	.fini = tcfd_fini,
	.capabilities = capabilities,
};
