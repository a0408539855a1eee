/*
 * The scope 3 calculators (business_travel, employee_commuting,
 * purchased_goods_spend, waste) against the real stack: POST
 * /api/calculate.  Expected values are computed here from the shipped
 * factor rows (the conf/factors CSV files, read with the host's CSV
 * reader) and the stated arithmetic; a few are typed in from the
 * published documents to check the rows themselves.  Every result must
 * be scope 3 with its category's number; bad records get a 422 naming
 * the code and field.
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

#define D24		"uk-desnz-2024.csv"
#define EPA		"us-epa-hub-2024.csv"
#define USEEIO		"us-epa-useeio-v1.3.csv"
#define GWPS		"ipcc-gwp.csv"
#define PERIOD		"\"period_start\":\"2024-01-01\"," \
			"\"period_end\":\"2024-12-31\""

/* Columns of the factor files (conf/factors/README.md). */
#define COL_CO2E	4
#define COL_CO2		5
#define COL_CH4		6
#define COL_N2O		7
#define COL_SOURCE	12

/* International mile: 1.609344 km exactly (1959 yard and pound
   agreement; NIST Handbook 44, Appendix C). */
#define KM_PER_MI	1.609344
/* Short ton: 2000 lb x 0.45359237 kg = 907.18474 kg exactly (same). */
#define T_PER_SHORT_TON	0.90718474

/*
 * Reference values typed in from the published documents (not from the
 * shipped CSV files, which the tests compare against them):
 *
 * UK Government GHG Conversion Factors for Company Reporting 2024, full
 * set for advanced users, version 1.1
 * (ghg-conversion-factors-2024-full_set__for_advanced_users__v1_1.xlsx,
 * sha256 558116ed...da859, the copy named in conf/factors/SOURCES.md):
 *   sheet "Business travel- air", Flights, Long-haul to/from UK, Business
 *   class, passenger.km, With RF, kg CO2e (cell E30): 0.58028;
 *   sheet "Hotel stay", UK, Room per night, kg CO2e (cell D22): 10.4;
 *   sheet "Waste disposal", Refuse, Household residual waste, tonnes,
 *   Landfill, kg CO2e (cell I48): 497.04416.
 * US EPA Supply Chain Greenhouse Gas Emission Factors for US Industries
 * and Commodities v1.3.0
 * (SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv), NAICS
 * 337122 Nonupholstered Wood Household Furniture Manufacturing, "Supply
 * Chain Emission Factors with Margins": 0.178 kg CO2e per 2022 USD
 * (0.121 without margins + 0.057 margins; Climatiq's republication of
 * dataset v1.3 gives the same 0.178).
 */
#define REF_LONG_HAUL_BUSINESS_RF	0.58028
#define REF_HOTEL_UK			10.4
#define REF_HOUSEHOLD_LANDFILL		497.04416
#define REF_USEEIO_337122		0.178

/*
 * US BLS CPI-U, U.S. city average, all items, annual averages (series
 * CUUR0000SA0): the deflator the host's units module applies to dollars
 * of another year.
 */
#define CPI_U_2019	255.657
#define CPI_U_2022	292.655

#define AIR	"business-travel-air/flights/"
#define LAND	"business-travel-land/"
#define T10	"business-travel-and-commuting/"

static struct services	svc;
static struct host	h;
static struct h_account	a;
static char		us_facility[48];	/* a facility in the US */

static json_t *
call(const char *method, const char *path, const char *body, long *status)
{
	return (h_call_json(&h, method, path, a.access, body, status));
}

static void
suite_up(void)
{
	json_t	*j;
	long	 st;

	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Scope Three Co", "owner@scope3.example", &a);
	j = call("POST", "/api/facilities", "{\"name\":\"Chicago office\","
	    "\"country\":\"US\"}", &st);
	ck_assert_int_eq(st, 201);
	snprintf(us_facility, sizeof(us_facility), "%s",
	    json_string_value(json_object_get(j, "id")));
	json_decref(j);
	ck_assert_int_eq(strlen(us_facility), 36);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* A number of a shipped factor row; fails the test when absent. */
static double
col(const char *file, const char *id, int column)
{
	double	v = h_factor(file, id, column);

	ck_assert_msg(isfinite(v), "%s: no column %d for %s", file, column,
	    id);
	return (v);
}

static double
gwp(const char *set, const char *gas)
{
	char	id[64];

	snprintf(id, sizeof(id), "ipcc-%s/gwp100/%s", set, gas);
	return (col(GWPS, id, COL_CO2E));
}

/*
 * A DESNZ row's kg CO2e per unit restated in AR6: its CH4 and N2O
 * columns are kg CO2e at the AR5 GWPs (README), so divide by those and
 * multiply by AR6's.
 */
static double
desnz_ar6(const char *id)
{
	return (col(D24, id, COL_CO2) +
	    col(D24, id, COL_CH4) / gwp("ar5", "ch4") * gwp("ar6", "ch4") +
	    col(D24, id, COL_N2O) / gwp("ar5", "n2o") * gwp("ar6", "n2o"));
}

/* An EPA Hub row in AR6: its gas columns are kg of each gas. */
static double
epa_ar6(const char *id)
{
	return (col(EPA, id, COL_CO2) +
	    col(EPA, id, COL_CH4) * gwp("ar6", "ch4") +
	    col(EPA, id, COL_N2O) * gwp("ar6", "n2o"));
}

static void
near(double got, double want, const char *what)
{
	ck_assert_msg(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)),
	    "%s: got %.12g, want %.12g", what, got, want);
}

static double
num(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_number(v), "no number %s", key);
	return (json_number_value(v));
}

static const char *
str(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_string(v), "no string %s", key);
	return (json_string_value(v));
}

/* The body of one record of `category` for 2024; `extra` is ",..." */
static char *
record(const char *category, const char *activity, double quantity,
    const char *unit, const char *extra)
{
	char	*b;

	ck_assert_int_ne(asprintf(&b, "{\"category\":\"%s\",\"activity\":"
	    "\"%s\",\"quantity\":%.17g,\"unit\":\"%s\"," PERIOD "%s}",
	    category, activity, quantity, unit, extra ? extra : ""), -1);
	return (b);
}

/*
 * POST one record; its one result (decref it), after checking what every
 * scope 3 result must carry.
 */
static json_t *
result(int cat, const char *category, const char *activity,
    double quantity, const char *unit, const char *extra)
{
	json_t	*j, *res, *r;
	char	*body, *dump;
	long	 st;

	body = record(category, activity, quantity, unit, extra);
	j = call("POST", "/api/calculate", body, &st);
	dump = json_dumps(j, JSON_COMPACT);
	ck_assert_msg(st == 200, "%s -> %ld %s", body, st, dump);
	res = json_object_get(json_array_get(json_object_get(j, "records"),
	    0), "results");
	ck_assert_msg(json_array_size(res) == 1, "%s", dump);
	r = json_incref(json_array_get(res, 0));
	ck_assert_int_eq(num(r, "scope"), 3);
	ck_assert_msg(num(r, "scope3_category") == cat, "%s: category %g",
	    activity, num(r, "scope3_category"));
	ck_assert_str_eq(str(r, "category"), category);
	ck_assert_str_eq(str(json_object_get(r, "calculator"), "name"),
	    category);
	ck_assert_str_eq(str(json_object_get(r, "calculator"), "version"),
	    "1.0.0");
	ck_assert_ptr_nonnull(json_object_get(r, "note"));
	free(dump);
	free(body);
	json_decref(j);
	return (r);
}

/* The result's factor id and value, its quantity and its CO2e. */
static void
expect(const json_t *r, const char *id, double value, double quantity,
    const char *qunit)
{
	const json_t	*f = json_object_get(r, "factor"),
			*q = json_object_get(r, "quantity");

	ck_assert_str_eq(str(f, "id"), id);
	near(num(f, "value"), value, id);
	near(num(q, "value"), quantity, "quantity");
	ck_assert_str_eq(str(q, "unit"), qunit);
	near(num(r, "co2e_kg"), quantity * value, "co2e_kg");
}

static double
gas(const json_t *r, const char *name)
{
	return (num(json_object_get(r, "gases"), name));
}

/* POST one record; it must be refused 422 with code and field. */
static void
refused(const char *category, const char *activity, double quantity,
    const char *unit, const char *extra, const char *code,
    const char *field, const char *says)
{
	json_t	*j, *e;
	char	*body, *dump;
	long	 st;

	body = record(category, activity, quantity, unit, extra);
	j = call("POST", "/api/calculate", body, &st);
	dump = json_dumps(j, JSON_COMPACT);
	ck_assert_msg(st == 422, "%s -> %ld %s", body, st, dump);
	e = json_object_get(j, "error");
	ck_assert_msg(strcmp(str(e, "code"), code) == 0, "%s", dump);
	ck_assert_msg(strcmp(str(e, "field"), field) == 0, "%s", dump);
	if (says != NULL)
		ck_assert_msg(strstr(str(e, "message"), says) != NULL,
		    "%s: no \"%s\"", dump, says);
	free(dump);
	free(body);
	json_decref(j);
}

static char *
at_us(const char *more)
{
	char	*s;

	ck_assert_int_ne(asprintf(&s, ",\"facility_id\":\"%s\"%s",
	    us_facility, more ? more : ""), -1);
	return (s);
}

START_TEST(calculators_listed)
{
	static const struct {
		const char	*name;
		int		 cat;
	} want[] = {
		{ "business_travel", 6 }, { "employee_commuting", 7 },
		{ "purchased_goods_spend", 1 }, { "waste", 5 },
	};
	json_t	*j, *c;
	size_t	 i, k;
	long	 st;
	int	 found;

	j = call("GET", "/api/calculators", NULL, &st);
	ck_assert_int_eq(st, 200);
	for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		found = 0;
		json_array_foreach(j, i, c) {
			if (strcmp(str(c, "name"), want[k].name) != 0)
				continue;
			found = 1;
			ck_assert_int_eq(num(c, "scope"), 3);
			ck_assert_int_eq(num(c, "scope3_category"), want[k].cat);
			ck_assert_int_gt(json_array_size(json_object_get(c,
			    "activities")), 10);
		}
		ck_assert_msg(found, "calculator %s not listed", want[k].name);
	}
	json_decref(j);
}
END_TEST

/* The shipped rows hold the published numbers typed in above. */
START_TEST(rows_match_documents)
{
	ck_assert(col(D24, "desnz-2024/" AIR "long-haul-to-from-uk/"
	    "business-class/with-rf/passenger.km", COL_CO2E) ==
	    REF_LONG_HAUL_BUSINESS_RF);
	ck_assert(col(D24, "desnz-2024/hotel-stay/hotel-stay/uk/"
	    "room-per-night", COL_CO2E) == REF_HOTEL_UK);
	ck_assert(col(D24, "desnz-2024/waste-disposal/refuse/"
	    "household-residual-waste/landfill/tonnes", COL_CO2E) ==
	    REF_HOUSEHOLD_LANDFILL);
	ck_assert(col(USEEIO, "useeio-v1.3/commodity/337122/usd-2022",
	    COL_CO2E) == REF_USEEIO_337122);
}
END_TEST

START_TEST(business_travel_air)
{
	const char	*rf = "desnz-2024/" AIR "long-haul-to-from-uk/"
			    "business-class/with-rf/passenger.km";
	const char	*norf = "desnz-2024/" AIR "long-haul-to-from-uk/"
			    "business-class/without-rf/passenger.km";
	const char	*us = "epa-hub-2024/" T10 "air-travel-long-haul-ge-"
			    "2300-miles/passenger-mile";
	json_t		*r, *r5;
	char		*x;

	/* Published document: 1000 passenger.km x 0.58028 (with RF). */
	r = result(6, "business_travel", "air_long_haul_business", 1000,
	    "passenger.km", NULL);
	expect(r, rf, REF_LONG_HAUL_BUSINESS_RF, 1000, "passenger.km");
	near(num(r, "co2e_kg"), 580.28, "reference flight");
	near(gas(r, "co2_kg"), 1000 * col(D24, rf, COL_CO2), "co2");
	json_decref(r);

	/* Without RF, in passenger-miles: AR5 as published, AR6 restated. */
	r5 = result(6, "business_travel", "air_long_haul_business", 1000,
	    "passenger-mile", ",\"radiative_forcing\":false,\"gwp\":\"AR5\"");
	expect(r5, norf, col(D24, norf, COL_CO2E), 1000 * KM_PER_MI,
	    "passenger.km");
	r = result(6, "business_travel", "air_long_haul_business", 1000,
	    "passenger-mile", ",\"radiative_forcing\":false,\"gwp\":\"AR6\"");
	expect(r, norf, desnz_ar6(norf), 1000 * KM_PER_MI, "passenger.km");
	ck_assert_str_eq(str(r, "gwp"), "AR6");
	ck_assert(num(r, "co2e_kg") != num(r5, "co2e_kg"));
	near(gas(r, "n2o_kg"), 1000 * KM_PER_MI * col(D24, norf, COL_N2O) /
	    gwp("ar5", "n2o"), "n2o mass");
	json_decref(r);
	json_decref(r5);

	/* EPA Hub Table 10 for a US facility: passenger.km to miles. */
	x = at_us(",\"radiative_forcing\":false");
	r = result(6, "business_travel", "air_us_long_haul", 5000,
	    "passenger.km", x);
	expect(r, us, col(EPA, us, COL_CO2E), 5000 / KM_PER_MI,
	    "passenger-mile");
	json_decref(r);
	free(x);
}
END_TEST

START_TEST(business_travel_land_and_hotel)
{
	const char	*car = "desnz-2024/" LAND "cars-by-size/medium-car/"
			    "diesel/km";
	const char	*rail = "desnz-2024/" LAND "rail/national-rail/"
			    "passenger.km";
	const char	*uscar = "epa-hub-2024/" T10 "passenger-car/"
			    "vehicle-mile";
	const char	*hotel = "desnz-2024/hotel-stay/hotel-stay/uk/"
			    "room-per-night";
	json_t		*r;
	char		*x;

	/* 250 miles in a medium diesel car: the km row, miles converted. */
	r = result(6, "business_travel", "car_medium_diesel", 250, "mi",
	    NULL);
	expect(r, car, col(D24, car, COL_CO2E), 250 * KM_PER_MI, "km");
	json_decref(r);

	r = result(6, "business_travel", "rail_national", 420,
	    "passenger.km", ",\"gwp\":\"AR6\"");
	expect(r, rail, desnz_ar6(rail), 420, "passenger.km");
	json_decref(r);

	/* Published document: 3 room nights in the UK x 10.4. */
	r = result(6, "business_travel", "hotel_uk", 3, "room-night", NULL);
	expect(r, hotel, REF_HOTEL_UK, 3, "Room per night");
	near(num(r, "co2e_kg"), 31.2, "reference hotel");
	json_decref(r);

	/* A US facility: EPA's passenger car per vehicle-mile (a car's km
	   are its vehicle km), restated in AR6 from the gas masses. */
	x = at_us(",\"gwp\":\"AR6\"");
	r = result(6, "business_travel", "car_average_unknown", 100, "km", x);
	expect(r, uscar, epa_ar6(uscar), 100 / KM_PER_MI, "vehicle-mile");
	json_decref(r);
	free(x);

	/* ...and a hotel follows its country, not the company's region. */
	x = at_us(NULL);
	r = result(6, "business_travel", "hotel_united_states", 2,
	    "room-night", x);
	expect(r, "desnz-2024/hotel-stay/hotel-stay/united-states/"
	    "room-per-night", col(D24, "desnz-2024/hotel-stay/hotel-stay/"
	    "united-states/room-per-night", COL_CO2E), 2, "Room per night");
	json_decref(r);
	free(x);
}
END_TEST

START_TEST(employee_commuting)
{
	const char	*car = "desnz-2024/" LAND "cars-by-size/small-car/"
			    "petrol/km";
	const char	*bus = "desnz-2024/" LAND "bus/average-local-bus/"
			    "passenger.km";
	const char	*rail = "epa-hub-2024/" T10 "commuter-rail/"
			    "passenger-mile";
	const char	*home = "desnz-2024/homeworking/homeworking-office-"
			    "equipment-plus-heating/per-fte-working-hour";
	json_t		*r, *r5;
	char		*x;

	/* 20 km a day for 220 days. */
	r = result(7, "employee_commuting", "car_small_petrol", 4400, "km",
	    NULL);
	expect(r, car, col(D24, car, COL_CO2E), 4400, "km");
	json_decref(r);

	/* Bus in passenger-miles, AR5 and AR6. */
	r5 = result(7, "employee_commuting", "bus", 1200, "passenger-mile",
	    NULL);
	expect(r5, bus, col(D24, bus, COL_CO2E), 1200 * KM_PER_MI,
	    "passenger.km");
	r = result(7, "employee_commuting", "bus", 1200, "passenger-mile",
	    ",\"gwp\":\"AR6\"");
	expect(r, bus, desnz_ar6(bus), 1200 * KM_PER_MI, "passenger.km");
	ck_assert(num(r, "co2e_kg") != num(r5, "co2e_kg"));
	json_decref(r);
	json_decref(r5);

	/* A US commuter train, EPA gas masses, AR6. */
	x = at_us(",\"gwp\":\"AR6\"");
	r = result(7, "employee_commuting", "rail_commuter", 3000,
	    "passenger-mile", x);
	expect(r, rail, epa_ar6(rail), 3000, "passenger-mile");
	near(gas(r, "ch4_kg"), 3000 * col(EPA, rail, COL_CH4), "ch4 mass");
	json_decref(r);
	free(x);

	r = result(7, "employee_commuting", "homeworking", 1600,
	    "per FTE Working Hour", NULL);
	expect(r, home, col(D24, home, COL_CO2E), 1600,
	    "per FTE Working Hour");
	json_decref(r);

	/* Cycling: nothing, in the converted distance, said so. */
	r = result(7, "employee_commuting", "bicycle", 10, "mi", NULL);
	expect(r, "none/active-travel/km", 0, 10 * KM_PER_MI, "km");
	ck_assert_ptr_nonnull(strstr(str(r, "note"), "no emissions"));
	json_decref(r);
}
END_TEST

START_TEST(purchased_goods_spend)
{
	const char	*office = "useeio-v1.3/commodity/339940/usd-2022";
	const char	*prog = "useeio-v1.3/commodity/541511/usd-2022";
	const char	*paper = "desnz-2024/material-use/paper/paper-and-"
			    "board-paper/primary-material-production/tonnes";
	json_t		*r;
	char		 src[1024];

	r = result(1, "purchased_goods_spend", "office_supplies", 12500,
	    "USD (2022)", NULL);
	expect(r, office, col(USEEIO, office, COL_CO2E), 12500, "USD (2022)");
	ck_assert_str_eq(str(r, "tier"), "spend_based");
	/* The source document whole: USEEIO's names its file after 160
	   characters, which a cut would drop from the provenance. */
	ck_assert_int_eq(h_factor_col(USEEIO, office, COL_SOURCE, src,
	    sizeof(src)), 0);
	ck_assert_uint_gt(strlen(src), 160);
	ck_assert_str_eq(str(json_object_get(r, "factor"), "source"), src);
	json_decref(r);

	/* Published document: a NAICS code as the activity, x 0.178. */
	r = result(1, "purchased_goods_spend", "337122", 1000, "USD (2022)",
	    NULL);
	expect(r, "useeio-v1.3/commodity/337122/usd-2022", REF_USEEIO_337122,
	    1000, "USD (2022)");
	near(num(r, "co2e_kg"), 178, "reference spend");
	json_decref(r);

	/* USEEIO gives CO2e only: AR6 keeps the published AR5 value. */
	r = result(1, "purchased_goods_spend", "541511", 2500, "USD (2022)",
	    ",\"gwp\":\"AR6\"");
	expect(r, prog, col(USEEIO, prog, COL_CO2E), 2500, "USD (2022)");
	ck_assert_str_eq(str(r, "gwp"), "AR6");
	ck_assert_str_eq(str(json_object_get(r, "factor"), "gwp"), "AR5");
	ck_assert_int_eq(json_object_size(json_object_get(r, "gases")), 0);
	json_decref(r);

	/* Dollars of 2019 brought to 2022 by the CPI-U. */
	r = result(1, "purchased_goods_spend", "software_development", 1000,
	    "USD (2019)", NULL);
	expect(r, prog, col(USEEIO, prog, COL_CO2E),
	    1000 * CPI_U_2022 / CPI_U_2019, "USD (2022)");
	json_decref(r);

	/* Material bought by mass: kg to tonnes, DESNZ material use. */
	r = result(1, "purchased_goods_spend", "paper_and_board_paper_primary",
	    750, "kg", NULL);
	expect(r, paper, col(D24, paper, COL_CO2E), 0.75, "tonnes");
	ck_assert_str_eq(str(r, "tier"), "calculated");
	json_decref(r);
}
END_TEST

START_TEST(waste)
{
	const char	*landfill = "desnz-2024/waste-disposal/refuse/"
			    "household-residual-waste/landfill/tonnes";
	const char	*paper = "desnz-2024/waste-disposal/paper/paper-and-"
			    "board-paper/closed-loop/tonnes";
	const char	*ad = "desnz-2024/waste-disposal/refuse/organic-food-"
			    "and-drink-waste/anaerobic-digestion/tonnes";
	const char	*burn = "desnz-2024/waste-disposal/refuse/"
			    "household-residual-waste/combustion/tonnes";
	json_t		*r;
	char		*x;

	/* Published document: 2 t to landfill x 497.04416. */
	r = result(5, "waste", "household_residual_waste", 2, "t",
	    ",\"treatment\":\"landfill\"");
	expect(r, landfill, REF_HOUSEHOLD_LANDFILL, 2, "tonnes");
	near(num(r, "co2e_kg"), 994.08832, "reference landfill");
	json_decref(r);

	/* A combined activity, in kg. */
	r = result(5, "waste", "paper_and_board_paper_recycling_closed_loop",
	    750, "kg", NULL);
	expect(r, paper, col(D24, paper, COL_CO2E), 0.75, "tonnes");
	json_decref(r);

	/* Short tons to tonnes. */
	r = result(5, "waste", "organic_food_and_drink_waste", 3, "short ton",
	    ",\"treatment\":\"anaerobic_digestion\",\"gwp\":\"AR6\"");
	expect(r, ad, col(D24, ad, COL_CO2E), 3 * T_PER_SHORT_TON, "tonnes");
	json_decref(r);

	/* A US company still gets DESNZ: no other waste factors ship. */
	x = at_us(",\"treatment\":\"combustion\"");
	r = result(5, "waste", "household_residual_waste", 1500, "kg", x);
	expect(r, burn, col(D24, burn, COL_CO2E), 1.5, "tonnes");
	json_decref(r);
	free(x);
}
END_TEST

START_TEST(bad_records_refused)
{
	char	*x;

	/* Unknown activities. */
	refused("business_travel", "air_to_the_moon", 1, "passenger.km", NULL,
	    "invalid_field", "activity", "air_to_the_moon");
	refused("employee_commuting", "teleporter", 1, "km", NULL,
	    "invalid_field", "activity", "teleporter");
	refused("waste", "kryptonite", 1, "t", ",\"treatment\":\"landfill\"",
	    "invalid_field", "activity", "kryptonite");
	refused("purchased_goods_spend", "999999", 100, "USD (2022)", NULL,
	    "unknown_activity", "activity", "999999");
	/* An EPA-only activity for a UK company names the families. */
	refused("employee_commuting", "light_duty_truck", 10, "vehicle-mile",
	    NULL, "invalid_field", "activity", "epa-hub");

	/* Treatments: none given, unknown, and one DESNZ does not give. */
	refused("waste", "household_residual_waste", 1, "t", NULL,
	    "invalid_field", "treatment", "landfill, combustion");
	refused("waste", "household_residual_waste", 1, "t",
	    ",\"treatment\":\"burning\"", "invalid_field", "treatment",
	    "burning");
	refused("waste", "household_residual_waste", 1, "t",
	    ",\"treatment\":\"composting\"", "invalid_field", "treatment",
	    "it gives: landfill, combustion");
	refused("waste", "household_residual_waste_landfill", 1, "t",
	    ",\"treatment\":\"combustion\"", "invalid_field", "treatment",
	    "contradicts");

	/* Money: no year, a year the units module cannot bring to 2022,
	   another currency, and money for a material bought by mass. */
	refused("purchased_goods_spend", "office_supplies", 100, "USD", NULL,
	    "invalid_field", "unit", "USD (2022)");
	refused("purchased_goods_spend", "office_supplies", 100, "USD (2030)",
	    NULL, "unit_mismatch", "unit", "USD (2030)");
	refused("purchased_goods_spend", "office_supplies", 100, "GBP (2022)",
	    NULL, "unit_mismatch", "unit", "USD (2022)");
	refused("purchased_goods_spend", "plastics_pet_primary", 100,
	    "USD (2022)", NULL, "unit_mismatch", "unit", "tonnes");

	/* Units and flags that do not fit the activity. */
	refused("business_travel", "hotel_uk", 2, "km", NULL, "unit_mismatch",
	    "unit", "Room per night");
	refused("business_travel", "air_long_haul_economy", 100,
	    "passenger.km", ",\"radiative_forcing\":\"yes\"", "invalid_field",
	    "radiative_forcing", NULL);
	x = at_us(",\"radiative_forcing\":true");
	refused("business_travel", "air_us_short_haul", 100, "passenger-mile",
	    x, "invalid_field", "radiative_forcing", "no radiative forcing");
	free(x);
	refused("waste", "household_residual_waste", 1, "m3",
	    ",\"treatment\":\"landfill\"", "unit_mismatch", "unit", NULL);
	refused("employee_commuting", "walk", 1, "kWh", NULL, "invalid_field",
	    "unit", "distance");
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("calc_scope3");
	tc = tcase_create("scope3");
	tcase_set_timeout(tc, 180);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, calculators_listed);
	tcase_add_test(tc, rows_match_documents);
	tcase_add_test(tc, business_travel_air);
	tcase_add_test(tc, business_travel_land_and_hotel);
	tcase_add_test(tc, employee_commuting);
	tcase_add_test(tc, purchased_goods_spend);
	tcase_add_test(tc, waste);
	tcase_add_test(tc, bad_records_refused);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
