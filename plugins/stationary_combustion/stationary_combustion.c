/*
 * Stationary combustion (scope 1): fuel burnt in boilers, furnaces and
 * generators the company owns or controls.  Quantity of fuel x the fuel's
 * factor (DESNZ Fuels / Bioenergy, EPA Hub Table 1), per gas in the
 * requested GWP set; biogenic CO2 is reported outside the scopes.
 */
#include <carbondepict/sdk.h>

#include "../calc.h"
#include "stationary_combustion.h"

const char *const sc_units[] = {
	"kWh", "MWh", "GJ", "therm", "mmBtu", "m3", "scf", "l", "US gal",
	"UK gal", "kg", "t", "short ton", NULL
};

static const struct calc_info info = {
	.name = "stationary_combustion",
	.category = SC_CATEGORY,
	.scope = 1,
	.units = sc_units,
};

static json_t *
sc_describe(struct cd_ctx *ctx)
{
	(void)ctx;
	return (calc_describe(NULL));
}

static int
sc_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	struct calc_amount	 a;
	const char		*activity, *unit, *path, *bio;
	double			 quantity, q;
	int			 rc;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	if ((rc = calc_path(calc, activity, &path)) != CD_OK ||
	    (rc = svc->factor_find(calc, NULL, path, unit, quantity, &f,
	    &q)) != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	bio = calc_entry_path(calc_entry(activity), "biogenic",
	    svc->calc_attr(calc, "family"));
	if (bio != NULL &&
	    (rc = calc_biogenic(calc, bio, unit, quantity, &a)) != CD_OK)
		return (rc);
	return (calc_add(calc, 1, NULL, 0, CD_TIER_CALCULATED, f, q, &a));
}

static int
sc_init(struct cd_ctx *ctx, const struct cd_services *svc, char **errmsg)
{
	int	rc;

	if ((rc = calc_init(ctx, svc, &info, errmsg)) != CD_OK)
		return (rc);
	return (sc_routes_add(ctx, errmsg));
}

static const char *const capabilities[] = { SC_CATEGORY, NULL };

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "stationary_combustion",
	.version = "1.0.0",
	.description = "Scope 1 stationary combustion: fuel burnt on site",
	.init = sc_init,
	.fini = calc_fini,
	.capabilities = capabilities,
	.describe = sc_describe,
	.calculate = sc_calculate,
};
