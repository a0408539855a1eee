/*
 * Business travel (scope 3 category 6): flights, rail, bus, coach, taxi,
 * cars, ferries and hotel nights of people travelling for work in
 * vehicles the company does not own or control.  Distance (or room
 * nights) x the DESNZ or EPA Hub factor, per gas in the requested GWP
 * set.  A DESNZ flight takes the factor with or without the uplift for
 * the indirect (non-CO2) effects of aviation, from the record's
 * `radiative_forcing` (default true, as DESNZ recommends).
 */
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

#define CATEGORY	"business_travel"
#define SCOPE3_CAT	6

static const char *const units[] = {
	"passenger.km", "passenger-mile", "km", "mi", "vehicle.km",
	"vehicle-mile", "room-night", NULL
};

static const struct calc_info info = {
	.name = CATEGORY,
	.category = CATEGORY,
	.scope = 3,
	.units = units,
};

static json_t *
bt_describe(struct cd_ctx *ctx)
{
	json_t	*d;

	(void)ctx;
	d = calc_describe(json_pack("[{s:s, s:s, s:b, s:b, s:s}]",
	    "name", "radiative_forcing", "type", "boolean", "required", 0,
	    "default", 1, "help", "flights (DESNZ): include the indirect "
	    "effects of non-CO2 emissions (DESNZ recommends it); EPA Hub "
	    "air factors have none"));
	if (d != NULL)
		json_object_set_new(d, "scope3_category",
		    json_integer(SCOPE3_CAT));
	return (d);
}

/*
 * The factor path of the record's activity and the family to look in
 * (NULL: the record's).  An entry marked any_region (a hotel: the factor
 * follows the hotel's country, not the company) falls back to DESNZ.
 */
static int
bt_path(struct cd_calc *calc, const char *activity, const json_t *e,
    const char **path, const char **family)
{
	const struct cd_services *svc = calc_svc();

	*family = NULL;
	if (e != NULL && calc_entry_path(e, NULL,
	    svc->calc_attr(calc, "family")) == NULL &&
	    json_is_true(json_object_get(e, "any_region")) &&
	    (*path = calc_entry_path(e, NULL, "desnz")) != NULL) {
		*family = "desnz";
		return (CD_OK);
	}
	return (calc_path(calc, activity, path));
}

/*
 * A flight: a DESNZ path stops at the class and takes "/with-rf" or
 * "/without-rf"; EPA Hub rows have no uplift to choose.
 */
static int
bt_air(struct cd_calc *calc, const json_t *record, const json_t *e,
    const char *path, char *buf, size_t len, char *note, size_t nlen)
{
	const struct cd_services *svc = calc_svc();
	const json_t		*v;
	int			 rf, n;

	v = json_object_get(record, "radiative_forcing");
	if (v != NULL && !json_is_null(v) && !json_is_boolean(v))
		return (svc->calc_fail(calc, "radiative_forcing",
		    "radiative_forcing must be true or false"));
	rf = v == NULL || json_is_null(v) || json_is_true(v);
	/* calc_path gave the map's own string: the DESNZ one, or another. */
	if (path != calc_entry_path(e, NULL, "desnz")) {
		if (json_is_true(v))
			return (svc->calc_fail(calc, "radiative_forcing",
			    "the %s air factors include no radiative forcing "
			    "uplift: send radiative_forcing false, or a DESNZ "
			    "activity and factor set", svc->calc_attr(calc,
			    "family")));
		n = snprintf(buf, len, "%s", path);
		calc_note(note, nlen, "; no radiative-forcing uplift (the "
		    "source gives none)");
	} else {
		n = snprintf(buf, len, "%s/%s", path, rf ? "with-rf" :
		    "without-rf");
		calc_note(note, nlen, rf ? "; with the indirect effects of "
		    "non-CO2 emissions (RF), as DESNZ recommends" :
		    "; direct effects only (without RF)");
	}
	if (n < 0 || (size_t)n >= len)
		return (svc->calc_fail(calc, "activity", "factor path too "
		    "long"));
	return (CD_OK);
}

static int
bt_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_factor	*f;
	const json_t		*e;
	struct calc_amount	 a;
	const char		*activity, *unit, *path, *family, *method;
	char			 buf[256], note[CALC_NOTE_MAX];
	double			 quantity, q;
	int			 rc;

	(void)ctx;
	note[0] = '\0';
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	e = calc_entry(activity);
	method = json_string_value(json_object_get(e, "method"));
	if ((rc = bt_path(calc, activity, e, &path, &family)) != CD_OK)
		return (rc);
	if (family != NULL)
		calc_note(note, sizeof(note), "; DESNZ factor whatever the "
		    "company's region: it follows the place of stay");
	if (method != NULL && strcmp(method, "air") == 0) {
		if ((rc = bt_air(calc, record, e, path, buf, sizeof(buf), note,
		    sizeof(note))) != CD_OK)
			return (rc);
		path = buf;
	}
	if ((rc = calc_find_vehicle(calc, family, path, unit, quantity, method != NULL &&
	    strcmp(method, "vehicle") == 0, &f, &q, note,
	    sizeof(note))) != CD_OK ||
	    (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	calc_note(a.note, sizeof(a.note), "%s", note);
	return (calc_add(calc, 3, NULL, SCOPE3_CAT, CD_TIER_CALCULATED, f, q,
	    &a));
}

CALC_DESCRIPTOR(CATEGORY, "1.0.0", info,
    "Scope 3 category 6, business travel: flights, rail, road, "
    "ferry and hotel nights",
    bt_describe, bt_calculate);
