/*
 * Carbon Depict host: internal interfaces, grouped by the file that
 * implements them.  Plugins never include this header.
 */
#ifndef CD_HOST_H
#define CD_HOST_H

#include <sys/types.h>

#include <limits.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <carbondepict/sdk.h>

#define CD_VERSION		"0.1.0"
#define CD_WORKERS_MAX		64
#define CD_PLUGIN_DIRS_MAX	8
#define CD_PARAMS_MAX		8
#define CD_RID_LEN		24
#define CD_ERRMSG_LEN		512

struct cd_config;
struct cd_req;

#define CD_NORETURN		__attribute__((noreturn))
#define CD_PRINTF(a, b)		__attribute__((format(printf, a, b)))

/* util.c */
void		*cd_malloc(size_t);
void		*cd_calloc(size_t, size_t);
void		*cd_realloc(void *, size_t);
char		*cd_strdup(const char *);
char		*cd_asprintf(const char *, ...) CD_PRINTF(1, 2);
size_t		 cd_strlcpy(char *, const char *, size_t);
size_t		 cd_utf8_len(const unsigned char *, size_t);
int		 cd_utf8_valid(const char *);
void		 cd_utf8_scrub(char *);
double		 cd_now_mono(void);
double		 cd_now_real(void);
int		 cd_copy_file(const char *, const char *, char **);
int		 cd_mkdir_p(const char *, int, char **);
char		*cd_file_read(const char *, size_t, size_t *, char **);
void		 cd_fatal(const char *, ...) CD_PRINTF(1, 2) CD_NORETURN;

/* db.c */
struct pg_conn;
struct pg_result;

struct cd_tx {
	struct pg_conn		*conn;
	int			 open;
	int			 failed;
	int			 unavailable;	/* connection lost or down */
	char			 sqlstate[6];
	char			*err;
};

void		 cd_db_init(const struct cd_config *);
int		 cd_db_configured(void);
int		 cd_tx_begin(struct cd_tx *, const char *);
struct pg_result *cd_tx_exec(struct cd_tx *, const char *, int,
		    const char *const *);
struct pg_result *cd_tx_exec_fixed(struct cd_tx *, const char *, int,
		    const char *const *);
int		 cd_tx_run(struct cd_tx *, const char *, int,
		    const char *const *);
int		 cd_tx_copy(struct cd_tx *, const char *, const char *,
		    size_t);
int		 cd_tx_end(struct cd_tx *, int);
void		 cd_tx_cleanup(struct cd_tx *);
int		 cd_tx_respond(struct cd_req *, struct cd_tx *);
int		 cd_db_ping(char **);
json_t		*cd_db_json(const char *);

/* redis.c */
struct redisReply;

int		 cd_redis_init(const struct cd_config *, char **);
int		 cd_redis_configured(void);
struct redisReply *cd_redis_cmd(const char *, ...);
int		 cd_redis_ping(void);
/* Generation counters per company: what each one guards. */
#define CD_GEN_EMISSIONS	"emv"	/* what summaries read: rows, org */
#define CD_GEN_ORG		"orgv"	/* settings, facilities (calc env) */
long long	 cd_redis_generation(const char *, const char *);
void		 cd_redis_generation_bump(const char *, const char *);

/* auth.c */
const char	*cd_role_name(int);
int		 cd_role_parse(const char *);
int		 cd_auth_init(const struct cd_config *, char **);
int		 cd_auth_identify(struct cd_req *, const char *);
int		 cd_password_hash(const char *, char **);
int		 cd_password_check(const char *, const char *);
const char	*cd_auth_dummy_hash(void);
json_t		*cd_auth_issue(struct cd_tx *, const char *, const char *,
		    const char *, const char *);
int		 cd_refresh_company(const char *, char [37]);

/* ratelimit.c */
int		 cd_ratelimit_init(void);
unsigned int	 cd_ratelimit_hit(const char *, const char *, unsigned int,
		    unsigned int *);
unsigned int	 cd_ratelimit_peek(const char *, const char *, unsigned int,
		    unsigned int *);
void		 cd_ratelimit_reset(const char *, const char *);

/* validate.c */
int		 cd_body_object(struct cd_req *);
int		 cd_body_fields(struct cd_req *, const char *const *);
int		 cd_field_string(struct cd_req *, const char *, size_t, size_t,
		    int, const char **);
int		 cd_field_number(struct cd_req *, const char *, double, int,
		    double, int, double *);
int		 cd_field_email(struct cd_req *, const char *, char *, size_t);
void		 cd_uuid(char [37]);
void		 cd_uuid7(char [37]);
int		 cd_uuid_valid(const char *);
int		 cd_date_valid(const char *);
int		 cd_one_of(const char *const *, const char *);
int		 cd_query_long(struct cd_req *, const char *, long, long, long,
		    long *);

/* csv.c: RFC 4180 records read incrementally, a record at a time */
#define CD_CSV_FIELDS	32
#define CD_CSV_FIELD	1024

struct cd_csv {
	char		 field[CD_CSV_FIELDS][CD_CSV_FIELD];
	int		 nfields;
	long long	 line;		/* physical line the record began on */
	long long	 next_line;
	const char	*error;		/* why this record is malformed */
	int		 state;
	int		 pending_cr;	/* a CR ended the last read */
	size_t		 len;		/* of the field being read */
	int		 started;	/* the record has a character */
};

void		 cd_csv_init(struct cd_csv *, long long);
int		 cd_csv_feed(struct cd_csv *, const char *, size_t, size_t *);
int		 cd_csv_finish(struct cd_csv *);
int		 cd_csv_blank(const struct cd_csv *);

/* buf.c: a growing text buffer, and CSV fields */
struct cd_buf {
	char			*p;
	size_t			 len;
	size_t			 cap;
};

void		 cd_buf_add(struct cd_buf *, const char *, size_t);
void		 cd_buf_str(struct cd_buf *, const char *);
void		 cd_buf_csv(struct cd_buf *, const char *, int);
void		 cd_buf_free(struct cd_buf *);

/* jsonw.c: JSON text written straight into a buffer (hot answers) */
struct cd_jsonw {
	struct cd_buf		 b;
	int			 comma;		/* a value came before */
};

void		 cd_jsonw_init(struct cd_jsonw *, size_t);
void		 cd_jsonw_cleanup(struct cd_jsonw *);
void		 cd_jsonw_reset(struct cd_jsonw *);
char		*cd_jsonw_release(struct cd_jsonw *, size_t *);
void		 cd_jsonw_open(struct cd_jsonw *, char);
void		 cd_jsonw_close(struct cd_jsonw *, char);
void		 cd_jsonw_key(struct cd_jsonw *, const char *);
void		 cd_jsonw_str(struct cd_jsonw *, const char *);
void		 cd_jsonw_int(struct cd_jsonw *, long long);
void		 cd_jsonw_real(struct cd_jsonw *, double);
void		 cd_jsonw_null(struct cd_jsonw *);
void		 cd_jsonw_kstr(struct cd_jsonw *, const char *, const char *);
void		 cd_jsonw_kint(struct cd_jsonw *, const char *, long long);
void		 cd_jsonw_kreal(struct cd_jsonw *, const char *, double);

/* audit.c */
int		 cd_audit(struct cd_tx *, const struct cd_req *, const char *,
		    const char *, const char *, const json_t *);

/* svc_storage.c, docstore.c, svc_cache.c: services behind the table */
int		 cd_svc_storage_query(struct cd_req *, const char *, int,
		    const char *const *, json_t **, char **);
int		 cd_docs_put(struct cd_req *, const char *, const char *,
		    const json_t *);
int		 cd_docs_get(struct cd_req *, const char *, const char *,
		    json_t **);
int		 cd_docs_delete(struct cd_req *, const char *, const char *);
int		 cd_docs_list(struct cd_req *, const char *, size_t, size_t,
		    json_t **);
/*
 * docstore.c checks the arguments and the document, then calls the
 * backend the configuration names (`docstore`): docstore_pg.c (JSONB) or
 * docstore_mongo.c.  A backend sees only valid arguments.
 */
#define CD_DOC_DEPTH_MAX	64	/* nesting of a stored document */

struct cd_docstore {
	const char	*name;
	int		(*put)(struct cd_req *, const char *, const char *,
			    const json_t *);
	int		(*get)(struct cd_req *, const char *, const char *,
			    json_t **);
	int		(*del)(struct cd_req *, const char *, const char *);
	int		(*list)(struct cd_req *, const char *, size_t, size_t,
			    json_t **);
};

extern const struct cd_docstore	cd_docstore_pg;
extern const struct cd_docstore	cd_docstore_mongo;

int		 cd_docs_init(const struct cd_config *, char **);
const char	*cd_docs_backend(void);
int		 cd_docs_worker_start(void);
void		 cd_docs_worker_stop(void);
void		 cd_docs_cleanup(void);
int		 cd_docs_doc_valid(const json_t *);

/* docstore_mongo.c: the MongoDB backend's life cycle */
int		 cd_mongo_init(const struct cd_config *, char **);
int		 cd_mongo_worker_start(void);
void		 cd_mongo_worker_stop(void);
void		 cd_mongo_cleanup(void);
int		 cd_cache_get(struct cd_req *, const char *, char **, size_t *);
int		 cd_cache_set(struct cd_req *, const char *, const void *,
		    size_t, int);
int		 cd_cache_del(struct cd_req *, const char *);
int		 cd_cache_incr(struct cd_req *, const char *, int, long long *);

/* migrate.c */
int		 cd_migrate(const struct cd_config *, char **);

/* crypto.c */
struct cd_secret {
	unsigned char		 key[256];
	size_t			 len;
};

int		 cd_random(void *, size_t);
void		 cd_sha256_hex(const void *, size_t, char [65]);
struct cd_sha256;
struct cd_sha256 *cd_sha256_begin(void);
void		 cd_sha256_add(struct cd_sha256 *, const void *, size_t);
int		 cd_sha256_end(struct cd_sha256 *, char [65]);
int		 cd_hmac_sha256(const void *, size_t, const void *, size_t,
		    unsigned char [32]);
int		 cd_memeq(const void *, const void *, size_t);
size_t		 cd_b64url_encode(const void *, size_t, char *);
ssize_t		 cd_b64url_decode(const char *, size_t, unsigned char *);

/* jwt.c */
char		*cd_jwt_sign(const struct cd_secret *, const json_t *);
int		 cd_jwt_verify(const struct cd_secret *, const char *,
		    long long, json_t **, const char **);

/* config.c */
#define CD_DOCSTORE_POSTGRES	0
#define CD_DOCSTORE_MONGODB	1

struct cd_config_kv {
	char			*key;	/* dotted path: "log.level" */
	char			*value;	/* sequences joined with ',' */
	int			 line;	/* 0 when set from the environment */
};

struct cd_config {
	char			 listen[64];
	int			 port;
	int			 workers;
	int			 threads;
	char			 plugin_dirs[CD_PLUGIN_DIRS_MAX][PATH_MAX];
	int			 nplugin_dirs;
	char			 plugin_cache[PATH_MAX];
	int			 log_level;
	int			 access_log;
	size_t			 max_body;
	int			 json_max_depth;
	int			 connection_timeout;
	int			 drain_timeout;
	int			 dev;
	char			 user[64];
	char			 database_url[512];
	int			 db_timeout_ms;
	char			 migrations_dir[PATH_MAX];
	char			 redis_url[256];
	int			 redis_timeout_ms;
	char			 jwt_secret_file[PATH_MAX];
	int			 access_ttl;
	int			 refresh_ttl;
	int			 bcrypt_cost;
	int			 login_max_failures;
	int			 login_lockout;
	int			 rate_limit_ip;
	int			 rate_limit_user;
	char			 cors_origins[1024];	/* comma-separated */
	int			 behind_tls;
	int			 trust_proxy;
	char			 metrics_dictionary[PATH_MAX];
	char			 factors_dir[PATH_MAX];
	char			 spool_dir[PATH_MAX];
	size_t			 import_max_bytes;
	int			 settings_max_age;
	char			 dashboard_dir[PATH_MAX];	/* "" = none */
	int			 docstore;	/* CD_DOCSTORE_* */
	char			 mongo_url[1024];

	struct cd_config_kv	*kv;
	size_t			 nkv;
};

int		 cd_config_load(struct cd_config *, const char *, char **);
int		 cd_config_parse(struct cd_config *, const char *, size_t,
		    const char *, char **);
void		 cd_config_cleanup(struct cd_config *);
const char	*cd_config_get(const struct cd_config *, const char *);

/* yaml_json.c */
json_t		*cd_yaml_parse(const char *, size_t, const char *, char **);
json_t		*cd_yaml_load(const char *, char **);

/* log.c */
void		 cd_log_init(int, int);
void		 cd_log(int, const char *, ...) CD_PRINTF(2, 3);
void		 cd_log_access(const char *, const char *, const char *,
		    const char *, int, double, size_t);
void		 cd_log_flush(void);
void		 cd_log_plugin(const char *, const char *, int, const char *);
size_t		 cd_json_escape(char *, size_t, const char *);

/* metrics.c */
#define CD_DEP_REDIS		0
#define CD_DEP_DATABASE		1

int		 cd_metrics_init(int);
int		 cd_metrics_dependency(int, int);
void		 cd_metrics_slot(int);
void		 cd_metrics_request(const char *, const char *, int, double);
void		 cd_metrics_reload(int);
void		 cd_metrics_worker_up(int, pid_t);
void		 cd_metrics_worker_restart(void);
int		 cd_metrics_plugin_counter(const char *, const char *,
		    uint64_t);
char		*cd_metrics_render(size_t *);

/* router.c */
struct cd_params {
	int			 n;
	char			*name[CD_PARAMS_MAX];
	char			*value[CD_PARAMS_MAX];
};

int		 cd_route_valid(const char *, const char *, char **);
int		 cd_route_match(const char *, const char *, struct cd_params *);
void		 cd_params_cleanup(struct cd_params *);

/* request.c */
struct cd_req {
	const char		*method;
	char			*path;
	char			 rid[CD_RID_LEN];
	void			*conn;		/* http.c's connection */
	double			 started;

	const char		*route;		/* pattern, for logs/metrics */
	const struct cd_route	*spec;
	struct cd_ctx		*gen;		/* pinned plugin generation */
	struct cd_params	 params;
	int			 role;		/* from the token */
	char			 user[37];	/* uuid, "" when anonymous */
	char			 company[37];
	char			 jti[32];
	long long		 token_exp;
	char			 ip[48];
	char			 retry_after[16];	/* for 429 */

	int			 spool_fd;	/* CD_ROUTE_SPOOL: body to disk */
	char			 spool[PATH_MAX];
	long long		 spool_lines;
	struct cd_sha256	*spool_sha;	/* of what was spooled */

	char			*body;
	size_t			 body_len;
	size_t			 body_cap;
	size_t			 body_limit;
	int			 body_too_large;
	int			 spool_failed;	/* a write to it failed */
	json_t			*json;

	int			 status;
	char			*resp;
	size_t			 resp_len;
	const char		*resp_type;
	char			 allow[64];	/* for 405 */
};

int		 cd_req_respond_json(struct cd_req *, int, json_t *);
int		 cd_req_respond_error(struct cd_req *, int, const char *,
		    const char *, const char *);
int		 cd_req_respond_jsonw(struct cd_req *, int, struct cd_jsonw *);
int		 cd_req_respond_raw(struct cd_req *, int, const char *,
		    const void *, size_t);
int		 cd_req_parse_json(struct cd_req *, int);
int		 cd_json_depth_ok(const char *, size_t, int);
void		 cd_req_cleanup(struct cd_req *);

/* static.c: the dashboard's files */
struct cd_static {
	int		 fd;		/* open on the file to send */
	off_t		 size;
	const char	*type;		/* Content-Type */
	const char	*encoding;	/* "br", "gzip" or NULL */
	const char	*cache;		/* Cache-Control */
};
int		 cd_static_path(const char *);
int		 cd_static_find(const char *, const char *, struct cd_static *);
int		 cd_static_accepts(const char *, const char *);

/* http.c */
int		 cd_http_start(int, const struct cd_config *);
void		 cd_http_quiesce(void);
unsigned int	 cd_http_connections(void);
void		 cd_http_stop(void);
const char	*cd_http_header(struct cd_req *, const char *);
const char	*cd_http_query(struct cd_req *, const char *);
const char	*cd_http_query_invalid(struct cd_req *);
int		 cd_http_cors_allowed(struct cd_req *);

/* dispatch.c */
extern _Thread_local struct cd_req	*cd_current_req;
int		 cd_dispatch_prepare(struct cd_req *, size_t);
void		 cd_dispatch(struct cd_req *);
int		 cd_dispatch_builtin_taken(const char *, const char *);

/* api_users.c */
int		 cd_users_insert(struct cd_tx *, struct cd_req *, const char *,
		    const char *, const char *, const char *, const char *,
		    const char *);
int		 cd_users_respond_failed(struct cd_req *, struct cd_tx *);

/* api_system.c, api_auth.c, api_users.c: the host's own routes */
#define CD_ROUTE(m, p, role, fn)					\
	{ .size = sizeof(struct cd_route), .method = (m), .pattern = (p),\
	  .min_role = (role), .handler = (fn) }
#define CD_ROUTE_END	{ .method = NULL }
/* Host routes only: the body goes to a file in spool_dir, not memory. */
#define CD_ROUTE_SPOOL	0x100

extern const struct cd_route	cd_system_routes[];
extern const struct cd_route	cd_auth_routes[];
extern const struct cd_route	cd_user_routes[];
extern const struct cd_route	cd_esg_routes[];
extern const struct cd_route	cd_target_routes[];
extern const struct cd_route	cd_org_routes[];
extern const struct cd_route	cd_factor_routes[];
extern const struct cd_route	cd_calc_routes[];
extern const struct cd_route	cd_job_routes[];
extern const struct cd_route	cd_summary_routes[];
extern const struct cd_route	cd_emission_routes[];
extern const struct cd_route	cd_audit_routes[];

/* loader.c: a struct cd_ctx is one loaded generation of a plugin. */
struct cd_ctx {
	struct cd_ctx		*next;
	void			*dl;
	const struct cd_plugin	*desc;
	char			 name[64];
	char			 version[32];
	char			 path[PATH_MAX];	/* private copy */
	char			 source[PATH_MAX];	/* build output */
	char			 dir[PATH_MAX];		/* source's folder */
	unsigned int		 generation;
	double			 loaded_at;
	atomic_int		 refs;
	int			 initialising;	/* route_add allowed */
	struct cd_route		*routes;	/* strings owned here */
	size_t			 nroutes;
};

int		 cd_loader_load(const char *, const char *, unsigned int,
		    char **);
struct cd_ctx	*cd_loader_match(const char *, const char *,
		    struct cd_params *, const struct cd_route **, char *,
		    size_t);
void		 cd_loader_release(struct cd_ctx *);
void		 cd_loader_reap(void);
void		 cd_loader_unload_all(void);
json_t		*cd_loader_list(int);
int		 cd_loader_route_add(struct cd_ctx *, const struct cd_route *,
		    char **);
struct cd_ctx	*cd_loader_calculator(const char *);
size_t		 cd_loader_count(void);
size_t		 cd_loader_retired(void);

/* services.c */
extern const struct cd_services	cd_services_table;
extern const struct cd_config	*cd_conf;

/* plugins.c (master side: watched build outputs and their copies) */
struct cd_pcopy {
	char			 path[PATH_MAX];
	unsigned int		 generation;
};

#define CD_PCOPIES		4

struct cd_psource {
	char			 source[PATH_MAX];
	struct cd_pcopy		 copies[CD_PCOPIES];	/* newest first */
	int			 ncopies;
	unsigned int		 next_gen;
};

int		 cd_plugins_init(const struct cd_config *, char **);
int		 cd_plugins_scan(void);
int		 cd_plugins_watch_fd(void);
int		 cd_plugins_on_event(struct cd_psource **, size_t, size_t *);
const struct cd_psource *cd_plugins_at(size_t);
size_t		 cd_plugins_count(void);
int		 cd_plugins_refresh(const char *, struct cd_psource **);
void		 cd_plugins_cleanup(void);

/* worker.c */
struct cd_worker {
	pid_t			 pid;
	int			 ctl;		/* master's end of the pipe */
	int			 slot;
	double			 started;
	double			 respawn_at;	/* 0: not waiting */
	int			 quick_deaths;
	int			 retiring;
};

#define CD_CTL_MSG_SIZE		2048

int		 cd_worker_spawn(struct cd_worker *, int, int,
		    const struct cd_config *);
void		 cd_worker_notify(struct cd_worker *,
		    const struct cd_psource *);

/* master.c */
int		 cd_master_run(struct cd_config *, const char *);

#endif /* CD_HOST_H */
