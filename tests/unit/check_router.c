/* Unit tests for host/router.c. */
#include "harness.h"

#include "cd.h"

static int
valid(const char *m, const char *p)
{
	char	*err = NULL;
	int	 rc;

	rc = cd_route_valid(m, p, &err);
	free(err);
	return (rc == CD_OK);
}

START_TEST(patterns)
{
	ck_assert(valid("GET", "/api/health"));
	ck_assert(valid("POST", "/api/frameworks/{id}/catalog"));
	ck_assert(valid("DELETE", "/api/a/{x}/{y_2}"));
	ck_assert(valid("GET", "/"));
	ck_assert(!valid("BREW", "/api/x"));
	ck_assert(!valid(NULL, "/api/x"));
	ck_assert(!valid("GET", "api/x"));
	ck_assert(!valid("GET", "/api//x"));
	ck_assert(!valid("GET", "/api/x/"));
	ck_assert(!valid("GET", "/api/{}"));
	ck_assert(!valid("GET", "/api/{a"));
	ck_assert(!valid("GET", "/api/x{a}"));
	ck_assert(!valid("GET", "/api/{a}b"));
	ck_assert(!valid("GET", "/api/{a-b}"));
	ck_assert(!valid("GET", "/api/x?y"));
	ck_assert(!valid("GET", "/1/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}"));
}
END_TEST

START_TEST(matching)
{
	struct cd_params	p = { 0 };

	ck_assert(cd_route_match("/api/health", "/api/health", &p));
	ck_assert_int_eq(p.n, 0);
	ck_assert(!cd_route_match("/api/health", "/api/healthz", &p));
	ck_assert(!cd_route_match("/api/health", "/api/health/", &p));
	ck_assert(!cd_route_match("/api/health", "/api", &p));
	ck_assert(cd_route_match("/", "/", &p));

	ck_assert(cd_route_match("/api/frameworks/{id}/catalog",
	    "/api/frameworks/gri/catalog", &p));
	ck_assert_int_eq(p.n, 1);
	ck_assert_str_eq(p.name[0], "id");
	ck_assert_str_eq(p.value[0], "gri");
	cd_params_cleanup(&p);

	ck_assert(cd_route_match("/a/{x}/b/{y}", "/a/1/b/two", &p));
	ck_assert_int_eq(p.n, 2);
	ck_assert_str_eq(p.value[1], "two");
	cd_params_cleanup(&p);
	ck_assert_int_eq(p.n, 0);

	/* A parameter matches one non-empty segment, and a miss leaves none. */
	ck_assert(!cd_route_match("/a/{x}/b", "/a//b", &p));
	ck_assert(!cd_route_match("/a/{x}/b", "/a/1/2/b", &p));
	ck_assert(!cd_route_match("/a/{x}/b", "/a/1/c", &p));
	ck_assert_int_eq(p.n, 0);
	ck_assert(cd_route_match("/a/{x}", "/a/1", NULL));
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("router");
	tc = tcase_create("routes");
	tcase_add_test(tc, patterns);
	tcase_add_test(tc, matching);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
