/*
 * Fixture: the ABI 1.1 services as a plugin sees them (storage without a
 * WHERE, documents, cache), for the tenant isolation tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carbondepict/sdk.h>

static const struct cd_services	*svc;

static int
answer_rows(struct cd_req *req, int rc, json_t *rows, char *err)
{
	free(err);
	if (rc == CD_EUNAVAIL)
		return (svc->respond_error(req, 503, "database_unavailable",
		    "database down", NULL));
	if (rc != CD_OK)
		return (svc->respond_error(req, 500, "storage_failed",
		    "storage failed", NULL));
	return (svc->respond_json(req, 200, json_pack("{s:o}", "rows", rows)));
}

/* No WHERE on purpose: row-level security must do the filtering. */
static int
probe_users(struct cd_req *req)
{
	json_t	*rows;
	char	*err;
	int	 rc;

	rc = svc->storage_query(req, "SELECT email, company_id FROM users "
	    "ORDER BY email", 0, NULL, &rows, &err);
	return (answer_rows(req, rc, rows, err));
}

/* A write through storage: audited by the host. */
static int
probe_facility(struct cd_req *req)
{
	const char	*params[1];
	json_t		*rows;
	char		*err;
	int		 rc;

	params[0] = json_string_value(json_object_get(svc->req_json(req),
	    "name"));
	rc = svc->storage_query(req, "INSERT INTO facilities (company_id, "
	    "name) VALUES (nullif(current_setting('cd.company_id', true), '')"
	    "::uuid, $1) RETURNING id, name", 1, params, &rows, &err);
	return (answer_rows(req, rc, rows, err));
}

static int
probe_note_put(struct cd_req *req)
{
	int	rc;

	rc = svc->doc_put(req, "notes", svc->req_param(req, "id"),
	    svc->req_json(req));
	if (rc != CD_OK)
		return (svc->respond_error(req, rc == CD_EUNAVAIL ? 503 : 422,
		    "doc_put_failed", "not stored", NULL));
	return (svc->respond_json(req, 200, json_pack("{s:b}", "stored", 1)));
}

static int
probe_note_get(struct cd_req *req)
{
	json_t	*doc;
	int	 rc;

	rc = svc->doc_get(req, "notes", svc->req_param(req, "id"), &doc);
	if (rc == CD_ENOTFOUND)
		return (svc->respond_error(req, 404, "not_found", "no such note",
		    NULL));
	if (rc != CD_OK)
		return (svc->respond_error(req, 503, "unavailable", "no", NULL));
	return (svc->respond_json(req, 200, doc));
}

static int
probe_hits(struct cd_req *req)
{
	long long	n;
	int		rc;

	rc = svc->cache_incr(req, "hits", 60, &n);
	if (rc == CD_EUNAVAIL)
		return (svc->respond_json(req, 200, json_pack("{s:b}", "cached",
		    0)));
	return (svc->respond_json(req, 200, json_pack("{s:b, s:I}", "cached",
	    1, "hits", (json_int_t)n)));
}

static struct cd_ctx	*self;

/* ?key=: what config_get gives this plugin. */
static int
probe_config(struct cd_req *req)
{
	const char	*v;

	v = svc->config_get(self, svc->req_query(req, "key"));
	return (svc->respond_json(req, 200, json_pack("{s:s?}", "value", v)));
}

static int
tp_init(struct cd_ctx *ctx, const struct cd_services *s, char **errmsg)
{
	static const struct cd_route routes[] = {
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/tenant-probe/anonymous-users",
		  .handler = probe_users },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/tenant-probe/users",
		  .min_role = CD_ROLE_VIEWER, .handler = probe_users },
		{ .size = sizeof(struct cd_route), .method = "POST",
		  .pattern = "/api/tenant-probe/facilities",
		  .min_role = CD_ROLE_EDITOR, .handler = probe_facility },
		{ .size = sizeof(struct cd_route), .method = "PUT",
		  .pattern = "/api/tenant-probe/notes/{id}",
		  .min_role = CD_ROLE_EDITOR, .handler = probe_note_put },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/tenant-probe/notes/{id}",
		  .min_role = CD_ROLE_VIEWER, .handler = probe_note_get },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/tenant-probe/config",
		  .handler = probe_config },
		{ .size = sizeof(struct cd_route), .method = "POST",
		  .pattern = "/api/tenant-probe/hits",
		  .min_role = CD_ROLE_VIEWER, .handler = probe_hits },
	};

	if (!CD_SVC_HAS(s, cache_incr)) {
		*errmsg = strdup("needs ABI 1.1");
		return (CD_ERR);
	}
	svc = s;
	self = ctx;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (s->route_add(ctx, &routes[i], errmsg) != CD_OK)
			return (CD_ERR);
	return (CD_OK);
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "tenant_probe",
	.version = "0.0.1",
	.init = tp_init,
};
