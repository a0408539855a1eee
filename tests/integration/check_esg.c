/*
 * Reported ESG metric values and what frameworks read from them, against
 * a real PostgreSQL: the dictionary, validation of entered values (unknown
 * metric, wrong unit, wrong type, narrative size), the latest value per
 * year, stored emissions taking precedence over an entered value, and
 * calculated metrics consolidated by the company's approach.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;
static struct h_account	a;

static void
suite_up(void)
{
	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "ESG Co", "owner@esg.example", &a);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static long
post(const char *body, char *code, size_t len, char *field, size_t flen)
{
	struct resp	r;
	long		status;

	h_call(&h, "POST", "/api/esg/metrics", a.access, body, &r);
	status = r.status;
	if (code != NULL && h_json_str(&r, "error.code", code, len) != 0)
		code[0] = '\0';
	if (field != NULL && h_json_str(&r, "error.field", field, flen) != 0)
		field[0] = '\0';
	h_resp_free(&r);
	return (status);
}

/* The value of metric in GET /api/esg/metrics?year=, as JSON text. */
static char *
value_of(int year, const char *metric)
{
	struct resp	 r;
	char		 path[64], *out = NULL;
	json_t		*j, *v;

	snprintf(path, sizeof(path), "/api/esg/metrics?year=%d", year);
	ck_assert_int_eq(h_call(&h, "GET", path, a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	v = json_object_get(json_object_get(j, "values"), metric);
	if (v != NULL)
		out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	h_resp_free(&r);
	return (out);
}

START_TEST(dictionary_served)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_call(&h, "GET", "/api/metrics/dictionary", a.access,
	    NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	ck_assert_int_ge(json_array_size(json_object_get(j, "metrics")), 30);
	ck_assert_ptr_nonnull(strstr(r.body, "\"ghg.scope1.gross\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"ghg.scope3.cat15\""));
	json_decref(j);
	h_resp_free(&r);
}
END_TEST

START_TEST(bad_values_refused)
{
	char	code[64], field[64], *big, *body;

	ck_assert_int_eq(post("{\"metric_id\":\"ghg.scope9\",\"period_start\":"
	    "\"2025-01-01\",\"period_end\":\"2025-12-31\",\"value\":1}", code,
	    sizeof(code), field, sizeof(field)), 422);
	ck_assert_str_eq(code, "unknown_metric");
	ck_assert_str_eq(field, "values[0].metric_id");
	ck_assert_int_eq(post("{\"values\":[{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-12-31\","
	    "\"value\":1,\"unit\":\"tCO2e\"},{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-12-31\","
	    "\"value\":1,\"unit\":\"kg\"}]}", code, sizeof(code), field,
	    sizeof(field)), 422);
	ck_assert_str_eq(code, "unit_mismatch");
	ck_assert_str_eq(field, "values[1].unit");
	/* All or nothing: the valid first value was not stored either. */
	ck_assert_ptr_null(value_of(2025, "ghg.scope1.gross"));
	/* A narrative has no unit: one given is refused, not kept. */
	ck_assert_int_eq(post("{\"metric_id\":\"org.details\","
	    "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-12-31\","
	    "\"value\":\"Ltd\",\"unit\":\"kg\"}", code, sizeof(code), field,
	    sizeof(field)), 422);
	ck_assert_str_eq(code, "unit_mismatch");
	ck_assert_str_eq(field, "values[0].unit");
	ck_assert_ptr_null(value_of(2025, "org.details"));
	ck_assert_int_eq(post("{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-12-31\","
	    "\"value\":\"lots\"}", code, sizeof(code), NULL, 0), 422);
	ck_assert_str_eq(code, "invalid_value");
	ck_assert_int_eq(post("{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2025-12-31\",\"period_end\":\"2025-01-01\","
	    "\"value\":3}", code, sizeof(code), field, sizeof(field)), 422);
	ck_assert_str_eq(field, "values[0].period_end");
	ck_assert_int_eq(post("{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2025-02-30\",\"period_end\":\"2025-12-31\","
	    "\"value\":3}", code, sizeof(code), field, sizeof(field)), 422);
	ck_assert_str_eq(field, "values[0].period_start");

	big = malloc(25000);
	memset(big, 'x', 24999);
	big[24999] = '\0';
	body = malloc(26000);
	snprintf(body, 26000, "{\"metric_id\":\"governance.climate."
	    "board_oversight\",\"period_start\":\"2025-01-01\",\"period_end\":"
	    "\"2025-12-31\",\"value\":\"%s\"}", big);
	ck_assert_int_eq(post(body, code, sizeof(code), NULL, 0), 413);
	ck_assert_str_eq(code, "value_too_long");
	free(big);
	free(body);
	ck_assert_int_eq(post("[]", code, sizeof(code), NULL, 0), 400);
	/* Refused by the checks, not left for a constraint to roll back. */
	ck_assert_msg(!h_log_has(&h, "database error"), "a refused value "
	    "reached the database");
}
END_TEST

START_TEST(latest_value_and_emissions_win)
{
	char	sql[1024], *v;

	ck_assert_int_eq(post("{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2024-01-01\",\"period_end\":\"2024-12-31\","
	    "\"value\":100}", NULL, 0, NULL, 0), 201);
	ck_assert_int_eq(post("{\"metric_id\":\"ghg.scope1.gross\","
	    "\"period_start\":\"2024-01-01\",\"period_end\":\"2024-12-31\","
	    "\"value\":120.5,\"unit\":\"tCO2e\"}", NULL, 0, NULL, 0), 201);
	v = value_of(2024, "ghg.scope1.gross");
	ck_assert_ptr_nonnull(strstr(v, "\"value\":120.5"));
	ck_assert_ptr_nonnull(strstr(v, "\"source\":\"reported\""));
	free(v);
	ck_assert_ptr_null(value_of(2023, "ghg.scope1.gross"));

	/* An emission row for 2024 makes the metric calculated: 2,500 kg. */
	snprintf(sql, sizeof(sql), "INSERT INTO activities (id, company_id, "
	    "category, activity, quantity, unit, period_start, period_end) "
	    "VALUES ('7f000000-0000-4000-8000-000000000001', '%s', "
	    "'stationary_combustion', 'natural_gas', 13000, 'kWh', "
	    "'2024-03-01', '2024-03-31'); INSERT INTO emissions (company_id, "
	    "activity_id, scope, category, co2e_kg, biogenic_co2_kg, factor, "
	    "calculator, gwp) VALUES ('%s', "
	    "'7f000000-0000-4000-8000-000000000001', 1, "
	    "'stationary_combustion', 2500, 400, '{}', '{}', 'AR5')",
	    a.company, a.company);
	ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
	v = value_of(2024, "ghg.scope1.gross");
	ck_assert_ptr_nonnull(strstr(v, "\"value\":2.5"));
	ck_assert_ptr_nonnull(strstr(v, "\"source\":\"calculated\""));
	free(v);
	/* Biogenic CO2 too (GRI 305-1-c, ESRS E1-6), as the summary has it. */
	v = value_of(2024, "ghg.biogenic");
	ck_assert_msg(v != NULL && strstr(v, "\"value\":0.4") &&
	    strstr(v, "\"source\":\"calculated\""), "%s", v ? v : "none");
	free(v);
	{
		long	 st;
		json_t	*j = h_call_json(&h, "GET", "/api/emissions/summary?"
		    "year=2024", a.access, NULL, &st);
		ck_assert_int_eq(st, 200);
		ck_assert_double_eq_tol(json_number_value(json_object_get(j,
		    "biogenic_co2_t")), 0.4, 1e-9);
		json_decref(j);
	}
}
END_TEST

/*
 * Values of one POST share a transaction, hence a created_at: the later
 * one in the list is the later value, not whichever row id sorts first.
 */
START_TEST(same_post_later_value_wins)
{
	char	body[4096], *v;
	size_t	len;

	for (int round = 0; round < 3; round++) {
		len = (size_t)snprintf(body, sizeof(body), "{\"values\":[");
		for (int k = 1; k <= 12; k++)
			len += (size_t)snprintf(body + len, sizeof(body) - len,
			    "%s{\"metric_id\":\"water.withdrawal\","
			    "\"period_start\":\"2023-01-01\",\"period_end\":"
			    "\"2023-12-31\",\"value\":%d}", k > 1 ? "," : "",
			    round * 100 + k);
		snprintf(body + len, sizeof(body) - len, "]}");
		ck_assert_int_eq(post(body, NULL, 0, NULL, 0), 201);
		v = value_of(2023, "water.withdrawal");
		ck_assert_ptr_nonnull(v);
		snprintf(body, sizeof(body), "\"value\":%d.0", round * 100 +
		    12);
		ck_assert_msg(strstr(v, body) != NULL, "round %d: %s", round,
		    v);
		free(v);
	}
}
END_TEST

/*
 * Revenue entered once: the intensity denominator of PUT /api/denominators
 * is the revenue metric every framework reads, when it is in the
 * metric's unit; a revenue entered as a metric wins.
 */
START_TEST(revenue_entered_once)
{
	long	 st;
	json_t	*j;
	char	*v;

	j = h_call_json(&h, "PUT", "/api/denominators", a.access, "{\"year\":"
	    "2021,\"kind\":\"revenue\",\"value\":150.5,\"unit\":"
	    "\"EUR million\"}", &st);
	ck_assert_int_eq(st, 200);
	json_decref(j);
	j = h_call_json(&h, "PUT", "/api/denominators", a.access, "{\"year\":"
	    "2020,\"kind\":\"revenue\",\"value\":90,\"unit\":"
	    "\"USD million\"}", &st);
	ck_assert_int_eq(st, 200);
	json_decref(j);
	v = value_of(2021, "revenue");
	ck_assert_msg(v != NULL && strstr(v, "\"value\":150.5") &&
	    strstr(v, "denominators"), "%s", v ? v : "none");
	free(v);
	/* Another currency is not converted. */
	ck_assert_ptr_null(value_of(2020, "revenue"));
	ck_assert_int_eq(post("{\"metric_id\":\"revenue\",\"period_start\":"
	    "\"2021-01-01\",\"period_end\":\"2021-12-31\",\"value\":151}",
	    NULL, 0, NULL, 0), 201);
	v = value_of(2021, "revenue");
	ck_assert_msg(v != NULL && strstr(v, "\"value\":151"), "%s",
	    v ? v : "none");
	free(v);
}
END_TEST

/* Value of ghg.scope1.gross for year as reported, and its approach. */
static double
scope1_metric(int year, char *approach, size_t len)
{
	char	 path[64];
	long	 st;
	json_t	*j, *v;
	double	 d;

	snprintf(path, sizeof(path), "/api/esg/metrics?year=%d", year);
	j = h_call_json(&h, "GET", path, a.access, NULL, &st);
	ck_assert_int_eq(st, 200);
	v = json_object_get(json_object_get(j, "values"), "ghg.scope1.gross");
	ck_assert_ptr_nonnull(v);
	d = json_number_value(json_object_get(v, "value"));
	snprintf(approach, len, "%s", json_string_value(json_object_get(v,
	    "approach")));
	json_decref(j);
	return (d);
}

/* scope1 of GET /api/emissions/summary?year= under the company's approach. */
static double
scope1_summary(int year)
{
	char	 path[64];
	long	 st;
	json_t	*j;
	double	 d;

	snprintf(path, sizeof(path), "/api/emissions/summary?year=%d", year);
	j = h_call_json(&h, "GET", path, a.access, NULL, &st);
	ck_assert_int_eq(st, 200);
	d = json_number_value(json_object_get(j, "scope1"));
	json_decref(j);
	return (d);
}

/*
 * The metrics frameworks report consolidate as the summary does: a joint
 * venture owned 40 %, without control, is out under operational control
 * and in at 40 % under equity share, in the metric and in the summary.
 */
START_TEST(metrics_consolidate_as_summary)
{
	char	 sql[2048], ap[32], ent[64], fac[64];
	long	 st;
	json_t	*j;

	j = h_call_json(&h, "POST", "/api/entities", a.access, "{\"name\":"
	    "\"JV\",\"ownership_pct\":40,\"operational_control\":false,"
	    "\"financial_control\":false}", &st);
	ck_assert_int_eq(st, 201);
	snprintf(ent, sizeof(ent), "%s", json_string_value(json_object_get(j,
	    "id")));
	json_decref(j);
	snprintf(sql, sizeof(sql), "{\"name\":\"JV plant\",\"country\":"
	    "\"GB\",\"entity_id\":\"%s\"}", ent);
	j = h_call_json(&h, "POST", "/api/facilities", a.access, sql, &st);
	ck_assert_int_eq(st, 201);
	snprintf(fac, sizeof(fac), "%s", json_string_value(json_object_get(j,
	    "id")));
	json_decref(j);

	/* 1,000 kg without a facility, 2,000 kg at the joint venture. */
	snprintf(sql, sizeof(sql), "INSERT INTO activities (id, company_id, "
	    "facility_id, category, activity, quantity, unit, period_start, "
	    "period_end) VALUES ('7f000000-0000-4000-8000-000000000002', '%s', "
	    "NULL, 'stationary_combustion', 'natural_gas', 1, 'kWh', "
	    "'2025-02-01', '2025-02-28'), ('7f000000-0000-4000-8000-"
	    "000000000003', '%s', '%s', 'stationary_combustion', "
	    "'natural_gas', 1, 'kWh', '2025-02-01', '2025-02-28'); "
	    "INSERT INTO emissions (company_id, activity_id, scope, category, "
	    "co2e_kg, factor, calculator, gwp) VALUES ('%s', "
	    "'7f000000-0000-4000-8000-000000000002', 1, "
	    "'stationary_combustion', 1000, '{}', '{}', 'AR5'), ('%s', "
	    "'7f000000-0000-4000-8000-000000000003', 1, "
	    "'stationary_combustion', 2000, '{}', '{}', 'AR5')", a.company,
	    a.company, fac, a.company, a.company);
	ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);

	ck_assert_double_eq_tol(scope1_metric(2025, ap, sizeof(ap)), 1.0,
	    1e-9);
	ck_assert_str_eq(ap, "operational");
	ck_assert_double_eq_tol(scope1_summary(2025), 1.0, 1e-9);

	j = h_call_json(&h, "PUT", "/api/settings/emissions", a.access,
	    "{\"approach\":\"equity\"}", &st);
	ck_assert_int_eq(st, 200);
	json_decref(j);
	ck_assert_double_eq_tol(scope1_metric(2025, ap, sizeof(ap)), 1.8,
	    1e-9);
	ck_assert_str_eq(ap, "equity");
	ck_assert_double_eq_tol(scope1_summary(2025), 1.8, 1e-9);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("esg");
	tc = tcase_create("metrics");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, dictionary_served);
	tcase_add_test(tc, bad_values_refused);
	tcase_add_test(tc, latest_value_and_emissions_win);
	tcase_add_test(tc, metrics_consolidate_as_summary);
	tcase_add_test(tc, same_post_later_value_wins);
	tcase_add_test(tc, revenue_entered_once);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
