/*
 * CSV imports as jobs against the real stack: the template, a wrong
 * header named, a 1,000-row file with 3 bad rows (997 stored, the 3
 * rejections with their line numbers), the same upload with the same
 * Idempotency-Key storing nothing new, and a host killed with SIGKILL
 * in the middle of a 100,000-row import: after a restart the job
 * resumes, and at every point stored rows equal the rows the job says
 * it processed.  Rows use the calc_probe fixture calculator.
 */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "hostproc.h"
#include "services.h"

#define HEADER	"category,activity,quantity,unit,period_start,period_end\n"

static struct services	svc;
static struct host	h;
static struct h_account	a;
static char		yaml[512];

static void
suite_up(void)
{
	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n",
	    h_build());
	ck_assert_int_eq(h_start_stack(&h, &svc, yaml), 0);
	h_register(&h, "Import Co", "owner@import.example", &a);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

/* rows data lines; the lines listed in bad (CSV line numbers) are bad. */
static char *
make_csv(int rows, const int *bad, int nbad)
{
	size_t	 cap = (size_t)rows * 96 + 128, len;
	char	*s = malloc(cap);
	int	 line, b = 0;

	len = (size_t)snprintf(s, cap, HEADER);
	for (line = 2; line < rows + 2; line++) {
		int m = line % 12 + 1;
		const char *q = "125.5";
		if (b < nbad && bad[b] == line) {
			q = b % 3 == 0 ? "abc" : b % 3 == 1 ? "-4" : "7";
			b++;
			if (q[0] == '7') {	/* a date that does not exist */
				len += (size_t)snprintf(s + len, cap - len,
				    "probe_fuel,fuels/gaseous-fuels/natural-gas,"
				    "%s,kWh,2024-02-30,2024-03-01\n", q);
				continue;
			}
		}
		len += (size_t)snprintf(s + len, cap - len, "probe_fuel,"
		    "fuels/gaseous-fuels/natural-gas,%s,kWh,2024-%02d-01,"
		    "2024-%02d-28\n", q, m, m);
	}
	return (s);
}

static json_t *
job(const char *id)
{
	struct resp	 r;
	char		 path[96];
	json_t		*j;

	snprintf(path, sizeof(path), "/api/jobs/%s", id);
	ck_assert_int_eq(h_call(&h, "GET", path, a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	return (j);
}

static json_t *
wait_done(const char *id, double secs)
{
	double	 until = h_now() + secs;
	json_t	*j;

	for (;;) {
		j = job(id);
		const char *st = json_string_value(json_object_get(j, "state"));
		if (strcmp(st, "done") == 0 || strcmp(st, "failed") == 0)
			return (j);
		ck_assert_msg(h_now() < until, "job %s still %s", id, st);
		json_decref(j);
		usleep(50000);
	}
}

static long long
sql_num(const char *fmt, const char *arg)
{
	char	sql[512], out[64];

	snprintf(sql, sizeof(sql), fmt, arg);
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	return (atoll(out));
}

START_TEST(template_and_header)
{
	struct resp	r;
	char		code[64], msg[256];

	ck_assert_int_eq(h_call(&h, "GET", "/api/activities/import/template",
	    a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "category,activity,quantity,unit,"
	    "period_start,period_end"));
	h_resp_free(&r);

	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    "category,activity,amount,unit,period_start\nx,y,1,kWh,2024-01-01\n",
	    NULL, &r), 0);
	ck_assert_int_eq(r.status, 422);
	ck_assert_int_eq(h_json_str(&r, "error.code", code, sizeof(code)), 0);
	ck_assert_str_eq(code, "invalid_header");
	ck_assert_int_eq(h_json_str(&r, "error.message", msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "quantity") && strstr(msg, "period_end") &&
	    !strstr(msg, "activity"), "names the missing columns: %s", msg);
	h_resp_free(&r);
}
END_TEST

/*
 * Bytes that are not UTF-8 in a query argument or the Idempotency-Key
 * are the client's mistake: PostgreSQL refuses them as text parameters,
 * which answered 500.
 */
START_TEST(text_not_utf8_refused)
{
	struct resp	 r;
	char		 s[64], id[40];
	json_t		*j;

	ck_assert_int_eq(h_call(&h, "GET", "/api/activities?category=%ff%fe",
	    a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 400);
	ck_assert_int_eq(h_json_str(&r, "error.code", s, sizeof(s)), 0);
	ck_assert_str_eq(s, "invalid_query");
	ck_assert_int_eq(h_json_str(&r, "error.field", s, sizeof(s)), 0);
	ck_assert_str_eq(s, "category");
	h_resp_free(&r);
	ck_assert_int_eq(h_call(&h, "GET", "/api/emissions?year=2024&"
	    "category=x%c3", a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 400);
	h_resp_free(&r);

	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    HEADER "probe_fuel,fuels/gaseous-fuels/natural-gas,1,kWh,"
	    "2024-01-01,2024-01-31\n", "k\xff\xfe", &r), 0);
	ck_assert_int_eq(r.status, 422);
	ck_assert_int_eq(h_json_str(&r, "error.field", s, sizeof(s)), 0);
	ck_assert_str_eq(s, "Idempotency-Key");
	h_resp_free(&r);

	/* A cell that is not UTF-8 rejects its row, not just the cell. */
	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    "category,activity,quantity,unit,period_start,period_end,gwp\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,1,kWh,2019-01-01,"
	    "2019-01-31,AR\xff\n", NULL, &r), 0);
	ck_assert_int_eq(r.status, 202);
	ck_assert_int_eq(h_json_str(&r, "id", id, sizeof(id)), 0);
	h_resp_free(&r);
	j = wait_done(id, 30);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "processed")),
	    0);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "rejections"), 0), "field")), "gwp");
	json_decref(j);
	ck_assert(!h_log_has(&h, "database error"));
}
END_TEST

START_TEST(thousand_rows_three_bad_and_idempotent)
{
	static const int bad[] = { 101, 502, 903 };
	struct h_account o;
	struct resp	 r;
	char		 id[40], id2[40], path[96];
	char		*csv = make_csv(1000, bad, 3);
	json_t		*j, *rej;

	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    csv, "upload-1", &r), 0);
	ck_assert_int_eq(r.status, 202);
	ck_assert_int_eq(h_json_str(&r, "id", id, sizeof(id)), 0);
	h_resp_free(&r);
	j = wait_done(id, 60);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "done");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "processed")),
	    997);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "rejected")),
	    3);
	rej = json_object_get(j, "rejections");
	ck_assert_int_eq(json_array_size(rej), 3);
	for (size_t i = 0; i < 3; i++) {
		const json_t *x = json_array_get(rej, i);
		ck_assert_int_eq(json_integer_value(json_object_get(x, "row")),
		    bad[i]);
		ck_assert_ptr_nonnull(json_string_value(json_object_get(x,
		    "message")));
	}
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rej,
	    0), "field")), "quantity");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rej,
	    2), "field")), "period_start");
	json_decref(j);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s'", id), 997);

	/* The rejections as CSV; a job unknown to the company is 404. */
	snprintf(path, sizeof(path), "/api/jobs/%s/rejections", id);
	ck_assert_int_eq(h_call(&h, "GET", path, a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "row,field,code,message\r\n101,"
	    "quantity,"));
	ck_assert_ptr_nonnull(strstr(r.body, "\n903,period_start,"));
	h_resp_free(&r);
	h_register(&h, "Other Import Co", "owner@other-import.example", &o);
	ck_assert_int_eq(h_call(&h, "GET", path, o.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 404);
	h_resp_free(&r);
	ck_assert_int_eq(h_call(&h, "GET", "/api/jobs/00000000-0000-4000-8000-"
	    "000000000000/rejections", a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 404);
	h_resp_free(&r);

	/* The same upload again with the same key: nothing new. */
	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    csv, "upload-1", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(h_json_str(&r, "id", id2, sizeof(id2)), 0);
	ck_assert_str_eq(id2, id);
	h_resp_free(&r);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "company_id = '%s'", a.company), 997);
	free(csv);
}
END_TEST

START_TEST(sigkill_mid_import_loses_nothing_acknowledged)
{
	struct resp	 r;
	char		 id[40];
	char		*csv = make_csv(100000, NULL, 0);
	json_t		*j;
	long long	 seen = 0;
	double		 until;
	char		 full[1024], old[64];

	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    csv, NULL, &r), 0);
	ck_assert_int_eq(r.status, 202);
	ck_assert_int_eq(h_json_str(&r, "id", id, sizeof(id)), 0);
	h_resp_free(&r);
	free(csv);
	/* Kill once a batch is committed and before the end. */
	for (until = h_now() + 60; seen == 0 && h_now() < until;
	    usleep(5000)) {
		j = job(id);
		if (json_integer_value(json_object_get(j, "processed")) > 0)
			seen = json_integer_value(json_object_get(j,
			    "processed"));
		json_decref(j);
	}
	ck_assert_msg(seen > 0 && seen < 100000, "caught mid-import at %lld",
	    seen);
	h_sh("pkill -KILL -P %d; kill -KILL %d", (int)h.pid, (int)h.pid);
	while (waitpid(h.pid, NULL, 0) == -1 && errno == EINTR)
		;
	ck_assert_int_eq(sql_num("SELECT processed - (SELECT count(*) FROM "
	    "activities WHERE job_id = '%1$s') FROM jobs WHERE id = '%1$s'",
	    id), 0);
	ck_assert_int_lt(sql_num("SELECT processed FROM jobs WHERE id = '%s'",
	    id), 100000);

	/* A new host resumes the job from its last committed batch. */
	snprintf(full, sizeof(full), "database_url: %s\nredis_url: %s\n%s",
	    svc.pg_url, svc.redis_url, yaml);
	snprintf(old, sizeof(old), "%s", h.dir);
	ck_assert_int_eq(h_start(&h, full), 0);
	j = wait_done(id, 120);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "done");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "processed")),
	    100000);
	json_decref(j);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s'", id), 100000);
	ck_assert_int_eq(sql_num("SELECT count(DISTINCT row_no) FROM "
	    "activities WHERE job_id = '%s'", id), 100000);
	h_sh("rm -rf %s", old);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("import");
	tc = tcase_create("jobs");
	tcase_set_timeout(tc, 300);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, template_and_header);
	tcase_add_test(tc, text_not_utf8_refused);
	tcase_add_test(tc, thousand_rows_three_bad_and_idempotent);
	tcase_add_test(tc, sigkill_mid_import_loses_nothing_acknowledged);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
