/*
 * The routes stationary_combustion has served since before the host took
 * over validation and description (GET /api/calculators and POST
 * /api/calculate):
 *
 *   GET  /api/calculators/stationary_combustion           describe()
 *   POST /api/calculators/stationary_combustion/validate  the record's
 *        fields checked without calculating: 200 {"valid":true} or 422
 *
 * Kept because clients and tests/integration/check_http.c use them.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"
#include "stationary_combustion.h"

struct problem {
	const char	*field;		/* NULL: the whole record */
	char		 msg[160];
};

static const char *const gwps[] = { "AR5", "AR6", NULL };

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return (1);
	return (0);
}

static int
fail(struct problem *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct problem *p, const char *field, const char *fmt, ...)
{
	va_list	ap;

	p->field = field;
	va_start(ap, fmt);
	(void)vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
	return (-1);
}

/* The member `name`, with JSON null read as absent. */
static const json_t *
member(const json_t *rec, const char *name)
{
	const json_t	*v;

	v = json_object_get(rec, name);
	return (json_is_null(v) ? NULL : v);
}

/* A non-empty string member; *out is NULL when optional and absent. */
static int
check_string(const json_t *rec, const char *name, int required,
    const char **out, struct problem *p)
{
	const json_t	*v;

	*out = NULL;
	if ((v = member(rec, name)) == NULL)
		return (required ? fail(p, name, "%s is required", name) : 0);
	if (!json_is_string(v))
		return (fail(p, name, "%s must be a string", name));
	if (json_string_length(v) == 0)
		return (fail(p, name, "%s must not be empty", name));
	*out = json_string_value(v);
	return (0);
}

static int
date_valid(const char *s)
{
	static const int	mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	int			y, m, d;

	/* sscanf alone would take signs, spaces and short fields. */
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (0);
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return (0);
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
	    d < 1 || d > mdays[m - 1])
		return (0);
	return (m != 2 || d < 29 || (y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0)));
}

static int
check_date(const json_t *rec, const char *name, const char **out,
    struct problem *p)
{
	if (check_string(rec, name, 1, out, p) != 0)
		return (-1);
	if (!date_valid(*out))
		return (fail(p, name, "%s must be a calendar date, "
		    "YYYY-MM-DD", name));
	return (0);
}

/* 0 when rec is a valid activity record, else -1 and p says why. */
static int
check_record(const json_t *rec, struct problem *p)
{
	const json_t	*q;
	const char	*s, *start, *end;

	if (!json_is_object(rec))
		return (fail(p, NULL, "the activity record must be a JSON "
		    "object"));
	if ((q = member(rec, "category")) != NULL && (!json_is_string(q) ||
	    strcmp(json_string_value(q), SC_CATEGORY) != 0))
		return (fail(p, "category", "category must be \"%s\" for this "
		    "calculator", SC_CATEGORY));
	if (check_string(rec, "activity", 1, &s, p) != 0)
		return (-1);
	if (strchr(s, '/') == NULL && calc_entry(s) == NULL)
		return (fail(p, "activity", "unknown activity \"%.40s\": GET "
		    "/api/calculators lists them", s));

	if ((q = member(rec, "quantity")) == NULL)
		return (fail(p, "quantity", "quantity is required"));
	if (!json_is_number(q))
		return (fail(p, "quantity", "quantity must be a number"));
	if (json_number_value(q) < 0)
		return (fail(p, "quantity", "quantity must not be negative"));

	if (check_string(rec, "unit", 1, &s, p) != 0)
		return (-1);
	if (!in_list(sc_units, s))
		return (fail(p, "unit", "unit \"%.40s\" is not accepted; GET "
		    "/api/calculators/" SC_CATEGORY " lists the units", s));

	if (check_date(rec, "period_start", &start, p) != 0 ||
	    check_date(rec, "period_end", &end, p) != 0)
		return (-1);
	/* ISO dates of one shape order as strings. */
	if (strcmp(end, start) < 0)
		return (fail(p, "period_end", "period_end is before "
		    "period_start"));

	if (check_string(rec, "facility_id", 0, &s, p) != 0 ||
	    check_string(rec, "factor_set", 0, &s, p) != 0)
		return (-1);
	if (check_string(rec, "gwp", 0, &s, p) != 0)
		return (-1);
	if (s != NULL && !in_list(gwps, s))
		return (fail(p, "gwp", "gwp must be AR5 or AR6"));
	return (0);
}

static int
sc_get(struct cd_req *req)
{
	return (calc_svc()->respond_json(req, 200, calc_describe(NULL)));
}

static int
sc_validate(struct cd_req *req)
{
	const struct cd_services *svc = calc_svc();
	struct problem	 p;
	json_t		*rec;

	if ((rec = svc->req_json(req)) == NULL)
		return (svc->respond_error(req, 400, "body_required",
		    "send the activity record as a JSON body", NULL));
	if (check_record(rec, &p) != 0)
		return (svc->respond_error(req, 422, "invalid_field", p.msg,
		    p.field));
	return (svc->respond_json(req, 200, json_pack("{s:b}", "valid", 1)));
}

int
sc_routes_add(struct cd_ctx *ctx, char **errmsg)
{
	static const struct cd_route	routes[] = {
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/calculators/" SC_CATEGORY,
		  .min_role = CD_ROLE_PUBLIC, .handler = sc_get },
		{ .size = sizeof(struct cd_route), .method = "POST",
		  .pattern = "/api/calculators/" SC_CATEGORY "/validate",
		  .min_role = CD_ROLE_PUBLIC,
		  .body_limit = 16384,	/* a record is ~300 bytes */
		  .handler = sc_validate },
	};
	int				rc;

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if ((rc = calc_svc()->route_add(ctx, &routes[i], errmsg)) !=
		    CD_OK)
			return (rc);
	return (CD_OK);
}
