/*
 * The framework engine: catalogues by edition, their routes and values
 * keyed by disclosure.  Status and reports are in framework_status.c.
 * See framework.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "engine.h"

#define EDITIONS_MAX	8

static const struct cd_services	*svc;
static const struct framework	*self;
static json_t			*catalog[EDITIONS_MAX];	/* per edition */
static char			*description;		/* JSON */

static const char *const disclosure_types[] = {
	"quantitative", "narrative", "boolean", "table", NULL
};

/* Why entry (of disclosure id) maps to a metric the dictionary lacks, or NULL. */
static char *
unknown_metric(const json_t *entry, const char *id, const json_t *known)
{
	const json_t	*m;
	size_t		 i;
	char		 buf[256];

	json_array_foreach(json_object_get(entry, "metrics"), i, m) {
		const char *mid = json_string_value(m);
		if (mid == NULL || json_object_get(known, mid) == NULL) {
			snprintf(buf, sizeof(buf), "disclosure %s maps to '%s', "
			    "which is not in the metric dictionary", id,
			    mid ? mid : "?");
			return (strdup(buf));
		}
	}
	return (NULL);
}

/* Why a catalogue is unusable, or NULL: every entry maps to known metrics. */
static char *
catalog_problem(const json_t *c, const char *edition, const json_t *dict)
{
	const json_t	*list, *d, *m;
	json_t		*known, *seen;
	size_t		 i, j;
	char		*why = NULL;
	char		 buf[256];


	if (!json_is_object(c) || strcmp(json_string_value(json_object_get(c,
	    "edition")) ? json_string_value(json_object_get(c, "edition")) :
	    "", edition) != 0)
		return (strdup("its 'edition' is not the file's edition"));
	list = json_object_get(c, "disclosures");
	if (!json_is_array(list) || json_array_size(list) == 0)
		return (strdup("no 'disclosures' list"));
	known = json_object();
	json_array_foreach(json_object_get(dict, "metrics"), i, m)
		json_object_set(known, json_string_value(json_object_get(m,
		    "id")), json_true());
	seen = json_object();
	json_array_foreach(list, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		const char *type = json_string_value(json_object_get(d, "type"));
		int ok = 0;
		for (const char *const *t = disclosure_types; type && *t; t++)
			ok |= strcmp(*t, type) == 0;
		if (id == NULL || json_object_get(seen, id) != NULL ||
		    !json_is_string(json_object_get(d, "title")) || !ok ||
		    !json_is_array(json_object_get(d, "metrics")) ||
		    json_array_size(json_object_get(d, "metrics")) == 0) {
			snprintf(buf, sizeof(buf), "disclosure #%zu (%s) needs "
			    "a unique id, a title, a type and at least one "
			    "metric", i + 1, id ? id : "?");
			why = strdup(buf);
			break;
		}
		json_object_set(seen, id, json_true());
		if ((why = unknown_metric(d, id, known)) != NULL)
			break;
		json_array_foreach(json_object_get(d, "items"), j, m)
			if ((why = unknown_metric(m, id, known)) != NULL)
				break;
		if (why != NULL)
			break;
	}
	json_decref(known);
	json_decref(seen);
	return (why);
}

/* The edition asked for (?edition=), or in force for year, or the newest. */
static int
edition_pick(struct cd_req *req, int year)
{
	const char	*want;
	int		 pick;

	if ((want = svc->req_query(req, "edition")) != NULL) {
		for (size_t i = 0; i < self->neditions; i++)
			if (strcmp(self->editions[i].id, want) == 0)
				return ((int)i);
		return (-1);
	}
	pick = (int)self->neditions - 1;
	if (year > 0) {
		/* The latest edition in force on 1 January of the year... */
		pick = 0;
		for (size_t i = 0; i < self->neditions; i++)
			if (atoi(self->editions[i].effective_from) <= year)
				pick = (int)i;
	}
	return (pick);
}

static int
no_edition(struct cd_req *req)
{
	return (svc->respond_error(req, 404, "unknown_edition", "no such "
	    "edition of this framework", "edition"));
}

const struct cd_services *
fw_svc(void)
{
	return (svc);
}

/* ?year=Y, required (need) or optional; -1 after answering 422. */
int
fw_query_year(struct cd_req *req, int need)
{
	const char	*y;
	char		*end;
	long		 n;

	if ((y = svc->req_query(req, "year")) == NULL && !need)
		return (0);
	n = y ? strtol(y, &end, 10) : 0;
	if (y == NULL || *end != '\0' || n < 1990 || n > 2100) {
		svc->respond_error(req, 422, "invalid_field", "year must be a "
		    "year from 1990 to 2100", "year");
		return (-1);
	}
	return ((int)n);
}

/*
 * The edition for the request (?edition=, or in force in year), its
 * catalogue in *cat; -1 after answering 404.
 */
int
fw_edition(struct cd_req *req, int year, const json_t **cat)
{
	int	e;

	if ((e = edition_pick(req, year)) < 0) {
		no_edition(req);
		return (-1);
	}
	*cat = catalog[e];
	return (e);
}

/* The catalogue for the request's edition or year; NULL after answering. */
const json_t *
fw_catalog_for(struct cd_req *req, int year)
{
	const json_t	*cat;

	return (fw_edition(req, year, &cat) < 0 ? NULL : cat);
}

const struct framework *
fw_self(void)
{
	return (self);
}

/* The catalogue of edition i (0: the oldest), or NULL. */
const json_t *
fw_catalog_at(size_t i)
{
	return (self != NULL && i < self->neditions ? catalog[i] : NULL);
}

static int
fw_describe(struct cd_req *req)
{
	return (svc->respond_raw(req, 200, "application/json", description,
	    strlen(description)));
}

static int
fw_catalog(struct cd_req *req)
{
	int	year, e;

	if ((year = fw_query_year(req, 0)) < 0)
		return (CD_OK);
	if ((e = edition_pick(req, year)) < 0)
		return (no_edition(req));
	return (svc->respond_json(req, 200, json_deep_copy(catalog[e])));
}

/* The metrics of disclosure or datapoint id in catalogue c, or NULL. */
static const json_t *
disclosure_metrics(const json_t *c, const char *id)
{
	const json_t	*d, *it;
	size_t		 i, j;

	json_array_foreach(json_object_get(c, "disclosures"), i, d) {
		if (strcmp(json_string_value(json_object_get(d, "id")), id) == 0)
			return (json_object_get(d, "metrics"));
		json_array_foreach(json_object_get(d, "items"), j, it)
			if (strcmp(json_string_value(json_object_get(it, "id")),
			    id) == 0)
				return (json_object_get(it, "metrics"));
	}
	return (NULL);
}

/*
 * POST /api/frameworks/<id>/values: values keyed by this framework's
 * disclosure (or datapoint) ids, each mapping to exactly one canonical
 * metric, stored as that metric for every framework to read.  The
 * edition is the one in force in each value's period_start year.
 */
static int
fw_values(struct cd_req *req)
{
	const json_t	*list, *v, *metrics;
	json_t		*canon;
	const char	*id, *ps;
	char		 field[64], msg[256];
	size_t		 i;
	int		 e, rc;

	list = json_object_get(svc->req_json(req), "values");
	if (!json_is_array(list) || json_array_size(list) == 0)
		return (svc->respond_error(req, 422, "invalid_field", "values "
		    "must be a list of {disclosure, period_start, period_end, "
		    "value}", "values"));
	canon = json_array();
	json_array_foreach(list, i, v) {
		id = json_string_value(json_object_get(v, "disclosure"));
		ps = json_string_value(json_object_get(v, "period_start"));
		snprintf(field, sizeof(field), "values[%zu].disclosure", i);
		e = edition_pick(req, ps ? atoi(ps) : 0);
		if (e < 0 || id == NULL || (metrics = disclosure_metrics(
		    catalog[e], id)) == NULL) {
			json_decref(canon);
			snprintf(msg, sizeof(msg), "no disclosure '%s' in %s",
			    id ? id : "", e < 0 ? "this framework" :
			    self->editions[e].id);
			return (svc->respond_error(req, 422,
			    "unknown_disclosure", msg, field));
		}
		if (json_array_size(metrics) != 1) {
			json_decref(canon);
			snprintf(msg, sizeof(msg), "%s maps to %zu metrics: enter "
			    "one of its datapoints or the metrics themselves",
			    id, json_array_size(metrics));
			return (svc->respond_error(req, 422,
			    "ambiguous_disclosure", msg, field));
		}
		json_t *c = json_deep_copy(v);
		json_object_del(c, "disclosure");
		json_object_set(c, "metric_id", json_array_get(metrics, 0));
		json_array_append_new(canon, c);
	}
	rc = svc->metrics_post(req, canon);
	json_decref(canon);
	return (rc);
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

int
fw_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg, const struct framework *fw)
{
	static const struct {
		const char	*suffix;
		int		 role;
		cd_handler_fn	 fn;
	} routes[] = {
		{ "", CD_ROLE_PUBLIC, fw_describe },
		{ "/catalog", CD_ROLE_VIEWER, fw_catalog },
		{ "/status", CD_ROLE_VIEWER, NULL },
		{ "/report", CD_ROLE_VIEWER, fw_report },
	};
	char		 path[160], pattern[96], *why;
	struct cd_route	 route;

	svc = services;
	self = fw;
	if (fw->neditions > EDITIONS_MAX || !CD_SVC_HAS(svc, metrics_post)) {
		*errmsg = strdup("too many editions, or a host older than "
		    "ABI 1.2");
		return (CD_EINVAL);
	}
	for (size_t i = 0; i < fw->neditions; i++) {
		snprintf(path, sizeof(path), "%s/catalog/%s.yaml", fw->id,
		    fw->editions[i].id);
		if (svc->yaml_load(ctx, path, &catalog[i], errmsg) != CD_OK)
			return (CD_EINVAL);
		if ((why = catalog_problem(catalog[i], fw->editions[i].id,
		    svc->metric_dictionary(ctx))) != NULL) {
			size_t n = strlen(path) + strlen(why) + 3;
			if ((*errmsg = malloc(n)) != NULL)
				snprintf(*errmsg, n, "%s: %s", path, why);
			free(why);
			return (CD_EINVAL);
		}
	}
	if ((description = fw_description(fw)) == NULL) {
		*errmsg = strdup("cannot build the framework description");
		return (CD_ENOMEM);
	}
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		snprintf(pattern, sizeof(pattern), "/api/frameworks/%s%s",
		    fw->id, routes[i].suffix);
		route = (struct cd_route){ .size = sizeof(route),
		    .method = "GET", .pattern = pattern,
		    .min_role = routes[i].role, .handler = routes[i].fn ?
		    routes[i].fn : fw->status ? fw->status : fw_status };
		if (svc->route_add(ctx, &route, errmsg) != CD_OK)
			return (CD_EINVAL);
	}
	route = (struct cd_route){ .size = sizeof(route), .method = "POST",
	    .pattern = pattern, .min_role = CD_ROLE_EDITOR,
	    .body_limit = 1 << 20, .handler = fw_values };
	snprintf(pattern, sizeof(pattern), "/api/frameworks/%s/values", fw->id);
	if (svc->route_add(ctx, &route, errmsg) != CD_OK)
		return (CD_EINVAL);
	return (fw->init_extra ? fw->init_extra(ctx, errmsg) : CD_OK);
}

/* The table and data are valid only until fini: drop them. */
void
fw_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < EDITIONS_MAX; i++) {
		json_decref(catalog[i]);
		catalog[i] = NULL;
	}
	free(description);
	description = NULL;
	svc = NULL;
}
