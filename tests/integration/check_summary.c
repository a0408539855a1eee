/*
 * The summary's "coverage" and "sources" against a real PostgreSQL and
 * Redis with the shipped calculators: activities stored with POST
 * /api/activities across two facilities (one in a 40 % joint venture),
 * no facility, several months and scopes (gas: scope 1; electricity:
 * scope 2 location and market, and a scope 3 T&D row).  Coverage counts
 * every current row but the market-based ones, checked against SQL's own
 * count; sources add up to by_category and by_facility under each
 * approach, are ordered by location tonnes and stop at ten.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define TOL	1e-9

static struct services	svc;
static struct host	h;
static struct h_account	a;
static char		alpha[40];	/* GB, no entity: 100 % always */
static char		beta[40];	/* GB, JV: 40 %, operational only */

static json_t *
call(const char *method, const char *path, const char *body, long *status)
{
	return (h_call_json(&h, method, path, a.access, body, status));
}

static void
create(const char *path, const char *body, char id[40])
{
	long	 st;
	json_t	*j = call("POST", path, body, &st);

	ck_assert_msg(st == 201, "POST %s: %ld", path, st);
	snprintf(id, 40, "%s", json_string_value(json_object_get(j, "id")));
	json_decref(j);
}

/* One record; fac may be NULL (no facility), extra a JSON fragment. */
static char *
rec(const char *category, const char *activity, double q, const char *month,
    const char *fac, const char *extra)
{
	char	*s;

	ck_assert_int_gt(asprintf(&s, "{\"category\":\"%s\",\"activity\":"
	    "\"%s\",\"quantity\":%.17g,\"unit\":\"kWh\",\"period_start\":"
	    "\"%s-01\",\"period_end\":\"%s-28\"%s%s%s%s%s}", category,
	    activity, q, month, month, fac ? ",\"facility_id\":\"" : "",
	    fac ? fac : "", fac ? "\"" : "", extra ? "," : "",
	    extra ? extra : ""), 0);
	return (s);
}

static void
store(char *const *recs, size_t n)
{
	char	*body, *tmp;
	long	 st;
	json_t	*j;

	body = strdup("{\"records\":[");
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_gt(asprintf(&tmp, "%s%s%s", body, i ? "," : "",
		    recs[i]), 0);
		free(body);
		body = tmp;
	}
	ck_assert_int_gt(asprintf(&tmp, "%s]}", body), 0);
	j = call("POST", "/api/activities", tmp, &st);
	ck_assert_msg(st == 201, "store: %ld %s", st, json_string_value(
	    json_object_get(json_object_get(j, "error"), "message")));
	json_decref(j);
	free(tmp);
	free(body);
}

static void
suite_up(void)
{
	char	ent[40], body[256];

	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Summary Co", "owner@summary.example", &a);
	create("/api/entities", "{\"name\":\"JV Ltd\",\"ownership_pct\":40,"
	    "\"operational_control\":true,\"financial_control\":false}", ent);
	create("/api/facilities", "{\"name\":\"Alpha works\",\"country\":"
	    "\"GB\"}", alpha);
	snprintf(body, sizeof(body), "{\"name\":\"Beta plant\",\"country\":"
	    "\"GB\",\"entity_id\":\"%s\"}", ent);
	create("/api/facilities", body, beta);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static json_t *
summary(int year, const char *approach)
{
	char	 path[128];
	long	 st;
	json_t	*j;

	snprintf(path, sizeof(path), "/api/emissions/summary?year=%d"
	    "&approach=%s", year, approach);
	j = call("GET", path, NULL, &st);
	ck_assert_int_eq(st, 200);
	ck_assert(json_is_array(json_object_get(j, "coverage")));
	ck_assert(json_is_array(json_object_get(j, "sources")));
	return (j);
}

static double
num(const json_t *o, const char *k)
{
	return (json_number_value(json_object_get(o, k)));
}

static const char *
str(const json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

/* The location and market tonnes of one row of four scope columns. */
static double
loc_of(const json_t *o)
{
	return (num(o, "scope1") + num(o, "scope2_location") +
	    num(o, "scope3"));
}

static double
mkt_of(const json_t *o)
{
	return (num(o, "scope1") + num(o, "scope2_market") + num(o, "scope3"));
}

/*
 * Every source adds up to its category's and its facility's row, and all
 * of them to the totals (fewer than ten pairs here); sorted; a pair
 * without scope 2 has location_t == market_t.
 */
static void
sources_add_up(const json_t *j)
{
	const json_t	*srcs = json_object_get(j, "sources"), *s, *f, *c;
	const char	*k;
	double		 l = 0, m = 0, prev = INFINITY;
	size_t		 i;

	json_array_foreach(srcs, i, s) {
		ck_assert(num(s, "location_t") <= prev);
		prev = num(s, "location_t");
		if (num(s, "scope") != 2)
			ck_assert_double_eq_tol(num(s, "location_t"),
			    num(s, "market_t"), TOL);
		l += num(s, "location_t");
		m += num(s, "market_t");
	}
	ck_assert_double_eq_tol(l, num(json_object_get(j, "totals"),
	    "location"), TOL);
	ck_assert_double_eq_tol(m, num(json_object_get(j, "totals"),
	    "market"), TOL);
	json_object_foreach(json_object_get(j, "by_category"), k, c) {
		l = m = 0;
		json_array_foreach(srcs, i, s)
			if (strcmp(str(s, "category"), k) == 0) {
				l += num(s, "location_t");
				m += num(s, "market_t");
			}
		ck_assert_double_eq_tol(l, loc_of(c), TOL);
		ck_assert_double_eq_tol(m, mkt_of(c), TOL);
	}
	json_array_foreach(json_object_get(j, "by_facility"), i, f) {
		const char *fid = str(f, "facility_id");
		size_t n;
		l = m = 0;
		json_array_foreach(srcs, n, s)
			if (fid ? str(s, "facility_id") && strcmp(str(s,
			    "facility_id"), fid) == 0 :
			    json_is_null(json_object_get(s, "facility_id"))) {
				l += num(s, "location_t");
				m += num(s, "market_t");
			}
		ck_assert_double_eq_tol(l, loc_of(f), TOL);
		ck_assert_double_eq_tol(m, mkt_of(f), TOL);
	}
}

/* The source of category at facility (NULL: none), or NULL. */
static const json_t *
source(const json_t *j, const char *category, const char *fac)
{
	const json_t	*s;
	size_t		 i;

	json_array_foreach(json_object_get(j, "sources"), i, s) {
		const char *f = str(s, "facility_id");
		if (strcmp(str(s, "category"), category) == 0 &&
		    (fac ? f != NULL && strcmp(f, fac) == 0 : f == NULL))
			return (s);
	}
	return (NULL);
}

START_TEST(coverage_and_sources)
{
	char	*recs[7];
	json_t	*j, *cov;
	char	 sql[512], out[32];
	long long sum = 0;
	size_t	 i;
	const json_t *c, *s;
	static const struct { const char *name; int month, rows; } want[] = {
		{ "Alpha works", 1, 4 },	/* 2 gas, electricity + T&D */
		{ "Alpha works", 2, 1 },
		{ "Alpha works", 3, 1 },
		{ "Beta plant", 2, 1 },		/* electricity, no T&D */
		{ "Beta plant", 12, 1 },
		{ NULL, 6, 1 },			/* no facility, last */
	};

	recs[0] = rec("stationary_combustion", "natural_gas", 10000,
	    "2023-01", alpha, NULL);
	recs[1] = rec("stationary_combustion", "natural_gas", 500, "2023-01",
	    alpha, NULL);
	recs[2] = rec("stationary_combustion", "natural_gas", 8000, "2023-02",
	    alpha, NULL);
	recs[3] = rec("stationary_combustion", "natural_gas", 7000, "2023-03",
	    alpha, NULL);
	recs[4] = rec("electricity", "grid_electricity", 5000, "2023-01",
	    alpha, "\"supplier_factor\":0.05");
	recs[5] = rec("electricity", "grid_electricity", 60000, "2023-02",
	    beta, "\"supplier_factor\":0.3,\"include_tandd\":false");
	store(recs, 6);
	for (i = 0; i < 6; i++)
		free(recs[i]);
	recs[0] = rec("stationary_combustion", "natural_gas", 1000, "2023-12",
	    beta, NULL);
	recs[1] = rec("stationary_combustion", "natural_gas", 300, "2023-06",
	    NULL, NULL);
	store(recs, 2);
	free(recs[0]);
	free(recs[1]);

	j = summary(2023, "operational");
	cov = json_object_get(j, "coverage");
	ck_assert_int_eq(json_array_size(cov), sizeof(want) / sizeof(want[0]));
	json_array_foreach(cov, i, c) {
		if (want[i].name == NULL) {
			ck_assert(json_is_null(json_object_get(c, "name")));
			ck_assert(json_is_null(json_object_get(c,
			    "facility_id")));
		} else {
			ck_assert_str_eq(str(c, "name"), want[i].name);
			ck_assert_str_eq(str(c, "facility_id"), want[i].name[0]
			    == 'A' ? alpha : beta);
		}
		ck_assert_int_eq(json_integer_value(json_object_get(c,
		    "month")), want[i].month);
		ck_assert_int_eq(json_integer_value(json_object_get(c,
		    "rows")), want[i].rows);
		sum += json_integer_value(json_object_get(c, "rows"));
	}
	/* What it counts, said by SQL: current rows, market-based left out. */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM emissions WHERE "
	    "company_id = '%s' AND current AND method IS DISTINCT FROM "
	    "'market' AND period_start BETWEEN '2023-01-01' AND '2023-12-31'",
	    a.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_int_eq(sum, atoll(out));
	ck_assert_int_eq(sum, 9);

	/* Five pairs: each adds up, sorted, scope 2 with its T&D. */
	ck_assert_int_eq(json_array_size(json_object_get(j, "sources")), 5);
	sources_add_up(j);
	s = source(j, "electricity", alpha);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(num(s, "scope"), 2);
	ck_assert_str_eq(str(s, "name"), "Alpha works");
	ck_assert_double_gt(num(s, "location_t"), num(s, "market_t"));
	s = source(j, "electricity", beta);
	ck_assert_ptr_nonnull(s);
	ck_assert_double_eq_tol(num(s, "market_t"), 60000 * 0.3 / 1000, TOL);
	ck_assert_ptr_eq(json_array_get(json_object_get(j, "sources"), 0), s);
	s = source(j, "stationary_combustion", NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(num(s, "scope"), 1);
	ck_assert(json_is_null(json_object_get(s, "name")));
	json_decref(j);

	/* Equity: Beta's pairs at 40 %, coverage unchanged. */
	j = summary(2023, "equity");
	sources_add_up(j);
	ck_assert_double_eq_tol(num(source(j, "electricity", beta),
	    "market_t"), 0.4 * 60000 * 0.3 / 1000, TOL);
	ck_assert_int_eq(json_array_size(json_object_get(j, "coverage")), 6);
	json_decref(j);

	/* Financial: Beta is outside; its pairs go, its data stay covered. */
	j = summary(2023, "financial");
	sources_add_up(j);
	ck_assert_int_eq(json_array_size(json_object_get(j, "sources")), 3);
	ck_assert_ptr_null(source(j, "electricity", beta));
	ck_assert_ptr_null(source(j, "stationary_combustion", beta));
	ck_assert_int_eq(json_array_size(json_object_get(j, "coverage")), 6);
	json_decref(j);
}
END_TEST

START_TEST(sources_stop_at_ten)
{
	char	*recs[12], name[32], fac[12][40];
	json_t	*j, *srcs;
	size_t	 i;

	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "{\"name\":\"Site %02zu\"}", i);
		create("/api/facilities", name, fac[i]);
		recs[i] = rec("stationary_combustion", "natural_gas",
		    1000.0 * (double)(i + 1), "2021-05", fac[i], NULL);
	}
	store(recs, 12);
	for (i = 0; i < 12; i++)
		free(recs[i]);
	j = summary(2021, "operational");
	srcs = json_object_get(j, "sources");
	ck_assert_int_eq(json_array_size(srcs), 10);
	/* The largest first: Site 11 down to Site 02. */
	for (i = 0; i < 10; i++)
		ck_assert_str_eq(str(json_array_get(srcs, i), "facility_id"),
		    fac[11 - i]);
	ck_assert_int_eq(json_array_size(json_object_get(j, "coverage")), 12);
	json_decref(j);
}
END_TEST

/* scope1 of facility fac in the summary j (0 when absent). */
static double
facility_scope1(const json_t *j, const char *fac)
{
	const json_t	*f;
	size_t		 i;

	json_array_foreach(json_object_get(j, "by_facility"), i, f)
		if (str(f, "facility_id") != NULL &&
		    strcmp(str(f, "facility_id"), fac) == 0)
			return (num(f, "scope1"));
	return (0);
}

/* Equity share of facility fac in year y, in tonnes of scope 1. */
static double
equity_t(int y, const char *fac)
{
	json_t	*j = summary(y, "equity");
	double	 t = facility_scope1(j, fac);

	json_decref(j);
	return (t);
}

static long
put_entity(const char *ent, const char *body)
{
	char	 path[96];
	long	 st;

	snprintf(path, sizeof(path), "/api/entities/%s", ent);
	json_decref(call("PUT", path, body, &st));
	return (st);
}

/*
 * A change of ownership from a year on leaves the years before it alone;
 * a correction without a year changes the terms in force now.  2 t of
 * scope 1 in 2019 and in 2020 at a plant of an entity owned 40 %.
 */
START_TEST(ownership_changes_by_year)
{
	char	 ent[40], fac[40], body[512], sql[1024];
	long	 st;
	json_t	*j;

	create("/api/entities", "{\"name\":\"Gamma JV\",\"ownership_pct\":"
	    "40,\"operational_control\":false,\"financial_control\":false}",
	    ent);
	snprintf(body, sizeof(body), "{\"name\":\"Gamma plant\",\"country\""
	    ":\"GB\",\"entity_id\":\"%s\"}", ent);
	create("/api/facilities", body, fac);
	for (int y = 2019; y <= 2020; y++) {
		snprintf(sql, sizeof(sql), "WITH a AS (INSERT INTO activities "
		    "(company_id, facility_id, category, activity, quantity, "
		    "unit, period_start, period_end) VALUES ('%s', '%s', "
		    "'stationary_combustion', 'natural_gas', 1, 'kWh', "
		    "'%d-03-01', '%d-03-31') RETURNING id) INSERT INTO "
		    "emissions (company_id, activity_id, scope, category, "
		    "co2e_kg, factor, calculator, gwp) SELECT '%s', id, 1, "
		    "'stationary_combustion', 2000, '{}', '{}', 'AR5' FROM a",
		    a.company, fac, y, y, a.company);
		ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
	}
	ck_assert_double_eq_tol(equity_t(2019, fac), 0.8, 1e-9);
	ck_assert_double_eq_tol(equity_t(2020, fac), 0.8, 1e-9);

	/* Bought up to 60 % from 2020: 2019 stays at 40 %. */
	ck_assert_int_eq(put_entity(ent, "{\"name\":\"Gamma JV\","
	    "\"ownership_pct\":60,\"operational_control\":false,"
	    "\"financial_control\":false,\"effective_from\":2020}"), 200);
	ck_assert_double_eq_tol(equity_t(2019, fac), 0.8, 1e-9);
	ck_assert_double_eq_tol(equity_t(2020, fac), 1.2, 1e-9);
	snprintf(body, sizeof(body), "/api/entities/%s", ent);
	j = call("GET", body, NULL, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_double_eq_tol(num(j, "ownership_pct"), 60, 1e-9);
	ck_assert_int_eq(json_array_size(json_object_get(j, "terms")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
	    json_object_get(j, "terms"), 0), "from_year")), 1900);
	ck_assert_double_eq_tol(num(json_array_get(json_object_get(j,
	    "terms"), 0), "ownership_pct"), 40, 1e-9);
	json_decref(j);

	/* Before the latest change: refused, nothing changed. */
	ck_assert_int_eq(put_entity(ent, "{\"name\":\"Gamma JV\","
	    "\"ownership_pct\":10,\"effective_from\":2019}"), 422);
	ck_assert_double_eq_tol(equity_t(2019, fac), 0.8, 1e-9);
	ck_assert_int_eq(put_entity(ent, "{\"name\":\"Gamma JV\","
	    "\"ownership_pct\":10,\"effective_from\":2020.5}"), 422);

	/* A correction of the terms in force now: 2020 on, not 2019. */
	ck_assert_int_eq(put_entity(ent, "{\"name\":\"Gamma JV\","
	    "\"ownership_pct\":70,\"operational_control\":false,"
	    "\"financial_control\":false}"), 200);
	ck_assert_double_eq_tol(equity_t(2019, fac), 0.8, 1e-9);
	ck_assert_double_eq_tol(equity_t(2020, fac), 1.4, 1e-9);

	/* A year on a new entity dates nothing: refused. */
	j = call("POST", "/api/entities", "{\"name\":\"Delta\","
	    "\"effective_from\":2020}", &st);
	ck_assert_int_eq(st, 422);
	ck_assert_str_eq(str(json_object_get(j, "error"), "field"),
	    "effective_from");
	json_decref(j);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("summary");
	tc = tcase_create("lists");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, coverage_and_sources);
	tcase_add_test(tc, sources_stop_at_ten);
	tcase_add_test(tc, ownership_changes_by_year);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
