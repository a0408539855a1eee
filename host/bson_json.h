/*
 * BSON <-> JSON (jansson) with libbson, for the MongoDB document store.
 * Only docstore_mongo.c and the unit tests include it, so the rest of
 * the host never sees libbson's headers.
 *
 * JSON to BSON: object, array, string (UTF-8), integer (int32 when it
 * fits, else int64), real (double), true, false, null.  Refused
 * (CD_EINVAL): anything nested deeper than CD_DOC_DEPTH_MAX (the document
 * is level 1), a key holding NUL, invalid UTF-8.
 *
 * BSON to JSON: document, array, UTF-8, int32, int64, finite double,
 * bool, null map back one to one.  Every other type (ObjectId, date,
 * decimal128, binary, regex, timestamp, min/max key, code, symbol, DB
 * pointer, undefined) and non-finite doubles become their relaxed
 * Extended JSON v2 object, written by libbson: {"$oid": "..."},
 * {"$date": "2024-05-01T09:30:00Z"}, {"$numberDecimal": "1.5"},
 * {"$binary": {"base64": "...", "subType": "00"}}, {"$numberDouble":
 * "NaN"}.  That way is one-way: written back, such an object is an
 * ordinary JSON object.  NULL for nesting deeper than CD_DOC_DEPTH_MAX,
 * invalid UTF-8 or a corrupt document.
 */
#ifndef CD_BSON_JSON_H
#define CD_BSON_JSON_H

#include <bson/bson.h>
#include <jansson.h>

/* A new document from a JSON object: *out is initialised, even on error. */
int		 cd_bson_from_json(const json_t *, bson_t *out);
/* Append a JSON object as the sub-document named key. */
int		 cd_bson_append_json(bson_t *, const char *key,
		    const json_t *);
/* A new JSON object from a document; the caller decrefs it. */
json_t		*cd_bson_to_json(const bson_t *);

#endif
