/*
 * Mobile combustion (scope 1): vehicles and mobile machinery the company
 * owns or controls.  Two methods (the record's `method`, else the
 * activity's, else the unit's dimension):
 *
 *   fuel      fuel used x the fuel's factor.  DESNZ fuel rows carry CO2,
 *             CH4 and N2O.  EPA Hub Table 2 carries CO2 only; CH4 and N2O
 *             come from Tables 3-5 by the record's `vehicle` and are a
 *             second result with their own factor row.
 *   distance  km or miles x the vehicle's factor (DESNZ passenger and
 *             delivery vehicles).  EPA Hub has no CO2 per vehicle-mile for
 *             scope 1: such records are refused with that reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

static const char *const units[] = {
	"l", "US gal", "UK gal", "kg", "t", "kWh", "GJ", "mmBtu", "m3",
	"scf", "km", "mi", NULL
};

/* Units that make a record distance-based when it does not say. */
static const char *const distance_units[] = {
	"km", "mi", "mile", "miles", "vehicle.km", "vehicle-km",
	"vehicle-mile", NULL
};

static const struct calc_info info = {
	.name = "mobile_combustion",
	.category = "mobile_combustion",
	.scope = 1,
	.units = units,
};

#define PATH_MAX_LEN	256

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcasecmp(*list, s) == 0)
			return (1);
	return (0);
}

static int
is_family(struct cd_calc *calc, const char *family)
{
	const char	*f = calc_svc()->calc_attr(calc, "family");

	return (f != NULL && strcmp(f, family) == 0);
}

/* *distance: 1 for a distance-based record, 0 for a fuel-based one. */
static int
method_of(struct cd_calc *calc, const json_t *record, const json_t *entry,
    const char *unit, int *distance)
{
	const char	*m, *em;
	int		 rc;

	if ((rc = calc_string(calc, record, "method", 0, &m)) != CD_OK)
		return (rc);
	if (m != NULL && strcmp(m, "fuel") != 0 && strcmp(m, "distance") != 0)
		return (calc_svc()->calc_fail(calc, "method", "method must be "
		    "\"fuel\" or \"distance\""));
	em = json_string_value(json_object_get(entry, "method"));
	if (m != NULL && em != NULL && strcmp(m, em) != 0)
		return (calc_svc()->calc_fail(calc, "method", "activity is a "
		    "%s, so method must be \"%s\" (%s activities are listed by "
		    "GET /api/calculators)", strcmp(em, "fuel") == 0 ? "fuel" :
		    "vehicle", em, m));
	if (m == NULL)
		m = em;
	*distance = m != NULL ? strcmp(m, "distance") == 0 :
	    in_list(distance_units, unit);
	return (CD_OK);
}

/* The record's `laden` as a DESNZ HGV row slug. */
static int
laden_slug(struct cd_calc *calc, const json_t *record, const char **slug)
{
	const json_t	*v = json_object_get(record, "laden");
	char		 buf[16];

	*slug = "average-laden";
	if (v == NULL || json_is_null(v))
		return (CD_OK);
	if (json_is_number(v))
		(void)snprintf(buf, sizeof(buf), "%g", json_number_value(v));
	else if (json_is_string(v))
		(void)snprintf(buf, sizeof(buf), "%s", json_string_value(v));
	else
		buf[0] = '\0';
	if (strcmp(buf, "0") == 0)
		*slug = "0pc-laden";
	else if (strcmp(buf, "50") == 0)
		*slug = "50pc-laden";
	else if (strcmp(buf, "100") == 0)
		*slug = "100pc-laden";
	else if (strcmp(buf, "average") != 0)
		return (calc_svc()->calc_fail(calc, "laden", "laden must be "
		    "0, 50, 100 or \"average\" (per cent of load)"));
	return (CD_OK);
}

static int
by_distance(struct cd_calc *calc, const json_t *record, const char *activity,
    const json_t *entry, const char *unit, double quantity)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	struct calc_amount	 a;
	const char		*path, *slug;
	char			 buf[PATH_MAX_LEN];
	double			 q;
	int			 rc;

	if (is_family(calc, "epa-hub") && strchr(activity, '/') == NULL)
		return (svc->calc_fail(calc, "activity", "the EPA GHG Emission "
		    "Factors Hub gives no CO2 per vehicle-mile for owned "
		    "vehicles: record the fuel used instead (method \"fuel\", "
		    "e.g. activity \"gasoline\" in US gal) with `vehicle`, "
		    "`distance` and `model_year` to add CH4 and N2O from "
		    "Tables 3 and 4"));
	if ((rc = calc_path(calc, activity, &path)) != CD_OK)
		return (rc);
	if (json_is_true(json_object_get(entry, "laden")) &&
	    is_family(calc, "desnz")) {
		if ((rc = laden_slug(calc, record, &slug)) != CD_OK)
			return (rc);
		(void)snprintf(buf, sizeof(buf), "%s/%s", path, slug);
		path = buf;
	}
	if ((rc = svc->factor_find(calc, NULL, path, unit, quantity, &f,
	    &q)) != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	return (calc_add(calc, 1, NULL, 0, CD_TIER_CALCULATED, f, q, &a));
}

/* "my-2021", "my-1984-1993", "my-le1980" as a range of model years. */
static int
year_range(const char *slug, int *lo, int *hi)
{
	char	*end;

	if (strncmp(slug, "my-", 3) != 0)
		return (-1);
	slug += 3;
	*lo = 0;
	if (strncmp(slug, "le", 2) == 0)
		slug += 2;
	else
		*lo = -1;
	*hi = (int)strtol(slug, &end, 10);
	if (end == slug)
		return (-1);
	if (*lo == -1)
		*lo = *hi;
	if (*end == '-')
		*hi = (int)strtol(end + 1, &end, 10);
	return (*end == '\0' ? 0 : -1);
}

/* The row slug for a model year of `years`; a note when clamped. */
static const char *
model_year_slug(const json_t *years, int year, char *note, size_t len)
{
	const char	*s, *oldest = NULL, *newest = NULL;
	const json_t	*v;
	size_t		 i;
	int		 lo, hi, min = 9999, max = -1;

	json_array_foreach(years, i, v) {
		if ((s = json_string_value(v)) == NULL ||
		    year_range(s, &lo, &hi) != 0)
			continue;
		if (year >= lo && year <= hi)
			return (s);
		if (lo < min) {
			min = lo;
			oldest = s;
		}
		if (hi > max) {
			max = hi;
			newest = s;
		}
	}
	s = year > max ? newest : oldest;
	if (s != NULL)
		calc_note(note, len, "; model year %d is outside the table, "
		    "%s used", year, s);
	return (s);
}

/* Vehicle keys of a group, for a message. */
static void
vehicle_list(const json_t *group, char *buf, size_t len)
{
	const char	*k;
	const json_t	*v;

	buf[0] = '\0';
	json_object_foreach((json_t *)group, k, v)
		calc_note(buf, len, "%s%s", buf[0] ? ", " : "", k);
}

/* A failed look-up (reason set) must not read as "no vehicle named". */
static int
not_absent(int rc)
{
	return (rc == CD_ENOTFOUND ? CD_EINVAL : rc);
}

/*
 * The EPA CH4 and N2O row for the record's vehicle (Tables 3-5) as result
 * r.  CD_ENOTFOUND when the record names no vehicle and the fuel has no
 * default one.
 */
static int
epa_ch4_n2o(struct cd_calc *calc, const json_t *record, const json_t *entry,
    const char *unit, double quantity, struct calc_amount *a,
    struct cd_result *r)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	const json_t		*group, *v, *years;
	const char		*gname, *vehicle, *path, *per, *dunit, *slug;
	char			 buf[PATH_MAX_LEN], list[400];
	char			 extra[128] = "";
	double			 dist, km, my, q;
	int			 rc;

	gname = json_string_value(json_object_get(entry, "vehicles"));
	group = json_object_get(calc_data("vehicles"), gname ? gname : "");
	if ((rc = calc_string(calc, record, "vehicle", 0, &vehicle)) != CD_OK)
		return (rc);
	if (vehicle == NULL)
		vehicle = json_string_value(json_object_get(entry,
		    "default_vehicle"));
	if (vehicle == NULL || group == NULL)
		return (CD_ENOTFOUND);
	if ((v = json_object_get(group, vehicle)) == NULL) {
		vehicle_list(group, list, sizeof(list));
		return (svc->calc_fail(calc, "vehicle", "unknown vehicle "
		    "\"%.40s\" for this fuel with EPA factors; one of: %s",
		    vehicle, list));
	}
	path = json_string_value(json_object_get(v, "path"));
	per = json_string_value(json_object_get(v, "per"));
	if (path == NULL || per == NULL)
		return (svc->calc_fail(calc, NULL, "vehicle %s is badly "
		    "described in activities.yaml", vehicle));
	if (strcmp(per, "fuel") == 0) {
		if ((rc = svc->factor_find(calc, "epa-hub", path, unit,
		    quantity, &f, &q)) != CD_OK)
			return (not_absent(rc));
	} else {
		if ((rc = calc_number(calc, record, "distance", 1, 0, 1e12,
		    &dist)) != CD_OK ||
		    (rc = calc_string(calc, record, "distance_unit", 1,
		    &dunit)) != CD_OK)
			return (rc);
		years = json_object_get(calc_data("model_years"), path);
		if (years != NULL) {
			if ((rc = calc_number(calc, record, "model_year", 1,
			    1900, 2100, &my)) != CD_OK)
				return (rc);
			if ((slug = model_year_slug(years, (int)my, extra,
			    sizeof(extra))) == NULL)
				return (svc->calc_fail(calc, "model_year",
				    "no rows by model year for %s", vehicle));
			(void)snprintf(buf, sizeof(buf), "%s/%s", path, slug);
			path = buf;
		}
		/* One vehicle: its vehicle distance is the distance driven. */
		if ((rc = svc->unit_convert(calc, "distance_unit", dist, dunit,
		    "km", &km)) != CD_OK ||
		    (rc = svc->factor_find(calc, "epa-hub", path, "vehicle.km",
		    km, &f, &q)) != CD_OK)
			return (not_absent(rc));
	}
	if ((rc = calc_amount(calc, f, q, a)) != CD_OK)
		return (rc);
	calc_note(a->note, sizeof(a->note), "; CH4 and N2O of vehicle %s "
	    "(EPA Hub Tables 3-5)%s", vehicle, extra);
	calc_result(r, 1, CD_TIER_CALCULATED, f, q, a);
	return (CD_OK);
}

static int
by_fuel(struct cd_calc *calc, const json_t *record, const char *activity,
    const json_t *entry, const char *unit, double quantity)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	struct calc_amount	 a, b;
	struct cd_result	 r, r2;
	const char		*path, *bio;
	double			 q;
	int			 rc, second = 0;

	if ((rc = calc_path(calc, activity, &path)) != CD_OK ||
	    (rc = svc->factor_find(calc, NULL, path, unit, quantity, &f,
	    &q)) != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	bio = calc_entry_path(entry, "biogenic", svc->calc_attr(calc,
	    "family"));
	if (bio != NULL &&
	    (rc = calc_biogenic(calc, bio, unit, quantity, &a)) != CD_OK)
		return (rc);
	if (is_family(calc, "epa-hub") && entry != NULL &&
	    strchr(activity, '/') == NULL) {
		rc = epa_ch4_n2o(calc, record, entry, unit, quantity, &b, &r2);
		if (rc == CD_OK)
			second = 1;
		else if (rc == CD_ENOTFOUND)
			calc_note(a.note, sizeof(a.note), "; CO2 only (EPA Hub "
			    "Table 2): CH4 and N2O are given per vehicle type, "
			    "so name the `vehicle` to include them");
		else
			return (rc);
	}
	calc_result(&r, 1, CD_TIER_CALCULATED, f, q, &a);
	if ((rc = svc->result_add(calc, &r)) != CD_OK)
		return (rc);
	return (second ? svc->result_add(calc, &r2) : CD_OK);
}

static int
mc_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const json_t	*entry;
	const char	*activity, *unit;
	double		 quantity;
	int		 rc, distance = 0;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	entry = calc_entry(activity);
	if ((rc = method_of(calc, record, entry, unit, &distance)) != CD_OK)
		return (rc);
	if (distance)
		return (by_distance(calc, record, activity, entry, unit,
		    quantity));
	return (by_fuel(calc, record, activity, entry, unit, quantity));
}

static json_t *
mc_describe(struct cd_ctx *ctx)
{
	(void)ctx;
	return (calc_describe(json_pack("[{s:s, s:s, s:b, s:[s, s], s:s}, "
	    "{s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:i, s:s}, "
	    "{s:s, s:s, s:b, s:[s, s], s:s}, {s:s, s:s, s:b, s:s}, "
	    "{s:s, s:s, s:b, s:s}]",
	    "name", "method", "type", "string", "required", 0,
	    "enum", "fuel", "distance",
	    "help", "fuel: quantity of fuel; distance: km or miles driven. "
	    "Default: the activity's, else from the unit",
	    "name", "vehicle", "type", "string", "required", 0,
	    "help", "EPA fuel records: the vehicle type whose CH4 and N2O "
	    "rows apply (Tables 3-5), e.g. passenger_car, light_truck, "
	    "construction_mining_equipment",
	    "name", "distance", "type", "number", "required", 0, "minimum", 0,
	    "help", "EPA fuel records of on-road vehicles: distance driven",
	    "name", "distance_unit", "type", "string", "required", 0,
	    "enum", "mi", "km", "help", "unit of distance",
	    "name", "model_year", "type", "integer", "required", 0,
	    "help", "EPA on-road vehicles: model year (Tables 3 and 4)",
	    "name", "laden", "type", "string", "required", 0,
	    "help", "DESNZ HGVs: 0, 50, 100 or average (default) per cent "
	    "laden")));
}

CALC_DESCRIPTOR("mobile_combustion", "1.0.0", info,
    "Scope 1 mobile combustion: owned vehicles and machinery, by "
    "fuel or distance",
    mc_describe, mc_calculate);
