/*
 * GET /api/frameworks/sbti/status?year=Y: the catalogue's disclosures with
 * their completeness, as every framework answers, and beside them each
 * target checked against the SBTi criteria, each finding naming the
 * criterion it implements, and the trajectory (required against actual
 * emissions per year, linear from the base year).  Emissions are the company's metric values (tCO2e):
 * scope 1+2 uses market-based scope 2 when there is one, else
 * location-based.
 *
 * The numbers are the catalogue's: each check reads its rule's parameters
 * (rules: in <edition>.yaml) from the edition in force for the year, or
 * from the first edition when that one does not state the rule, and names
 * the rule's criterion and document.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../framework.h"
#include "sbti.h"

#define YEARS_MAX		120

struct target {
	const char	*id, *name, *scopes, *kind, *ambition;
	int		 base, until, submitted;
	double		 reduction, coverage, base_t;	/* base_t < 0: none */
};

/* A rule of the catalogue: its parameters and how findings name it. */
struct rule {
	const json_t	*params;
	char		 label[256];
};

static _Thread_local const json_t *edition_cat;	/* the edition in force */

static const json_t *
rule_in(const json_t *cat, const char *id)
{
	const json_t	*r;
	size_t		 i;

	json_array_foreach(json_object_get(cat, "rules"), i, r)
		if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
			return (r);
	return (NULL);
}

/* Rule id from the edition in force, else the first; 0 when neither has it. */
static int
rule(const char *id, struct rule *out)
{
	const json_t	*r;

	if ((r = rule_in(edition_cat, id)) == NULL &&
	    (r = rule_in(fw_catalog_at(0), id)) == NULL)
		return (0);
	out->params = json_object_get(r, "parameters");
	snprintf(out->label, sizeof(out->label), "%s %s (%s)",
	    json_string_value(json_object_get(r, "criterion")),
	    json_string_value(json_object_get(r, "name")),
	    json_string_value(json_object_get(r, "document")));
	return (1);
}

static double
param(const struct rule *r, const char *name)
{
	return (json_number_value(json_object_get(r->params, name)));
}

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
	json_t		*f = json_array();
	struct rule	 r;
	int		 span = t->until - t->base;
	double		 rate = t->reduction / span, need;
	int		 near = strcmp(t->kind, "near_term") == 0;

	if (rule("base-year-not-before-2015", &r))
		finding(f, r.label, t->base >= param(&r, "min_base_year"),
		    "base year %d; %.0f or later needed", t->base,
		    param(&r, "min_base_year"));
	if (near && rule("near-term-timeframe", &r)) {
		int years = t->until - t->submitted;
		int exempt = t->until == (int)param(&r, "exempt_target_year");
		finding(f, r.label, exempt || (years >= param(&r, "min_years") &&
		    years <= param(&r, "max_years")), "target year %d, %d years "
		    "after submission in %d%s", t->until, years, t->submitted,
		    exempt ? " (that target year is exempt)" : "");
	}
	if (near && strcmp(t->scopes, "3") != 0 &&
	    rule("scope12-coverage-95", &r))
		finding(f, r.label, t->coverage >= param(&r, "min_coverage_pct"),
		    "covers %.1f %% of scope 1 and 2 emissions, %.0f %% needed",
		    t->coverage, param(&r, "min_coverage_pct"));
	if (near && strcmp(t->scopes, "3") == 0 &&
	    rule("scope3-coverage-67", &r))
		finding(f, r.label, t->coverage >= param(&r, "min_coverage_pct"),
		    "covers %.1f %% of scope 3 emissions, %.0f %% needed",
		    t->coverage, param(&r, "min_coverage_pct"));
	if (near && rule("minimum-rate-by-ambition", &r)) {
		const char *amb = t->ambition ? t->ambition : "1.5C";
		need = json_number_value(json_object_get(json_object_get(
		    r.params, "min_linear_annual_reduction_pct"), amb));
		finding(f, r.label, rate >= need - 1e-9, "%.2f %% a year, %.1f "
		    "%% needed for %s", rate, need, amb);
	}
	if (!near && rule("long-term-reduction-90pct", &r))
		finding(f, r.label, t->reduction >= param(&r,
		    "min_reduction_pct") && t->until <= param(&r,
		    "latest_target_year"), "%.1f %% by %d; %.0f %% by %.0f "
		    "needed", t->reduction, t->until, param(&r,
		    "min_reduction_pct"), param(&r, "latest_target_year"));
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

	if ((out = fw_evaluation(req)) == NULL)
		return (CD_OK);
	year = (int)json_integer_value(json_object_get(out, "year"));
	if ((edition_cat = fw_catalog_for(req, year)) == NULL) {
		json_decref(out);
		return (CD_OK);
	}
	rc = svc->storage_query(req, "SELECT id, name, scopes, kind, "
	    "ambition, base_year, target_year, reduction_pct, coverage_pct, "
	    "coalesce(base_emissions_t, -1) AS base_t, extract(year FROM "
	    "created_at)::int AS submitted FROM targets ORDER BY created_at, "
	    "id", 0, NULL, &rows, &err);
	free(err);
	if (rc != CD_OK) {
		json_decref(out);
		return (answer_failed(req, rc));
	}

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
			.submitted = atoi(json_string_value(json_object_get(row,
			    "submitted"))),
		};
		json_t *on_track, *f = target_findings(&t, &valid);
		json_t *traj = target_trajectory(req, years, &t, year,
		    &on_track);
		struct rule s3cov;
		if (strcmp(t.scopes, "1+2") != 0 && strcmp(t.kind,
		    "near_term") == 0 && rule("scope3-coverage-67", &s3cov) &&
		    t.coverage >= param(&s3cov, "min_coverage_pct"))
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
	struct rule s3req;
	if (s3 >= 0 && all > 0 && rule("scope3-target-required-40pct", &s3req) &&
	    s3 / all * 100 >= param(&s3req, "scope3_share_threshold_pct"))
		finding(company, s3req.label, s3_target, "scope 3 is %.1f %% of "
		    "the total (%.0f %% or more calls for a near-term scope 3 "
		    "target)", s3 / all * 100, param(&s3req,
		    "scope3_share_threshold_pct"));
	for (i = 0; i < YEARS_MAX; i++)
		json_decref(years[i]);
	json_object_set_new(out, "targets", list);
	json_object_set_new(out, "company_findings", company);
	return (svc->respond_json(req, 200, out));
}
