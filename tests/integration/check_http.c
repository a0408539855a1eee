/*
 * The host from the outside: health, the plugin registry, plugin routes,
 * metrics, and every kind of bad input answered with a JSON error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <carbondepict/sdk.h>
#include <check.h>
#include <jansson.h>

#include "hostproc.h"

static struct host	h;

static void
setup(void)
{
	ck_assert_int_eq(h_start(&h, "max_body: 2048\njson_max_depth: 8"), 0);
}

static void
teardown(void)
{
	char	*report;

	ck_assert_int_eq(h_stop(&h), 0);
	report = h_log_sanitizer_report(&h);
	ck_assert_msg(report == NULL, "sanitizer: %s", report);
	h_sh("rm -rf %s", h.dir);
}

/* The error body's code, checked against the contract's shape. */
static void
assert_error(struct resp *r, long status, const char *code)
{
	json_t		*j, *e;
	json_error_t	 je;

	ck_assert_int_eq(r->status, status);
	ck_assert_msg((j = json_loads(r->body, 0, &je)) != NULL,
	    "not JSON: %s", r->body);
	e = json_object_get(j, "error");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(json_string_value(json_object_get(e, "code")), code);
	ck_assert(json_is_string(json_object_get(e, "message")));
	json_decref(j);
	h_resp_free(r);
}

START_TEST(health_and_ready)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_get(&h, "/api/health", &r), 0);
	ck_assert_int_eq(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "ok");
	ck_assert(json_is_string(json_object_get(j, "version")));
	json_decref(j);
	h_resp_free(&r);

	ck_assert_int_eq(h_get(&h, "/api/ready", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"plugins\""));
	h_resp_free(&r);
}
END_TEST

START_TEST(plugins_listed_and_routes_served)
{
	static const char *want[] = { "gri", "tcfd", "sbti", "csrd",
	    "stationary_combustion" };
	struct resp	 r;
	json_t		*list, *p;
	size_t		 i;
	char		 path[64];
	int		 found;

	ck_assert_int_eq(h_get(&h, "/api/plugins", &r), 0);
	ck_assert_int_eq(r.status, 200);
	list = json_loads(r.body, 0, NULL);
	ck_assert(json_is_array(list));
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		found = 0;
		json_array_foreach(list, i, p) {
			if (strcmp(json_string_value(json_object_get(p, "name")),
			    want[w]) != 0)
				continue;
			found = 1;
			/* The host's major, and no minor newer than its own. */
			int maj, min;
			ck_assert_int_eq(sscanf(json_string_value(
			    json_object_get(p, "abi")), "%d.%d", &maj, &min), 2);
			ck_assert_int_eq(maj, CD_ABI_MAJOR);
			ck_assert_int_le(min, CD_ABI_MINOR);
			ck_assert_int_ge(json_integer_value(json_object_get(p,
			    "generation")), 1);
			ck_assert(json_is_string(json_object_get(p, "version")));
			ck_assert(json_is_string(json_object_get(p,
			    "loaded_at")));
			ck_assert_str_eq(json_string_value(json_object_get(p,
			    "kind")), w < 4 ? "framework" : "calculator");
		}
		ck_assert_msg(found, "plugin %s not loaded", want[w]);
	}
	json_decref(list);
	h_resp_free(&r);

	for (size_t w = 0; w < 4; w++) {
		snprintf(path, sizeof(path), "/api/frameworks/%s", want[w]);
		ck_assert_int_eq(h_get(&h, path, &r), 0);
		ck_assert_msg(r.status == 200, "%s: %ld", path, r.status);
		ck_assert_ptr_nonnull(strstr(r.body, "\"editions\""));
		h_resp_free(&r);
	}
	ck_assert_int_eq(h_get(&h, "/api/calculators/stationary_combustion",
	    &r), 0);
	ck_assert_int_eq(r.status, 200);
	h_resp_free(&r);
	ck_assert_int_eq(h_get(&h, "/api/calculators", &r), 0);
	ck_assert_ptr_nonnull(strstr(r.body, "\"stationary_combustion\""));
	h_resp_free(&r);
	ck_assert_int_eq(h_req(&h, "POST",
	    "/api/calculators/stationary_combustion/validate",
	    "{\"activity\":\"natural_gas\",\"quantity\":-4,\"unit\":\"kWh\","
	    "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-01-31\"}",
	    NULL, 1, &r), 0);
	ck_assert_ptr_nonnull(strstr(r.body, "\"quantity\""));
	assert_error(&r, 422, "invalid_field");
}
END_TEST

START_TEST(metrics_count_requests)
{
	struct resp	r;

	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(h_get(&h, "/api/nope", &r), 0);
		h_resp_free(&r);
	}
	/* A request is counted when its connection completes, just after the answer. */
	for (double t0 = h_now();; usleep(5000)) {
		ck_assert_int_eq(h_get(&h, "/metrics", &r), 0);
		ck_assert_int_eq(r.status, 200);
		if (strstr(r.body, "cd_http_requests_total{method=\"GET\","
		    "route=\"unmatched\",status=\"404\"} 5\n") != NULL)
			break;
		ck_assert_msg(h_now() - t0 < 2, "404s not counted: %s", r.body);
		h_resp_free(&r);
	}
	ck_assert_ptr_nonnull(strstr(r.body,
	    "cd_http_request_duration_seconds_bucket{method=\"GET\","
	    "route=\"/api/health\",le=\"+Inf\"}"));
	ck_assert_ptr_nonnull(strstr(r.body, "cd_worker_restarts_total 0\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "cd_plugin_loads_total{result="));
	h_resp_free(&r);
}
END_TEST

START_TEST(unknown_route_and_method)
{
	struct resp	r;

	ck_assert_int_eq(h_get(&h, "/api/does-not-exist", &r), 0);
	assert_error(&r, 404, "not_found");
	ck_assert_int_eq(h_req(&h, "DELETE", "/api/health", NULL, NULL, 1,
	    &r), 0);
	assert_error(&r, 405, "method_not_allowed");
	ck_assert_int_eq(h_req(&h, "PUT", "/api/frameworks/gri", "{}", NULL, 1,
	    &r), 0);
	assert_error(&r, 405, "method_not_allowed");
}
END_TEST

START_TEST(bodies_refused)
{
	struct resp	 r;
	char		*big;
	const char	*route = "/api/calculators/stationary_combustion/validate";

	/* The route's own limit (16 KiB) overrides max_body (2 KiB). */
	big = malloc(20000);
	memset(big, ' ', 19999);
	big[19999] = '\0';
	ck_assert_int_eq(h_req(&h, "POST", route, big, NULL, 1, &r), 0);
	assert_error(&r, 413, "payload_too_large");
	big[3000] = '\0';
	big[0] = '{';
	big[2999] = '}';
	ck_assert_int_eq(h_req(&h, "POST", route, big, NULL, 1, &r), 0);
	ck_assert_int_eq(r.status, 422);
	h_resp_free(&r);
	ck_assert_int_eq(h_req(&h, "POST", "/api/health", big, NULL, 1, &r), 0);
	assert_error(&r, 405, "method_not_allowed");
	free(big);

	ck_assert_int_eq(h_req(&h, "POST", route, "{\"activity\": oops}", NULL,
	    1, &r), 0);
	assert_error(&r, 400, "invalid_json");
	ck_assert_int_eq(h_req(&h, "POST", route, "quantity=3",
	    "application/x-www-form-urlencoded", 1, &r), 0);
	assert_error(&r, 400, "invalid_json");
	ck_assert_int_eq(h_req(&h, "POST", route,
	    "[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]", NULL, 1, &r), 0);
	assert_error(&r, 400, "json_too_deep");
}
END_TEST

START_TEST(malformed_http)
{
	char	out[4096];

	/* No request line at all: the connection is closed, nothing served. */
	ck_assert_int_eq(h_raw(&h, "GARBAGE\r\n\r\n", out, sizeof(out)), 0);
	ck_assert_int_gt(h_raw(&h, "GET /api/health\r\n\r\n", out,
	    sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "HTTP/1.1 400", 12) == 0, "got: %.40s", out);
	ck_assert_int_gt(h_raw(&h, "GET /api/health HTTP/1.1\r\nHost: x\r\n"
	    "Bad Header Line\r\n\r\n", out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "HTTP/1.1 400", 12) == 0, "got: %.40s", out);
	ck_assert_int_gt(h_raw(&h, "GET /api/health HTTP/9.9\r\nHost: x\r\n"
	    "\r\n", out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "HTTP/1.1 505", 12) == 0, "got: %.40s", out);
	ck_assert_int_gt(h_raw(&h, "GET /api/health HTTP/1.1\r\n"
	    "Content-Length: nope\r\n\r\n", out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "HTTP/1.1 400", 12) == 0, "got: %.40s", out);
	/* And the host still serves. */
	ck_assert_int_gt(h_raw(&h, "GET /api/health HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n", out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "HTTP/1.1 200", 12) == 0, "got: %.40s", out);
}
END_TEST

START_TEST(security_headers_and_request_id)
{
	char	out[4096];

	ck_assert_int_gt(h_raw(&h, "GET /api/health HTTP/1.1\r\nHost: x\r\n"
	    "X-Request-Id: trace-42\r\nConnection: close\r\n\r\n", out,
	    sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "X-Request-Id: trace-42\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "X-Content-Type-Options: nosniff"));
	ck_assert_ptr_nonnull(strstr(out, "frame-ancestors 'none'"));
	ck_assert_ptr_nonnull(strstr(out, "Referrer-Policy: no-referrer"));
	ck_assert(h_log_wait(&h, "\"rid\":\"trace-42\"", 2));
}
END_TEST

START_TEST(bad_config_refused)
{
	char	path[256];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/bad.yaml", h.dir);
	fp = fopen(path, "w");
	fputs("port: 5500\nworkers: 2\nmax_bdy: 10\n", fp);
	fclose(fp);
	ck_assert_msg(h_sh("%s/carbon-depict -c %s 2>%s/err; test $? -eq 1 && "
	    "grep -qF \"%s:3: unknown key 'max_bdy'\" %s/err", h_build(), path,
	    h.dir, path, h.dir) == 0, "host did not refuse bad.yaml");

	fp = fopen(path, "w");
	fputs("port: 5500\nworkers: [1\n", fp);
	fclose(fp);
	ck_assert_int_eq(h_sh("%s/carbon-depict -t -c %s 2>%s/err; test $? -eq "
	    "1 && grep -qE 'bad.yaml:[0-9]+:[0-9]+: ' %s/err", h_build(), path,
	    h.dir, h.dir), 0);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("http");
	tc = tcase_create("serve");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, health_and_ready);
	tcase_add_test(tc, plugins_listed_and_routes_served);
	tcase_add_test(tc, metrics_count_requests);
	tcase_add_test(tc, unknown_route_and_method);
	tcase_add_test(tc, bodies_refused);
	tcase_add_test(tc, malformed_http);
	tcase_add_test(tc, security_headers_and_request_id);
	tcase_add_test(tc, bad_config_refused);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
