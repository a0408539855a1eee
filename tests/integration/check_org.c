/*
 * The organisational boundary against a real PostgreSQL and Redis: legal
 * entities and facilities round trips, a cycle of parents refused, the
 * country's shape checked, another company neither seeing nor changing
 * them, role checks on writes, 409 in_use on delete, emission settings
 * (defaults, then updated), intensity denominators upserted and listed,
 * every write in audit_log, and the references of activities and
 * emission rows held by statement triggers (migration 0010).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;
static struct h_account	a;		/* owner of Org Co */
static struct h_account	b;		/* owner of Other Co */
static char		viewer[1024];	/* access token of Org Co's viewer */
static char		editor[1024];	/* and of its editor */

/* Make a user of a's company with role and log in as them. */
static void
user_token(const char *email, const char *role, char *token, size_t len)
{
	struct resp	r;
	char		body[256];

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"name\":\"U\","
	    "\"role\":\"%s\",\"password\":\"long enough secret\"}", email,
	    role);
	ck_assert_int_eq(h_call(&h, "POST", "/api/users", a.access, body, &r),
	    0);
	ck_assert_msg(r.status == 201, "user: %ld %s", r.status, r.body);
	h_resp_free(&r);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":"
	    "\"long enough secret\"}", email);
	ck_assert_int_eq(h_call(&h, "POST", "/api/auth/login", NULL, body, &r),
	    0);
	ck_assert_msg(r.status == 200, "login: %ld %s", r.status, r.body);
	ck_assert_int_eq(h_json_str(&r, "access_token", token, len), 0);
	h_resp_free(&r);
}

static void
suite_up(void)
{
	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Org Co", "owner@org.example", &a);
	h_register(&h, "Other Co", "owner@other.example", &b);
	user_token("viewer@org.example", "viewer", viewer, sizeof(viewer));
	user_token("editor@org.example", "editor", editor, sizeof(editor));
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* A call; its status, and its parsed body in *out when out is not NULL. */
static long
call(const char *method, const char *path, const char *token,
    const char *body, json_t **out)
{
	struct resp	r;
	long		status;

	ck_assert_int_eq(h_call(&h, method, path, token, body, &r), 0);
	status = r.status;
	if (out != NULL) {
		*out = r.body && r.len ? json_loads(r.body, 0, NULL) : NULL;
		ck_assert_msg(*out != NULL || r.len == 0, "not JSON: %s",
		    r.body);
	}
	h_resp_free(&r);
	return (status);
}

/* The status of a refused call; its error code and field must be these. */
static long
refused(const char *method, const char *path, const char *token,
    const char *body, const char *code, const char *field)
{
	json_t	*j, *e;
	long	 status;

	status = call(method, path, token, body, &j);
	e = json_object_get(j, "error");
	ck_assert_msg(e != NULL, "%s %s %s: %ld, no error", method, path,
	    body ? body : "", status);
	ck_assert_str_eq(json_string_value(json_object_get(e, "code")), code);
	if (field != NULL)
		ck_assert_str_eq(json_string_value(json_object_get(e, "field")),
		    field);
	json_decref(j);
	return (status);
}

/* POST body to path as token; the created object's id into id. */
static void
create(const char *path, const char *token, const char *body, char id[40])
{
	json_t	*j;
	long	 status;

	status = call("POST", path, token, body, &j);
	ck_assert_msg(status == 201, "POST %s %s: %ld", path, body, status);
	snprintf(id, 40, "%s", json_string_value(json_object_get(j, "id")));
	ck_assert_int_eq(strlen(id), 36);
	json_decref(j);
}

static const char *
str(const json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

START_TEST(entities_round_trip)
{
	struct h_account	 c;
	char			 top[40], sub[40], path[96], body[256];
	json_t			*j, *l;

	h_register(&h, "Entity Co", "owner@entity.example", &c);
	create("/api/entities", c.access, "{\"name\":\"Holding plc\"}", top);
	snprintf(body, sizeof(body), "{\"name\":\"Acme Ltd\",\"parent_id\":"
	    "\"%s\",\"ownership_pct\":60.5,\"financial_control\":false}", top);
	create("/api/entities", c.access, body, sub);

	snprintf(path, sizeof(path), "/api/entities/%s", sub);
	ck_assert_int_eq(call("GET", path, c.access, NULL, &j), 200);
	ck_assert_str_eq(str(j, "id"), sub);
	ck_assert_str_eq(str(j, "name"), "Acme Ltd");
	ck_assert_str_eq(str(j, "parent_id"), top);
	ck_assert_double_eq(json_real_value(json_object_get(j,
	    "ownership_pct")), 60.5);
	ck_assert(json_is_true(json_object_get(j, "operational_control")));
	ck_assert(json_is_false(json_object_get(j, "financial_control")));
	json_decref(j);

	/* Defaults; and the list is ordered by name. */
	ck_assert_int_eq(call("GET", "/api/entities", c.access, NULL, &j), 200);
	l = json_object_get(j, "entities");
	ck_assert_int_eq(json_array_size(l), 2);
	ck_assert_str_eq(str(json_array_get(l, 0), "name"), "Acme Ltd");
	ck_assert_str_eq(str(json_array_get(l, 1), "name"), "Holding plc");
	ck_assert(json_is_null(json_object_get(json_array_get(l, 1),
	    "parent_id")));
	ck_assert_double_eq(json_number_value(json_object_get(json_array_get(l,
	    1), "ownership_pct")), 100);
	ck_assert(json_is_true(json_object_get(json_array_get(l, 1),
	    "financial_control")));
	json_decref(j);

	/* PUT replaces the entity. */
	snprintf(body, sizeof(body), "{\"name\":\"Acme Limited\",\"parent_id\":"
	    "\"%s\",\"ownership_pct\":75}", top);
	ck_assert_int_eq(call("PUT", path, c.access, body, &j), 200);
	ck_assert_str_eq(str(j, "name"), "Acme Limited");
	ck_assert_double_eq(json_number_value(json_object_get(j,
	    "ownership_pct")), 75);
	ck_assert(json_is_true(json_object_get(j, "financial_control")));
	json_decref(j);

	/* Bad fields, each named. */
	ck_assert_int_eq(refused("POST", "/api/entities", c.access, "{}",
	    "missing_field", "name"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access,
	    "{\"name\":\"\"}", "invalid_field", "name"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access,
	    "{\"name\":\"X\",\"ownership_pct\":100.5}", "invalid_field",
	    "ownership_pct"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access,
	    "{\"name\":\"X\",\"ownership_pct\":\"50\"}", "invalid_field",
	    "ownership_pct"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access,
	    "{\"name\":\"X\",\"operational_control\":1}", "invalid_field",
	    "operational_control"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access,
	    "{\"name\":\"X\",\"parent_id\":\"nope\"}", "invalid_field",
	    "parent_id"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access,
	    "{\"name\":\"X\",\"parent_id\":"
	    "\"6f0e8a2c-1111-4222-8333-444455556666\"}", "invalid_field",
	    "parent_id"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", c.access, "[]",
	    "body_required", NULL), 400);
	ck_assert_int_eq(refused("GET", "/api/entities/"
	    "6f0e8a2c-1111-4222-8333-444455556666", c.access, NULL,
	    "not_found", NULL), 404);
	ck_assert_int_eq(refused("GET", "/api/entities/not-a-uuid", c.access,
	    NULL, "not_found", NULL), 404);

	/* A parent with a child is in use; the child goes first. */
	snprintf(path, sizeof(path), "/api/entities/%s", top);
	ck_assert_int_eq(refused("DELETE", path, c.access, NULL, "in_use",
	    "entities.parent_id"), 409);
	snprintf(path, sizeof(path), "/api/entities/%s", sub);
	ck_assert_int_eq(call("DELETE", path, c.access, NULL, NULL), 204);
	ck_assert_int_eq(call("GET", path, c.access, NULL, NULL), 404);
	ck_assert_int_eq(call("DELETE", path, c.access, NULL, NULL), 404);
	snprintf(path, sizeof(path), "/api/entities/%s", top);
	ck_assert_int_eq(call("DELETE", path, c.access, NULL, NULL), 204);
	ck_assert_int_eq(call("GET", "/api/entities", c.access, NULL, &j), 200);
	ck_assert_int_eq(json_array_size(json_object_get(j, "entities")), 0);
	json_decref(j);
}
END_TEST

START_TEST(cycle_refused)
{
	char	 x[40], y[40], z[40], path[96], body[256];
	json_t	*j;

	create("/api/entities", a.access, "{\"name\":\"Cycle X\"}", x);
	snprintf(body, sizeof(body), "{\"name\":\"Cycle Y\",\"parent_id\":"
	    "\"%s\"}", x);
	create("/api/entities", a.access, body, y);
	snprintf(body, sizeof(body), "{\"name\":\"Cycle Z\",\"parent_id\":"
	    "\"%s\"}", y);
	create("/api/entities", a.access, body, z);

	/* X under Z (its grandchild), X under itself, Y under Z. */
	snprintf(path, sizeof(path), "/api/entities/%s", x);
	snprintf(body, sizeof(body), "{\"name\":\"Cycle X\",\"parent_id\":"
	    "\"%s\"}", z);
	ck_assert_int_eq(refused("PUT", path, a.access, body, "invalid_field",
	    "parent_id"), 422);
	snprintf(body, sizeof(body), "{\"name\":\"Cycle X\",\"parent_id\":"
	    "\"%s\"}", x);
	ck_assert_int_eq(refused("PUT", path, a.access, body, "invalid_field",
	    "parent_id"), 422);
	snprintf(path, sizeof(path), "/api/entities/%s", y);
	snprintf(body, sizeof(body), "{\"name\":\"Cycle Y\",\"parent_id\":"
	    "\"%s\"}", z);
	ck_assert_int_eq(refused("PUT", path, a.access, body, "invalid_field",
	    "parent_id"), 422);
	/* Moving Z directly under X is no cycle. */
	snprintf(path, sizeof(path), "/api/entities/%s", z);
	snprintf(body, sizeof(body), "{\"name\":\"Cycle Z\",\"parent_id\":"
	    "\"%s\"}", x);
	ck_assert_int_eq(call("PUT", path, a.access, body, NULL), 200);
	/* The refused moves changed nothing. */
	snprintf(path, sizeof(path), "/api/entities/%s", x);
	ck_assert_int_eq(call("GET", path, a.access, NULL, &j), 200);
	ck_assert(json_is_null(json_object_get(j, "parent_id")));
	json_decref(j);
}
END_TEST

START_TEST(facilities_round_trip)
{
	struct h_account	 c;
	char			 ent[40], f1[40], f2[40], path[96], body[512];
	char			 sql[512], out[64];
	json_t			*j, *l;

	h_register(&h, "Facility Co", "owner@facility.example", &c);
	create("/api/entities", c.access, "{\"name\":\"US Inc\"}", ent);
	snprintf(body, sizeof(body), "{\"name\":\"Fresno plant\",\"entity_id\":"
	    "\"%s\",\"country\":\"US\",\"grid_region\":\"CAMX\",\"type\":"
	    "\"plant\"}", ent);
	create("/api/facilities", c.access, body, f1);
	create("/api/facilities", c.access, "{\"name\":\"Bristol office\","
	    "\"country\":\"GB\"}", f2);

	snprintf(path, sizeof(path), "/api/facilities/%s", f1);
	ck_assert_int_eq(call("GET", path, c.access, NULL, &j), 200);
	ck_assert_str_eq(str(j, "name"), "Fresno plant");
	ck_assert_str_eq(str(j, "entity_id"), ent);
	ck_assert_str_eq(str(j, "country"), "US");
	ck_assert_str_eq(str(j, "grid_region"), "CAMX");
	ck_assert_str_eq(str(j, "type"), "plant");
	json_decref(j);

	ck_assert_int_eq(call("GET", "/api/facilities", c.access, NULL, &j),
	    200);
	l = json_object_get(j, "facilities");
	ck_assert_int_eq(json_array_size(l), 2);
	ck_assert_str_eq(str(json_array_get(l, 0), "name"), "Bristol office");
	ck_assert(json_is_null(json_object_get(json_array_get(l, 0),
	    "entity_id")));
	ck_assert(json_is_null(json_object_get(json_array_get(l, 0), "type")));
	ck_assert_str_eq(str(json_array_get(l, 1), "name"), "Fresno plant");
	json_decref(j);

	/* PUT replaces: the entity and type go, the grid region changes. */
	ck_assert_int_eq(call("PUT", path, c.access, "{\"name\":\"Fresno "
	    "plant\",\"country\":\"US\",\"grid_region\":\"RFCE\"}", &j), 200);
	ck_assert(json_is_null(json_object_get(j, "entity_id")));
	ck_assert(json_is_null(json_object_get(j, "type")));
	ck_assert_str_eq(str(j, "grid_region"), "RFCE");
	json_decref(j);
	snprintf(body, sizeof(body), "{\"name\":\"Fresno plant\",\"entity_id\":"
	    "\"%s\",\"country\":\"US\"}", ent);
	ck_assert_int_eq(call("PUT", path, c.access, body, NULL), 200);

	/* The country's shape and the other fields. */
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"name\":\"X\",\"country\":\"gb\"}", "invalid_field", "country"),
	    422);
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"name\":\"X\",\"country\":\"GBR\"}", "invalid_field", "country"),
	    422);
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"name\":\"X\",\"country\":\"G1\"}", "invalid_field", "country"),
	    422);
	ck_assert_int_eq(refused("PUT", path, c.access,
	    "{\"name\":\"X\",\"country\":\"\"}", "invalid_field", "country"),
	    422);
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"country\":\"GB\"}", "missing_field", "name"), 422);
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"name\":\"X\",\"grid_region\":\"0123456789012345678901234567890"
	    "1234567890123456789012345678901234\"}", "invalid_field",
	    "grid_region"), 422);
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"name\":\"X\",\"type\":7}", "invalid_field", "type"), 422);
	ck_assert_int_eq(refused("POST", "/api/facilities", c.access,
	    "{\"name\":\"X\",\"entity_id\":"
	    "\"6f0e8a2c-1111-4222-8333-444455556666\"}", "invalid_field",
	    "entity_id"), 422);

	/* In use: the entity by the facility, the facility by an activity. */
	snprintf(path, sizeof(path), "/api/entities/%s", ent);
	ck_assert_int_eq(refused("DELETE", path, c.access, NULL, "in_use",
	    "facilities.entity_id"), 409);
	snprintf(sql, sizeof(sql), "INSERT INTO activities (company_id, "
	    "facility_id, category, activity, quantity, unit, period_start, "
	    "period_end) VALUES ('%s', '%s', 'electricity', 'grid', 100, "
	    "'kWh', '2024-01-01', '2024-01-31') RETURNING id", c.company, f1);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	snprintf(path, sizeof(path), "/api/facilities/%s", f1);
	ck_assert_int_eq(refused("DELETE", path, c.access, NULL, "in_use",
	    "activities.facility_id"), 409);
	snprintf(sql, sizeof(sql), "DELETE FROM activities WHERE id = '%s'",
	    out);
	ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
	ck_assert_int_eq(call("DELETE", path, c.access, NULL, NULL), 204);
	ck_assert_int_eq(call("GET", path, c.access, NULL, NULL), 404);
	snprintf(path, sizeof(path), "/api/entities/%s", ent);
	ck_assert_int_eq(call("DELETE", path, c.access, NULL, NULL), 204);
}
END_TEST

START_TEST(other_company_sees_nothing)
{
	char	ent[40], fac[40], path[96], body[256];
	json_t	*j;

	create("/api/entities", a.access, "{\"name\":\"Secret Holdings\"}",
	    ent);
	create("/api/facilities", a.access, "{\"name\":\"Secret Site\","
	    "\"country\":\"FR\"}", fac);

	ck_assert_int_eq(call("GET", "/api/entities", b.access, NULL, &j), 200);
	ck_assert_int_eq(json_array_size(json_object_get(j, "entities")), 0);
	json_decref(j);
	ck_assert_int_eq(call("GET", "/api/facilities", b.access, NULL, &j),
	    200);
	ck_assert_int_eq(json_array_size(json_object_get(j, "facilities")), 0);
	json_decref(j);

	snprintf(path, sizeof(path), "/api/entities/%s", ent);
	ck_assert_int_eq(refused("GET", path, b.access, NULL, "not_found",
	    NULL), 404);
	ck_assert_int_eq(refused("PUT", path, b.access, "{\"name\":\"Mine\"}",
	    "not_found", NULL), 404);
	ck_assert_int_eq(refused("DELETE", path, b.access, NULL, "not_found",
	    NULL), 404);
	snprintf(path, sizeof(path), "/api/facilities/%s", fac);
	ck_assert_int_eq(refused("GET", path, b.access, NULL, "not_found",
	    NULL), 404);
	ck_assert_int_eq(refused("PUT", path, b.access, "{\"name\":\"Mine\"}",
	    "not_found", NULL), 404);
	ck_assert_int_eq(refused("DELETE", path, b.access, NULL, "not_found",
	    NULL), 404);
	/* Nor can B hang its own rows under A's entity. */
	snprintf(body, sizeof(body), "{\"name\":\"Sneaky\",\"parent_id\":"
	    "\"%s\"}", ent);
	ck_assert_int_eq(refused("POST", "/api/entities", b.access, body,
	    "invalid_field", "parent_id"), 422);
	snprintf(body, sizeof(body), "{\"name\":\"Sneaky\",\"entity_id\":"
	    "\"%s\"}", ent);
	ck_assert_int_eq(refused("POST", "/api/facilities", b.access, body,
	    "invalid_field", "entity_id"), 422);

	/* A's rows are as they were. */
	snprintf(path, sizeof(path), "/api/entities/%s", ent);
	ck_assert_int_eq(call("GET", path, a.access, NULL, &j), 200);
	ck_assert_str_eq(str(j, "name"), "Secret Holdings");
	json_decref(j);
	snprintf(path, sizeof(path), "/api/facilities/%s", fac);
	ck_assert_int_eq(call("GET", path, a.access, NULL, &j), 200);
	ck_assert_str_eq(str(j, "name"), "Secret Site");
	json_decref(j);
}
END_TEST

START_TEST(roles_checked)
{
	char	ent[40], fac[40], path[96];

	create("/api/entities", a.access, "{\"name\":\"Role Entity\"}", ent);
	create("/api/facilities", a.access, "{\"name\":\"Role Site\"}", fac);
	ck_assert_int_eq(call("GET", "/api/entities", viewer, NULL, NULL), 200);
	ck_assert_int_eq(call("GET", "/api/facilities", viewer, NULL, NULL),
	    200);
	ck_assert_int_eq(call("GET", "/api/settings/emissions", viewer, NULL,
	    NULL), 200);
	ck_assert_int_eq(call("GET", "/api/denominators", viewer, NULL, NULL),
	    200);
	ck_assert_int_eq(refused("POST", "/api/entities", viewer,
	    "{\"name\":\"V\"}", "forbidden", NULL), 403);
	ck_assert_int_eq(refused("POST", "/api/facilities", viewer,
	    "{\"name\":\"V\"}", "forbidden", NULL), 403);
	snprintf(path, sizeof(path), "/api/entities/%s", ent);
	ck_assert_int_eq(call("GET", path, viewer, NULL, NULL), 200);
	ck_assert_int_eq(refused("PUT", path, viewer, "{\"name\":\"V\"}",
	    "forbidden", NULL), 403);
	ck_assert_int_eq(refused("DELETE", path, viewer, NULL, "forbidden",
	    NULL), 403);
	snprintf(path, sizeof(path), "/api/facilities/%s", fac);
	ck_assert_int_eq(refused("PUT", path, viewer, "{\"name\":\"V\"}",
	    "forbidden", NULL), 403);
	ck_assert_int_eq(refused("DELETE", path, viewer, NULL, "forbidden",
	    NULL), 403);
	ck_assert_int_eq(refused("PUT", "/api/settings/emissions", viewer,
	    "{\"gwp\":\"AR6\"}", "forbidden", NULL), 403);
	ck_assert_int_eq(refused("PUT", "/api/denominators", viewer,
	    "{\"year\":2024,\"kind\":\"fte\",\"value\":1,\"unit\":\"FTE\"}",
	    "forbidden", NULL), 403);
	/* An editor enters denominators but does not shape the boundary. */
	ck_assert_int_eq(refused("POST", "/api/entities", editor,
	    "{\"name\":\"E\"}", "forbidden", NULL), 403);
	ck_assert_int_eq(refused("PUT", "/api/settings/emissions", editor,
	    "{\"gwp\":\"AR6\"}", "forbidden", NULL), 403);
	ck_assert_int_eq(call("PUT", "/api/denominators", editor,
	    "{\"year\":2020,\"kind\":\"fte\",\"value\":12,\"unit\":\"FTE\"}",
	    NULL), 200);
	ck_assert_int_eq(call("POST", "/api/entities", NULL, "{\"name\":\"N\"}",
	    NULL), 401);
}
END_TEST

START_TEST(settings_default_then_updated)
{
	json_t	*j;

	ck_assert_int_eq(call("GET", "/api/settings/emissions", a.access, NULL,
	    &j), 200);
	ck_assert_str_eq(str(j, "approach"), "operational");
	ck_assert_str_eq(str(j, "region"), "UK");
	ck_assert_str_eq(str(j, "gwp"), "AR5");
	json_decref(j);

	ck_assert_int_eq(call("PUT", "/api/settings/emissions", a.access,
	    "{\"approach\":\"equity\"}", &j), 200);
	ck_assert_str_eq(str(j, "approach"), "equity");
	ck_assert_str_eq(str(j, "region"), "UK");
	ck_assert_str_eq(str(j, "gwp"), "AR5");
	json_decref(j);
	ck_assert_int_eq(call("PUT", "/api/settings/emissions", a.access,
	    "{\"region\":\"US\",\"gwp\":\"AR6\"}", NULL), 200);
	ck_assert_int_eq(call("GET", "/api/settings/emissions", viewer, NULL,
	    &j), 200);
	ck_assert_str_eq(str(j, "approach"), "equity");
	ck_assert_str_eq(str(j, "region"), "US");
	ck_assert_str_eq(str(j, "gwp"), "AR6");
	json_decref(j);

	ck_assert_int_eq(refused("PUT", "/api/settings/emissions", a.access,
	    "{\"approach\":\"control\"}", "invalid_field", "approach"), 422);
	ck_assert_int_eq(refused("PUT", "/api/settings/emissions", a.access,
	    "{\"region\":\"uk\"}", "invalid_field", "region"), 422);
	ck_assert_int_eq(refused("PUT", "/api/settings/emissions", a.access,
	    "{\"gwp\":4}", "invalid_field", "gwp"), 422);
	/* A misspelt field is named, not ignored with the old value kept. */
	ck_assert_int_eq(refused("PUT", "/api/settings/emissions", a.access,
	    "{\"aproach\":\"equity\"}", "unknown_field", "aproach"), 422);
	ck_assert_int_eq(refused("POST", "/api/entities", a.access,
	    "{\"name\":\"JV\",\"ownership\":40}", "unknown_field",
	    "ownership"), 422);
	ck_assert_int_eq(refused("POST", "/api/facilities", a.access,
	    "{\"name\":\"Site\",\"country_code\":\"GB\"}",
	    "unknown_field", "country_code"), 422);

	/* Another company still has the defaults. */
	ck_assert_int_eq(call("GET", "/api/settings/emissions", b.access, NULL,
	    &j), 200);
	ck_assert_str_eq(str(j, "approach"), "operational");
	ck_assert_str_eq(str(j, "gwp"), "AR5");
	json_decref(j);
}
END_TEST

START_TEST(denominators_upserted)
{
	json_t	*j, *l;

	ck_assert_int_eq(call("GET", "/api/denominators", b.access, NULL, &j),
	    200);
	ck_assert_int_eq(json_array_size(json_object_get(j, "denominators")),
	    0);
	json_decref(j);
	ck_assert_int_eq(call("PUT", "/api/denominators", b.access,
	    "{\"year\":2024,\"kind\":\"revenue\",\"value\":12.5,\"unit\":"
	    "\"GBP m\"}", &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "year")), 2024);
	ck_assert_str_eq(str(j, "kind"), "revenue");
	ck_assert_double_eq(json_number_value(json_object_get(j, "value")),
	    12.5);
	ck_assert_str_eq(str(j, "unit"), "GBP m");
	json_decref(j);
	ck_assert_int_eq(call("PUT", "/api/denominators", b.access,
	    "{\"year\":2024,\"kind\":\"revenue\",\"value\":13,\"unit\":"
	    "\"GBP m\"}", NULL), 200);
	ck_assert_int_eq(call("PUT", "/api/denominators", b.access,
	    "{\"year\":2023,\"kind\":\"floor_area\",\"value\":5400,\"unit\":"
	    "\"m2\"}", NULL), 200);

	ck_assert_int_eq(call("GET", "/api/denominators", b.access, NULL, &j),
	    200);
	l = json_object_get(j, "denominators");
	ck_assert_int_eq(json_array_size(l), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(l,
	    0), "year")), 2023);
	ck_assert_str_eq(str(json_array_get(l, 0), "kind"), "floor_area");
	ck_assert_double_eq(json_number_value(json_object_get(json_array_get(l,
	    1), "value")), 13);
	json_decref(j);
	ck_assert_int_eq(call("GET", "/api/denominators?year=2024", b.access,
	    NULL, &j), 200);
	l = json_object_get(j, "denominators");
	ck_assert_int_eq(json_array_size(l), 1);
	ck_assert_str_eq(str(json_array_get(l, 0), "kind"), "revenue");
	json_decref(j);
	ck_assert_int_eq(refused("GET", "/api/denominators?year=20x4",
	    b.access, NULL, "invalid_field", "year"), 422);

	ck_assert_int_eq(refused("PUT", "/api/denominators", b.access,
	    "{\"year\":2024,\"kind\":\"revenue\",\"value\":0,\"unit\":\"GBP\"}",
	    "invalid_field", "value"), 422);
	ck_assert_int_eq(refused("PUT", "/api/denominators", b.access,
	    "{\"year\":2024,\"kind\":\"staff\",\"value\":1,\"unit\":\"FTE\"}",
	    "invalid_field", "kind"), 422);
	ck_assert_int_eq(refused("PUT", "/api/denominators", b.access,
	    "{\"year\":2024.5,\"kind\":\"fte\",\"value\":1,\"unit\":\"FTE\"}",
	    "invalid_field", "year"), 422);
	ck_assert_int_eq(refused("PUT", "/api/denominators", b.access,
	    "{\"year\":1989,\"kind\":\"fte\",\"value\":1,\"unit\":\"FTE\"}",
	    "invalid_field", "year"), 422);
	ck_assert_int_eq(refused("PUT", "/api/denominators", b.access,
	    "{\"year\":2024,\"kind\":\"fte\",\"value\":1}", "missing_field",
	    "unit"), 422);
	ck_assert_int_eq(refused("PUT", "/api/denominators", b.access,
	    "{\"year\":2024,\"kind\":\"fte\",\"value\":1,\"unit\":"
	    "\"0123456789012345678901234567890123\"}", "invalid_field",
	    "unit"), 422);
	/* A's list does not show B's values. */
	ck_assert_int_eq(call("GET", "/api/denominators?year=2024", a.access,
	    NULL, &j), 200);
	ck_assert_int_eq(json_array_size(json_object_get(j, "denominators")),
	    0);
	json_decref(j);
}
END_TEST

/* Runs after the others: every kind of write left its audit row. */
START_TEST(writes_audited)
{
	char	sql[512], out[512];

	snprintf(sql, sizeof(sql), "SELECT string_agg(DISTINCT action, ',' "
	    "ORDER BY action) FROM audit_log WHERE company_id = '%s' AND "
	    "action ~ '^(entity|facility|settings|denominator)\\.' AND "
	    "user_id IS NOT NULL", a.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "denominator.set,entity.create,entity.update,"
	    "facility.create,settings.update");
	snprintf(sql, sizeof(sql), "SELECT string_agg(DISTINCT action, ',' "
	    "ORDER BY action) FROM audit_log a JOIN companies c ON "
	    "c.id = a.company_id WHERE c.name IN ('Entity Co', 'Facility Co') "
	    "AND action ~ '^(entity|facility)\\.'");
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "entity.create,entity.delete,entity.update,"
	    "facility.create,facility.delete,facility.update");
	/* The detail is the object written; refused writes left no row. */
	snprintf(sql, sizeof(sql), "SELECT detail->>'approach' || ' ' || "
	    "count(*) OVER () FROM audit_log WHERE company_id = '%s' AND "
	    "action = 'settings.update' ORDER BY id DESC LIMIT 1", a.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "equity 2");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE "
	    "company_id = '%s' AND action = 'entity.update'", a.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "1");
	snprintf(sql, sizeof(sql), "SELECT target FROM audit_log WHERE "
	    "company_id = '%s' AND action = 'denominator.set' ORDER BY id",
	    b.company);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "2024/revenue\n2024/revenue\n2023/floor_area");
}
END_TEST

/* Last: with the database down, reads and writes answer 503. */
/* What migration 0010 checks per statement, where keys checked per row. */
START_TEST(references_hold_per_statement)
{
	struct h_account	 d;
	char			 sql[1024], fac[40], act[40], n[48];
	json_t			*j;

	h_register(&h, "Ref Co", "owner@ref.example", &d);
	ck_assert_int_eq(call("POST", "/api/facilities", d.access,
	    "{\"name\":\"Site\",\"country\":\"GB\"}", &j), 201);
	snprintf(fac, sizeof(fac), "%s", str(j, "id"));
	json_decref(j);
#define ACT	"INSERT INTO activities (company_id, facility_id, category, " \
	"activity, quantity, unit, period_start, period_end) VALUES ('%s', " \
	"%s, 'electricity', 'grid', 1, 'kWh', '2024-01-01', '2024-01-31') " \
	"RETURNING id"
	/* A facility or a company that does not exist is refused. */
	snprintf(sql, sizeof(sql), ACT, d.company,
	    "'6f0e8a2c-1111-4222-8333-444455556666'");
	ck_assert_int_ne(s_psql(&svc, sql, NULL, 0), 0);
	snprintf(sql, sizeof(sql), ACT, "6f0e8a2c-1111-4222-8333-444455556666",
	    "NULL");
	ck_assert_int_ne(s_psql(&svc, sql, NULL, 0), 0);
	snprintf(n, sizeof(n), "'%s'", fac);
	snprintf(sql, sizeof(sql), ACT, d.company, n);
	ck_assert_int_eq(s_psql(&svc, sql, act, sizeof(act)), 0);
#undef ACT
	/* An emission row names an activity that exists. */
#define EM	"INSERT INTO emissions (company_id, activity_id, scope, " \
	"category, co2e_kg, factor, calculator, gwp, period_start) VALUES " \
	"('%s', '%s', 2, 'electricity', 1, '{}', '{}', 'AR5', '2024-01-01')"
	snprintf(sql, sizeof(sql), EM, d.company,
	    "6f0e8a2c-1111-4222-8333-444455556666");
	ck_assert_int_ne(s_psql(&svc, sql, NULL, 0), 0);
	snprintf(sql, sizeof(sql), EM, d.company, act);
	ck_assert_int_eq(s_psql(&svc, sql, NULL, 0), 0);
#undef EM
	/* A facility gone leaves its activity without one. */
	snprintf(sql, sizeof(sql), "DELETE FROM facilities WHERE id = '%s'; "
	    "SELECT count(*) FROM activities WHERE id = '%s' AND facility_id "
	    "IS NULL", fac, act);
	ck_assert_int_eq(s_psql(&svc, sql, n, sizeof(n)), 0);
	ck_assert_str_eq(n, "1");
	/* An activity gone takes its emission rows; a company its activities. */
	snprintf(sql, sizeof(sql), "DELETE FROM activities WHERE id = '%s'; "
	    "SELECT count(*) FROM emissions WHERE activity_id = '%s'", act,
	    act);
	ck_assert_int_eq(s_psql(&svc, sql, n, sizeof(n)), 0);
	ck_assert_str_eq(n, "0");
	snprintf(sql, sizeof(sql), "INSERT INTO activities (company_id, "
	    "category, activity, quantity, unit, period_start, period_end) "
	    "VALUES ('%s', 'x', 'y', 1, 'kWh', '2024-01-01', '2024-01-31'); "
	    "DELETE FROM companies WHERE id = '%s'; SELECT count(*) FROM "
	    "activities WHERE company_id = '%s'", d.company, d.company,
	    d.company);
	ck_assert_int_eq(s_psql(&svc, sql, n, sizeof(n)), 0);
	ck_assert_str_eq(n, "0");
}
END_TEST

START_TEST(database_down_is_503)
{
	ck_assert_int_eq(s_pg_stop(&svc), 0);
	ck_assert_int_eq(refused("GET", "/api/entities", a.access, NULL,
	    "database_unavailable", NULL), 503);
	ck_assert_int_eq(refused("POST", "/api/facilities", a.access,
	    "{\"name\":\"Down\"}", "database_unavailable", NULL), 503);
	ck_assert_int_eq(refused("GET", "/api/settings/emissions", a.access,
	    NULL, "database_unavailable", NULL), 503);
	ck_assert_int_eq(s_pg_start(&svc), 0);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("org");
	tc = tcase_create("boundary");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, entities_round_trip);
	tcase_add_test(tc, cycle_refused);
	tcase_add_test(tc, facilities_round_trip);
	tcase_add_test(tc, other_company_sees_nothing);
	tcase_add_test(tc, roles_checked);
	tcase_add_test(tc, settings_default_then_updated);
	tcase_add_test(tc, denominators_upserted);
	tcase_add_test(tc, writes_audited);
	tcase_add_test(tc, references_hold_per_statement);
	tcase_add_test(tc, database_down_is_503);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
