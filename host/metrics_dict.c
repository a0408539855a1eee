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
#include "carbon.h"

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

#define COLUMNS_MAX	32	/* columns of one table metric */
#define COLUMN_ID_MAX	32	/* bytes of a column id */

/* Whether s is a column id: a lower-case letter, then letters, digits, _. */
static int
column_id(const char *s)
{
	size_t	n;

	if (s == NULL || *s < 'a' || *s > 'z')
		return (0);
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
	return (s[n] == '\0' && n <= COLUMN_ID_MAX);
}

/* Whether c's bounds (min, max, integer) are wrong for its type. */
static int
bounds_wrong(const json_t *c, const char *type)
{
	const json_t	*lo = json_object_get(c, "min");
	const json_t	*hi = json_object_get(c, "max");
	const json_t	*whole = json_object_get(c, "integer");

	if (lo == NULL && hi == NULL && whole == NULL)
		return (0);
	if (strcmp(type, "number") != 0 || (lo != NULL && !json_is_number(lo)) ||
	    (hi != NULL && !json_is_number(hi)) ||
	    (whole != NULL && !json_is_boolean(whole)))
		return (1);
	return (lo != NULL && hi != NULL &&
	    json_number_value(lo) > json_number_value(hi));
}

/* Why column c (#n) of a table metric is wrong, into why; 0 when right. */
static int
column_wrong(const json_t *c, size_t n, const json_t *seen, char *why,
    size_t len)
{
	static const char	*ctypes[] = { "text", "number", "boolean", NULL };
	static const char	*keys[] = { "id", "title", "type", "unit",
	    "required", "min", "max", "integer", NULL };
	const char		*id, *type, *key;
	const json_t		*v;

	id = json_string_value(json_object_get(c, "id"));
	type = json_string_value(json_object_get(c, "type"));
	if (!json_is_object(c))
		snprintf(why, len, "column #%zu is not a mapping", n);
	else if (!column_id(id))
		snprintf(why, len, "column #%zu: id must be a lower-case "
		    "letter, then letters, digits or _ (at most %d)", n,
		    COLUMN_ID_MAX);
	else if (json_object_get(seen, id) != NULL)
		snprintf(why, len, "column '%s' given twice", id);
	else if (!json_is_string(json_object_get(c, "title")) ||
	    json_string_length(json_object_get(c, "title")) == 0)
		snprintf(why, len, "column '%s': no title", id);
	else if (!in(ctypes, type))
		snprintf(why, len, "column '%s': type must be text, number or "
		    "boolean", id);
	else if (!json_is_boolean(json_object_get(c, "required")))
		snprintf(why, len, "column '%s': required must be true or "
		    "false", id);
	else if ((v = json_object_get(c, "unit")) != NULL &&
	    (!json_is_string(v) || strcmp(type, "number") != 0))
		snprintf(why, len, "column '%s': only a number column has a "
		    "unit, and it is a string", id);
	else if (bounds_wrong(c, type))
		snprintf(why, len, "column '%s': min, max and integer are for "
		    "number columns: min and max numbers, min <= max, integer "
		    "true or false", id);
	else {
		json_object_foreach((json_t *)c, key, v)
			if (!in(keys, key)) {
				snprintf(why, len, "column '%s': unknown field "
				    "'%s'", id, key);
				return (1);
			}
		return (0);
	}
	return (1);
}

/*
 * Why metric m's columns are wrong, into why; 0 when right.  Table
 * metrics have columns and no unit of their own; the others no columns.
 */
static int
columns_wrong(const json_t *m, char *why, size_t len)
{
	const json_t	*cols = json_object_get(m, "columns"), *c;
	json_t		*seen;
	size_t		 i;
	int		 wrong = 0;

	if (strcmp(json_string_value(json_object_get(m, "type")), "table") != 0) {
		if (cols != NULL)
			snprintf(why, len, "only a table metric has columns");
		return (cols != NULL);
	}
	if (json_object_get(m, "unit") != NULL) {
		snprintf(why, len, "a table metric has no unit: give its number "
		    "columns units");
		return (1);
	}
	if (!json_is_array(cols) || json_array_size(cols) == 0 ||
	    json_array_size(cols) > COLUMNS_MAX) {
		snprintf(why, len, "a table metric needs columns: a list of 1 "
		    "to %d", COLUMNS_MAX);
		return (1);
	}
	seen = json_object();
	json_array_foreach(cols, i, c) {
		if ((wrong = column_wrong(c, i + 1, seen, why, len)) != 0)
			break;
		json_object_set_new(seen, json_string_value(json_object_get(c,
		    "id")), json_true());
	}
	json_decref(seen);
	return (wrong);
}

int
cd_dict_load(const char *path, char **err)
{
	static const char	*sources[] = { "calculated", "reported", NULL };
	json_t			*d, *list, *m, *ids;
	char			 buf[160];
	size_t			 i;

	if ((d = cd_yaml_load(path, err)) == NULL)
		return (CD_EINVAL);
	list = json_object_get(d, "metrics");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		*err = cd_asprintf("%s: no 'metrics' list", path);
		json_decref(d);
		return (CD_EINVAL);
	}
	ids = json_object();
	json_array_foreach(list, i, m) {
		const char *id = json_string_value(json_object_get(m, "id"));
		const char *why = NULL;
		if (id == NULL || *id == '\0')
			why = "no id";
		else if (json_object_get(ids, id) != NULL)
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
		else if (columns_wrong(m, buf, sizeof(buf)))
			why = buf;
		if (why != NULL) {
			*err = cd_asprintf("%s: metric #%zu (%s): %s", path,
			    i + 1, id ? id : "?", why);
			json_decref(ids);
			json_decref(d);
			return (CD_EINVAL);
		}
		json_object_set(ids, id, m);
	}
	/* A new dictionary replaces the one loaded before (tests load many). */
	json_decref(by_id);
	json_decref(dict);
	by_id = ids;
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
