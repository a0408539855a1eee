/*
 * Purchased goods and services (scope 3 category 1).  Spend-based: money
 * paid, in US dollars of a stated year ("USD (2022)"), x the US EPA
 * Supply Chain GHG Emission Factor (USEEIO) of the NAICS-6 commodity
 * bought; the activity is the 6-digit code or a friendly alias.
 * Average-data: tonnes of a material bought x the DESNZ Material use
 * factor.  The units module converts money only within one currency.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

#define CATEGORY	"purchased_goods_spend"
#define SCOPE3_CAT	1
#define NAICS_LEN	6

static const char *const units[] = {
	"USD (2022)", "t", "kg", "lb", "short ton", NULL
};

static const struct calc_info info = {
	.name = CATEGORY,
	.category = CATEGORY,
	.scope = 3,
	.units = units,
};

static json_t *
ps_describe(struct cd_ctx *ctx)
{
	json_t	*d;

	(void)ctx;
	d = calc_describe(NULL);
	if (d != NULL) {
		json_object_set_new(d, "scope3_category",
		    json_integer(SCOPE3_CAT));
		json_object_set_new(d, "activity_help", json_string("a "
		    "6-digit 2017 NAICS code (spend, unit \"USD (YYYY)\") or "
		    "one of the activities; *_primary, *_closed_loop and "
		    "*_reused materials take a mass"));
	}
	return (d);
}

static int
is_naics6(const char *s)
{
	size_t	i;

	for (i = 0; i < NAICS_LEN; i++)
		if (!isdigit((unsigned char)s[i]))
			return (0);
	return (s[i] == '\0');
}

/*
 * A currency named without its year ("USD", "usd", "USD 2022"): money
 * must say which year's dollars it is, "USD (2022)".
 */
static int
currency_without_year(const char *u)
{
	for (int i = 0; i < 3; i++)
		if (!isupper((unsigned char)u[i]))
			return (0);
	if (u[3] == '\0')
		return (1);
	return (u[3] == ' ' && u[4] != '(');
}

static int
is_money(const char *u)
{
	return (strlen(u) == 10 && u[3] == ' ' && u[4] == '(' && u[9] == ')');
}

/*
 * The path and family of the activity: an alias or a material from the
 * map, a NAICS-6 code (USEEIO), or a factor path given as is.  *tier is
 * spend-based for USEEIO.
 */
static int
ps_path(struct cd_calc *calc, const char *activity, char *buf, size_t len,
    const char **path, const char **family, int *tier)
{
	const json_t		*e;

	*family = NULL;
	*tier = CD_TIER_CALCULATED;
	if ((e = calc_entry(activity)) != NULL) {
		if ((*path = calc_entry_path(e, NULL, "useeio")) != NULL) {
			*family = "useeio";
			*tier = CD_TIER_SPEND;
			return (CD_OK);
		}
		if ((*path = calc_entry_path(e, NULL, "desnz")) != NULL) {
			*family = "desnz";
			return (CD_OK);
		}
	} else if (is_naics6(activity)) {
		(void)snprintf(buf, len, "commodity/%s", activity);
		*path = buf;
		*family = "useeio";
		*tier = CD_TIER_SPEND;
		return (CD_OK);
	}
	return (calc_path(calc, activity, path));
}

static int
ps_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	struct calc_amount	 a;
	const char		*activity, *unit, *path, *family;
	char			 buf[64];
	double			 quantity, q;
	int			 rc, tier;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	if (currency_without_year(unit))
		return (svc->calc_fail(calc, "unit", "spend needs the year of "
		    "its currency, e.g. \"USD (2022)\": USEEIO factors are "
		    "per 2022 US dollar (purchaser price)"));
	if ((rc = ps_path(calc, activity, buf, sizeof(buf), &path, &family,
	    &tier)) != CD_OK ||
	    (rc = svc->factor_find(calc, family, path, unit, quantity, &f,
	    &q)) != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	if (is_money(f->unit)) {
		tier = CD_TIER_SPEND;
		calc_note(a.note, sizeof(a.note), "; spend-based: %s",
		    f->activity != NULL ? f->activity : f->id);
		if (strcmp(unit, f->unit) != 0)
			calc_note(a.note, sizeof(a.note), "; %s brought to %s "
			    "with the US CPI-U (a general price index)", unit,
			    f->unit);
	} else if (family != NULL && strcmp(family, "desnz") == 0)
		calc_note(a.note, sizeof(a.note), "; average-data: DESNZ "
		    "material use per tonne, whatever the company's region");
	return (calc_add(calc, 3, NULL, SCOPE3_CAT, tier, f, q, &a));
}

CALC_DESCRIPTOR(CATEGORY, "1.0.0", info,
    "Scope 3 category 1, purchased goods and services: spend "
    "(USEEIO, NAICS-6) or material mass (DESNZ)",
    ps_describe, ps_calculate);
