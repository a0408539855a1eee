/*
 * Integration test harness: start the real host on a free loopback port
 * with a generated configuration, talk HTTP to it with libcurl, stop it
 * and check its log for sanitizer reports.
 */
#ifndef CD_HOSTPROC_H
#define CD_HOSTPROC_H

#include <sys/types.h>

#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>

#include <jansson.h>

/* The signing secret test hosts use, so tests can forge tokens with it. */
#define H_JWT_SECRET	"t3st-k3y-4f9a1c7e2b8d6053a1e9c4b7f2d8e6a0"

struct host {
	pid_t	pid;
	int	port;
	char	dir[64];		/* temp folder: config, log, cache */
	char	log[PATH_MAX];
	char	conf[PATH_MAX];
	long	fsize;			/* > 0: RLIMIT_FSIZE (set before h_start) */
};

struct resp {
	long	status;			/* 0: no HTTP answer */
	int	curl_error;		/* CURLcode */
	char	*body;
	size_t	len;
	char	headers[4096];		/* the response's header lines */
	size_t	hlen;
};

struct services;
struct Suite;

struct h_account {
	char	access[1024];
	char	refresh[128];
	char	user[40];
	char	company[40];
};

/* A client loop for a thread: GET path until stop, counting failures. */
struct h_load {
	const struct host	*h;
	const char		*path;
	const char		*must;		/* the body must hold it, or NULL */
	int			 fresh;		/* a new connection per request */
	atomic_int		 stop;
	atomic_long		 sent;
	atomic_long		 failed;
};

void		*h_load_loop(void *);
const char	*h_build(void);
int		 h_start_stack(struct host *, struct services *, const char *);
void		 h_stop_stack(struct host *, struct services *);
void		 h_register(const struct host *, const char *, const char *,
		    struct h_account *);
int		 h_run(struct Suite *);
int		 h_start(struct host *, const char *extra_yaml);
int		 h_stop(struct host *);
int		 h_log_has(const struct host *, const char *);
int		 h_log_wait(const struct host *, const char *, double);
char		*h_log_sanitizer_report(const struct host *);

int		 h_req(const struct host *, const char *method, const char *path,
		    const char *body, const char *ctype, int fresh,
		    struct resp *);
int		 h_call(const struct host *, const char *method, const char *path,
		    const char *token, const char *body, struct resp *);
json_t		*h_call_json(const struct host *, const char *, const char *,
		    const char *, const char *, long *);
void		 h_login(const struct host *, const char *, const char *,
		    char *, size_t);

/* A user of a company with a role, logged in (h_member_add). */
#define H_MEMBER_PASSWORD	"long enough secret"
struct h_member {
	const char	*role;
	char		 id[40];
	char		 email[64];
	char		 token[1024];
};
void		 h_member_add(const struct host *, const char *, const char *,
		    struct h_member *);
int		 h_call_headers(const struct host *, const char *, const char *,
		    const char *const *, struct resp *);
int		 h_json_str(const struct resp *, const char *, char *, size_t);
void		 h_req_done(void);
int		 h_get(const struct host *, const char *path, struct resp *);
void		 h_resp_free(struct resp *);
int		 h_raw(const struct host *, const char *req, char *out, size_t);
double		 h_now(void);
int		 h_post_csv(const struct host *, const char *, const char *,
		    const char *, const char *, struct resp *);
int		 h_post_csv_len(const struct host *, const char *, const char *,
		    const char *, size_t, struct resp *);
int		 h_factor_col(const char *, const char *, int, char *, size_t);
double		 h_factor(const char *, const char *, int);
int		 h_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
