/*
 * What every framework plugin shares, in one header each plugin compiles
 * in (a plugin is built alone and links with no other): the edition table
 * and the route that describes the framework.
 *
 * A plugin defines FW_ID (its name, a string literal), fills a
 * `static const struct framework` and its NULL-terminated `capabilities`
 * (the edition ids, which the host lists without calling the plugin), then
 * exports CD_FRAMEWORK_DESCRIPTOR(info, description).
 */
#ifndef CD_FRAMEWORK_H
#define CD_FRAMEWORK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

static const struct cd_services	*svc;
static char			*description;	/* JSON, made at init */

/* GET /api/frameworks/<id>: identity and editions, fixed for a generation. */
static int
fw_describe(struct cd_req *req)
{
	return (svc->respond_raw(req, 200, "application/json", description,
	    strlen(description)));
}

static char *
fw_description(const struct framework *fw)
{
	json_t	*eds, *d;
	char	*text;

	eds = json_array();
	for (size_t i = 0; i < fw->neditions; i++)
		json_array_append_new(eds, json_pack("{s:s, s:s, s:s, s:s}",
		    "id", fw->editions[i].id, "title", fw->editions[i].title,
		    "effective_from", fw->editions[i].effective_from,
		    "source", fw->editions[i].source));
	d = json_pack("{s:s, s:s, s:s, s:o}", "id", fw->id, "name", fw->name,
	    "publisher", fw->publisher, "editions", eds);
	text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return (text);
}

static int
fw_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg, const struct framework *fw)
{
	char		pattern[96];
	struct cd_route	route = {
		.size = sizeof(struct cd_route), .method = "GET",
		.pattern = pattern, .min_role = CD_ROLE_PUBLIC,
		.handler = fw_describe,
	};

	svc = services;
	if ((description = fw_description(fw)) == NULL) {
		*errmsg = strdup("cannot build the framework description");
		return (CD_ENOMEM);
	}
	snprintf(pattern, sizeof(pattern), "/api/frameworks/%s", fw->id);
	return (svc->route_add(ctx, &route, errmsg));
}

/* The table is valid only until fini: drop it so a late call faults. */
static void
fw_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	free(description);
	description = NULL;
	svc = NULL;
}

#define CD_FRAMEWORK_DESCRIPTOR(info, desc)				\
	static int							\
	fw_plugin_init(struct cd_ctx *ctx, const struct cd_services *s,	\
	    char **errmsg)						\
	{								\
		return (fw_init(ctx, s, errmsg, &(info)));		\
	}								\
	const struct cd_plugin cd_plugin = {				\
		CD_PLUGIN_DESCRIPTOR,					\
		.kind = CD_KIND_FRAMEWORK,				\
		.name = FW_ID,						\
		.version = "0.1.0",					\
		.description = (desc),					\
		.init = fw_plugin_init,					\
		.fini = fw_fini,					\
		.capabilities = capabilities,				\
	}

#endif
