/*
 * CSV imports as jobs against the real stack: the template, a wrong
 * header named, a 1,000-row file with 3 bad rows (997 stored, the 3
 * rejections with their line numbers), the same upload with the same
 * Idempotency-Key storing nothing new, and a host killed with SIGKILL
 * in the middle of a 100,000-row import: after a restart the job
 * resumes, and at every point stored rows equal the rows the job says
 * it processed.  What a spreadsheet sends (a BOM, header names in other
 * case) is read, a value that would arrive cut short is rejected with its
 * line, an upload over the limit is refused at once.  A batch the
 * database refuses (a trigger put in by the test) is tried again and
 * stored once the refusal stops; refused for good, the job fails naming
 * the line and the reason, keeping what was committed.  Rows use the
 * calc_probe fixture calculator.
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
	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n"
	    "import_max_bytes: 16777216\n", h_build());
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

/* The job id as the holder of token sees it. */
static json_t *
job(const char *token, const char *id)
{
	struct resp	 r;
	char		 path[96];
	json_t		*j;

	snprintf(path, sizeof(path), "/api/jobs/%s", id);
	ck_assert_int_eq(h_call(&h, "GET", path, token, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	return (j);
}

static json_t *
wait_done(const char *token, const char *id, double secs)
{
	double	 until = h_now() + secs;
	json_t	*j;

	for (;;) {
		j = job(token, id);
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

	/* Lines ended by CR alone (classic Mac OS) are lines.  Another
	   company's upload, so this company's counts stay the tests'. */
	{
		struct h_account	 m;
		char			 id[40];
		json_t			*j;

		h_register(&h, "Mac Co", "owner@mac.example", &m);
		ck_assert_int_eq(h_post_csv(&h, "/api/activities/import",
		    m.access, "category,activity,quantity,unit,period_start,"
		    "period_end\rprobe_fuel,fuels/gaseous-fuels/natural-gas,1,"
		    "kWh,2018-01-01,2018-01-31\rprobe_fuel,fuels/gaseous-fuels/"
		    "natural-gas,-2,kWh,2018-02-01,2018-02-28\r", NULL, &r), 0);
		ck_assert_msg(r.status == 202, "%ld: %s", r.status, r.body);
		ck_assert_int_eq(h_json_str(&r, "id", id, sizeof(id)), 0);
		h_resp_free(&r);
		j = wait_done(m.access, id, 30);
		ck_assert_int_eq(json_integer_value(json_object_get(j,
		    "processed")), 1);
		ck_assert_int_eq(json_integer_value(json_object_get(
		    json_array_get(json_object_get(j, "rejections"), 0),
		    "row")), 3);
		json_decref(j);
	}
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
	j = wait_done(a.access, id, 30);
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
	j = wait_done(a.access, id, 60);
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

	/* The same key with another file: refused, the new file not lost
	   unseen behind the first job's answer. */
	csv[strlen(csv) - 2] = '1';
	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    csv, "upload-1", &r), 0);
	ck_assert_int_eq(r.status, 422);
	ck_assert_int_eq(h_json_str(&r, "error.code", id2, sizeof(id2)), 0);
	ck_assert_str_eq(id2, "idempotency_key_reused");
	h_resp_free(&r);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM jobs WHERE "
	    "idempotency_key = '%s'", "upload-1"), 1);

	/* A key that is not UTF-8 is the client's mistake, not a 500. */
	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    csv, "upload-\xff", &r), 0);
	ck_assert_int_eq(r.status, 422);
	ck_assert_int_eq(h_json_str(&r, "error.field", id2, sizeof(id2)), 0);
	ck_assert_str_eq(id2, "Idempotency-Key");
	h_resp_free(&r);
	free(csv);
}
END_TEST

/*
 * What a spreadsheet or a careless export sends: a BOM and header names
 * in another case, with spaces; a NUL byte, text that is not UTF-8, a
 * value under no column and a hexadecimal number.  Each such row is rejected, named by its line,
 * never stored with the value cut short or left out; a header naming a
 * column twice is refused at upload.
 */
START_TEST(csv_values_arrive_whole_or_rejected)
{
	static const char csv[] =
	    "\xef\xbb\xbf" "Category, Activity ,QUANTITY,unit,period_start,"
	    "period_end,facility_id,gwp\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,10,kWh,2024-01-01,"
	    "2024-01-31,,\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,12\0" "34,kWh,"
	    "2024-01-01,2024-01-31,,\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,10,kWh,2024-01-01,"
	    "2024-01-31,\xff\xfe,\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,10,kWh,2024-01-01,"
	    "2024-01-31,,AR\xe9\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,10,kWh,2024-01-01,"
	    "2024-01-31,,,999\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,11,kWh,2024-01-01,"
	    "2024-01-31,,,,\r\n"
	    "probe_fuel,fuels/gaseous-fuels/natural-gas,0x10,kWh,2024-01-01,"
	    "2024-01-31,,\r\n";
	static const int rows[] = { 3, 4, 5, 6, 8 };
	static const char *const fields[] = { NULL, "facility_id", "gwp",
	    NULL, "quantity" };
	struct resp	 r;
	char		 id[40], msg[256];
	json_t		*j, *rej;

	ck_assert_int_eq(h_post_csv_len(&h, "/api/activities/import",
	    a.access, csv, sizeof(csv) - 1, &r), 0);
	ck_assert_msg(r.status == 202, "status %ld: %s", r.status, r.body);
	ck_assert_int_eq(h_json_str(&r, "id", id, sizeof(id)), 0);
	h_resp_free(&r);
	j = wait_done(a.access, id, 60);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "done");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "processed")),
	    2);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "rejected")),
	    5);
	rej = json_object_get(j, "rejections");
	ck_assert_int_eq(json_array_size(rej), 5);
	for (size_t i = 0; i < 5; i++) {
		const json_t *x = json_array_get(rej, i);
		const char *f = json_string_value(json_object_get(x, "field"));
		ck_assert_int_eq(json_integer_value(json_object_get(x, "row")),
		    rows[i]);
		ck_assert_msg(fields[i] ? f && strcmp(f, fields[i]) == 0 :
		    f == NULL, "row %d field %s", rows[i], f ? f : "null");
	}
	json_decref(j);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s' AND quantity IN (10, 11)", id), 2);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s'", id), 2);

	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    "category,activity,quantity,unit,period_start,period_end,"
	    "Quantity\nprobe_fuel,x,1,kWh,2024-01-01,2024-01-31,2\n", NULL,
	    &r), 0);
	ck_assert_int_eq(r.status, 422);
	ck_assert_int_eq(h_json_str(&r, "error.message", msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "quantity twice") != NULL, "%s", msg);
	h_resp_free(&r);
}
END_TEST

/* An upload over import_max_bytes: 413 naming that limit, at once. */
START_TEST(upload_over_the_limit_named)
{
	char	req[2048], out[4096];

	snprintf(req, sizeof(req), "POST /api/activities/import HTTP/1.1\r\n"
	    "Host: x\r\nAuthorization: Bearer %s\r\nContent-Type: text/csv\r\n"
	    "Content-Length: 16777217\r\n\r\n", a.access);
	ck_assert_int_gt(h_raw(&h, req, out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, " 413 ") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "limit of 16777216") != NULL, "%s", out);
}
END_TEST

/* A refusal for quantity 777.5 while t_refuse has a row; t_tries counts. */
static void
refusal_set(int on)
{
	char	 out[64];

	ck_assert_int_eq(s_psql(&svc, on ? "CREATE TABLE IF NOT EXISTS "
	    "t_refuse (on_ boolean); CREATE SEQUENCE IF NOT EXISTS t_tries; "
	    "GRANT SELECT ON t_refuse TO cd_app; GRANT USAGE, SELECT ON "
	    "SEQUENCE t_tries TO cd_app; CREATE OR REPLACE FUNCTION "
	    "t_refuse_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
	    "EXISTS (SELECT 1 FROM t_refuse) THEN PERFORM nextval('t_tries'); "
	    "RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END "
	    "$$; CREATE OR REPLACE TRIGGER t_refuse BEFORE INSERT ON "
	    "activities FOR EACH ROW WHEN (NEW.quantity = 777.5) EXECUTE "
	    "FUNCTION t_refuse_fn(); INSERT INTO t_refuse VALUES (true); "
	    "ALTER SEQUENCE t_tries RESTART" : "DELETE FROM t_refuse", out,
	    sizeof(out)), 0);
}

/* rows lines of which line (a CSV line number) has quantity 777.5. */
static char *
marked_csv(int rows, int line)
{
	char	*s = make_csv(rows, NULL, 0), *p = s;

	for (int i = 1; i < line; i++)
		p = strchr(p, '\n') + 1;
	p = strstr(p, "125.5");
	memcpy(p, "777.5", 5);
	return (s);
}

static void
import(const char *csv, char id[40])
{
	struct resp	 r;

	ck_assert_int_eq(h_post_csv(&h, "/api/activities/import", a.access,
	    csv, NULL, &r), 0);
	ck_assert_int_eq(r.status, 202);
	ck_assert_int_eq(h_json_str(&r, "id", id, 40), 0);
	h_resp_free(&r);
}

START_TEST(refused_batch_tried_again)
{
	char	 id[40], *csv = marked_csv(25000, 15002);
	json_t	*j;
	double	 until;

	refusal_set(1);
	import(csv, id);
	free(csv);
	/* The second batch (lines 10002 to 20001) is refused: the first stays. */
	for (until = h_now() + 60; sql_num("SELECT CASE WHEN is_called THEN "
	    "last_value ELSE 0 END FROM t_tries%s", "") == 0; usleep(20000))
		ck_assert_msg(h_now() < until, "the refusal never came");
	j = job(a.access, id);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "running");
	json_decref(j);
	ck_assert_int_eq(sql_num("SELECT processed FROM jobs WHERE id = '%s'",
	    id), 10000);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s'", id), 10000);
	refusal_set(0);
	j = wait_done(a.access, id, 60);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "done");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "processed")),
	    25000);
	json_decref(j);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s'", id), 25000);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s' AND quantity = 777.5", id), 1);
}
END_TEST

START_TEST(refused_for_good_fails_the_job)
{
	char		 id[40], *csv = marked_csv(25000, 15002);
	const char	*err;
	json_t		*j;

	refusal_set(1);
	import(csv, id);
	free(csv);
	j = wait_done(a.access, id, 60);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "failed");
	err = json_string_value(json_object_get(j, "error"));
	ck_assert_msg(err != NULL && strstr(err, "line 10002") != NULL &&
	    strstr(err, "refused by the test") != NULL, "error: %s", err);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "processed")),
	    10000);
	json_decref(j);
	ck_assert_int_eq(sql_num("SELECT count(*) FROM activities WHERE "
	    "job_id = '%s'", id), 10000);
	ck_assert_int_eq(sql_num("SELECT last_value FROM t_tries%s", ""), 3);
	refusal_set(0);
}
END_TEST

/*
 * A spool the disk will not take (here: a host whose RLIMIT_FSIZE is
 * 1 MiB, as a full disk would refuse the write) is the server's trouble:
 * 503, the part written removed, the worker alive and serving.
 */
START_TEST(spool_write_failure_is_503)
{
	struct host	 small = { .fsize = 1 << 20 };
	struct resp	 r;
	char		 code[64], full[1024], *csv = make_csv(20000, NULL, 0);

	snprintf(full, sizeof(full), "database_url: %s\nredis_url: %s\n%s",
	    svc.pg_url, svc.redis_url, yaml);
	ck_assert_int_eq(h_start(&small, full), 0);
	ck_assert_int_eq(h_post_csv(&small, "/api/activities/import",
	    a.access, csv, NULL, &r), 0);
	ck_assert_msg(r.status == 503, "%ld: %s", r.status, r.body);
	ck_assert_int_eq(h_json_str(&r, "error.code", code, sizeof(code)), 0);
	ck_assert_str_eq(code, "spool_unavailable");
	h_resp_free(&r);
	ck_assert_int_eq(h_sh("test -z \"$(ls -A %s/spool)\"", small.dir), 0);
	ck_assert_int_eq(h_get(&small, "/api/health", &r), 0);
	ck_assert_int_eq(r.status, 200);
	h_resp_free(&r);
	h_stop(&small);
	h_sh("rm -rf %s", small.dir);
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
		j = job(a.access, id);
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
	j = wait_done(a.access, id, 120);
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
	tcase_add_test(tc, csv_values_arrive_whole_or_rejected);
	tcase_add_test(tc, upload_over_the_limit_named);
	tcase_add_test(tc, refused_batch_tried_again);
	tcase_add_test(tc, refused_for_good_fails_the_job);
	tcase_add_test(tc, spool_write_failure_is_503);
	tcase_add_test(tc, sigkill_mid_import_loses_nothing_acknowledged);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
