/*
 * GET /api/audit against a real PostgreSQL and Redis: the company's log
 * newest first with the writer's name and e-mail, filters by action
 * (exact and prefix), user and inclusive UTC days (rows planted on both
 * sides of a midnight), paging, CSV with the same rows, 422 naming each
 * bad argument, auditor and above only, and another company's rows
 * never shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "cd.h"
#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;
static struct h_account	a;		/* owner of Audit Co */
static struct h_account	b;		/* owner of Other Co */

static struct h_member	admin = { .role = "admin" };
static struct h_member	editor = { .role = "editor" };
static struct h_member	viewer = { .role = "viewer" };
static struct h_member	auditor = { .role = "auditor" };
static char		act[40];	/* the activity the editor deleted */

static json_t *
call(const char *method, const char *path, const char *token,
    const char *body, long *status)
{
	return (h_call_json(&h, method, path, token, body, status));
}

static long long
sql_count(const char *where)
{
	char	sql[512], out[32];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE "
	    "company_id = '%s' AND %s", a.company, where);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	return (atoll(out));
}

static void
suite_up(void)
{
	char	 sql[512], path[96];
	long	 st;
	json_t	*j;

	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Audit Co", "owner@audit.example", &a);
	h_register(&h, "Other Co", "owner@other.example", &b);
	h_member_add(&h, a.access, "audit.example", &admin);
	h_member_add(&h, a.access, "audit.example", &editor);
	h_member_add(&h, a.access, "audit.example", &viewer);
	h_member_add(&h, a.access, "audit.example", &auditor);

	/* Writes by the admin and the editor. */
	json_decref(call("POST", "/api/entities", admin.token,
	    "{\"name\":\"Audit Holdings\"}", &st));
	ck_assert_int_eq(st, 201);
	j = call("POST", "/api/activities", editor.token, "{\"category\":"
	    "\"stationary_combustion\",\"activity\":\"natural_gas\","
	    "\"quantity\":100,\"unit\":\"kWh\",\"period_start\":\"2024-01-01\","
	    "\"period_end\":\"2024-01-31\"}", &st);
	ck_assert_int_eq(st, 201);
	snprintf(act, sizeof(act), "%s", json_string_value(json_object_get(
	    json_array_get(json_object_get(j, "activities"), 0), "id")));
	json_decref(j);
	snprintf(path, sizeof(path), "/api/activities/%s", act);
	json_decref(call("DELETE", path, editor.token, NULL, &st));
	ck_assert_int_eq(st, 204);

	/* Two rows either side of midnight UTC, 15/16 March 2020. */
	snprintf(sql, sizeof(sql), "INSERT INTO audit_log (company_id, action, "
	    "target, at) VALUES ('%s', 'test.late', 'x', '2020-03-15 "
	    "23:59:59.999+00'), ('%s', 'test.early', 'y', '2020-03-16 "
	    "00:00:00+00'), ('%s', 'test.other', 'z', '2020-03-16 "
	    "12:00:00+00')", a.company, a.company, b.company);
	ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* GET /api/audit?query as token: 200 and its body. */
static json_t *
audit(const char *token, const char *query)
{
	char	 path[512];
	long	 st;
	json_t	*j;

	snprintf(path, sizeof(path), "/api/audit%s%s", query ? "?" : "",
	    query ? query : "");
	j = call("GET", path, token, NULL, &st);
	ck_assert_msg(st == 200, "%s: %ld", path, st);
	ck_assert(json_is_array(json_object_get(j, "entries")));
	return (j);
}

static long long
total(const json_t *j)
{
	return (json_integer_value(json_object_get(j, "total")));
}

static const char *
str(const json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

START_TEST(newest_first_with_who)
{
	json_t		*j, *e;
	const json_t	*x;
	const char	*prev = NULL;
	size_t		 i;

	j = audit(auditor.token, NULL);
	ck_assert_int_eq(total(j), sql_count("true"));
	e = json_object_get(j, "entries");
	ck_assert_int_eq(json_array_size(e), total(j));
	json_array_foreach(e, i, x) {
		ck_assert_int_eq(json_object_size(x), 8);
		ck_assert_ptr_nonnull(str(x, "at"));
		ck_assert_int_eq(strlen(str(x, "at")), 24);	/* ...SS.mmmZ */
		if (prev != NULL)
			ck_assert(strcmp(str(x, "at"), prev) <= 0);
		prev = str(x, "at");
	}
	/* The newest: the editor's delete, with who, what and why. */
	x = json_array_get(e, 0);
	ck_assert_str_eq(str(x, "action"), "activity.delete");
	ck_assert_str_eq(str(x, "target"), act);
	ck_assert_str_eq(str(x, "user_id"), editor.id);
	ck_assert_str_eq(str(x, "user_name"), "The editor");
	ck_assert_str_eq(str(x, "user_email"), editor.email);
	ck_assert_int_gt(strlen(str(x, "request_id")), 0);
	ck_assert_str_eq(str(json_object_get(x, "detail"), "category"),
	    "stationary_combustion");
	/* The oldest: the planted row, no user. */
	x = json_array_get(e, json_array_size(e) - 1);
	ck_assert_str_eq(str(x, "action"), "test.late");
	ck_assert_str_eq(str(x, "at"), "2020-03-15T23:59:59.999Z");
	ck_assert(json_is_null(json_object_get(x, "user_id")));
	ck_assert(json_is_null(json_object_get(x, "user_name")));
	ck_assert(json_is_null(json_object_get(x, "request_id")));
	ck_assert_int_eq(json_object_size(json_object_get(x, "detail")), 0);
	json_decref(j);
}
END_TEST

START_TEST(filters)
{
	static const struct { const char *q, *where; long long n; } cases[] = {
		{ "action=activity.delete", "action = 'activity.delete'", 1 },
		{ "action=activity", "false", 0 },
		{ "action=activity.", "action LIKE 'activity.%'", 1 },
		{ "action=activities.", "action LIKE 'activities.%'", 1 },
		{ "action=user.", "action LIKE 'user.%'", 5 },
		{ "action=session.", "action LIKE 'session.%'", 4 },
		{ "action=entity.create", "action = 'entity.create'", 1 },
		{ "from=2020-03-15&to=2020-03-15", "action = 'test.late'", 1 },
		{ "from=2020-03-16&to=2020-03-16", "action = 'test.early'", 1 },
		{ "to=2020-03-16", "action LIKE 'test.%'", 2 },
		{ "from=2020-03-17", "action NOT LIKE 'test.%'", -1 },
		{ "from=2020-03-14&to=2020-03-14", "false", 0 },
		{ "action=test.&from=2020-03-16", "action = 'test.early'", 1 },
	};
	char	 q[256], where[128];
	json_t	*j;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		j = audit(auditor.token, cases[i].q);
		ck_assert_msg(total(j) == sql_count(cases[i].where), "%s: %lld",
		    cases[i].q, total(j));
		if (cases[i].n >= 0)
			ck_assert_msg(total(j) == cases[i].n, "%s: %lld",
			    cases[i].q, total(j));
		json_decref(j);
	}

	/* By user: the editor's login and two writes; the admin's entity. */
	snprintf(q, sizeof(q), "user_id=%s", editor.id);
	j = audit(auditor.token, q);
	snprintf(where, sizeof(where), "user_id = '%s'", editor.id);
	ck_assert_int_eq(total(j), sql_count(where));
	ck_assert_int_eq(total(j), 3);
	json_decref(j);
	snprintf(q, sizeof(q), "user_id=%s&action=entity.", admin.id);
	j = audit(auditor.token, q);
	ck_assert_int_eq(total(j), 1);
	ck_assert_str_eq(str(json_array_get(json_object_get(j, "entries"), 0),
	    "user_email"), admin.email);
	json_decref(j);
}
END_TEST

START_TEST(paging)
{
	json_t	*all, *j;

	all = audit(auditor.token, NULL);
	ck_assert_int_ge(total(all), 5);
	j = audit(auditor.token, "limit=2");
	ck_assert_int_eq(total(j), total(all));
	ck_assert_int_eq(json_array_size(json_object_get(j, "entries")), 2);
	json_decref(j);
	j = audit(auditor.token, "limit=2&offset=3");
	ck_assert(json_equal(json_array_get(json_object_get(j, "entries"), 0),
	    json_array_get(json_object_get(all, "entries"), 3)));
	ck_assert(json_equal(json_array_get(json_object_get(j, "entries"), 1),
	    json_array_get(json_object_get(all, "entries"), 4)));
	json_decref(j);
	j = audit(auditor.token, "offset=100000");
	ck_assert_int_eq(total(j), total(all));
	ck_assert_int_eq(json_array_size(json_object_get(j, "entries")), 0);
	json_decref(j);
	json_decref(all);
}
END_TEST

START_TEST(bad_arguments_named)
{
	static const struct { const char *q, *field; } cases[] = {
		{ "action=", "action" },
		{ "user_id=nope", "user_id" },
		{ "user_id=", "user_id" },
		{ "from=2024-02-30", "from" },
		{ "from=20240201", "from" },
		{ "to=2024-13-01", "to" },
		{ "from=2024-02-02&to=2024-02-01", "to" },
		{ "limit=0", "limit" },
		{ "limit=1001", "limit" },
		{ "limit=ten", "limit" },
		{ "offset=-1", "offset" },
		{ "format=xml", "format" },
	};
	char	 path[256], longq[160];
	long	 st;
	json_t	*j;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "/api/audit?%s", cases[i].q);
		j = call("GET", path, auditor.token, NULL, &st);
		ck_assert_msg(st == 422, "%s: %ld", path, st);
		ck_assert_str_eq(str(json_object_get(j, "error"), "field"),
		    cases[i].field);
		json_decref(j);
	}
	memset(longq, 'a', sizeof(longq));
	memcpy(longq, "action=", 7);
	longq[7 + 101] = '\0';
	snprintf(path, sizeof(path), "/api/audit?%s", longq);
	j = call("GET", path, auditor.token, NULL, &st);
	ck_assert_int_eq(st, 422);
	ck_assert_str_eq(str(json_object_get(j, "error"), "field"), "action");
	json_decref(j);
}
END_TEST

START_TEST(csv_same_rows)
{
	struct cd_csv	*c;
	struct resp	 r;
	json_t		*j;
	size_t		 off = 0, used;
	int		 rec = 0;
	static const char *const head[] = { "at", "user_id", "user_name",
	    "user_email", "action", "target", "request_id", "detail" };

	ck_assert_int_eq(h_call(&h, "GET", "/api/audit?format=csv&limit=3",
	    auditor.token, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.headers, "text/csv"));
	j = audit(auditor.token, "limit=3");
	c = malloc(sizeof(*c));
	cd_csv_init(c, 1);
	while (off < r.len) {
		int got = cd_csv_feed(c, r.body + off, r.len - off, &used);
		off += used;
		if (!got)
			continue;
		ck_assert_ptr_null(c->error);
		ck_assert_int_eq(c->nfields, 8);
		if (rec == 0)
			for (int f = 0; f < 8; f++)
				ck_assert_str_eq(c->field[f], head[f]);
		else {
			const json_t *e = json_array_get(json_object_get(j,
			    "entries"), (size_t)rec - 1);
			json_t *d = json_loads(c->field[7], 0, NULL);
			ck_assert_str_eq(c->field[0], str(e, "at"));
			ck_assert_str_eq(c->field[4], str(e, "action"));
			ck_assert_str_eq(c->field[5], str(e, "target") ?
			    str(e, "target") : "");
			ck_assert(json_equal(d, json_object_get(e, "detail")));
			json_decref(d);
		}
		rec++;
	}
	ck_assert_int_eq(rec, 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "entries"), 0), "action")), "activity.delete");
	free(c);
	json_decref(j);
	h_resp_free(&r);
}
END_TEST

START_TEST(auditors_and_above)
{
	const char	*allowed[] = { auditor.token, editor.token, admin.token,
			    a.access };
	long		 st;
	json_t		*j;

	for (size_t i = 0; i < 4; i++)
		json_decref(audit(allowed[i], "limit=1"));
	j = call("GET", "/api/audit", viewer.token, NULL, &st);
	ck_assert_int_eq(st, 403);
	ck_assert_str_eq(str(json_object_get(j, "error"), "code"), "forbidden");
	json_decref(j);
	json_decref(call("GET", "/api/audit", NULL, NULL, &st));
	ck_assert_int_eq(st, 401);
}
END_TEST

START_TEST(other_company_sees_its_own)
{
	char		 sql[256], out[32], q[96];
	const json_t	*e;
	json_t		*j;
	size_t		 i;

	j = audit(b.access, "limit=1000");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE "
	    "company_id = '%s'", b.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_int_eq(total(j), atoll(out));
	json_array_foreach(json_object_get(j, "entries"), i, e) {
		ck_assert_str_ne(str(e, "action"), "activity.delete");
		ck_assert_str_ne(str(e, "action"), "test.late");
		ck_assert(str(e, "target") == NULL || strcmp(str(e, "target"),
		    a.company) != 0);
	}
	json_decref(j);
	snprintf(q, sizeof(q), "user_id=%s", editor.id);
	j = audit(b.access, q);
	ck_assert_int_eq(total(j), 0);
	json_decref(j);
	j = audit(b.access, "action=test.");
	ck_assert_int_eq(total(j), 1);
	ck_assert_str_eq(str(json_array_get(json_object_get(j, "entries"), 0),
	    "target"), "z");
	json_decref(j);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("audit");
	tc = tcase_create("log");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, newest_first_with_who);
	tcase_add_test(tc, filters);
	tcase_add_test(tc, paging);
	tcase_add_test(tc, bad_arguments_named);
	tcase_add_test(tc, csv_same_rows);
	tcase_add_test(tc, auditors_and_above);
	tcase_add_test(tc, other_company_sees_its_own);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
