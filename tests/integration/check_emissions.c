/*
 * Calculations and stored activities through the host's calculation
 * services, with the calc_probe fixture (tests/plugins/calc_probe.c) so
 * that what is tested here is the host: factor-set choice by year and
 * region, unit conversion, provenance, refusals of bad records, batches
 * stored all or nothing.  Expected values are computed from the shipped
 * factor rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define NG24	"desnz-2024/fuels/gaseous-fuels/natural-gas/kwh-gross-cv"
#define NG23	"desnz-2023/fuels/gaseous-fuels/natural-gas/kwh-gross-cv"
#define NG_PATH	"fuels/gaseous-fuels/natural-gas"

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
	h_register(&h, "Emissions Co", "owner@em.example", &a);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* POST body to path; the parsed answer (decref it) and *status. */
static json_t *
call(const char *method, const char *path, const char *body, long *status)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_call(&h, method, path, a.access, body, &r), 0);
	*status = r.status;
	j = json_loads(r.body ? r.body : "null", JSON_DECODE_ANY, NULL);
	if (j == NULL)
		j = json_null();
	h_resp_free(&r);
	return (j);
}

static char *
rec(const char *activity, double q, const char *unit, const char *start,
    const char *extra)
{
	char	*s;

	ck_assert_int_gt(asprintf(&s, "{\"category\":\"probe_fuel\","
	    "\"activity\":\"%s\",\"quantity\":%.17g,\"unit\":\"%s\","
	    "\"period_start\":\"%s\",\"period_end\":\"%.4s-12-31\"%s%s}",
	    activity, q, unit, start, start, extra ? "," : "",
	    extra ? extra : ""), 0);
	return (s);
}

static const json_t *
first_result(const json_t *j)
{
	return (json_array_get(json_object_get(json_array_get(
	    json_object_get(j, "records"), 0), "results"), 0));
}

static long long
sql_count(const char *sql)
{
	char	out[64];

	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	return (atoll(out));
}

START_TEST(factor_set_follows_the_year)
{
	static const struct { const char *start, *id, *file; } cases[] = {
		{ "2024-01-01", NG24, "uk-desnz-2024.csv" },
		{ "2023-03-01", NG23, "uk-desnz-2023.csv" },
		{ "2026-01-01", NG24, "uk-desnz-2024.csv" },	/* nearest before */
		{ "2019-01-01", NG23, "uk-desnz-2023.csv" },	/* earliest */
	};
	long	 st;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *b = rec(NG_PATH, 1234.5, "kWh", cases[i].start, NULL);
		json_t *j = call("POST", "/api/calculate", b, &st);
		const json_t *r = first_result(j);
		double f = h_factor(cases[i].file, cases[i].id, 4);
		ck_assert_int_eq(st, 200);
		ck_assert(isfinite(f) && f > 0);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(r, "factor"), "id")), cases[i].id);
		ck_assert_double_eq_tol(json_real_value(json_object_get(r,
		    "co2e_kg")), 1234.5 * f, 1e-9);
		/* Provenance: source document, GWP set, calculator. */
		ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
		    json_object_get(r, "factor"), "source")), "Conversion "
		    "Factors"));
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(r, "factor"), "gwp")), "AR5");
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(r, "calculator"), "name")), "calc_probe");
		json_decref(j);
		free(b);
	}
}
END_TEST

START_TEST(units_convert_or_are_refused)
{
	double	 f = h_factor("uk-desnz-2024.csv", NG24, 4);
	char	*b, msg[256];
	long	 st;
	json_t	*j;

	b = rec(NG_PATH, 2.5, "MWh", "2024-01-01", NULL);
	j = call("POST", "/api/calculate", b, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_double_eq_tol(json_real_value(json_object_get(
	    first_result(j), "co2e_kg")), 2500 * f, 1e-9);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    first_result(j), "quantity"), "unit")), "kWh (Gross CV)");
	json_decref(j);
	free(b);

	b = rec(NG_PATH, 2.5, "km", "2024-01-01", NULL);
	j = call("POST", "/api/calculate", b, &st);
	ck_assert_int_eq(st, 422);
	snprintf(msg, sizeof(msg), "%s", json_string_value(json_object_get(
	    json_object_get(j, "error"), "message")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "code")), "unit_mismatch");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "field")), "unit");
	ck_assert_msg(strstr(msg, "'km'") && strstr(msg, "kWh (Gross CV)"),
	    "the message names both units: %s", msg);
	json_decref(j);
	free(b);
}
END_TEST

START_TEST(bad_records_refused)
{
	static const struct { const char *body, *code, *field; } cases[] = {
		{ "{\"category\":\"nope\",\"activity\":\"x\",\"quantity\":1,"
		  "\"unit\":\"kWh\",\"period_start\":\"2024-01-01\","
		  "\"period_end\":\"2024-01-31\"}", "unknown_category",
		  "category" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"no/such/fuel\","
		  "\"quantity\":1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\"}",
		  "unknown_activity", "activity" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":-1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\"}",
		  "invalid_field", "quantity" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":\"12\",\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\"}",
		  "invalid_field", "quantity" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-02-01\",\"period_end\":\"2024-01-31\"}",
		  "invalid_field", "period_end" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-02-30\",\"period_end\":\"2024-03-31\"}",
		  "invalid_field", "period_start" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\","
		  "\"factor_set\":\"made-up-2024\"}", "unknown_factor_set",
		  "factor_set" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\","
		  "\"gwp\":\"AR4\"}", "invalid_field", "gwp" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":1,\"unit\":\"kWh\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\","
		  "\"fail\":true}", "invalid_field", "fail" },
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"unit\":\"kWh\",\"period_start\":\"2024-01-01\","
		  "\"period_end\":\"2024-01-31\"}", "missing_field",
		  "quantity" },
	};
	long	st;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = call("POST", "/api/calculate", cases[i].body, &st);
		const json_t *e = json_object_get(j, "error");
		ck_assert_msg(st == 422, "case %zu: status %ld", i, st);
		ck_assert_str_eq(json_string_value(json_object_get(e, "code")),
		    cases[i].code);
		ck_assert_str_eq(json_string_value(json_object_get(e,
		    "field")), cases[i].field);
		json_decref(j);
	}
	/* A malformed result from a plugin is its bug: 422, never stored. */
	char *b = rec(NG_PATH, 1, "kWh", "2024-01-01", "\"bad_result\":true");
	json_t *j = call("POST", "/api/calculate", b, &st);
	ck_assert_int_eq(st, 422);
	json_decref(j);
	free(b);
}
END_TEST

START_TEST(batch_all_or_nothing)
{
	char	*r0, *r1, *r2, *body, q[256];
	long	 st;
	json_t	*j;

	r0 = rec(NG_PATH, 100, "kWh", "2024-01-01", NULL);
	r1 = rec(NG_PATH, -5, "kWh", "2024-02-01", NULL);
	r2 = rec(NG_PATH, 300, "kWh", "2024-03-01", NULL);
	ck_assert_int_gt(asprintf(&body, "{\"records\":[%s,%s,%s]}", r0, r1,
	    r2), 0);
	j = call("POST", "/api/activities", body, &st);
	ck_assert_int_eq(st, 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "field")), "records[1].quantity");
	json_decref(j);
	snprintf(q, sizeof(q), "SELECT count(*) FROM activities WHERE "
	    "company_id = '%s'", a.company);
	ck_assert_int_eq(sql_count(q), 0);
	free(body);

	ck_assert_int_gt(asprintf(&body, "{\"records\":[%s,%s]}", r0, r2), 0);
	j = call("POST", "/api/activities", body, &st);
	ck_assert_int_eq(st, 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "stored")), 2);
	json_decref(j);
	ck_assert_int_eq(sql_count(q), 2);
	snprintf(q, sizeof(q), "SELECT round(sum(co2e_kg) * 1000) FROM "
	    "emissions WHERE company_id = '%s' AND current", a.company);
	ck_assert_int_eq(sql_count(q), llround(400 * h_factor(
	    "uk-desnz-2024.csv", NG24, 4) * 1000));
	free(body);
	free(r0);
	free(r1);
	free(r2);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("emissions");
	tc = tcase_create("calculate");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, factor_set_follows_the_year);
	tcase_add_test(tc, units_convert_or_are_refused);
	tcase_add_test(tc, bad_records_refused);
	tcase_add_test(tc, batch_all_or_nothing);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
