/* Unit tests for host/yaml_json.c. */
#include "harness.h"

#include "cd.h"

static json_t	*j;
static char	*err;

static json_t *
parse(const char *yaml)
{
	json_decref(j);
	free(err);
	err = NULL;
	j = cd_yaml_parse(yaml, strlen(yaml), "c.yaml", &err);
	return (j);
}

static void
teardown(void)
{
	json_decref(j);
	j = NULL;
	free(err);
	err = NULL;
}

START_TEST(types)
{
	char	*s;

	ck_assert_ptr_nonnull(parse("a: 1\nb: 2.5\nc: true\nd: ~\ne: \"7\"\n"
	    "f: text here\ng: [x, 3]\nh:\n  - id: 305-1\n    n: -4\n"
	    "i: 2027-01-01\n"));
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	ck_assert_str_eq(s, "{\"a\":1,\"b\":2.5,\"c\":true,\"d\":null,"
	    "\"e\":\"7\",\"f\":\"text here\",\"g\":[\"x\",3],\"h\":[{\"id\":"
	    "\"305-1\",\"n\":-4}],\"i\":\"2027-01-01\"}");
	free(s);
}
END_TEST

START_TEST(errors_name_line)
{
	ck_assert_ptr_null(parse("a: 1\nb: [1, 2\nc: 3\n"));
	ck_assert_msg(strncmp(err, "c.yaml:", 7) == 0 && strchr(err + 7, ':'),
	    "%s", err);
	ck_assert_ptr_null(parse("a: 1\na: 2\n"));
	ck_assert_str_eq(err, "c.yaml:2: key 'a' given twice");
	ck_assert_ptr_null(parse("a: &x 1\nb: *x\n"));
	ck_assert_str_eq(err, "c.yaml:2: aliases are not supported");
	ck_assert_ptr_null(parse(""));
	ck_assert_str_eq(err, "c.yaml: empty document");
	ck_assert_ptr_null(parse("a: 1\n---\nb: 2\n"));
	ck_assert_str_eq(err, "c.yaml:3: only one document is allowed");
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("yaml");
	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, types);
	tcase_add_test(tc, errors_name_line);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
