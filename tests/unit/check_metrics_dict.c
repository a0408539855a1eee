/* Unit tests for host/metrics_dict.c: the columns of table metrics. */
#include "harness.h"

#include "cd.h"
#include "carbon.h"

static char	*err;

/* Load a dictionary of one metric, m.one, whose fields end with metric. */
static int
load(const char *metric)
{
	char	 path[128];
	FILE	*fp;

	free(err);
	err = NULL;
	snprintf(path, sizeof(path), "%s/metrics.yaml", t_tmpdir());
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "metrics:\n  - id: m.one\n    title: One\n%s", metric);
	ck_assert_int_eq(fclose(fp), 0);
	return (cd_dict_load(path, &err));
}

static void
teardown(void)
{
	free(err);
	err = NULL;
}

static const char	table[] = "    type: table\n    source: reported\n";

START_TEST(shipped_dictionary_loads)
{
	const json_t	*m, *c;
	size_t		 i, tables = 0;

	ck_assert_msg(cd_dict_load("conf/metrics.yaml", &err) == CD_OK, "%s",
	    err);
	json_array_foreach(json_object_get(cd_dict_json(), "metrics"), i, m)
		tables += json_object_get(m, "columns") != NULL;
	ck_assert_uint_eq(tables, 15);
	m = cd_dict_metric("ghg.gases");
	c = json_array_get(json_object_get(m, "columns"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(c, "id")), "gas");
	ck_assert(json_is_true(json_object_get(c, "required")));
}
END_TEST

START_TEST(table_with_columns_loads)
{
	char	buf[512];

	snprintf(buf, sizeof(buf), "%s    columns:\n      - {id: gas, title: "
	    "Gas, type: text, required: true}\n      - {id: t_2, title: T, "
	    "type: number, unit: t, required: false}\n", table);
	ck_assert_msg(load(buf) == CD_OK, "%s", err);
	ck_assert_uint_eq(json_array_size(json_object_get(cd_dict_metric(
	    "m.one"), "columns")), 2);
}
END_TEST

#define BOUNDS	"min, max and integer are for number columns: min and max " \
		"numbers, min <= max, integer true or false"

START_TEST(bad_columns_refused)
{
	static const struct {
		const char	*yaml, *why;
	} cases[] = {
		{ "", "a table metric needs columns: a list of 1 to 32" },
		{ "    columns: []\n",
		    "a table metric needs columns: a list of 1 to 32" },
		{ "    unit: MWh\n    columns:\n      - {id: a, title: A, "
		    "type: text, required: true}\n",
		    "a table metric has no unit: give its number columns units" },
		{ "    columns:\n      - {id: Gas, title: A, type: text, "
		    "required: true}\n", "column #1: id must be a lower-case "
		    "letter, then letters, digits or _ (at most 32)" },
		{ "    columns:\n      - {id: a, title: A, type: text, required: "
		    "true}\n      - {id: a, title: B, type: text, required: "
		    "true}\n", "column 'a' given twice" },
		{ "    columns:\n      - {id: a, type: text, required: true}\n",
		    "column 'a': no title" },
		{ "    columns:\n      - {id: a, title: A, type: date, required: "
		    "true}\n", "column 'a': type must be text, number or "
		    "boolean" },
		{ "    columns:\n      - {id: a, title: A, type: text}\n",
		    "column 'a': required must be true or false" },
		{ "    columns:\n      - {id: a, title: A, type: text, unit: t, "
		    "required: true}\n", "column 'a': only a number column has "
		    "a unit, and it is a string" },
		{ "    columns:\n      - {id: a, title: A, type: text, required: "
		    "true, requried: true}\n",
		    "column 'a': unknown field 'requried'" },
		{ "    columns:\n      - text\n", "column #1 is not a mapping" },
		{ "    columns:\n      - {id: a, title: A, type: text, min: 1, "
		    "required: true}\n", "column 'a': " BOUNDS },
		{ "    columns:\n      - {id: a, title: A, type: number, min: 5, "
		    "max: 1, required: true}\n", "column 'a': " BOUNDS },
		{ "    columns:\n      - {id: a, title: A, type: number, max: x, "
		    "required: true}\n", "column 'a': " BOUNDS },
		{ "    columns:\n      - {id: a, title: A, type: number, "
		    "integer: 1, required: true}\n", "column 'a': " BOUNDS },
	};
	char	buf[512], want[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", table, cases[i].yaml);
		ck_assert_int_eq(load(buf), CD_EINVAL);
		snprintf(want, sizeof(want), "%s/metrics.yaml: metric #1 (m.one): "
		    "%s", t_tmpdir(), cases[i].why);
		ck_assert_str_eq(err, want);
	}
	ck_assert_int_eq(load("    type: quantity\n    source: reported\n"
	    "    columns:\n      - {id: a, title: A, type: text, required: "
	    "true}\n"), CD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "only a table metric has columns"));
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	(void)t_tmpdir();	/* made once, before the tests fork */
	s = suite_create("metrics_dict");
	tc = tcase_create("columns");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, shipped_dictionary_loads);
	tcase_add_test(tc, table_with_columns_loads);
	tcase_add_test(tc, bad_columns_refused);
	suite_add_tcase(s, tc);
	return (t_run_in_tmpdir(s));
}
