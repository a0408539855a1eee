/*
 * The energy and refrigerant calculators (plugins/stationary_combustion,
 * mobile_combustion, electricity, heat_steam, refrigerants) against the
 * real stack: POST /api/calculate with their records and compare each
 * result with what this test computes from the shipped factor row (the
 * CSV files in conf/factors) and the stated arithmetic, plus reference
 * values typed in from the published documents:
 *
 *   DESNZ 2024 full set v1.1 (ghg-conversion-factors-2024-full_set__for_
 *   advanced_users__v1_1.xlsx, sha256 558116ed...): natural gas 0.18290
 *   kg CO2e/kWh (Gross CV) and 2.04542 /m3; diesel (average biofuel blend)
 *   2.51279 /litre, its outside-of-scopes CO2 0.16 /litre; UK electricity
 *   generated 0.20705 /kWh; T&D 0.01830 /kWh; heat and steam 0.17965 /kWh;
 *   district heat distribution losses 0.00946 /kWh; wood pellets 54.33654
 *   /tonne and outside of scopes 1677.18 /tonne; R410A 1924, HFC-134a
 *   1300, SF6 23500 kg CO2e/kg.
 *   EPA GHG Emission Factors Hub 2024 (ghg-emission-factors-hub-2024.xlsx,
 *   sha256 e9eb5b3b...): natural gas 53.06 kg CO2, 1 g CH4, 0.1 g N2O per
 *   mmBtu; motor gasoline 8.78 kg CO2/gallon; eGRID2022 CAMX 497.443 lb
 *   CO2/MWh; steam and heat 66.33 kg CO2/mmBtu; R-410A 1924.
 *   Center for Resource Solutions (Green-e), 2025 Residual Mix Emissions
 *   Rates (2023 Data), CAMX "Adjusted System Mix" 434.2188489 lb CO2e/MWh,
 *   as transcribed from the web page (conf/factors/SOURCES.md).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define DESNZ		"uk-desnz-2024.csv"
#define EPA		"us-epa-hub-2024.csv"
#define GWPS		"ipcc-gwp.csv"
#define CRS		"us-crs-residual-mix-2025.csv"
#define C_CO2E		4
#define C_CO2		5
#define C_CH4		6
#define C_N2O		7

#define NG		"desnz-2024/fuels/gaseous-fuels/natural-gas/"
#define NG_KWH		NG "kwh-gross-cv"
#define NG_M3		NG "cubic-metres"
#define DIESEL_L	"desnz-2024/fuels/liquid-fuels/" \
			"diesel-average-biofuel-blend/litres"
#define DIESEL_BIO_L	"desnz-2024/outside-of-scopes/forecourt-fuels-" \
			"containing-biofuel/diesel-average-biofuel-blend/litres"
#define PETROL_L	"desnz-2024/fuels/liquid-fuels/" \
			"petrol-average-biofuel-blend/litres"
#define PELLETS_T	"desnz-2024/bioenergy/biomass/wood-pellets/tonnes"
#define PELLETS_BIO_T	"desnz-2024/outside-of-scopes/biomass/" \
			"wood-pellets/tonnes"
#define CAR_KM		"desnz-2024/passenger-vehicles/cars-by-size/" \
			"medium-car/petrol/km"
#define HGV		"desnz-2024/delivery-vehicles/hgv-all-diesel/" \
			"rigid-gt17-tonnes/"
#define UK_ELEC		"desnz-2024/uk-electricity/" \
			"electricity-generated/electricity-uk/kwh/kwh"
#define UK_TD		"desnz-2024/transmission-and-distribution/" \
			"tandd-uk-electricity/electricity-uk/kwh/kwh"
#define HEAT		"desnz-2024/heat-and-steam/heat-and-steam/" \
			"onsite-heat-and-steam/kwh/kwh"
#define DHEAT		"desnz-2024/heat-and-steam/heat-and-steam/" \
			"district-heat-and-steam/kwh/kwh"
#define DHEAT_TD	"desnz-2024/transmission-and-distribution/" \
			"distribution-district-heat-and-steam/5pc-loss/kwh/kwh"
#define EPA_NG		"epa-hub-2024/stationary-combustion/" \
			"natural-gas/mmbtu"
#define EPA_WOOD	"epa-hub-2024/stationary-combustion/" \
			"wood-and-wood-residuals/short-ton"
#define EPA_GASOLINE	"epa-hub-2024/mobile-combustion-co2/" \
			"motor-gasoline/gallon"
#define EPA_DIESEL	"epa-hub-2024/mobile-combustion-co2/" \
			"diesel-fuel/gallon"
#define EPA_CAR		"epa-hub-2024/mobile-combustion-ch4-n2o/" \
			"gasoline-passenger-cars/"
#define EPA_CONSTR	"epa-hub-2024/mobile-combustion-ch4-n2o/non-road/" \
			"construction-mining-equipment/diesel-equipment/gallon"
#define EPA_CAMX	"epa-hub-2024/electricity/egrid2022/camx/" \
			"total-output/mwh"
#define EPA_USAVG	"epa-hub-2024/electricity/egrid2022/us-average/" \
			"total-output/mwh"
#define EPA_STEAM	"epa-hub-2024/steam-and-heat/" \
			"purchased-steam-and-heat/mmbtu"
#define CRS_CAMX	"crs-residual-2025/residual-mix/camx/kwh"

/* Exact unit definitions (host/units.c cites them). */
#define L_PER_US_GAL	3.785411784
#define KM_PER_MI	1.609344
#define KWH_PER_MMBTU	(1e6 * 1055.05585262 / 3.6e6)
#define KG_PER_LB	0.45359237

static struct services	svc;
static struct host	h;
static struct h_account	a;
static char		fac_camx[40];	/* US, eGRID CAMX */
static char		fac_us[40];	/* US, no subregion */

/* ---- helpers ---- */

static json_t *
call(const char *method, const char *path, const char *body, long *status)
{
	return (h_call_json(&h, method, path, a.access, body, status));
}

/* A record of 2024 as JSON text; extra: more members, or NULL. */
static char *
record(const char *category, const char *activity, double q,
    const char *unit, const char *extra)
{
	char	*s;

	ck_assert_int_gt(asprintf(&s, "{\"category\":\"%s\",\"activity\":"
	    "\"%s\",\"quantity\":%.17g,\"unit\":\"%s\",\"period_start\":"
	    "\"2024-01-01\",\"period_end\":\"2024-12-31\"%s%s}", category,
	    activity, q, unit, extra ? "," : "", extra ? extra : ""), 0);
	return (s);
}

/* POST one record; its results (a new reference), 200 asserted. */
static json_t *
calc(const char *category, const char *activity, double q, const char *unit,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static json_t *
calc(const char *category, const char *activity, double q, const char *unit,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*extra = NULL, *body;
	long	 st;
	json_t	*j, *res;

	if (fmt != NULL) {
		va_start(ap, fmt);
		ck_assert_int_gt(vasprintf(&extra, fmt, ap), 0);
		va_end(ap);
	}
	body = record(category, activity, q, unit, extra);
	j = call("POST", "/api/calculate", body, &st);
	if (st != 200) {
		char *t = json_dumps(j, JSON_COMPACT);
		ck_abort_msg("%s: %ld %s", body, st, t);
	}
	res = json_incref(json_object_get(json_array_get(json_object_get(j,
	    "records"), 0), "results"));
	ck_assert_msg(json_array_size(res) > 0, "%s: no results", body);
	json_decref(j);
	free(body);
	free(extra);
	return (res);
}

/* The record is refused: 422 with this code and field. */
static void
refused(const char *code, const char *field, const char *category,
    const char *activity, double q, const char *unit, const char *extra)
{
	char		*body = record(category, activity, q, unit, extra);
	long		 st;
	json_t		*j = call("POST", "/api/calculate", body, &st);
	const json_t	*e = json_object_get(j, "error");

	ck_assert_msg(st == 422, "%s: status %ld", body, st);
	ck_assert_msg(strcmp(json_string_value(json_object_get(e, "code")),
	    code) == 0 && strcmp(json_string_value(json_object_get(e,
	    "field")), field) == 0, "%s: %s/%s, wanted %s/%s (%s)", body,
	    json_string_value(json_object_get(e, "code")),
	    json_string_value(json_object_get(e, "field")), code, field,
	    json_string_value(json_object_get(e, "message")));
	json_decref(j);
	free(body);
}

/* Member path "a.b" of o as a number or string. */
static const json_t *
at(const json_t *o, const char *path)
{
	char	 buf[128], *p, *dot;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
		*dot = '\0';
		o = json_object_get(o, p);
	}
	return (json_object_get(o, p));
}

static double
num(const json_t *o, const char *path)
{
	const json_t	*v = at(o, path);

	ck_assert_msg(json_is_number(v), "%s is not a number", path);
	return (json_number_value(v));
}

static const char *
str(const json_t *o, const char *path)
{
	const char	*s = json_string_value(at(o, path));

	return (s != NULL ? s : "");
}

static void
near(double got, double want, const char *what)
{
	ck_assert_msg(isfinite(want), "%s: no expected value", what);
	ck_assert_msg(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)),
	    "%s: got %.17g, want %.17g", what, got, want);
}

static double
col(const char *file, const char *id, int c)
{
	double	v = h_factor(file, id, c);

	ck_assert_msg(isfinite(v), "%s %s column %d missing", file, id, c);
	return (v);
}

static double
gwp(const char *set, const char *gas)
{
	char	id[64];

	snprintf(id, sizeof(id), "%s/gwp100/%s", set, gas);
	return (col(GWPS, id, C_CO2E));
}

/* The result of scope and method (NULL: none) in res. */
static const json_t *
result(const json_t *res, int scope, const char *method)
{
	const json_t	*r;
	size_t		 i;

	json_array_foreach(res, i, r)
		if (json_integer_value(json_object_get(r, "scope")) == scope &&
		    (method == NULL ? json_is_null(json_object_get(r,
		    "method")) : strcmp(str(r, "method"), method) == 0))
			return (r);
	ck_abort_msg("no scope %d %s result", scope, method ? method : "");
	return (NULL);
}

/* kg CO2e per unit of a DESNZ row (CH4, N2O as AR5 CO2e) in AR6. */
static double
desnz_ar6(const char *file, const char *id)
{
	return (col(file, id, C_CO2) +
	    col(file, id, C_CH4) / gwp("ipcc-ar5", "ch4") *
	    gwp("ipcc-ar6", "ch4") +
	    col(file, id, C_N2O) / gwp("ipcc-ar5", "n2o") *
	    gwp("ipcc-ar6", "n2o"));
}

/* kg CO2e per unit of an EPA row (kg of each gas) in set. */
static double
epa_co2e(const char *id, const char *set, int with_co2)
{
	double	co2 = with_co2 ? col(EPA, id, C_CO2) : 0;

	return (co2 + col(EPA, id, C_CH4) * gwp(set, "ch4") +
	    col(EPA, id, C_N2O) * gwp(set, "n2o"));
}

/* The file of set id, from conf/factors/sets.yaml; 0 when found. */
static int
set_file(const char *set, char *file, size_t len)
{
	FILE	*fp;
	char	 line[512], cur[128] = "";
	int	 found = -1;

	if ((fp = fopen("conf/factors/sets.yaml", "r")) == NULL)
		return (-1);
	while (found != 0 && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (sscanf(line, "  - id: %127s", cur) == 1)
			continue;
		if (strcmp(cur, set) == 0 &&
		    sscanf(line, "    file: %511s", file) == 1 &&
		    strlen(file) < len)
			found = 0;
	}
	fclose(fp);
	return (found);
}

/*
 * No residual mix for the region: the market result is the grid average,
 * and the note says why (`why`: "shipped for <region>" or "per grid
 * region").
 */
static void
check_fallback(const json_t *mkt, const json_t *loc, const char *why)
{
	ck_assert_str_eq(str(mkt, "factor.id"), str(loc, "factor.id"));
	near(num(mkt, "co2e_kg"), num(loc, "co2e_kg"), "fallback");
	ck_assert_msg(strstr(str(mkt, "note"), "no residual mix") &&
	    strstr(str(mkt, "note"), why) && strstr(str(mkt, "note"),
	    "grid average used"), "note: %s", str(mkt, "note"));
}

/*
 * The market result is the residual mix row `id`: kWh x that row's
 * factor, read here from the row's own file (the set's file in
 * sets.yaml).
 */
static void
check_residual(const json_t *mkt, const char *id, double kwh)
{
	char	 file[512];

	ck_assert_str_eq(str(mkt, "factor.id"), id);
	ck_assert_ptr_nonnull(strstr(id, "/residual-mix/"));
	ck_assert_int_eq(set_file(str(mkt, "factor.set"), file, sizeof(file)),
	    0);
	ck_assert_str_eq(str(mkt, "quantity.unit"), "kWh");
	near(num(mkt, "quantity.value"), kwh, "residual kWh");
	near(num(mkt, "factor.value"), col(file, id, C_CO2E), "residual row");
	near(num(mkt, "co2e_kg"), kwh * col(file, id, C_CO2E), "residual");
	ck_assert_msg(strstr(str(mkt, "note"), "residual mix") != NULL,
	    "note: %s", str(mkt, "note"));
}

static void
suite_up(void)
{
	long	 st;
	json_t	*j;

	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Energy Co", "owner@energy.example", &a);
	j = call("POST", "/api/facilities", "{\"name\":\"LA plant\","
	    "\"country\":\"US\",\"grid_region\":\"CAMX\"}", &st);
	ck_assert_int_eq(st, 201);
	snprintf(fac_camx, sizeof(fac_camx), "%s", str(j, "id"));
	json_decref(j);
	j = call("POST", "/api/facilities", "{\"name\":\"US depot\","
	    "\"country\":\"US\"}", &st);
	ck_assert_int_eq(st, 201);
	snprintf(fac_us, sizeof(fac_us), "%s", str(j, "id"));
	json_decref(j);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* ---- the calculators are listed with their description ---- */

START_TEST(described)
{
	static const char *const cats[] = { "stationary_combustion",
	    "mobile_combustion", "electricity", "heat_steam", "refrigerants" };
	long		 st;
	json_t		*j = call("GET", "/api/calculators", NULL, &st);
	const json_t	*c;
	size_t		 i, k, found = 0;

	ck_assert_int_eq(st, 200);
	for (k = 0; k < 5; k++)
		json_array_foreach(j, i, c) {
			if (strcmp(str(c, "category"), cats[k]) != 0)
				continue;
			found++;
			ck_assert_int_eq(json_integer_value(json_object_get(c,
			    "scope")), k < 2 || k == 4 ? 1 : 2);
			/* A describe() whose json_pack failed gives none. */
			ck_assert(json_is_array(json_object_get(c, "fields")));
			if (k > 0)
				ck_assert_int_gt(json_array_size(
				    json_object_get(c, "fields")), 0);
			ck_assert_int_gt(json_array_size(json_object_get(c,
			    "activities")), 0);
			ck_assert_int_gt(json_array_size(json_object_get(c,
			    "units")), 0);
			ck_assert_str_eq(str(c, "version"), "1.0.0");
		}
	ck_assert_int_eq(found, 5);
	json_decref(j);
}
END_TEST

/* ---- stationary combustion ---- */

START_TEST(stationary_desnz)
{
	json_t		*res;
	const json_t	*r;

	/* Natural gas in kWh: the Gross CV row, per gas from AR5 CO2e. */
	res = calc("stationary_combustion", "natural_gas", 1000, "kWh", NULL);
	ck_assert_int_eq(json_array_size(res), 1);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), NG_KWH);
	near(col(DESNZ, NG_KWH, C_CO2E), 0.18290, "published natural gas");
	near(num(r, "co2e_kg"), 1000 * col(DESNZ, NG_KWH, C_CO2E), "co2e");
	near(num(r, "gases.co2_kg"), 1000 * col(DESNZ, NG_KWH, C_CO2), "co2");
	near(num(r, "gases.ch4_kg"), 1000 * col(DESNZ, NG_KWH, C_CH4) /
	    gwp("ipcc-ar5", "ch4"), "ch4 mass");
	near(num(r, "gases.n2o_kg"), 1000 * col(DESNZ, NG_KWH, C_N2O) /
	    gwp("ipcc-ar5", "n2o"), "n2o mass");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "scope")), 1);
	ck_assert_str_eq(str(r, "tier"), "calculated");
	ck_assert_str_eq(str(r, "factor.gwp"), "AR5");
	ck_assert_str_eq(str(r, "quantity.unit"), "kWh (Gross CV)");
	near(num(r, "biogenic_co2_kg"), 0, "no biogenic CO2");
	json_decref(res);

	/* The same gas by volume. */
	res = calc("stationary_combustion", "natural_gas", 500, "m3", NULL);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), NG_M3);
	near(col(DESNZ, NG_M3, C_CO2E), 2.04542, "published m3");
	near(num(r, "co2e_kg"), 500 * col(DESNZ, NG_M3, C_CO2E), "m3 co2e");
	json_decref(res);

	/* AR6: CH4 and N2O back to kg of gas at AR5, then at AR6. */
	res = calc("stationary_combustion", "natural_gas", 1000, "kWh",
	    "\"gwp\":\"AR6\"");
	r = json_array_get(res, 0);
	near(num(r, "co2e_kg"), 1000 * desnz_ar6(DESNZ, NG_KWH), "AR6 co2e");
	near(num(r, "factor.value"), desnz_ar6(DESNZ, NG_KWH), "AR6 value");
	ck_assert(fabs(num(r, "co2e_kg") - 182.9) > 1e-4);
	ck_assert_str_eq(str(r, "gwp"), "AR6");
	json_decref(res);

	/* Diesel: published figure, and its biogenic CO2 outside scopes. */
	res = calc("stationary_combustion", "diesel", 1000, "l", NULL);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), DIESEL_L);
	near(col(DESNZ, DIESEL_L, C_CO2E), 2.51279, "published diesel");
	near(col(DESNZ, DIESEL_BIO_L, C_CO2E), 0.16, "published biogenic");
	near(num(r, "co2e_kg"), 1000 * col(DESNZ, DIESEL_L, C_CO2E), "diesel");
	near(num(r, "biogenic_co2_kg"), 1000 * col(DESNZ, DIESEL_BIO_L,
	    C_CO2), "diesel biogenic");
	json_decref(res);

	/* US gallons into the litres row. */
	res = calc("stationary_combustion", "diesel", 100, "US gal", NULL);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), DIESEL_L);
	near(num(r, "quantity.value"), 100 * L_PER_US_GAL, "litres");
	near(num(r, "co2e_kg"), 100 * L_PER_US_GAL * col(DESNZ, DIESEL_L,
	    C_CO2E), "diesel by US gal");
	json_decref(res);

	/* Biomass: in-scope CH4 and N2O only, the CO2 outside scopes. */
	res = calc("stationary_combustion", "wood_pellets", 3, "t", NULL);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), PELLETS_T);
	near(col(DESNZ, PELLETS_T, C_CO2E), 54.33654, "published pellets");
	near(col(DESNZ, PELLETS_BIO_T, C_CO2E), 1677.18, "published outside");
	near(num(r, "co2e_kg"), 3 * col(DESNZ, PELLETS_T, C_CO2E), "pellets");
	near(num(r, "biogenic_co2_kg"), 3 * col(DESNZ, PELLETS_BIO_T, C_CO2),
	    "pellets biogenic");
	json_decref(res);
}
END_TEST

START_TEST(stationary_epa)
{
	char		 fac[80];
	json_t		*res;
	const json_t	*r;
	double		 mmbtu = 1000 / KWH_PER_MMBTU;

	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_us);
	near(col(EPA, EPA_NG, C_CO2), 53.06, "published EPA CO2");
	near(col(EPA, EPA_NG, C_CH4), 0.001, "published EPA CH4 (1 g)");
	near(col(EPA, EPA_NG, C_N2O), 0.0001, "published EPA N2O (0.1 g)");

	/* kWh into mmBtu; EPA's gas masses at AR5, then AR6. */
	res = calc("stationary_combustion", "natural_gas", 1000, "kWh", "%s",
	    fac);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), EPA_NG);
	near(num(r, "quantity.value"), mmbtu, "mmBtu");
	near(num(r, "co2e_kg"), mmbtu * epa_co2e(EPA_NG, "ipcc-ar5", 1),
	    "EPA AR5");
	near(num(r, "gases.ch4_kg"), mmbtu * col(EPA, EPA_NG, C_CH4), "ch4");
	json_decref(res);
	res = calc("stationary_combustion", "natural_gas", 1000, "kWh",
	    "%s,\"gwp\":\"AR6\"", fac);
	near(num(json_array_get(res, 0), "co2e_kg"), mmbtu *
	    epa_co2e(EPA_NG, "ipcc-ar6", 1), "EPA AR6");
	json_decref(res);
	/* EPA's mmBtu are HHV: a Net CV kWh is not read as one (it would
	   understate natural gas by the LHV/HHV ratio, about a tenth). */
	refused("unit_mismatch", "unit", "stationary_combustion",
	    "natural_gas", 1000, "kWh (Net CV)", fac);

	/* Wood: the CO2 is biogenic (the row's notes say so). */
	res = calc("stationary_combustion", "wood_pellets", 2, "short ton",
	    "%s", fac);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), EPA_WOOD);
	near(num(r, "co2e_kg"), 2 * epa_co2e(EPA_WOOD, "ipcc-ar5", 0),
	    "wood in scope");
	near(num(r, "biogenic_co2_kg"), 2 * col(EPA, EPA_WOOD, C_CO2),
	    "wood biogenic");
	near(num(r, "gases.co2_kg"), 0, "no fossil CO2");
	json_decref(res);
}
END_TEST

#define EUROS	"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"

START_TEST(stationary_refused)
{
	char	fac[80];

	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_us);
	refused("invalid_field", "activity", "stationary_combustion",
	    "unobtainium", 1, "kWh", NULL);
	/* CNG has DESNZ factors only. */
	refused("invalid_field", "activity", "stationary_combustion", "cng",
	    1, "kWh", fac);
	refused("unit_mismatch", "unit", "stationary_combustion",
	    "natural_gas", 1, "km", NULL);
	/* The message quotes 60 bytes of the activity: a cut euro sign
	   must not turn the 422 into a 500. */
	refused("invalid_field", "activity", "stationary_combustion",
	    "natural_gas" EUROS EUROS EUROS EUROS EUROS EUROS EUROS, 1, "kWh",
	    NULL);
}
END_TEST

/* ---- mobile combustion ---- */

START_TEST(mobile_desnz)
{
	json_t		*res;
	const json_t	*r;

	/* Fuel-based: the fuel row, biogenic CO2 of the blend. */
	res = calc("mobile_combustion", "diesel", 1000, "l", NULL);
	ck_assert_int_eq(json_array_size(res), 1);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), DIESEL_L);
	near(num(r, "co2e_kg"), 2512.79, "published diesel x 1000 l");
	near(num(r, "biogenic_co2_kg"), 1000 * col(DESNZ, DIESEL_BIO_L,
	    C_CO2), "biogenic");
	json_decref(res);

	res = calc("mobile_combustion", "petrol", 10, "US gal", NULL);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), PETROL_L);
	near(num(r, "co2e_kg"), 10 * L_PER_US_GAL * col(DESNZ, PETROL_L,
	    C_CO2E), "petrol by US gal");
	json_decref(res);

	/* Distance-based, km and miles. */
	res = calc("mobile_combustion", "car_medium_petrol", 1000, "km", NULL);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), CAR_KM);
	near(num(r, "co2e_kg"), 1000 * col(DESNZ, CAR_KM, C_CO2E), "car km");
	json_decref(res);
	res = calc("mobile_combustion", "car_medium_petrol", 100, "mi", NULL);
	r = json_array_get(res, 0);
	near(num(r, "co2e_kg"), 100 * KM_PER_MI * col(DESNZ, CAR_KM, C_CO2E),
	    "car mi");
	json_decref(res);
	res = calc("mobile_combustion", "car_medium_petrol", 1000, "km",
	    "\"gwp\":\"AR6\"");
	near(num(json_array_get(res, 0), "co2e_kg"), 1000 * desnz_ar6(DESNZ,
	    CAR_KM), "car AR6");
	json_decref(res);

	/* HGVs by load; average laden by default. */
	res = calc("mobile_combustion", "hgv_rigid_over_17t", 100, "km",
	    "\"laden\":50");
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), HGV "50pc-laden/km");
	near(num(r, "co2e_kg"), 100 * col(DESNZ, HGV "50pc-laden/km", C_CO2E),
	    "hgv 50%");
	json_decref(res);
	res = calc("mobile_combustion", "hgv_rigid_over_17t", 100, "km", NULL);
	ck_assert_str_eq(str(json_array_get(res, 0), "factor.id"),
	    HGV "average-laden/km");
	json_decref(res);
}
END_TEST

START_TEST(mobile_epa)
{
	char		 fac[80];
	json_t		*res;
	const json_t	*r;
	double		 ch4n2o;

	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_us);
	near(col(EPA, EPA_GASOLINE, C_CO2), 8.78, "published gasoline");

	/* On-road: CO2 from Table 2 by fuel, CH4/N2O per mile (Table 3). */
	res = calc("mobile_combustion", "gasoline", 100, "US gal", "%s,"
	    "\"vehicle\":\"passenger_car\",\"distance\":2000,"
	    "\"distance_unit\":\"mi\",\"model_year\":2019", fac);
	ck_assert_int_eq(json_array_size(res), 2);
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "factor.id"), EPA_GASOLINE);
	near(num(r, "co2e_kg"), 100 * col(EPA, EPA_GASOLINE, C_CO2), "CO2");
	r = json_array_get(res, 1);
	ck_assert_str_eq(str(r, "factor.id"), EPA_CAR "my-2019/vehicle-mile");
	near(num(r, "quantity.value"), 2000, "vehicle-miles");
	ch4n2o = epa_co2e(EPA_CAR "my-2019/vehicle-mile", "ipcc-ar5", 0);
	near(num(r, "co2e_kg"), 2000 * ch4n2o, "CH4 + N2O");
	ck_assert_ptr_null(json_object_get(json_object_get(r, "gases"),
	    "co2_kg"));
	json_decref(res);

	/* AR6 changes only the CH4 and N2O result. */
	res = calc("mobile_combustion", "gasoline", 100, "US gal", "%s,"
	    "\"vehicle\":\"passenger_car\",\"distance\":2000,"
	    "\"distance_unit\":\"mi\",\"model_year\":2019,\"gwp\":\"AR6\"",
	    fac);
	near(num(json_array_get(res, 0), "co2e_kg"), 100 * col(EPA,
	    EPA_GASOLINE, C_CO2), "CO2 AR6");
	near(num(json_array_get(res, 1), "co2e_kg"), 2000 * epa_co2e(EPA_CAR
	    "my-2019/vehicle-mile", "ipcc-ar6", 0), "CH4 + N2O AR6");
	json_decref(res);

	/* A model year after the table's newest takes the newest. */
	res = calc("mobile_combustion", "gasoline", 10, "US gal", "%s,"
	    "\"vehicle\":\"passenger_car\",\"distance\":1000,"
	    "\"distance_unit\":\"km\",\"model_year\":2024", fac);
	r = json_array_get(res, 1);
	ck_assert_str_eq(str(r, "factor.id"), EPA_CAR "my-2021/vehicle-mile");
	near(num(r, "quantity.value"), 1000 / KM_PER_MI, "km to miles");
	ck_assert_ptr_nonnull(strstr(str(r, "note"), "model year 2024"));
	json_decref(res);

	/* Non-road: CH4/N2O per gallon (Table 5). */
	res = calc("mobile_combustion", "diesel", 50, "US gal", "%s,"
	    "\"vehicle\":\"construction_mining_equipment\"", fac);
	ck_assert_int_eq(json_array_size(res), 2);
	near(num(json_array_get(res, 0), "co2e_kg"), 50 * col(EPA, EPA_DIESEL,
	    C_CO2), "diesel CO2");
	ck_assert_str_eq(str(json_array_get(res, 1), "factor.id"), EPA_CONSTR);
	near(num(json_array_get(res, 1), "co2e_kg"), 50 * epa_co2e(EPA_CONSTR,
	    "ipcc-ar5", 0), "construction CH4 + N2O");
	json_decref(res);

	/* No vehicle: CO2 only, and the note says why. */
	res = calc("mobile_combustion", "gasoline", 10, "US gal", "%s", fac);
	ck_assert_int_eq(json_array_size(res), 1);
	ck_assert_ptr_nonnull(strstr(str(json_array_get(res, 0), "note"),
	    "CO2 only"));
	json_decref(res);
}
END_TEST

START_TEST(mobile_refused)
{
	char	fac[80], extra[256];

	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_us);
	/* EPA has no CO2 per vehicle-mile. */
	refused("invalid_field", "activity", "mobile_combustion",
	    "car_medium_petrol", 100, "mi", fac);
	snprintf(extra, sizeof(extra), "%s,\"vehicle\":\"hovercraft\"", fac);
	refused("invalid_field", "vehicle", "mobile_combustion", "gasoline",
	    10, "US gal", extra);
	snprintf(extra, sizeof(extra), "%s,\"vehicle\":\"passenger_car\","
	    "\"model_year\":2019", fac);
	refused("invalid_field", "distance", "mobile_combustion", "gasoline",
	    10, "US gal", extra);
	refused("invalid_field", "laden", "mobile_combustion",
	    "hgv_rigid_over_17t", 10, "km", "\"laden\":75");
	refused("invalid_field", "method", "mobile_combustion", "diesel", 10,
	    "l", "\"method\":\"distance\"");
	refused("invalid_field", "activity", "mobile_combustion", "hovercraft",
	    10, "l", NULL);
}
END_TEST

/* ---- electricity ---- */

START_TEST(electricity_uk)
{
	json_t		*res;
	const json_t	*loc, *mkt, *td;

	res = calc("electricity", "grid_electricity", 1000, "kWh", NULL);
	ck_assert_int_eq(json_array_size(res), 3);
	loc = result(res, 2, "location");
	mkt = result(res, 2, "market");
	td = result(res, 3, NULL);
	ck_assert_str_eq(str(loc, "factor.id"), UK_ELEC);
	near(col(DESNZ, UK_ELEC, C_CO2E), 0.20705, "published UK grid");
	near(num(loc, "co2e_kg"), 1000 * col(DESNZ, UK_ELEC, C_CO2E), "loc");
	near(num(loc, "gases.co2_kg"), 1000 * col(DESNZ, UK_ELEC, C_CO2),
	    "loc co2");
	/* No set ships a GB residual mix. */
	check_fallback(mkt, loc, "shipped for UK");
	ck_assert_str_eq(str(td, "factor.id"), UK_TD);
	ck_assert_int_eq(json_integer_value(json_object_get(td,
	    "scope3_category")), 3);
	near(col(DESNZ, UK_TD, C_CO2E), 0.0183, "published T&D");
	near(num(td, "co2e_kg"), 1000 * col(DESNZ, UK_TD, C_CO2E), "T&D");
	json_decref(res);

	/* GJ into kWh, T&D left out on request. */
	res = calc("electricity", "grid_electricity", 3.6, "GJ",
	    "\"include_tandd\":false");
	ck_assert_int_eq(json_array_size(res), 2);
	near(num(result(res, 2, "location"), "co2e_kg"), 1000 * col(DESNZ,
	    UK_ELEC, C_CO2E), "3.6 GJ");
	json_decref(res);

	/* AR6 restated from the gases. */
	res = calc("electricity", "grid_electricity", 1000, "kWh",
	    "\"gwp\":\"AR6\"");
	near(num(result(res, 2, "location"), "co2e_kg"), 1000 *
	    desnz_ar6(DESNZ, UK_ELEC), "UK grid AR6");
	json_decref(res);
}
END_TEST

START_TEST(electricity_market)
{
	json_t		*res;
	const json_t	*loc, *mkt;

	/* The supplier's factor beats the residual mix... */
	res = calc("electricity", "grid_electricity", 2, "MWh",
	    "\"supplier_factor\":0.1");
	loc = result(res, 2, "location");
	mkt = result(res, 2, "market");
	near(num(loc, "co2e_kg"), 2000 * col(DESNZ, UK_ELEC, C_CO2E), "loc");
	near(num(mkt, "co2e_kg"), 200, "supplier factor");
	ck_assert_str_eq(str(mkt, "factor.set"), "record");
	ck_assert_str_eq(str(mkt, "factor.id"), "record/supplier-factor");
	ck_assert_ptr_nonnull(strstr(str(mkt, "factor.source"), "supplier"));
	json_decref(res);

	/* ...an instrument beats both (Scope 2 Guidance Table 6.3). */
	res = calc("electricity", "grid_electricity", 1000, "kWh",
	    "\"supplier_factor\":0.1,\"instrument\":{\"type\":\"rego\","
	    "\"id\":\"R0001\"}");
	mkt = result(res, 2, "market");
	near(num(mkt, "co2e_kg"), 0, "REGO");
	ck_assert_str_eq(str(mkt, "factor.id"), "record/instrument/rego/R0001");
	ck_assert_ptr_nonnull(strstr(str(mkt, "factor.source"), "REGO"));
	near(num(result(res, 2, "location"), "co2e_kg"), 1000 * col(DESNZ,
	    UK_ELEC, C_CO2E), "location unchanged");
	json_decref(res);

	res = calc("electricity", "grid_electricity", 1000, "kWh",
	    "\"instrument\":{\"type\":\"ppa\",\"factor\":0.02}");
	near(num(result(res, 2, "market"), "co2e_kg"), 20, "PPA");
	json_decref(res);
}
END_TEST

START_TEST(electricity_us)
{
	char		 fac[80];
	json_t		*res;
	const json_t	*loc, *mkt;

	/* The facility's eGRID subregion, in MWh. */
	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_camx);
	near(col(EPA, EPA_CAMX, C_CO2), 497.443 * KG_PER_LB, "published CAMX");
	res = calc("electricity", "grid_electricity", 10, "MWh", "%s", fac);
	ck_assert_int_eq(json_array_size(res), 2);
	loc = result(res, 2, "location");
	ck_assert_str_eq(str(loc, "factor.id"), EPA_CAMX);
	near(num(loc, "co2e_kg"), 10 * col(EPA, EPA_CAMX, C_CO2E), "CAMX");
	near(num(loc, "co2e_kg"), 10 * epa_co2e(EPA_CAMX, "ipcc-ar5", 1),
	    "CAMX from gases");
	/* Market-based: the CRS residual mix of CAMX, in kWh. */
	mkt = result(res, 2, "market");
	check_residual(mkt, CRS_CAMX, 10000);
	ck_assert_str_eq(str(mkt, "factor.set"), "crs-residual-2025");
	ck_assert_ptr_nonnull(strstr(str(mkt, "factor.source"),
	    "Center for Resource Solutions"));
	near(col(CRS, CRS_CAMX, C_CO2E), 434.2188489 * KG_PER_LB / 1000,
	    "published CAMX residual mix");
	near(num(mkt, "co2e_kg"), 10000 * 434.2188489 * KG_PER_LB / 1000,
	    "CAMX residual, from the published rate");
	/*
	 * Not compared with the location result: the residual mix is of
	 * 2023 data (eGRID2023), the grid average eGRID2022, and for CAMX
	 * the 2023 residual mix is below the 2022 average.
	 */
	json_decref(res);

	/*
	 * AR6: the location result is restated from the gases; the residual
	 * mix gives CO2e only, so it stays as published (AR5) and says so.
	 */
	res = calc("electricity", "grid_electricity", 10000, "kWh",
	    "%s,\"gwp\":\"AR6\"", fac);
	near(num(result(res, 2, "location"), "co2e_kg"), 10 *
	    epa_co2e(EPA_CAMX, "ipcc-ar6", 1), "CAMX AR6");
	mkt = result(res, 2, "market");
	check_residual(mkt, CRS_CAMX, 10000);
	ck_assert_msg(strstr(str(mkt, "note"), "kept in AR5") != NULL,
	    "note: %s", str(mkt, "note"));
	json_decref(res);

	/* A certificate or the supplier's factor still wins over it. */
	res = calc("electricity", "grid_electricity", 10, "MWh",
	    "%s,\"supplier_factor\":0.25", fac);
	near(num(result(res, 2, "market"), "co2e_kg"), 2500, "supplier");
	json_decref(res);
	res = calc("electricity", "grid_electricity", 10, "MWh",
	    "%s,\"instrument\":{\"type\":\"rec\"}", fac);
	near(num(result(res, 2, "market"), "co2e_kg"), 0, "REC");
	json_decref(res);

	/* No subregion: the US average. */
	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_us);
	res = calc("electricity", "grid_electricity", 1, "MWh", "%s", fac);
	loc = result(res, 2, "location");
	ck_assert_str_eq(str(loc, "factor.id"), EPA_USAVG);
	near(num(loc, "co2e_kg"), col(EPA, EPA_USAVG, C_CO2E), "US average");
	/* Residual mixes are per subregion: none without one. */
	check_fallback(result(res, 2, "market"), loc, "per grid region");
	json_decref(res);
}
END_TEST

START_TEST(electricity_refused)
{
	refused("invalid_field", "instrument.type", "electricity",
	    "grid_electricity", 1, "kWh", "\"instrument\":{\"type\":\"x\"}");
	refused("invalid_field", "instrument.factor", "electricity",
	    "grid_electricity", 1, "kWh", "\"instrument\":{\"type\":\"ppa\"}");
	refused("invalid_field", "supplier_factor", "electricity",
	    "grid_electricity", 1, "kWh", "\"supplier_factor\":-0.1");
	refused("invalid_field", "include_tandd", "electricity",
	    "grid_electricity", 1, "kWh", "\"include_tandd\":\"yes\"");
	refused("invalid_field", "activity", "electricity", "moonlight", 1,
	    "kWh", NULL);
	refused("unit_mismatch", "unit", "electricity", "grid_electricity", 1,
	    "l", NULL);
}
END_TEST

/* ---- heat and steam ---- */

START_TEST(heat_steam)
{
	char		 fac[80];
	json_t		*res;
	const json_t	*loc, *mkt, *td;
	double		 mmbtu = 1000 / KWH_PER_MMBTU;

	res = calc("heat_steam", "heat_and_steam", 1000, "kWh", NULL);
	ck_assert_int_eq(json_array_size(res), 2);
	loc = result(res, 2, "location");
	mkt = result(res, 2, "market");
	near(col(DESNZ, HEAT, C_CO2E), 0.17965, "published heat");
	near(num(loc, "co2e_kg"), 1000 * col(DESNZ, HEAT, C_CO2E), "heat");
	near(num(mkt, "co2e_kg"), num(loc, "co2e_kg"), "market = location");
	ck_assert_ptr_nonnull(strstr(str(mkt, "note"), "no supplier factor"));
	json_decref(res);

	/* District heat: its distribution losses, scope 3 category 3. */
	res = calc("heat_steam", "district_heating", 1, "MWh", NULL);
	ck_assert_int_eq(json_array_size(res), 3);
	ck_assert_str_eq(str(result(res, 2, "location"), "factor.id"), DHEAT);
	td = result(res, 3, NULL);
	ck_assert_str_eq(str(td, "factor.id"), DHEAT_TD);
	near(col(DESNZ, DHEAT_TD, C_CO2E), 0.00946, "published losses");
	near(num(td, "co2e_kg"), 1000 * col(DESNZ, DHEAT_TD, C_CO2E), "loss");
	json_decref(res);

	/* A supplier factor makes the market result. */
	res = calc("heat_steam", "heat_and_steam", 1000, "kWh",
	    "\"supplier_factor\":0.05");
	near(num(result(res, 2, "market"), "co2e_kg"), 50, "supplier heat");
	near(num(result(res, 2, "location"), "co2e_kg"), 1000 * col(DESNZ,
	    HEAT, C_CO2E), "location heat");
	json_decref(res);

	/* EPA Table 7, kWh into mmBtu, AR5 then AR6. */
	snprintf(fac, sizeof(fac), "\"facility_id\":\"%s\"", fac_us);
	near(col(EPA, EPA_STEAM, C_CO2), 66.33, "published steam");
	res = calc("heat_steam", "steam", 1000, "kWh", "%s", fac);
	loc = result(res, 2, "location");
	ck_assert_str_eq(str(loc, "factor.id"), EPA_STEAM);
	near(num(loc, "co2e_kg"), mmbtu * epa_co2e(EPA_STEAM, "ipcc-ar5", 1),
	    "steam AR5");
	json_decref(res);
	res = calc("heat_steam", "steam", 10, "mmBtu", "%s,\"gwp\":\"AR6\"",
	    fac);
	near(num(result(res, 2, "market"), "co2e_kg"), 10 *
	    epa_co2e(EPA_STEAM, "ipcc-ar6", 1), "steam AR6");
	json_decref(res);

	refused("invalid_field", "supplier_factor", "heat_steam",
	    "heat_and_steam", 1, "kWh", "\"supplier_factor\":\"low\"");
	refused("invalid_field", "activity", "heat_steam", "geothermal", 1,
	    "kWh", NULL);
}
END_TEST

/* ---- refrigerants ---- */

START_TEST(refrigerants_leaked)
{
	json_t		*res;
	const json_t	*r;

	near(gwp("ipcc-ar5", "r-410a"), 1924, "published R-410A");
	near(gwp("ipcc-ar5", "hfc-134a"), 1300, "published HFC-134a");
	near(gwp("ipcc-ar5", "sf6"), 23500, "published SF6");

	res = calc("refrigerants", "R-410A", 10, "kg", NULL);
	r = json_array_get(res, 0);
	near(num(r, "co2e_kg"), 10 * gwp("ipcc-ar5", "r-410a"), "R-410A");
	near(num(r, "gases.r-410a_kg"), 10, "gas mass");
	ck_assert_str_eq(str(r, "factor.id"), "ipcc-ar5/gwp100/r-410a");
	ck_assert_str_eq(str(r, "tier"), "calculated");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "scope")), 1);
	json_decref(res);

	res = calc("refrigerants", "R-410A", 10, "kg", "\"gwp\":\"AR6\"");
	r = json_array_get(res, 0);
	near(num(r, "co2e_kg"), 10 * gwp("ipcc-ar6", "r-410a"), "R-410A AR6");
	ck_assert_str_eq(str(r, "factor.id"), "ipcc-ar6/gwp100/r-410a");
	json_decref(res);

	/* Weighed: the measured tier; lb into kg; R numbers of gases. */
	res = calc("refrigerants", "HFC-134a", 2, "kg", "\"measured\":true");
	r = json_array_get(res, 0);
	ck_assert_str_eq(str(r, "tier"), "measured");
	near(num(r, "co2e_kg"), 2 * 1300, "HFC-134a");
	json_decref(res);
	res = calc("refrigerants", "SF6", 10, "lb", NULL);
	near(num(json_array_get(res, 0), "co2e_kg"), 10 * KG_PER_LB * 23500,
	    "SF6 lb");
	json_decref(res);
	res = calc("refrigerants", "R-32", 1, "kg", NULL);
	r = json_array_get(res, 0);
	near(num(r, "co2e_kg"), gwp("ipcc-ar5", "hfc-32"), "R-32");
	near(num(r, "gases.hfc-32_kg"), 1, "R-32 as HFC-32");
	json_decref(res);
}
END_TEST

START_TEST(refrigerants_balance_and_screening)
{
	json_t		*res;
	const json_t	*r;
	double		 g134 = gwp("ipcc-ar5", "hfc-134a");
	double		 g404 = gwp("ipcc-ar5", "r-404a");

	/* (100 - 80) + 30 - 5 - 10 = 35 kg. */
	res = calc("refrigerants", "HFC-134a", 0, "kg", "\"method\":"
	    "\"mass_balance\",\"inventory_start_kg\":100,\"inventory_end_kg\":"
	    "80,\"purchased_kg\":30,\"recovered_kg\":5,"
	    "\"capacity_increase_kg\":10");
	r = json_array_get(res, 0);
	near(num(r, "quantity.value"), 35, "balance kg");
	near(num(r, "co2e_kg"), 35 * g134, "balance");
	ck_assert_str_eq(str(r, "tier"), "calculated");
	json_decref(res);
	/* Recovered and capacity increase default to 0; AR6. */
	res = calc("refrigerants", "HFC-134a", 0, "kg", "\"method\":"
	    "\"mass_balance\",\"inventory_start_kg\":100,\"inventory_end_kg\":"
	    "80,\"purchased_kg\":30,\"gwp\":\"AR6\"");
	near(num(json_array_get(res, 0), "co2e_kg"), 50 * gwp("ipcc-ar6",
	    "hfc-134a"), "balance AR6");
	json_decref(res);

	/* Screening: 50 kg x 10 %/yr over the whole of 2024. */
	res = calc("refrigerants", "R-404A", 0, "kg", "\"method\":"
	    "\"screening\",\"charge_kg\":50,\"annual_leak_rate\":0.1");
	r = json_array_get(res, 0);
	near(num(r, "quantity.value"), 5, "screening kg");
	near(num(r, "co2e_kg"), 5 * g404, "screening");
	ck_assert_str_eq(str(r, "tier"), "estimated");
	json_decref(res);
	/* Three months given. */
	res = calc("refrigerants", "R-404A", 0, "kg", "\"method\":"
	    "\"screening\",\"charge_kg\":50,\"annual_leak_rate\":0.1,"
	    "\"months\":3");
	near(num(json_array_get(res, 0), "co2e_kg"), 1.25 * g404, "3 months");
	json_decref(res);
}
END_TEST

START_TEST(refrigerants_refused)
{
	long	 st;
	char	*body;
	json_t	*j;

	refused("invalid_field", "inventory_end_kg", "refrigerants",
	    "HFC-134a", 0, "kg", "\"method\":\"mass_balance\","
	    "\"inventory_start_kg\":10,\"inventory_end_kg\":50,"
	    "\"purchased_kg\":5");
	refused("invalid_field", "purchased_kg", "refrigerants", "HFC-134a",
	    0, "kg", "\"method\":\"mass_balance\",\"inventory_start_kg\":10,"
	    "\"inventory_end_kg\":5");
	refused("invalid_field", "annual_leak_rate", "refrigerants", "R-404A",
	    0, "kg", "\"method\":\"screening\",\"charge_kg\":50");
	refused("invalid_field", "annual_leak_rate", "refrigerants", "R-404A",
	    0, "kg", "\"method\":\"screening\",\"charge_kg\":50,"
	    "\"annual_leak_rate\":1.5");
	refused("invalid_field", "method", "refrigerants", "R-404A", 1, "kg",
	    "\"method\":\"guess\"");
	refused("invalid_field", "activity", "refrigerants", "R-9999", 1, "kg",
	    NULL);
	/* An HCFC is outside the Kyoto basket of the scopes. */
	refused("invalid_field", "activity", "refrigerants", "R-22", 1, "kg",
	    NULL);
	refused("unit_mismatch", "unit", "refrigerants", "R-404A", 1, "l",
	    NULL);

	/* In a batch the field names the record. */
	body = strdup("{\"records\":[{\"category\":\"refrigerants\","
	    "\"activity\":\"R-404A\",\"quantity\":1,\"unit\":\"kg\","
	    "\"period_start\":\"2024-01-01\",\"period_end\":\"2024-01-31\"},"
	    "{\"category\":\"refrigerants\",\"activity\":\"R-404A\","
	    "\"quantity\":0,\"unit\":\"kg\",\"period_start\":\"2024-01-01\","
	    "\"period_end\":\"2024-01-31\",\"method\":\"screening\"}]}");
	j = call("POST", "/api/calculate", body, &st);
	ck_assert_int_eq(st, 422);
	ck_assert_str_eq(str(j, "error.field"), "records[1].charge_kg");
	json_decref(j);
	free(body);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("calc_energy");
	tc = tcase_create("calculators");
	tcase_set_timeout(tc, 180);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, described);
	tcase_add_test(tc, stationary_desnz);
	tcase_add_test(tc, stationary_epa);
	tcase_add_test(tc, stationary_refused);
	tcase_add_test(tc, mobile_desnz);
	tcase_add_test(tc, mobile_epa);
	tcase_add_test(tc, mobile_refused);
	tcase_add_test(tc, electricity_uk);
	tcase_add_test(tc, electricity_market);
	tcase_add_test(tc, electricity_us);
	tcase_add_test(tc, electricity_refused);
	tcase_add_test(tc, heat_steam);
	tcase_add_test(tc, refrigerants_leaked);
	tcase_add_test(tc, refrigerants_balance_and_screening);
	tcase_add_test(tc, refrigerants_refused);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
