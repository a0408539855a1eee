/*
 * Unit tests for cd_buf_csv (host/store.c), the cell writer of the CSV
 * exports (emissions, audit log, import rejections): RFC 4180 quoting,
 * and the guard against CSV formula injection: a cell starting with =,
 * +, -, @, tab or CR gets a leading apostrophe unless the whole cell is
 * a number.
 */
#include "harness.h"

#include "cd.h"

/* The one cell s as the last of its row. */
static void
cell_is(const char *s, const char *want)
{
	struct cd_buf	b = { 0 };
	char		line[256];

	cd_buf_csv(&b, s, 1);
	snprintf(line, sizeof(line), "%s\r\n", want);
	ck_assert_msg(b.p != NULL && strcmp(b.p, line) == 0,
	    "cell '%s' written as '%s', not '%s'", s, b.p ? b.p : "", want);
	cd_buf_free(&b);
}

START_TEST(plain_and_quoted)
{
	cell_is("", "");
	cell_is("Boiler house", "Boiler house");
	cell_is("a,b", "\"a,b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("two\nlines", "\"two\nlines\"");
	cell_is("{\"collection\":\"notes\"}",
	    "\"{\"\"collection\"\":\"\"notes\"\"}\"");
}
END_TEST

START_TEST(formulas_get_an_apostrophe)
{
	cell_is("=1+2", "'=1+2");
	cell_is("=HYPERLINK(\"http://x\")",
	    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	cell_is("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
	cell_is("-2+3", "'-2+3");
	cell_is("@SUM(A1:A9)", "'@SUM(A1:A9)");
	cell_is("\tTab", "'\tTab");
	cell_is("\r=x", "\"'\r=x\"");
	cell_is("=a,b", "\"'=a,b\"");
	cell_is("-", "'-");
	cell_is("+", "'+");
	cell_is("-inf", "'-inf");
	cell_is("-nan", "'-nan");
	cell_is("-0x10", "'-0x10");
	cell_is("-1e", "'-1e");
	cell_is("-1.5.2", "'-1.5.2");
	cell_is("- 1", "'- 1");
	cell_is("\t1", "'\t1");
	/* Only the first character counts. */
	cell_is("a=b", "a=b");
	cell_is(" =1", " =1");
}
END_TEST

START_TEST(numbers_stay_numbers)
{
	cell_is("-1.5", "-1.5");
	cell_is("+1.5", "+1.5");
	cell_is("-0", "-0");
	cell_is("-42", "-42");
	cell_is("-.5", "-.5");
	cell_is("-5.", "-5.");
	cell_is("-1e-7", "-1e-7");
	cell_is("+2.5E+10", "+2.5E+10");
	cell_is("-123456789012345678901234567890",
	    "-123456789012345678901234567890");
	cell_is("12.5", "12.5");
}
END_TEST

START_TEST(row_of_cells)
{
	struct cd_buf	b = { 0 };

	cd_buf_csv(&b, "=x", 0);
	cd_buf_csv(&b, "-3.25", 0);
	cd_buf_csv(&b, "@y", 1);
	ck_assert_str_eq(b.p, "'=x,-3.25,'@y\r\n");
	cd_buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("csv_cell");
	tc = tcase_create("cells");
	tcase_add_test(tc, plain_and_quoted);
	tcase_add_test(tc, formulas_get_an_apostrophe);
	tcase_add_test(tc, numbers_stay_numbers);
	tcase_add_test(tc, row_of_cells);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
