/*
 * Unit tests for host/bson_json.c against the real libbson: JSON to BSON
 * and back gives the same JSON (nested documents, int32 and int64 at
 * their limits, doubles, Unicode, empty objects and arrays, a document
 * at the depth limit), the BSON types are the ones documented, types
 * with no JSON twin read as Extended JSON, and what cannot be stored is
 * refused.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "harness.h"

#include "cd.h"
#include "bson_json.h"
#include "../json_nested.h"

/* JSON text -> jansson -> BSON -> jansson: equal to the first parse. */
static void
round_trip(const char *text)
{
	json_error_t	 e;
	json_t		*in, *out;
	bson_t		 b;
	char		*got;

	in = json_loads(text, 0, &e);
	ck_assert_msg(in != NULL, "test JSON: %s", e.text);
	ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
	out = cd_bson_to_json(&b);
	ck_assert_ptr_nonnull(out);
	got = json_dumps(out, JSON_COMPACT);
	ck_assert_msg(json_equal(in, out), "round trip of %s gave %s", text,
	    got);
	free(got);
	json_decref(out);
	json_decref(in);
	bson_destroy(&b);
}

/* The BSON type of the top-level member key after converting text. */
static bson_type_t
type_of(const char *text, const char *key)
{
	json_t		*in;
	bson_t		 b;
	bson_iter_t	 it;
	bson_type_t	 t;

	in = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
	ck_assert(bson_iter_init_find(&it, &b, key));
	t = bson_iter_type(&it);
	bson_destroy(&b);
	json_decref(in);
	return (t);
}

START_TEST(nested_documents)
{
	round_trip("{\"a\":{\"b\":{\"c\":[1,{\"d\":[[],[{}],\"x\"]},null]},"
	    "\"e\":true},\"f\":false,\"g\":[[[\"deep\"]]]}");
	round_trip("{\"list\":[{\"id\":1,\"tags\":[\"a\",\"b\"]},"
	    "{\"id\":2,\"tags\":[]}]}");
}
END_TEST

START_TEST(integers_int32_and_int64)
{
	round_trip("{\"zero\":0,\"one\":1,\"neg\":-1,"
	    "\"i32max\":2147483647,\"i32min\":-2147483648,"
	    "\"over\":2147483648,\"under\":-2147483649,"
	    "\"i64max\":9223372036854775807,"
	    "\"i64min\":-9223372036854775808}");
	ck_assert_int_eq(type_of("{\"v\":2147483647}", "v"), BSON_TYPE_INT32);
	ck_assert_int_eq(type_of("{\"v\":-2147483648}", "v"), BSON_TYPE_INT32);
	ck_assert_int_eq(type_of("{\"v\":2147483648}", "v"), BSON_TYPE_INT64);
	ck_assert_int_eq(type_of("{\"v\":-2147483649}", "v"), BSON_TYPE_INT64);
	ck_assert_int_eq(type_of("{\"v\":9223372036854775807}", "v"),
	    BSON_TYPE_INT64);
}
END_TEST

START_TEST(big_int64_exact)
{
	json_t		*in, *out;
	bson_t		 b;
	bson_iter_t	 it;

	in = json_pack("{s:I, s:I}", "max", (json_int_t)INT64_MAX, "odd",
	    (json_int_t)9007199254740993LL);	/* 2^53 + 1: not a double */
	ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
	ck_assert(bson_iter_init_find(&it, &b, "odd"));
	ck_assert(bson_iter_int64(&it) == 9007199254740993LL);
	out = cd_bson_to_json(&b);
	ck_assert(json_is_integer(json_object_get(out, "odd")));
	ck_assert(json_integer_value(json_object_get(out, "odd")) ==
	    9007199254740993LL);
	ck_assert(json_integer_value(json_object_get(out, "max")) ==
	    INT64_MAX);
	json_decref(out);
	json_decref(in);
	bson_destroy(&b);
}
END_TEST

START_TEST(doubles)
{
	json_t	*in, *out;
	bson_t	 b;
	double	 v[] = { 0.1, -2.5, 1.0, 3.0e300, -1.0e-300, DBL_MIN,
	    DBL_MAX, 4.9406564584124654e-324, 1e20, 123456789.123456789 };

	round_trip("{\"a\":0.1,\"b\":-2.5,\"c\":1.0,\"d\":1e300,"
	    "\"e\":[1.5,2.25]}");
	ck_assert_int_eq(type_of("{\"v\":1.0}", "v"), BSON_TYPE_DOUBLE);
	/* Every bit: the same double comes back, and stays a real. */
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		in = json_pack("{s:f}", "v", v[i]);
		ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
		out = cd_bson_to_json(&b);
		ck_assert(json_is_real(json_object_get(out, "v")));
		ck_assert_msg(json_real_value(json_object_get(out, "v")) ==
		    v[i], "%.17g changed", v[i]);
		json_decref(out);
		json_decref(in);
		bson_destroy(&b);
	}
}
END_TEST

START_TEST(unicode)
{
	json_t		*in, *out;
	bson_t		 b;
	bson_iter_t	 it;
	const char	*s;
	uint32_t	 len;

	round_trip("{\"name\":\"Zo\\u00eb \\u2014 \\u6f22\\u5b57\","
	    "\"emoji\":\"\\ud83c\\udf0d CO\\u2082e\","
	    "\"\\u00e9t\\u00e9\":\"key too\",\"bmp_end\":\"\\uffff\"}");
	/* The bytes in BSON are the UTF-8 bytes. */
	in = json_pack("{s:s}", "v", "\xe6\xbc\xa2\xf0\x9f\x8c\x8d");
	ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
	ck_assert(bson_iter_init_find(&it, &b, "v"));
	s = bson_iter_utf8(&it, &len);
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(memcmp(s, "\xe6\xbc\xa2\xf0\x9f\x8c\x8d", 7), 0);
	out = cd_bson_to_json(&b);
	ck_assert(json_equal(in, out));
	json_decref(out);
	json_decref(in);
	bson_destroy(&b);
}
END_TEST

START_TEST(empty_objects_and_arrays)
{
	round_trip("{}");
	round_trip("{\"o\":{},\"a\":[],\"s\":\"\",\"n\":null,\"aa\":[[]],"
	    "\"ao\":[{}],\"\":\"empty key\"}");
	ck_assert_int_eq(type_of("{\"a\":[]}", "a"), BSON_TYPE_ARRAY);
	ck_assert_int_eq(type_of("{\"o\":{}}", "o"), BSON_TYPE_DOCUMENT);
}
END_TEST

START_TEST(key_order_and_array_keys)
{
	json_t		*in;
	bson_t		 b;
	bson_iter_t	 it, arr;
	const char	*want[] = { "zeta", "alpha", "mid" };
	int		 i;

	in = json_loads("{\"zeta\":1,\"alpha\":[\"a\",\"b\",\"c\"],"
	    "\"mid\":2}", 0, NULL);
	ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
	ck_assert(bson_iter_init(&it, &b));
	for (i = 0; bson_iter_next(&it); i++)
		ck_assert_str_eq(bson_iter_key(&it), want[i]);
	ck_assert_int_eq(i, 3);
	/* A BSON array's keys are "0", "1", ... in order. */
	ck_assert(bson_iter_init_find(&it, &b, "alpha"));
	ck_assert(bson_iter_recurse(&it, &arr));
	for (i = 0; bson_iter_next(&arr); i++) {
		char k[16];
		snprintf(k, sizeof(k), "%d", i);
		ck_assert_str_eq(bson_iter_key(&arr), k);
	}
	ck_assert_int_eq(i, 3);
	json_decref(in);
	bson_destroy(&b);
}
END_TEST

START_TEST(depth_limit)
{
	json_t	*at, *over, *out, *arr;
	bson_t	 b, child, grand;

	/* At the limit: stored and read back equal. */
	at = nested(CD_DOC_DEPTH_MAX);
	ck_assert_int_eq(cd_bson_from_json(at, &b), CD_OK);
	out = cd_bson_to_json(&b);
	ck_assert_ptr_nonnull(out);
	ck_assert(json_equal(at, out));
	json_decref(out);
	bson_destroy(&b);
	/* The same depth as a member of a record (cd_bson_append_json). */
	bson_init(&b);
	ck_assert_int_eq(cd_bson_append_json(&b, "doc", at), CD_OK);
	bson_destroy(&b);
	json_decref(at);

	/* One deeper: refused, as an object and through an array. */
	over = nested(CD_DOC_DEPTH_MAX + 1);
	ck_assert_int_eq(cd_bson_from_json(over, &b), CD_EINVAL);
	bson_destroy(&b);
	bson_init(&b);
	ck_assert_int_eq(cd_bson_append_json(&b, "doc", over), CD_EINVAL);
	bson_destroy(&b);
	json_decref(over);
	/* {"a": [[...[]...]]}: the object, then CD_DOC_DEPTH_MAX arrays. */
	arr = json_array();
	for (int i = 1; i < CD_DOC_DEPTH_MAX; i++) {
		json_t *up = json_array();
		json_array_append_new(up, arr);
		arr = up;
	}
	over = json_pack("{s:o}", "a", arr);
	ck_assert_int_eq(cd_bson_from_json(over, &b), CD_EINVAL);
	bson_destroy(&b);
	json_decref(over);

	/* BSON deeper than the limit (from another writer): not read. */
	at = nested(CD_DOC_DEPTH_MAX);
	ck_assert_int_eq(cd_bson_from_json(at, &b), CD_OK);
	json_decref(at);
	bson_init(&grand);
	ck_assert(bson_append_document_begin(&grand, "d", 1, &child));
	ck_assert(bson_concat(&child, &b));
	ck_assert(bson_append_document_end(&grand, &child));
	ck_assert_ptr_null(cd_bson_to_json(&grand));
	bson_destroy(&grand);
	bson_destroy(&b);
}
END_TEST

/* The JSON text cd_bson_to_json gives for a document made with libbson. */
static char *
as_json(const bson_t *b)
{
	json_t	*j;
	char	*s;

	j = cd_bson_to_json(b);
	ck_assert_ptr_nonnull(j);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return (s);
}

START_TEST(types_without_json_twin)
{
	bson_t			 b;
	bson_oid_t		 oid;
	bson_decimal128_t	 dec;
	const uint8_t		 bin[3] = { 1, 2, 255 };
	char			*s;

	bson_init(&b);
	bson_oid_init_from_string(&oid, "65f1a2b3c4d5e6f708192a3b");
	ck_assert(BSON_APPEND_OID(&b, "oid", &oid));
	ck_assert(BSON_APPEND_DATE_TIME(&b, "at", 1714555800123LL));
	ck_assert(bson_decimal128_from_string("12.50", &dec));
	ck_assert(BSON_APPEND_DECIMAL128(&b, "dec", &dec));
	ck_assert(BSON_APPEND_BINARY(&b, "bin", BSON_SUBTYPE_BINARY, bin, 3));
	ck_assert(BSON_APPEND_DOUBLE(&b, "nan", NAN));
	ck_assert(BSON_APPEND_DOUBLE(&b, "inf", -INFINITY));
	ck_assert(BSON_APPEND_INT32(&b, "plain", 7));
	s = as_json(&b);
	ck_assert_str_eq(s, "{\"at\":{\"$date\":\"2024-05-01T09:30:00.123Z\"},"
	    "\"bin\":{\"$binary\":{\"base64\":\"AQL/\",\"subType\":\"00\"}},"
	    "\"dec\":{\"$numberDecimal\":\"12.50\"},"
	    "\"inf\":{\"$numberDouble\":\"-Infinity\"},"
	    "\"nan\":{\"$numberDouble\":\"NaN\"},"
	    "\"oid\":{\"$oid\":\"65f1a2b3c4d5e6f708192a3b\"},\"plain\":7}");
	free(s);
	bson_destroy(&b);
}
END_TEST

START_TEST(refused)
{
	json_t	*j;
	bson_t	 b;

	/* Not an object. */
	j = json_array();
	ck_assert_int_eq(cd_bson_from_json(j, &b), CD_EINVAL);
	bson_destroy(&b);
	json_decref(j);
	/* A key holding NUL: BSON keys are C strings. */
	j = json_object();
	json_object_setn_new(j, "a\0b", 3, json_true());
	ck_assert_int_eq(cd_bson_from_json(j, &b), CD_EINVAL);
	bson_destroy(&b);
	json_decref(j);
	/* Bytes that are not UTF-8, slipped past jansson's own check. */
	j = json_object();
	json_object_set_new(j, "s", json_stringn_nocheck("\xff\xfe", 2));
	ck_assert_int_eq(cd_bson_from_json(j, &b), CD_EINVAL);
	bson_destroy(&b);
	json_decref(j);
}
END_TEST

START_TEST(nul_in_string_value)
{
	/* BSON strings carry their length: NUL inside survives. */
	json_t	*in, *out;
	bson_t	 b;

	in = json_object();
	json_object_set_new(in, "s", json_stringn("a\0b", 3));
	ck_assert_int_eq(cd_bson_from_json(in, &b), CD_OK);
	out = cd_bson_to_json(&b);
	ck_assert_uint_eq(json_string_length(json_object_get(out, "s")), 3);
	ck_assert(json_equal(in, out));
	json_decref(out);
	json_decref(in);
	bson_destroy(&b);
}
END_TEST

START_TEST(bad_bson_not_read)
{
	bson_t	 b;
	uint8_t	 data[32];

	/* A document whose string claims more bytes than it has. */
	bson_init(&b);
	ck_assert(BSON_APPEND_UTF8(&b, "s", "hello"));
	ck_assert_uint_lt(b.len, sizeof(data));
	memcpy(data, bson_get_data(&b), b.len);
	data[7] = 0x7f;			/* the string's length */
	bson_destroy(&b);
	if (bson_init_static(&b, data, 18))
		ck_assert_ptr_null(cd_bson_to_json(&b));
	/* Invalid UTF-8 written by another client. */
	bson_init(&b);
	ck_assert(bson_append_utf8(&b, "s", 1, "\xc3\x28", 2));
	ck_assert_ptr_null(cd_bson_to_json(&b));
	bson_destroy(&b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("bson_json");
	tc = tcase_create("round trips");
	tcase_add_test(tc, nested_documents);
	tcase_add_test(tc, integers_int32_and_int64);
	tcase_add_test(tc, big_int64_exact);
	tcase_add_test(tc, doubles);
	tcase_add_test(tc, unicode);
	tcase_add_test(tc, empty_objects_and_arrays);
	tcase_add_test(tc, key_order_and_array_keys);
	tcase_add_test(tc, depth_limit);
	tcase_add_test(tc, types_without_json_twin);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, nul_in_string_value);
	tcase_add_test(tc, bad_bson_not_read);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
