/*
 * The master: owns the listening socket and the configuration, keeps N
 * workers alive (restarting the dead with back-off), watches the plugin
 * directories and tells workers to reload.  SIGTERM/SIGINT drain and
 * stop; SIGHUP re-reads the configuration and plugins and replaces the
 * workers one by one, so the socket never stops accepting.
 */
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netdb.h>
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

/* Deaths within this many seconds of the start count as quick. */
#define QUICK_DEATH	1.0
#define BACKOFF_MAX	5.0

static struct cd_worker	 workers[CD_WORKERS_MAX * 2];
static int		 nworkers;

static int
master_listen(const struct cd_config *c)
{
	struct addrinfo	 hints, *res, *ai;
	char		 port[8];
	int		 fd, on, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%d", c->port);
	if ((rc = getaddrinfo(c->listen, port, &hints, &res)) != 0)
		cd_fatal("listen %s: %s", c->listen, gai_strerror(rc));
	fd = -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1)
			continue;
		on = 1;
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
		    sizeof(on)) == 0 && bind(fd, ai->ai_addr,
		    ai->ai_addrlen) == 0 && listen(fd, 4096) == 0)
			break;
		(void)close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		cd_fatal("cannot listen on %s:%d: %s", c->listen, c->port,
		    strerror(errno));
	return (fd);
}

static struct cd_worker *
master_find(pid_t pid)
{
	for (int i = 0; i < nworkers; i++)
		if (workers[i].pid == pid)
			return (&workers[i]);
	return (NULL);
}

static void
master_remove(struct cd_worker *w)
{
	(void)close(w->ctl);
	*w = workers[--nworkers];
}

static void
master_reap(void)
{
	struct cd_worker	*w;
	double			 now, lived, delay;
	pid_t			 pid;
	int			 status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if ((w = master_find(pid)) == NULL)
			continue;
		if (w->retiring) {
			master_remove(w);
			continue;
		}
		now = cd_now_mono();
		lived = now - w->started;
		if (WIFSIGNALED(status))
			cd_log(CD_LOG_ERROR, "worker %d (pid %d) killed by "
			    "signal %d after %.3fs; replacing it", w->slot,
			    (int)pid, WTERMSIG(status), lived);
		else
			cd_log(CD_LOG_ERROR, "worker %d (pid %d) exited with "
			    "%d after %.3fs; replacing it", w->slot, (int)pid,
			    WEXITSTATUS(status), lived);
		cd_metrics_worker_restart();
		(void)close(w->ctl);
		w->ctl = -1;
		w->pid = 0;
		w->quick_deaths = lived < QUICK_DEATH ? w->quick_deaths + 1 : 0;
		/* The first few deaths are replaced at once; a crash loop backs off. */
		delay = 0;
		if (w->quick_deaths > 3) {
			delay = 0.05 * (double)(1 << (w->quick_deaths - 3 > 7 ?
			    7 : w->quick_deaths - 3));
			if (delay > BACKOFF_MAX)
				delay = BACKOFF_MAX;
			cd_log(CD_LOG_WARN, "worker %d died %d times in a row "
			    "within %.0fs; next start in %.2fs", w->slot,
			    w->quick_deaths, QUICK_DEATH, delay);
		}
		w->respawn_at = now + delay;
	}
}

static void
master_respawn(int fd, const struct cd_config *c)
{
	double	now;

	now = cd_now_mono();
	for (int i = 0; i < nworkers; i++) {
		struct cd_worker *w = &workers[i];
		if (w->pid != 0 || w->respawn_at > now)
			continue;
		int quick = w->quick_deaths;
		if (cd_worker_spawn(w, w->slot, fd, c) != CD_OK)
			w->respawn_at = now + 1;
		w->quick_deaths = quick;
	}
}

static double
master_next_timeout(void)
{
	double	next, now;

	next = 1.0;
	now = cd_now_mono();
	for (int i = 0; i < nworkers; i++)
		if (workers[i].pid == 0 && workers[i].respawn_at - now < next)
			next = workers[i].respawn_at - now;
	return (next < 0 ? 0 : next);
}

static void
master_plugins_changed(void)
{
	struct cd_psource	*changed[16];
	size_t			 n;

	(void)cd_plugins_on_event(changed, 16, &n);
	for (size_t i = 0; i < n; i++) {
		cd_log(CD_LOG_INFO, "plugin %s rebuilt: generation %u",
		    changed[i]->source, changed[i]->copies[0].generation);
		for (int j = 0; j < nworkers; j++)
			if (!workers[j].retiring)
				cd_worker_notify(&workers[j], changed[i]);
	}
}

/* Replace every worker with one running the new configuration. */
static void
master_hup(struct cd_config *c, const char *path, int fd)
{
	struct cd_config	 nc;
	struct cd_psource	*ps;
	char			*err;
	int			 n;

	err = NULL;
	if (cd_config_load(&nc, path, &err) != CD_OK) {
		cd_log(CD_LOG_ERROR, "SIGHUP: configuration refused, keeping "
		    "the old one: %s", err);
		free(err);
		return;
	}
	if (strcmp(nc.listen, c->listen) != 0 || nc.port != c->port ||
	    nc.workers != c->workers || strcmp(nc.plugin_cache,
	    c->plugin_cache) != 0 || nc.nplugin_dirs != c->nplugin_dirs ||
	    memcmp(nc.plugin_dirs, c->plugin_dirs, sizeof(nc.plugin_dirs)) ||
	    strcmp(nc.database_url, c->database_url) != 0 ||
	    strcmp(nc.redis_url, c->redis_url) != 0 ||
	    strcmp(nc.migrations_dir, c->migrations_dir) != 0 ||
	    strcmp(nc.jwt_secret_file, c->jwt_secret_file) != 0 ||
	    strcmp(nc.user, c->user) != 0 || nc.docstore != c->docstore ||
	    strcmp(nc.mongo_url, c->mongo_url) != 0)
		cd_log(CD_LOG_WARN, "SIGHUP: listen, port, workers, plugin "
		    "paths, database, redis, document store, secret and user "
		    "change only on restart; the old values stay");
	/* Set up by the master before the first fork: kept as they are. */
	nc.workers = c->workers;
	nc.port = c->port;
	memcpy(nc.listen, c->listen, sizeof(nc.listen));
	memcpy(nc.plugin_cache, c->plugin_cache, sizeof(nc.plugin_cache));
	memcpy(nc.plugin_dirs, c->plugin_dirs, sizeof(nc.plugin_dirs));
	nc.nplugin_dirs = c->nplugin_dirs;
	memcpy(nc.database_url, c->database_url, sizeof(nc.database_url));
	memcpy(nc.redis_url, c->redis_url, sizeof(nc.redis_url));
	memcpy(nc.migrations_dir, c->migrations_dir, sizeof(nc.migrations_dir));
	memcpy(nc.jwt_secret_file, c->jwt_secret_file,
	    sizeof(nc.jwt_secret_file));
	memcpy(nc.user, c->user, sizeof(nc.user));
	nc.docstore = c->docstore;
	memcpy(nc.mongo_url, c->mongo_url, sizeof(nc.mongo_url));
	cd_config_cleanup(c);
	*c = nc;
	cd_log_init(c->log_level, c->access_log);

	for (size_t i = 0; i < cd_plugins_count(); i++)
		(void)cd_plugins_refresh(cd_plugins_at(i)->source, &ps);
	n = nworkers;
	for (int i = 0; i < n; i++) {
		struct cd_worker *old = &workers[i];
		if (old->retiring || old->pid == 0)
			continue;
		struct cd_worker *nw = &workers[nworkers];
		memset(nw, 0, sizeof(*nw));
		if (cd_worker_spawn(nw, old->slot, fd, c) != CD_OK)
			continue;
		nworkers++;
		old->retiring = 1;
		(void)kill(old->pid, SIGTERM);
	}
	cd_log(CD_LOG_INFO, "SIGHUP: configuration and plugins reloaded");
}

static void
master_stop(const struct cd_config *c)
{
	double	deadline;

	cd_log(CD_LOG_INFO, "stopping: draining %d workers", nworkers);
	for (int i = 0; i < nworkers; i++)
		if (workers[i].pid > 0) {
			workers[i].retiring = 1;
			(void)kill(workers[i].pid, SIGTERM);
		}
	deadline = cd_now_mono() + c->drain_timeout + 2;
	while (nworkers > 0 && cd_now_mono() < deadline) {
		master_reap();
		for (int i = 0; i < nworkers; i++)
			if (workers[i].pid == 0)
				master_remove(&workers[i--]);
		(void)poll(NULL, 0, 10);
	}
	for (int i = 0; i < nworkers; i++) {
		cd_log(CD_LOG_WARN, "worker pid %d did not drain; killing it",
		    (int)workers[i].pid);
		(void)kill(workers[i].pid, SIGKILL);
		(void)waitpid(workers[i].pid, NULL, 0);
	}
	cd_plugins_cleanup();
	cd_log(CD_LOG_INFO, "stopped");
}

/* Schema first: retry a database that is still starting, then give up loudly. */
static void
master_migrate(const struct cd_config *c)
{
	char	*err;
	int	 rc;

	if (!cd_db_configured()) {
		cd_log(CD_LOG_WARN, "no database_url: accounts, storage and "
		    "documents answer 503 until one is configured");
		return;
	}
	for (int tries = 0;; tries++) {
		err = NULL;
		if ((rc = cd_migrate(c, &err)) == CD_OK)
			return;
		if (rc != CD_EUNAVAIL || tries == 30)
			cd_fatal("migrations: %s", err);
		if (tries == 0)
			cd_log(CD_LOG_WARN, "waiting for the database: %s", err);
		free(err);
		(void)poll(NULL, 0, 1000);
	}
}

/* Everything the workers inherit, made once before the first fork. */
static void
master_services(const struct cd_config *c)
{
	char	*err;

	err = NULL;
	if (cd_auth_init(c, &err) != CD_OK || cd_redis_init(c, &err) != CD_OK)
		cd_fatal("%s", err);
	if (cd_dict_load(c->metrics_dictionary, &err) != CD_OK)
		cd_fatal("metric dictionary: %s", err);
	if (cd_factors_load(c->factors_dir, &err) != CD_OK)
		cd_fatal("factor library: %s", err);
	if (cd_import_prepare_dir(c, &err) != CD_OK)
		cd_fatal("spool_dir: %s", err);
	if (cd_ratelimit_init() != CD_OK)
		cd_fatal("shared memory for rate limits: %s", strerror(errno));
	cd_db_init(c);
	if (cd_docs_init(c, &err) != CD_OK)
		cd_fatal("document store: %s", err);
	cd_log(CD_LOG_INFO, "documents stored in %s", cd_docs_backend());
	master_migrate(c);
}

int
cd_master_run(struct cd_config *c, const char *path)
{
	struct signalfd_siginfo	 si;
	struct pollfd		 pfd[2];
	sigset_t		 set;
	char			*err;
	int			 fd, sfd;

	master_services(c);
	fd = master_listen(c);
	if (cd_metrics_init(c->workers) != CD_OK)
		cd_fatal("shared memory for metrics: %s", strerror(errno));
	err = NULL;
	if (cd_plugins_init(c, &err) != CD_OK)
		cd_fatal("plugins: %s", err);
	(void)cd_plugins_scan();

	(void)sigemptyset(&set);
	(void)sigaddset(&set, SIGCHLD);
	(void)sigaddset(&set, SIGTERM);
	(void)sigaddset(&set, SIGINT);
	(void)sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 ||
	    (sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		cd_fatal("signalfd: %s", strerror(errno));
	(void)signal(SIGPIPE, SIG_IGN);
	(void)signal(SIGXFSZ, SIG_IGN);	/* a log over the limit: no death */

	for (int i = 0; i < c->workers; i++) {
		memset(&workers[i], 0, sizeof(workers[i]));
		workers[i].slot = i;
		nworkers++;
	}
	master_respawn(fd, c);
	cd_log(CD_LOG_INFO, "carbon-depict %s listening on %s:%d with %d "
	    "workers, %zu plugins", CD_VERSION, c->listen, c->port, c->workers,
	    cd_plugins_count());

	pfd[0].fd = sfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = cd_plugins_watch_fd();
	pfd[1].events = POLLIN;
	for (;;) {
		int ms = (int)(master_next_timeout() * 1000.0);
		if (poll(pfd, 2, ms) == -1 && errno != EINTR)
			cd_fatal("poll: %s", strerror(errno));
		if (pfd[1].revents & POLLIN)
			master_plugins_changed();
		while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
			switch (si.ssi_signo) {
			case SIGCHLD:
				master_reap();
				break;
			case SIGHUP:
				master_hup(c, path, fd);
				break;
			default:
				master_stop(c);
				(void)close(fd);
				return (CD_OK);
			}
		}
		master_respawn(fd, c);
	}
}
