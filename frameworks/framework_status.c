/*
 * The framework engine's status and reports: each disclosure of the
 * edition in force for the reporting year against the company's metric
 * values (svc->metric_values, the same set for every framework).
 *
 * A disclosure (and each of its datapoints) is complete when every
 * canonical metric it maps to has a value, partial when some do, missing
 * when none do; a plugin's adjust hook may make it not_material.
 * Completeness is (complete + partial / 2) divided by the number of
 * disclosures that are not not_material.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "engine.h"

/* complete, partial or missing: how many of entry's metrics have values. */
static const char *
entry_status(const json_t *entry, const json_t *values, int year,
    json_t *metrics, json_t *findings)
{
	const json_t	*m, *v;
	size_t		 i, have = 0, n;
	char		 msg[256];

	n = json_array_size(json_object_get(entry, "metrics"));
	json_array_foreach(json_object_get(entry, "metrics"), i, m) {
		const char *id = json_string_value(m);
		if ((v = json_object_get(values, id)) != NULL) {
			have++;
			if (metrics != NULL)
				json_array_append_new(metrics, json_pack(
				    "{s:s, s:O}", "id", id, "value", v));
		} else if (findings != NULL) {
			snprintf(msg, sizeof(msg), "no value for %s in %d", id,
			    year);
			json_array_append_new(findings, json_string(msg));
		}
	}
	return (n > 0 && have == n ? "complete" : have > 0 ? "partial" :
	    "missing");
}

/* The datapoints of a disclosure, each with its own status. */
static json_t *
items_status(const json_t *d, const json_t *values, int year)
{
	const json_t	*it;
	json_t		*out;
	size_t		 i;

	out = json_array();
	json_array_foreach(json_object_get(d, "items"), i, it) {
		json_t *findings = json_array();
		const char *st = entry_status(it, values, year, NULL, findings);
		const json_t *label = json_object_get(it, "requirement");
		json_array_append_new(out, json_pack("{s:O, s:O?, s:s, s:o}",
		    "id", json_object_get(it, "id"), "requirement", label ?
		    label : json_object_get(it, "title"), "status", st,
		    "findings", findings));
	}
	return (out);
}

/*
 * The status of every disclosure of edition e against values: a new
 * object {framework, edition, year, completeness, summary, disclosures}.
 */
static json_t *
fw_evaluate(int e, const json_t *cat, int year, const json_t *values)
{
	const json_t	*d;
	json_t		*list, *metrics, *findings;
	size_t		 i;
	const char	*status;

	list = json_array();
	json_array_foreach(json_object_get(cat, "disclosures"), i, d) {
		metrics = json_array();
		findings = json_array();
		status = entry_status(d, values, year, metrics, findings);
		/* Frameworks group by pillar, topic or standard. */
		const json_t *group = json_object_get(d, "pillar");
		if (group == NULL)
			group = json_object_get(d, "topic");
		if (group == NULL)
			group = json_object_get(d, "standard");
		json_array_append_new(list, json_pack("{s:O, s:O, s:O?, s:O, "
		    "s:s, s:o, s:o, s:o}", "id", json_object_get(d, "id"),
		    "title", json_object_get(d, "title"), "pillar", group,
		    "type", json_object_get(d, "type"), "status", status,
		    "metrics", metrics, "findings", findings, "items",
		    items_status(d, values, year)));
	}
	return (json_pack("{s:s, s:s, s:i, s:o}", "framework", fw_self()->id,
	    "edition", fw_self()->editions[e].id, "year", year, "disclosures",
	    list));
}

/* Count the statuses; not_material ones are left out of completeness. */
static void
fw_summarise(json_t *ev)
{
	const json_t	*d;
	size_t		 i;
	int		 c = 0, p = 0, m = 0, nm = 0;

	json_array_foreach(json_object_get(ev, "disclosures"), i, d) {
		const char *st = json_string_value(json_object_get(d, "status"));
		c += strcmp(st, "complete") == 0;
		p += strcmp(st, "partial") == 0;
		m += strcmp(st, "missing") == 0;
		nm += strcmp(st, "not_material") == 0;
	}
	json_object_set_new(ev, "completeness", json_real(c + p + m ?
	    (c + p / 2.0) / (c + p + m) : 1.0));
	json_object_set_new(ev, "summary", json_pack("{s:i, s:i, s:i, s:i}",
	    "complete", c, "partial", p, "missing", m, "not_material", nm));
}

/* Answer a failed read: 503 when the database is down, else 500 with what. */
static void
fail(struct cd_req *req, int rc, const char *what)
{
	if (rc == CD_EUNAVAIL)
		fw_svc()->respond_error(req, 503, "database_unavailable",
		    "the database is unavailable; try again shortly", NULL);
	else
		fw_svc()->respond_error(req, 500, "internal_error", what, NULL);
}

/* The evaluation for the request's year and edition; NULL after answering. */
json_t *
fw_evaluation(struct cd_req *req)
{
	const struct cd_services	*svc = fw_svc();
	const struct framework		*self = fw_self();
	const json_t			*cat;
	json_t				*values, *out;
	int				 year, e, rc;

	if ((year = fw_query_year(req, 1)) < 0)
		return (NULL);
	if ((e = fw_edition(req, year, &cat)) < 0)
		return (NULL);
	if ((rc = svc->metric_values(req, year, &values)) != CD_OK) {
		fail(req, rc, "metric values could not be read");
		return (NULL);
	}
	out = fw_evaluate(e, cat, year, values);
	if (self->adjust != NULL &&
	    (rc = self->adjust(req, year, cat, values, out)) != CD_OK) {
		json_decref(out);
		json_decref(values);
		fail(req, rc, "the framework's data could not be read");
		return (NULL);
	}
	fw_summarise(out);
	json_decref(values);
	return (out);
}

int
fw_status(struct cd_req *req)
{
	json_t	*out;

	if ((out = fw_evaluation(req)) == NULL)
		return (CD_OK);
	return (fw_svc()->respond_json(req, 200, out));
}

/* A growing string: the CSV text, and the values and findings cells. */
struct cell {
	char	*s;
	size_t	 len, cap;
};

/* Room for n more bytes and a NUL; -1 when memory runs out. */
static int
cell_room(struct cell *c, size_t n)
{
	char	*p;

	if (c->len + n + 1 <= c->cap)
		return (0);
	if ((p = realloc(c->s, (c->len + n + 1) * 2)) == NULL)
		return (-1);
	c->s = p;
	c->cap = (c->len + n + 1) * 2;
	return (0);
}

/* Append sep (when the cell is not empty) and s; -1 when memory runs out. */
static int
cell_add(struct cell *c, const char *sep, const char *s)
{
	if (c->len == 0)
		sep = "";
	if (cell_room(c, strlen(sep) + strlen(s)) != 0)
		return (-1);
	c->len += (size_t)snprintf(c->s + c->len, c->cap - c->len, "%s%s", sep,
	    s);
	return (0);
}

/*
 * Append s to the CSV text as one quoted RFC 4180 field; -1 when memory
 * runs out (the worker answers 500 rather than abort).  No cell starts
 * with what a user typed: values follow their metric id ("id=value"), the
 * rest comes from the catalogue, so no formula guard is needed here.
 */
static int
csv_field(struct cell *csv, const char *s, int last)
{
	if (cell_room(csv, strlen(s) * 2 + 3) != 0)
		return (-1);
	csv->s[csv->len++] = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"')
			csv->s[csv->len++] = '"';
		csv->s[csv->len++] = *s;
	}
	csv->s[csv->len++] = '"';
	csv->s[csv->len++] = last ? '\n' : ',';
	csv->s[csv->len] = '\0';
	return (0);
}

/*
 * The values cell of disclosure d, "id=value; ..." with each value as
 * compact JSON (a table's rows whole), and its findings cell; -1 when
 * memory runs out.
 */
static int
report_cells(const json_t *d, struct cell *vals, struct cell *finds)
{
	const json_t	*m;
	char		*text;
	size_t		 j;
	int		 failed = 0;

	vals->len = finds->len = 0;
	failed |= cell_add(vals, "", "") | cell_add(finds, "", "");
	json_array_foreach(json_object_get(d, "metrics"), j, m) {
		text = json_dumps(json_object_get(json_object_get(m, "value"),
		    "value"), JSON_ENCODE_ANY | JSON_COMPACT);
		failed |= text == NULL || cell_add(vals, "; ",
		    json_string_value(json_object_get(m, "id"))) != 0 ||
		    cell_add(vals, "", "=") != 0 || cell_add(vals, "", text) != 0;
		free(text);
	}
	json_array_foreach(json_object_get(d, "findings"), j, m)
		failed |= cell_add(finds, "; ", json_string_value(m));
	return (failed ? -1 : 0);
}

int
fw_report(struct cd_req *req)
{
	const struct cd_services	*svc = fw_svc();
	const char	*format;
	json_t		*out, *d;
	struct cell	 csv = { NULL, 0, 0 }, vals = { NULL, 0, 0 };
	struct cell	 finds = { NULL, 0, 0 };
	char		 num[64];
	size_t		 i, j;
	int		 rc, failed;

	format = svc->req_query(req, "format");
	if (format != NULL && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0)
		return (svc->respond_error(req, 422, "invalid_field", "format "
		    "must be json or csv", "format"));
	if ((out = fw_evaluation(req)) == NULL)
		return (CD_OK);
	if (format == NULL || strcmp(format, "json") == 0)
		return (svc->respond_json(req, 200, out));

	failed = 0;
	static const char *head[] = { "framework", "edition", "year",
	    "disclosure", "title", "pillar", "type", "status", "values",
	    "findings" };
	for (i = 0; i < 10 && !failed; i++)
		failed = csv_field(&csv, head[i], i == 9) != 0;
	snprintf(num, sizeof(num), "%d", (int)json_integer_value(
	    json_object_get(out, "year")));
	json_array_foreach(json_object_get(out, "disclosures"), i, d) {
		if (failed || (failed = report_cells(d, &vals, &finds)) != 0)
			break;
		const char *row[10] = { fw_self()->id, json_string_value(
		    json_object_get(out, "edition")), num, json_string_value(
		    json_object_get(d, "id")), json_string_value(
		    json_object_get(d, "title")), json_string_value(
		    json_object_get(d, "pillar")) ? json_string_value(
		    json_object_get(d, "pillar")) : "", json_string_value(
		    json_object_get(d, "type")), json_string_value(
		    json_object_get(d, "status")), vals.s, finds.s };
		for (j = 0; j < 10 && !failed; j++)
			failed = csv_field(&csv, row[j], j == 9) != 0;
	}
	json_decref(out);
	free(vals.s);
	free(finds.s);
	if (failed) {
		free(csv.s);
		return (svc->respond_error(req, 500, "internal_error", "out of "
		    "memory writing the report", NULL));
	}
	rc = svc->respond_raw(req, 200, "text/csv; charset=utf-8", csv.s,
	    csv.len);
	free(csv.s);
	return (rc);
}

