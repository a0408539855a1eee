/*
 * YAML documents as JSON values, through libyaml's event parser: for
 * data files (catalogues, the metric dictionary) that the host and the
 * plugins read.  Plain scalars that read as null, booleans, integers or
 * decimals become those JSON types; quoted scalars stay strings.  An
 * error names the file, line and column.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cd.h"

#define YJ_DEPTH_MAX	64

struct yj {
	yaml_parser_t	 parser;
	const char	*file;
	char		**err;
};

static json_t	*yj_node(struct yj *, yaml_event_t *, int);

static int
yj_next(struct yj *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return (CD_OK);
	*y->err = cd_asprintf("%s:%zu:%zu: %s", y->file,
	    y->parser.problem_mark.line + 1, y->parser.problem_mark.column + 1,
	    y->parser.problem ? y->parser.problem : "YAML error");
	return (CD_EINVAL);
}

static json_t *
yj_fail(struct yj *y, const yaml_event_t *ev, const char *what)
{
	*y->err = cd_asprintf("%s:%zu: %s", y->file, ev->start_mark.line + 1,
	    what);
	return (NULL);
}

/* A plain scalar's JSON type, YAML 1.2 core schema style. */
static json_t *
yj_scalar(const yaml_event_t *ev)
{
	const char	*v = (const char *)ev->data.scalar.value;
	char		*end;
	long long	 n;
	double		 d;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return (json_stringn(v, ev->data.scalar.length));
	if (*v == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0)
		return (json_null());
	if (strcmp(v, "true") == 0)
		return (json_true());
	if (strcmp(v, "false") == 0)
		return (json_false());
	if (strspn(v, "0123456789+-.eE") == strlen(v)) {
		errno = 0;
		n = strtoll(v, &end, 10);
		if (errno == 0 && *end == '\0')
			return (json_integer(n));
		d = strtod(v, &end);
		if (*end == '\0')
			return (json_real(d));
	}
	return (json_stringn(v, ev->data.scalar.length));
}

static json_t *
yj_mapping(struct yj *y, int depth)
{
	yaml_event_t	 ev;
	json_t		*obj, *val;
	char		*key;

	obj = json_object();
	for (;;) {
		if (yj_next(y, &ev) != CD_OK)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return (obj);
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			yj_fail(y, &ev, "a key must be a plain value");
			yaml_event_delete(&ev);
			goto fail;
		}
		key = cd_strdup((const char *)ev.data.scalar.value);
		if (json_object_get(obj, key) != NULL) {
			char *what = cd_asprintf("key '%s' given twice", key);
			yj_fail(y, &ev, what);
			free(what);
			free(key);
			yaml_event_delete(&ev);
			goto fail;
		}
		yaml_event_delete(&ev);
		if (yj_next(y, &ev) != CD_OK) {
			free(key);
			goto fail;
		}
		val = yj_node(y, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (val == NULL) {
			free(key);
			goto fail;
		}
		json_object_set_new(obj, key, val);
		free(key);
	}
fail:
	json_decref(obj);
	return (NULL);
}

static json_t *
yj_sequence(struct yj *y, int depth)
{
	yaml_event_t	 ev;
	json_t		*arr, *val;

	arr = json_array();
	for (;;) {
		if (yj_next(y, &ev) != CD_OK)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return (arr);
		}
		val = yj_node(y, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (val == NULL)
			goto fail;
		json_array_append_new(arr, val);
	}
fail:
	json_decref(arr);
	return (NULL);
}

static json_t *
yj_node(struct yj *y, yaml_event_t *ev, int depth)
{
	if (depth > YJ_DEPTH_MAX)
		return (yj_fail(y, ev, "nested too deep"));
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (yj_scalar(ev));
	case YAML_MAPPING_START_EVENT:
		return (yj_mapping(y, depth));
	case YAML_SEQUENCE_START_EVENT:
		return (yj_sequence(y, depth));
	case YAML_ALIAS_EVENT:
		return (yj_fail(y, ev, "aliases are not supported"));
	default:
		return (yj_fail(y, ev, "unexpected YAML construct"));
	}
}

/* Parse len bytes of YAML (one document) named file in messages. */
json_t *
cd_yaml_parse(const char *buf, size_t len, const char *file, char **err)
{
	struct yj	 y;
	yaml_event_t	 ev;
	json_t		*root = NULL;

	memset(&y, 0, sizeof(y));
	y.file = file;
	y.err = err;
	if (!yaml_parser_initialize(&y.parser))
		cd_fatal("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)buf, len);
	for (;;) {
		if (yj_next(&y, &ev) != CD_OK)
			break;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			if (root == NULL)
				*err = cd_asprintf("%s: empty document", file);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT ||
		    ev.type == YAML_DOCUMENT_START_EVENT ||
		    ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (root != NULL) {
			yj_fail(&y, &ev, "only one document is allowed");
			yaml_event_delete(&ev);
			json_decref(root);
			root = NULL;
			break;
		}
		root = yj_node(&y, &ev, 0);
		yaml_event_delete(&ev);
		if (root == NULL)
			break;
	}
	yaml_parser_delete(&y.parser);
	return (root);
}

/* The same for a file of at most 16 MiB. */
json_t *
cd_yaml_load(const char *path, char **err)
{
	char	*buf;
	size_t	 len;
	json_t	*j;

	if ((buf = cd_file_read(path, 16 << 20, &len, err)) == NULL)
		return (NULL);
	j = cd_yaml_parse(buf, len, path, err);
	free(buf);
	return (j);
}
