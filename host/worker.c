/*
 * Workers: the only place that forks.  A worker serves HTTP on the
 * master's listening socket, loads plugins, and takes reload orders from
 * the master over a pipe.  It exits when told to (SIGTERM, after
 * draining) or when the master is gone.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <grp.h>
#include <pwd.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"
#include "carbon.h"

#define DRAIN_QUIET_MS	100	/* no connection for this long: drained */

struct ctl_msg {
	unsigned int	generation;
	char		source[1020];
	char		path[1020];
};

_Static_assert(sizeof(struct ctl_msg) <= PIPE_BUF,
    "a control message must be written atomically");

static volatile sig_atomic_t	worker_stop;

static void
worker_sigterm(int sig)
{
	(void)sig;
	worker_stop = 1;
}

/* Close every inherited descriptor except stdio, the socket and the pipe. */
static void
worker_close_fds(int a, int b)
{
	int	lo, hi;

	lo = a < b ? a : b;
	hi = a < b ? b : a;
	if (lo > 3)
		(void)close_range(3, (unsigned int)lo - 1, 0);
	if (hi > lo + 1)
		(void)close_range((unsigned int)lo + 1, (unsigned int)hi - 1, 0);
	(void)close_range((unsigned int)hi + 1, ~0U, 0);
}

/* Load one plugin, trying its copies newest first. */
static void
worker_load(const struct cd_psource *ps)
{
	char	*err;

	for (int i = 0; i < ps->ncopies; i++) {
		err = NULL;
		if (cd_loader_load(ps->copies[i].path, ps->source,
		    ps->copies[i].generation, &err) == CD_OK)
			return;
		cd_log(CD_LOG_ERROR, "plugin not loaded: %s", err);
		free(err);
	}
}

static void
worker_control(int rd)
{
	struct ctl_msg	 m;
	char		*err;
	ssize_t		 r;

	r = read(rd, &m, sizeof(m));
	if (r == 0) {
		cd_log(CD_LOG_WARN, "master gone; worker exiting");
		worker_stop = 1;
		return;
	}
	if (r != (ssize_t)sizeof(m)) {
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			return;
		cd_log(CD_LOG_ERROR, "bad control message (%zd bytes)", r);
		return;
	}
	m.source[sizeof(m.source) - 1] = '\0';
	m.path[sizeof(m.path) - 1] = '\0';
	err = NULL;
	if (cd_loader_load(m.path, m.source, m.generation, &err) != CD_OK) {
		cd_log(CD_LOG_ERROR, "reload refused, previous version keeps "
		    "serving: %s", err);
		free(err);
	}
}

/*
 * Stop accepting, then wait until no connection has been open for
 * DRAIN_QUIET_MS (or drain_timeout passes): an HTTP thread woken for the
 * listening socket just before the quiesce may still accept one
 * connection, and counts it only once accepted, so one look at zero is
 * not enough; closing then would drop that client without an answer.
 */
static void
worker_drain(const struct cd_config *conf)
{
	double	deadline, quiet = 0;

	cd_http_quiesce();
	deadline = cd_now_mono() + conf->drain_timeout;
	while (cd_now_mono() < deadline) {
		if (cd_http_connections() > 0)
			quiet = 0;
		else if (quiet == 0)
			quiet = cd_now_mono();
		else if (cd_now_mono() - quiet >= DRAIN_QUIET_MS / 1000.0)
			break;
		(void)poll(NULL, 0, 10);
	}
	cd_http_stop();
	cd_import_stop();
	cd_docs_worker_stop();
	cd_loader_unload_all();
}

/*
 * Started as root, serve as the configured user: after the socket is
 * inherited, before any plugin is loaded or request read.
 */
static void
worker_drop(const struct cd_config *conf)
{
	struct passwd	*pw;

	if (geteuid() != 0 || conf->user[0] == '\0')
		return;
	if ((pw = getpwnam(conf->user)) == NULL) {
		cd_log(CD_LOG_ERROR, "user %s does not exist", conf->user);
		_exit(1);
	}
	if (setgroups(0, NULL) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1 || setuid(0) != -1) {
		cd_log(CD_LOG_ERROR, "cannot drop to user %s: %s", conf->user,
		    strerror(errno));
		_exit(1);
	}
}

static void CD_NORETURN
worker_main(int slot, int fd, int rd, const struct cd_config *conf)
{
	struct sigaction	sa;
	struct pollfd		pfd;
	sigset_t		all;

	(void)sigemptyset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_sigterm;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGHUP, &sa, NULL);
	(void)sigaction(SIGPIPE, &sa, NULL);
	/* A file over RLIMIT_FSIZE: a write error to answer, not a death. */
	(void)sigaction(SIGXFSZ, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGCHLD, &sa, NULL);
	worker_drop(conf);
	/* After setuid: a change of credentials clears it. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1)
		cd_log(CD_LOG_WARN, "prctl(PDEATHSIG): %s", strerror(errno));
	if (getppid() == 1)
		_exit(0);	/* the master died before we could watch it */

	cd_metrics_slot(slot);
	/* A MongoDB client pool is made here: none survives a fork. */
	if (cd_docs_worker_start() != CD_OK) {
		cd_log(CD_LOG_ERROR, "worker %d: document store did not start",
		    slot);
		_exit(1);
	}
	for (size_t i = 0; i < cd_plugins_count(); i++)
		worker_load(cd_plugins_at(i));
	if (cd_http_start(fd, conf) != CD_OK) {
		cd_log(CD_LOG_ERROR, "worker %d: HTTP engine did not start", slot);
		_exit(1);
	}
	if (cd_import_start(conf) != CD_OK) {
		cd_log(CD_LOG_ERROR, "worker %d: import runner did not start",
		    slot);
		_exit(1);
	}
	cd_log(CD_LOG_INFO, "worker %d serving, %zu plugins", slot,
	    cd_loader_count());

	pfd.fd = rd;
	pfd.events = POLLIN;
	while (!worker_stop) {
		if (poll(&pfd, 1, 50) == 1)
			worker_control(rd);
		cd_loader_reap();
		cd_log_flush();
	}
	worker_drain(conf);
	cd_log_flush();
	cd_log(CD_LOG_INFO, "worker %d stopped", slot);
	_exit(0);
}

/* Fork worker w into metrics slot `slot`, serving listening socket fd. */
int
cd_worker_spawn(struct cd_worker *w, int slot, int fd,
    const struct cd_config *conf)
{
	int	p[2];
	pid_t	pid;

	if (pipe2(p, O_CLOEXEC) == -1 || fcntl(p[1], F_SETFL, O_NONBLOCK) == -1) {
		cd_log(CD_LOG_ERROR, "pipe2: %s", strerror(errno));
		return (CD_ERR);
	}
	if ((pid = fork()) == -1) {
		cd_log(CD_LOG_ERROR, "fork: %s", strerror(errno));
		(void)close(p[0]);
		(void)close(p[1]);
		return (CD_ERR);
	}
	if (pid == 0) {
		worker_close_fds(fd, p[0]);
		worker_main(slot, fd, p[0], conf);
	}
	(void)close(p[0]);
	w->pid = pid;
	w->ctl = p[1];
	w->slot = slot;
	w->started = cd_now_mono();
	w->respawn_at = 0;
	w->retiring = 0;
	cd_metrics_worker_up(slot, pid);
	return (CD_OK);
}

/* Tell a worker to load the newest copy of ps. */
void
cd_worker_notify(struct cd_worker *w, const struct cd_psource *ps)
{
	struct ctl_msg	m;

	if (w->pid <= 0 || ps->ncopies == 0)
		return;
	memset(&m, 0, sizeof(m));
	m.generation = ps->copies[0].generation;
	if (cd_strlcpy(m.source, ps->source, sizeof(m.source)) >=
	    sizeof(m.source) || cd_strlcpy(m.path, ps->copies[0].path,
	    sizeof(m.path)) >= sizeof(m.path)) {
		cd_log(CD_LOG_ERROR, "plugin path too long for a reload: %s",
		    ps->source);
		return;
	}
	if (write(w->ctl, &m, sizeof(m)) != (ssize_t)sizeof(m))
		cd_log(CD_LOG_ERROR, "worker %d (pid %d) missed a reload: %s",
		    w->slot, (int)w->pid, strerror(errno));
}
