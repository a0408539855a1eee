/*
 * Helpers every calculator shares: the activity map, the per-gas
 * arithmetic in the requested GWP set, biogenic CO2, results and the
 * describe() shape.  See calc.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calc.h"

/* Set in init, read-only afterwards: calculate() runs on many threads. */
static const struct cd_services	*svc;
static const struct calc_info	*self;
static json_t			*doc;		/* activities.yaml */
static json_t			*map;		/* its "activities" (borrowed) */

/* Members of a map entry that are not factor-set families. */
static const char *const reserved[] = {
	"label", "help", "source", "gas", "gwp", "laden", "method",
	"biogenic", "vehicles", "tandd", "residual", "default_vehicle",
	"grid_default", NULL
};

const struct cd_services *
calc_svc(void)
{
	return (svc);
}

static int
is_reserved(const char *key)
{
	for (const char *const *r = reserved; *r != NULL; r++)
		if (strcmp(*r, key) == 0)
			return (1);
	return (0);
}

static char *
errdup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
errdup(const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[256];

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return (strdup(buf));
}

/* Why the loaded map is unusable, as a malloc'd text, or NULL. */
static char *
map_problem(const json_t *activities, const char *file)
{
	const char	*id;
	const json_t	*e;

	if (!json_is_object(activities) || json_object_size(activities) == 0)
		return (errdup("%s: no 'activities' map", file));
	json_object_foreach((json_t *)activities, id, e) {
		if (!json_is_object(e) ||
		    !json_is_string(json_object_get(e, "label")))
			return (errdup("%s: activity '%s' needs a label",
			    file, id));
	}
	return (NULL);
}

int
calc_init(struct cd_ctx *ctx, const struct cd_services *services,
    const struct calc_info *info, char **errmsg)
{
	char	 file[128];
	int	 rc;

	svc = services;
	self = info;
	(void)snprintf(file, sizeof(file), "%s/activities.yaml", info->name);
	if ((rc = svc->yaml_load(ctx, file, &doc, errmsg)) != CD_OK)
		return (rc);
	map = json_object_get(doc, "activities");
	if ((*errmsg = map_problem(map, file)) != NULL) {
		json_decref(doc);
		doc = map = NULL;
		return (CD_EINVAL);
	}
	return (CD_OK);
}

/* The table and the map are valid only until fini: drop them. */
void
calc_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	json_decref(doc);
	doc = map = NULL;
	svc = NULL;
	self = NULL;
}

static json_t *
families_of(const json_t *entry)
{
	const char	*key;
	const json_t	*v;
	json_t		*list;

	list = json_array();
	json_object_foreach((json_t *)entry, key, v)
		if (json_is_string(v) && !is_reserved(key))
			json_array_append_new(list, json_string(key));
	return (list);
}

json_t *
calc_describe(json_t *fields)
{
	const char	*id;
	const json_t	*e;
	json_t		*acts, *units;

	acts = json_array();
	json_object_foreach(map, id, e)
		json_array_append_new(acts, json_pack("{s:s, s:s, s:o}",
		    "id", id, "label", json_string_value(json_object_get(e,
		    "label")), "families", families_of(e)));
	units = json_array();
	for (const char *const *u = self->units; *u != NULL; u++)
		json_array_append_new(units, json_string(*u));
	return (json_pack("{s:s, s:i, s:o, s:o, s:o}",
	    "category", self->category, "scope", self->scope,
	    "fields", fields != NULL ? fields : json_array(),
	    "activities", acts, "units", units));
}

const json_t *
calc_data(const char *key)
{
	return (json_object_get(doc, key));
}

const json_t *
calc_entry(const char *activity)
{
	const char	*id;
	const json_t	*e;

	if (activity == NULL)
		return (NULL);
	if ((e = json_object_get(map, activity)) != NULL)
		return (e);
	json_object_foreach(map, id, e)
		if (strcasecmp(id, activity) == 0)
			return (e);
	return (NULL);
}

const char *
calc_entry_path(const json_t *entry, const char *member, const char *family)
{
	if (member != NULL)
		entry = json_object_get(entry, member);
	if (family == NULL || !json_is_object(entry))
		return (NULL);
	return (json_string_value(json_object_get(entry, family)));
}

/* "desnz, epa-hub" into buf: the families an entry has. */
static void
families_text(const json_t *entry, char *buf, size_t len)
{
	const char	*key;
	const json_t	*v;

	buf[0] = '\0';
	json_object_foreach((json_t *)entry, key, v)
		if (json_is_string(v) && !is_reserved(key))
			calc_note(buf, len, "%s%s", buf[0] ? ", " : "", key);
	if (buf[0] == '\0')
		(void)snprintf(buf, len, "none");
}

int
calc_path(struct cd_calc *calc, const char *activity, const char **path)
{
	const json_t	*e;
	const char	*family, *p;
	char		 have[128];

	if (strchr(activity, '/') != NULL) {
		*path = activity;
		return (CD_OK);
	}
	if ((e = calc_entry(activity)) == NULL)
		return (svc->calc_fail(calc, "activity", "unknown activity "
		    "\"%.60s\" for %s: GET /api/calculators lists them, or "
		    "give a factor path (\"category/.../name\")", activity,
		    self->category));
	family = svc->calc_attr(calc, "family");
	if ((p = calc_entry_path(e, NULL, family)) != NULL) {
		*path = p;
		return (CD_OK);
	}
	families_text(e, have, sizeof(have));
	return (svc->calc_fail(calc, "activity", "activity \"%.60s\" has no "
	    "factor in the %s factor sets; it has factors in: %s (or give a "
	    "factor path)", activity, family != NULL ? family : "(unknown)",
	    have));
}

const char *
calc_gwp_set(struct cd_calc *calc)
{
	const char	*g;

	g = svc->calc_attr(calc, "gwp");
	return (g != NULL ? g : "AR5");
}

/* GWP of gas in `set` (a factor row's own), from the host's table. */
static int
gwp_in(struct cd_calc *calc, const char *set, const char *gas, double *out)
{
	if (set == NULL)
		return (CD_ENOTFOUND);
	return (svc->gwp_in(calc, set, gas, out));
}

void
calc_note(char *note, size_t len, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 used;

	used = strnlen(note, len);
	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(note + used, len - used, fmt, ap);
	va_end(ap);
}

static int
notes_biogenic(const struct cd_factor *f)
{
	return (f->notes != NULL && strcasestr(f->notes, "biogenic CO2") !=
	    NULL);
}

/*
 * kg of gas per factor unit from a row's CH4 or N2O column: already a
 * mass, or kg CO2e of the gas in the row's own GWP set.  NaN when absent.
 */
static int
gas_mass(struct cd_calc *calc, const struct cd_factor *f, const char *gas,
    double v, double *out)
{
	double	 g;
	int	 rc;

	*out = NAN;
	if (!isfinite(v))
		return (CD_OK);
	if (f->gas_mass) {
		*out = v;
		return (CD_OK);
	}
	if ((rc = gwp_in(calc, f->gwp_set, gas, &g)) != CD_OK || g <= 0)
		return (CD_ENOTFOUND);
	*out = v / g;
	return (CD_OK);
}

static double
nz(double v)
{
	return (isfinite(v) ? v : 0.0);
}

/* Per factor unit: the row restated in the requested set. */
static int
per_unit(struct cd_calc *calc, const struct cd_factor *f,
    struct calc_amount *u)
{
	const char	*want = calc_gwp_set(calc);
	double		 gch4, gn2o;
	int		 same, split, bio, rc;

	same = f->gwp_set != NULL && strcasecmp(f->gwp_set, want) == 0;
	split = isfinite(f->co2) || isfinite(f->ch4) || isfinite(f->n2o);
	bio = notes_biogenic(f);
	u->co2_kg = f->co2;
	u->biogenic_co2_kg = 0;
	if (!split) {
		u->co2e_kg = f->co2e;
		u->ch4_kg = u->n2o_kg = NAN;
		if (same)
			calc_note(u->note, sizeof(u->note), "published CO2e "
			    "(%s), no per-gas split", want);
		else
			calc_note(u->note, sizeof(u->note), "published CO2e "
			    "kept in %s: the row gives no per-gas split to "
			    "restate in %s", f->gwp_set ? f->gwp_set : "its "
			    "own GWP set", want);
		return (isfinite(f->co2e) ? CD_OK : svc->calc_fail(calc,
		    "activity", "factor %s has no value", f->id));
	}
	if (gas_mass(calc, f, "CH4", f->ch4, &u->ch4_kg) != CD_OK ||
	    gas_mass(calc, f, "N2O", f->n2o, &u->n2o_kg) != CD_OK)
		return (svc->calc_fail(calc, "gwp", "factor %s gives CH4 and "
		    "N2O as CO2e in %s, which cannot be restated in %s",
		    f->id, f->gwp_set ? f->gwp_set : "an unknown GWP set",
		    want));
	if (same && isfinite(f->co2e)) {
		u->co2e_kg = f->co2e - (bio ? nz(f->co2) : 0);
		calc_note(u->note, sizeof(u->note), "published CO2e (%s)",
		    want);
	} else {
		if ((rc = svc->gwp(calc, "CH4", &gch4)) != CD_OK ||
		    (rc = svc->gwp(calc, "N2O", &gn2o)) != CD_OK)
			return (rc);
		u->co2e_kg = (bio ? 0 : nz(f->co2)) + nz(u->ch4_kg) * gch4 +
		    nz(u->n2o_kg) * gn2o;
		calc_note(u->note, sizeof(u->note), "%s from gases: CO2 + "
		    "CH4 x %g + N2O x %g%s", want, gch4, gn2o, f->gas_mass ?
		    "" : " (gas masses from the row's CO2e at its own GWPs)");
	}
	if (bio && isfinite(f->co2)) {
		u->biogenic_co2_kg = f->co2;
		u->co2_kg = 0;
		calc_note(u->note, sizeof(u->note), "; its CO2 is biogenic, "
		    "outside the scopes");
	}
	return (CD_OK);
}

int
calc_amount(struct cd_calc *calc, const struct cd_factor *f,
    double quantity, struct calc_amount *a)
{
	struct calc_amount	 u;
	int			 rc;

	memset(&u, 0, sizeof(u));
	if ((rc = per_unit(calc, f, &u)) != CD_OK)
		return (rc);
	memset(a, 0, sizeof(*a));
	a->factor_value = u.co2e_kg;
	a->co2e_kg = quantity * u.co2e_kg;
	a->co2_kg = quantity * u.co2_kg;
	a->ch4_kg = quantity * u.ch4_kg;
	a->n2o_kg = quantity * u.n2o_kg;
	a->biogenic_co2_kg = quantity * u.biogenic_co2_kg;
	calc_note(a->note, sizeof(a->note), "%.6g %s x %.6g kg CO2e/%s = "
	    "%.6g kg CO2e; %s", quantity, f->unit, u.co2e_kg, f->unit,
	    a->co2e_kg, u.note);
	return (CD_OK);
}

int
calc_biogenic(struct cd_calc *calc, const char *path, const char *unit,
    double quantity, struct calc_amount *a)
{
	const struct cd_factor	*f;
	double			 q, per;

	if (svc->factor_find(calc, NULL, path, unit, quantity, &f, &q) !=
	    CD_OK) {
		calc_note(a->note, sizeof(a->note), "; biogenic CO2 not "
		    "given: no outside-of-scopes row in %s", unit);
		return (CD_OK);
	}
	per = isfinite(f->co2) ? f->co2 : f->co2e;
	if (!isfinite(per))
		return (CD_OK);
	a->biogenic_co2_kg += q * per;
	calc_note(a->note, sizeof(a->note), "; biogenic CO2 %.6g kg "
	    "(outside of scopes row, %.6g kg/%s)", q * per, per, f->unit);
	return (CD_OK);
}

static void
add_gas(struct cd_result *r, const char *name, double kg)
{
	if (!isfinite(kg) || r->ngases >= CD_RESULT_GASES)
		return;
	r->gases[r->ngases].name = name;
	r->gases[r->ngases].kg = kg;
	r->ngases++;
}

void
calc_result(struct cd_result *r, int scope, int tier,
    const struct cd_factor *f, double quantity, const struct calc_amount *a)
{
	*r = (struct cd_result){
		.size = sizeof(struct cd_result),
		.scope = scope,
		.tier = tier,
		.co2e_kg = a->co2e_kg,
		.biogenic_co2_kg = a->biogenic_co2_kg,
		.factor = f,
		.factor_value = a->factor_value,
		.quantity = quantity,
		.note = a->note,
	};
	add_gas(r, "co2", a->co2_kg);
	add_gas(r, "ch4", a->ch4_kg);
	add_gas(r, "n2o", a->n2o_kg);
}

int
calc_add(struct cd_calc *calc, int scope, const char *method, int s3cat,
    int tier, const struct cd_factor *f, double quantity,
    const struct calc_amount *a)
{
	struct cd_result	 r;

	calc_result(&r, scope, tier, f, quantity, a);
	r.method = method;
	r.scope3_category = s3cat;
	return (svc->result_add(calc, &r));
}

int
calc_stated(struct cd_calc *calc, const char *activity, const char *unit,
    double quantity, double value, struct cd_factor *sf, double *q,
    struct calc_amount *a)
{
	const char	*year;
	int		 rc;

	if ((rc = svc->unit_convert(calc, "unit", quantity, unit, "kWh",
	    q)) != CD_OK)
		return (rc);
	year = svc->calc_attr(calc, "year");
	sf->set = "record";
	sf->category = self->category;
	sf->activity = activity;
	sf->unit = "kWh";
	sf->co2e = value;
	sf->co2 = sf->ch4 = sf->n2o = NAN;
	sf->gas_mass = 1;
	sf->region = svc->calc_attr(calc, "region");
	sf->year = year != NULL ? atoi(year) : 0;
	memset(a, 0, sizeof(*a));
	a->co2e_kg = *q * value;
	a->co2_kg = a->ch4_kg = a->n2o_kg = NAN;
	a->factor_value = value;
	calc_note(a->note, sizeof(a->note), "%.6g kWh x %.6g kg CO2e/kWh = "
	    "%.6g kg CO2e; ", *q, value, a->co2e_kg);
	return (CD_OK);
}

int
calc_tandd(struct cd_calc *calc, const json_t *record, const json_t *entry,
    const char *unit, double quantity)
{
	const struct cd_factor	*f;
	const json_t		*inc;
	const char		*path;
	struct calc_amount	 a;
	double			 q;
	int			 rc;

	inc = json_object_get(record, "include_tandd");
	if (inc != NULL && !json_is_null(inc) && !json_is_boolean(inc))
		return (svc->calc_fail(calc, "include_tandd", "include_tandd "
		    "must be true or false"));
	if (json_is_false(inc) || (path = calc_entry_path(entry, "tandd",
	    svc->calc_attr(calc, "family"))) == NULL)
		return (CD_OK);
	if ((rc = svc->factor_find(calc, NULL, path, unit, quantity, &f,
	    &q)) != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	calc_note(a.note, sizeof(a.note), "; T&D losses, scope 3 "
	    "category 3");
	return (calc_add(calc, 3, NULL, 3, CD_TIER_CALCULATED, f, q, &a));
}

static const json_t *
member(const json_t *rec, const char *name)
{
	const json_t	*v;

	v = json_object_get(rec, name);
	return (json_is_null(v) ? NULL : v);
}

int
calc_number(struct cd_calc *calc, const json_t *rec, const char *name,
    int required, double min, double max, double *out)
{
	const json_t	*v;
	double		 d;

	if ((v = member(rec, name)) == NULL) {
		if (!required)
			return (CD_ENOTFOUND);
		return (svc->calc_fail(calc, name, "%s is required", name));
	}
	if (!json_is_number(v))
		return (svc->calc_fail(calc, name, "%s must be a number",
		    name));
	d = json_number_value(v);
	if (!isfinite(d) || d < min || d > max)
		return (svc->calc_fail(calc, name, "%s must be between %g and "
		    "%g", name, min, max));
	*out = d;
	return (CD_OK);
}

int
calc_string(struct cd_calc *calc, const json_t *rec, const char *name,
    int required, const char **out)
{
	const json_t	*v;

	*out = NULL;
	if ((v = member(rec, name)) == NULL)
		return (required ? svc->calc_fail(calc, name, "%s is required",
		    name) : CD_OK);
	if (!json_is_string(v) || json_string_length(v) == 0)
		return (svc->calc_fail(calc, name, "%s must be a non-empty "
		    "string", name));
	*out = json_string_value(v);
	return (CD_OK);
}

/* One vehicle's distance is its vehicle distance: the other spelling. */
static const struct {
	const char	*unit;
	const char	*alt;
} vehicle_units[] = {
	{ "km", "vehicle.km" }, { "mi", "vehicle-mile" },
	{ "miles", "vehicle-mile" }, { "mile", "vehicle-mile" },
	{ "vehicle.km", "km" }, { "vehicle-km", "km" },
	{ "vehicle-mile", "mi" },
};

int
calc_find_vehicle(struct cd_calc *calc, const char *family, const char *path,
    const char *unit, double quantity, int vehicle,
    const struct cd_factor **f, double *q, char *note, size_t nlen)
{
	const char	*alt = NULL;
	int		 rc;

	rc = svc->factor_find(calc, family, path, unit, quantity, f, q);
	for (size_t i = 0; vehicle && rc == CD_EINVAL && alt == NULL &&
	    i < sizeof(vehicle_units) / sizeof(vehicle_units[0]); i++)
		if (strcmp(vehicle_units[i].unit, unit) == 0)
			alt = vehicle_units[i].alt;
	if (alt == NULL)
		return (rc);
	if (svc->factor_find(calc, family, path, alt, quantity, f, q) ==
	    CD_OK) {
		calc_note(note, nlen, "; %s of one vehicle taken as %s", unit,
		    alt);
		return (CD_OK);
	}
	/* The first try's reason is the one to give. */
	return (svc->factor_find(calc, family, path, unit, quantity, f, q));
}
