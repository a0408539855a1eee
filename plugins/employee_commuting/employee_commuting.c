/*
 * Employee commuting (scope 3 category 7): travel between home and work
 * in vehicles the company does not own or control, and, optionally,
 * working from home.  Distance x the DESNZ or EPA Hub factor, per gas in
 * the requested GWP set; homeworking hours x the DESNZ Homeworking
 * factor.  Walking and cycling give 0 kg with a note.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

#define CATEGORY	"employee_commuting"
#define SCOPE3_CAT	7

static const char *const units[] = {
	"passenger.km", "passenger-mile", "km", "mi", "vehicle.km",
	"vehicle-mile", "per FTE Working Hour", NULL
};

static const struct calc_info info = {
	.name = CATEGORY,
	.category = CATEGORY,
	.scope = 3,
	.units = units,
};

/*
 * Walking and cycling: no factor row exists, so the result names this
 * one (read-only) as what was applied: zero, by distance.
 */
#define ZERO_SOURCE	"none: walking and cycling burn no fuel and use no " \
			"grid electricity, so they add 0 kg CO2e to category 7"
static const struct cd_factor zero_km = {
	.set = "none", .id = "none/active-travel/km",
	.category = "employee-commuting", .activity = "Walking or cycling",
	.unit = "km", .co2e = 0, .co2 = NAN, .ch4 = NAN, .n2o = NAN,
	.source = ZERO_SOURCE,
};
static const struct cd_factor zero_pkm = {
	.set = "none", .id = "none/active-travel/passenger.km",
	.category = "employee-commuting", .activity = "Walking or cycling",
	.unit = "passenger.km", .co2e = 0, .co2 = NAN, .ch4 = NAN,
	.n2o = NAN, .source = ZERO_SOURCE,
};

static json_t *
ec_describe(struct cd_ctx *ctx)
{
	json_t	*d;

	(void)ctx;
	d = calc_describe(NULL);
	if (d != NULL)
		json_object_set_new(d, "scope3_category",
		    json_integer(SCOPE3_CAT));
	return (d);
}

/* Walking or cycling: 0 kg for a distance, said in the note. */
static int
ec_zero(struct cd_calc *calc, const char *activity, const char *unit,
    double quantity)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f = &zero_km;
	struct cd_result	 r;
	char			 note[CALC_NOTE_MAX];
	double			 q;

	if (svc->unit_convert(calc, "unit", quantity, unit, "km", &q) !=
	    CD_OK) {
		f = &zero_pkm;
		if (svc->unit_convert(calc, "unit", quantity, unit,
		    "passenger.km", &q) != CD_OK)
			return (svc->calc_fail(calc, "unit", "%s takes a "
			    "distance (km, mi, passenger.km or passenger-mile), "
			    "not '%.40s'", activity, unit));
	}
	(void)snprintf(note, sizeof(note), "%.10g %s by %s: no emissions "
	    "(0 kg CO2e), no factor applies", q, f->unit, activity);
	r = (struct cd_result){
		.size = sizeof(struct cd_result),
		.scope = 3,
		.scope3_category = SCOPE3_CAT,
		.tier = CD_TIER_CALCULATED,
		.co2e_kg = 0,
		.factor = f,
		.factor_value = 0,
		.quantity = q,
		.note = note,
	};
	return (svc->result_add(calc, &r));
}

static int
ec_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_factor	*f;
	const json_t		*e;
	struct calc_amount	 a;
	const char		*activity, *unit, *path, *method;
	char			 note[CALC_NOTE_MAX];
	double			 quantity, q;
	int			 rc;

	(void)ctx;
	note[0] = '\0';
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	e = calc_entry(activity);
	method = json_string_value(json_object_get(e, "method"));
	if (method != NULL && strcmp(method, "zero") == 0)
		return (ec_zero(calc, activity, unit, quantity));
	if ((rc = calc_path(calc, activity, &path)) != CD_OK ||
	    (rc = calc_find_vehicle(calc, NULL, path, unit, quantity, method != NULL &&
	    strcmp(method, "vehicle") == 0, &f, &q, note,
	    sizeof(note))) != CD_OK ||
	    (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	if (method != NULL && strcmp(method, "homeworking") == 0)
		calc_note(note, sizeof(note), "; homeworking: UK average per "
		    "FTE working hour (DESNZ)");
	calc_note(a.note, sizeof(a.note), "%s", note);
	return (calc_add(calc, 3, NULL, SCOPE3_CAT, CD_TIER_CALCULATED, f, q,
	    &a));
}

CALC_DESCRIPTOR(CATEGORY, "1.0.0", info,
    "Scope 3 category 7, employee commuting: car, motorbike, bus, "
    "rail, active travel and homeworking",
    ec_describe, ec_calculate);
