/*
 * Framework plugins with their catalogues against a real PostgreSQL: the
 * catalogue counts the standards fix, collect once and report many (one
 * scope 1 value completing what maps to it in GRI, TCFD and CSRD), the
 * edition chosen by reporting year, reports as JSON and CSV, and a
 * catalogue edit or a broken catalogue under hot reload.
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
static struct h_account	a;

static void
suite_up(void)
{
	ck_assert_int_eq(h_start_stack(&h, &svc, NULL), 0);
	h_register(&h, "Frameworks Co", "owner@fw.example", &a);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static json_t *
get_json(const char *path, long want)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_call(&h, "GET", path, a.access, NULL, &r), 0);
	ck_assert_msg(r.status == want, "%s: %ld %s", path, r.status, r.body);
	j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	return (j);
}

/* How many disclosure ids of the catalogue start with prefix. */
static int
count_prefix(const json_t *cat, const char *prefix)
{
	const json_t	*d;
	size_t		 i;
	int		 n = 0;

	json_array_foreach(json_object_get(cat, "disclosures"), i, d)
		n += strncmp(json_string_value(json_object_get(d, "id")),
		    prefix, strlen(prefix)) == 0;
	return (n);
}

static int
has_id(const json_t *cat, const char *id)
{
	const json_t	*d;
	size_t		 i;

	json_array_foreach(json_object_get(cat, "disclosures"), i, d)
		if (strcmp(json_string_value(json_object_get(d, "id")), id) ==
		    0)
			return (1);
	return (0);
}

START_TEST(catalogue_counts)
{
	json_t	*c;
	char	 id[16];

	c = get_json("/api/frameworks/tcfd/catalog?edition=tcfd-2017", 200);
	ck_assert_uint_eq(json_array_size(json_object_get(c, "disclosures")),
	    11);
	json_decref(c);
	c = get_json("/api/frameworks/gri/catalog?edition=gri-2016", 200);
	for (int i = 1; i <= 7; i++) {
		snprintf(id, sizeof(id), "305-%d", i);
		ck_assert_msg(count_prefix(c, id) >= 1, "no %s", id);
	}
	json_decref(c);
	c = get_json("/api/frameworks/csrd/catalog?edition=esrs-set1-2023",
	    200);
	for (int i = 1; i <= 9; i++) {
		snprintf(id, sizeof(id), "E1-%d", i);
		ck_assert_msg(count_prefix(c, id) >= 1, "no %s", id);
	}
	json_decref(c);
	json_decref(get_json("/api/frameworks/gri/catalog?edition=gri-1999",
	    404));
	json_decref(get_json("/api/frameworks/nope/catalog", 404));
	/* Editions by year: GRI 102/103 from 2027. */
	c = get_json("/api/frameworks/gri/catalog?year=2026", 200);
	ck_assert_str_eq(json_string_value(json_object_get(c, "edition")),
	    "gri-2016");
	json_decref(c);
	c = get_json("/api/frameworks/gri/catalog?year=2027", 200);
	ck_assert_str_eq(json_string_value(json_object_get(c, "edition")),
	    "gri-2025");
	ck_assert(!has_id(c, "305-1"));
	json_decref(c);
}
END_TEST

/* The status of the disclosure or datapoint (item) id in a status answer. */
static const char *
status_of(const json_t *st, const char *id)
{
	const json_t	*d, *it;
	size_t		 i, j;

	json_array_foreach(json_object_get(st, "disclosures"), i, d) {
		if (strcmp(json_string_value(json_object_get(d, "id")), id) == 0)
			return (json_string_value(json_object_get(d, "status")));
		json_array_foreach(json_object_get(d, "items"), j, it)
			if (strcmp(json_string_value(json_object_get(it, "id")),
			    id) == 0)
				return (json_string_value(json_object_get(it,
				    "status")));
	}
	ck_abort_msg("no disclosure or datapoint %s", id);
	return (NULL);
}

START_TEST(scope1_entered_once_serves_all)
{
	struct resp	 r;
	json_t		*st;
	double		 before;

	st = get_json("/api/frameworks/gri/status?year=2025", 200);
	before = json_real_value(json_object_get(st, "completeness"));
	json_decref(st);

	ck_assert_int_eq(h_call(&h, "POST", "/api/esg/metrics", a.access,
	    "{\"values\":[{\"metric_id\":\"ghg.scope1.gross\",\"period_start\":"
	    "\"2025-01-01\",\"period_end\":\"2025-12-31\",\"value\":1234.5},"
	    "{\"metric_id\":\"ghg.scope1.gross\",\"period_start\":"
	    "\"2027-01-01\",\"period_end\":\"2027-12-31\",\"value\":999}]}",
	    &r), 0);
	ck_assert_int_eq(r.status, 201);
	h_resp_free(&r);

	/* One value, three frameworks: what maps to scope 1 alone is complete. */
	st = get_json("/api/frameworks/gri/status?year=2025", 200);
	ck_assert_str_eq(json_string_value(json_object_get(st, "edition")),
	    "gri-2016");
	ck_assert(json_real_value(json_object_get(st, "completeness")) >
	    before);
	ck_assert_str_eq(status_of(st, "305-1"), "complete");
	json_decref(st);
	st = get_json("/api/frameworks/csrd/status?year=2025&edition="
	    "esrs-set1-2023", 200);
	ck_assert_str_eq(status_of(st, "E1-6.48a"), "complete");
	ck_assert_str_eq(status_of(st, "E1-6"), "partial");
	json_decref(st);
	/* TCFD M&T (b) asks for scope 1 and 2: scope 1 alone is partial. */
	st = get_json("/api/frameworks/tcfd/status?year=2025&edition=tcfd-2017",
	    200);
	ck_assert_str_eq(status_of(st, "metrics_targets-b"), "partial");
	json_decref(st);
	/* 2027: the GRI 102 edition, served by the 2027 value. */
	st = get_json("/api/frameworks/gri/status?year=2027", 200);
	ck_assert_str_eq(json_string_value(json_object_get(st, "edition")),
	    "gri-2025");
	ck_assert_str_eq(status_of(st, "102-5"), "complete");
	json_decref(st);
	json_decref(get_json("/api/frameworks/gri/status", 422));
}
END_TEST

START_TEST(reports_json_and_csv)
{
	struct resp	 r;
	json_t		*j;
	size_t		 n, lines = 0;

	j = get_json("/api/frameworks/tcfd/report?year=2025&format=json&"
	    "edition=tcfd-2017", 200);
	n = json_array_size(json_object_get(j, "disclosures"));
	ck_assert_uint_eq(n, 11);
	ck_assert(json_is_number(json_object_get(j, "completeness")));
	json_decref(j);
	ck_assert_int_eq(h_call(&h, "GET", "/api/frameworks/tcfd/report?year="
	    "2025&format=csv&edition=tcfd-2017", a.access, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.headers, "text/csv"));
	ck_assert(strncmp(r.body, "\"framework\",\"edition\",\"year\","
	    "\"disclosure\"", 39) == 0);
	for (const char *p = r.body; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, n + 1);
	h_resp_free(&r);
	json_decref(get_json("/api/frameworks/tcfd/report?year=2025&format="
	    "pdf", 422));

	/* Every framework's JSON report validates against the schema. */
	static const char *fws[] = { "gri", "tcfd", "csrd" };
	for (size_t f = 0; f < 3; f++) {
		char path[96], file[96];
		snprintf(path, sizeof(path), "/api/frameworks/%s/report?year="
		    "2025&format=json", fws[f]);
		ck_assert_int_eq(h_call(&h, "GET", path, a.access, NULL, &r), 0);
		ck_assert_int_eq(r.status, 200);
		snprintf(file, sizeof(file), "%s/report-%s.json", h.dir, fws[f]);
		FILE *fp = fopen(file, "w");
		ck_assert_ptr_nonnull(fp);
		fputs(r.body, fp);
		fclose(fp);
		h_resp_free(&r);
		ck_assert_msg(h_sh("/usr/bin/python3 -c 'import json, sys, "
		    "jsonschema; jsonschema.validate(json.load(open(sys.argv[1])),"
		    " json.load(open(sys.argv[2])))' %s "
		    "docs/schemas/framework-report.schema.json", file) == 0,
		    "%s report does not validate", fws[f]);
	}
	/* Viewers and above only. */
	ck_assert_int_eq(h_call(&h, "GET", "/api/frameworks/tcfd/report?year="
	    "2025", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 401);
	h_resp_free(&r);
}
END_TEST

static long
send(const struct h_account *who, const char *method, const char *path,
    const char *body)
{
	struct resp	r;
	long		st;

	h_call(&h, method, path, who->access, body, &r);
	st = r.status;
	h_resp_free(&r);
	return (st);
}

/* Every metric of the first ESRS 2 disclosure, entered for 2025. */
static void
enter_first_esrs2(const struct h_account *who)
{
	struct resp	 r;
	json_t		*cat, *d, *m;
	size_t		 i;
	char		 body[512];

	h_call(&h, "GET", "/api/frameworks/csrd/catalog?edition="
	    "esrs-set1-2023", who->access, NULL, &r);
	cat = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	d = json_array_get(json_object_get(cat, "disclosures"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(d, "standard")),
	    "ESRS 2");
	json_array_foreach(json_object_get(d, "metrics"), i, m) {
		snprintf(body, sizeof(body), "{\"metric_id\":\"%s\","
		    "\"period_start\":\"2025-01-01\",\"period_end\":"
		    "\"2025-12-31\",\"value\":\"Prepared on a consolidated "
		    "basis.\"}", json_string_value(m));
		ck_assert_int_eq(send(who, "POST", "/api/esg/metrics", body),
		    201);
	}
	json_decref(cat);
}

START_TEST(csrd_materiality_and_applicability)
{
	struct h_account	 b;
	json_t			*st;
	const json_t		*d;
	double			 before, after;
	size_t			 i;
	int			 e1 = 0;

	h_register(&h, "Materiality Co", "owner@materiality.example", &b);
	enter_first_esrs2(&b);
	{
		struct resp r;
		h_call(&h, "GET", "/api/frameworks/csrd/status?year=2025&"
		    "edition=esrs-set1-2023", b.access, NULL, &r);
		st = json_loads(r.body, 0, NULL);
		h_resp_free(&r);
	}
	before = json_real_value(json_object_get(st, "completeness"));
	ck_assert(json_is_false(json_object_get(json_object_get(st,
	    "materiality"), "assessed")));
	json_decref(st);

	ck_assert_int_eq(send(&b, "PUT", "/api/frameworks/csrd/materiality",
	    "{\"year\":2025,\"topics\":{\"E1\":{\"impact\":false,"
	    "\"financial\":false,\"rationale\":\"Office services only.\"}}}"),
	    200);
	{
		struct resp r;
		h_call(&h, "GET", "/api/frameworks/csrd/status?year=2025&"
		    "edition=esrs-set1-2023", b.access, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		st = json_loads(r.body, 0, NULL);
		h_resp_free(&r);
	}
	json_array_foreach(json_object_get(st, "disclosures"), i, d) {
		const char *std = json_string_value(json_object_get(d, "id"));
		const char *status = json_string_value(json_object_get(d,
		    "status"));
		if (strncmp(std, "E1", 2) == 0) {
			ck_assert_str_eq(status, "not_material");
			e1++;
		} else
			ck_assert_str_ne(status, "not_material");
	}
	ck_assert_int_ge(e1, 9);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(st,
	    "summary"), "not_material")), e1);
	after = json_real_value(json_object_get(st, "completeness"));
	ck_assert_msg(after > before, "completeness %f, was %f", after, before);
	json_decref(st);

	ck_assert_int_eq(send(&b, "PUT", "/api/frameworks/csrd/materiality",
	    "{\"year\":2025,\"topics\":{\"X9\":{\"impact\":true,"
	    "\"financial\":false}}}"), 422);
	ck_assert_int_eq(send(&b, "PUT", "/api/frameworks/csrd/materiality",
	    "{\"year\":1800,\"topics\":{}}"), 422);

	/* Applicability from 2027: 1,000 employees and EUR 450 million. */
	ck_assert_int_eq(send(&b, "POST", "/api/esg/metrics", "{\"values\":["
	    "{\"metric_id\":\"workforce.headcount\",\"period_start\":"
	    "\"2027-01-01\",\"period_end\":\"2027-12-31\",\"value\":800},"
	    "{\"metric_id\":\"revenue\",\"period_start\":\"2027-01-01\","
	    "\"period_end\":\"2027-12-31\",\"value\":300}]}"), 201);
	{
		struct resp r;
		h_call(&h, "GET", "/api/frameworks/csrd/status?year=2027",
		    b.access, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		st = json_loads(r.body, 0, NULL);
		h_resp_free(&r);
	}
	d = json_object_get(st, "applicability");
	ck_assert(json_is_false(json_object_get(d, "in_scope")));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(d,
	    "reason")), "800 employees (not more than 1000)"));
	json_decref(st);
	ck_assert_int_eq(send(&b, "POST", "/api/esg/metrics", "{\"values\":["
	    "{\"metric_id\":\"workforce.headcount\",\"period_start\":"
	    "\"2027-01-01\",\"period_end\":\"2027-12-31\",\"value\":1500},"
	    "{\"metric_id\":\"revenue\",\"period_start\":\"2027-01-01\","
	    "\"period_end\":\"2027-12-31\",\"value\":600}]}"), 201);
	{
		struct resp r;
		h_call(&h, "GET", "/api/frameworks/csrd/status?year=2027",
		    b.access, NULL, &r);
		st = json_loads(r.body, 0, NULL);
		h_resp_free(&r);
	}
	ck_assert(json_is_true(json_object_get(json_object_get(st,
	    "applicability"), "in_scope")));
	json_decref(st);
}
END_TEST

START_TEST(values_keyed_by_disclosure)
{
	struct h_account	 c;
	struct resp		 r;
	json_t			*st;

	h_register(&h, "Keyed Co", "owner@keyed.example", &c);
	/* GRI 305-1 is scope 1: entered through GRI, read by ESRS. */
	ck_assert_int_eq(send(&c, "POST", "/api/frameworks/gri/values",
	    "{\"values\":[{\"disclosure\":\"305-1\",\"period_start\":"
	    "\"2025-01-01\",\"period_end\":\"2025-12-31\",\"value\":42}]}"),
	    201);
	h_call(&h, "GET", "/api/frameworks/csrd/status?year=2025&edition="
	    "esrs-set1-2023", c.access, NULL, &r);
	st = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	ck_assert_str_eq(status_of(st, "E1-6.48a"), "complete");
	json_decref(st);
	ck_assert_int_eq(send(&c, "POST", "/api/frameworks/gri/values",
	    "{\"values\":[{\"disclosure\":\"999-9\",\"period_start\":"
	    "\"2025-01-01\",\"period_end\":\"2025-12-31\",\"value\":1}]}"),
	    422);
	ck_assert_int_eq(send(&c, "POST", "/api/frameworks/csrd/values",
	    "{\"values\":[{\"disclosure\":\"E1-6\",\"period_start\":"
	    "\"2025-01-01\",\"period_end\":\"2025-12-31\",\"value\":1}]}"),
	    422);
	/* The host's checks apply: a wrong unit names the value. */
	ck_assert_int_eq(h_call(&h, "POST", "/api/frameworks/gri/values",
	    c.access, "{\"values\":[{\"disclosure\":\"305-1\","
	    "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-12-31\","
	    "\"value\":1,\"unit\":\"kg\"}]}", &r), 0);
	ck_assert_int_eq(r.status, 422);
	ck_assert_ptr_nonnull(strstr(r.body, "unit_mismatch"));
	h_resp_free(&r);
}
END_TEST

/* The GRI catalogue of a's token-holder, through host g. */
static int
gri_title_is(const struct host *g, const char *title)
{
	struct resp	r;
	char		want[128];
	int		ok;

	snprintf(want, sizeof(want), "\"title\":\"%s\"", title);
	h_call(g, "GET", "/api/frameworks/gri/catalog?edition=gri-2016",
	    a.access, NULL, &r);
	ok = r.status == 200 && r.body && strstr(r.body, want) != NULL;
	h_resp_free(&r);
	return (ok);
}

/* A GRI plugin in a folder of its own, so its catalogue can be edited. */
START_TEST(catalogue_edit_reloads)
{
	struct host	 g = { 0 };
	char		 dir[64], yaml[256];
	double		 t0;

	snprintf(dir, sizeof(dir), "/tmp/cd-fw-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(h_sh("cp -r %s/frameworks/gri.so %s/frameworks/gri "
	    "%s/ && chmod 755 %s", h_build(), h_build(), dir, dir), 0);
	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s\n", dir);
	ck_assert_int_eq(h_start(&g, yaml), 0);

	/* Retitle the edition in the catalogue and land the .so again. */
	ck_assert_int_eq(h_sh("sed -i 's/^title: .*/title: Edited title/' "
	    "%s/gri/catalog/gri-2016.yaml && cp %s/gri.so %s/gri.tmp && "
	    "mv %s/gri.tmp %s/gri.so", dir, dir, dir, dir, dir), 0);
	t0 = h_now();
	while (!gri_title_is(&g, "Edited title")) {
		ck_assert_msg(h_now() - t0 < 1.0, "catalogue not reloaded");
		usleep(20000);
	}
	/* A catalogue that does not parse: refused, named, the old serves. */
	ck_assert_int_eq(h_sh("printf 'disclosures: [\\n' >> "
	    "%s/gri/catalog/gri-2016.yaml && cp %s/gri.so %s/gri.tmp && "
	    "mv %s/gri.tmp %s/gri.so", dir, dir, dir, dir, dir), 0);
	ck_assert(h_log_wait(&g, "reload refused, previous version keeps "
	    "serving", 3));
	ck_assert(h_log_has(&g, "gri/catalog/gri-2016.yaml:"));
	ck_assert(gri_title_is(&g, "Edited title"));
	ck_assert_int_eq(h_stop(&g), 0);
	h_sh("rm -rf %s %s", g.dir, dir);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("frameworks");
	tc = tcase_create("catalogues");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, catalogue_counts);
	tcase_add_test(tc, scope1_entered_once_serves_all);
	tcase_add_test(tc, reports_json_and_csv);
	tcase_add_test(tc, catalogue_edit_reloads);
	tcase_add_test(tc, csrd_materiality_and_applicability);
	tcase_add_test(tc, values_keyed_by_disclosure);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
