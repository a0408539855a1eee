/*
 * CSRD double materiality and applicability.
 *
 * PUT /api/frameworks/csrd/materiality {"year":Y,"topics":{"E1":
 * {"impact":bool,"financial":bool,"rationale":"..."}}} records a year's
 * assessment (documents service, collection csrd.materiality); GET with
 * ?year= reads it.  A topic is material when it is material from the
 * impact or the financial perspective (ESRS 1 chapter 3); the disclosure
 * requirements of a topic assessed as neither become not_material.
 * ESRS 2 is always required.  Without an assessment every topic counts as
 * material.
 *
 * Applicability follows the catalogue's rules for the year (thresholds
 * on employees and turnover, "all" or "at_least_2_of_3" of them), read
 * from the reported metrics workforce.headcount and revenue (EUR million).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../framework.h"
#include "csrd.h"

#define COLLECTION	"csrd.materiality"
#define RATIONALE_MAX	5000

static int
in_list(const json_t *list, const char *s)
{
	const json_t	*v;
	size_t		 i;

	json_array_foreach(list, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return (1);
	return (0);
}

static int
materiality_put(struct cd_req *req)
{
	const struct cd_services	*svc = fw_svc();
	const json_t			*cat, *topics, *t, *body;
	const char			*name;
	char				 id[16], msg[160];
	int				 year, rc;

	body = svc->req_json(req);
	year = (int)json_integer_value(json_object_get(body, "year"));
	if (!json_is_object(body) || year < 1990 || year > 2100)
		return (svc->respond_error(req, 422, "invalid_field", "year "
		    "must be a year from 1990 to 2100", "year"));
	if ((cat = fw_catalog_for(req, year)) == NULL)
		return (CD_OK);
	topics = json_object_get(body, "topics");
	if (!json_is_object(topics) || json_object_size(topics) == 0)
		return (svc->respond_error(req, 422, "invalid_field", "topics "
		    "must map topics to {impact, financial}", "topics"));
	json_object_foreach((json_t *)topics, name, t) {
		const json_t *r = json_object_get(t, "rationale");
		snprintf(msg, sizeof(msg), "topics.%s", name);
		if (!in_list(json_object_get(json_object_get(cat,
		    "materiality"), "assessed_per_topic"), name))
			return (svc->respond_error(req, 422, "unknown_topic",
			    "not a topic assessed for materiality in this "
			    "edition", msg));
		if (!json_is_boolean(json_object_get(t, "impact")) ||
		    !json_is_boolean(json_object_get(t, "financial")))
			return (svc->respond_error(req, 422, "invalid_field",
			    "impact and financial must be true or false", msg));
		if (r != NULL && (!json_is_string(r) ||
		    json_string_length(r) > RATIONALE_MAX))
			return (svc->respond_error(req, 422, "invalid_field",
			    "rationale must be text of at most 5000 bytes",
			    msg));
	}
	snprintf(id, sizeof(id), "%d", year);
	if ((rc = svc->doc_put(req, COLLECTION, id, body)) != CD_OK)
		return (svc->respond_error(req, rc == CD_EUNAVAIL ? 503 : 500,
		    rc == CD_EUNAVAIL ? "database_unavailable" :
		    "internal_error", "the assessment was not stored", NULL));
	return (svc->respond_json(req, 200, json_pack("{s:i, s:b}", "year",
	    year, "stored", 1)));
}

static int
materiality_get(struct cd_req *req)
{
	const struct cd_services	*svc = fw_svc();
	json_t				*doc;
	char				 id[16];
	int				 year, rc;

	if ((year = fw_query_year(req, 1)) < 0)
		return (CD_OK);
	snprintf(id, sizeof(id), "%d", year);
	rc = svc->doc_get(req, COLLECTION, id, &doc);
	if (rc == CD_ENOTFOUND)
		return (svc->respond_error(req, 404, "not_assessed", "no "
		    "materiality assessment for this year", "year"));
	if (rc != CD_OK)
		return (svc->respond_error(req, 503, "database_unavailable",
		    "the database is unavailable; try again shortly", NULL));
	return (svc->respond_json(req, 200, doc));
}

int
csrd_init_extra(struct cd_ctx *ctx, char **errmsg)
{
	const struct cd_services	*svc = fw_svc();
	static const struct cd_route	 routes[] = {
		{ .size = sizeof(struct cd_route), .method = "PUT",
		  .pattern = "/api/frameworks/csrd/materiality",
		  .min_role = CD_ROLE_EDITOR, .handler = materiality_put },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/frameworks/csrd/materiality",
		  .min_role = CD_ROLE_VIEWER, .handler = materiality_get },
	};

	for (size_t i = 0; i < 2; i++)
		if (svc->route_add(ctx, &routes[i], errmsg) != CD_OK)
			return (CD_EINVAL);
	return (CD_OK);
}

static double
value_of(const json_t *values, const char *metric)
{
	const json_t	*v = json_object_get(json_object_get(values, metric),
	    "value");

	return (json_is_number(v) ? json_number_value(v) : -1);
}

/* The catalogue's applicability rule for year, judged on values. */
static json_t *
applicability(int year, const json_t *cat, const json_t *values)
{
	const json_t	*rule, *th;
	double		 staff, turnover, emp_min, eur_min;
	size_t		 i;
	char		 reason[512];
	int		 over_staff, over_eur, in;

	json_array_foreach(json_object_get(json_object_get(cat,
	    "applicability"), "rules"), i, rule) {
		const char *from = json_string_value(json_object_get(rule,
		    "applies_to_financial_years_from"));
		const char *to = json_string_value(json_object_get(rule,
		    "applies_to_financial_years_to"));
		th = json_object_get(rule, "thresholds");
		if (th == NULL || from == NULL || atoi(from) > year ||
		    (to != NULL && atoi(to) < year))
			continue;
		staff = value_of(values, "workforce.headcount");
		turnover = value_of(values, "revenue");
		if (staff < 0 || turnover < 0)
			return (json_pack("{s:n, s:s, s:s}", "in_scope", "rule",
			    json_string_value(json_object_get(rule, "id")),
			    "reason", "enter workforce.headcount and revenue "
			    "for the year to decide"));
		emp_min = json_number_value(json_object_get(th,
		    "employees_average_more_than"));
		eur_min = json_number_value(json_object_get(th,
		    "net_turnover_eur_more_than"));
		over_staff = staff > emp_min;
		over_eur = turnover * 1e6 > eur_min;
		/* 2 of 3 with the balance sheet unknown: both known must pass. */
		in = over_staff && over_eur;
		snprintf(reason, sizeof(reason), "%.0f employees (%s %.0f) and "
		    "EUR %.1f million turnover (%s EUR %.1f million): %s under "
		    "rule %s for financial year %d", staff, over_staff ?
		    "more than" : "not more than", emp_min, turnover, over_eur ?
		    "more than" : "not more than", eur_min / 1e6, in ?
		    "in scope" : "out of scope", json_string_value(
		    json_object_get(rule, "id")), year);
		return (json_pack("{s:b, s:s, s:s}", "in_scope", in, "rule",
		    json_string_value(json_object_get(rule, "id")), "reason",
		    reason));
	}
	return (json_pack("{s:n, s:s}", "in_scope", "reason", "no "
	    "applicability rule of this edition covers the year"));
}

int
csrd_adjust(struct cd_req *req, int year, const json_t *cat,
    const json_t *values, json_t *ev)
{
	const struct cd_services	*svc = fw_svc();
	const json_t			*always, *d, *topics;
	json_t				*doc = NULL, *list;
	char				 id[16], msg[256];
	size_t				 i;
	int				 rc;

	snprintf(id, sizeof(id), "%d", year);
	rc = svc->doc_get(req, COLLECTION, id, &doc);
	if (rc != CD_OK && rc != CD_ENOTFOUND)
		return (rc);
	always = json_object_get(json_object_get(cat, "materiality"),
	    "always_required");
	topics = json_object_get(doc, "topics");
	list = json_object_get(ev, "disclosures");
	json_array_foreach(json_object_get(cat, "disclosures"), i, d) {
		const char *standard = json_string_value(json_object_get(d,
		    "standard"));
		const char *topic = json_string_value(json_object_get(d,
		    "topic"));
		const json_t *t;
		json_t *out = json_array_get(list, i);
		if (standard == NULL || topic == NULL ||
		    in_list(always, standard) ||
		    (t = json_object_get(topics, topic)) == NULL ||
		    json_is_true(json_object_get(t, "impact")) ||
		    json_is_true(json_object_get(t, "financial")))
			continue;
		snprintf(msg, sizeof(msg), "%s assessed not material for %d: "
		    "neither impact nor financial materiality", topic, year);
		json_object_set_new(out, "status", json_string("not_material"));
		json_object_set_new(out, "findings", json_pack("[s]", msg));
	}
	json_object_set_new(ev, "materiality", doc ? json_pack("{s:b, s:O}",
	    "assessed", 1, "topics", topics) : json_pack("{s:b, s:s}",
	    "assessed", 0, "note", "no double-materiality assessment for the "
	    "year: every topic counts as material"));
	json_decref(doc);
	json_object_set_new(ev, "applicability", applicability(year, cat,
	    values));
	return (CD_OK);
}
