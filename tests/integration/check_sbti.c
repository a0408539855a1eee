/*
 * Targets and the SBTi plugin against a real PostgreSQL: a 1.5 C target
 * of 42 % over 2020-2030 passes, 30 % fails on the 4.2 % criterion, a 2014
 * base year fails, scope 3 at 60 % of the total without a scope 3 target
 * fails the company's scope 3 rule, and the trajectory is linear from the
 * base year.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;

static void
suite_up(void)
{
	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static long
call(const struct h_account *a, const char *method, const char *path,
    const char *body, json_t **out)
{
	struct resp	r;
	long		s;

	h_call(&h, method, path, a->access, body, &r);
	s = r.status;
	if (out != NULL)
		*out = json_loads(r.body ? r.body : "null", JSON_DECODE_ANY,
		    NULL);
	h_resp_free(&r);
	return (s);
}

/* Scope 1, 2 (market) and 3 values for year, in tCO2e. */
static void
enter(const struct h_account *a, int year, double s1, double s2, double s3)
{
	char	body[1024];

	snprintf(body, sizeof(body), "{\"values\":["
	    "{\"metric_id\":\"ghg.scope1.gross\",\"period_start\":\"%d-01-01\","
	    "\"period_end\":\"%d-12-31\",\"value\":%g},"
	    "{\"metric_id\":\"ghg.scope2.market\",\"period_start\":\"%d-01-01\","
	    "\"period_end\":\"%d-12-31\",\"value\":%g},"
	    "{\"metric_id\":\"ghg.scope3.total\",\"period_start\":\"%d-01-01\","
	    "\"period_end\":\"%d-12-31\",\"value\":%g}]}", year, year, s1,
	    year, year, s2, year, year, s3);
	ck_assert_int_eq(call(a, "POST", "/api/esg/metrics", body, NULL), 201);
}

static const json_t *
finding(const json_t *target, const char *criterion_part)
{
	const json_t	*f;
	size_t		 i;

	json_array_foreach(json_object_get(target, "findings"), i, f)
		if (strstr(json_string_value(json_object_get(f, "criterion")),
		    criterion_part) != NULL)
			return (f);
	return (NULL);
}

static const json_t *
target_named(const json_t *status, const char *name)
{
	const json_t	*t;
	size_t		 i;

	json_array_foreach(json_object_get(status, "targets"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")), name)
		    == 0)
			return (t);
	return (NULL);
}

START_TEST(targets_validated_against_criteria)
{
	struct h_account	 a;
	json_t			*st, *traj;
	const json_t		*t, *f, *p;
	size_t			 i;

	h_register(&h, "Targets Co", "owner@targets.example", &a);
	enter(&a, 2020, 600, 400, 500);		/* scope 3: 33 % */
	enter(&a, 2025, 500, 300, 450);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"pass\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":42,\"ambition\":\"1.5C\",\"coverage_pct\":96}",
	    NULL), 201);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"weak\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":30,\"ambition\":\"1.5C\"}", NULL), 201);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"old\","
	    "\"scopes\":\"1+2\",\"base_year\":2014,\"target_year\":2024,"
	    "\"reduction_pct\":50,\"base_emissions_t\":1200}", NULL), 201);

	ck_assert_int_eq(call(&a, "GET", "/api/frameworks/sbti/status?year=2025",
	    NULL, &st), 200);
	/* The contract every framework's status keeps, beside the targets. */
	{
		json_t *rep;
		double c = json_number_value(json_object_get(st,
		    "completeness"));
		ck_assert(json_is_number(json_object_get(st, "completeness")));
		ck_assert(c >= 0 && c <= 1);
		ck_assert(json_array_size(json_object_get(st,
		    "disclosures")) > 0);
		ck_assert(json_is_object(json_object_get(st, "summary")));
		ck_assert_int_eq(call(&a, "GET", "/api/frameworks/sbti/report?"
		    "year=2025&format=json", NULL, &rep), 200);
		ck_assert(json_is_number(json_object_get(rep,
		    "completeness")));
		ck_assert_double_eq_tol(c, json_number_value(json_object_get(
		    rep, "completeness")), 1e-12);
		json_decref(rep);
	}
	t = target_named(st, "pass");
	ck_assert(json_is_true(json_object_get(t, "valid")));
	t = target_named(st, "weak");
	ck_assert(json_is_false(json_object_get(t, "valid")));
	/* The ambition criterion, with the catalogue's 4.2 %. */
	ck_assert_ptr_nonnull(f = finding(t, "C15-C18"));
	ck_assert(json_is_false(json_object_get(f, "passed")));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f,
	    "message")), "4.2 % needed"));
	/* 2030 is exempt from the 5 to 10 years after submission (C13). */
	{
		const json_t *g;
		size_t k;
		int exempt = 0;
		json_array_foreach(json_object_get(t, "findings"), k, g)
			if (strstr(json_string_value(json_object_get(g,
			    "message")), "that target year is exempt") &&
			    json_is_true(json_object_get(g, "passed")))
				exempt = 1;
		ck_assert(exempt);
	}
	t = target_named(st, "old");
	ck_assert_ptr_nonnull(f = finding(t, "Base year"));
	ck_assert(json_is_false(json_object_get(f, "passed")));

	/* Linear from 1,000 t in 2020 to 580 t in 2030; 800 t actual in 2025. */
	t = target_named(st, "pass");
	traj = json_object_get(t, "trajectory");
	ck_assert_uint_eq(json_array_size(traj), 11);
	json_array_foreach(traj, i, p) {
		double want = 1000 * (1 - 0.42 * (double)i / 10);
		ck_assert(fabs(json_real_value(json_object_get(p,
		    "required_t")) - want) < 1e-6);
	}
	p = json_array_get(traj, 5);
	ck_assert(fabs(json_real_value(json_object_get(p, "actual_t")) - 800) <
	    1e-6);
	/* 800 t against 790 t required: not on track. */
	ck_assert(json_is_false(json_object_get(t, "on_track")));
	/* Scope 3 at a third of the total: no company finding. */
	ck_assert_uint_eq(json_array_size(json_object_get(st,
	    "company_findings")), 0);
	json_decref(st);

	/*
	 * The targets in force in 2025 are the metric targets.climate.ghg
	 * every framework reads: "pass" and "weak" (2020 to 2030), not "old"
	 * (2014 to 2024); in 2024 "old" too, with its base-year emissions.
	 */
	{
		json_t *mv, *rows;
		ck_assert_int_eq(call(&a, "GET", "/api/esg/metrics?year=2025",
		    NULL, &mv), 200);
		rows = json_object_get(json_object_get(json_object_get(mv,
		    "values"), "targets.climate.ghg"), "value");
		ck_assert_uint_eq(json_array_size(rows), 2);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_array_get(rows, 0), "target")), "pass");
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_array_get(rows, 1), "scopes")), "1+2");
		ck_assert(fabs(json_number_value(json_object_get(
		    json_array_get(rows, 1), "reduction")) - 30) < 1e-9);
		ck_assert_int_eq(json_integer_value(json_object_get(
		    json_array_get(rows, 1), "target_year")), 2030);
		json_decref(mv);
		ck_assert_int_eq(call(&a, "GET", "/api/esg/metrics?year=2024",
		    NULL, &mv), 200);
		rows = json_object_get(json_object_get(json_object_get(mv,
		    "values"), "targets.climate.ghg"), "value");
		ck_assert_uint_eq(json_array_size(rows), 3);
		ck_assert(fabs(json_number_value(json_object_get(
		    json_array_get(rows, 2), "base_value")) - 1200) < 1e-9);
		json_decref(mv);
	}
}
END_TEST

START_TEST(scope3_share_calls_for_target)
{
	struct h_account	 a;
	json_t			*st;
	const json_t		*f;

	h_register(&h, "Scope3 Co", "owner@scope3.example", &a);
	enter(&a, 2025, 250, 150, 600);		/* scope 3: 60 % */
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"s12\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":42,\"base_emissions_t\":500}", NULL), 201);
	ck_assert_int_eq(call(&a, "GET", "/api/frameworks/sbti/status?year=2025",
	    NULL, &st), 200);
	f = json_array_get(json_object_get(st, "company_findings"), 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f,
	    "criterion")), "Scope 3"));
	ck_assert(json_is_false(json_object_get(f, "passed")));
	json_decref(st);
	/* A scope 3 target covering 70 % satisfies it. */
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"s3\","
	    "\"scopes\":\"3\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":25,\"ambition\":\"well-below-2C\","
	    "\"coverage_pct\":70,\"base_emissions_t\":600}", NULL), 201);
	ck_assert_int_eq(call(&a, "GET", "/api/frameworks/sbti/status?year=2025",
	    NULL, &st), 200);
	f = json_array_get(json_object_get(st, "company_findings"), 0);
	ck_assert(json_is_true(json_object_get(f, "passed")));
	json_decref(st);
}
END_TEST

START_TEST(bad_targets_refused_and_edit)
{
	struct h_account	 a;
	json_t			*j;
	char			 path[96];

	h_register(&h, "Edit Co", "owner@edit.example", &a);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"1+2\",\"base_year\":2030,\"target_year\":2020,"
	    "\"reduction_pct\":42}", &j), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "field")), "target_year");
	json_decref(j);
	/* A year with a fraction is the client's mistake, not a 500. */
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"1+2\",\"base_year\":2020.5,\"target_year\":2030,"
	    "\"reduction_pct\":42}", &j), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "field")), "base_year");
	json_decref(j);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030.25,"
	    "\"reduction_pct\":42}", &j), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "field")), "target_year");
	json_decref(j);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":101}", NULL), 422);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":0}", NULL), 422);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":40}", NULL), 422);
	ck_assert_int_eq(call(&a, "POST", "/api/targets", "{\"name\":\"x\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":40}", &j), 201);
	snprintf(path, sizeof(path), "/api/targets/%s",
	    json_string_value(json_object_get(j, "id")));
	json_decref(j);
	ck_assert_int_eq(call(&a, "PUT", path, "{\"name\":\"renamed\","
	    "\"scopes\":\"1+2\",\"base_year\":2020,\"target_year\":2030,"
	    "\"reduction_pct\":45}", NULL), 200);
	ck_assert_int_eq(call(&a, "GET", "/api/targets", NULL, &j), 200);
	ck_assert_uint_eq(json_array_size(j), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0),
	    "name")), "renamed");
	json_decref(j);
	ck_assert_int_eq(call(&a, "PUT", "/api/targets/00000000-0000-4000-8000-"
	    "000000000000", "{\"name\":\"n\",\"scopes\":\"1+2\",\"base_year\":"
	    "2020,\"target_year\":2030,\"reduction_pct\":45}", NULL), 404);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("sbti");
	tc = tcase_create("targets");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, targets_validated_against_criteria);
	tcase_add_test(tc, scope3_share_calls_for_target);
	tcase_add_test(tc, bad_targets_refused_and_edit);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
