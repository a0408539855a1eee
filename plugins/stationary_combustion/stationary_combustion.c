/*
 * Stationary combustion (scope 1): fuel burnt in boilers, furnaces and
 * generators the company owns or controls.  This version describes
 * and validates the activity record of DESIGN.md section 6; the factor
 * look-up and the CO2e arithmetic come with the factors service.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#define CATEGORY	"stationary_combustion"

struct problem {
	const char	*field;		/* NULL: the whole record */
	char		 msg[160];
};

/* Shared by the description and the validation, so the two agree. */
static const char *const units[] = {
	"kWh", "MWh", "GJ", "m3", "l", "kg", "t", "therm", "mmBtu", "scf",
	"US gal", NULL
};
static const char *const gwps[] = { "AR5", "AR6", NULL };

static const struct cd_services	*svc;
static struct cd_ctx		*plugin_ctx;

static json_t *
list_json(const char *const *list)
{
	json_t	*arr;

	arr = json_array();
	for (; *list != NULL; list++)
		json_array_append_new(arr, json_string(*list));
	return (arr);
}

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
	    strcmp(json_string_value(q), CATEGORY) != 0))
		return (fail(p, "category", "category must be \"%s\" for this "
		    "calculator", CATEGORY));
	if (check_string(rec, "activity", 1, &s, p) != 0)
		return (-1);

	if ((q = member(rec, "quantity")) == NULL)
		return (fail(p, "quantity", "quantity is required"));
	if (!json_is_number(q))
		return (fail(p, "quantity", "quantity must be a number"));
	if (json_number_value(q) < 0)
		return (fail(p, "quantity", "quantity must not be negative"));

	if (check_string(rec, "unit", 1, &s, p) != 0)
		return (-1);
	if (!in_list(units, s))
		return (fail(p, "unit", "unit \"%.40s\" is not accepted; GET "
		    "/api/calculators/" CATEGORY " lists the units", s));

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
sc_describe(struct cd_req *req)
{
	return (svc->respond_json(req, 200, json_pack(
	    "{s:s, s:i, s:[o, o, o, o, o, o, o, o]}",
	    "category", CATEGORY, "scope", 1, "fields",
	    json_pack("{s:s, s:s, s:b, s:s}", "name", "activity",
	    "type", "string", "required", 1,
	    "help", "fuel, e.g. natural_gas, diesel"),
	    json_pack("{s:s, s:s, s:b, s:i}", "name", "quantity",
	    "type", "number", "required", 1, "minimum", 0),
	    json_pack("{s:s, s:s, s:b, s:o}", "name", "unit",
	    "type", "string", "required", 1, "units", list_json(units)),
	    json_pack("{s:s, s:s, s:b, s:s}", "name", "period_start",
	    "type", "date", "required", 1, "format", "YYYY-MM-DD"),
	    json_pack("{s:s, s:s, s:b, s:s, s:s}", "name", "period_end",
	    "type", "date", "required", 1, "format", "YYYY-MM-DD",
	    "help", "on or after period_start"),
	    json_pack("{s:s, s:s, s:b}", "name", "facility_id",
	    "type", "string", "required", 0),
	    json_pack("{s:s, s:s, s:b}", "name", "factor_set",
	    "type", "string", "required", 0),
	    json_pack("{s:s, s:s, s:b, s:o}", "name", "gwp",
	    "type", "string", "required", 0, "enum", list_json(gwps)))));
}

static int
sc_validate(struct cd_req *req)
{
	struct problem	 p;
	json_t		*rec;

	(void)svc->counter_add(plugin_ctx, "validations", 1);
	if ((rec = svc->req_json(req)) == NULL)
		return (svc->respond_error(req, 400, "body_required",
		    "send the activity record as a JSON body", NULL));
	if (check_record(rec, &p) != 0) {
		svc->log(plugin_ctx, CD_LOG_DEBUG, "record refused: %s", p.msg);
		return (svc->respond_error(req, 422, "invalid_field", p.msg,
		    p.field));
	}
	return (svc->respond_json(req, 200, json_pack("{s:b}", "valid", 1)));
}

static int
sc_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	routes[] = {
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/calculators/" CATEGORY,
		  .min_role = CD_ROLE_PUBLIC, .handler = sc_describe },
		{ .size = sizeof(struct cd_route), .method = "POST",
		  .pattern = "/api/calculators/" CATEGORY "/validate",
		  .min_role = CD_ROLE_PUBLIC,
		  .body_limit = 16384,	/* a record is ~300 bytes */
		  .handler = sc_validate },
	};
	int				rc;

	svc = services;
	plugin_ctx = ctx;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if ((rc = svc->route_add(ctx, &routes[i], errmsg)) != CD_OK)
			return (rc);
	return (CD_OK);
}

/* The table is valid only until fini: drop it so a late call faults. */
static void
sc_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
	plugin_ctx = NULL;
}

static const char *const capabilities[] = { CATEGORY, NULL };

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "stationary_combustion",
	.version = "0.1.0",
	.description = "Scope 1 stationary combustion: fuel burnt on site",
	.init = sc_init,
	.fini = sc_fini,
	.capabilities = capabilities,
};
