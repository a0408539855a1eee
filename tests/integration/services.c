/*
 * The stores harness; see services.h.  Layout of the temp folder:
 *
 *	DIR/		0755, so the postgres user can reach what is inside
 *	DIR/pg/		the PostgreSQL data folder, owned by that user
 *	DIR/pgrun/	its unix socket and postgres.log, owned by that user
 *	DIR/setup.log	what initdb and pg_ctl said
 *	DIR/redis.log, DIR/redis.pid
 *
 * CD_PG_BIN (a folder) and CD_REDIS_SERVER (a program) override where the
 * servers are looked for.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "services.h"

#define PG_BIN_DEFAULT		"/usr/lib/postgresql/15/bin"
#define REDIS_BIN_DEFAULT	"/usr/bin/redis-server"
#define DIR_PREFIX		"/tmp/cd-svc-"
#define PG_START_SECS		15
#define REDIS_START_SECS	5
#define STOP_SECS		15
#define PSQL_SECS		60
#define PORT_TRIES		3	/* a picked port may be taken before use */

/*
 * PostgreSQL refuses to run as root; root hands it to "postgres".  The
 * child drops to it itself rather than through runuser(1): no PAM session
 * and no runuser process between us and what we wait for or kill.
 */
struct pguser {
	int	drop;
	uid_t	uid;
	gid_t	gid;
};

static double
mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static char *
in_dir(char *buf, const struct services *s, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", s->dir, name);
	return (buf);
}

static char *
pg_bin(char *buf, const char *name)
{
	const char	*dir = getenv("CD_PG_BIN");

	snprintf(buf, PATH_MAX, "%s/%s", dir && *dir ? dir : PG_BIN_DEFAULT,
	    name);
	return (buf);
}

static char *
redis_bin(char *buf)
{
	const char	*bin = getenv("CD_REDIS_SERVER");

	snprintf(buf, PATH_MAX, "%s", bin && *bin ? bin : REDIS_BIN_DEFAULT);
	return (buf);
}

/* Looked up before any fork: getpwnam is not safe between fork and exec. */
static int
pg_user(struct pguser *u)
{
	struct passwd	*pw;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0)
		return (0);
	if ((pw = getpwnam("postgres")) == NULL) {
		fprintf(stderr, "services: running as root and there is no "
		    "\"postgres\" user to run PostgreSQL as; install it: "
		    "apt-get install -y postgresql-15\n");
		return (-1);
	}
	u->drop = 1;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return (0);
}

/* No silent skipping: a missing server is a failure that names its package. */
static int
have(const char *bin, const char *pkg)
{
	if (access(bin, X_OK) == 0)
		return (0);
	fprintf(stderr, "services: %s: %s; install it: apt-get install -y %s\n",
	    bin, strerror(errno), pkg);
	return (-1);
}

static int
have_all(void)
{
	const char	*pg[] = { "initdb", "pg_ctl", "postgres", "psql" };
	char		 bin[PATH_MAX];
	int		 rc = 0;

	for (size_t i = 0; i < sizeof(pg) / sizeof(pg[0]); i++)
		rc |= have(pg_bin(bin, pg[i]), "postgresql-15");
	rc |= have(redis_bin(bin), "redis-server");
	return (rc);
}

int
s_free_port(void)
{
	struct sockaddr_in	sa;
	socklen_t		len;
	int			fd, port;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	len = sizeof(sa);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
		close(fd);
		return (-1);
	}
	port = ntohs(sa.sin_port);
	close(fd);
	return (port);
}

/*
 * Fork and exec argv: stdin from /dev/null, stdout to out and stderr to
 * err (-1: keep ours), as the postgres user if u says so.
 */
static pid_t
spawn(const struct pguser *u, int out, int err, char *const argv[])
{
	sigset_t	none;
	pid_t		pid;
	int		null;

	if ((pid = fork()) != 0)
		return (pid);
	if ((null = open("/dev/null", O_RDWR)) != -1)
		dup2(null, 0);
	if (out != -1)
		dup2(out, 1);
	if (err != -1)
		dup2(err, 2);
	/*
	 * A server that inherits Check's or curl's descriptors keeps them
	 * open for as long as it runs; one that inherits a blocked SIGTERM
	 * cannot be stopped.
	 */
	close_range(3, ~0U, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/*
	 * Out of our process group, as pg_ctl does for the postmaster:
	 * Check kills a test's whole group when the test ends, and a server
	 * a test restarted must serve the tests after it.
	 */
	setsid();
	if (u != NULL && u->drop && (setgroups(1, &u->gid) == -1 ||
	    setgid(u->gid) == -1 || setuid(u->uid) == -1)) {
		perror("services: becoming postgres");
		_exit(126);
	}
	/* Our working folder may be closed to the postgres user. */
	if (chdir("/") == -1)
		_exit(126);
	execv(argv[0], argv);
	fprintf(stderr, "services: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Wait up to secs for our child pid, then kill it.  Its status, or -1. */
static int
reap(pid_t pid, double secs)
{
	double	end = mono() + secs;
	pid_t	r;
	int	status;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0 ||
	    (r == -1 && errno == EINTR)) {
		if (mono() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return (-1);
		}
		usleep(10000);
	}
	if (r == -1)
		return (-1);
	return (WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status));
}

/* Run a PostgreSQL tool to its end with its output in setup.log. */
static int
run(const struct services *s, const struct pguser *u, double secs,
    char *const argv[])
{
	char	log[PATH_MAX];
	pid_t	pid;
	int	fd;

	fd = open(in_dir(log, s, "setup.log"),
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd == -1) {
		fprintf(stderr, "services: %s: %s\n", log, strerror(errno));
		return (-1);
	}
	pid = spawn(u, fd, fd, argv);
	close(fd);
	return (pid == -1 ? -1 : reap(pid, secs));
}

/*
 * Gone: reaped here, no such process, or a zombie (a server started by
 * another process, such as a test Check forked, is that process's to
 * reap; as a zombie it holds no port).
 */
static int
gone(pid_t pid)
{
	char	 file[64], line[512], *p;
	FILE	*fp;
	pid_t	 r;
	int	 status;

	if ((r = waitpid(pid, &status, WNOHANG)) == pid)
		return (1);
	snprintf(file, sizeof(file), "/proc/%d/stat", (int)pid);
	if ((fp = fopen(file, "r")) == NULL)
		return (1);
	p = fgets(line, sizeof(line), fp);
	fclose(fp);
	/* "pid (comm) S ...": the state follows the last ')'. */
	if (p == NULL || (p = strrchr(line, ')')) == NULL)
		return (1);
	if (p[1] != ' ' || (p[2] != 'Z' && p[2] != 'X'))
		return (0);
	/*
	 * Dead, but a multithreaded process (Redis) shows Z before its last
	 * thread is gone, and only then can it be reaped: wait for that if
	 * it is ours.
	 */
	if (r == 0)
		waitpid(pid, &status, 0);
	return (1);
}

/* A pid read from a file is killed only if it is still that program. */
static int
is_named(pid_t pid, const char *comm)
{
	char	 file[64], name[64];
	FILE	*fp;
	int	 ok;

	snprintf(file, sizeof(file), "/proc/%d/comm", (int)pid);
	if ((fp = fopen(file, "r")) == NULL)
		return (0);
	ok = fgets(name, sizeof(name), fp) != NULL &&
	    strncmp(name, comm, strlen(comm)) == 0 &&
	    (name[strlen(comm)] == '\n' || name[strlen(comm)] == '\0');
	fclose(fp);
	return (ok);
}

static pid_t
pid_file(const char *file)
{
	FILE	*fp;
	long	 pid;

	if ((fp = fopen(file, "r")) == NULL)
		return (0);
	if (fscanf(fp, "%ld", &pid) != 1 || pid <= 1)
		pid = 0;
	fclose(fp);
	return ((pid_t)pid);
}

/* Send sig, then wait up to secs for pid to go. */
static int
signal_wait(pid_t pid, int sig, double secs)
{
	double	end = mono() + secs;

	if (kill(pid, sig) == -1 && errno == ESRCH)
		return (0);
	while (!gone(pid)) {
		if (mono() > end)
			return (-1);
		usleep(10000);
	}
	return (0);
}

static int
log_has(const char *file, const char *needle)
{
	char	 line[4096];
	FILE	*fp;
	int	 found = 0;

	if ((fp = fopen(file, "r")) == NULL)
		return (0);
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = strstr(line, needle) != NULL;
	fclose(fp);
	return (found);
}

/* The end of a server's log, for a failure message. */
static void
tail(const char *file, int lines)
{
	char	 buf[8192], *p;
	FILE	*fp;
	long	 size;
	size_t	 n;

	if ((fp = fopen(file, "r")) == NULL) {
		fprintf(stderr, "services: (no %s)\n", file);
		return;
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, size > (long)sizeof(buf) - 1 ?
	    size - (long)sizeof(buf) + 1 : 0, SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	p = buf + n;
	if (p > buf && p[-1] == '\n')
		p--;
	while (p > buf && lines > 0)
		if (*--p == '\n')
			lines--;
	if (*p == '\n')
		p++;
	fprintf(stderr, "services: --- end of %s ---\n%s", file, p);
	if (n > 0 && buf[n - 1] != '\n')
		fputc('\n', stderr);
	fprintf(stderr, "services: ---\n");
}

static int
mkdir_for(const char *dir, const struct pguser *u)
{
	if (mkdir(dir, 0700) == -1 ||
	    (u->drop && chown(dir, u->uid, u->gid) == -1)) {
		fprintf(stderr, "services: %s: %s\n", dir, strerror(errno));
		return (-1);
	}
	return (0);
}

static int
pg_init(const struct services *s, const struct pguser *u)
{
	char	bin[PATH_MAX], data[PATH_MAX], log[PATH_MAX];
	/* --no-sync: the cluster is thrown away, so fsyncing it is waste. */
	char	*argv[] = { pg_bin(bin, "initdb"), "-D", in_dir(data, s, "pg"),
		    "-U", "postgres", "--auth=trust", "-E", "UTF8",
		    "--locale=C.UTF-8", "--no-sync", NULL };
	int	rc;

	if ((rc = run(s, u, PSQL_SECS, argv)) == 0)
		return (0);
	fprintf(stderr, "services: initdb failed (%d)\n", rc);
	tail(in_dir(log, s, "setup.log"), 20);
	return (-1);
}

/* Start on s->pg_port; quiet if the port was taken, as the caller retries. */
static int
pg_ctl_start(struct services *s, int retry_if_taken)
{
	struct pguser	u;
	char		bin[PATH_MAX], data[PATH_MAX], sock[PATH_MAX];
	char		log[PATH_MAX], opts[PATH_MAX + 256], secs[16];
	char		*argv[] = { pg_bin(bin, "pg_ctl"), "-D",
			    in_dir(data, s, "pg"), "-o", opts, "-l",
			    in_dir(log, s, "pgrun/postgres.log"), "-w", "-t",
			    secs, "start", NULL };
	int		rc;

	if (pg_user(&u) == -1)
		return (-1);
	/*
	 * fsync, synchronous_commit and full_page_writes off: a test
	 * cluster is thrown away, so durability would only cost time.
	 */
	snprintf(opts, sizeof(opts), "-p %d -k %s "
	    "-c listen_addresses=127.0.0.1 -c fsync=off "
	    "-c synchronous_commit=off -c full_page_writes=off",
	    s->pg_port, in_dir(sock, s, "pgrun"));
	snprintf(secs, sizeof(secs), "%d", PG_START_SECS);
	if ((rc = run(s, &u, PG_START_SECS + 5, argv)) == 0)
		return (0);
	if (retry_if_taken && log_has(log, "Address already in use"))
		return (-2);
	fprintf(stderr, "services: PostgreSQL did not start on 127.0.0.1:%d "
	    "within %d s (pg_ctl: %d)\n", s->pg_port, PG_START_SECS, rc);
	tail(log, 20);
	tail(in_dir(log, s, "setup.log"), 10);
	return (-1);
}

static int
pg_kill(const struct services *s)
{
	char	file[PATH_MAX];
	pid_t	pid;

	pid = pid_file(in_dir(file, s, "pg/postmaster.pid"));
	if (pid <= 0 || gone(pid) || !is_named(pid, "postgres"))
		return (0);
	/* SIGQUIT is PostgreSQL's immediate shutdown; SIGKILL if even that hangs. */
	if (signal_wait(pid, SIGQUIT, 5) == 0 ||
	    signal_wait(pid, SIGKILL, 5) == 0)
		return (0);
	fprintf(stderr, "services: postmaster %d does not die\n", (int)pid);
	return (-1);
}

int
s_pg_start(struct services *s)
{
	if (s->dir[0] == '\0')
		return (-1);
	return (pg_ctl_start(s, 0) == 0 ? 0 : -1);
}

/* 0 once PostgreSQL is down, whoever started it. */
int
s_pg_stop(struct services *s)
{
	struct pguser	u;
	char		bin[PATH_MAX], data[PATH_MAX], pid[PATH_MAX];
	char		secs[16];
	/* Fast: sessions are cut, as when a database server goes away. */
	char		*argv[] = { pg_bin(bin, "pg_ctl"), "-D",
			    in_dir(data, s, "pg"), "-m", "fast", "-w", "-t",
			    secs, "stop", NULL };

	if (s->dir[0] == '\0')
		return (-1);
	if (access(in_dir(pid, s, "pg/postmaster.pid"), F_OK) == -1)
		return (0);
	snprintf(secs, sizeof(secs), "%d", STOP_SECS);
	if (pg_user(&u) == 0 && run(s, &u, STOP_SECS + 5, argv) == 0)
		return (0);
	fprintf(stderr, "services: pg_ctl stop failed; killing the postmaster\n");
	return (pg_kill(s));
}

static int
redis_ping(int port)
{
	struct timeval	 tv = { 0, 250000 };
	redisContext	*c;
	redisReply	*r;
	int		 rc = -1;

	c = redisConnectWithTimeout("127.0.0.1", port, tv);
	if (c == NULL || c->err) {
		redisFree(c);
		return (-1);
	}
	redisSetTimeout(c, tv);
	r = redisCommand(c, "PING");
	if (r != NULL && r->type == REDIS_REPLY_STATUS &&
	    strcmp(r->str, "PONG") == 0)
		rc = 0;
	freeReplyObject(r);
	redisFree(c);
	return (rc);
}

/* The running Redis of this folder: its pid file, else the one we forked. */
static pid_t
redis_running(struct services *s)
{
	char	file[PATH_MAX];
	pid_t	pid;

	pid = pid_file(in_dir(file, s, "redis.pid"));
	if (pid > 0 && !gone(pid) && is_named(pid, "redis-server"))
		return (pid);
	if (s->redis_pid > 0 && !gone(s->redis_pid))
		return (s->redis_pid);
	return (0);
}

static int
redis_start(struct services *s, int retry_if_taken)
{
	char	bin[PATH_MAX], log[PATH_MAX], pidf[PATH_MAX], port[16];
	/* Nothing is saved: the folder goes when the tests end. */
	char	*argv[] = { redis_bin(bin), "--port", port,
		    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		    "--daemonize", "no", "--dir", s->dir,
		    "--pidfile", in_dir(pidf, s, "redis.pid"), NULL };
	double	end;
	int	fd, exited;

	if (s->dir[0] == '\0')
		return (-1);
	snprintf(port, sizeof(port), "%d", s->redis_port);
	fd = open(in_dir(log, s, "redis.log"),
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd == -1) {
		fprintf(stderr, "services: %s: %s\n", log, strerror(errno));
		return (-1);
	}
	s->redis_pid = spawn(NULL, fd, fd, argv);
	close(fd);
	if (s->redis_pid == -1) {
		s->redis_pid = 0;
		return (-1);
	}
	end = mono() + REDIS_START_SECS;
	while (!(exited = gone(s->redis_pid)) && mono() < end) {
		/* Ours answered, not some other server on a reused port. */
		if (redis_ping(s->redis_port) == 0 && !gone(s->redis_pid))
			return (0);
		usleep(20000);
	}
	if (!exited)
		signal_wait(s->redis_pid, SIGKILL, 5);
	s->redis_pid = 0;
	if (retry_if_taken && log_has(log, "Address already in use"))
		return (-2);
	if (exited)
		fprintf(stderr, "services: %s exited before answering PING on "
		    "127.0.0.1:%d\n", bin, s->redis_port);
	else
		fprintf(stderr, "services: Redis did not answer PING on "
		    "127.0.0.1:%d within %d s\n", s->redis_port,
		    REDIS_START_SECS);
	tail(log, 20);
	return (-1);
}

int
s_redis_start(struct services *s)
{
	return (redis_start(s, 0) == 0 ? 0 : -1);
}

/* 0 once Redis is down, whoever started it. */
int
s_redis_stop(struct services *s)
{
	char	file[PATH_MAX];
	pid_t	pid;

	if (s->dir[0] == '\0')
		return (-1);
	if ((pid = redis_running(s)) > 0 &&
	    signal_wait(pid, SIGTERM, 5) == -1 &&
	    signal_wait(pid, SIGKILL, 5) == -1) {
		fprintf(stderr, "services: redis %d does not die\n", (int)pid);
		return (-1);
	}
	/* Redis removes it on SIGTERM, not when killed. */
	unlink(in_dir(file, s, "redis.pid"));
	s->redis_pid = 0;
	return (0);
}

/* Run sql through psql against url; its output, trimmed, into out. */
static int
psql(const struct services *s, const char *url, const char *sql,
    char *out, size_t outlen)
{
	struct pollfd	 pfd;
	char		 bin[PATH_MAX], file[PATH_MAX], buf[4096];
	/*
	 * A file, not -c: psql runs a file's statements one at a time,
	 * and CREATE DATABASE may not share a transaction with another.
	 * -X: no ~/.psqlrc; -At: bare rows, fields split by '|'.
	 */
	char		*argv[] = { pg_bin(bin, "psql"), "-X", "-q", "-A", "-t",
			    "-v", "ON_ERROR_STOP=1", "-d", (char *)url,
			    "-f", file, NULL };
	size_t		 got = 0, len = strlen(sql);
	ssize_t		 n;
	double		 end = mono() + PSQL_SECS;
	pid_t		 pid;
	int		 fd, p[2];

	if (out != NULL && outlen > 0)
		out[0] = '\0';
	if (s->dir[0] == '\0')
		return (-1);
	snprintf(file, sizeof(file), "%s/psql-XXXXXX", s->dir);
	if ((fd = mkstemp(file)) == -1)
		return (-1);
	n = write(fd, sql, len);
	close(fd);
	if (n != (ssize_t)len || pipe2(p, O_CLOEXEC) == -1) {
		unlink(file);
		return (-1);
	}
	pid = spawn(NULL, p[1], -1, argv);
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (pid != -1 && mono() < end) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if ((n = read(p[0], buf, sizeof(buf))) <= 0)
			break;
		/* Keep reading past a full out: psql must not block on us. */
		for (ssize_t i = 0; out != NULL && i < n && got + 1 < outlen;
		    i++)
			out[got++] = buf[i];
	}
	close(p[0]);
	if (out != NULL && outlen > 0) {
		while (got > 0 && out[got - 1] == '\n')
			got--;
		out[got] = '\0';
	}
	n = pid == -1 ? -1 : reap(pid, end - mono() > 1 ? end - mono() : 1);
	unlink(file);
	return ((int)n);
}

int
s_psql(const struct services *s, const char *sql, char *out, size_t outlen)
{
	return (psql(s, s->pg_admin_url, sql, out, outlen));
}

static int
pg_up(struct services *s)
{
	struct pguser	u;
	char		dir[PATH_MAX], url[256];
	int		rc = -2;

	if (pg_user(&u) == -1 ||
	    mkdir_for(in_dir(dir, s, "pg"), &u) == -1 ||
	    mkdir_for(in_dir(dir, s, "pgrun"), &u) == -1 ||
	    pg_init(s, &u) == -1)
		return (-1);
	for (int i = 0; i < PORT_TRIES && rc == -2; i++) {
		if ((s->pg_port = s_free_port()) == -1)
			return (-1);
		rc = pg_ctl_start(s, i + 1 < PORT_TRIES);
	}
	if (rc != 0)
		return (-1);
	snprintf(s->pg_url, sizeof(s->pg_url), "postgresql://cd_app:cd_app@"
	    "127.0.0.1:%d/carbondepict?connect_timeout=2", s->pg_port);
	snprintf(s->pg_admin_url, sizeof(s->pg_admin_url),
	    "postgresql://postgres@127.0.0.1:%d/carbondepict", s->pg_port);
	/*
	 * The application never connects as a superuser: superusers (and
	 * BYPASSRLS roles) pass through row-level security unchecked.
	 */
	snprintf(url, sizeof(url), "postgresql://postgres@127.0.0.1:%d/postgres",
	    s->pg_port);
	if ((rc = psql(s, url,
	    "CREATE ROLE cd_app LOGIN PASSWORD 'cd_app' NOSUPERUSER "
	    "NOBYPASSRLS;\n"
	    "CREATE DATABASE carbondepict OWNER cd_app;\n", NULL, 0)) != 0) {
		fprintf(stderr, "services: creating cd_app and carbondepict "
		    "failed (psql: %d)\n", rc);
		return (-1);
	}
	return (0);
}

static int
redis_up(struct services *s)
{
	int	rc = -2;

	for (int i = 0; i < PORT_TRIES && rc == -2; i++) {
		if ((s->redis_port = s_free_port()) == -1)
			return (-1);
		rc = redis_start(s, i + 1 < PORT_TRIES);
	}
	if (rc != 0)
		return (-1);
	snprintf(s->redis_url, sizeof(s->redis_url), "redis://127.0.0.1:%d",
	    s->redis_port);
	return (0);
}

int
s_start(struct services *s)
{
	struct pguser	u;

	memset(s, 0, sizeof(*s));
	if (pg_user(&u) == -1 || have_all() == -1)
		return (-1);
	snprintf(s->dir, sizeof(s->dir), DIR_PREFIX "XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "services: mkdtemp: %s\n", strerror(errno));
		s->dir[0] = '\0';
		return (-1);
	}
	/* mkdtemp makes it 0700; the postgres user must reach inside it. */
	if (chmod(s->dir, 0755) == -1 || pg_up(s) == -1 || redis_up(s) == -1) {
		s_stop(s);
		return (-1);
	}
	return (0);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) == -1 && errno != ENOENT)
		fprintf(stderr, "services: %s: %s\n", path, strerror(errno));
	return (0);
}

void
s_stop(struct services *s)
{
	/* Never rm -rf as root on a path this harness did not make. */
	if (strncmp(s->dir, DIR_PREFIX, strlen(DIR_PREFIX)) != 0)
		return;
	s_redis_stop(s);
	if (s_pg_stop(s) == -1)
		fprintf(stderr, "services: PostgreSQL may still be running "
		    "in %s/pg\n", s->dir);
	else
		nftw(s->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	/* The ports and URLs stay, so a test can check that they are dead. */
	s->dir[0] = '\0';
	s->redis_pid = 0;
}
