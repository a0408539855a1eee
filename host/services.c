/*
 * The service table handed to every plugin's init.  Entries are appended
 * only; see sdk.h for each contract.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cd.h"
#include "carbon.h"

const struct cd_config	*cd_conf;

static void
svc_log(struct cd_ctx *ctx, int level, const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cd_log_plugin(ctx->name, cd_current_req ? cd_current_req->rid : NULL,
	    level, msg);
}

/* Keys that carry credentials or name where they live: never for plugins. */
static const char *const secret_keys[] = {
	"database_url", "redis_url", "jwt_secret_file", "mongo_url", NULL
};

static const char *
svc_config_get(struct cd_ctx *ctx, const char *key)
{
	(void)ctx;
	for (const char *const *k = secret_keys; *k != NULL; k++)
		if (strcmp(key, *k) == 0)
			return (NULL);
	return (cd_conf ? cd_config_get(cd_conf, key) : NULL);
}

static const char *
svc_plugin_dir(struct cd_ctx *ctx)
{
	return (ctx->dir);
}

static int
svc_route_add(struct cd_ctx *ctx, const struct cd_route *route, char **err)
{
	return (cd_loader_route_add(ctx, route, err));
}

static const char *
svc_req_method(struct cd_req *r)
{
	return (r->method);
}

static const char *
svc_req_path(struct cd_req *r)
{
	return (r->path);
}

static const char *
svc_req_param(struct cd_req *r, const char *name)
{
	for (int i = 0; i < r->params.n; i++)
		if (strcmp(r->params.name[i], name) == 0)
			return (r->params.value[i]);
	return (NULL);
}

static const char *
svc_req_query(struct cd_req *r, const char *name)
{
	return (cd_http_query(r, name));
}

static const char *
svc_req_header(struct cd_req *r, const char *name)
{
	return (cd_http_header(r, name));
}

static const char *
svc_req_body(struct cd_req *r, size_t *len)
{
	*len = r->body_len;
	return (r->body_len ? r->body : NULL);
}

static json_t *
svc_req_json(struct cd_req *r)
{
	return (r->json);
}

static int
svc_req_role(struct cd_req *r)
{
	return (r->role);
}

static const char *
svc_req_id(struct cd_req *r)
{
	return (r->rid);
}

static const char *
svc_req_user(struct cd_req *r)
{
	return (r->user[0] ? r->user : NULL);
}

static const char *
svc_req_company(struct cd_req *r)
{
	return (r->company[0] ? r->company : NULL);
}

static int
svc_counter_add(struct cd_ctx *ctx, const char *name, uint64_t delta)
{
	size_t	n;

	for (n = 0; name[n] != '\0'; n++)
		if (!islower((unsigned char)name[n]) && name[n] != '_')
			return (CD_EINVAL);
	if (n == 0 || n > 47)
		return (CD_EINVAL);
	return (cd_metrics_plugin_counter(ctx->name, name, delta));
}

static int
svc_yaml_load(struct cd_ctx *ctx, const char *path, json_t **out,
    char **err)
{
	char	full[PATH_MAX];

	*out = NULL;
	if (path == NULL || strstr(path, "..") != NULL) {
		*err = cd_asprintf("yaml_load: path must stay inside the "
		    "plugin's folder");
		return (CD_EINVAL);
	}
	if ((size_t)snprintf(full, sizeof(full), "%s/%s", path[0] == '/' ? "" :
	    ctx->dir, path) >= sizeof(full)) {
		*err = cd_asprintf("yaml_load: path too long");
		return (CD_EINVAL);
	}
	*out = cd_yaml_load(path[0] == '/' ? path : full, err);
	return (*out ? CD_OK : CD_EINVAL);
}

static const json_t *
svc_metric_dictionary(struct cd_ctx *ctx)
{
	(void)ctx;
	return (cd_dict_json());
}

const struct cd_services cd_services_table = {
	.abi_major = CD_ABI_MAJOR,
	.abi_minor = CD_ABI_MINOR,
	.size = sizeof(struct cd_services),

	.log = svc_log,
	.config_get = svc_config_get,
	.plugin_dir = svc_plugin_dir,
	.route_add = svc_route_add,
	.req_method = svc_req_method,
	.req_path = svc_req_path,
	.req_param = svc_req_param,
	.req_query = svc_req_query,
	.req_header = svc_req_header,
	.req_body = svc_req_body,
	.req_json = svc_req_json,
	.req_role = svc_req_role,
	.req_id = svc_req_id,
	.respond_json = cd_req_respond_json,
	.respond_error = cd_req_respond_error,
	.respond_raw = cd_req_respond_raw,
	.counter_add = svc_counter_add,

	/* ABI 1.1 */
	.req_user = svc_req_user,
	.req_company = svc_req_company,
	.storage_query = cd_svc_storage_query,
	.doc_put = cd_docs_put,
	.doc_get = cd_docs_get,
	.doc_delete = cd_docs_delete,
	.doc_list = cd_docs_list,
	.cache_get = cd_cache_get,
	.cache_set = cd_cache_set,
	.cache_del = cd_cache_del,
	.cache_incr = cd_cache_incr,

	/* ABI 1.2 */
	.yaml_load = svc_yaml_load,
	.metric_dictionary = svc_metric_dictionary,
	.metric_values = cd_metric_values,
	.metrics_post = cd_esg_store,

	/* ABI 1.3 */
	.calc_attr = cd_svc_calc_attr,
	.factor_find = cd_svc_factor_find,
	.gwp = cd_svc_gwp,
	.unit_convert = cd_svc_unit_convert,
	.result_add = cd_svc_result_add,
	.calc_fail = cd_svc_calc_fail,

	/* ABI 1.4 */
	.gwp_in = cd_svc_gwp_in,
};
