/* Unit tests for host/jsonw.c: the same text as jansson's compact dump. */
#include "harness.h"

#include <float.h>
#include <math.h>

#include "cd.h"

/* What w holds, as a string the caller frees. */
static char *
text_of(struct cd_jsonw *w)
{
	size_t	len;
	char	*s = cd_jsonw_release(w, &len);

	ck_assert_uint_eq(strlen(s), len);
	return (s);
}

static void
same_as_jansson(json_t *v, char *got)
{
	char	*want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	ck_assert_ptr_nonnull(want);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	json_decref(v);
}

START_TEST(reals)
{
	static const double	v[] = { 0.0, -0.0, 1.0, -1.0, 1234.0, 0.1829,
	    225.6986, 0.012339999999999999, 0.00041909433962264154, 1e-5,
	    1.5e-7, 1e20, 1e21, 1e22, -2.5e-300, 1.5e300, 123456789012345678.0,
	    1e16, 1e17, 5e-324, DBL_MAX, DBL_MIN, 3.0e-100, 0.1 + 0.2 };
	struct cd_jsonw		w;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cd_jsonw_init(&w, 0);
		cd_jsonw_real(&w, v[i]);
		same_as_jansson(json_real(v[i]), text_of(&w));
	}
	cd_jsonw_init(&w, 0);
	cd_jsonw_real(&w, NAN);
	cd_jsonw_real(&w, INFINITY);
	char *s = text_of(&w);
	ck_assert_str_eq(s, "null,null");
	free(s);
}
END_TEST

START_TEST(strings)
{
	static const char *const v[] = { "", "plain", "a \"quoted\" \\ path/",
	    "tab\there\nnew\rline\b\f", "\x01\x1f\x7f", "kWh (Gross CV)",
	    "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e \xef\xbf\xbd",
	    "CO\xe2\x82\x82" "e" };
	struct cd_jsonw		w;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cd_jsonw_init(&w, 0);
		cd_jsonw_str(&w, v[i]);
		same_as_jansson(json_string(v[i]), text_of(&w));
	}
}
END_TEST

/* jansson refuses these; the writer puts U+FFFD for each bad byte. */
START_TEST(invalid_utf8)
{
	static const struct {
		const char	*in, *out;
	} v[] = {
		{ "a\xff" "b", "\"a\xef\xbf\xbd" "b\"" },
		{ "cut \xe2\x82", "\"cut \xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\"" },
	};
	struct cd_jsonw		w;
	json_t			*back;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ck_assert_ptr_null(json_string(v[i].in));
		cd_jsonw_init(&w, 0);
		cd_jsonw_str(&w, v[i].in);
		char *s = text_of(&w);
		ck_assert_str_eq(s, v[i].out);
		back = json_loads(s, JSON_DECODE_ANY, NULL);
		ck_assert_ptr_nonnull(back);
		json_decref(back);
		free(s);
	}
}
END_TEST

START_TEST(structure)
{
	struct cd_jsonw	w;

	cd_jsonw_init(&w, 4);	/* small: the buffer has to grow */
	cd_jsonw_open(&w, '{');
	cd_jsonw_key(&w, "records");
	cd_jsonw_open(&w, '[');
	for (int i = 0; i < 3; i++) {
		cd_jsonw_open(&w, '{');
		cd_jsonw_key(&w, "index");
		cd_jsonw_int(&w, i);
		cd_jsonw_key(&w, "results");
		cd_jsonw_open(&w, '[');
		cd_jsonw_close(&w, ']');
		cd_jsonw_key(&w, "note");
		cd_jsonw_str(&w, NULL);
		cd_jsonw_key(&w, "k\"ey");
		cd_jsonw_null(&w);
		cd_jsonw_close(&w, '}');
	}
	cd_jsonw_close(&w, ']');
	cd_jsonw_key(&w, "big");
	cd_jsonw_int(&w, -9007199254740993LL);
	cd_jsonw_key(&w, "empty");
	cd_jsonw_open(&w, '{');
	cd_jsonw_close(&w, '}');
	/* Members in one call each. */
	cd_jsonw_kstr(&w, "s", "t\u00e9");
	cd_jsonw_kint(&w, "i", 42);
	cd_jsonw_kreal(&w, "r", 0.25);
	cd_jsonw_kstr(&w, "n", NULL);
	cd_jsonw_close(&w, '}');

	json_t *recs = json_array();
	for (int i = 0; i < 3; i++)
		json_array_append_new(recs, json_pack("{s:i, s:[], s:n, s:n}",
		    "index", i, "results", "note", "k\"ey"));
	same_as_jansson(json_pack("{s:o, s:I, s:{}, s:s, s:i, s:f, s:n}",
	    "records", recs, "big", (json_int_t)-9007199254740993LL, "empty",
	    "s", "t\u00e9", "i", 42, "r", 0.25, "n"), text_of(&w));
}
END_TEST

/* A writer given up half way (a refused record) frees what it holds. */
START_TEST(cleanup)
{
	struct cd_jsonw	w;

	cd_jsonw_init(&w, 0);
	cd_jsonw_open(&w, '[');
	cd_jsonw_str(&w, "left behind");
	cd_jsonw_cleanup(&w);
	cd_jsonw_cleanup(&w);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("jsonw");
	TCase	*tc = tcase_create("jsonw");

	tcase_add_test(tc, reals);
	tcase_add_test(tc, strings);
	tcase_add_test(tc, invalid_utf8);
	tcase_add_test(tc, structure);
	tcase_add_test(tc, cleanup);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
