/*
 * GET /api/audit: the company's audit log for auditors and above (row-
 * level security shows one company's rows only), newest first.
 *
 *   action=    an exact action, or every action under a prefix when it
 *              ends with '.' ("activity." is activity.delete, ...)
 *   user_id=   the user who wrote (a uuid)
 *   from=, to= YYYY-MM-DD, inclusive, days in UTC
 *   limit=     1..1000, default 100; offset= rows to skip
 *   format=    json (default): {"total","entries":[{"at","user_id",
 *              "user_name","user_email","action","target","request_id",
 *              "detail"}]}; csv: the same page of rows with a header,
 *              detail as JSON text
 *
 * A bad argument is 422 naming it.  The user's name and e-mail are the
 * current ones; a row written by the host itself (an import's runner)
 * has no user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"

#define ACTION_MAX	100

#define AUDIT_WHERE							\
	"($1::text IS NULL OR l.action = $1) AND "			\
	"($2::text IS NULL OR left(l.action, length($2)) = $2) AND "	\
	"($3::uuid IS NULL OR l.user_id = $3::uuid) AND "		\
	"($4::date IS NULL OR l.at >= $4::date::timestamp AT TIME ZONE "\
	"'UTC') AND ($5::date IS NULL OR l.at < ($5::date + 1)::timestamp "\
	"AT TIME ZONE 'UTC')"

static const char count_sql[] = "SELECT count(*) FROM audit_log l WHERE "
    AUDIT_WHERE;

static const char page_sql[] = "SELECT to_char(l.at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), l.user_id, u.name, u.email, "
    "l.action, l.target, l.request_id, l.detail::text FROM audit_log l "
    "LEFT JOIN users u ON u.id = l.user_id WHERE " AUDIT_WHERE
    " ORDER BY l.at DESC, l.id DESC LIMIT $6 OFFSET $7";

/* The columns of page_sql, in order; "detail" is JSON. */
static const char *const cols[] = { "at", "user_id", "user_name",
    "user_email", "action", "target", "request_id", "detail", NULL };

static int
bad(struct cd_req *r, const char *field, const char *msg)
{
	cd_req_respond_error(r, 422, "invalid_field", msg, field);
	return (CD_EINVAL);
}

/* The filters into p[0..4]; CD_EINVAL once a 422 is answered. */
static int
audit_filters(struct cd_req *r, const char *p[5])
{
	const char	*action = cd_http_query(r, "action");
	size_t		 len = action ? strlen(action) : 0;

	p[0] = p[1] = NULL;
	if (action != NULL && (len == 0 || len > ACTION_MAX))
		return (bad(r, "action", "action must be 1 to 100 characters"));
	if (action != NULL)
		p[action[len - 1] == '.' ? 1 : 0] = action;
	p[2] = cd_http_query(r, "user_id");
	if (p[2] != NULL && !cd_uuid_valid(p[2]))
		return (bad(r, "user_id", "user_id must be a uuid"));
	p[3] = cd_http_query(r, "from");
	if (p[3] != NULL && !cd_date_valid(p[3]))
		return (bad(r, "from", "from must be a date, YYYY-MM-DD"));
	p[4] = cd_http_query(r, "to");
	if (p[4] != NULL && !cd_date_valid(p[4]))
		return (bad(r, "to", "to must be a date, YYYY-MM-DD"));
	/* The same shape compares as text the way dates do. */
	if (p[3] != NULL && p[4] != NULL && strcmp(p[3], p[4]) > 0)
		return (bad(r, "to", "to must not be before from"));
	return (CD_OK);
}

static json_t *
entry_json(PGresult *res, int i)
{
	json_t	*o = json_object(), *v;

	for (int c = 0; cols[c] != NULL; c++) {
		const char *s = PQgetvalue(res, i, c);
		if (PQgetisnull(res, i, c))
			v = json_null();
		else if (strcmp(cols[c], "detail") == 0)
			v = json_loads(s, JSON_DECODE_ANY, NULL);
		else
			v = json_string(s);
		json_object_set_new(o, cols[c], v ? v : json_null());
	}
	return (o);
}

static void
respond_csv(struct cd_req *r, PGresult *res)
{
	struct cd_buf	b = { 0 };

	for (int c = 0; cols[c] != NULL; c++)
		cd_buf_csv(&b, cols[c], cols[c + 1] == NULL);
	for (int i = 0; i < PQntuples(res); i++)
		for (int c = 0; cols[c] != NULL; c++)
			cd_buf_csv(&b, PQgetvalue(res, i, c),
			    cols[c + 1] == NULL);
	cd_req_respond_raw(r, 200, "text/csv; charset=utf-8", b.p, b.len);
	cd_buf_free(&b);
}

static int
api_audit_list(struct cd_req *r)
{
	struct cd_tx	 tx;
	PGresult	*res, *cnt = NULL;
	const char	*p[7], *fmt = cd_http_query(r, "format");
	char		 ls[16], os[24];
	long		 limit, offset;
	int		 csv = fmt != NULL && strcmp(fmt, "csv") == 0;

	if (fmt != NULL && !csv && strcmp(fmt, "json") != 0)
		return (cd_req_respond_error(r, 422, "invalid_field", "format "
		    "must be json or csv", "format"));
	if (audit_filters(r, p) != CD_OK ||
	    cd_query_long(r, "limit", 1, 1000, 100, &limit) != CD_OK ||
	    cd_query_long(r, "offset", 0, 1L << 40, 0, &offset) != CD_OK)
		return (CD_OK);
	snprintf(ls, sizeof(ls), "%ld", limit);
	snprintf(os, sizeof(os), "%ld", offset);
	p[5] = ls;
	p[6] = os;
	if (cd_tx_begin(&tx, r->company) != CD_OK ||
	    (!csv && (cnt = (PGresult *)cd_tx_exec_fixed(&tx, count_sql, 5,
	    p)) == NULL) ||
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, page_sql, 7, p)) ==
	    NULL) {
		if (cnt != NULL)
			PQclear(cnt);
		(void)cd_tx_end(&tx, 0);
		(void)cd_tx_respond(r, &tx);
		cd_tx_cleanup(&tx);
		return (CD_OK);
	}
	if (csv)
		respond_csv(r, res);
	else {
		json_t *arr = json_array();
		for (int i = 0; i < PQntuples(res); i++)
			json_array_append_new(arr, entry_json(res, i));
		cd_req_respond_json(r, 200, json_pack("{s:I, s:o}", "total",
		    (json_int_t)atoll(PQgetvalue(cnt, 0, 0)), "entries", arr));
		PQclear(cnt);
	}
	PQclear(res);
	(void)cd_tx_end(&tx, 0);
	return (CD_OK);
}

const struct cd_route cd_audit_routes[] = {
	CD_ROUTE("GET", "/api/audit", CD_ROLE_AUDITOR, api_audit_list),
	CD_ROUTE_END
};
