/*
 * Table values of table metrics (conf/metrics.yaml `columns`) against a
 * real PostgreSQL: the schema's one-value CHECK, storing a table and
 * reading it back, every refusal with its code and field, a disclosure
 * that needs only a table going from missing to complete, and the table
 * as compact JSON in the CSV report.
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
	h_register(&h, "Tables Co", "owner@tables.example", &a);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* POST one value of metric with value (JSON text); status, code, field. */
static long
post(const char *metric, const char *value, char *code, char *field)
{
	struct resp	 r;
	char		*body;
	size_t		 n;
	long		 status;

	n = strlen(value) + 256;
	body = malloc(n);
	ck_assert_ptr_nonnull(body);
	snprintf(body, n, "{\"metric_id\":\"%s\",\"period_start\":"
	    "\"2025-01-01\",\"period_end\":\"2025-12-31\",\"value\":%s}",
	    metric, value);
	ck_assert_int_eq(h_call(&h, "POST", "/api/esg/metrics", a.access,
	    body, &r), 0);
	free(body);
	status = r.status;
	if (code != NULL && h_json_str(&r, "error.code", code, 64) != 0)
		code[0] = '\0';
	if (field != NULL && h_json_str(&r, "error.field", field, 96) != 0)
		field[0] = '\0';
	h_resp_free(&r);
	return (status);
}

/* Status of disclosure id (or, with item, of its datapoint) in GRI 2025. */
static char *
gri_status(const char *id, const char *item)
{
	static char	 out[32];
	const json_t	*d, *it;
	json_t		*j;
	size_t		 i, k;
	long		 st;

	out[0] = '\0';
	j = h_call_json(&h, "GET", "/api/frameworks/gri/status?year=2025",
	    a.access, NULL, &st);
	ck_assert_int_eq(st, 200);
	json_array_foreach(json_object_get(j, "disclosures"), i, d) {
		if (strcmp(json_string_value(json_object_get(d, "id")), id) != 0)
			continue;
		if (item == NULL)
			snprintf(out, sizeof(out), "%s", json_string_value(
			    json_object_get(d, "status")));
		json_array_foreach(json_object_get(d, "items"), k, it)
			if (item != NULL && strcmp(json_string_value(
			    json_object_get(it, "id")), item) == 0)
				snprintf(out, sizeof(out), "%s",
				    json_string_value(json_object_get(it,
				    "status")));
	}
	json_decref(j);
	return (out);
}

START_TEST(schema_one_value_check)
{
	char	out[256];

	/* 0007 replaced 0001's metric_values_check1; the period CHECK stays. */
	ck_assert_int_eq(s_psql(&svc, "SELECT string_agg(conname, ',' ORDER "
	    "BY conname) FROM pg_constraint WHERE conrelid = "
	    "'metric_values'::regclass AND contype = 'c'", out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, "metric_values_check,metric_values_json_rows,"
	    "metric_values_one_value");
	snprintf(out, sizeof(out), "INSERT INTO metric_values (company_id, "
	    "metric_id, period_start, period_end, value_number, value_json) "
	    "VALUES ('%s', 'ghg.gases', '2020-01-01', '2020-12-31', 1, "
	    "'[]')", a.company);
	ck_assert_int_ne(s_psql(&svc, out, NULL, 0), 0);
}
END_TEST

START_TEST(table_stored_and_read)
{
	json_t	*j, *v;
	long	 st;

	ck_assert_int_eq(post("ghg.gases", "[{\"gas\":\"CO2\",\"scope\":\"1\","
	    "\"included\":true},{\"gas\":\"NF3\",\"included\":false}]", NULL,
	    NULL), 201);
	j = h_call_json(&h, "GET", "/api/esg/metrics?year=2025", a.access,
	    NULL, &st);
	ck_assert_int_eq(st, 200);
	v = json_object_get(json_object_get(j, "values"), "ghg.gases");
	ck_assert_ptr_nonnull(v);
	ck_assert(json_is_null(json_object_get(v, "unit")));
	ck_assert_str_eq(json_string_value(json_object_get(v, "source")),
	    "reported");
	v = json_object_get(v, "value");
	ck_assert_uint_eq(json_array_size(v), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(v,
	    0), "gas")), "CO2");
	ck_assert(json_is_true(json_object_get(json_array_get(v, 0),
	    "included")));
	ck_assert(json_is_false(json_object_get(json_array_get(v, 1),
	    "included")));
	ck_assert_ptr_null(json_object_get(json_array_get(v, 1), "scope"));
	json_decref(j);
}
END_TEST

START_TEST(bad_tables_refused)
{
	static const struct {
		const char	*value;
		long		 status;
		const char	*code, *field;
	} cases[] = {
		{ "{\"gas\":\"CO2\",\"included\":true}", 422, "invalid_value",
		    "values[0].value" },
		{ "[]", 422, "invalid_value", "values[0].value" },
		{ "[7]", 422, "invalid_value", "values[0].value[0]" },
		{ "[{\"gas\":\"CO2\",\"included\":true},{\"gas\":\"CH4\","
		    "\"included\":true,\"gwp\":28}]", 422, "invalid_value",
		    "values[0].value[1].gwp" },
		{ "[{\"gas\":\"CO2\",\"included\":\"yes\"}]", 422,
		    "invalid_value", "values[0].value[0].included" },
		{ "[{\"gas\":\"\",\"included\":true}]", 422, "invalid_value",
		    "values[0].value[0].gas" },
		{ "[{\"gas\":3,\"included\":true}]", 422, "invalid_value",
		    "values[0].value[0].gas" },
		{ "[{\"gas\":\"CO2\"}]", 422, "invalid_value",
		    "values[0].value[0].included" },
	};
	char	code[64], field[96], *big;
	size_t	i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(post("ghg.gases", cases[i].value, code, field),
		    cases[i].status);
		ck_assert_str_eq(code, cases[i].code);
		ck_assert_str_eq(field, cases[i].field);
	}
	/* Numbers are 0 or more unless bounded; the category is a number. */
	ck_assert_int_eq(post("ghg.scope3.categories", "[{\"category\":-1,"
	    "\"included\":true}]", code, field), 422);
	ck_assert_str_eq(field, "values[0].value[0].category");
	ck_assert_int_eq(post("ghg.scope3.categories", "[{\"category\":\"1\","
	    "\"included\":true}]", code, field), 422);
	ck_assert_str_eq(field, "values[0].value[0].category");
	/* Its bounds in the dictionary: a whole number from 1 to 15. */
	{
		static const char *const bad[] = { "0", "16", "2.5" };
		char v[96];
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			snprintf(v, sizeof(v), "[{\"category\":%s,\"included\":"
			    "true}]", bad[i]);
			ck_assert_int_eq(post("ghg.scope3.categories", v, code,
			    field), 422);
			ck_assert_str_eq(code, "invalid_value");
			ck_assert_str_eq(field, "values[0].value[0].category");
		}
		ck_assert_int_eq(post("ghg.scope3.categories", "[{\"category\":"
		    "15,\"included\":false,\"reason\":\"no franchises\"}]",
		    NULL, NULL), 201);
	}
	/* A table's units are on its columns. */
	ck_assert_int_eq(post("energy.sold", "[{\"carrier\":\"steam\","
	    "\"sold\":5}],\"unit\":\"MWh\"", code, field), 422);
	ck_assert_str_eq(code, "unit_mismatch");
	ck_assert_str_eq(field, "values[0].unit");

	/* 201 rows; a text cell over 2,000 bytes; over 64 KiB in all. */
	big = malloc(80000);
	ck_assert_ptr_nonnull(big);
	n = (size_t)snprintf(big, 80000, "[");
	for (i = 0; i < 201; i++)
		n += (size_t)snprintf(big + n, 80000 - n, "%s{\"gas\":\"CO2\","
		    "\"included\":true}", i ? "," : "");
	snprintf(big + n, 80000 - n, "]");
	ck_assert_int_eq(post("ghg.gases", big, code, field), 422);
	ck_assert_str_eq(field, "values[0].value");
	memset(big, 0, 80000);
	n = (size_t)snprintf(big, 80000, "[{\"gas\":\"");
	memset(big + n, 'x', 2001);
	snprintf(big + n + 2001, 80000 - n - 2001, "\",\"included\":true}]");
	ck_assert_int_eq(post("ghg.gases", big, code, field), 413);
	ck_assert_str_eq(code, "value_too_long");
	ck_assert_str_eq(field, "values[0].value[0].gas");
	n = (size_t)snprintf(big, 80000, "[");
	for (i = 0; i < 40; i++) {
		n += (size_t)snprintf(big + n, 80000 - n, "%s{\"gas\":\"", i ?
		    "," : "");
		memset(big + n, 'y', 1900);
		n += 1900;
		n += (size_t)snprintf(big + n, 80000 - n, "\",\"included\":"
		    "true}");
	}
	snprintf(big + n, 80000 - n, "]");
	ck_assert_int_eq(post("ghg.gases", big, code, field), 413);
	ck_assert_str_eq(code, "value_too_long");
	ck_assert_str_eq(field, "values[0].value");
	free(big);
	/* Nothing refused was stored. */
	ck_assert_int_eq(post("energy.sold", "[{\"carrier\":\"steam\","
	    "\"sold\":5.5}]", NULL, NULL), 201);
}
END_TEST

START_TEST(disclosure_complete_and_reported)
{
	struct resp	 r;
	char		 file[96];
	FILE		*fp;

	/* GRI 2-27 needs only compliance.laws_regulations. */
	ck_assert_str_eq(gri_status("2-27", NULL), "missing");
	ck_assert_int_eq(post("compliance.laws_regulations", "[{\"instance\":"
	    "\"Late \\\"F-gas\\\" filing\",\"fine\":1200,\"sanction\":\"fine\","
	    "\"current_period\":true}]", NULL, NULL), 201);
	ck_assert_str_eq(gri_status("2-27", NULL), "complete");
	/* 305-1-b, the gases included, needs only ghg.gases. */
	ck_assert_int_eq(post("ghg.gases", "[{\"gas\":\"CO2\",\"included\":"
	    "true}]", NULL, NULL), 201);
	ck_assert_str_eq(gri_status("305-1", "305-1-b"), "complete");

	/* The CSV cell holds the rows as compact JSON (jsonb orders keys). */
	ck_assert_int_eq(h_call(&h, "GET", "/api/frameworks/gri/report?year="
	    "2025&format=csv", a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_msg(strstr(r.body, "\"compliance.laws_regulations=[{"
	    "\"\"fine\"\":1200,\"\"instance\"\":\"\"Late \\\"\"F-gas\\\"\" "
	    "filing\"\",\"\"sanction\"\":\"\"fine\"\",\"\"current_period\"\":"
	    "true}]\"") != NULL, "%s", r.body);
	h_resp_free(&r);

	/* The JSON report with table values still follows the schema. */
	ck_assert_int_eq(h_call(&h, "GET", "/api/frameworks/gri/report?year="
	    "2025&format=json", a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	snprintf(file, sizeof(file), "%s/report-tables.json", h.dir);
	ck_assert_ptr_nonnull(fp = fopen(file, "w"));
	fputs(r.body, fp);
	ck_assert_int_eq(fclose(fp), 0);
	h_resp_free(&r);
	ck_assert_msg(h_sh("/usr/bin/python3 -c 'import json, sys, "
	    "jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), "
	    "json.load(open(sys.argv[2])))' %s "
	    "docs/schemas/framework-report.schema.json", file) == 0,
	    "the report does not validate");
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("esg_tables");
	tc = tcase_create("tables");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, schema_one_value_check);
	tcase_add_test(tc, table_stored_and_read);
	tcase_add_test(tc, bad_tables_refused);
	tcase_add_test(tc, disclosure_complete_and_reported);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
