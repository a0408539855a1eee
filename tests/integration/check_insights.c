/*
 * The insights plugin against a real PostgreSQL: year-over-year jumps,
 * monthly outliers by the modified z-score, missing months, facilities
 * without data, hot spots, reduction levers, the year check, another
 * company's rows never showing, and 503 while the database is down.
 * Each case reads its own reporting year, so the cases share one company
 * without seeing each other's rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define PLANT_A		"7f000000-0000-4000-8000-00000000a001"
#define PLANT_B		"7f000000-0000-4000-8000-00000000a002"
#define DEPOT_C		"7f000000-0000-4000-8000-00000000a003"
#define OTHER_PLANT	"7f000000-0000-4000-8000-00000000b001"
#define JV_PLANT	"7f000000-0000-4000-8000-00000000a004"

static struct services	svc;
static struct host	h;
static struct h_account	a;

/* Monthly tonnes that vary a little, so their MAD is not zero. */
static const double	base_month[12] = {
	100, 104, 96, 102, 98, 101, 99, 103, 97, 100, 102, 98
};

static char	sql[1 << 16];
static size_t	sql_len;

static void
suite_up(void)
{
	char	q[1024];

	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Insight Co", "owner@insight.example", &a);
	snprintf(q, sizeof(q), "INSERT INTO facilities (id, company_id, name) "
	    "VALUES ('" PLANT_A "', '%s', 'Plant A'), ('" PLANT_B "', '%s', "
	    "'Plant B'), ('" DEPOT_C "', '%s', 'Depot C')", a.company,
	    a.company, a.company);
	ck_assert_int_eq(s_psql(&svc, q, NULL, 0), 0);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/*
 * Queue one month-long activity starting on `day` and its emission row
 * of `tonnes` (scope 3 rows need a category: 6, business travel, will
 * do); flush() runs the queue as one psql call.
 */
static void
add(const char *company, const char *facility, int scope,
    const char *category, const char *day, double tonnes)
{
	int	n;

	n = snprintf(sql + sql_len, sizeof(sql) - sql_len, "WITH a AS "
	    "(INSERT INTO activities (company_id, facility_id, category, "
	    "activity, quantity, unit, period_start, period_end) VALUES "
	    "('%s', %s%s%s, '%s', 'test', 1, 'kWh', '%s', ('%s'::date + "
	    "interval '1 month' - interval '1 day')::date) RETURNING id) "
	    "INSERT INTO emissions (company_id, activity_id, scope, category, "
	    "co2e_kg, factor, calculator, gwp, scope3_category) SELECT '%s', "
	    "id, %d, '%s', %.3f, '{}', '{}', 'AR5', %s FROM a;\n", company,
	    facility ? "'" : "", facility ? facility : "NULL",
	    facility ? "'" : "", category, day, day, company, scope, category,
	    tonnes * 1000, scope == 3 ? "6" : "NULL");
	ck_assert(n > 0 && (size_t)n < sizeof(sql) - sql_len);
	sql_len += (size_t)n;
}

static void
flush(void)
{
	ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
	sql_len = 0;
	sql[0] = '\0';
}

/* Monthly rows of year y from January to `last`, base_month scaled. */
static void
add_months(const char *facility, int scope, const char *category, int y,
    double scale, int big, int last)
{
	char	day[16];

	for (int m = 1; m <= last; m++) {
		snprintf(day, sizeof(day), "%d-%02d-01", y, m);
		add(a.company, facility, scope, category, day, scale *
		    (m == big ? 10 * base_month[0] : base_month[m - 1]));
	}
}

/* Twelve monthly rows of year y, base_month scaled; month `big` x10. */
static void
add_year(const char *facility, int scope, const char *category, int y,
    double scale, int big)
{
	add_months(facility, scope, category, y, scale, big, 12);
}

/* GET path with token; the parsed body (decref it) and *status. */
static json_t *
get(const char *path, const char *token, long *status)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_call(&h, "GET", path, token, NULL, &r), 0);
	*status = r.status;
	j = json_loads(r.body != NULL ? r.body : "null", JSON_DECODE_ANY,
	    NULL);
	h_resp_free(&r);
	return (j);
}

static json_t *
insights(int year, const char *token)
{
	char	 path[64];
	long	 status;
	json_t	*j;

	snprintf(path, sizeof(path), "/api/insights?year=%d", year);
	j = get(path, token, &status);
	ck_assert_msg(status == 200, "insights %d: %ld", year, status);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "year")), year);
	return (j);
}

/* The n-th finding of kind for subject (NULL: any), or NULL. */
static const json_t *
finding(const json_t *j, const char *kind, const char *subject, int nth)
{
	const json_t	*f;
	size_t		 i;

	json_array_foreach(json_object_get(j, "findings"), i, f) {
		if (strcmp(json_string_value(json_object_get(f, "kind")),
		    kind) != 0 || (subject != NULL && strcmp(subject,
		    json_string_value(json_object_get(f, "subject"))) != 0))
			continue;
		if (nth-- == 0)
			return (f);
	}
	return (NULL);
}

static const char *
reason(const json_t *f)
{
	return (json_string_value(json_object_get(f, "reason")));
}

static double
data_num(const json_t *f, const char *key)
{
	return (json_number_value(json_object_get(json_object_get(f, "data"),
	    key)));
}

START_TEST(yoy_jump_flagged_small_change_not)
{
	json_t		*j;
	const json_t	*f;

	/* Scope 1: 1200 t to 1680 t (+40 %); scope 2: 2400 t to 2520 t (+5 %). */
	add_year(NULL, 1, "stationary_combustion", 2010, 1, 0);
	add_year(NULL, 1, "stationary_combustion", 2011, 1.4, 0);
	add_year(NULL, 2, "electricity", 2010, 2, 0);
	add_year(NULL, 2, "electricity", 2011, 2.1, 0);
	flush();

	j = insights(2011, a.access);
	ck_assert_ptr_nonnull(f = finding(j, "yoy_change", "Scope 1", 0));
	ck_assert_msg(strstr(reason(f), "Scope 1 emissions rose 40.0 % from "
	    "1200.0 t in 2010 to 1680.0 t in 2011") != NULL, "%s", reason(f));
	ck_assert_str_eq(json_string_value(json_object_get(f, "severity")),
	    "warning");
	ck_assert_double_eq_tol(data_num(f, "change_pct"), 40, 1e-6);
	ck_assert_ptr_nonnull(finding(j, "yoy_change", "stationary_combustion",
	    0));
	ck_assert_ptr_null(finding(j, "yoy_change", "Scope 2", 0));
	ck_assert_ptr_null(finding(j, "yoy_change", "electricity", 0));
	json_decref(j);
}
END_TEST

/*
 * A year under way is set against the same months of the year before:
 * half a year like last year's first half is no fall; half a year at 1.5
 * times last year's first half is a rise of 50 %, not of -25 %.
 */
START_TEST(yoy_partial_year_like_for_like)
{
	json_t		*j;
	const json_t	*f;
	double		 half = 0;
	char		 want[160];

	for (int m = 0; m < 6; m++)
		half += base_month[m];
	add_year(NULL, 1, "stationary_combustion", 2020, 1, 0);
	add_months(NULL, 1, "stationary_combustion", 2021, 1, 0, 6);
	add_year(NULL, 1, "stationary_combustion", 2022, 1, 0);
	add_months(NULL, 1, "stationary_combustion", 2023, 1.5, 0, 6);
	flush();

	j = insights(2021, a.access);
	ck_assert_ptr_null(finding(j, "yoy_change", NULL, 0));
	json_decref(j);

	j = insights(2023, a.access);
	ck_assert_ptr_nonnull(f = finding(j, "yoy_change", "Scope 1", 0));
	ck_assert_double_eq_tol(data_num(f, "change_pct"), 50, 1e-6);
	ck_assert_double_eq_tol(data_num(f, "previous_t"), half, 1e-6);
	ck_assert_double_eq(data_num(f, "months_compared"), 6);
	snprintf(want, sizeof(want), "rose 50.0 %% from %.1f t in 2022 to "
	    "%.1f t in 2023 (the 6 months of 2023 with data and the same of "
	    "2022)", half, 1.5 * half);
	ck_assert_msg(strstr(reason(f), want) != NULL, "%s", reason(f));
	json_decref(j);
}
END_TEST

START_TEST(outlier_month_flagged_uniform_year_not)
{
	json_t		*j;
	const json_t	*f;

	add_year(PLANT_A, 3, "business_travel", 2012, 1, 7);
	add_year(PLANT_A, 3, "business_travel", 2013, 1, 0);
	flush();

	j = insights(2012, a.access);
	ck_assert_ptr_nonnull(f = finding(j, "monthly_outlier",
	    "business_travel", 0));
	ck_assert_int_eq((int)data_num(f, "month"), 7);
	ck_assert_msg(strstr(reason(f), "July 2012 were 1000.0 t") != NULL,
	    "%s", reason(f));
	ck_assert_double_gt(data_num(f, "modified_z"), 3.5);
	ck_assert_ptr_null(finding(j, "monthly_outlier", NULL, 1));
	json_decref(j);

	j = insights(2013, a.access);
	ck_assert_ptr_null(finding(j, "monthly_outlier", NULL, 0));
	json_decref(j);
}
END_TEST

START_TEST(gaps_reported)
{
	json_t		*j, *months;
	const json_t	*f;
	char		 day[16];

	/* Plant A: every month of 2014 but July; Plant B: nothing. */
	for (int m = 1; m <= 12; m++) {
		if (m == 7)
			continue;
		snprintf(day, sizeof(day), "2014-%02d-01", m);
		add(a.company, PLANT_A, 2, "electricity", day, 10);
	}
	flush();

	j = insights(2014, a.access);
	ck_assert_ptr_nonnull(f = finding(j, "facility_without_data",
	    "Plant B", 0));
	ck_assert_msg(strstr(reason(f), "Plant B has no activity record in "
	    "2014, while the company has records for 11 of the 12 months") != NULL,
	    "%s", reason(f));
	ck_assert_ptr_null(finding(j, "facility_without_data", "Plant A", 0));
	ck_assert_ptr_nonnull(f = finding(j, "missing_months", "Plant A", 0));
	ck_assert_msg(strstr(reason(f), "no activity record for July 2014") !=
	    NULL, "%s", reason(f));
	months = json_object_get(json_object_get(f, "data"), "missing_months");
	ck_assert_int_eq(json_array_size(months), 1);
	ck_assert_int_eq(json_integer_value(json_array_get(months, 0)), 7);
	ck_assert_ptr_nonnull(finding(j, "missing_months", "company", 0));
	json_decref(j);
}
END_TEST

START_TEST(hot_spots_and_levers)
{
	static const struct {
		const char	*facility, *category;
		int		 scope;
		double		 t;
	} rows[] = {
		{ PLANT_B, "electricity", 2, 300 },
		{ PLANT_A, "electricity", 2, 500 },
		{ PLANT_A, "stationary_combustion", 1, 200 },
		{ DEPOT_C, "mobile_combustion", 1, 150 },
		{ NULL, "business_travel", 3, 100 },
		{ PLANT_B, "waste", 3, 50 },
		{ PLANT_A, "refrigerants", 1, 25 },
	};
	json_t		*j, *j2, *hot, *lev;
	const json_t	*e;
	double		 sum = 0, prev = 1e300, t;
	char		 q[2048];
	size_t		 i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		add(a.company, rows[i].facility, rows[i].scope,
		    rows[i].category, "2015-03-01", rows[i].t);
	flush();
	/* A market-based twin of a location-based row must not count twice. */
	snprintf(q, sizeof(q), "INSERT INTO activities (id, company_id, "
	    "facility_id, category, activity, quantity, unit, period_start, "
	    "period_end) VALUES ('7f000000-0000-4000-8000-00000000c001', '%s', "
	    "'" DEPOT_C "', 'electricity', 'grid', 1, 'kWh', '2015-04-01', "
	    "'2015-04-30'); INSERT INTO emissions (company_id, activity_id, "
	    "scope, category, co2e_kg, factor, calculator, gwp, method) VALUES "
	    "('%s', '7f000000-0000-4000-8000-00000000c001', 2, 'electricity', "
	    "1000, '{}', '{}', 'AR5', 'location'), ('%s', "
	    "'7f000000-0000-4000-8000-00000000c001', 2, 'electricity', "
	    "900000, '{}', '{}', 'AR5', 'market')", a.company, a.company,
	    a.company);
	ck_assert_int_eq(s_psql(&svc, q, NULL, 0), 0);

	/* Total 1326 t: 1325 t above and the 1 t location-based row. */
	j = insights(2015, a.access);
	hot = json_object_get(j, "hot_spots");
	ck_assert_int_eq(json_array_size(hot), 5);
	json_array_foreach(hot, i, e) {
		t = json_number_value(json_object_get(e, "tco2e"));
		ck_assert_double_le(t, prev);
		prev = t;
		sum += json_number_value(json_object_get(e, "share_pct"));
	}
	ck_assert_double_le(sum, 100 + 1e-9);
	ck_assert_double_eq_tol(sum, 1250.0 / 1326 * 100, 1e-6);
	e = json_array_get(hot, 0);
	ck_assert_str_eq(json_string_value(json_object_get(e, "category")),
	    "electricity");
	ck_assert_str_eq(json_string_value(json_object_get(e, "facility")),
	    "Plant A");
	ck_assert_double_eq_tol(json_number_value(json_object_get(e,
	    "share_pct")), 500.0 / 1326 * 100, 1e-6);
	ck_assert_ptr_null(json_string_value(json_object_get(
	    json_array_get(hot, 4), "facility")));	/* business travel */

	lev = json_object_get(j, "levers");
	ck_assert_int_eq(json_array_size(lev), 5);
	e = json_array_get(lev, 0);
	ck_assert_str_eq(json_string_value(json_object_get(e, "category")),
	    "electricity");
	ck_assert_double_eq_tol(json_number_value(json_object_get(e, "tco2e")),
	    801, 1e-6);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e,
	    "lever")), "renewable"));
	ck_assert_ptr_nonnull(json_string_value(json_object_get(e, "why")));
	/* Refrigerants is the sixth category: past the five levers. */
	json_array_foreach(lev, i, e)
		ck_assert_str_ne(json_string_value(json_object_get(e,
		    "category")), "refrigerants");

	/* Deterministic: the same rows give the same answer. */
	j2 = insights(2015, a.access);
	ck_assert(json_equal(j, j2));
	json_decref(j2);
	json_decref(j);
}
END_TEST

/* totals.location of GET /api/emissions/summary?year=. */
static double
summary_location(int year)
{
	char	 path[64];
	long	 status;
	json_t	*j;
	double	 t;

	snprintf(path, sizeof(path), "/api/emissions/summary?year=%d", year);
	j = get(path, a.access, &status);
	ck_assert_int_eq(status, 200);
	t = json_number_value(json_object_get(json_object_get(j, "totals"),
	    "location"));
	json_decref(j);
	return (t);
}

/*
 * Insights count what the summary counts: a joint venture owned 50 %
 * without control is outside the boundary under operational control (no
 * hot spot, not in the total) and in at half under equity share.
 */
START_TEST(boundary_as_summary)
{
	json_t		*j, *hot;
	const json_t	*e;
	char		 q[1024], ent[64];
	long		 status;
	size_t		 i;

	snprintf(q, sizeof(q), "{\"name\":\"JV\",\"ownership_pct\":50,"
	    "\"operational_control\":false,\"financial_control\":false}");
	j = h_call_json(&h, "POST", "/api/entities", a.access, q, &status);
	ck_assert_int_eq(status, 201);
	snprintf(ent, sizeof(ent), "%s", json_string_value(json_object_get(j,
	    "id")));
	json_decref(j);
	snprintf(q, sizeof(q), "INSERT INTO facilities (id, company_id, "
	    "entity_id, name) VALUES ('" JV_PLANT "', '%s', '%s', 'JV Plant')",
	    a.company, ent);
	ck_assert_int_eq(s_psql(&svc, q, NULL, 0), 0);
	add(a.company, PLANT_A, 1, "stationary_combustion", "2016-03-01", 100);
	add(a.company, JV_PLANT, 1, "mobile_combustion", "2016-03-01", 400);
	flush();

	j = insights(2016, a.access);
	hot = json_object_get(j, "hot_spots");
	json_array_foreach(hot, i, e)
		ck_assert_msg(json_string_value(json_object_get(e,
		    "facility")) == NULL || strcmp(json_string_value(
		    json_object_get(e, "facility")), "JV Plant") != 0,
		    "a facility outside the boundary is a hot spot");
	ck_assert_double_eq_tol(summary_location(2016), 100, 1e-6);
	ck_assert_double_eq_tol(json_number_value(json_object_get(
	    json_array_get(hot, 0), "share_pct")), 100, 1e-6);
	json_decref(j);

	j = h_call_json(&h, "PUT", "/api/settings/emissions", a.access,
	    "{\"approach\":\"equity\"}", &status);
	ck_assert_int_eq(status, 200);
	json_decref(j);
	j = insights(2016, a.access);
	hot = json_object_get(j, "hot_spots");
	ck_assert_double_eq_tol(summary_location(2016), 300, 1e-6);
	e = json_array_get(hot, 0);
	ck_assert_str_eq(json_string_value(json_object_get(e, "facility")),
	    "JV Plant");
	ck_assert_double_eq_tol(json_number_value(json_object_get(e,
	    "tco2e")), 200, 1e-6);
	ck_assert_double_eq_tol(json_number_value(json_object_get(e,
	    "share_pct")), 200.0 / 300 * 100, 1e-6);
	json_decref(j);
	j = h_call_json(&h, "PUT", "/api/settings/emissions", a.access,
	    "{\"approach\":\"operational\"}", &status);
	ck_assert_int_eq(status, 200);
	json_decref(j);
}
END_TEST

START_TEST(year_required)
{
	static const char *const bad[] = {
		"/api/insights", "/api/insights?year=1989",
		"/api/insights?year=2101", "/api/insights?year=20x1",
		"/api/insights?year=+2011", "/api/insights?year=",
	};
	json_t	*j;
	long	 status;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = get(bad[i], a.access, &status);
		ck_assert_msg(status == 422, "%s: %ld", bad[i], status);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(j, "error"), "field")), "year");
		json_decref(j);
	}
	j = get("/api/insights?year=2011", NULL, &status);
	ck_assert_int_eq(status, 401);
	json_decref(j);
}
END_TEST

START_TEST(other_company_never_seen)
{
	struct h_account	 b;
	json_t			*j;
	char			*text, q[512];
	const json_t		*f;

	h_register(&h, "Other Co", "owner@other.example", &b);
	snprintf(q, sizeof(q), "INSERT INTO facilities (id, company_id, name) "
	    "VALUES ('" OTHER_PLANT "', '%s', 'Other Plant')", b.company);
	ck_assert_int_eq(s_psql(&svc, q, NULL, 0), 0);
	add(b.company, OTHER_PLANT, 1, "other_co_marker", "2011-05-01", 99999);
	add(b.company, OTHER_PLANT, 1, "other_co_marker", "2010-05-01", 1);
	flush();

	j = insights(2011, a.access);
	text = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_null(strstr(text, "other_co_marker"));
	ck_assert_ptr_null(strstr(text, "Other Plant"));
	free(text);
	/* The first case's totals, untouched by 99999 t of the other's. */
	ck_assert_ptr_nonnull(f = finding(j, "yoy_change", "Scope 1", 0));
	ck_assert_ptr_nonnull(strstr(reason(f), "to 1680.0 t in 2011"));
	json_decref(j);

	/* The other company sees its own rows, and only those. */
	j = insights(2011, b.access);
	text = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(text, "\"other_co_marker\""));
	ck_assert_ptr_null(strstr(text, "Plant A"));
	ck_assert_ptr_null(strstr(text, "stationary_combustion"));
	free(text);
	json_decref(j);
}
END_TEST

START_TEST(database_down_503)
{
	json_t	*j;
	long	 status;
	double	 t0;

	ck_assert_int_eq(s_pg_stop(&svc), 0);
	j = get("/api/insights?year=2015", a.access, &status);
	ck_assert_int_eq(status, 503);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "code")), "database_unavailable");
	json_decref(j);
	ck_assert_int_eq(s_pg_start(&svc), 0);
	/* The host reconnects on its own; give it a few seconds. */
	for (t0 = h_now(); h_now() - t0 < 10; usleep(100000)) {
		j = get("/api/insights?year=2015", a.access, &status);
		json_decref(j);
		if (status == 200)
			break;
	}
	ck_assert_int_eq(status, 200);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("insights");
	tc = tcase_create("insights");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, yoy_jump_flagged_small_change_not);
	tcase_add_test(tc, yoy_partial_year_like_for_like);
	tcase_add_test(tc, outlier_month_flagged_uniform_year_not);
	tcase_add_test(tc, gaps_reported);
	tcase_add_test(tc, hot_spots_and_levers);
	tcase_add_test(tc, boundary_as_summary);
	tcase_add_test(tc, year_required);
	tcase_add_test(tc, other_company_never_seen);
	/* Last: it stops and restarts the database. */
	tcase_add_test(tc, database_down_503);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
