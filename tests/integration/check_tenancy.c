/*
 * Tenant isolation and the security layer against a real PostgreSQL and
 * Redis: company B never sees company A's data through any endpoint or a
 * plugin's unfiltered SQL (documents: check_docstore.c, for each
 * backend); with no company, row-level security shows no row; injection
 * strings are stored verbatim; writes are audited; lists are cached in
 * Redis per company; workers run unprivileged; CORS and rate limits
 * answer as documented.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <hiredis/hiredis.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;

static void
suite_up(void)
{
	char	yaml[512];

	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n"
	    "cors_origins:\n  - https://app.example\n", h_build());
	ck_assert_int_eq(h_start_stack(&h, &svc, yaml), 0);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* Register with body fields given as JSON (so any string can be sent). */
static void
register_json(json_t *body, struct h_account *a)
{
	struct resp	 r;
	char		*text;

	text = json_dumps(body, JSON_COMPACT);
	ck_assert_int_eq(h_call(&h, "POST", "/api/auth/register", NULL, text,
	    &r), 0);
	free(text);
	ck_assert_msg(r.status == 201, "register: %ld %s", r.status, r.body);
	ck_assert_int_eq(h_json_str(&r, "access_token", a->access,
	    sizeof(a->access)), 0);
	ck_assert_int_eq(h_json_str(&r, "user.id", a->user, sizeof(a->user)),
	    0);
	ck_assert_int_eq(h_json_str(&r, "company.id", a->company,
	    sizeof(a->company)), 0);
	h_resp_free(&r);
}

static void
register_account(const char *company, const char *email, struct h_account *a)
{
	h_register(&h, company, email, a);
}

static long
call(const char *method, const char *path, const char *token,
    const char *body, struct resp *out)
{
	struct resp	r;
	long		status;

	h_call(&h, method, path, token, body, &r);
	status = r.status;
	if (out != NULL)
		*out = r;
	else
		h_resp_free(&r);
	return (status);
}

START_TEST(company_b_never_sees_a)
{
	struct h_account	a, b;
	struct resp	r;

	register_account("Alpha", "owner@alpha.example", &a);
	register_account("Beta", "owner@beta.example", &b);
	ck_assert_int_eq(call("POST", "/api/users", a.access, "{\"email\":"
	    "\"second@alpha.example\",\"name\":\"Two\",\"role\":\"editor\"}",
	    NULL), 201);
	ck_assert_int_eq(call("POST", "/api/tenant-probe/facilities", a.access,
	    "{\"name\":\"Alpha Plant\"}", NULL), 200);

	/* Every read B can make: none shows A. */
	ck_assert_int_eq(call("GET", "/api/users", b.access, NULL, &r), 200);
	ck_assert_ptr_null(strstr(r.body, "alpha.example"));
	ck_assert_ptr_nonnull(strstr(r.body, "owner@beta.example"));
	h_resp_free(&r);
	ck_assert_int_eq(call("GET", "/api/auth/me", b.access, NULL, &r), 200);
	ck_assert_ptr_null(strstr(r.body, "Alpha"));
	h_resp_free(&r);
	ck_assert_int_eq(call("GET", "/api/tenant-probe/users", b.access, NULL,
	    &r), 200);
	ck_assert_ptr_null(strstr(r.body, "alpha.example"));
	ck_assert_ptr_nonnull(strstr(r.body, "owner@beta.example"));
	h_resp_free(&r);
	/* Documents: check_docstore.c's contract, against every backend. */
	ck_assert_int_eq(call("GET", "/api/tenant-probe/users", a.access, NULL,
	    &r), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "second@alpha.example"));
	ck_assert_ptr_null(strstr(r.body, "beta.example"));
	h_resp_free(&r);
}
END_TEST

START_TEST(no_company_sees_no_rows)
{
	struct h_account	 a;
	struct resp	 r;
	PGconn		*c;
	PGresult	*res;
	char		 n[32];

	register_account("Gamma", "owner@gamma.example", &a);
	/* A plugin's SQL on a request with no company. */
	ck_assert_int_eq(call("GET", "/api/tenant-probe/anonymous-users", NULL,
	    NULL, &r), 200);
	ck_assert_str_eq(r.body, "{\"rows\":[]}");
	h_resp_free(&r);

	/* The application role itself, with no company set. */
	c = PQconnectdb(svc.pg_url);
	ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
	res = PQexec(c, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) "
	    "FROM companies) + (SELECT count(*) FROM audit_log) + (SELECT "
	    "count(*) FROM documents) + (SELECT count(*) FROM refresh_tokens)");
	ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "0");
	PQclear(res);
	/* Nor may it write a row for a company it is not. */
	res = PQexec(c, "INSERT INTO facilities (company_id, name) SELECT id, "
	    "'x' FROM (VALUES (gen_random_uuid())) v(id)");
	ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42501");
	PQclear(res);
	PQfinish(c);

	/* The superuser sees that the rows exist. */
	ck_assert_int_eq(s_psql(&svc, "SELECT count(*) > 0 FROM users", n,
	    sizeof(n)), 0);
	ck_assert_str_eq(n, "t");
}
END_TEST

START_TEST(injection_strings_verbatim)
{
	static const char *evil[] = {
		"Robert'); DROP TABLE users;--",
		"\\' OR '1'='1",
		"x\" OR 1=1 -- ",
		"$1; SELECT pg_sleep(5)",
		"Zo\xc3\xab \xe2\x80\x94 \xe6\xbc\xa2\xe5\xad\x97 %s%n",
	};
	struct h_account	 a;
	struct resp	 r;
	json_t		*body, *got;
	char		 email[64];

	for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		snprintf(email, sizeof(email), "inj%zu@inject.example", i);
		body = json_pack("{s:s, s:s, s:s, s:s}", "company_name", evil[i],
		    "email", email, "password", "correct horse battery",
		    "name", evil[i]);
		register_json(body, &a);
		json_decref(body);
		ck_assert_int_eq(call("GET", "/api/auth/me", a.access, NULL, &r),
		    200);
		got = json_loads(r.body, 0, NULL);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(got, "company"), "name")), evil[i]);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(got, "user"), "name")), evil[i]);
		json_decref(got);
		h_resp_free(&r);
		body = json_pack("{s:s}", "name", evil[i]);
		char *t = json_dumps(body, 0);
		ck_assert_int_eq(call("POST", "/api/tenant-probe/facilities",
		    a.access, t, &r), 200);
		free(t);
		json_decref(body);
		got = json_loads(r.body, 0, NULL);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_array_get(json_object_get(got, "rows"), 0), "name")),
		    evil[i]);
		json_decref(got);
		h_resp_free(&r);
	}
	ck_assert_int_eq(s_psql(&svc, "SELECT count(*) FROM users WHERE email "
	    "LIKE 'inj%'", email, sizeof(email)), 0);
	ck_assert_str_eq(email, "5");
}
END_TEST

START_TEST(writes_are_audited)
{
	struct h_account	a;
	char		sql[512], out[1024];

	register_account("Audit Co", "owner@audit.example", &a);
	ck_assert_int_eq(call("POST", "/api/users", a.access, "{\"email\":"
	    "\"ed@audit.example\",\"name\":\"Ed\",\"role\":\"editor\"}", NULL),
	    201);
	ck_assert_int_eq(call("PUT", "/api/tenant-probe/notes/a1", a.access,
	    "{\"k\":1}", NULL), 200);
	ck_assert_int_eq(call("POST", "/api/tenant-probe/facilities", a.access,
	    "{\"name\":\"Audited Plant\"}", NULL), 200);
	snprintf(sql, sizeof(sql), "SELECT string_agg(action || ':' || "
	    "(user_id IS NOT NULL)::text || ':' || (length(request_id) > 0)"
	    "::text, ',' ORDER BY id) FROM audit_log WHERE company_id = '%s'",
	    a.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "company.create:true:true,user.create:true:true,"
	    "user.create:true:true,document.put:true:true,"
	    "plugin.sql:true:true");
	/* Append-only: the application role can neither change nor delete. */
	{
		PGconn *c = PQconnectdb(svc.pg_url);
		PGresult *res = PQexec(c, "BEGIN; SELECT set_config("
		    "'cd.company_id', (SELECT company_id::text FROM login_index "
		    "WHERE email = 'owner@audit.example'), true); DELETE FROM "
		    "audit_log; UPDATE audit_log SET action = 'x'; COMMIT");
		ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
		PQclear(res);
		PQfinish(c);
	}
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "company.create:true:true"));
}
END_TEST

START_TEST(users_list_cached_per_company)
{
	struct h_account	 a;
	redisContext	*rc;
	redisReply	*rep;
	char		 key[128];

	register_account("Cache Co", "owner@cache.example", &a);
	rc = redisConnect("127.0.0.1", svc.redis_port);
	ck_assert(rc != NULL && rc->err == 0);
	snprintf(key, sizeof(key), "cd:c:%s:host:users", a.company);
	ck_assert_int_eq(call("GET", "/api/users", a.access, NULL, NULL), 200);
	rep = redisCommand(rc, "GET %s", key);
	ck_assert_int_eq(rep->type, REDIS_REPLY_STRING);
	ck_assert_ptr_nonnull(strstr(rep->str, "owner@cache.example"));
	freeReplyObject(rep);
	/* A write drops the entry; the next read sees the new user. */
	ck_assert_int_eq(call("POST", "/api/users", a.access, "{\"email\":"
	    "\"new@cache.example\",\"name\":\"N\",\"role\":\"viewer\"}", NULL),
	    201);
	rep = redisCommand(rc, "EXISTS %s", key);
	ck_assert_int_eq(rep->integer, 0);
	freeReplyObject(rep);
	struct resp r;
	ck_assert_int_eq(call("GET", "/api/users", a.access, NULL, &r), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "new@cache.example"));
	h_resp_free(&r);
	/* A plugin's keys are its own, per company. */
	ck_assert_int_eq(call("POST", "/api/tenant-probe/hits", a.access, "{}",
	    &r), 200);
	ck_assert_str_eq(r.body, "{\"cached\":true,\"hits\":1}");
	h_resp_free(&r);
	snprintf(key, sizeof(key), "cd:c:%s:p:tenant_probe:hits", a.company);
	rep = redisCommand(rc, "GET %s", key);
	ck_assert_str_eq(rep->str, "1");
	freeReplyObject(rep);
	redisFree(rc);
}
END_TEST

START_TEST(plugins_never_read_credentials)
{
	struct resp	r;

	ck_assert_int_eq(call("GET", "/api/tenant-probe/config?key=database_url",
	    NULL, NULL, &r), 200);
	ck_assert_str_eq(r.body, "{\"value\":null}");
	h_resp_free(&r);
	ck_assert_int_eq(call("GET", "/api/tenant-probe/config?key=redis_url",
	    NULL, NULL, &r), 200);
	ck_assert_str_eq(r.body, "{\"value\":null}");
	h_resp_free(&r);
	/* The control: an ordinary key is there. */
	ck_assert_int_eq(call("GET", "/api/tenant-probe/config?key=workers",
	    NULL, NULL, &r), 200);
	ck_assert_str_eq(r.body, "{\"value\":\"2\"}");
	h_resp_free(&r);
}
END_TEST

START_TEST(workers_run_unprivileged)
{
	struct resp	 r;
	const char	*p;
	char		 path[64], line[256];
	int		 pid, checked = 0;
	FILE		*fp;

	if (geteuid() != 0) {
		fprintf(stderr, "NOT RUN: workers_run_unprivileged needs root "
		    "to start the host as root\n");
		ck_abort_msg("run the suite as root to check privilege drop");
	}
	ck_assert_int_eq(h_get(&h, "/metrics", &r), 0);
	for (p = r.body; (p = strstr(p, "cd_worker_pid{slot=")) != NULL; p++) {
		ck_assert_int_eq(sscanf(strchr(p, '}') + 1, " %d", &pid), 1);
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		ck_assert_ptr_nonnull(fp = fopen(path, "r"));
		while (fgets(line, sizeof(line), fp) != NULL)
			if (strncmp(line, "Uid:", 4) == 0) {
				ck_assert_msg(atoi(line + 4) != 0, "worker %d "
				    "runs as root", pid);
				checked++;
			}
		fclose(fp);
	}
	h_resp_free(&r);
	ck_assert_int_eq(checked, 2);
}
END_TEST

START_TEST(cors_allow_list)
{
	const char	*ok[] = { "Origin: https://app.example",
	    "Access-Control-Request-Method: POST", NULL };
	const char	*bad[] = { "Origin: https://evil.example", NULL };
	struct resp	 r;

	ck_assert_int_eq(h_call_headers(&h, "OPTIONS", "/api/auth/login", ok,
	    &r), 0);
	ck_assert_int_eq(r.status, 204);
	ck_assert_ptr_nonnull(strstr(r.headers,
	    "Access-Control-Allow-Origin: https://app.example"));
	ck_assert_ptr_nonnull(strstr(r.headers,
	    "Access-Control-Allow-Methods: POST"));
	h_resp_free(&r);
	ck_assert_int_eq(h_call_headers(&h, "OPTIONS", "/api/auth/login", bad,
	    &r), 0);
	ck_assert_int_eq(r.status, 403);
	ck_assert_ptr_null(strstr(r.headers, "Access-Control-Allow-Origin"));
	h_resp_free(&r);
	ck_assert_int_eq(h_call_headers(&h, "GET", "/api/health", bad, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.headers, "Access-Control-Allow-Origin"));
	ck_assert_ptr_nonnull(strstr(r.headers, "X-Content-Type-Options: "
	    "nosniff"));
	h_resp_free(&r);
}
END_TEST

START_TEST(rate_limited_per_ip_and_user)
{
	struct host	 rl = { 0 };
	struct resp	 r;
	struct h_account	 a;
	char		 yaml[1024];
	int		 limited = 0;

	snprintf(yaml, sizeof(yaml), "database_url: %s\nredis_url: %s\n"
	    "rate_limit_ip: 20\nrate_limit_user: 5\n", svc.pg_url,
	    svc.redis_url);
	ck_assert_int_eq(h_start(&rl, yaml), 0);
	for (int i = 0; i < 25; i++) {
		h_get(&rl, "/api/plugins", &r);
		if (r.status == 429) {
			limited++;
			ck_assert_ptr_nonnull(strstr(r.headers, "Retry-After: "));
			ck_assert_ptr_nonnull(strstr(r.body, "rate_limited"));
		}
		h_resp_free(&r);
	}
	ck_assert_int_eq(limited, 5);
	/* Probes are never limited. */
	ck_assert_int_eq(h_get(&rl, "/api/health", &r), 0);
	ck_assert_int_eq(r.status, 200);
	h_resp_free(&r);
	h_stop(&rl);
	h_sh("rm -rf %s", rl.dir);

	snprintf(yaml, sizeof(yaml), "database_url: %s\nredis_url: %s\n"
	    "rate_limit_ip: 0\nrate_limit_user: 5\n", svc.pg_url,
	    svc.redis_url);
	ck_assert_int_eq(h_start(&rl, yaml), 0);
	register_account("Busy Co", "owner@busy.example", &a);
	limited = 0;
	for (int i = 0; i < 8; i++) {
		h_call(&rl, "GET", "/api/auth/session", a.access, NULL, &r);
		limited += r.status == 429;
		h_resp_free(&r);
	}
	ck_assert_int_eq(limited, 3);
	h_stop(&rl);
	h_sh("rm -rf %s", rl.dir);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("tenancy");
	tc = tcase_create("isolation");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, company_b_never_sees_a);
	tcase_add_test(tc, no_company_sees_no_rows);
	tcase_add_test(tc, injection_strings_verbatim);
	tcase_add_test(tc, writes_are_audited);
	tcase_add_test(tc, users_list_cached_per_company);
	tcase_add_test(tc, plugins_never_read_credentials);
	tcase_add_test(tc, workers_run_unprivileged);
	tcase_add_test(tc, cors_allow_list);
	tcase_add_test(tc, rate_limited_per_ip_and_user);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
