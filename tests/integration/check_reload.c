/*
 * Plugins from the outside: refused plugins are named in the log, routes
 * declare roles, and a plugin rebuilt 20 times under continuous load is
 * live each time with no failed request.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"

#define REBUILDS	20

static struct host	h;

static void
stop_clean(void)
{
	char	*report;

	ck_assert_int_eq(h_stop(&h), 0);
	report = h_log_sanitizer_report(&h);
	ck_assert_msg(report == NULL, "sanitizer: %s", report);
	h_sh("rm -rf %s", h.dir);
}

START_TEST(fixtures_refused_with_reasons)
{
	struct resp	r;
	char		yaml[512];

	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n",
	    h_build());
	ck_assert_int_eq(h_start(&h, yaml), 0);
	ck_assert(h_log_has(&h, "abi_major_2.so: refused: ABI major 2, the "
	    "host speaks 1"));
	ck_assert(h_log_has(&h, "broken_init.so: init failed (-1): broken!"));
	ck_assert(h_log_has(&h, "no_descriptor.so: no cd_plugin descriptor "
	    "symbol"));
	ck_assert(h_log_has(&h, "route_clash.so: init failed (-5): GET "
	    "/api/health is taken by the host"));
	ck_assert(h_log_has(&h, "probe_v2.so: refused: plugin name 'probe' "
	    "is taken by"));

	ck_assert_int_eq(h_get(&h, "/api/plugins", &r), 0);
	ck_assert_ptr_nonnull(strstr(r.body, "\"name\":\"probe\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"name\":\"crash\""));
	ck_assert_ptr_null(strstr(r.body, "broken_init"));
	ck_assert_ptr_null(strstr(r.body, "abi_major_2"));
	h_resp_free(&r);

	/* A plugin route that declares a role refuses an anonymous caller. */
	ck_assert_int_eq(h_get(&h, "/api/probe/private", &r), 0);
	ck_assert_int_eq(r.status, 401);
	ck_assert_ptr_nonnull(strstr(r.body, "\"unauthorized\""));
	h_resp_free(&r);
	/* A plugin route's own body limit applies. */
	char big[5000];
	memset(big, ' ', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = '1';
	ck_assert_int_eq(h_req(&h, "POST", "/api/probe/echo", big, NULL, 1,
	    &r), 0);
	ck_assert_int_eq(r.status, 413);
	h_resp_free(&r);
	ck_assert_int_eq(h_req(&h, "POST", "/api/probe/echo", "{\"a\":[1,2]}",
	    NULL, 1, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "{\"echo\":{\"a\":[1,2]}}");
	h_resp_free(&r);
	stop_clean();
}
END_TEST

/* Build tests/plugins/probe.c with a version (broken != 0: init fails). */
static void
build_probe(const char *dir, const char *version, int broken)
{
	ck_assert_int_eq(h_sh("cc -std=c11 -D_GNU_SOURCE -fPIC -shared -O0 "
	    "-Wall -Werror -Isdk/include "
	    "$(pkg-config --cflags jansson) -DPROBE_VERSION='\"%s\"' %s "
	    "-o %s/probe.so tests/plugins/probe.c $(pkg-config --libs jansson)",
	    version, broken ? "-DPROBE_BROKEN" : "", dir), 0);
}

/* Does /api/plugins show probe at version? */
static int
plugins_show(const char *version)
{
	struct resp	 r;
	char		 want[64];
	int		 ok;

	snprintf(want, sizeof(want), "\"version\":\"%s\"", version);
	ok = h_get(&h, "/api/plugins", &r) == 0 && r.status == 200 &&
	    strstr(r.body, want) != NULL;
	h_resp_free(&r);
	return (ok);
}

/* Every worker serves version: 8 fresh connections in a row agree. */
static int
route_shows(const char *version)
{
	struct resp	r;
	char		want[64];

	snprintf(want, sizeof(want), "\"version\":\"%s\"", version);
	for (int i = 0; i < 8; i++) {
		int ok = h_get(&h, "/api/probe/version", &r) == 0 &&
		    strstr(r.body ? r.body : "", want) != NULL;
		h_resp_free(&r);
		if (!ok)
			return (0);
	}
	return (1);
}

START_TEST(hot_reload_under_load)
{
	struct h_load	 keep = { .h = &h, .path = "/api/probe/version",
	    .must = "\"version\"" };
	struct h_load	 fresh = { .h = &h, .path = "/api/probe/version",
	    .must = "\"version\"", .fresh = 1 };
	pthread_t	 t1, t2;
	char		 dir[64], yaml[256], version[32];
	double		 t0, took, worst;

	snprintf(dir, sizeof(dir), "/tmp/cd-hot-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	build_probe(dir, "1.0.0", 0);
	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s\n", dir);
	ck_assert_int_eq(h_start(&h, yaml), 0);
	ck_assert(route_shows("1.0.0"));

	pthread_create(&t1, NULL, h_load_loop, &keep);
	pthread_create(&t2, NULL, h_load_loop, &fresh);
	worst = 0;
	for (int i = 1; i <= REBUILDS; i++) {
		snprintf(version, sizeof(version), "1.0.%d", i);
		build_probe(dir, version, 0);
		t0 = h_now();
		while (!plugins_show(version) && h_now() - t0 < 5)
			usleep(2000);
		took = h_now() - t0;
		ck_assert_msg(took < 1.0, "version %s visible after %.3fs",
		    version, took);
		while (!route_shows(version) && h_now() - t0 < 5)
			usleep(2000);
		took = h_now() - t0;
		ck_assert_msg(took < 1.0, "version %s served by every worker "
		    "after %.3fs", version, took);
		if (took > worst)
			worst = took;
	}

	/* A rebuild whose init fails leaves the last version serving. */
	build_probe(dir, "9.9.9", 1);
	t0 = h_now();
	while (!h_log_has(&h, "reload refused, previous version keeps serving")
	    && h_now() - t0 < 5)
		usleep(10000);
	ck_assert(h_log_has(&h, "init failed (-1): broken on purpose"));
	snprintf(version, sizeof(version), "1.0.%d", REBUILDS);
	ck_assert(plugins_show(version));
	ck_assert(route_shows(version));

	atomic_store(&keep.stop, 1);
	atomic_store(&fresh.stop, 1);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("hot reload: %d rebuilds, %ld + %ld requests, %ld + %ld failed, "
	    "slowest reload %.0f ms\n", REBUILDS, keep.sent, fresh.sent,
	    keep.failed, fresh.failed, worst * 1000);
	ck_assert_int_gt(keep.sent + fresh.sent, 100);
	ck_assert_int_eq(keep.failed, 0);
	ck_assert_int_eq(fresh.failed, 0);
	stop_clean();
	h_sh("rm -rf %s", dir);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("reload");
	tc = tcase_create("plugins");
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, fixtures_refused_with_reasons);
	tcase_add_test(tc, hot_reload_under_load);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
