/*
 * The framework engine every framework plugin is built with
 * (frameworks/framework.c, compiled into each plugin: a plugin is still
 * built alone and links with no other).  A plugin names its editions; the
 * engine loads each edition's catalogue, <id>/catalog/<edition>.yaml
 * beside the plugin, at init (a catalogue that does not parse refuses the
 * plugin, naming file and line), and answers:
 *
 *   GET /api/frameworks/<id>                      identity and editions
 *   GET /api/frameworks/<id>/catalog?edition=|year=
 *   GET /api/frameworks/<id>/status?year=[&edition=]
 *   GET /api/frameworks/<id>/report?year=[&edition=]&format=json|csv
 *   POST /api/frameworks/<id>/values   values keyed by disclosure id
 *
 * A plugin defines FW_ID (its name, a string literal), fills a
 * `static const struct framework` and its NULL-terminated `capabilities`
 * (the edition ids, which the host lists without calling the plugin), then
 * exports CD_FRAMEWORK_DESCRIPTOR(info, description).
 */
#ifndef CD_FRAMEWORK_H
#define CD_FRAMEWORK_H

#include <carbondepict/sdk.h>

struct edition {
	const char	*id;
	const char	*title;
	const char	*effective_from;	/* YYYY-MM-DD */
	const char	*source;		/* defining document */
};

struct framework {
	const char		*id;		/* also the plugin's name */
	const char		*name;
	const char		*publisher;
	const struct edition	*editions;	/* oldest first */
	size_t			 neditions;
	cd_handler_fn		 status;	/* NULL: the engine's */
	/*
	 * Optional: change an evaluation (status and report alike) before
	 * the engine sums it up; may set a disclosure's status to
	 * "not_material", which leaves it out of completeness.  Returns
	 * CD_OK, or a CD_E* code (without answering) that the engine turns
	 * into 503 (CD_EUNAVAIL) or 500.
	 */
	int			(*adjust)(struct cd_req *, int year,
				    const json_t *catalog, const json_t *values,
				    json_t *evaluation);
	/* Optional: more routes, registered after the engine's. */
	int			(*init_extra)(struct cd_ctx *, char **);
};

int	fw_init(struct cd_ctx *, const struct cd_services *, char **,
	    const struct framework *);
void	fw_fini(struct cd_ctx *);
const struct cd_services *fw_svc(void);
int	fw_query_year(struct cd_req *, int);
const json_t *fw_catalog_for(struct cd_req *, int);
/*
 * The standard status object for the request's year and edition (year,
 * edition, completeness, summary, disclosures), for a framework that adds
 * to it; NULL after answering an error.
 */
json_t	*fw_evaluation(struct cd_req *);
const json_t *fw_catalog_at(size_t);

#define CD_FRAMEWORK_DESCRIPTOR(info, desc)				\
	static int							\
	fw_plugin_init(struct cd_ctx *ctx, const struct cd_services *s,	\
	    char **errmsg)						\
	{								\
		return (fw_init(ctx, s, errmsg, &(info)));		\
	}								\
	const struct cd_plugin cd_plugin = {				\
		CD_PLUGIN_DESCRIPTOR_MIN(2),				\
		.kind = CD_KIND_FRAMEWORK,				\
		.name = FW_ID,						\
		.version = "0.2.0",					\
		.description = (desc),					\
		.init = fw_plugin_init,					\
		.fini = fw_fini,					\
		.capabilities = capabilities,				\
	}

#endif
