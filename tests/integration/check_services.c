/*
 * The stores harness itself: a private PostgreSQL and Redis come up, the
 * application's role is not a superuser, each server can be taken away
 * and brought back on its port, and nothing outlives s_stop, not even a
 * server restarted by another process or left by a failed start.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "hostproc.h"
#include "services.h"

static struct services	sv;

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Unchecked: one pair of servers for the case, stopped even if a test dies. */
static void
setup(void)
{
	double	t0 = now();

	ck_assert_int_eq(s_start(&sv), 0);
	fprintf(stderr, "services: up in %.2f s (postgres %d, redis %d)\n",
	    now() - t0, sv.pg_port, sv.redis_port);
}

static void
teardown(void)
{
	s_stop(&sv);
}

static int
port_open(int port)
{
	struct sockaddr_in	sa;
	int			fd, rc;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return (rc);
}

static redisContext *
redis(const struct services *s)
{
	struct timeval	 tv = { 1, 0 };
	redisContext	*c;

	c = redisConnectWithTimeout("127.0.0.1", s->redis_port, tv);
	if (c != NULL && c->err == 0)
		redisSetTimeout(c, tv);
	return (c);
}

static int
redis_pings(const struct services *s)
{
	redisContext	*c;
	redisReply	*r;
	int		 ok;

	if ((c = redis(s)) == NULL || c->err) {
		redisFree(c);
		return (0);
	}
	r = redisCommand(c, "PING");
	ok = r != NULL && r->type == REDIS_REPLY_STATUS &&
	    strcmp(r->str, "PONG") == 0;
	freeReplyObject(r);
	redisFree(c);
	return (ok);
}

START_TEST(app_role_is_not_superuser)
{
	PGconn		*c;
	PGresult	*r;
	char		 out[256];

	c = PQconnectdb(sv.pg_url);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	r = PQexec(c, "SELECT current_user, usesuper FROM pg_user "
	    "WHERE usename = current_user");
	ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	ck_assert_int_eq(PQntuples(r), 1);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "cd_app");
	ck_assert_str_eq(PQgetvalue(r, 0, 1), "f");
	PQclear(r);
	r = PQexec(c, "SELECT rolbypassrls FROM pg_roles "
	    "WHERE rolname = current_user");
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "f");
	PQclear(r);
	PQfinish(c);

	/* The admin side: the superuser, in the application's database. */
	ck_assert_int_eq(s_psql(&sv, "SELECT current_user, usesuper, "
	    "pg_get_userbyid(datdba) FROM pg_user, pg_database "
	    "WHERE usename = current_user AND datname = current_database()",
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, "postgres|t|cd_app");
	ck_assert_int_ne(s_psql(&sv, "SELECT no_such_column", out,
	    sizeof(out)), 0);
}
END_TEST

START_TEST(redis_set_get)
{
	redisContext	*c;
	redisReply	*r;

	c = redis(&sv);
	ck_assert_msg(c != NULL && c->err == 0, "redis: %s",
	    c ? c->errstr : "no context");
	r = redisCommand(c, "SET %s %s", "cd:test", "42");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->str, "OK");
	freeReplyObject(r);
	r = redisCommand(c, "GET %s", "cd:test");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->type, REDIS_REPLY_STRING);
	ck_assert_str_eq(r->str, "42");
	freeReplyObject(r);
	redisFree(c);
}
END_TEST

START_TEST(redis_outage)
{
	int	port = sv.redis_port;

	ck_assert(redis_pings(&sv));
	ck_assert_int_eq(s_redis_stop(&sv), 0);
	ck_assert(!redis_pings(&sv));
	ck_assert_int_eq(s_redis_stop(&sv), 0);	/* already down: fine */
	ck_assert_int_eq(s_redis_start(&sv), 0);
	ck_assert_int_eq(sv.redis_port, port);
	ck_assert(redis_pings(&sv));
}
END_TEST

START_TEST(pg_outage)
{
	PGconn	*c;
	char	 out[64];
	double	 t0;

	ck_assert_int_eq(s_psql(&sv, "CREATE TABLE kept (x int);"
	    "INSERT INTO kept VALUES (7);", NULL, 0), 0);
	ck_assert_int_eq(s_pg_stop(&sv), 0);
	t0 = now();
	c = PQconnectdb(sv.pg_url);
	ck_assert_int_ne(PQstatus(c), CONNECTION_OK);
	PQfinish(c);
	ck_assert_msg(now() - t0 < 3.0, "refusal took %.2f s", now() - t0);
	ck_assert_int_eq(s_pg_stop(&sv), 0);	/* already down: fine */

	ck_assert_int_eq(s_pg_start(&sv), 0);
	c = PQconnectdb(sv.pg_url);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
	PQfinish(c);
	ck_assert_int_eq(s_psql(&sv, "SELECT x FROM kept", out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, "7");
}
END_TEST

/* Runs after redis_outage: a server restarted in a test's process stays. */
START_TEST(restarted_servers_outlive_the_test)
{
	ck_assert(redis_pings(&sv));
	ck_assert_int_eq(s_psql(&sv, "SELECT 1", NULL, 0), 0);
}
END_TEST

START_TEST(stop_leaves_nothing)
{
	struct services	s, copy;
	struct stat	st;
	pid_t		pid;
	int		status;

	ck_assert_int_eq(s_start(&s), 0);
	/* Another process restarts Redis: only the pid file knows it. */
	if ((pid = fork()) == 0)
		_exit(s_redis_stop(&s) == 0 && s_redis_start(&s) == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(status, 0);
	ck_assert(redis_pings(&s));

	copy = s;
	s_stop(&s);
	ck_assert_int_eq(s.dir[0], '\0');
	ck_assert_int_eq(port_open(copy.pg_port), 0);
	ck_assert_int_eq(port_open(copy.redis_port), 0);
	ck_assert_int_eq(stat(copy.dir, &st), -1);
	s_stop(&s);				/* twice: harmless */
	ck_assert_int_eq(s_pg_stop(&s), -1);	/* nothing to act on */
	ck_assert_int_eq(s_redis_start(&s), -1);
}
END_TEST

START_TEST(failed_start_leaves_nothing)
{
	struct services	s;

	/* Redis fails after PostgreSQL came up: it must be stopped again. */
	setenv("CD_REDIS_SERVER", "/bin/false", 1);
	ck_assert_int_ne(s_start(&s), 0);
	unsetenv("CD_REDIS_SERVER");
	ck_assert_int_eq(s.dir[0], '\0');
	ck_assert_int_ne(s.pg_port, 0);
	ck_assert_int_eq(port_open(s.pg_port), 0);

	/* A missing server is a failure, never a skipped test. */
	setenv("CD_PG_BIN", "/nonexistent", 1);
	ck_assert_int_ne(s_start(&s), 0);
	unsetenv("CD_PG_BIN");
	ck_assert_int_eq(s.dir[0], '\0');
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("services");
	tc = tcase_create("servers");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, app_role_is_not_superuser);
	tcase_add_test(tc, redis_outage);
	tcase_add_test(tc, redis_set_get);
	tcase_add_test(tc, pg_outage);
	tcase_add_test(tc, restarted_servers_outlive_the_test);
	suite_add_tcase(s, tc);
	tc = tcase_create("lifecycle");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, stop_leaves_nothing);
	tcase_add_test(tc, failed_start_leaves_nothing);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
