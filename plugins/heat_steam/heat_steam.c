/*
 * Purchased heat and steam (scope 2), reported both ways (GHG Protocol
 * Scope 2 Guidance, Appendix A): location-based with the published
 * average factor (DESNZ Heat and steam, EPA Hub Table 7); market-based
 * with the supplier's stated factor when the record gives one, else the
 * same average factor (no residual mix exists for heat), the note saying
 * so.  District heat with DESNZ adds its distribution losses as scope 3
 * category 3.
 */
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

static const char *const units[] = {
	"kWh", "MWh", "GJ", "MJ", "mmBtu", "therm", NULL
};

static const struct calc_info info = {
	.name = "heat_steam",
	.category = "heat_steam",
	.scope = 2,
	.units = units,
};

#define FACTOR_MAX	10.0	/* kg CO2e/kWh */

static int
hs_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f, *mf;
	const json_t		*entry;
	const char		*activity, *unit, *path;
	struct cd_factor	 sf;
	struct calc_amount	 a, m;
	double			 quantity, q, mq, supplier;
	int			 rc;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	entry = calc_entry(activity);
	if ((rc = calc_path(calc, activity, &path)) != CD_OK ||
	    (rc = svc->factor_find(calc, NULL, path, unit, quantity, &f,
	    &q)) != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	m = a;
	mf = f;
	mq = q;
	rc = calc_number(calc, record, "supplier_factor", 0, 0, FACTOR_MAX,
	    &supplier);
	if (rc == CD_OK) {
		memset(&sf, 0, sizeof(sf));
		sf.id = "record/supplier-factor";
		sf.source = "supplier-specific factor stated on the record";
		if ((rc = calc_stated(calc, activity, unit, quantity, supplier,
		    &sf, &mq, &m)) != CD_OK)
			return (rc);
		mf = &sf;
		calc_note(m.note, sizeof(m.note), "market-based: "
		    "supplier-specific factor");
	} else if (rc == CD_ENOTFOUND)
		calc_note(m.note, sizeof(m.note), "; market-based = average "
		    "factor: no supplier factor given (Scope 2 Guidance, "
		    "Appendix A)");
	else
		return (rc);
	calc_note(a.note, sizeof(a.note), "; location-based average");
	if ((rc = calc_add(calc, 2, "location", 0, CD_TIER_CALCULATED, f, q,
	    &a)) != CD_OK || (rc = calc_add(calc, 2, "market", 0,
	    CD_TIER_CALCULATED, mf, mq, &m)) != CD_OK)
		return (rc);
	return (calc_tandd(calc, record, entry, unit, quantity));
}

static json_t *
hs_describe(struct cd_ctx *ctx)
{
	(void)ctx;
	return (calc_describe(json_pack("[{s:s, s:s, s:b, s:i, s:f, s:s}, "
	    "{s:s, s:s, s:b, s:s}]",
	    "name", "supplier_factor", "type", "number", "required", 0,
	    "minimum", 0, "maximum", FACTOR_MAX,
	    "help", "kg CO2e per kWh of heat stated by the supplier "
	    "(market-based)",
	    "name", "include_tandd", "type", "boolean", "required", 0,
	    "help", "DESNZ district heat: add distribution losses as scope 3 "
	    "category 3 (default true)")));
}

CALC_DESCRIPTOR("heat_steam", "1.0.0", info,
    "Scope 2 purchased heat and steam, location- and market-based",
    hs_describe, hs_calculate);
