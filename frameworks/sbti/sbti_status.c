/*
 * GET /api/frameworks/sbti/status?year=Y: each target checked against the
 * SBTi criteria, each finding naming the criterion it implements, and the
 * trajectory (required against actual emissions per year, linear from the
 * base year).  Emissions are the company's metric values (tCO2e):
 * scope 1+2 uses market-based scope 2 when there is one, else
 * location-based.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../framework.h"
#include "sbti.h"

/*
 * The numbers of the criteria, from SBTi Corporate Near-Term Criteria
 * V5.2 and the Corporate Net-Zero Standard V1.3.
 */
#define BASE_YEAR_MIN		2015	/* base year no earlier than */
#define HORIZON_MIN		5	/* near-term: years from base year */
#define HORIZON_MAX		10
#define S12_COVERAGE_MIN	95.0	/* % of scope 1+2 a target covers */
#define RATE_1_5C		4.2	/* % a year, linear, scope 1+2 */
#define RATE_WB2C		2.5
#define S3_SHARE_TRIGGER	40.0	/* % of total that calls for scope 3 */
#define S3_COVERAGE_MIN		67.0
#define LONG_TERM_REDUCTION	90.0	/* % by LONG_TERM_YEAR */
#define LONG_TERM_YEAR		2050

#define YEARS_MAX		120

struct target {
	const char	*id, *name, *scopes, *kind, *ambition;
	int		 base, until;
	double		 reduction, coverage, base_t;	/* base_t < 0: none */
};

/* Emissions of scopes in year, from a cache of metric values by year. */
static double
emissions(struct cd_req *req, json_t *years[], int year, const char *scopes)
{
	const struct cd_services	*svc = fw_svc();
	const json_t			*v;
	double				 t = 0;
	int				 any = 0;

	if (year < 1990 || year >= 1990 + YEARS_MAX)
		return (-1);
	if (years[year - 1990] == NULL &&
	    svc->metric_values(req, year, &years[year - 1990]) != CD_OK)
		return (-1);
	v = years[year - 1990];
	if (strcmp(scopes, "3") != 0) {
		const json_t *s1 = json_object_get(v, "ghg.scope1.gross");
		const json_t *s2 = json_object_get(v, "ghg.scope2.market");
		if (s2 == NULL)
			s2 = json_object_get(v, "ghg.scope2.location");
		if (s1 != NULL || s2 != NULL)
			any = 1;
		t += json_number_value(json_object_get(s1, "value")) +
		    json_number_value(json_object_get(s2, "value"));
	}
	if (strcmp(scopes, "1+2") != 0) {
		const json_t *s3 = json_object_get(v, "ghg.scope3.total");
		if (s3 != NULL)
			any = 1;
		t += json_number_value(json_object_get(s3, "value"));
	}
	return (any ? t : -1);
}

static void
finding(json_t *list, const char *criterion, int passed, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
finding(json_t *list, const char *criterion, int passed, const char *fmt,
    ...)
{
	char	msg[256];
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(list, json_pack("{s:s, s:b, s:s}", "criterion",
	    criterion, "passed", passed, "message", msg));
}

/* The findings of one target; *valid is whether all passed. */
static json_t *
target_findings(const struct target *t, int *valid)
{
	json_t	*f = json_array();
	int	 span = t->until - t->base;
	double	 rate = t->reduction / span;
	int	 near = strcmp(t->kind, "near_term") == 0;

	finding(f, "Base year (Near-Term Criteria: no earlier than 2015)",
	    t->base >= BASE_YEAR_MIN, "base year %d", t->base);
	if (near) {
		finding(f, "Timeframe (Near-Term Criteria: 5 to 10 years)",
		    span >= HORIZON_MIN && span <= HORIZON_MAX,
		    "%d years from base year to target year", span);
		if (strcmp(t->scopes, "3") != 0)
			finding(f, "Scope 1 and 2 coverage (Near-Term "
			    "Criteria: at least 95 %)", t->coverage >=
			    S12_COVERAGE_MIN, "covers %.1f %% of scope 1 and 2 "
			    "emissions", t->coverage);
		else
			finding(f, "Scope 3 coverage (Near-Term Criteria: at "
			    "least 67 %)", t->coverage >= S3_COVERAGE_MIN,
			    "covers %.1f %% of scope 3 emissions", t->coverage);
		if (t->ambition == NULL || strcmp(t->ambition, "1.5C") == 0)
			finding(f, "Ambition (Near-Term Criteria: at least "
			    "4.2 % linear annual reduction for 1.5 C)", rate >=
			    RATE_1_5C - 1e-9, "%.2f %% a year, 4.2 %% needed",
			    rate);
		else
			finding(f, "Ambition (Near-Term Criteria: at least "
			    "2.5 % linear annual reduction for well below "
			    "2 C)", rate >= RATE_WB2C - 1e-9, "%.2f %% a year, "
			    "2.5 %% needed", rate);
	} else
		finding(f, "Long-term target (Net-Zero Standard: at least 90 % "
		    "by 2050)", t->reduction >= LONG_TERM_REDUCTION &&
		    t->until <= LONG_TERM_YEAR, "%.1f %% reduction by %d",
		    t->reduction, t->until);
	*valid = 1;
	for (size_t i = 0; i < json_array_size(f); i++)
		if (!json_is_true(json_object_get(json_array_get(f, i),
		    "passed")))
			*valid = 0;
	return (f);
}

/* Required against actual, base year to target year; on_track or null. */
static json_t *
target_trajectory(struct cd_req *req, json_t *years[], const struct target *t,
    int year, json_t **on_track)
{
	json_t	*traj = json_array();
	double	 base, req_t, act;
	int	 span = t->until - t->base;

	*on_track = json_null();
	base = t->base_t >= 0 ? t->base_t : emissions(req, years, t->base,
	    t->scopes);
	if (base < 0)
		return (traj);
	for (int y = t->base; y <= t->until; y++) {
		req_t = base * (1 - t->reduction / 100.0 * (y - t->base) / span);
		act = y <= year ? emissions(req, years, y, t->scopes) : -1;
		json_array_append_new(traj, json_pack("{s:i, s:f, s:o}", "year",
		    y, "required_t", req_t, "actual_t", act >= 0 ?
		    json_real(act) : json_null()));
		if (act >= 0 && y > t->base) {
			json_decref(*on_track);
			*on_track = json_boolean(act <= req_t + 1e-9);
		}
	}
	return (traj);
}

static int
answer_failed(struct cd_req *req, int rc)
{
	return (fw_svc()->respond_error(req, rc == CD_EUNAVAIL ? 503 : 500,
	    rc == CD_EUNAVAIL ? "database_unavailable" : "internal_error",
	    "targets could not be read", NULL));
}

int
sbti_status(struct cd_req *req)
{
	const struct cd_services	*svc = fw_svc();
	json_t				*rows, *out, *list, *company, *row;
	json_t				*years[YEARS_MAX] = { 0 };
	char				*err = NULL;
	int				 year, rc, s3_target = 0, valid;
	double				 s3, all;
	size_t				 i;

	if ((year = fw_query_year(req, 1)) < 0)
		return (CD_OK);
	if (fw_catalog_for(req, year) == NULL)
		return (CD_OK);
	rc = svc->storage_query(req, "SELECT id, name, scopes, kind, "
	    "ambition, base_year, target_year, reduction_pct, coverage_pct, "
	    "coalesce(base_emissions_t, -1) AS base_t FROM targets ORDER BY "
	    "created_at, id", 0, NULL, &rows, &err);
	free(err);
	if (rc != CD_OK)
		return (answer_failed(req, rc));

	list = json_array();
	json_array_foreach(rows, i, row) {
		struct target t = {
			.id = json_string_value(json_object_get(row, "id")),
			.name = json_string_value(json_object_get(row, "name")),
			.scopes = json_string_value(json_object_get(row,
			    "scopes")),
			.kind = json_string_value(json_object_get(row, "kind")),
			.ambition = json_string_value(json_object_get(row,
			    "ambition")),
			.base = atoi(json_string_value(json_object_get(row,
			    "base_year"))),
			.until = atoi(json_string_value(json_object_get(row,
			    "target_year"))),
			.reduction = atof(json_string_value(json_object_get(row,
			    "reduction_pct"))),
			.coverage = atof(json_string_value(json_object_get(row,
			    "coverage_pct"))),
			.base_t = atof(json_string_value(json_object_get(row,
			    "base_t"))),
		};
		json_t *on_track, *f = target_findings(&t, &valid);
		json_t *traj = target_trajectory(req, years, &t, year,
		    &on_track);
		if (strcmp(t.scopes, "1+2") != 0 && t.coverage >=
		    S3_COVERAGE_MIN && strcmp(t.kind, "near_term") == 0)
			s3_target = 1;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:b, s:o, s:o, s:o}", "id", t.id, "name", t.name, "scopes",
		    t.scopes, "kind", t.kind, "valid", valid, "findings", f,
		    "trajectory", traj, "on_track", on_track));
	}
	json_decref(rows);

	/* The company's rule: scope 3 at 40 % or more calls for a target. */
	company = json_array();
	s3 = emissions(req, years, year, "3");
	all = emissions(req, years, year, "1+2+3");
	if (s3 >= 0 && all > 0 && s3 / all * 100 >= S3_SHARE_TRIGGER)
		finding(company, "Scope 3 (Near-Term Criteria: a scope 3 target "
		    "covering at least 67 % when scope 3 is 40 % or more of "
		    "the total)", s3_target, "scope 3 is %.1f %% of the total",
		    s3 / all * 100);
	for (i = 0; i < YEARS_MAX; i++)
		json_decref(years[i]);
	out = json_pack("{s:s, s:s, s:i, s:o, s:o}", "framework", "sbti",
	    "edition", json_string_value(json_object_get(fw_catalog_for(req,
	    year), "edition")), "year", year, "targets", list,
	    "company_findings", company);
	return (svc->respond_json(req, 200, out));
}
