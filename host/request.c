/*
 * A request's body and response, independent of the HTTP engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"
#include "carbon.h"

static int
req_answered(struct cd_req *r)
{
	return (r->status != 0);
}

int
cd_req_respond_json(struct cd_req *r, int status, json_t *body)
{
	char	*s;

	if (req_answered(r) || body == NULL) {
		json_decref(body);
		return (CD_EINVAL);
	}
	s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (s == NULL)
		return (CD_ENOMEM);
	r->status = status;
	r->resp = s;
	r->resp_len = strlen(s);
	r->resp_type = "application/json";
	return (CD_OK);
}

/* Answer the text w holds (taken; w is left empty). */
int
cd_req_respond_jsonw(struct cd_req *r, int status, struct cd_jsonw *w)
{
	if (req_answered(r)) {
		cd_jsonw_cleanup(w);
		return (CD_EINVAL);
	}
	r->resp = cd_jsonw_release(w, &r->resp_len);
	r->status = status;
	r->resp_type = "application/json";
	return (CD_OK);
}

int
cd_req_respond_error(struct cd_req *r, int status, const char *code,
    const char *message, const char *field)
{
	json_t	*err;
	char	*msg, *fld;

	/*
	 * A message or field may quote what the client sent, cut anywhere:
	 * invalid UTF-8 is dropped, so the refusal is still answered.
	 */
	msg = cd_strdup(message ? message : "");
	fld = field != NULL ? cd_strdup(field) : NULL;
	cd_utf8_scrub(msg);
	if (fld != NULL)
		cd_utf8_scrub(fld);
	err = json_pack("{s:s, s:s, s:s*}", "code", code ? code : "error",
	    "message", msg, "field", fld);
	free(msg);
	free(fld);
	if (err == NULL)
		return (CD_ENOMEM);
	return (cd_req_respond_json(r, status, json_pack("{s:o}", "error",
	    err)));
}

int
cd_req_respond_raw(struct cd_req *r, int status, const char *type,
    const void *data, size_t len)
{
	if (req_answered(r))
		return (CD_EINVAL);
	r->resp = cd_malloc(len);
	memcpy(r->resp, data, len);
	r->resp_len = len;
	r->status = status;
	r->resp_type = type;
	return (CD_OK);
}

/*
 * Does the JSON text nest deeper than max?  A byte scan, aware only of
 * strings and escapes: jansson validates the rest, and this keeps a
 * hostile body from recursing the parser deep.
 */
int
cd_json_depth_ok(const char *s, size_t len, int max)
{
	int	depth, in_str;

	depth = in_str = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (++depth > max)
				return (0);
		} else if (c == ']' || c == '}')
			depth--;
	}
	return (1);
}

/* Parse the body as JSON; on failure answer 400 and return CD_EINVAL. */
int
cd_req_parse_json(struct cd_req *r, int max_depth)
{
	json_error_t	 e;
	char		 msg[256];

	if (r->body_len == 0)
		return (CD_OK);
	if (!cd_json_depth_ok(r->body, r->body_len, max_depth)) {
		snprintf(msg, sizeof(msg), "JSON nests deeper than %d levels",
		    max_depth);
		cd_req_respond_error(r, 400, "json_too_deep", msg, NULL);
		return (CD_EINVAL);
	}
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (r->json == NULL) {
		snprintf(msg, sizeof(msg), "body is not valid JSON: %s "
		    "(line %d, column %d)", e.text, e.line, e.column);
		cd_req_respond_error(r, 400, "invalid_json", msg, NULL);
		return (CD_EINVAL);
	}
	return (CD_OK);
}

void
cd_req_cleanup(struct cd_req *r)
{
	if (r->gen != NULL)
		cd_loader_release(r->gen);
	cd_params_cleanup(&r->params);
	cd_import_spool_discard(r);
	json_decref(r->json);
	free(r->body);
	free(r->resp);
	free(r->path);
	free(r);
}
