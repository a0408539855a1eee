/*
 * The HTTP engine binding: the only file that includes microhttpd.h.
 * A worker runs one libmicrohttpd daemon on the listening socket it
 * inherited from the master, with its own small thread pool.
 */
#include <sys/random.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "cd.h"
#include "carbon.h"

/*
 * Per-connection pool for the request line and headers (bodies are ours).
 * libmicrohttpd clears it for every request, so smaller is faster.
 */
#define HTTP_CONN_MEMORY	8192

static struct MHD_Daemon	*daemon_;
static atomic_int		 draining;
static atomic_ullong		 rid_seq;
static unsigned long long	 rid_seed;

static const char *
http_conn_value(struct cd_req *r, enum MHD_ValueKind kind, const char *name)
{
	return (MHD_lookup_connection_value(r->conn, kind, name));
}

const char *
cd_http_header(struct cd_req *r, const char *name)
{
	return (http_conn_value(r, MHD_HEADER_KIND, name));
}

const char *
cd_http_query(struct cd_req *r, const char *name)
{
	return (http_conn_value(r, MHD_GET_ARGUMENT_KIND, name));
}

static enum MHD_Result
http_arg_utf8(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	const char	**bad = cls;

	(void)kind;
	if (cd_utf8_valid(key) && (value == NULL || cd_utf8_valid(value)))
		return (MHD_YES);
	*bad = key;
	return (MHD_NO);
}

/* The name of the first query argument that is not UTF-8 text, or NULL. */
const char *
cd_http_query_invalid(struct cd_req *r)
{
	const char	*bad = NULL;

	(void)MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	    http_arg_utf8, &bad);
	return (bad);
}

/* Is the request's Origin in the cors_origins list? */
int
cd_http_cors_allowed(struct cd_req *r)
{
	const char	*origin, *p;
	size_t		 n;

	if ((origin = cd_http_header(r, "Origin")) == NULL)
		return (0);
	n = strlen(origin);
	for (p = cd_conf->cors_origins; *p != '\0';) {
		size_t l = strcspn(p, ",");
		if (l == n && strncmp(p, origin, n) == 0)
			return (1);
		p += l + (p[l] == ',');
	}
	return (0);
}

/* The peer's address, or X-Real-IP from a trusted proxy. */
static void
http_client_ip(struct cd_req *r)
{
	const union MHD_ConnectionInfo	*ci;
	const char			*real;
	const struct sockaddr		*sa;

	if (cd_conf->trust_proxy &&
	    (real = cd_http_header(r, "X-Real-IP")) != NULL &&
	    strlen(real) < sizeof(r->ip)) {
		cd_strlcpy(r->ip, real, sizeof(r->ip));
		return;
	}
	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	cd_strlcpy(r->ip, "unknown", sizeof(r->ip));
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		(void)inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr, r->ip, sizeof(r->ip));
	else if (sa->sa_family == AF_INET6)
		(void)inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, r->ip, sizeof(r->ip));
}

static int
http_header(struct MHD_Response *resp, const char *name, const char *value)
{
	return (MHD_add_response_header(resp, name, value) == MHD_YES);
}

/* CORS, HSTS, Retry-After and Allow: the headers that depend on the request. */
static int
http_extra_headers(struct MHD_Response *resp, struct cd_req *r)
{
	const char	*origin;

	if (r->status == 405 || (r->status == 204 && r->allow[0] != '\0'))
		if (!http_header(resp, "Allow", r->allow))
			return (0);
	if (r->retry_after[0] != '\0' &&
	    !http_header(resp, "Retry-After", r->retry_after))
		return (0);
	if (cd_conf->behind_tls && !http_header(resp,
	    "Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
		return (0);
	if ((origin = cd_http_header(r, "Origin")) != NULL &&
	    cd_http_cors_allowed(r)) {
		if (!http_header(resp, "Access-Control-Allow-Origin", origin) ||
		    !http_header(resp, "Vary", "Origin") ||
		    !http_header(resp, "Access-Control-Expose-Headers",
		    "X-Request-Id, Retry-After"))
			return (0);
		if (strcmp(r->method, "OPTIONS") == 0 && (!http_header(resp,
		    "Access-Control-Allow-Methods", r->allow) ||
		    !http_header(resp, "Access-Control-Allow-Headers",
		    "Authorization, Content-Type, X-Request-Id, "
		    "Idempotency-Key") ||
		    !http_header(resp, "Access-Control-Max-Age", "600")))
			return (0);
	}
	return (1);
}

/* Take the client's X-Request-Id when it is short and plain, else make one. */
static void
http_request_id(struct cd_req *r)
{
	const char	*in;
	size_t		 n;

	if ((in = cd_http_header(r, "X-Request-Id")) != NULL) {
		for (n = 0; in[n] != '\0' && n < CD_RID_LEN; n++)
			if (!((in[n] >= 'a' && in[n] <= 'z') ||
			    (in[n] >= 'A' && in[n] <= 'Z') ||
			    (in[n] >= '0' && in[n] <= '9') || in[n] == '-'))
				break;
		if (n > 0 && n < CD_RID_LEN && in[n] == '\0') {
			memcpy(r->rid, in, n + 1);
			return;
		}
	}
	snprintf(r->rid, sizeof(r->rid), "%016llx",
	    rid_seed + atomic_fetch_add(&rid_seq, 1));
}

static enum MHD_Result
http_queue(struct MHD_Connection *c, struct cd_req *r)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	resp = MHD_create_response_from_buffer(r->resp_len, r->resp,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return (MHD_NO);
	r->resp = NULL;		/* now the response's */
	if (MHD_add_response_header(resp, "Content-Type", r->resp_type) ==
	    MHD_NO ||
	    MHD_add_response_header(resp, "X-Request-Id", r->rid) == MHD_NO ||
	    MHD_add_response_header(resp, "X-Content-Type-Options",
	    "nosniff") == MHD_NO ||
	    MHD_add_response_header(resp, "X-Frame-Options", "DENY") ==
	    MHD_NO ||
	    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") ==
	    MHD_NO ||
	    MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'") == MHD_NO ||
	    MHD_add_response_header(resp, "Cache-Control", "no-store") ==
	    MHD_NO || !http_extra_headers(resp, r) ||
	    (atomic_load(&draining) && MHD_add_response_header(resp,
	    "Connection", "close") == MHD_NO)) {
		MHD_destroy_response(resp);
		return (MHD_NO);
	}
	ret = MHD_queue_response(c, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return (ret);
}

/*
 * The dashboard's CSP: its own scripts, styles and API only.  Inline
 * styles are allowed because Chart.js sizes its canvas with them.
 */
#define DASHBOARD_CSP	"default-src 'self'; script-src 'self'; "	\
			"style-src 'self' 'unsafe-inline'; img-src 'self' data:; " \
			"connect-src 'self'; base-uri 'none'; form-action 'self'; " \
			"frame-ancestors 'none'"

/* A dashboard file (static.c picks it), or the JSON 404 when there is none. */
static enum MHD_Result
http_static(struct MHD_Connection *c, struct cd_req *r)
{
	struct MHD_Response	*resp;
	struct cd_static	 f;
	enum MHD_Result		 ret;
	char			 msg[PATH_MAX + 96];

	r->route = "dashboard";
	if (cd_static_find(r->path, cd_http_header(r, "Accept-Encoding"),
	    &f) != CD_OK) {
		snprintf(msg, sizeof(msg), "no such file; if this is the "
		    "dashboard, build it (make assets) into %s",
		    cd_conf->dashboard_dir);
		cd_req_respond_error(r, 404, "not_found", msg, NULL);
		return (http_queue(c, r));
	}
	if ((resp = MHD_create_response_from_fd((uint64_t)f.size, f.fd)) ==
	    NULL) {
		(void)close(f.fd);
		return (MHD_NO);
	}
	r->status = 200;
	r->resp_len = (size_t)f.size;
	if (!http_header(resp, "Content-Type", f.type) ||
	    (f.encoding != NULL &&
	    !http_header(resp, "Content-Encoding", f.encoding)) ||
	    !http_header(resp, "Vary", "Accept-Encoding") ||
	    !http_header(resp, "Cache-Control", f.cache) ||
	    !http_header(resp, "X-Request-Id", r->rid) ||
	    !http_header(resp, "X-Content-Type-Options", "nosniff") ||
	    !http_header(resp, "X-Frame-Options", "DENY") ||
	    !http_header(resp, "Referrer-Policy", "no-referrer") ||
	    !http_header(resp, "Content-Security-Policy", DASHBOARD_CSP) ||
	    !http_extra_headers(resp, r)) {
		MHD_destroy_response(resp);
		return (MHD_NO);
	}
	ret = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	return (ret);
}

static enum MHD_Result
http_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct cd_req	*r;
	const char	*cl;
	char		*end;
	size_t		 clen;

	(void)cls;
	(void)version;
	if ((r = *con_cls) == NULL) {
		r = cd_calloc(1, sizeof(*r));
		r->conn = c;
		r->method = method;
		r->path = cd_strdup(url);
		r->started = cd_now_mono();
		http_request_id(r);
		http_client_ip(r);
		*con_cls = r;
		if ((strcmp(method, "GET") == 0 ||
		    strcmp(method, "HEAD") == 0) && cd_static_path(r->path))
			return (http_static(c, r));
		clen = 0;
		if ((cl = cd_http_header(r, "Content-Length")) != NULL)
			clen = (size_t)strtoull(cl, &end, 10);
		/*
		 * An answer queued now closes the connection: do that only
		 * when a body would follow; else answer on the next call.
		 */
		r->spool_fd = -1;
		if (cd_dispatch_prepare(r, clen) != CD_OK && (clen > 0 ||
		    cd_http_header(r, "Transfer-Encoding") != NULL))
			return (http_queue(c, r));
		if (r->status == 0 && (r->spec->flags & CD_ROUTE_SPOOL) &&
		    cd_import_spool_open(r) != CD_OK && (clen > 0 ||
		    cd_http_header(r, "Transfer-Encoding") != NULL))
			return (http_queue(c, r));
		return (MHD_YES);
	}
	if (r->status != 0) {		/* answered early */
		if (*upload_size > 0) {
			*upload_size = 0;
			return (MHD_YES);
		}
		return (http_queue(c, r));
	}
	if (*upload_size > 0 && r->spool[0] != '\0') {
		int rc = cd_import_spool_write(r, upload, *upload_size);
		if (rc == CD_EINVAL)
			r->body_too_large = 1;
		else if (rc != CD_OK)
			r->spool_failed = 1;
		*upload_size = 0;
		return (MHD_YES);
	}
	if (*upload_size > 0) {
		if (r->body_len + *upload_size > r->body_limit)
			r->body_too_large = 1;
		if (!r->body_too_large) {
			if (r->body_len + *upload_size + 1 > r->body_cap) {
				r->body_cap = (r->body_len + *upload_size + 1) *
				    2;
				if (r->body_cap > r->body_limit + 1)
					r->body_cap = r->body_limit + 1;
				r->body = cd_realloc(r->body, r->body_cap);
			}
			memcpy(r->body + r->body_len, upload, *upload_size);
			r->body_len += *upload_size;
			r->body[r->body_len] = '\0';
		}
		*upload_size = 0;
		return (MHD_YES);
	}
	cd_dispatch(r);
	return (http_queue(c, r));
}

static void
http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct cd_req	*r;
	double		 secs;

	(void)cls;
	(void)c;
	if ((r = *con_cls) == NULL)
		return;
	*con_cls = NULL;
	secs = cd_now_mono() - r->started;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status == 0)
		r->status = 499;	/* the client left before an answer */
	cd_log_access(r->rid, r->method, r->path, r->route, r->status, secs,
	    r->resp_len);
	cd_metrics_request(r->method, r->route, r->status, secs);
	cd_req_cleanup(r);
}

int
cd_http_start(int fd, const struct cd_config *conf)
{
	unsigned int	flags;

	if (getrandom(&rid_seed, sizeof(rid_seed), 0) != sizeof(rid_seed))
		rid_seed = (unsigned long long)cd_now_real() * 1000003ULL;
	rid_seed &= 0x00ffffffffffffffULL;
	flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO;
	daemon_ = MHD_start_daemon(flags, 0, NULL, NULL, http_access, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)conf->threads,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)conf->connection_timeout,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, NULL,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
	    MHD_OPTION_END);
	return (daemon_ == NULL ? CD_ERR : CD_OK);
}

/* Stop accepting; connections in progress finish, then close. */
void
cd_http_quiesce(void)
{
	atomic_store(&draining, 1);
	if (daemon_ != NULL)
		(void)MHD_quiesce_daemon(daemon_);
}

unsigned int
cd_http_connections(void)
{
	const union MHD_DaemonInfo	*info;

	if (daemon_ == NULL)
		return (0);
	info = MHD_get_daemon_info(daemon_,
	    MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return (info ? info->num_connections : 0);
}

void
cd_http_stop(void)
{
	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
