/*
 * Refrigerants and other fluorinated gases (scope 1): the mass of gas
 * emitted x its GWP-100 (or the blend's) in the calculation's GWP set.
 * Three ways to the emitted mass (record "method"):
 *
 *   mass_leaked   (default) the record's quantity is the mass leaked, e.g.
 *                 topped up or weighed ("measured": true for weighed).
 *   mass_balance  GHG Protocol / EPA material balance: (inventory at start
 *                 - inventory at end) + purchased - recovered (returned or
 *                 sent for disposal) - capacity increase (charge of new
 *                 equipment minus that of retired equipment).
 *   screening     EPA screening method: full charge x annual leak rate x
 *                 months in the period / 12 (estimated tier).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

static const char *const units[] = { "kg", "t", "lb", NULL };

static const struct calc_info info = {
	.name = "refrigerants",
	.category = "refrigerants",
	.scope = 1,
	.units = units,
};

#define MASS_MAX	1e9	/* kg */
#define SLUG_LEN	96

/* The emitted mass and how it was found. */
struct emitted {
	double		 kg;
	int		 tier;
	char		 note[200];
};

/* Months the period covers: whole months when it is whole months. */
static double
period_months(const json_t *record)
{
	static const int	 mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
				    30, 31, 30, 31 };
	const char		*s, *e;
	struct tm		 a, b;
	int			 sy, sm, sd, ey, em, ed, last;
	double			 days;

	s = json_string_value(json_object_get(record, "period_start"));
	e = json_string_value(json_object_get(record, "period_end"));
	if (s == NULL || e == NULL ||
	    sscanf(s, "%4d-%2d-%2d", &sy, &sm, &sd) != 3 ||
	    sscanf(e, "%4d-%2d-%2d", &ey, &em, &ed) != 3)
		return (NAN);
	last = mdays[em - 1] + (em == 2 && ey % 4 == 0 &&
	    (ey % 100 != 0 || ey % 400 == 0));
	if (sd == 1 && ed == last)
		return ((ey - sy) * 12 + (em - sm) + 1);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.tm_year = sy - 1900;
	a.tm_mon = sm - 1;
	a.tm_mday = sd;
	a.tm_hour = b.tm_hour = 12;
	b.tm_year = ey - 1900;
	b.tm_mon = em - 1;
	b.tm_mday = ed;
	days = (difftime(timegm(&b), timegm(&a)) / 86400.0) + 1;
	return (days * 12.0 / 365.25);
}

static int
leaked(struct cd_calc *calc, const json_t *record, struct emitted *e)
{
	const struct cd_services *svc = calc_svc();
	const json_t		*m = json_object_get(record, "measured");
	const char		*unit;
	double			 q;
	int			 rc;

	if (m != NULL && !json_is_null(m) && !json_is_boolean(m))
		return (svc->calc_fail(calc, "measured",
		    "measured must be true or false"));
	unit = json_string_value(json_object_get(record, "unit"));
	q = json_number_value(json_object_get(record, "quantity"));
	if ((rc = svc->unit_convert(calc, "unit", q, unit, "kg", &e->kg)) !=
	    CD_OK)
		return (rc);
	e->tier = json_is_true(m) ? CD_TIER_MEASURED : CD_TIER_CALCULATED;
	(void)snprintf(e->note, sizeof(e->note), "mass leaked%s",
	    json_is_true(m) ? " (measured)" : "");
	return (CD_OK);
}

static int
balance(struct cd_calc *calc, const json_t *record, struct emitted *e)
{
	double	 start, end, bought, recovered = 0, growth = 0;
	int	 rc;

	if ((rc = calc_number(calc, record, "inventory_start_kg", 1, 0,
	    MASS_MAX, &start)) != CD_OK ||
	    (rc = calc_number(calc, record, "inventory_end_kg", 1, 0,
	    MASS_MAX, &end)) != CD_OK ||
	    (rc = calc_number(calc, record, "purchased_kg", 1, 0, MASS_MAX,
	    &bought)) != CD_OK)
		return (rc);
	rc = calc_number(calc, record, "recovered_kg", 0, 0, MASS_MAX,
	    &recovered);
	if (rc != CD_OK && rc != CD_ENOTFOUND)
		return (rc);
	rc = calc_number(calc, record, "capacity_increase_kg", 0, -MASS_MAX,
	    MASS_MAX, &growth);
	if (rc != CD_OK && rc != CD_ENOTFOUND)
		return (rc);
	e->kg = (start - end) + bought - recovered - growth;
	if (e->kg < 0)
		return (calc_svc()->calc_fail(calc, "inventory_end_kg", "the "
		    "mass balance is negative: (%g - %g) + %g - %g - %g = %g "
		    "kg; check the inventories, purchases, recovered mass and "
		    "capacity increase", start, end, bought, recovered, growth,
		    e->kg));
	e->tier = CD_TIER_CALCULATED;
	(void)snprintf(e->note, sizeof(e->note), "mass balance (%g - %g) + "
	    "%g - %g - %g = %g kg", start, end, bought, recovered, growth,
	    e->kg);
	return (CD_OK);
}

static int
screening(struct cd_calc *calc, const json_t *record, struct emitted *e)
{
	double	 charge, rate, months;
	int	 rc;

	if ((rc = calc_number(calc, record, "charge_kg", 1, 0, MASS_MAX,
	    &charge)) != CD_OK ||
	    (rc = calc_number(calc, record, "annual_leak_rate", 1, 0, 1,
	    &rate)) != CD_OK)
		return (rc);
	rc = calc_number(calc, record, "months", 0, 0, 1200, &months);
	if (rc == CD_ENOTFOUND)
		months = period_months(record);
	else if (rc != CD_OK)
		return (rc);
	if (!isfinite(months))
		return (calc_svc()->calc_fail(calc, "period_end", "the "
		    "period's months could not be counted"));
	e->kg = charge * rate * months / 12.0;
	e->tier = CD_TIER_ESTIMATED;
	(void)snprintf(e->note, sizeof(e->note), "screening: charge %g kg x "
	    "leak rate %g/yr x %.4g/12 months = %g kg", charge, rate, months,
	    e->kg);
	return (CD_OK);
}

/*
 * The GWP row applied, for provenance: ipcc-ar5 or ipcc-ar6 by the
 * calculation's GWP set, described from what svc->gwp answered (GWP rows
 * have no unit part in their ids, so factor_find cannot return them).
 * Strings the host keeps by pointer for a library set point at the
 * host's own (calc_attr) or are NULL.
 */
static const struct cd_factor *
gwp_row(struct cd_calc *calc, const char *path, double gwp,
    struct cd_factor *sf, char *id, size_t len)
{
	const char	*want = calc_gwp_set(calc);
	int		 ar6 = strcasecmp(want, "AR6") == 0;

	memset(sf, 0, sizeof(*sf));
	sf->set = ar6 ? "ipcc-ar6" : "ipcc-ar5";
	(void)snprintf(id, len, "%s/%s", sf->set, path);
	sf->id = id;
	sf->unit = "kg";
	sf->co2e = gwp;
	sf->co2 = sf->ch4 = sf->n2o = NAN;
	sf->gas_mass = 1;
	sf->gwp_set = calc_svc()->calc_attr(calc, "gwp");
	sf->year = ar6 ? 2021 : 2013;
	sf->source = ar6 ? "IPCC AR6 WG1 (2021) Table 7.SM.7, GWP-100 "
	    "(blends from EPA GHG Emission Factors Hub 2024 Table 12 "
	    "compositions)" : "IPCC AR5 WG1 (2013) Chapter 8 Table 8.A.1, "
	    "GWP-100, via US EPA GHG Emission Factors Hub 2024 Tables 11-12";
	return (sf);
}

/*
 * The gas name for the GWP table and its row path ("gwp100/<slug>");
 * *montreal when it is an HCFC or CFC (Montreal Protocol, not Kyoto).
 */
static void
gas_of(const char *activity, const char **gas, char *path, size_t len,
    int *montreal)
{
	const json_t	*e = calc_entry(activity);
	const char	*p;
	size_t		 n, i;

	*montreal = json_is_true(json_object_get(e, "montreal")) ||
	    strncasecmp(activity, "HCFC", 4) == 0 ||
	    strncasecmp(activity, "CFC", 3) == 0;
	*gas = json_string_value(json_object_get(e, "gas"));
	p = json_string_value(json_object_get(e, "gwp"));
	if (*gas != NULL && p != NULL) {
		(void)snprintf(path, len, "%s", p);
		return;
	}
	*gas = activity;
	n = (size_t)snprintf(path, len, "gwp100/");
	for (i = 0; activity[i] != '\0' && n + i + 1 < len; i++)
		path[n + i] = (char)tolower((unsigned char)activity[i]);
	path[n + i] = '\0';
}

static int
rf_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	struct cd_factor	 sf;
	struct cd_result	 r;
	struct calc_amount	 a;
	struct emitted		 e;
	const char		*activity, *method, *gas;
	char			 path[SLUG_LEN], id[160], name[32];
	double			 gwp;
	size_t			 i;
	int			 rc, montreal;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	if ((rc = calc_string(calc, record, "method", 0, &method)) != CD_OK)
		return (rc);
	gas_of(activity, &gas, path, sizeof(path), &montreal);
	if (montreal)
		return (svc->calc_fail(calc, "activity", "%.40s is a Montreal "
		    "Protocol gas (HCFC or CFC), outside the Kyoto basket that "
		    "scopes 1-3 cover: the GHG Protocol has it reported "
		    "separately, not in scope 1", activity));
	if (svc->gwp(calc, gas, &gwp) != CD_OK)
		return (svc->calc_fail(calc, "activity", "unknown refrigerant "
		    "\"%.40s\": no %s GWP for it (GET /api/calculators lists "
		    "the refrigerants)", activity, calc_gwp_set(calc)));
	memset(&e, 0, sizeof(e));
	if (method == NULL || strcmp(method, "mass_leaked") == 0)
		rc = leaked(calc, record, &e);
	else if (strcmp(method, "mass_balance") == 0)
		rc = balance(calc, record, &e);
	else if (strcmp(method, "screening") == 0)
		rc = screening(calc, record, &e);
	else
		rc = svc->calc_fail(calc, "method", "method must be "
		    "mass_leaked, mass_balance or screening");
	if (rc != CD_OK)
		return (rc);
	f = gwp_row(calc, path, gwp, &sf, id, sizeof(id));

	for (i = 0; gas[i] != '\0' && i + 1 < sizeof(name); i++)
		name[i] = (char)tolower((unsigned char)gas[i]);
	name[i] = '\0';
	memset(&a, 0, sizeof(a));
	a.co2e_kg = e.kg * gwp;
	a.co2_kg = a.ch4_kg = a.n2o_kg = NAN;
	a.factor_value = gwp;
	calc_note(a.note, sizeof(a.note), "%s; %g kg x GWP %g (%s) = %g kg "
	    "CO2e", e.note, e.kg, gwp, calc_gwp_set(calc), a.co2e_kg);
	calc_result(&r, 1, e.tier, f, e.kg, &a);
	r.gases[0].name = name;
	r.gases[0].kg = e.kg;
	r.ngases = 1;
	return (svc->result_add(calc, &r));
}

static json_t *
rf_describe(struct cd_ctx *ctx)
{
	(void)ctx;
	return (calc_describe(json_pack("[{s:s, s:s, s:b, s:[s, s, s], s:s}, "
	    "{s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}, "
	    "{s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}, "
	    "{s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}, {s:s, s:s, s:b, s:s}]",
	    "name", "method", "type", "string", "required", 0,
	    "enum", "mass_leaked", "mass_balance", "screening",
	    "help", "default mass_leaked: quantity is the mass leaked",
	    "name", "measured", "type", "boolean", "required", 0,
	    "help", "mass_leaked: the leak was weighed (measured tier)",
	    "name", "inventory_start_kg", "type", "number", "required", 0,
	    "help", "mass_balance (required): gas in storage at the start",
	    "name", "inventory_end_kg", "type", "number", "required", 0,
	    "help", "mass_balance (required): gas in storage at the end",
	    "name", "purchased_kg", "type", "number", "required", 0,
	    "help", "mass_balance (required): gas purchased or acquired",
	    "name", "recovered_kg", "type", "number", "required", 0,
	    "help", "mass_balance: gas returned to suppliers or sent for "
	    "disposal (default 0)",
	    "name", "capacity_increase_kg", "type", "number", "required", 0,
	    "help", "mass_balance: full charge of new equipment minus that of "
	    "retired equipment (default 0, may be negative)",
	    "name", "charge_kg", "type", "number", "required", 0,
	    "help", "screening (required): full charge of the equipment",
	    "name", "annual_leak_rate", "type", "number", "required", 0,
	    "help", "screening (required): fraction leaked per year, 0-1",
	    "name", "months", "type", "number", "required", 0,
	    "help", "screening: months in operation (default: the period's)")));
}

CALC_DESCRIPTOR("refrigerants", "1.0.0", info,
    "Scope 1 refrigerant and fluorinated gas losses: mass leaked, "
    "mass balance or screening",
    rf_describe, rf_calculate);
