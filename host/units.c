/*
 * Units: the one conversion module.  A unit has a dimension and a factor
 * to that dimension's base unit (kWh, l, kg, km, passenger.km, tonne.km,
 * vehicle.km); convert is v * f_from / f_to once the dimensions match.
 * Every constant is named, with its source beside it.  Two rules sit on
 * top of the table: calorific-value bases and currencies (see below).
 */
#include <math.h>
#include <string.h>

#include "cd.h"
#include "carbon.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Energy (base kWh).  1 kWh = 1000 W x 3600 s = 3.6 MJ exactly (SI). */
#define J_PER_KWH	3.6e6
/* International Table Btu = 1055.05585262 J exactly: 4.1868 J/cal_IT x
 * 453.59237 g/lb x 5/9 K/degF (NIST SP 811 App. B.8 rounds it to
 * 1.055056 E+03 J).  1 mmBtu = 10^6 Btu_IT. */
#define J_PER_BTU_IT	1055.05585262
#define KWH_PER_MMBTU	(1e6 * J_PER_BTU_IT / J_PER_KWH)	/* 293.07107017 */
/* mmBtu of fuel is on a gross (higher heating value) basis: US EPA GHG
 * Emission Factors Hub 2024, Table 1 gives its kg per mmBtu on an HHV
 * basis, as US energy statistics (EIA) state fuel energy.  So it counts
 * as Gross CV below: a Net CV kWh is refused rather than read as HHV. */
/* 1 therm = 100,000 Btu_IT = 105.505585262 MJ (UK/EU therm, on the same
 * Btu_IT as mmBtu).  Directive 80/181/EEC prints 105.505585257348 MJ (a
 * 4e-11 relative difference); the US therm (Btu_59F, 105.4804 MJ) is not
 * used. */
#define KWH_PER_THERM	(1e5 * J_PER_BTU_IT / J_PER_KWH)	/* 29.307107017 */

/* Volume (base l).  1 l = 1 dm3 (12th CGPM, 1964), so 1 m3 = 1000 l. */
#define L_PER_M3	1e3
/* US gallon = 231 in3 = 3.785411784 l exactly (NIST HB 44, App. C). */
#define L_PER_US_GAL	3.785411784
/* UK gallon = 4.54609 l exactly (Weights and Measures Act 1985, Sch. 1). */
#define L_PER_UK_GAL	4.54609
/* Cubic foot = (0.3048 m)^3 = 0.028316846592 m3 exactly (1959 yard and
 * pound agreement).  scf is taken as a volume only: "standard" conditions
 * differ (40 CFR 98.6, used by US EPA: 60 degF, 14.7 psia) and no
 * temperature or pressure correction is applied here. */
#define M3_PER_CUFT	0.028316846592

/* Mass (base kg).  Tonne = 1000 kg (SI Brochure, 9th ed., Table 8).
 * 1 lb = 0.45359237 kg exactly (International Yard and Pound Agreement
 * 1959; NIST SP 811 App. B, NIST HB 44 App. C). */
#define KG_PER_T	1e3
#define KG_PER_LB	0.45359237
#define LB_PER_SHORT_TON 2000.0			/* NIST HB 44, App. C */
#define KG_PER_SHORT_TON (LB_PER_SHORT_TON * KG_PER_LB)	/* 907.18474 */

/* Distance (base km).  International mile = 5280 ft x 0.3048 m =
 * 1.609344 km exactly (1959 agreement; NIST HB 44, App. C). */
#define KM_PER_MI	1.609344
/* Freight (base tonne.km): short ton-mile, from the exact ton and mile. */
#define TKM_PER_STMI	(KG_PER_SHORT_TON / KG_PER_T * KM_PER_MI)

/*
 * US dollars of one year into another: US BLS CPI-U, U.S. city average,
 * all items, not seasonally adjusted, 1982-84=100, series CUUR0000SA0,
 * annual average (period M13).  2007-2013 from the BLS historical table
 * "Consumer Price Index, All Urban Consumers (CPI-U), U.S. city average,
 * All items" (cpiai.txt); 2014-2024 checked as the mean of the twelve
 * published monthly indexes.  A general consumer deflator, not a
 * sector-specific one: the caller documents its use.  GBP and EUR of
 * other years, and USD outside these years, are refused: no sourced
 * deflator is shipped for them.
 */
#define CPI_FIRST	2007
static const double	cpi_u[] = {
	207.342, 215.303, 214.537, 218.056, 224.939,	/* 2007-2011 */
	229.594, 232.957, 236.736, 237.017, 240.007,	/* 2012-2016 */
	245.120, 251.107, 255.657, 258.811, 270.970,	/* 2017-2021 */
	292.655, 304.702, 313.689			/* 2022-2024 */
};
#define YEAR_MIN	1900
#define YEAR_MAX	2199

#define U_SELF		0x01	/* converts only to itself */
#define U_GROSS		0x02	/* kWh on a gross calorific-value basis */
#define U_NET		0x04	/* kWh on a net calorific-value basis */

struct unit {
	const char	*name;
	const char	*dim;
	double		 f;	/* to the dimension's base unit */
	int		 flags;
};

static const struct unit	units[] = {
	{ "kWh",		"energy", 1.0, 0 },
	{ "MWh",		"energy", 1e3, 0 },		/* SI prefix */
	{ "GJ",			"energy", 1e9 / J_PER_KWH, 0 },
	{ "MJ",			"energy", 1e6 / J_PER_KWH, 0 },
	{ "mmBtu",		"energy", KWH_PER_MMBTU, U_GROSS },
	{ "therm",		"energy", KWH_PER_THERM, 0 },
	{ "kWh (Gross CV)",	"energy", 1.0, U_GROSS },
	{ "kWh (Net CV)",	"energy", 1.0, U_NET },
	{ "l",			"volume", 1.0, 0 },
	{ "m3",			"volume", L_PER_M3, 0 },
	{ "US gal",		"volume", L_PER_US_GAL, 0 },
	{ "UK gal",		"volume", L_PER_UK_GAL, 0 },
	{ "scf",		"volume", M3_PER_CUFT * L_PER_M3, 0 },
	{ "million litres",	"volume", 1e6, 0 },		/* SI prefix */
	{ "kg",			"mass", 1.0, 0 },
	{ "t",			"mass", KG_PER_T, 0 },
	{ "lb",			"mass", KG_PER_LB, 0 },
	{ "short ton",		"mass", KG_PER_SHORT_TON, 0 },
	{ "km",			"distance", 1.0, 0 },
	{ "mi",			"distance", KM_PER_MI, 0 },
	{ "passenger.km",	"passenger_distance", 1.0, 0 },
	{ "passenger-mile",	"passenger_distance", KM_PER_MI, 0 },
	{ "tonne.km",		"freight_distance", 1.0, 0 },
	{ "short ton-mile",	"freight_distance", TKM_PER_STMI, 0 },
	{ "vehicle.km",		"vehicle_distance", 1.0, 0 },
	{ "vehicle-mile",	"vehicle_distance", KM_PER_MI, 0 },
	{ "Room per night",	"count", 1.0, U_SELF },
	{ "per FTE Working Hour", "count", 1.0, U_SELF },
};

static const struct {
	const char	*alias;
	const char	*name;
} aliases[] = {
	{ "MMBtu", "mmBtu" },
	{ "litres", "l" }, { "liters", "l" }, { "L", "l" },
	{ "cubic metres", "m3" }, { "gallon", "US gal" }, { "gal", "US gal" },
	{ "tonnes", "t" }, { "tonne", "t" }, { "short tons", "short ton" },
	{ "miles", "mi" }, { "mile", "mi" },
	{ "pkm", "passenger.km" }, { "passenger-km", "passenger.km" },
	{ "passenger.mile", "passenger-mile" },
	{ "tkm", "tonne.km" }, { "tonne-km", "tonne.km" },
	{ "vehicle-km", "vehicle.km" },
	{ "room-night", "Room per night" }, { "room nights", "Room per night" },
};

static const char	*currencies[] = { "USD", "GBP", "EUR" };

struct uval {			/* a table row, or a currency and year */
	const struct unit	*u;	/* NULL for a currency */
	int			 cur;	/* index into currencies[] */
	int			 year;
};

/* "USD (2022)": a known code, a space, a four-digit year in brackets. */
static int
currency(const char *s, struct uval *v)
{
	size_t	 i;
	int	 y = 0;

	if (strlen(s) != 10 || s[3] != ' ' || s[4] != '(' || s[9] != ')')
		return (-1);
	for (i = 5; i < 9; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		y = y * 10 + (s[i] - '0');
	}
	if (y < YEAR_MIN || y > YEAR_MAX)
		return (-1);
	for (i = 0; i < NITEMS(currencies); i++) {
		if (strncmp(s, currencies[i], 3) == 0) {
			v->u = NULL;
			v->cur = (int)i;
			v->year = y;
			return (0);
		}
	}
	return (-1);
}

static int
lookup(const char *name, struct uval *v)
{
	size_t	 i;

	if (name == NULL)
		return (-1);
	for (i = 0; i < NITEMS(aliases); i++)
		if (strcmp(aliases[i].alias, name) == 0)
			name = aliases[i].name;
	for (i = 0; i < NITEMS(units); i++) {
		if (strcmp(units[i].name, name) == 0) {
			v->u = &units[i];
			return (0);
		}
	}
	return (currency(name, v));
}

/* USD of one year per USD of another, or -1 without a sourced index. */
static double
deflate(int from, int to)
{
	const int	 n = (int)NITEMS(cpi_u);

	if (from < CPI_FIRST || to < CPI_FIRST ||
	    from - CPI_FIRST >= n || to - CPI_FIRST >= n)
		return (-1);
	return (cpi_u[to - CPI_FIRST] / cpi_u[from - CPI_FIRST]);
}

int
cd_unit_known(const char *name)
{
	struct uval	 v;

	return (lookup(name, &v) == 0);
}

const char *
cd_unit_dimension(const char *name)
{
	struct uval	 v;

	if (lookup(name, &v) == -1)
		return (NULL);
	return (v.u != NULL ? v.u->dim : "currency");
}

int
cd_unit_convert(double val, const char *from, const char *to, double *out)
{
	struct uval	 a, b;
	double		 r;
	int		 cv;

	if (out == NULL || !isfinite(val) ||
	    lookup(from, &a) == -1 || lookup(to, &b) == -1)
		return (CD_EINVAL);
	if (a.u == NULL || b.u == NULL) {
		if (a.u != NULL || b.u != NULL || a.cur != b.cur)
			return (CD_EINVAL);
		if (a.year == b.year)
			r = 1.0;
		else if (strcmp(currencies[a.cur], "USD") != 0 ||
		    (r = deflate(a.year, b.year)) < 0)
			return (CD_EINVAL);
		*out = val * r;
		return (CD_OK);
	}
	if (strcmp(a.u->dim, b.u->dim) != 0)
		return (CD_EINVAL);
	if (((a.u->flags | b.u->flags) & U_SELF) && a.u != b.u)
		return (CD_EINVAL);
	/* Gross and net CV kWh: no fuel-independent ratio between them. */
	cv = (a.u->flags | b.u->flags) & (U_GROSS | U_NET);
	if (cv == (U_GROSS | U_NET))
		return (CD_EINVAL);
	*out = val * a.u->f / b.u->f;
	return (CD_OK);
}
