/*
 * Factor sets over REST: the shipped sets listed and searched, and a
 * company's own set uploaded as CSV, versioned (never edited in place),
 * named by records as "name" (its latest version) or "name@vN", with bad
 * uploads refused by line.  Calculations use the calc_probe fixture.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define HEADER	"id,category,activity,unit,co2e_kg_per_unit,co2_kg,ch4_kg," \
		"n2o_kg,gas_basis,gwp_set,region,year,source_document," \
		"publisher,edition_year,table,scope,source_row_id,notes\n"
#define ROW(v)	"fuels/site-gas/kwh,fuels,Site gas,kWh," v ",,,,co2e total," \
		"AR5,UK,2024,Supplier statement 2024,Acme Gas Ltd,2024," \
		"Annex 2,Scope 1,,\n"

static struct services	svc;
static struct host	h;
static struct h_account	a;

static void
suite_up(void)
{
	char	yaml[512];

	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n",
	    h_build());
	ck_assert_int_eq(h_start_stack(&h, &svc, yaml), 0);
	h_register(&h, "Sets Co", "owner@sets.example", &a);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static json_t *
get(const char *path)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_call(&h, "GET", path, a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	return (j);
}

static long
upload(const char *csv, char *field, size_t len, const char *key)
{
	struct resp	r;
	long		st;

	ck_assert_int_eq(h_post_csv(&h, "/api/factor-sets?name=acme", a.access,
	    csv, NULL, &r), 0);
	st = r.status;
	if (field != NULL && h_json_str(&r, key, field, len) != 0)
		field[0] = '\0';
	h_resp_free(&r);
	return (st);
}

/* co2e_kg of 1000 kWh of site gas with factor_set set. */
static double
co2e_with(const char *set)
{
	struct resp	 r;
	char		 body[512];
	json_t		*j;
	double		 v;

	snprintf(body, sizeof(body), "{\"category\":\"probe_fuel\",\"activity\":"
	    "\"fuels/site-gas\",\"quantity\":1000,\"unit\":\"kWh\","
	    "\"period_start\":\"2024-01-01\",\"period_end\":\"2024-01-31\","
	    "\"factor_set\":\"%s\"}", set);
	ck_assert_int_eq(h_call(&h, "POST", "/api/calculate", a.access, body,
	    &r), 0);
	ck_assert_msg(r.status == 200, "%s: %ld %s", set, r.status, r.body);
	j = json_loads(r.body, 0, NULL);
	v = json_real_value(json_object_get(json_array_get(json_object_get(
	    json_array_get(json_object_get(j, "records"), 0), "results"), 0),
	    "co2e_kg"));
	json_decref(j);
	h_resp_free(&r);
	return (v);
}

START_TEST(shipped_sets_listed_and_searched)
{
	json_t	*j = get("/api/factor-sets"), *s;
	size_t	 i;
	int	 desnz = 0, useeio = 0;

	json_array_foreach(json_object_get(j, "factor_sets"), i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));
		if (strcmp(id, "desnz-2024") == 0)
			desnz = json_integer_value(json_object_get(s, "rows")) >
			    2000;
		if (strcmp(id, "useeio-v1.3") == 0)
			useeio = json_integer_value(json_object_get(s, "rows"))
			    == 1016;
	}
	ck_assert(desnz && useeio);
	json_decref(j);

	j = get("/api/factor-sets/desnz-2024/factors?q=natural-gas&category="
	    "fuels");
	ck_assert_int_ge(json_integer_value(json_object_get(j, "total")), 4);
	s = json_array_get(json_object_get(j, "factors"), 0);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(s,
	    "id")), "natural-gas"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(s,
	    "source_document")), "2024"));
	json_decref(j);
}
END_TEST

START_TEST(company_set_versioned_and_used)
{
	char	id[64];

	ck_assert_int_eq(upload(HEADER ROW("0.5"), id, sizeof(id), "id"), 201);
	ck_assert_str_eq(id, "acme@v1");
	ck_assert_int_eq(upload(HEADER ROW("0.4"), id, sizeof(id), "id"), 201);
	ck_assert_str_eq(id, "acme@v2");
	/* The name takes the latest version; a version stays as it was. */
	ck_assert_double_eq_tol(co2e_with("acme"), 400, 1e-9);
	ck_assert_double_eq_tol(co2e_with("acme@v1"), 500, 1e-9);
	ck_assert_double_eq_tol(co2e_with("acme@v2"), 400, 1e-9);
	json_t *j = get("/api/factor-sets/acme@v1/factors");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
}
END_TEST

START_TEST(bad_uploads_refused)
{
	char	msg[512];

	ck_assert_int_eq(upload("id,category,unit\nx/y,z,kWh\n", msg,
	    sizeof(msg), "error.code"), 422);
	ck_assert_str_eq(msg, "invalid_header");
	ck_assert_int_eq(upload("id,category,unit\nx/y,z,kWh\n", msg,
	    sizeof(msg), "error.message"), 422);
	ck_assert_msg(strstr(msg, "co2e_kg_per_unit") && strstr(msg,
	    "source_document"), "names the missing columns: %s", msg);
	ck_assert_int_eq(upload(HEADER ROW("0.5") ROW("lots"), msg,
	    sizeof(msg), "error.message"), 422);
	ck_assert_msg(strstr(msg, "line 3") != NULL, "names the line: %s", msg);
	ck_assert_int_eq(upload(HEADER, msg, sizeof(msg), "error.code"), 422);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("factor_sets");
	tc = tcase_create("sets");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, shipped_sets_listed_and_searched);
	tcase_add_test(tc, company_set_versioned_and_used);
	tcase_add_test(tc, bad_uploads_refused);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
