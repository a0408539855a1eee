/*
 * Unit tests for the document store without servers (host/docstore.c,
 * host/docstore_mongo.c): the backend the configuration picks and a
 * mongo_url that does not parse; the same argument and document checks
 * in front of both backends (run once per backend); and the MongoDB
 * records and filters, which must carry the company, since MongoDB has
 * no row-level security.  The live behaviour of both backends is
 * tests/integration/check_docstore.c.
 */
#include "harness.h"

#include "cd.h"
#include "bson_json.h"
#include "docstore_mongo.h"
#include "../json_nested.h"

#define COMPANY		"7d0c59a4-3f5e-4b6e-9b43-2d2a8f8b1c11"
#define OTHER		"0b7f1e9a-8c2d-4e55-a1b0-6f3c9d2e7a40"

static struct cd_config	c;

static void
backend(int which)
{
	char	*err = NULL;

	memset(&c, 0, sizeof(c));
	c.docstore = which;
	c.db_timeout_ms = 5000;
	snprintf(c.mongo_url, sizeof(c.mongo_url),
	    "mongodb://127.0.0.1:1/cd_unit");
	ck_assert_msg(cd_docs_init(&c, &err) == CD_OK, "%s", err);
}

static void
teardown(void)
{
	cd_docs_cleanup();
}

START_TEST(backend_from_config)
{
	char	*err = NULL;

	backend(CD_DOCSTORE_POSTGRES);
	ck_assert_str_eq(cd_docs_backend(), "postgres");
	ck_assert_int_eq(cd_docs_worker_start(), CD_OK);
	cd_docs_worker_stop();
	backend(CD_DOCSTORE_MONGODB);
	ck_assert_str_eq(cd_docs_backend(), "mongodb");
	/* The pool is made, not connected: no server is needed for this. */
	ck_assert_int_eq(cd_docs_worker_start(), CD_OK);
	cd_docs_worker_stop();
	cd_docs_cleanup();
	ck_assert_str_eq(cd_docs_backend(), "postgres");

	/* A URL that does not parse stops the host before it listens. */
	memset(&c, 0, sizeof(c));
	c.docstore = CD_DOCSTORE_MONGODB;
	snprintf(c.mongo_url, sizeof(c.mongo_url), "http://db:27017/cd");
	ck_assert_int_eq(cd_docs_init(&c, &err), CD_EINVAL);
	ck_assert_msg(strncmp(err, "mongo_url is not a MongoDB URL: ", 32) ==
	    0, "got '%s'", err);
	free(err);
	err = NULL;
	snprintf(c.mongo_url, sizeof(c.mongo_url), "mongodb://");
	ck_assert_int_eq(cd_docs_init(&c, &err), CD_EINVAL);
	free(err);
	err = NULL;
	snprintf(c.mongo_url, sizeof(c.mongo_url), "mongodb://h/%0*d", 70, 0);
	ck_assert_int_eq(cd_docs_init(&c, &err), CD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "database name is longer"));
	free(err);
	/* And the store stays what it was. */
	ck_assert_str_eq(cd_docs_backend(), "postgres");
}
END_TEST

START_TEST(document_checks)
{
	json_t	*d;

	d = nested(CD_DOC_DEPTH_MAX);
	ck_assert(cd_docs_doc_valid(d));
	json_decref(d);
	d = nested(CD_DOC_DEPTH_MAX + 1);
	ck_assert(!cd_docs_doc_valid(d));
	json_decref(d);
	d = json_array();
	ck_assert(!cd_docs_doc_valid(d));
	json_decref(d);
	d = json_pack("{s:[s]}", "a", "x");
	ck_assert(cd_docs_doc_valid(d));
	json_array_append_new(json_object_get(d, "a"),
	    json_stringn("a\0b", 3));
	ck_assert(!cd_docs_doc_valid(d));	/* JSONB refuses \u0000 */
	json_decref(d);
	d = json_object();
	json_object_setn_new(d, "k\0", 2, json_null());
	ck_assert(!cd_docs_doc_valid(d));
	json_decref(d);
}
END_TEST

/*
 * The same calls refused with the same codes, whichever backend is
 * configured, before any server is asked; a valid call reaches the
 * backend, which answers CD_EUNAVAIL here (no database, no pool).
 */
static void
interface_checks(void)
{
	struct cd_req	 r;
	json_t		*doc, *deep, *out;
	char		 id[130];

	memset(&r, 0, sizeof(r));
	doc = json_pack("{s:s}", "k", "v");
	deep = nested(CD_DOC_DEPTH_MAX + 1);

	/* No company: nothing. */
	ck_assert_int_eq(cd_docs_put(&r, "notes", "n1", doc), CD_EPERM);
	ck_assert_int_eq(cd_docs_get(&r, "notes", "n1", &out), CD_EPERM);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(cd_docs_delete(&r, "notes", "n1"), CD_EPERM);
	ck_assert_int_eq(cd_docs_list(&r, "notes", 10, 0, &out), CD_EPERM);
	ck_assert_ptr_null(out);

	snprintf(r.company, sizeof(r.company), "%s", COMPANY);
	/* Collections: [a-z0-9_.]{1,64}. */
	ck_assert_int_eq(cd_docs_put(&r, "Notes", "n1", doc), CD_EINVAL);
	ck_assert_int_eq(cd_docs_put(&r, "", "n1", doc), CD_EINVAL);
	ck_assert_int_eq(cd_docs_put(&r, NULL, "n1", doc), CD_EINVAL);
	ck_assert_int_eq(cd_docs_put(&r, "a$b", "n1", doc), CD_EINVAL);
	ck_assert_int_eq(cd_docs_get(&r, "a b", "n1", &out), CD_EINVAL);
	ck_assert_int_eq(cd_docs_list(&r, "x-y", 10, 0, &out), CD_EINVAL);
	/* Ids: 1..128 bytes of UTF-8. */
	memset(id, 'x', 129);
	id[129] = '\0';
	ck_assert_int_eq(cd_docs_put(&r, "notes", id, doc), CD_EINVAL);
	ck_assert_int_eq(cd_docs_delete(&r, "notes", ""), CD_EINVAL);
	ck_assert_int_eq(cd_docs_get(&r, "notes", "\xff", &out), CD_EINVAL);
	/* Documents: an object, not too deep. */
	ck_assert_int_eq(cd_docs_put(&r, "notes", "n1", json_object_get(doc,
	    "k")), CD_EINVAL);
	ck_assert_int_eq(cd_docs_put(&r, "notes", "n1", deep), CD_EINVAL);
	/* Pages: 1..1000. */
	ck_assert_int_eq(cd_docs_list(&r, "notes", 0, 0, &out), CD_EINVAL);
	ck_assert_int_eq(cd_docs_list(&r, "notes", 1001, 0, &out), CD_EINVAL);
	ck_assert_int_eq(cd_docs_list(&r, "notes", 10, (size_t)INT64_MAX + 1,
	    &out), CD_EINVAL);

	/* Valid: the backend is asked, and it has nothing to ask. */
	memset(id, 'x', 128);
	id[128] = '\0';
	ck_assert_int_eq(cd_docs_put(&r, "a.b_9", id, doc), CD_EUNAVAIL);
	ck_assert_int_eq(cd_docs_get(&r, "notes", "n1", &out), CD_EUNAVAIL);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(cd_docs_delete(&r, "notes", "n1"), CD_EUNAVAIL);
	ck_assert_int_eq(cd_docs_list(&r, "notes", 1000, 0, &out),
	    CD_EUNAVAIL);
	ck_assert_ptr_null(out);
	json_decref(deep);
	json_decref(doc);
}

START_TEST(interface_postgres)
{
	backend(CD_DOCSTORE_POSTGRES);
	interface_checks();
}
END_TEST

START_TEST(interface_mongodb)
{
	backend(CD_DOCSTORE_MONGODB);
	interface_checks();
}
END_TEST

/* The filter as relaxed Extended JSON, keys in their order. */
static char *
ext(const bson_t *b)
{
	return (bson_as_relaxed_extended_json(b, NULL));
}

START_TEST(mongo_filters_carry_the_company)
{
	bson_t		 f;
	bson_iter_t	 it;
	char		*s;

	ck_assert_int_eq(cd_mongo_filter(&f, COMPANY, "notes", "n1"), CD_OK);
	s = ext(&f);
	ck_assert_str_eq(s, "{ \"company_id\" : \"" COMPANY "\", "
	    "\"collection\" : \"notes\", \"id\" : \"n1\" }");
	bson_free(s);
	bson_destroy(&f);
	/* A whole collection (list): still the company first. */
	ck_assert_int_eq(cd_mongo_filter(&f, OTHER, "csrd.materiality", NULL),
	    CD_OK);
	ck_assert(bson_iter_init(&it, &f));
	ck_assert(bson_iter_next(&it));
	ck_assert_str_eq(bson_iter_key(&it), "company_id");
	ck_assert_str_eq(bson_iter_utf8(&it, NULL), OTHER);
	s = ext(&f);
	ck_assert_str_eq(s, "{ \"company_id\" : \"" OTHER "\", "
	    "\"collection\" : \"csrd.materiality\" }");
	bson_free(s);
	bson_destroy(&f);
	/* An id that looks like an operator is only ever a value. */
	ck_assert_int_eq(cd_mongo_filter(&f, COMPANY, "notes",
	    "{\"$ne\": null}"), CD_OK);
	ck_assert(bson_iter_init_find(&it, &f, "id"));
	ck_assert(BSON_ITER_HOLDS_UTF8(&it));
	ck_assert_str_eq(bson_iter_utf8(&it, NULL), "{\"$ne\": null}");
	bson_destroy(&f);
}
END_TEST

START_TEST(mongo_records_carry_the_company)
{
	bson_t		 rec, sub;
	bson_iter_t	 it;
	const uint8_t	*data;
	uint32_t	 len;
	json_t		*doc, *back, *big;
	const char	*keys[] = { "company_id", "collection", "id", "doc",
	    "updated_at" };
	int		 i;

	doc = json_loads("{\"topic\":\"E1\",\"score\":4.5,\"tags\":[\"a\"]}",
	    0, NULL);
	ck_assert_int_eq(cd_mongo_record(&rec, COMPANY, "csrd.materiality",
	    "2024", doc, 1714555800123LL), CD_OK);
	ck_assert(bson_iter_init(&it, &rec));
	for (i = 0; bson_iter_next(&it); i++)
		ck_assert_str_eq(bson_iter_key(&it), keys[i]);
	ck_assert_int_eq(i, 5);
	ck_assert(bson_iter_init_find(&it, &rec, "company_id"));
	ck_assert_str_eq(bson_iter_utf8(&it, NULL), COMPANY);
	ck_assert(bson_iter_init_find(&it, &rec, "updated_at"));
	ck_assert(BSON_ITER_HOLDS_DATE_TIME(&it));
	ck_assert(bson_iter_date_time(&it) == 1714555800123LL);
	ck_assert(bson_iter_init_find(&it, &rec, "doc"));
	ck_assert(BSON_ITER_HOLDS_DOCUMENT(&it));
	bson_iter_document(&it, &len, &data);
	ck_assert(bson_init_static(&sub, data, len));
	back = cd_bson_to_json(&sub);
	ck_assert(json_equal(doc, back));
	json_decref(back);
	bson_destroy(&rec);

	/* Past MongoDB's 16 MiB: refused here, not by the server. */
	big = json_object();
	{
		char *s = malloc(CD_MONGO_DOC_MAX);
		memset(s, 'x', CD_MONGO_DOC_MAX - 1);
		s[CD_MONGO_DOC_MAX - 1] = '\0';
		json_object_set_new(big, "s", json_string(s));
		free(s);
	}
	ck_assert_int_eq(cd_mongo_record(&rec, COMPANY, "notes", "big", big,
	    0), CD_EINVAL);
	bson_destroy(&rec);
	json_decref(big);
	json_decref(doc);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("docstore_unit");
	tc = tcase_create("no servers");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, backend_from_config);
	tcase_add_test(tc, document_checks);
	tcase_add_test(tc, interface_postgres);
	tcase_add_test(tc, interface_mongodb);
	tcase_add_test(tc, mongo_filters_carry_the_company);
	tcase_add_test(tc, mongo_records_carry_the_company);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
