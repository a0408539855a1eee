/*
 * Redis with a password (requirepass, as the compose stack runs it): the
 * host logs in with the password from redis_url and caches; a wrong one
 * leaves it serving uncached with the refusal logged, never the password;
 * a malformed URL stops it at start without echoing the URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <hiredis/hiredis.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define PASSWORD	"s3cret-redis-pass-for-tests"

static struct services	svc;
static struct host	h;

/* One command on the test Redis as an authenticated admin client. */
static long long
redis_int(const char *cmd, const char *arg)
{
	redisContext	*rc;
	redisReply	*rep;
	long long	 n = -1;

	ck_assert_ptr_nonnull(rc = redisConnect("127.0.0.1", svc.redis_port));
	ck_assert_int_eq(rc->err, 0);
	rep = redisCommand(rc, "AUTH %s", PASSWORD);
	freeReplyObject(rep);
	rep = arg ? redisCommand(rc, cmd, arg) : redisCommand(rc, cmd);
	if (rep != NULL && rep->type == REDIS_REPLY_INTEGER)
		n = rep->integer;
	freeReplyObject(rep);
	redisFree(rc);
	return (n);
}

/* A host on the test PostgreSQL and Redis under redis_url. */
static int
start_with(const char *redis_url)
{
	char	yaml[1024];

	snprintf(yaml, sizeof(yaml), "database_url: %s\nredis_url: %s\n",
	    svc.pg_url, redis_url);
	return (h_start(&h, yaml));
}

static void
suite_up(void)
{
	redisContext	*rc;
	redisReply	*rep;

	ck_assert_int_eq(s_start(&svc), 0);
	ck_assert_ptr_nonnull(rc = redisConnect("127.0.0.1", svc.redis_port));
	rep = redisCommand(rc, "CONFIG SET requirepass %s", PASSWORD);
	ck_assert_ptr_nonnull(rep);
	ck_assert_int_eq(rep->type, REDIS_REPLY_STATUS);
	freeReplyObject(rep);
	redisFree(rc);
}

static void
suite_down(void)
{
	s_stop(&svc);
	h_sh("rm -rf %s", h.dir);
}

/* What /api/ready says of Redis: checks.redis.status. */
static const char *
ready_redis(void)
{
	static char	 out[64];
	struct resp	 r;
	json_t		*j;
	const char	*st;

	ck_assert_int_eq(h_get(&h, "/api/ready", &r), 0);
	j = json_loads(r.body ? r.body : "", 0, NULL);
	st = json_string_value(json_object_get(json_object_get(json_object_get(
	    j, "checks"), "redis"), "status"));
	snprintf(out, sizeof(out), "%s", st ? st : "?");
	json_decref(j);
	h_resp_free(&r);
	return (out);
}

START_TEST(logs_in_with_the_password)
{
	char		url[256];
	struct h_account a;
	struct resp	r;

	snprintf(url, sizeof(url), "redis://:%s@127.0.0.1:%d", PASSWORD,
	    svc.redis_port);
	ck_assert_int_eq(start_with(url), 0);
	ck_assert_str_eq(ready_redis(), "ok");
	h_register(&h, "Auth Co", "a@redis-auth.example", &a);
	ck_assert_int_eq(h_call(&h, "GET", "/api/users", a.access, NULL, &r),
	    0);
	ck_assert_int_eq(r.status, 200);
	h_resp_free(&r);
	ck_assert_int_eq(redis_int("EXISTS cd:c:%s:host:users", a.company), 1);
	ck_assert(!h_log_has(&h, PASSWORD));
	h_stop(&h);
}
END_TEST

START_TEST(wrong_password_serves_uncached)
{
	char	url[256];

	snprintf(url, sizeof(url), "redis://:not-the-password@127.0.0.1:%d",
	    svc.redis_port);
	ck_assert_int_eq(start_with(url), 0);
	ck_assert_str_eq(ready_redis(), "down");
	ck_assert(h_log_wait(&h, "AUTH refused", 3));
	ck_assert(!h_log_has(&h, "not-the-password"));
	h_stop(&h);
}
END_TEST

START_TEST(malformed_url_refused_without_echo)
{
	ck_assert_int_ne(start_with("redis://:hunter2-secret@127.0.0.1"), 0);
	ck_assert(h_log_has(&h, "redis_url must be"));
	ck_assert(!h_log_has(&h, "hunter2-secret"));
	ck_assert_int_ne(start_with("redis://:@127.0.0.1:6379"), 0);
	ck_assert(h_log_has(&h, "redis_url must be"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("redis_auth");
	TCase	*tc = tcase_create("redis_auth");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, logs_in_with_the_password);
	tcase_add_test(tc, wrong_password_serves_uncached);
	tcase_add_test(tc, malformed_url_refused_without_echo);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
