/*
 * Carbon Depict host: internal interfaces, grouped by the file that
 * implements them.  Plugins never include this header.
 */
#ifndef CD_HOST_H
#define CD_HOST_H

#include <sys/types.h>

#include <limits.h>
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

#define CD_NORETURN		__attribute__((noreturn))
#define CD_PRINTF(a, b)		__attribute__((format(printf, a, b)))

/* util.c */
void		*cd_malloc(size_t);
void		*cd_calloc(size_t, size_t);
void		*cd_realloc(void *, size_t);
char		*cd_strdup(const char *);
char		*cd_asprintf(const char *, ...) CD_PRINTF(1, 2);
size_t		 cd_strlcpy(char *, const char *, size_t);
double		 cd_now_mono(void);
double		 cd_now_real(void);
int		 cd_copy_file(const char *, const char *, char **);
int		 cd_mkdir_p(const char *, char **);
void		 cd_fatal(const char *, ...) CD_PRINTF(1, 2) CD_NORETURN;

/* config.c */
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

	struct cd_config_kv	*kv;
	size_t			 nkv;
};

int		 cd_config_load(struct cd_config *, const char *, char **);
int		 cd_config_parse(struct cd_config *, const char *, size_t,
		    const char *, char **);
void		 cd_config_cleanup(struct cd_config *);
const char	*cd_config_get(const struct cd_config *, const char *);

/* log.c */
void		 cd_log_init(int, int);
void		 cd_log(int, const char *, ...) CD_PRINTF(2, 3);
void		 cd_log_access(const char *, const char *, const char *,
		    const char *, int, double, size_t);
void		 cd_log_flush(void);
void		 cd_log_plugin(const char *, const char *, int, const char *);
size_t		 cd_json_escape(char *, size_t, const char *);

/* metrics.c */
int		 cd_metrics_init(int);
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
	int			 role;

	char			*body;
	size_t			 body_len;
	size_t			 body_cap;
	size_t			 body_limit;
	int			 body_too_large;
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
int		 cd_req_respond_raw(struct cd_req *, int, const char *,
		    const void *, size_t);
int		 cd_req_parse_json(struct cd_req *, int);
int		 cd_json_depth_ok(const char *, size_t, int);
void		 cd_req_cleanup(struct cd_req *);

/* http.c */
int		 cd_http_start(int, const struct cd_config *);
void		 cd_http_quiesce(void);
unsigned int	 cd_http_connections(void);
void		 cd_http_stop(void);
const char	*cd_http_header(struct cd_req *, const char *);
const char	*cd_http_query(struct cd_req *, const char *);

/* dispatch.c */
extern _Thread_local struct cd_req	*cd_current_req;
int		 cd_dispatch_prepare(struct cd_req *, size_t);
void		 cd_dispatch(struct cd_req *);
int		 cd_dispatch_builtin_taken(const char *, const char *);

/* api_system.c */
extern const struct cd_route	cd_builtins[];

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
