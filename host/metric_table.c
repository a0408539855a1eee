/*
 * Table values: the rows of a table metric checked against its columns
 * (conf/metrics.yaml, `columns`) before they are stored as value_json.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"
#include "carbon.h"

#define ROWS_MAX	200		/* rows of one table value */
#define CELL_TEXT_MAX	2000		/* bytes of one text cell */
#define TABLE_JSON_MAX	(64 * 1024)	/* bytes of a value as compact JSON */

static void
refuse(struct cd_table_error *e, int status, const char *code,
    const char *field, const char *message)
{
	e->status = status;
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->message, sizeof(e->message), "%s", message);
}

/* The column of metric m named id, borrowed; NULL when there is none. */
static const json_t *
column(const json_t *m, const char *id)
{
	const json_t	*c;
	size_t		 i;

	json_array_foreach(json_object_get(m, "columns"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			return (c);
	return (NULL);
}

/*
 * A number column's bounds (conf/metrics.yaml): min (0 when not given),
 * max, and integer for whole numbers.
 */
static int
number_wrong(const json_t *c, const json_t *v)
{
	const json_t	*hi = json_object_get(c, "max");
	double		 d = json_number_value(v), lo = 0;

	if (json_object_get(c, "min") != NULL)
		lo = json_number_value(json_object_get(c, "min"));
	return (!json_is_number(v) || d < lo ||
	    (hi != NULL && d > json_number_value(hi)) ||
	    (json_is_true(json_object_get(c, "integer")) && d != floor(d)));
}

/* What a number column takes, as a sentence. */
static void
number_wants(const json_t *c, const char *id, char *msg, size_t len)
{
	const json_t	*hi = json_object_get(c, "max");
	double		 lo = 0;

	if (json_object_get(c, "min") != NULL)
		lo = json_number_value(json_object_get(c, "min"));
	if (hi != NULL)
		snprintf(msg, len, "'%s' takes a %s from %g to %g", id,
		    json_is_true(json_object_get(c, "integer")) ?
		    "whole number" : "number", lo, json_number_value(hi));
	else
		snprintf(msg, len, "'%s' takes a %s, %g or more", id,
		    json_is_true(json_object_get(c, "integer")) ?
		    "whole number" : "number", lo);
}

/* Check cell v of column c; 0 when it fits, else e filled. */
static int
cell_wrong(const json_t *c, const json_t *v, const char *field,
    struct cd_table_error *e)
{
	const char	*type = json_string_value(json_object_get(c, "type"));
	const char	*id = json_string_value(json_object_get(c, "id"));
	char		 msg[128];

	if (strcmp(type, "text") == 0) {
		if (json_is_string(v) && json_string_length(v) > CELL_TEXT_MAX) {
			snprintf(msg, sizeof(msg), "'%s' takes at most %d bytes",
			    id, CELL_TEXT_MAX);
			refuse(e, 413, "value_too_long", field, msg);
			return (1);
		}
		if (json_is_string(v) && json_string_length(v) > 0)
			return (0);
		snprintf(msg, sizeof(msg), "'%s' takes text of 1 to %d bytes",
		    id, CELL_TEXT_MAX);
	} else if (strcmp(type, "number") == 0) {
		if (!number_wrong(c, v))
			return (0);
		number_wants(c, id, msg, sizeof(msg));
	} else {
		if (json_is_boolean(v))
			return (0);
		snprintf(msg, sizeof(msg), "'%s' takes true or false", id);
	}
	refuse(e, 422, "invalid_value", field, msg);
	return (1);
}

/* Check row j; 0 when it fits the columns of m, else e filled. */
static int
row_wrong(const json_t *m, size_t j, const json_t *row,
    struct cd_table_error *e)
{
	const json_t	*c, *v;
	const char	*key, *id;
	char		 field[sizeof(e->field)], msg[160];
	size_t		 k;

	snprintf(field, sizeof(field), "value[%zu]", j);
	if (!json_is_object(row)) {
		refuse(e, 422, "invalid_value", field, "each row is an object "
		    "keyed by column id");
		return (1);
	}
	json_object_foreach((json_t *)row, key, v) {
		snprintf(field, sizeof(field), "value[%zu].%s", j, key);
		if ((c = column(m, key)) == NULL) {
			snprintf(msg, sizeof(msg), "%s has no column '%.64s'",
			    json_string_value(json_object_get(m, "id")), key);
			refuse(e, 422, "invalid_value", field, msg);
			return (1);
		}
		if (cell_wrong(c, v, field, e))
			return (1);
	}
	json_array_foreach(json_object_get(m, "columns"), k, c) {
		id = json_string_value(json_object_get(c, "id"));
		if (!json_is_true(json_object_get(c, "required")) ||
		    json_object_get(row, id) != NULL)
			continue;
		snprintf(field, sizeof(field), "value[%zu].%s", j, id);
		snprintf(msg, sizeof(msg), "'%s' is required in every row", id);
		refuse(e, 422, "invalid_value", field, msg);
		return (1);
	}
	return (0);
}

/*
 * The rows of table metric m checked against its columns, as compact
 * JSON text on the heap (the caller frees it); NULL when refused, with e
 * naming the status, code, field under values[i] and reason.
 */
char *
cd_table_text_new(const json_t *m, const json_t *rows, struct cd_table_error *e)
{
	const json_t	*row;
	char		*text, msg[128];
	size_t		 j;

	snprintf(msg, sizeof(msg), "%s is a table: a list of 1 to %d rows",
	    json_string_value(json_object_get(m, "id")), ROWS_MAX);
	if (!json_is_array(rows) || json_array_size(rows) == 0 ||
	    json_array_size(rows) > ROWS_MAX) {
		refuse(e, 422, "invalid_value", "value", msg);
		return (NULL);
	}
	if ((text = json_dumps(rows, JSON_COMPACT)) == NULL) {
		refuse(e, 500, "internal_error", "value", "out of memory");
		return (NULL);
	}
	if (strlen(text) > TABLE_JSON_MAX) {
		refuse(e, 413, "value_too_long", "value", "a table value is at "
		    "most 64 KiB as compact JSON");
		free(text);
		return (NULL);
	}
	json_array_foreach(rows, j, row)
		if (row_wrong(m, j, row, e)) {
			free(text);
			return (NULL);
		}
	return (text);
}
