/*
 * Unit tests for host/loader.c, with the fixture plugins of tests/plugins:
 * every way a load can fail says why, and a failed load keeps the old
 * generation serving.
 */
#include "harness.h"

#include "cd.h"

static char	*err;

/* Copy fixture name.so to a private file, as the master does. */
static const char *
fixture(const char *name, unsigned int gen)
{
	static char	dst[PATH_MAX];
	char		src[PATH_MAX], *e = NULL;

	snprintf(src, sizeof(src), "%s/test-plugins/%s.so", t_build(), name);
	snprintf(dst, sizeof(dst), "%s/%s.%u.so", t_tmpdir(), name, gen);
	ck_assert_msg(cd_copy_file(src, dst, &e) == CD_OK, "%s", e);
	return (dst);
}

static int
load(const char *name, const char *source, unsigned int gen)
{
	free(err);
	err = NULL;
	return (cd_loader_load(fixture(name, gen), source, gen, &err));
}

static json_t *
find(const char *name)
{
	json_t	*list, *p, *copy;
	size_t	 i;

	list = cd_loader_list(0);
	copy = NULL;
	json_array_foreach(list, i, p)
		if (strcmp(json_string_value(json_object_get(p, "name")),
		    name) == 0)
			copy = json_deep_copy(p);
	json_decref(list);
	return (copy);
}

static void
assert_version(const char *name, const char *version, int gen)
{
	json_t	*p;

	p = find(name);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(json_string_value(json_object_get(p, "version")),
	    version);
	ck_assert_int_eq(json_integer_value(json_object_get(p, "generation")),
	    gen);
	json_decref(p);
}

static void
teardown(void)
{
	cd_loader_unload_all();
	free(err);
	err = NULL;
}

START_TEST(loads_and_routes)
{
	struct cd_params	 params = { 0 };
	const struct cd_route	*route;
	struct cd_ctx		*g;
	char			 allow[64] = "";
	json_t			*p;

	ck_assert_int_eq(load("probe", "src/probe.so", 1), CD_OK);
	ck_assert_uint_eq(cd_loader_count(), 1);
	p = find("probe");
	ck_assert_str_eq(json_string_value(json_object_get(p, "kind")),
	    "calculator");
	char abi[16];
	snprintf(abi, sizeof(abi), "%d.%d", CD_ABI_MAJOR, CD_ABI_MINOR);
	ck_assert_str_eq(json_string_value(json_object_get(p, "abi")), abi);
	json_decref(p);
	assert_version("probe", "1.0.0", 1);

	g = cd_loader_match("GET", "/api/probe/version", &params, &route,
	    allow, sizeof(allow));
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(route->pattern, "/api/probe/version");
	ck_assert_int_eq(atomic_load(&g->refs), 1);
	cd_loader_release(g);

	g = cd_loader_match("DELETE", "/api/probe/version", &params, &route,
	    allow, sizeof(allow));
	ck_assert_ptr_null(g);
	ck_assert_str_eq(allow, "GET");
	allow[0] = '\0';
	ck_assert_ptr_null(cd_loader_match("GET", "/api/nothing", &params,
	    &route, allow, sizeof(allow)));
	ck_assert_str_eq(allow, "");
}
END_TEST

START_TEST(abi_major_refused)
{
	ck_assert_int_ne(load("abi_major_2", "src/abi_major_2.so", 1), CD_OK);
	ck_assert_str_eq(err, "src/abi_major_2.so: refused: ABI major 2, "
	    "the host speaks 1");
	ck_assert_uint_eq(cd_loader_count(), 0);
}
END_TEST

START_TEST(init_failure_refused)
{
	ck_assert_int_eq(load("broken_init", "src/broken_init.so", 1), CD_ERR);
	ck_assert_str_eq(err, "src/broken_init.so: init failed (-1): broken!");
	ck_assert_uint_eq(cd_loader_count(), 0);
}
END_TEST

START_TEST(missing_symbol_refused)
{
	ck_assert_int_ne(load("no_descriptor", "src/nd.so", 1), CD_OK);
	ck_assert_str_eq(err, "src/nd.so: no cd_plugin descriptor symbol");
}
END_TEST

START_TEST(not_a_library_refused)
{
	char	 path[PATH_MAX];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/text.so", t_tmpdir());
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs("this is not an ELF file\n", fp);
	fclose(fp);
	ck_assert_int_ne(cd_loader_load(path, "src/text.so", 1, &err), CD_OK);
	ck_assert_msg(strncmp(err, "src/text.so: dlopen: ", 21) == 0, "%s",
	    err);
	free(err);
	err = NULL;
	ck_assert_int_ne(cd_loader_load("/nonexistent.so", "src/x.so", 1,
	    &err), CD_OK);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

START_TEST(host_route_refused)
{
	ck_assert_int_ne(load("route_clash", "src/rc.so", 1), CD_OK);
	ck_assert_str_eq(err, "src/rc.so: init failed (-5): GET /api/health "
	    "is taken by the host");
}
END_TEST

START_TEST(failed_reload_keeps_old)
{
	ck_assert_int_eq(load("probe", "src/probe.so", 1), CD_OK);
	ck_assert_int_ne(load("probe_broken", "src/probe.so", 2), CD_OK);
	ck_assert_str_eq(err, "src/probe.so: init failed (-1): broken on "
	    "purpose");
	assert_version("probe", "1.0.0", 1);
	ck_assert_int_ne(load("abi_major_2", "src/probe.so", 3), CD_OK);
	assert_version("probe", "1.0.0", 1);
	ck_assert_int_eq(load("probe_v2", "src/probe.so", 4), CD_OK);
	assert_version("probe", "2.0.0", 4);
	ck_assert_uint_eq(cd_loader_count(), 1);
}
END_TEST

START_TEST(name_taken_by_other_source)
{
	ck_assert_int_eq(load("probe", "a/probe.so", 1), CD_OK);
	ck_assert_int_ne(load("probe_v2", "b/probe.so", 1), CD_OK);
	ck_assert_str_eq(err, "b/probe.so: refused: plugin name 'probe' is "
	    "taken by a/probe.so");
	assert_version("probe", "1.0.0", 1);
}
END_TEST

START_TEST(pinned_generation_outlives_reload)
{
	struct cd_params	 params = { 0 };
	const struct cd_route	*route, *route2;
	struct cd_ctx		*old, *cur;
	char			 allow[64] = "";

	ck_assert_int_eq(load("probe", "src/probe.so", 1), CD_OK);
	old = cd_loader_match("GET", "/api/probe/version", &params, &route,
	    allow, sizeof(allow));
	ck_assert_ptr_nonnull(old);

	ck_assert_int_eq(load("probe_v2", "src/probe.so", 2), CD_OK);
	cur = cd_loader_match("GET", "/api/probe/version", &params, &route2,
	    allow, sizeof(allow));
	ck_assert_ptr_nonnull(cur);
	ck_assert_ptr_ne(cur, old);
	ck_assert_str_eq(cur->version, "2.0.0");
	cd_loader_release(cur);

	/* The old generation's code is still mapped: its handler still runs. */
	cd_loader_reap();
	ck_assert_uint_eq(cd_loader_retired(), 1);
	ck_assert_str_eq(old->version, "1.0.0");
	ck_assert_ptr_nonnull(route->handler);

	cd_loader_release(old);
	cd_loader_reap();
	ck_assert_uint_eq(cd_loader_retired(), 0);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("loader");
	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, loads_and_routes);
	tcase_add_test(tc, abi_major_refused);
	tcase_add_test(tc, init_failure_refused);
	tcase_add_test(tc, missing_symbol_refused);
	tcase_add_test(tc, not_a_library_refused);
	tcase_add_test(tc, host_route_refused);
	tcase_add_test(tc, failed_reload_keeps_old);
	tcase_add_test(tc, name_taken_by_other_source);
	tcase_add_test(tc, pinned_generation_outlives_reload);
	suite_add_tcase(s, tc);
	return (t_run_in_tmpdir(s));
}
