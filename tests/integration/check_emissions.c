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
	return (h_call_json(&h, method, path, a.access, body, status));
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
		{ "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
		  "\"quantity\":1.7e308,\"unit\":\"GJ\",\"period_start\":"
		  "\"2024-01-01\",\"period_end\":\"2024-01-31\"}",
		  "out_of_range", "quantity" },
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
	/* -0 is a quantity of 0, and no mass comes out as -0. */
	struct resp r;
	ck_assert_int_eq(h_call(&h, "POST", "/api/calculate", a.access,
	    "{\"category\":\"probe_fuel\",\"activity\":\"" NG_PATH "\","
	    "\"quantity\":-0.0,\"unit\":\"kWh\",\"period_start\":"
	    "\"2024-01-01\",\"period_end\":\"2024-01-31\"}", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_msg(strstr(r.body, "-0") == NULL, "%s", r.body);
	h_resp_free(&r);
}
END_TEST

/*
 * A filter whose bytes are not UTF-8 once decoded is the client's
 * mistake: 400 with the JSON error, not the database's 500.
 */
START_TEST(query_not_utf8_is_a_client_error)
{
	static const char *const paths[] = {
	    "/api/emissions?category=%ff", "/api/emissions?format=csv&"
	    "category=caf%e9", "/api/activities?category=%c3", NULL };
	long	st;

	for (int i = 0; paths[i] != NULL; i++) {
		json_t *j = call("GET", paths[i], NULL, &st);
		const json_t *e = json_object_get(j, "error");
		ck_assert_msg(st == 400, "%s: status %ld", paths[i], st);
		ck_assert_str_eq(json_string_value(json_object_get(e, "code")),
		    "invalid_query");
		json_decref(j);
	}
	json_decref(call("GET", "/api/activities?category=caf%c3%a9", NULL,
	    &st));
	ck_assert_int_eq(st, 200);
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


/* The summary's total (tonnes, location-based) for year and approach. */
static double
summary_total(int year, const char *approach, json_t **out)
{
	char	 path[128];
	long	 st;
	json_t	*j;
	double	 t;

	snprintf(path, sizeof(path), "/api/emissions/summary?year=%d%s%s",
	    year, approach ? "&approach=" : "", approach ? approach : "");
	j = call("GET", path, NULL, &st);
	ck_assert_int_eq(st, 200);
	t = json_real_value(json_object_get(json_object_get(j, "totals"),
	    "location"));
	if (out != NULL)
		*out = j;
	else
		json_decref(j);
	return (t);
}

/* SQL's own sum of the company's current rows of a year, in tonnes. */
static double
sql_total(int year)
{
	char	sql[256], out[64];

	snprintf(sql, sizeof(sql), "SELECT coalesce(sum(co2e_kg), 0) / 1000 "
	    "FROM emissions WHERE company_id = '%s' AND current AND "
	    "extract(year FROM period_start) = %d", a.company, year);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	return (strtod(out, NULL));
}

static void
store(const char *body)
{
	long	 st;
	json_t	*j = call("POST", "/api/activities", body, &st);

	ck_assert_msg(st == 201, "store: %ld", st);
	json_decref(j);
}

static char *
id_of(const char *path, const char *body)
{
	long	 st;
	json_t	*j = call("POST", path, body, &st);
	char	*id;

	ck_assert_msg(st == 201, "%s: %ld", path, st);
	id = strdup(json_string_value(json_object_get(j, "id")));
	json_decref(j);
	return (id);
}

START_TEST(summary_matches_rows_through_every_change)
{
	char	*b, *body, q[160];
	long	 st;
	json_t	*j, *acts;

	/* 2022 only: the other tests use 2024. */
	for (int m = 1; m <= 3; m++) {
		char start[16];
		snprintf(start, sizeof(start), "2022-%02d-01", m);
		b = rec(NG_PATH, 1000.0 * m, "kWh", start, NULL);
		store(b);
		free(b);
	}
	ck_assert_double_eq_tol(summary_total(2022, NULL, &j), sql_total(2022),
	    1e-9);
	ck_assert_double_gt(sql_total(2022), 0);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(j, "by_month"),
	    "03"));
	json_decref(j);

	/* A recalculation with another set: new rows, old ones kept. */
	body = strdup("{\"year\":2022,\"factor_set\":\"desnz-2024\"}");
	j = call("POST", "/api/emissions/recalculate", body, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "activities")),
	    3);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j,
	    "factor_sets"), 0)), "desnz-2024");
	json_decref(j);
	free(body);
	/* Old and new rows tie on every sort key but id: pages neither
	   repeat nor skip a row. */
	{
		char ids[6][40];
		for (int k = 0; k < 6; k++) {
			json_t *pg, *row;
			snprintf(q, sizeof(q), "/api/emissions?year=2022&all=true"
			    "&limit=1&offset=%d", k);
			pg = call("GET", q, NULL, &st);
			ck_assert_int_eq(st, 200);
			ck_assert_int_eq(json_integer_value(json_object_get(pg,
			    "total")), 6);
			row = json_array_get(json_object_get(pg, "emissions"), 0);
			snprintf(ids[k], sizeof(ids[k]), "%s", json_string_value(
			    json_object_get(row, "id")));
			for (int m = 0; m < k; m++)
				ck_assert_str_ne(ids[m], ids[k]);
			json_decref(pg);
		}
	}
	/* A set or GWP that does not exist is refused, rows or not. */
	j = call("POST", "/api/emissions/recalculate",
	    "{\"year\":2031,\"factor_set\":\"made-up-2031\"}", &st);
	ck_assert_int_eq(st, 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "code")), "unknown_factor_set");
	json_decref(j);
	j = call("POST", "/api/emissions/recalculate",
	    "{\"year\":2031,\"gwp\":\"AR4\"}", &st);
	ck_assert_int_eq(st, 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "field")), "gwp");
	json_decref(j);
	ck_assert_double_eq_tol(summary_total(2022, NULL, &j), sql_total(2022),
	    1e-9);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j,
	    "factor_sets"), 0)), "desnz-2024");
	json_decref(j);
	ck_assert_double_eq_tol(sql_total(2022), 6000 * h_factor(
	    "uk-desnz-2024.csv", NG24, 4) / 1000, 1e-9);
	snprintf(q, sizeof(q), "SELECT count(*) FROM emissions WHERE "
	    "company_id = '%s' AND NOT current", a.company);
	ck_assert_int_eq(sql_count(q), 3);

	/* A delete takes its emissions, and the cached summary moves. */
	j = call("GET", "/api/activities?year=2022", NULL, &st);
	acts = json_object_get(j, "activities");
	ck_assert_int_eq(json_array_size(acts), 3);
	snprintf(q, sizeof(q), "/api/activities/%s", json_string_value(
	    json_object_get(json_array_get(acts, 0), "id")));
	json_decref(j);
	j = call("DELETE", q, NULL, &st);
	ck_assert_int_eq(st, 204);
	json_decref(j);
	ck_assert_double_eq_tol(summary_total(2022, NULL, NULL),
	    sql_total(2022), 1e-9);
	ck_assert_double_eq_tol(sql_total(2022), 5000 * h_factor(
	    "uk-desnz-2024.csv", NG24, 4) / 1000, 1e-9);
}
END_TEST

START_TEST(equity_share_and_control)
{
	static const struct { const char *approach; double share; } cases[] = {
		{ "equity", 0.4 }, { "operational", 1.0 }, { "financial", 0.0 },
	};
	char	*ent, *fac, body[512], *b;
	/* 2021 is before every DESNZ set: the earliest, 2023, applies. */
	double	 f = h_factor("uk-desnz-2023.csv", NG23, 4);

	ent = id_of("/api/entities", "{\"name\":\"JV Ltd\",\"ownership_pct\":"
	    "40,\"operational_control\":true,\"financial_control\":false}");
	snprintf(body, sizeof(body), "{\"name\":\"JV plant\",\"entity_id\":"
	    "\"%s\",\"country\":\"GB\"}", ent);
	fac = id_of("/api/facilities", body);
	snprintf(body, sizeof(body), "\"facility_id\":\"%s\"", fac);
	b = rec(NG_PATH, 10000, "kWh", "2021-06-01", body);
	store(b);
	free(b);
	for (size_t i = 0; i < 3; i++) {
		json_t *j;
		double t = summary_total(2021, cases[i].approach, &j);
		ck_assert_double_eq_tol(t, 10000 * f / 1000 * cases[i].share,
		    1e-9);
		ck_assert_double_eq_tol(json_real_value(json_object_get(
		    json_array_get(json_object_get(j, "by_entity"), 0),
		    "scope1")), 10000 * f / 1000 * cases[i].share, 1e-9);
		json_decref(j);
	}
	free(ent);
	free(fac);
}
END_TEST

/* The family a preview runs under (calc_probe puts it in the note). */
static char *
preview_family(void)
{
	char	*b = rec(NG_PATH, 1, "kWh", "2024-01-01", "\"family\":\"desnz\"");
	long	 st;
	json_t	*j = call("POST", "/api/calculate", b, &st);
	char	*fam;

	ck_assert_int_eq(st, 200);
	fam = strdup(json_string_value(json_object_get(first_result(j),
	    "note")));
	json_decref(j);
	free(b);
	return (fam);
}

START_TEST(settings_reach_calculations_at_once)
{
	static const char *const regions[] = { "US", "UK" };
	static const char *const families[] = { "epa-hub", "desnz" };
	char	 body[64], *fam;
	long	 st;

	/* Warm every thread's cached environment, then move the setting. */
	for (int i = 0; i < 16; i++) {
		fam = preview_family();
		ck_assert_str_eq(fam, "desnz");
		free(fam);
	}
	for (size_t k = 0; k < 2; k++) {
		snprintf(body, sizeof(body), "{\"region\":\"%s\"}",
		    regions[k]);
		json_decref(call("PUT", "/api/settings/emissions", body, &st));
		ck_assert_int_eq(st, 200);
		for (int i = 0; i < 16; i++) {
			fam = preview_family();
			ck_assert_str_eq(fam, families[k]);
			free(fam);
		}
	}
}
END_TEST

/* A page past the end is empty and still says how many rows match. */
START_TEST(page_past_the_end_keeps_total)
{
	json_t		*j;
	json_int_t	 total;
	long		 st;

	j = call("GET", "/api/emissions?limit=1", NULL, &st);
	ck_assert_int_eq(st, 200);
	total = json_integer_value(json_object_get(j, "total"));
	ck_assert_int_gt(total, 1);
	json_decref(j);
	j = call("GET", "/api/emissions?limit=5&offset=100000", NULL, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "emissions")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "total")),
	    total);
	json_decref(j);
}
END_TEST

/*
 * A number beyond 64-bit integers (1e19 kWh) is stored as NUMERIC and
 * JSONB, which PostgreSQL prints in plain digits: every answer that reads
 * it back must still come, with the number.  The company is its own, so
 * the other tests' counts are untouched.
 */
START_TEST(numbers_beyond_64_bits_read_back)
{
	struct h_account	 b;
	json_t			*j;
	const json_t		*act, *v;
	char			*body;
	long			 st;

	h_register(&h, "Big Numbers Co", "owner@big.example", &b);
	body = rec(NG_PATH, 1e19, "kWh", "2022-01-01", NULL);
	j = h_call_json(&h, "POST", "/api/activities", b.access, body, &st);
	ck_assert_int_eq(st, 201);
	json_decref(j);
	free(body);

	j = h_call_json(&h, "GET", "/api/activities?year=2022", b.access,
	    NULL, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "total")), 1);
	act = json_array_get(json_object_get(j, "activities"), 0);
	ck_assert_double_eq_tol(json_number_value(json_object_get(act,
	    "quantity")), 1e19, 1e4);
	ck_assert_int_eq(json_array_size(json_object_get(act, "emissions")),
	    1);
	json_decref(j);

	j = h_call_json(&h, "GET", "/api/emissions?year=2022", b.access, NULL,
	    &st);
	ck_assert_int_eq(st, 200);
	v = json_object_get(json_array_get(json_object_get(j, "emissions"), 0),
	    "gases");
	ck_assert_msg(json_is_object(v), "gases dropped");
	ck_assert_double_gt(json_number_value(json_object_get(v, "co2_kg")),
	    1e18);
	json_decref(j);

	j = h_call_json(&h, "POST", "/api/emissions/recalculate", b.access,
	    "{\"year\":2022,\"gwp\":\"AR6\"}", &st);
	ck_assert_int_eq(st, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "activities")),
	    1);
	json_decref(j);

	/* A table value of the same size is reported, not dropped. */
	j = h_call_json(&h, "POST", "/api/esg/metrics", b.access,
	    "{\"metric_id\":\"ghg.intensity.other\",\"period_start\":"
	    "\"2022-01-01\",\"period_end\":\"2022-12-31\",\"value\":"
	    "[{\"denominator\":\"units\",\"ratio\":1e20}]}", &st);
	ck_assert_int_eq(st, 201);
	json_decref(j);
	j = h_call_json(&h, "GET", "/api/esg/metrics?year=2022", b.access,
	    NULL, &st);
	ck_assert_int_eq(st, 200);
	v = json_array_get(json_object_get(json_object_get(json_object_get(j,
	    "values"), "ghg.intensity.other"), "value"), 0);
	ck_assert_msg(v != NULL, "the table value was dropped");
	ck_assert_double_eq_tol(json_number_value(json_object_get(v,
	    "ratio")), 1e20, 1e5);
	json_decref(j);
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
	tcase_add_test(tc, query_not_utf8_is_a_client_error);
	tcase_add_test(tc, batch_all_or_nothing);
	tcase_add_test(tc, summary_matches_rows_through_every_change);
	tcase_add_test(tc, equity_share_and_control);
	tcase_add_test(tc, settings_reach_calculations_at_once);
	tcase_add_test(tc, page_past_the_end_keeps_total);
	tcase_add_test(tc, numbers_beyond_64_bits_read_back);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
