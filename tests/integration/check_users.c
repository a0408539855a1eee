/*
 * Users and roles against a real PostgreSQL and Redis: GET /api/users
 * lists id, email, name and role (admins and owners only); PUT
 * /api/users/{id} {"role"} changes a role, drops the cached list,
 * records "user.role" with the old and new role and reaches the user's
 * next login; only an owner grants or takes away "owner"; the last
 * owner stays (409 last_owner), also when two owners demote each other
 * at the same moment; a bad role is 422 naming "role"; another
 * company's user is 404.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;
static struct h_account	a;		/* owner of Roles Co */
static struct h_account	b;		/* owner of Elsewhere Co */

static struct h_member	admin = { .role = "admin" };
static struct h_member	editor = { .role = "editor" };
static struct h_member	viewer = { .role = "viewer" };

static json_t *
call(const char *method, const char *path, const char *token,
    const char *body, long *status)
{
	return (h_call_json(&h, method, path, token, body, status));
}

static const char *
str(const json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

static void
suite_up(void)
{
	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Roles Co", "owner@roles.example", &a);
	h_register(&h, "Elsewhere Co", "owner@elsewhere.example", &b);
	h_member_add(&h, a.access, "roles.example", &admin);
	h_member_add(&h, a.access, "roles.example", &editor);
	h_member_add(&h, a.access, "roles.example", &viewer);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* PUT /api/users/{id} {"role":role} as token: the status, body in *out. */
static long
set_role(const char *token, const char *id, const char *role, json_t **out)
{
	char	 path[96], body[96];
	long	 st;
	json_t	*j;

	snprintf(path, sizeof(path), "/api/users/%s", id);
	snprintf(body, sizeof(body), "{\"role\":\"%s\"}", role);
	j = call("PUT", path, token, body, &st);
	if (out != NULL)
		*out = j;
	else
		json_decref(j);
	return (st);
}

/* The error of a refused call: its code and field must be these. */
static void
refused(json_t *j, const char *code, const char *field)
{
	const json_t	*e = json_object_get(j, "error");

	ck_assert_str_eq(str(e, "code"), code);
	if (field != NULL)
		ck_assert_str_eq(str(e, "field"), field);
	json_decref(j);
}

/* The role GET /api/users shows for id, or NULL. */
static char *
listed_role(const char *token, const char *id)
{
	const json_t	*u;
	json_t		*j;
	long		 st;
	size_t		 i;
	char		*role = NULL;

	j = call("GET", "/api/users", token, NULL, &st);
	ck_assert_int_eq(st, 200);
	json_array_foreach(j, i, u)
		if (strcmp(str(u, "id"), id) == 0)
			role = strdup(str(u, "role"));
	json_decref(j);
	return (role);
}

static long long
role_audits(const char *target)
{
	char	sql[256], out[32];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE "
	    "action = 'user.role' AND target = '%s'", target);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	return (atoll(out));
}

START_TEST(list_shows_who_and_role)
{
	const json_t	*u;
	json_t		*j;
	long		 st;
	size_t		 i;
	int		 seen = 0;

	j = call("GET", "/api/users", admin.token, NULL, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_int_eq(json_array_size(j), 4);
	json_array_foreach(j, i, u) {
		ck_assert_int_eq(strlen(str(u, "id")), 36);
		ck_assert_ptr_nonnull(str(u, "email"));
		ck_assert_ptr_nonnull(str(u, "name"));
		ck_assert_ptr_nonnull(str(u, "role"));
		if (strcmp(str(u, "id"), editor.id) == 0) {
			ck_assert_str_eq(str(u, "email"), editor.email);
			ck_assert_str_eq(str(u, "name"), "The editor");
			ck_assert_str_eq(str(u, "role"), "editor");
			seen++;
		}
		if (strcmp(str(u, "id"), a.user) == 0) {
			ck_assert_str_eq(str(u, "role"), "owner");
			seen++;
		}
	}
	ck_assert_int_eq(seen, 2);
	json_decref(j);
	refused(call("GET", "/api/users", editor.token, NULL, &st), "forbidden",
	    NULL);
	ck_assert_int_eq(st, 403);
	/* Another company's list has only its own owner. */
	j = call("GET", "/api/users", b.access, NULL, &st);
	ck_assert_int_eq(json_array_size(j), 1);
	ck_assert_str_eq(str(json_array_get(j, 0), "id"), b.user);
	json_decref(j);
}
END_TEST

START_TEST(role_changed_audited_uncached)
{
	char	 sql[512], out[256], *role, token[1024];
	long	 st;
	json_t	*j;

	/* The list is cached now; the change must drop it. */
	role = listed_role(admin.token, viewer.id);
	ck_assert_str_eq(role, "viewer");
	free(role);
	ck_assert_int_eq(set_role(admin.token, viewer.id, "editor", &j), 200);
	ck_assert_str_eq(str(j, "id"), viewer.id);
	ck_assert_str_eq(str(j, "email"), viewer.email);
	ck_assert_str_eq(str(j, "name"), "The viewer");
	ck_assert_str_eq(str(j, "role"), "editor");
	json_decref(j);
	role = listed_role(admin.token, viewer.id);
	ck_assert_str_eq(role, "editor");
	free(role);

	snprintf(sql, sizeof(sql), "SELECT user_id || ' ' || (detail->>'old') "
	    "|| ' ' || (detail->>'new') FROM audit_log WHERE action = "
	    "'user.role' AND target = '%s' AND company_id = '%s'", viewer.id,
	    a.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	snprintf(sql, sizeof(sql), "%s viewer editor", admin.id);
	ck_assert_str_eq(out, sql);

	/* The same role again: 200, nothing written. */
	ck_assert_int_eq(set_role(admin.token, viewer.id, "editor", NULL),
	    200);
	ck_assert_int_eq(role_audits(viewer.id), 1);

	/* The next login carries the new role, and it writes. */
	h_login(&h, viewer.email, H_MEMBER_PASSWORD, token, sizeof(token));
	j = call("GET", "/api/auth/session", token, NULL, &st);
	ck_assert_str_eq(str(j, "role"), "editor");
	json_decref(j);
	json_decref(call("PUT", "/api/denominators", token, "{\"year\":2024,"
	    "\"kind\":\"fte\",\"value\":3,\"unit\":\"FTE\"}", &st));
	ck_assert_int_eq(st, 200);

	/* And back, as the audit log shows twice. */
	ck_assert_int_eq(set_role(admin.token, viewer.id, "viewer", NULL), 200);
	ck_assert_int_eq(role_audits(viewer.id), 2);
}
END_TEST

START_TEST(bad_requests)
{
	static const char *const bodies[][3] = {
		{ "{\"role\":\"superuser\"}", "invalid_field", "role" },
		{ "{\"role\":\"Admin\"}", "invalid_field", "role" },
		{ "{\"role\":4}", "invalid_field", "role" },
		{ "{\"role\":\"\"}", "invalid_field", "role" },
		{ "{}", "missing_field", "role" },
	};
	char	 path[96];
	long	 st;
	json_t	*j;

	snprintf(path, sizeof(path), "/api/users/%s", editor.id);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		j = call("PUT", path, admin.token, bodies[i][0], &st);
		ck_assert_msg(st == 422, "%s: %ld", bodies[i][0], st);
		refused(j, bodies[i][1], bodies[i][2]);
	}
	refused(call("PUT", path, admin.token, "[]", &st), "body_required",
	    NULL);
	ck_assert_int_eq(st, 400);

	/* Another company's user, no such user, not a uuid: 404. */
	ck_assert_int_eq(set_role(admin.token, b.user, "viewer", &j), 404);
	refused(j, "not_found", NULL);
	ck_assert_int_eq(set_role(b.access, editor.id, "viewer", &j), 404);
	refused(j, "not_found", NULL);
	ck_assert_int_eq(set_role(admin.token,
	    "6f0e8a2c-1111-4222-8333-444455556666", "viewer", NULL), 404);
	ck_assert_int_eq(set_role(admin.token, "nope", "viewer", NULL), 404);

	/* Below admin: 403, nothing changed. */
	ck_assert_int_eq(set_role(editor.token, viewer.id, "admin", &j), 403);
	refused(j, "forbidden", NULL);
	ck_assert_int_eq(set_role(viewer.token, viewer.id, "admin", NULL), 403);
	ck_assert_int_eq(set_role(NULL, viewer.id, "admin", NULL), 401);
	ck_assert_int_eq(role_audits(editor.id), 0);
	ck_assert_int_eq(role_audits(b.user), 0);
}
END_TEST

START_TEST(owner_only_by_owners)
{
	char	*role;
	json_t	*j;

	/* An admin neither grants nor takes away owner. */
	ck_assert_int_eq(set_role(admin.token, editor.id, "owner", &j), 403);
	refused(j, "forbidden", "role");
	ck_assert_int_eq(set_role(admin.token, a.user, "admin", &j), 403);
	refused(j, "forbidden", "role");
	role = listed_role(a.access, a.user);
	ck_assert_str_eq(role, "owner");
	free(role);
	/* An admin may move other roles, an admin's included. */
	ck_assert_int_eq(set_role(admin.token, editor.id, "auditor", NULL),
	    200);
	ck_assert_int_eq(set_role(admin.token, editor.id, "editor", NULL),
	    200);
}
END_TEST

START_TEST(last_owner_stays)
{
	char	 other[1024];
	json_t	*j;

	ck_assert_int_eq(set_role(a.access, a.user, "admin", &j), 409);
	refused(j, "last_owner", "role");
	/* With a second owner, the first may step down... */
	ck_assert_int_eq(set_role(a.access, admin.id, "owner", NULL), 200);
	ck_assert_int_eq(set_role(a.access, a.user, "admin", NULL), 200);
	/* ...and the second, now alone, may not. */
	h_login(&h, admin.email, H_MEMBER_PASSWORD, other, sizeof(other));
	ck_assert_int_eq(set_role(other, admin.id, "editor", &j), 409);
	refused(j, "last_owner", "role");
	/* Put a back as owner for the next test. */
	ck_assert_int_eq(set_role(other, a.user, "owner", NULL), 200);
	ck_assert_int_eq(role_audits(a.user), 2);
}
END_TEST

struct demote {
	const char	*token;
	const char	*target;
	long		 status;
};

static void *
demote(void *arg)
{
	struct demote	*d = arg;
	char		 path[96];
	struct resp	 r;

	snprintf(path, sizeof(path), "/api/users/%s", d->target);
	if (h_call(&h, "PUT", path, d->token, "{\"role\":\"viewer\"}", &r) ==
	    0)
		d->status = r.status;
	h_resp_free(&r);
	return (NULL);
}

/* Two owners demote each other at once: one wins, one owner remains. */
START_TEST(owners_demoting_each_other)
{
	char		 ta[1024], tb[1024], sql[256], out[32];
	struct demote	 d[2];
	pthread_t	 t[2];

	/* Both tokens say owner for their whole life. */
	h_login(&h, "owner@roles.example", "correct horse battery", ta,
	    sizeof(ta));
	h_login(&h, admin.email, H_MEMBER_PASSWORD, tb, sizeof(tb));
	for (int round = 0; round < 10; round++) {
		d[0] = (struct demote){ ta, admin.id, 0 };
		d[1] = (struct demote){ tb, a.user, 0 };
		for (int i = 0; i < 2; i++)
			ck_assert_int_eq(pthread_create(&t[i], NULL, demote,
			    &d[i]), 0);
		for (int i = 0; i < 2; i++)
			ck_assert_int_eq(pthread_join(t[i], NULL), 0);
		ck_assert_msg((d[0].status == 200 && d[1].status == 409) ||
		    (d[0].status == 409 && d[1].status == 200),
		    "round %d: %ld and %ld", round, d[0].status, d[1].status);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM users WHERE "
		    "company_id = '%s' AND role = 'owner'", a.company);
		ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
		ck_assert_str_eq(out, "1");
		/* Both owners again: the winner's victim back as owner. */
		snprintf(sql, sizeof(sql), "UPDATE users SET role = 'owner' "
		    "WHERE id IN ('%s', '%s')", a.user, admin.id);
		ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
	}
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("users");
	tc = tcase_create("roles");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, list_shows_who_and_role);
	tcase_add_test(tc, role_changed_audited_uncached);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, owner_only_by_owners);
	tcase_add_test(tc, last_owner_stays);
	tcase_add_test(tc, owners_demoting_each_other);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
