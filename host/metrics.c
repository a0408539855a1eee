/*
 * Counters and latency histograms in one shared memory region that the
 * master maps before forking.  Each worker writes only its own slot; any
 * worker answering /metrics sums every slot, so a scrape sees the whole
 * host, including workers that have since died.
 */
#include <sys/mman.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"

#define SERIES_MAX	160
#define PCOUNTERS_MAX	64
#define NBUCKETS	12

static const double bounds[NBUCKETS] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
	2.5
};

struct series {
	char			method[8];
	char			route[120];
	int			status;
	atomic_ullong		count;
	atomic_ullong		sum_us;
	atomic_ullong		buckets[NBUCKETS];
};

struct pcounter {
	char			plugin[64];
	char			name[48];
	atomic_ullong		value;
};

struct wslot {
	pthread_mutex_t		lock;		/* adds to series[] and pc[] */
	atomic_int		nseries;
	atomic_int		npc;
	struct series		series[SERIES_MAX];
	struct pcounter		pc[PCOUNTERS_MAX];
	atomic_ullong		reload_ok;
	atomic_ullong		reload_failed;
	atomic_ullong		dropped;	/* series table full */
	atomic_int		pid;
};

struct shm {
	atomic_ullong		worker_restarts;
	atomic_int		dep_down[2];	/* CD_DEP_*: 1 while down */
	int			nworkers;
	struct wslot		slots[CD_WORKERS_MAX];
};

static struct shm	*shm;
static struct wslot	*mine;

int
cd_metrics_init(int nworkers)
{
	void	*p;

	p = mmap(NULL, sizeof(struct shm), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (CD_ENOMEM);
	shm = p;
	shm->nworkers = nworkers;
	for (int i = 0; i < CD_WORKERS_MAX; i++) {
		pthread_mutexattr_t a;
		if (pthread_mutexattr_init(&a) != 0 ||
		    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) ||
		    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) ||
		    pthread_mutex_init(&shm->slots[i].lock, &a) != 0)
			return (CD_ERR);
		(void)pthread_mutexattr_destroy(&a);
	}
	return (CD_OK);
}

/* The lock is shared with the slot's previous worker, which may have died holding it. */
static int
slot_lock(struct wslot *ws)
{
	int	rc;

	rc = pthread_mutex_lock(&ws->lock);
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(&ws->lock);
	return (rc == 0 ? CD_OK : CD_ERR);
}

/* Called in a worker after fork: this process writes slot n. */
void
cd_metrics_slot(int n)
{
	mine = &shm->slots[n];
}

void
cd_metrics_worker_up(int n, pid_t pid)
{
	if (shm != NULL)
		atomic_store(&shm->slots[n].pid, (int)pid);
}

/*
 * Record that dependency dep is up or down.  Returns 1 when this call
 * changed the host-wide state, so only one worker logs a transition.
 */
int
cd_metrics_dependency(int dep, int up)
{
	int	expect = up ? 1 : 0;

	if (shm == NULL)
		return (0);
	return (atomic_compare_exchange_strong(&shm->dep_down[dep], &expect,
	    up ? 0 : 1));
}

void
cd_metrics_worker_restart(void)
{
	if (shm != NULL)
		atomic_fetch_add(&shm->worker_restarts, 1);
}

void
cd_metrics_reload(int ok)
{
	if (mine == NULL)
		return;
	if (ok)
		atomic_fetch_add(&mine->reload_ok, 1);
	else
		atomic_fetch_add(&mine->reload_failed, 1);
}

static struct series *
metrics_series(const char *method, const char *route, int status)
{
	struct series	*s;
	int		 i, n;

	n = atomic_load_explicit(&mine->nseries, memory_order_acquire);
	for (i = 0; i < n; i++) {
		s = &mine->series[i];
		if (s->status == status && strcmp(s->route, route) == 0 &&
		    strcmp(s->method, method) == 0)
			return (s);
	}
	if (slot_lock(mine) != CD_OK)
		return (NULL);
	n = atomic_load(&mine->nseries);
	for (i = 0; i < n; i++) {
		s = &mine->series[i];
		if (s->status == status && strcmp(s->route, route) == 0 &&
		    strcmp(s->method, method) == 0)
			goto out;
	}
	s = NULL;
	if (n < SERIES_MAX) {
		s = &mine->series[n];
		cd_strlcpy(s->method, method, sizeof(s->method));
		cd_strlcpy(s->route, route, sizeof(s->route));
		s->status = status;
		atomic_store_explicit(&mine->nseries, n + 1,
		    memory_order_release);
	}
out:
	(void)pthread_mutex_unlock(&mine->lock);
	return (s);
}

void
cd_metrics_request(const char *method, const char *route, int status,
    double secs)
{
	struct series	*s;

	if (mine == NULL)
		return;
	if ((s = metrics_series(method, route ? route : "unmatched",
	    status)) == NULL) {
		atomic_fetch_add(&mine->dropped, 1);
		return;
	}
	atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_us, (unsigned long long)(secs * 1e6),
	    memory_order_relaxed);
	for (int b = 0; b < NBUCKETS; b++) {
		if (secs <= bounds[b]) {
			atomic_fetch_add_explicit(&s->buckets[b], 1,
			    memory_order_relaxed);
			break;
		}
	}
}

int
cd_metrics_plugin_counter(const char *plugin, const char *name,
    uint64_t delta)
{
	struct pcounter	*pc;
	int		 i, n, rc;

	if (mine == NULL)
		return (CD_EUNAVAIL);
	if (slot_lock(mine) != CD_OK)
		return (CD_ERR);
	rc = CD_OK;
	n = atomic_load(&mine->npc);
	for (i = 0; i < n; i++) {
		pc = &mine->pc[i];
		if (strcmp(pc->plugin, plugin) == 0 &&
		    strcmp(pc->name, name) == 0)
			break;
	}
	if (i == n) {
		if (n == PCOUNTERS_MAX) {
			rc = CD_ENOMEM;
			goto out;
		}
		pc = &mine->pc[n];
		cd_strlcpy(pc->plugin, plugin, sizeof(pc->plugin));
		cd_strlcpy(pc->name, name, sizeof(pc->name));
		atomic_store(&mine->npc, n + 1);
	}
	atomic_fetch_add(&mine->pc[i].value, delta);
out:
	(void)pthread_mutex_unlock(&mine->lock);
	return (rc);
}

/* A growing text buffer for the exposition. */
struct out {
	char	*buf;
	size_t	 len, cap;
};

static void
out_add(struct out *o, const char *fmt, ...) CD_PRINTF(2, 3);

static void
out_add(struct out *o, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		o->cap = o->cap * 2 + (size_t)n;
		o->buf = cd_realloc(o->buf, o->cap);
	}
}

/* Sum one (method, route[, status]) over every slot into acc. */
static void
sum_series(const struct series *key, int by_status, struct series *acc)
{
	memset(acc, 0, sizeof(*acc));
	for (int w = 0; w < CD_WORKERS_MAX; w++) {
		struct wslot *ws = &shm->slots[w];
		int n = atomic_load(&ws->nseries);
		for (int i = 0; i < n; i++) {
			struct series *s = &ws->series[i];
			if (strcmp(s->route, key->route) != 0 ||
			    strcmp(s->method, key->method) != 0 ||
			    (by_status && s->status != key->status))
				continue;
			acc->count += atomic_load(&s->count);
			acc->sum_us += atomic_load(&s->sum_us);
			for (int b = 0; b < NBUCKETS; b++)
				acc->buckets[b] += atomic_load(&s->buckets[b]);
		}
	}
}

/* Has an earlier (slot, index) already printed this key? */
static int
seen_before(int w0, int i0, int by_status)
{
	const struct series *k = &shm->slots[w0].series[i0];

	for (int w = 0; w <= w0; w++) {
		struct wslot *ws = &shm->slots[w];
		int n = w == w0 ? i0 : atomic_load(&ws->nseries);
		for (int i = 0; i < n; i++) {
			struct series *s = &ws->series[i];
			if (strcmp(s->route, k->route) == 0 &&
			    strcmp(s->method, k->method) == 0 &&
			    (!by_status || s->status == k->status))
				return (1);
		}
	}
	return (0);
}

static void
render_requests(struct out *o)
{
	struct series	acc;

	out_add(o, "# HELP cd_http_requests_total HTTP requests by route "
	    "and status.\n# TYPE cd_http_requests_total counter\n");
	for (int w = 0; w < CD_WORKERS_MAX; w++) {
		int n = atomic_load(&shm->slots[w].nseries);
		for (int i = 0; i < n; i++) {
			struct series *s = &shm->slots[w].series[i];
			if (seen_before(w, i, 1))
				continue;
			sum_series(s, 1, &acc);
			out_add(o, "cd_http_requests_total{method=\"%s\","
			    "route=\"%s\",status=\"%d\"} %llu\n", s->method,
			    s->route, s->status, (unsigned long long)acc.count);
		}
	}
	out_add(o, "# HELP cd_http_request_duration_seconds Request latency."
	    "\n# TYPE cd_http_request_duration_seconds histogram\n");
	for (int w = 0; w < CD_WORKERS_MAX; w++) {
		int n = atomic_load(&shm->slots[w].nseries);
		for (int i = 0; i < n; i++) {
			struct series *s = &shm->slots[w].series[i];
			unsigned long long cum = 0;
			if (seen_before(w, i, 0))
				continue;
			sum_series(s, 0, &acc);
			for (int b = 0; b < NBUCKETS; b++) {
				cum += acc.buckets[b];
				out_add(o, "cd_http_request_duration_seconds_bucket"
				    "{method=\"%s\",route=\"%s\",le=\"%g\"} %llu\n",
				    s->method, s->route, bounds[b], cum);
			}
			out_add(o, "cd_http_request_duration_seconds_bucket"
			    "{method=\"%s\",route=\"%s\",le=\"+Inf\"} %llu\n"
			    "cd_http_request_duration_seconds_sum{method=\"%s\","
			    "route=\"%s\"} %.6f\n"
			    "cd_http_request_duration_seconds_count{method=\"%s\","
			    "route=\"%s\"} %llu\n", s->method, s->route,
			    (unsigned long long)acc.count, s->method, s->route,
			    (double)acc.sum_us / 1e6, s->method, s->route,
			    (unsigned long long)acc.count);
		}
	}
}

static void
render_plugins(struct out *o)
{
	unsigned long long	ok = 0, failed = 0;

	for (int w = 0; w < CD_WORKERS_MAX; w++) {
		ok += atomic_load(&shm->slots[w].reload_ok);
		failed += atomic_load(&shm->slots[w].reload_failed);
	}
	out_add(o, "# HELP cd_plugin_loads_total Plugin generations loaded "
	    "or refused, summed over workers.\n"
	    "# TYPE cd_plugin_loads_total counter\n"
	    "cd_plugin_loads_total{result=\"ok\"} %llu\n"
	    "cd_plugin_loads_total{result=\"failed\"} %llu\n", ok, failed);
	for (int w = 0; w < CD_WORKERS_MAX; w++) {
		int n = atomic_load(&shm->slots[w].npc);
		for (int i = 0; i < n; i++) {
			struct pcounter *pc = &shm->slots[w].pc[i];
			unsigned long long v = 0;
			int dup = 0;
			for (int w2 = 0; w2 <= w && !dup; w2++) {
				int n2 = w2 == w ? i : atomic_load(
				    &shm->slots[w2].npc);
				for (int j = 0; j < n2; j++)
					if (strcmp(shm->slots[w2].pc[j].name,
					    pc->name) == 0 && strcmp(
					    shm->slots[w2].pc[j].plugin,
					    pc->plugin) == 0)
						dup = 1;
			}
			if (dup)
				continue;
			for (int w2 = 0; w2 < CD_WORKERS_MAX; w2++) {
				int n2 = atomic_load(&shm->slots[w2].npc);
				for (int j = 0; j < n2; j++)
					if (strcmp(shm->slots[w2].pc[j].name,
					    pc->name) == 0 && strcmp(
					    shm->slots[w2].pc[j].plugin,
					    pc->plugin) == 0)
						v += atomic_load(
						    &shm->slots[w2].pc[j].value);
			}
			out_add(o, "cd_plugin_%s_total{plugin=\"%s\"} %llu\n",
			    pc->name, pc->plugin, v);
		}
	}
}

char *
cd_metrics_render(size_t *len)
{
	struct out		o;
	unsigned long long	dropped = 0;

	o.cap = 8192;
	o.len = 0;
	o.buf = cd_malloc(o.cap);
	o.buf[0] = '\0';
	render_requests(&o);
	render_plugins(&o);
	out_add(&o, "# HELP cd_worker_restarts_total Workers replaced after "
	    "dying.\n# TYPE cd_worker_restarts_total counter\n"
	    "cd_worker_restarts_total %llu\n",
	    (unsigned long long)atomic_load(&shm->worker_restarts));
	out_add(&o, "# HELP cd_worker_pid The process serving each worker "
	    "slot.\n# TYPE cd_worker_pid gauge\n");
	for (int w = 0; w < shm->nworkers; w++) {
		out_add(&o, "cd_worker_pid{slot=\"%d\"} %d\n", w,
		    atomic_load(&shm->slots[w].pid));
		dropped += atomic_load(&shm->slots[w].dropped);
	}
	out_add(&o, "# HELP cd_dependency_up Whether the host reaches each "
	    "dependency (last seen by any worker).\n"
	    "# TYPE cd_dependency_up gauge\n"
	    "cd_dependency_up{dependency=\"redis\"} %d\n"
	    "cd_dependency_up{dependency=\"database\"} %d\n",
	    !atomic_load(&shm->dep_down[CD_DEP_REDIS]),
	    !atomic_load(&shm->dep_down[CD_DEP_DATABASE]));
	out_add(&o, "# HELP cd_metrics_dropped_total Requests not counted "
	    "because the series table was full.\n"
	    "# TYPE cd_metrics_dropped_total counter\n"
	    "cd_metrics_dropped_total %llu\n", dropped);
	*len = o.len;
	return (o.buf);
}
