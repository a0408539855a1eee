/*
 * A JSON document nested a given number of objects deep, for the depth
 * limits the unit and integration tests both check.
 */
#ifndef CD_TEST_JSON_NESTED_H
#define CD_TEST_JSON_NESTED_H

#include <jansson.h>

/* {"d": {"d": ... {}}}: levels objects deep, the outer one included. */
static inline json_t *
nested(int levels)
{
	json_t	*doc, *inner;

	doc = json_object();
	for (int i = 1; i < levels; i++) {
		inner = json_object();
		json_object_set_new(inner, "d", doc);
		doc = inner;
	}
	return (doc);
}

#endif
