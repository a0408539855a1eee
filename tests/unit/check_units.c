/* Unit tests for host/units.c. */
#include "harness.h"

#include <math.h>

#include "cd.h"
#include "carbon.h"

#define TOL	1e-9	/* relative */

static const char	*all_units[] = {
	"kWh", "MWh", "GJ", "MJ", "mmBtu", "therm", "kWh (Gross CV)",
	"kWh (Net CV)", "l", "m3", "US gal", "UK gal", "scf",
	"million litres", "kg", "t", "lb", "short ton", "km", "mi",
	"passenger.km", "passenger-mile", "tonne.km", "short ton-mile",
	"vehicle.km", "vehicle-mile", "Room per night", "per FTE Working Hour",
	"USD (2022)", "GBP (2019)", "EUR (2024)",
};

/* Converts v from -> to and returns the result; fails the test on error. */
static double
conv(double v, const char *from, const char *to)
{
	double	 out = NAN;

	ck_assert_msg(cd_unit_convert(v, from, to, &out) == CD_OK,
	    "%s -> %s refused", from, to);
	return (out);
}

static void
near(double got, double want)
{
	ck_assert_msg(fabs(got - want) <= TOL * fmax(1.0, fabs(want)),
	    "got %.15g, want %.15g", got, want);
}

static void
refused(const char *from, const char *to)
{
	double	 out = 42.0;

	ck_assert_msg(cd_unit_convert(1.0, from, to, &out) == CD_EINVAL,
	    "%s -> %s should be refused", from ? from : "(null)",
	    to ? to : "(null)");
	ck_assert_msg(out == 42.0, "out written on refusal");
}

START_TEST(exact_values)
{
	near(conv(1, "US gal", "l"), 3.785411784);
	near(conv(1, "UK gal", "l"), 4.54609);
	near(conv(1, "mi", "km"), 1.609344);
	near(conv(1, "short ton", "kg"), 907.18474);
	near(conv(1, "lb", "kg"), 0.45359237);
	near(conv(1, "mmBtu", "kWh"), 293.07107017222);
	near(conv(1, "therm", "kWh"), 29.307107017222);
	near(conv(1, "therm", "MJ"), 105.505585262);
	near(conv(1, "GJ", "kWh"), 277.77777777778);
	near(conv(1, "MWh", "GJ"), 3.6);
	near(conv(1, "scf", "m3"), 0.028316846592);
	near(conv(1, "million litres", "m3"), 1000.0);
	near(conv(1, "t", "lb"), 1000.0 / 0.45359237);
	near(conv(1, "short ton-mile", "tonne.km"), 0.90718474 * 1.609344);
	near(conv(1, "passenger-mile", "passenger.km"), 1.609344);
	near(conv(1, "vehicle-mile", "vehicle.km"), 1.609344);
	near(conv(10, "km", "mi"), 10 / 1.609344);
}
END_TEST

START_TEST(round_trips)
{
	near(conv(conv(123.456, "kWh", "GJ"), "GJ", "kWh"), 123.456);
	near(conv(conv(7.5, "therm", "mmBtu"), "mmBtu", "therm"), 7.5);
	near(conv(conv(99.0, "US gal", "UK gal"), "UK gal", "US gal"), 99.0);
	near(conv(conv(0.25, "short ton", "t"), "t", "short ton"), 0.25);
	near(conv(conv(-3.0, "scf", "l"), "l", "scf"), -3.0);
}
END_TEST

START_TEST(every_unit_to_itself)
{
	size_t	 i;

	for (i = 0; i < sizeof(all_units) / sizeof(all_units[0]); i++) {
		ck_assert_msg(cd_unit_known(all_units[i]), "%s", all_units[i]);
		ck_assert_ptr_nonnull(cd_unit_dimension(all_units[i]));
		ck_assert_msg(conv(2.5, all_units[i], all_units[i]) == 2.5,
		    "%s", all_units[i]);
	}
}
END_TEST

START_TEST(aliases)
{
	near(conv(1, "MMBtu", "mmBtu"), 1.0);
	near(conv(1, "litres", "l") + conv(1, "liters", "L"), 2.0);
	near(conv(1, "cubic metres", "litres"), 1000.0);
	near(conv(1, "gallon", "l"), 3.785411784);
	near(conv(1, "gal", "US gal"), 1.0);
	near(conv(1, "tonnes", "kg") + conv(1, "tonne", "kg"), 2000.0);
	near(conv(1, "short tons", "lb"), 2000.0);
	near(conv(1, "miles", "km") + conv(1, "mile", "km"), 2 * 1.609344);
	near(conv(1, "pkm", "passenger-km"), 1.0);
	near(conv(1, "passenger.mile", "pkm"), 1.609344);
	near(conv(1, "tkm", "tonne-km"), 1.0);
	near(conv(1, "vehicle-km", "vehicle.km"), 1.0);
	near(conv(3, "room-night", "room nights"), 3.0);
	near(conv(3, "room-night", "Room per night"), 3.0);
	ck_assert_str_eq(cd_unit_dimension("tkm"), "freight_distance");
}
END_TEST

START_TEST(calorific_basis)
{
	near(conv(2, "MWh", "kWh (Gross CV)"), 2000.0);
	near(conv(1, "GJ", "kWh (Net CV)"), 277.77777777778);
	near(conv(500, "kWh (Gross CV)", "MWh"), 0.5);
	near(conv(1, "kWh", "kWh (Net CV)"), 1.0);
	refused("kWh (Gross CV)", "kWh (Net CV)");
	refused("kWh (Net CV)", "kWh (Gross CV)");
	/* mmBtu is HHV (EPA Hub Table 1): gross, never net. */
	near(conv(1, "mmBtu", "kWh (Gross CV)"), 293.07107017222);
	refused("kWh (Net CV)", "mmBtu");
	refused("mmBtu", "kWh (Net CV)");
}
END_TEST

START_TEST(currency)
{
	near(conv(100, "USD (2022)", "USD (2022)"), 100.0);
	near(conv(100, "GBP (2022)", "GBP (2022)"), 100.0);
	/* BLS CPI-U annual averages: 2024 313.689, 2022 292.655. */
	near(conv(100, "USD (2022)", "USD (2024)"), 100 * 313.689 / 292.655);
	near(conv(conv(5, "USD (2018)", "USD (2023)"), "USD (2023)",
	    "USD (2018)"), 5.0);
	refused("USD (2022)", "GBP (2022)");
	refused("EUR (2022)", "USD (2022)");
	refused("GBP (2021)", "GBP (2022)");	/* no GBP deflator shipped */
	refused("USD (2022)", "USD (1990)");	/* outside the CPI table */
	refused("USD (2022)", "kg");
	ck_assert(!cd_unit_known("USD"));
	ck_assert(!cd_unit_known("USD (22)"));
	ck_assert(!cd_unit_known("USD (2022"));
	ck_assert(!cd_unit_known("USD (20x2)"));
	ck_assert(!cd_unit_known("JPY (2022)"));
	ck_assert(!cd_unit_known("USD (2022) "));
	ck_assert_str_eq(cd_unit_dimension("EUR (2015)"), "currency");
}
END_TEST

START_TEST(refusals)
{
	double	 out;

	refused("kWh", "kg");
	refused("l", "kg");
	refused("km", "passenger.km");
	refused("tonne.km", "t");
	refused("vehicle-mile", "mi");
	refused("Room per night", "per FTE Working Hour");
	refused("kwh", "kWh");			/* case matters */
	refused("furlong", "km");
	refused("km", "");
	refused(NULL, "km");
	refused("km", NULL);
	ck_assert_int_eq(cd_unit_convert(1, "km", "mi", NULL), CD_EINVAL);
	ck_assert_int_eq(cd_unit_convert(NAN, "km", "mi", &out), CD_EINVAL);
	ck_assert_int_eq(cd_unit_convert(INFINITY, "km", "mi", &out),
	    CD_EINVAL);
	ck_assert(!cd_unit_known(NULL));
	ck_assert(!cd_unit_known(""));
	ck_assert(!cd_unit_known("KWH"));
	ck_assert_ptr_null(cd_unit_dimension(NULL));
	ck_assert_ptr_null(cd_unit_dimension("parsec"));
}
END_TEST

START_TEST(dimensions)
{
	ck_assert_str_eq(cd_unit_dimension("kWh (Gross CV)"), "energy");
	ck_assert_str_eq(cd_unit_dimension("therm"), "energy");
	ck_assert_str_eq(cd_unit_dimension("scf"), "volume");
	ck_assert_str_eq(cd_unit_dimension("L"), "volume");
	ck_assert_str_eq(cd_unit_dimension("short ton"), "mass");
	ck_assert_str_eq(cd_unit_dimension("miles"), "distance");
	ck_assert_str_eq(cd_unit_dimension("passenger.km"),
	    "passenger_distance");
	ck_assert_str_eq(cd_unit_dimension("short ton-mile"),
	    "freight_distance");
	ck_assert_str_eq(cd_unit_dimension("vehicle-mile"), "vehicle_distance");
	ck_assert_str_eq(cd_unit_dimension("Room per night"), "count");
	ck_assert_str_eq(cd_unit_dimension("per FTE Working Hour"), "count");
	ck_assert_str_eq(cd_unit_dimension("USD (2022)"), "currency");
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("units");
	tc = tcase_create("convert");
	tcase_add_test(tc, exact_values);
	tcase_add_test(tc, round_trips);
	tcase_add_test(tc, every_unit_to_itself);
	tcase_add_test(tc, aliases);
	tcase_add_test(tc, calorific_basis);
	tcase_add_test(tc, currency);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, dimensions);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
