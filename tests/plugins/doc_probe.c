/*
 * Fixture: the documents service (doc_put, doc_get, doc_delete,
 * doc_list) over HTTP, one route per call, for the document store
 * tests that run against each backend (tests/integration/check_docstore.c).
 * A result code maps to a status: CD_EINVAL 422, CD_ENOTFOUND 404,
 * CD_EPERM 403, CD_EUNAVAIL 503.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carbondepict/sdk.h>

static const struct cd_services	*svc;

static int
answer(struct cd_req *req, int rc, json_t *ok)
{
	static const struct {
		int		 rc;
		int		 status;
		const char	*code;
	} map[] = {
		{ CD_EINVAL, 422, "invalid" },
		{ CD_ENOTFOUND, 404, "not_found" },
		{ CD_EPERM, 403, "no_company" },
		{ CD_EUNAVAIL, 503, "unavailable" },
	};

	if (rc == CD_OK)
		return (svc->respond_json(req, 200, ok));
	json_decref(ok);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].rc == rc)
			return (svc->respond_error(req, map[i].status,
			    map[i].code, "documents call failed", NULL));
	return (svc->respond_error(req, 500, "failed", "documents call failed",
	    NULL));
}

static int
probe_put(struct cd_req *req)
{
	int	rc;

	rc = svc->doc_put(req, svc->req_param(req, "collection"),
	    svc->req_param(req, "id"), svc->req_json(req));
	return (answer(req, rc, json_pack("{s:b}", "stored", 1)));
}

static int
probe_get(struct cd_req *req)
{
	json_t	*doc;
	int	 rc;

	rc = svc->doc_get(req, svc->req_param(req, "collection"),
	    svc->req_param(req, "id"), &doc);
	return (answer(req, rc, rc == CD_OK ? doc : NULL));
}

static int
probe_delete(struct cd_req *req)
{
	int	rc;

	rc = svc->doc_delete(req, svc->req_param(req, "collection"),
	    svc->req_param(req, "id"));
	return (answer(req, rc, json_pack("{s:b}", "deleted", 1)));
}

/* ?limit= (default 100) and ?offset= (default 0), passed as they are. */
static int
probe_list(struct cd_req *req)
{
	const char	*l, *o;
	json_t		*docs;
	int		 rc;

	l = svc->req_query(req, "limit");
	o = svc->req_query(req, "offset");
	rc = svc->doc_list(req, svc->req_param(req, "collection"),
	    l ? strtoul(l, NULL, 10) : 100, o ? strtoul(o, NULL, 10) : 0,
	    &docs);
	return (answer(req, rc, rc == CD_OK ? json_pack("{s:o}", "docs",
	    docs) : NULL));
}

static int
dp_init(struct cd_ctx *ctx, const struct cd_services *s, char **errmsg)
{
	static const struct cd_route routes[] = {
		{ .size = sizeof(struct cd_route), .method = "PUT",
		  .pattern = "/api/doc-probe/{collection}/{id}",
		  .min_role = CD_ROLE_EDITOR, .body_limit = 32 << 20,
		  .handler = probe_put },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/doc-probe/{collection}/{id}",
		  .min_role = CD_ROLE_VIEWER, .handler = probe_get },
		{ .size = sizeof(struct cd_route), .method = "DELETE",
		  .pattern = "/api/doc-probe/{collection}/{id}",
		  .min_role = CD_ROLE_EDITOR, .handler = probe_delete },
		{ .size = sizeof(struct cd_route), .method = "GET",
		  .pattern = "/api/doc-probe/{collection}",
		  .min_role = CD_ROLE_VIEWER, .handler = probe_list },
	};

	if (!CD_SVC_HAS(s, doc_list)) {
		*errmsg = strdup("needs ABI 1.1");
		return (CD_ERR);
	}
	svc = s;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (s->route_add(ctx, &routes[i], errmsg) != CD_OK)
			return (CD_ERR);
	return (CD_OK);
}

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "doc_probe",
	.version = "0.0.1",
	.init = dp_init,
};
