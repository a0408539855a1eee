/*
 * Dependencies failing under a running host: with Redis stopped the API
 * keeps answering (uncached) and /api/ready says degraded, and caching
 * resumes when Redis returns; with PostgreSQL stopped requests get a 503
 * JSON answer in bounded time, and the host reconnects by itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <hiredis/hiredis.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;
static struct h_account	owner;

static void
suite_up(void)
{
	ck_assert_int_eq(h_start_stack(&h, &svc, "settings_max_age: 2\n"), 0);
	h_register(&h, "Outage Co", "o@outage.example", &owner);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static int
cached(void)
{
	redisContext	*rc;
	redisReply	*rep;
	int		 n;

	rc = redisConnect("127.0.0.1", svc.redis_port);
	if (rc == NULL || rc->err) {
		redisFree(rc);
		return (-1);
	}
	rep = redisCommand(rc, "EXISTS cd:c:%s:host:users", owner.company);
	n = rep ? (int)rep->integer : -1;
	freeReplyObject(rep);
	redisFree(rc);
	return (n);
}

static long
status_of(const char *path, const char *tok, char *body, size_t len)
{
	struct resp	r;
	long		s;

	h_call(&h, "GET", path, tok, NULL, &r);
	s = r.status;
	if (body != NULL)
		snprintf(body, len, "%s", r.body ? r.body : "");
	h_resp_free(&r);
	return (s);
}

START_TEST(redis_down_serves_uncached)
{
	char	body[512];
	double	t0;

	ck_assert_int_eq(status_of("/api/users", owner.access, NULL, 0), 200);
	ck_assert_int_eq(cached(), 1);
	ck_assert_int_eq(s_redis_stop(&svc), 0);

	for (int i = 0; i < 10; i++) {
		t0 = h_now();
		ck_assert_int_eq(status_of("/api/users", owner.access, body,
		    sizeof(body)), 200);
		ck_assert_ptr_nonnull(strstr(body, "o@outage.example"));
		ck_assert_msg(h_now() - t0 < 1.0, "uncached read took %.3fs",
		    h_now() - t0);
	}
	ck_assert_int_eq(status_of("/api/ready", NULL, body, sizeof(body)),
	    200);
	ck_assert_ptr_nonnull(strstr(body, "\"status\":\"degraded\""));
	ck_assert_ptr_nonnull(strstr(body, "\"redis\":{\"status\":\"down\"}"));
	ck_assert(h_log_wait(&h, "redis unreachable", 2));

	ck_assert_int_eq(s_redis_start(&svc), 0);
	ck_assert_int_eq(cached(), 0);
	t0 = h_now();
	while (cached() != 1 && h_now() - t0 < 5) {
		ck_assert_int_eq(status_of("/api/users", owner.access, NULL, 0), 200);
		usleep(100000);
	}
	ck_assert_msg(cached() == 1, "caching did not resume");
	/* Each HTTP thread retries its own connection within a second. */
	t0 = h_now();
	while (status_of("/api/ready", NULL, body, sizeof(body)) != 200 ||
	    strstr(body, "\"status\":\"ready\"") == NULL)
		ck_assert_msg(h_now() - t0 < 3, "still %s", body);
	ck_assert(h_log_wait(&h, "redis reachable again", 2));
}
END_TEST

/* The GWP set of a one-record preview: which settings its thread used. */
static char *
preview_gwp(char *out, size_t len)
{
	long	 st;
	json_t	*j = h_call_json(&h, "POST", "/api/calculate", owner.access,
	    "{\"category\":\"stationary_combustion\",\"activity\":"
	    "\"natural_gas\",\"quantity\":100,\"unit\":\"kWh\","
	    "\"period_start\":\"2024-01-01\",\"period_end\":"
	    "\"2024-01-31\"}", &st);

	ck_assert_int_eq(st, 200);
	snprintf(out, len, "%s", json_string_value(json_object_get(
	    json_array_get(json_object_get(json_array_get(json_object_get(j,
	    "records"), 0), "results"), 0), "gwp")));
	json_decref(j);
	return (out);
}

/*
 * A settings change Redis never heard of (it was down, and came back
 * without its data) reaches every thread's calculations within
 * settings_max_age (2 s here), not only after the next write.
 */
START_TEST(settings_written_while_redis_down_reach_calculations)
{
	char	 g[8];
	long	 st;
	int	 ar6 = 0;
	double	 t0;

	/* Every HTTP thread of both workers caches the AR5 settings. */
	for (int i = 0; i < 40; i++)
		ck_assert_str_eq(preview_gwp(g, sizeof(g)), "AR5");
	ck_assert_int_eq(s_redis_stop(&svc), 0);
	json_decref(h_call_json(&h, "PUT", "/api/settings/emissions",
	    owner.access, "{\"gwp\":\"AR6\"}", &st));
	ck_assert_int_eq(st, 200);
	ck_assert_int_eq(s_redis_start(&svc), 0);
	/* Redis came back empty: the generation reads as before the write. */
	usleep(2500000);
	t0 = h_now();
	for (int i = 0; i < 40; i++)
		ar6 += strcmp(preview_gwp(g, sizeof(g)), "AR6") == 0;
	ck_assert_msg(ar6 == 40, "%d of 40 previews used the new settings "
	    "%.1f s after the bound", ar6, h_now() - t0);
	json_decref(h_call_json(&h, "PUT", "/api/settings/emissions",
	    owner.access, "{\"gwp\":\"AR5\"}", &st));
}
END_TEST

START_TEST(database_restart_reconnects)
{
	char	body[512];
	double	t0, took;
	long	s;

	ck_assert_int_eq(status_of("/api/auth/me", owner.access, NULL, 0), 200);
	ck_assert_int_eq(s_pg_stop(&svc), 0);
	for (int i = 0; i < 6; i++) {
		t0 = h_now();
		s = status_of("/api/auth/me", owner.access, body, sizeof(body));
		took = h_now() - t0;
		ck_assert_msg(s == 503, "during the outage: %ld %s", s, body);
		ck_assert_ptr_nonnull(strstr(body, "\"database_unavailable\""));
		ck_assert_msg(took < 3.0, "503 took %.3fs", took);
	}
	ck_assert_int_eq(status_of("/api/ready", NULL, body, sizeof(body)),
	    503);
	ck_assert_ptr_nonnull(strstr(body, "\"database\":{\"status\":"
	    "\"down\"}"));
	/* A token-only route does not need the database. */
	ck_assert_int_eq(status_of("/api/auth/session", owner.access, NULL, 0), 200);

	ck_assert_int_eq(s_pg_start(&svc), 0);
	t0 = h_now();
	while ((s = status_of("/api/auth/me", owner.access, NULL, 0)) != 200 &&
	    h_now() - t0 < 10)
		usleep(100000);
	ck_assert_msg(s == 200, "no reconnect after restart: %ld", s);
	printf("database back: served again %.2fs after restart\n",
	    h_now() - t0);
	/* Threads still in their 0.5 s back-off catch up within a second. */
	t0 = h_now();
	while (status_of("/api/ready", NULL, NULL, 0) != 200)
		ck_assert_msg(h_now() - t0 < 2, "ready still 503");
	ck_assert(h_log_has(&h, "database unreachable"));
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("outage");
	tc = tcase_create("dependencies");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, redis_down_serves_uncached);
	tcase_add_test(tc, settings_written_while_redis_down_reach_calculations);
	tcase_add_test(tc, database_restart_reconnects);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
