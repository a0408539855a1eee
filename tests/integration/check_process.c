/*
 * The process model from the outside: a plugin that aborts or
 * dereferences NULL costs only its worker's in-flight requests and the
 * worker is replaced at once; SIGTERM drains; SIGHUP replaces workers
 * without a failed request.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>

#include "hostproc.h"

static struct host	h;

static void
setup(void)
{
	char	yaml[256];

	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n"
	    "drain_timeout: 5\n", h_build());
	ck_assert_int_eq(h_start(&h, yaml), 0);
}

static void
teardown(void)
{
	char	*report;

	if (h.pid > 0)
		ck_assert_int_eq(h_stop(&h), 0);
	report = h_log_sanitizer_report(&h);
	ck_assert_msg(report == NULL, "sanitizer: %s", report);
	h_sh("rm -rf %s", h.dir);
}

/* The worker pids and restart count from /metrics, once both workers run. */
static int
worker_pids(int pids[2], long *restarts)
{
	struct resp	 r;
	const char	*p;
	int		 ok = 0;

	/* A slot being (re)started shows pid 0 for a moment: wait it out. */
	for (int tries = 0; tries < 50; tries++) {
		ok = h_get(&h, "/metrics", &r) == 0 && r.status == 200 &&
		    (p = strstr(r.body, "cd_worker_pid{slot=\"0\"} ")) != NULL &&
		    sscanf(p, "cd_worker_pid{slot=\"0\"} %d\n"
		    "cd_worker_pid{slot=\"1\"} %d", &pids[0], &pids[1]) == 2 &&
		    (p = strstr(r.body, "\ncd_worker_restarts_total ")) != NULL &&
		    sscanf(p + 1, "cd_worker_restarts_total %ld", restarts) == 1;
		h_resp_free(&r);
		if (!ok || (pids[0] > 0 && pids[1] > 0))
			break;
		usleep(100000);
	}
	return (ok && pids[0] > 0 && pids[1] > 0);
}

/* Crash a worker through route; return how long its replacement took. */
static double
crash_once(const char *route, long want_restarts)
{
	struct resp	r;
	int		before[2], after[2];
	long		restarts;
	double		t0, asked;

	ck_assert(worker_pids(before, &restarts));
	asked = h_now();
	h_get(&h, route, &r);
	/* Never a hang: a closed connection or a 5xx, quickly. */
	ck_assert_msg(h_now() - asked < 5, "crash request hung");
	ck_assert_msg(r.curl_error == CURLE_GOT_NOTHING ||
	    r.curl_error == CURLE_RECV_ERROR || r.status >= 500,
	    "crash route answered %ld (curl %d)", r.status, r.curl_error);
	h_resp_free(&r);
	t0 = h_now();
	for (;;) {
		ck_assert_msg(h_now() - t0 < 5, "worker not replaced");
		if (worker_pids(after, &restarts) && restarts == want_restarts &&
		    after[0] > 0 && after[1] > 0 &&
		    (after[0] != before[0]) + (after[1] != before[1]) == 1)
			break;
		usleep(1000);
	}
	return (h_now() - t0);
}

START_TEST(crash_costs_only_in_flight)
{
	struct h_load	hl = { .h = &h, .path = "/api/health", .fresh = 1 };
	pthread_t	t;
	double		abort_s, null_s;

	pthread_create(&t, NULL, h_load_loop, &hl);
	usleep(100000);
	abort_s = crash_once("/api/crash/abort", 1);
	usleep(100000);
	null_s = crash_once("/api/crash/null", 2);
	usleep(100000);
	atomic_store(&hl.stop, 1);
	pthread_join(t, NULL);

	printf("crash isolation: replaced in %.1f ms (abort), %.1f ms (NULL); "
	    "%ld health requests, %ld failed\n", abort_s * 1000,
	    null_s * 1000, hl.sent, hl.failed);
	ck_assert_msg(abort_s < 0.1, "abort: replaced after %.3fs", abort_s);
	ck_assert_msg(null_s < 0.1, "NULL: replaced after %.3fs", null_s);
	ck_assert_int_gt(hl.sent, 50);
	/* One connection at a time: at most one in flight per crash. */
	ck_assert_int_le(hl.failed, 2);
	ck_assert(h_log_has(&h, "killed by signal 6"));
	ck_assert(h_log_has(&h, "killed by signal 11"));
}
END_TEST

struct slow {
	struct resp	r;
};

static void *
slow_request(void *arg)
{
	struct slow	*s = arg;

	h_get(&h, "/api/probe/sleep?ms=800", &s->r);
	return (NULL);
}

START_TEST(sigterm_drains_in_flight)
{
	struct slow	s;
	pthread_t	t;
	int		status;

	memset(&s, 0, sizeof(s));
	pthread_create(&t, NULL, slow_request, &s);
	usleep(200000);
	status = h_stop(&h);
	pthread_join(t, NULL);
	ck_assert_int_eq(status, 0);
	ck_assert_int_eq(s.r.status, 200);
	ck_assert_ptr_nonnull(strstr(s.r.body, "\"slept_ms\":800"));
	h_resp_free(&s.r);
	ck_assert(h_log_has(&h, "\"msg\":\"stopped\""));
}
END_TEST

START_TEST(sighup_replaces_workers_without_failures)
{
	struct h_load	keep = { .h = &h, .path = "/api/probe/version" };
	struct h_load	fresh = { .h = &h, .path = "/api/health",
	    .fresh = 1 };
	pthread_t	t1, t2;
	int		before[2], after[2];
	long		restarts;
	double		t0;

	ck_assert(worker_pids(before, &restarts));
	pthread_create(&t1, NULL, h_load_loop, &keep);
	pthread_create(&t2, NULL, h_load_loop, &fresh);
	usleep(100000);
	kill(h.pid, SIGHUP);
	t0 = h_now();
	do {
		ck_assert_msg(h_now() - t0 < 10, "workers not replaced");
		usleep(10000);
	} while (!worker_pids(after, &restarts) || after[0] == before[0] ||
	    after[1] == before[1]);
	usleep(300000);
	atomic_store(&keep.stop, 1);
	atomic_store(&fresh.stop, 1);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	ck_assert(h_log_has(&h, "SIGHUP: configuration and plugins reloaded"));
	ck_assert_int_eq(restarts, 0);
	ck_assert_int_gt(keep.sent + fresh.sent, 50);
	ck_assert_int_eq(keep.failed, 0);
	ck_assert_int_eq(fresh.failed, 0);
}
END_TEST

START_TEST(sighup_with_bad_config_keeps_serving)
{
	struct resp	 r;
	int		 before[2], after[2];
	long		 restarts;
	FILE		*fp;

	ck_assert(worker_pids(before, &restarts));
	ck_assert_ptr_nonnull(fp = fopen(h.conf, "a"));
	fputs("max_bdy: 1\n", fp);
	fclose(fp);
	kill(h.pid, SIGHUP);
	ck_assert(h_log_wait(&h, "SIGHUP: configuration refused, keeping the "
	    "old one", 3));
	ck_assert(h_log_has(&h, "unknown key 'max_bdy'"));
	ck_assert_int_eq(h_get(&h, "/api/health", &r), 0);
	ck_assert_int_eq(r.status, 200);
	h_resp_free(&r);
	ck_assert(worker_pids(after, &restarts));
	ck_assert_int_eq(after[0], before[0]);
	ck_assert_int_eq(after[1], before[1]);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	int	 failed;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("process");
	tc = tcase_create("workers");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, crash_costs_only_in_flight);
	tcase_add_test(tc, sigterm_drains_in_flight);
	tcase_add_test(tc, sighup_replaces_workers_without_failures);
	tcase_add_test(tc, sighup_with_bad_config_keeps_serving);
	suite_add_tcase(s, tc);
	failed = h_run(s);
	curl_global_cleanup();
	return (failed);
}
