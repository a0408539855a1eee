/*
 * What the MongoDB document store writes and asks for, built in one
 * place so every filter and every stored record starts with the
 * company: MongoDB has no row-level security.  For docstore_mongo.c and
 * its unit tests.
 */
#ifndef CD_DOCSTORE_MONGO_H
#define CD_DOCSTORE_MONGO_H

#include <stdint.h>

#include <bson/bson.h>
#include <jansson.h>

/* The one MongoDB collection, its unique index, the largest record. */
#define CD_MONGO_COLLECTION	"documents"
#define CD_MONGO_INDEX		"company_collection_id"
#define CD_MONGO_DOC_MAX	(16 * 1024 * 1024)

/*
 * {company_id, collection[, id]}: id NULL matches the whole collection.
 * *out is initialised, even on error.
 */
int		 cd_mongo_filter(bson_t *out, const char *company,
		    const char *collection, const char *id);
/*
 * The stored record: the filter's fields, then doc (a JSON object) and
 * updated_at (a date, ms since the epoch).  CD_EINVAL for a document
 * bson_json.c refuses or a record over CD_MONGO_DOC_MAX; *out is
 * initialised, even on error.
 */
int		 cd_mongo_record(bson_t *out, const char *company,
		    const char *collection, const char *id, const json_t *doc,
		    int64_t at_ms);

#endif
