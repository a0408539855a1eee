/* The integration test harness; see hostproc.h. */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <jansson.h>

#include "cd.h"
#include "hostproc.h"
#include "services.h"

const char *
h_build(void)
{
	return (getenv("BUILD") ? getenv("BUILD") : "build");
}

double
h_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

int
h_sh(const char *fmt, ...)
{
	char	cmd[4096];
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return (WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
}

/*
 * Start the host with the default plugin folders of the build tree plus
 * extra_yaml (which may override any key).  Waits until /api/health
 * answers.
 */
int
h_start(struct host *h, const char *extra_yaml)
{
	struct resp	 r;
	FILE		*fp;
	char		 bin[PATH_MAX];
	int		 fd;
	long		 fsize = h->fsize;	/* the one field set before */

	memset(h, 0, sizeof(*h));
	h->fsize = fsize;
	snprintf(h->dir, sizeof(h->dir), "/tmp/cd-host-XXXXXX");
	if (mkdtemp(h->dir) == NULL || (h->port = s_free_port()) == -1)
		return (-1);
	/* Workers that dropped root read their plugin copies from here. */
	if (chmod(h->dir, 0755) == -1)
		return (-1);
	snprintf(h->conf, sizeof(h->conf), "%s/host.yaml", h->dir);
	snprintf(h->log, sizeof(h->log), "%s/host.log", h->dir);
	if ((fp = fopen(h->conf, "w")) == NULL)
		return (-1);
	/* Rate limits off unless a test sets them: load tests come from one IP. */
	fprintf(fp, "listen: 127.0.0.1\nport: %d\nworkers: 2\n"
	    "plugin_cache: %s/cache\nspool_dir: %s/spool\n"
	    "rate_limit_ip: 0\nrate_limit_user: 0\n", h->port, h->dir, h->dir);
	if (extra_yaml == NULL || strstr(extra_yaml, "plugin_dirs") == NULL)
		fprintf(fp, "plugin_dirs:\n  - %s/plugins\n  - %s/frameworks\n",
		    h_build(), h_build());
	if (extra_yaml != NULL)		/* later keys override earlier ones */
		fprintf(fp, "%s\n", extra_yaml);
	fclose(fp);

	snprintf(bin, sizeof(bin), "%s/carbon-depict", h_build());
	if ((h->pid = fork()) == 0) {
		fd = open(h->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(fd, 1);
		dup2(fd, 2);
		/* Deliberate crashes are signals, not sanitizer reports. */
		setenv("ASAN_OPTIONS", "handle_segv=0:handle_abort=0:"
		    "allow_user_segv_handler=1:detect_leaks=1", 1);
		setenv("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1", 1);
		if (getenv("CD_JWT_SECRET") == NULL)
			setenv("CD_JWT_SECRET", H_JWT_SECRET, 1);
		if (h->fsize > 0) {	/* as a full disk would refuse */
			struct rlimit rl = { (rlim_t)h->fsize,
			    (rlim_t)h->fsize };
			if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
				_exit(126);
		}
		execl(bin, bin, "-c", h->conf, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		if (h_get(h, "/api/health", &r) == 0 && r.status == 200) {
			h_resp_free(&r);
			return (0);
		}
		h_resp_free(&r);
		usleep(25000);
	}
	fprintf(stderr, "host did not answer; log:\n");
	h_sh("cat %s >&2", h->log);
	return (-1);
}

/* Stop with SIGTERM (graceful); returns the exit status, or -1. */
int
h_stop(struct host *h)
{
	int	status, rc;

	rc = -1;
	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		for (int i = 0; i < 1500; i++) {
			if (waitpid(h->pid, &status, WNOHANG) == h->pid) {
				rc = WIFEXITED(status) ? WEXITSTATUS(status) :
				    128 + WTERMSIG(status);
				break;
			}
			usleep(10000);
		}
		if (rc == -1) {
			kill(h->pid, SIGKILL);
			waitpid(h->pid, &status, 0);
		}
		h->pid = 0;
	}
	return (rc);
}

int
h_log_has(const struct host *h, const char *needle)
{
	char	 line[4096];
	FILE	*fp;
	int	 found;

	if ((fp = fopen(h->log, "r")) == NULL)
		return (0);
	found = 0;
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = strstr(line, needle) != NULL;
	fclose(fp);
	return (found);
}

/* Access lines are flushed every 50 ms: wait up to secs for needle. */
int
h_log_wait(const struct host *h, const char *needle, double secs)
{
	double	t0 = h_now();

	while (!h_log_has(h, needle)) {
		if (h_now() - t0 > secs)
			return (0);
		usleep(10000);
	}
	return (1);
}

/* The first sanitizer report line in the log, or NULL. */
char *
h_log_sanitizer_report(const struct host *h)
{
	static char	 line[1024];
	FILE		*fp;

	if ((fp = fopen(h->log, "r")) == NULL)
		return (NULL);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strstr(line, "ERROR: AddressSanitizer") ||
		    strstr(line, "ERROR: LeakSanitizer") ||
		    strstr(line, "runtime error:")) {
			fclose(fp);
			return (line);
		}
	fclose(fp);
	return (NULL);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct resp	*r = arg;
	size_t		 len = size * n;

	r->body = realloc(r->body, r->len + len + 1);
	memcpy(r->body + r->len, p, len);
	r->len += len;
	r->body[r->len] = '\0';
	return (len);
}

static __thread CURL	*keep;

/* Keep the response's headers, for tests that look at them. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct resp	*r = arg;
	size_t		 len = size * n;

	if (r->hlen + len < sizeof(r->headers)) {
		memcpy(r->headers + r->hlen, p, len);
		r->hlen += len;
		r->headers[r->hlen] = '\0';
	}
	return (len);
}	/* this thread's keep-alive connection */

void
h_req_done(void)
{
	if (keep != NULL)
		curl_easy_cleanup(keep);
	keep = NULL;
}

/* One request with optional headers; fresh != 0 uses a new connection. */
static int
h_do_len(const struct host *h, const char *method, const char *path,
    const char *body, size_t blen, const char *ctype,
    const char *const *extra, int fresh, struct resp *r)
{
	struct curl_slist	*hdrs = NULL;
	char			 url[512], ct[128];
	CURL			*c;

	memset(r, 0, sizeof(*r));
	if (fresh || keep == NULL) {
		if ((c = curl_easy_init()) == NULL)
			return (-1);
		if (!fresh)
			keep = c;
	} else {
		c = keep;
		curl_easy_reset(c);
	}
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", h->port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)blen);
		snprintf(ct, sizeof(ct), "Content-Type: %s",
		    ctype ? ctype : "application/json");
		hdrs = curl_slist_append(hdrs, ct);
	}
	for (; extra != NULL && *extra != NULL; extra++)
		hdrs = curl_slist_append(hdrs, *extra);
	if (hdrs != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (fresh) {
		curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	}
	r->curl_error = (int)curl_easy_perform(c);
	if (r->curl_error == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hdrs);
	if (fresh)
		curl_easy_cleanup(c);
	return (r->curl_error == CURLE_OK ? 0 : -1);
}

static int
h_do(const struct host *h, const char *method, const char *path,
    const char *body, const char *ctype, const char *const *extra, int fresh,
    struct resp *r)
{
	return (h_do_len(h, method, path, body, body ? strlen(body) : 0, ctype,
	    extra, fresh, r));
}

int
h_req(const struct host *h, const char *method, const char *path,
    const char *body, const char *ctype, int fresh, struct resp *r)
{
	return (h_do(h, method, path, body, ctype, NULL, fresh, r));
}

/* A JSON call with a Bearer token (NULL: none) on a new connection. */
int
h_call(const struct host *h, const char *method, const char *path,
    const char *token, const char *body, struct resp *r)
{
	char		 auth[4200];
	const char	*extra[2] = { NULL, NULL };

	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		extra[0] = auth;
	}
	return (h_do(h, method, path, body, NULL, extra, 1, r));
}

/*
 * h_call, its status in *status and its answer as JSON (null for an empty
 * body); an answer that is not JSON fails the test.  The caller owns it.
 */
json_t *
h_call_json(const struct host *h, const char *method, const char *path,
    const char *token, const char *body, long *status)
{
	struct resp	 r;
	json_t		*j;

	ck_assert_int_eq(h_call(h, method, path, token, body, &r), 0);
	*status = r.status;
	j = r.len ? json_loads(r.body, JSON_DECODE_ANY, NULL) : json_null();
	ck_assert_msg(j != NULL, "%s %s: not JSON: %s", method, path, r.body);
	h_resp_free(&r);
	return (j);
}

/* Log in as email; its access token into token, or the test fails. */
void
h_login(const struct host *h, const char *email, const char *password,
    char *token, size_t len)
{
	char	 body[512];
	long	 st;
	json_t	*j;

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, password);
	j = h_call_json(h, "POST", "/api/auth/login", NULL, body, &st);
	ck_assert_msg(st == 200, "login %s: %ld", email, st);
	snprintf(token, len, "%s", json_string_value(json_object_get(j,
	    "access_token")));
	json_decref(j);
}

/*
 * A user with m->role added by an admin or owner (admin_token) as
 * ROLE@domain with password H_MEMBER_PASSWORD, then logged in.
 */
void
h_member_add(const struct host *h, const char *admin_token,
    const char *domain, struct h_member *m)
{
	char	 body[512];
	long	 st;
	json_t	*j;

	snprintf(m->email, sizeof(m->email), "%s@%s", m->role, domain);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"name\":\"The %s\","
	    "\"role\":\"%s\",\"password\":\"%s\"}", m->email, m->role,
	    m->role, H_MEMBER_PASSWORD);
	j = h_call_json(h, "POST", "/api/users", admin_token, body, &st);
	ck_assert_msg(st == 201, "user %s: %ld", m->email, st);
	snprintf(m->id, sizeof(m->id), "%s", json_string_value(
	    json_object_get(j, "id")));
	json_decref(j);
	h_login(h, m->email, H_MEMBER_PASSWORD, m->token, sizeof(m->token));
}

/* A request with arbitrary extra header lines. */
int
h_call_headers(const struct host *h, const char *method, const char *path,
    const char *const *headers, struct resp *r)
{
	return (h_do(h, method, path, NULL, NULL, headers, 1, r));
}

int
h_get(const struct host *h, const char *path, struct resp *r)
{
	return (h_req(h, "GET", path, NULL, NULL, 1, r));
}

void
h_resp_free(struct resp *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

/* The string at dotted path ("user.id") in the JSON body, copied into out. */
int
h_json_str(const struct resp *r, const char *path, char *out, size_t len)
{
	json_t		*root, *v;
	char		 key[128], *dot, *k;

	if (r->body == NULL || (root = json_loads(r->body, 0, NULL)) == NULL)
		return (-1);
	snprintf(key, sizeof(key), "%s", path);
	v = root;
	for (k = key; v != NULL && k != NULL; k = dot) {
		if ((dot = strchr(k, '.')) != NULL)
			*dot++ = '\0';
		v = json_object_get(v, k);
	}
	if (!json_is_string(v)) {
		json_decref(root);
		return (-1);
	}
	snprintf(out, len, "%s", json_string_value(v));
	json_decref(root);
	return (0);
}

/* Send raw bytes on a new connection; read the answer into out. */
int
h_raw(const struct host *h, const char *req, char *out, size_t len)
{
	struct sockaddr_in	sa;
	struct timeval		tv = { 5, 0 };
	size_t			got;
	ssize_t			n;
	int			fd;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)h->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		return (-1);
	}
	got = 0;
	while (got + 1 < len && (n = read(fd, out + got, len - got - 1)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd);
	return ((int)got);
}

/* Start PostgreSQL, Redis and a host using them; nothing is left on failure. */
int
h_start_stack(struct host *h, struct services *svc, const char *extra_yaml)
{
	char	yaml[2048];

	if (s_start(svc) != 0)
		return (-1);
	snprintf(yaml, sizeof(yaml), "database_url: %s\nredis_url: %s\n%s",
	    svc->pg_url, svc->redis_url, extra_yaml ? extra_yaml : "");
	if (h_start(h, yaml) != 0) {
		s_stop(svc);
		return (-1);
	}
	return (0);
}

/* Stop what h_start_stack started; a sanitizer report in the log fails the test. */
void
h_stop_stack(struct host *h, struct services *svc)
{
	char	*report;

	h_stop(h);
	report = h_log_sanitizer_report(h);
	s_stop(svc);
	if (getenv("CD_TEST_KEEP_LOG") != NULL)	/* for debugging a suite */
		h_sh("cp %s %s", h->log, getenv("CD_TEST_KEEP_LOG"));
	h_sh("rm -rf %s", h->dir);
	ck_assert_msg(report == NULL, "sanitizer: %s", report);
}

/* Register a company; fails the test unless the answer is 201. */
void
h_register(const struct host *h, const char *company, const char *email,
    struct h_account *a)
{
	struct resp	 r;
	json_t		*body;
	char		*text;

	body = json_pack("{s:s, s:s, s:s, s:s}", "company_name", company,
	    "email", email, "password", "correct horse battery", "name",
	    "Owner");
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	ck_assert_int_eq(h_call(h, "POST", "/api/auth/register", NULL, text,
	    &r), 0);
	free(text);
	ck_assert_msg(r.status == 201, "register: %ld %s", r.status, r.body);
	ck_assert_int_eq(h_json_str(&r, "access_token", a->access,
	    sizeof(a->access)), 0);
	ck_assert_int_eq(h_json_str(&r, "refresh_token", a->refresh,
	    sizeof(a->refresh)), 0);
	ck_assert_int_eq(h_json_str(&r, "user.id", a->user, sizeof(a->user)),
	    0);
	ck_assert_int_eq(h_json_str(&r, "company.id", a->company,
	    sizeof(a->company)), 0);
	h_resp_free(&r);
}

/* Run every test of s and print Check's summary; the exit status. */
int
h_run(Suite *s)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

/* The body of a load thread (arg: struct h_load); prints the first failures. */
void *
h_load_loop(void *arg)
{
	struct h_load	*l = arg;
	struct resp	 r;

	while (!atomic_load(&l->stop)) {
		h_req(l->h, "GET", l->path, NULL, NULL, l->fresh, &r);
		atomic_fetch_add(&l->sent, 1);
		if (r.status != 200 || (l->must != NULL &&
		    strstr(r.body ? r.body : "", l->must) == NULL)) {
			if (atomic_fetch_add(&l->failed, 1) < 5)
				fprintf(stderr, "%s failed: status %ld curl %d\n",
				    l->path, r.status, r.curl_error);
		}
		h_resp_free(&r);
	}
	h_req_done();
	return (NULL);
}

/*
 * Column `col` (0-based, conf/factors/README.md order) of the factor row
 * `id`, read from the shipped file `file` with the host's own CSV reader:
 * tests compute expected values from the data, never from constants.
 * 0 when found.
 */
int
h_factor_col(const char *file, const char *id, int col, char *out,
    size_t len)
{
	struct cd_csv	*c;
	char		 path[256], buf[65536];
	size_t		 n, used, off;
	FILE		*fp;
	int		 found = -1;

	snprintf(path, sizeof(path), "conf/factors/%s", file);
	if ((fp = fopen(path, "r")) == NULL)
		return (-1);
	c = malloc(sizeof(*c));
	cd_csv_init(c, 1);
	while (found != 0 && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		for (off = 0; off < n && found != 0; off += used)
			if (cd_csv_feed(c, buf + off, n - off, &used) &&
			    c->nfields > col && strcmp(c->field[0], id) == 0) {
				snprintf(out, len, "%s", c->field[col]);
				found = 0;
			}
	fclose(fp);
	free(c);
	return (found);
}

/* The same, as a number (NaN when absent or empty). */
double
h_factor(const char *file, const char *id, int col)
{
	char	v[1024];

	if (h_factor_col(file, id, col, v, sizeof(v)) != 0 || v[0] == '\0')
		return (NAN);
	return (strtod(v, NULL));
}

/* POST a text/csv body with a Bearer token and, when key is not NULL,
   an Idempotency-Key. */
int
h_post_csv(const struct host *h, const char *path, const char *token,
    const char *body, const char *key, struct resp *r)
{
	char		 auth[1200], idem[200];
	const char	*hdrs[3] = { auth, NULL, NULL };

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	if (key != NULL) {
		snprintf(idem, sizeof(idem), "Idempotency-Key: %s", key);
		hdrs[1] = idem;
	}
	return (h_do(h, "POST", path, body, "text/csv", hdrs, 1, r));
}

/* A CSV body that may hold NUL bytes: len bytes of body. */
int
h_post_csv_len(const struct host *h, const char *path, const char *token,
    const char *body, size_t len, struct resp *r)
{
	char		 auth[1200];
	const char	*hdrs[2] = { auth, NULL };

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	return (h_do_len(h, "POST", path, body, len, "text/csv", hdrs, 1, r));
}
