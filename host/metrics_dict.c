/*
 * The canonical metric dictionary (conf/metrics.yaml): every metric a
 * framework maps to, with its unit, type and whether it is calculated from
 * stored emissions or reported.  Loaded once by the master; a bad file
 * stops the host, naming the metric and what is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"

static json_t	*dict;		/* the file as JSON */
static json_t	*by_id;		/* id -> metric (borrowed from dict) */

static const char *types[] = {
	"quantity", "percentage", "ratio", "narrative", "boolean", "table",
	NULL
};

static int
in(const char *const *list, const char *s)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return (1);
	return (0);
}

int
cd_dict_load(const char *path, char **err)
{
	static const char	*sources[] = { "calculated", "reported", NULL };
	json_t			*d, *list, *m;
	size_t			 i;

	if ((d = cd_yaml_load(path, err)) == NULL)
		return (CD_EINVAL);
	list = json_object_get(d, "metrics");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		*err = cd_asprintf("%s: no 'metrics' list", path);
		json_decref(d);
		return (CD_EINVAL);
	}
	by_id = json_object();
	json_array_foreach(list, i, m) {
		const char *id = json_string_value(json_object_get(m, "id"));
		const char *why = NULL;
		if (id == NULL || *id == '\0')
			why = "no id";
		else if (json_object_get(by_id, id) != NULL)
			why = "id given twice";
		else if (!json_is_string(json_object_get(m, "title")))
			why = "no title";
		else if (!in(types, json_string_value(json_object_get(m,
		    "type"))))
			why = "type must be quantity, percentage, ratio, "
			    "narrative, boolean or table";
		else if (!in(sources, json_string_value(json_object_get(m,
		    "source"))))
			why = "source must be calculated or reported";
		if (why != NULL) {
			*err = cd_asprintf("%s: metric #%zu (%s): %s", path,
			    i + 1, id ? id : "?", why);
			json_decref(by_id);
			json_decref(d);
			by_id = NULL;
			return (CD_EINVAL);
		}
		json_object_set(by_id, id, m);
	}
	dict = d;
	return (CD_OK);
}

/* The metric with this id, borrowed; NULL when unknown. */
const json_t *
cd_dict_metric(const char *id)
{
	return (by_id && id ? json_object_get(by_id, id) : NULL);
}

/* The whole dictionary, borrowed. */
const json_t *
cd_dict_json(void)
{
	return (dict);
}
