/*
 * Fixed-window counters in a shared memory table that the master maps
 * before forking, so a limit holds for the whole host, not per worker,
 * at the cost of a few atomics per request.  Redis would share the
 * limit across hosts but cost a network round trip on every request; the
 * edge proxy limits across hosts (containers/nginx).  Login failures,
 * which must hold across hosts, use Redis first (see api_auth.c).
 *
 * The table is fixed (RL_SLOTS); when a key finds no free slot among its
 * probes, the request is allowed: a full table fails open, not closed.
 */
#include <sys/mman.h>

#include <string.h>
#include <time.h>

#include "cd.h"

#define RL_SLOTS	16384
#define RL_PROBES	8

struct rl_slot {
	atomic_ullong	key;		/* 0: free */
	atomic_uint	window;
	atomic_uint	count;
};

static struct rl_slot	*tab;

int
cd_ratelimit_init(void)
{
	void	*p;

	p = mmap(NULL, sizeof(struct rl_slot) * RL_SLOTS, PROT_READ |
	    PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (CD_ENOMEM);
	tab = p;
	return (CD_OK);
}

/* FNV-1a over kind and key; never 0. */
static unsigned long long
rl_hash(const char *kind, const char *key)
{
	unsigned long long	h = 1469598103934665603ULL;

	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (h == 0 ? 1 : h);
}

/*
 * Count one hit of key in the current window of period seconds and
 * return the hits so far in it; *retry gets the seconds until the window
 * ends.  Returns 0 when the table has no room (the caller allows).
 */
unsigned int
cd_ratelimit_hit(const char *kind, const char *key, unsigned int period,
    unsigned int *retry)
{
	unsigned long long	h, cur;
	unsigned int		now, win, w;
	struct rl_slot		*s;

	if (tab == NULL || period == 0)
		return (0);
	now = (unsigned int)time(NULL);
	win = now / period;
	*retry = period - now % period;
	h = rl_hash(kind, key);
	for (int i = 0; i < RL_PROBES; i++) {
		s = &tab[(h + (unsigned long long)i) % RL_SLOTS];
		cur = atomic_load(&s->key);
		if (cur != h) {
			/* Take a free slot, or one whose window has passed. */
			w = atomic_load(&s->window);
			if (cur != 0 && w + 1 >= win)
				continue;
			if (!atomic_compare_exchange_strong(&s->key, &cur, h))
				continue;
			atomic_store(&s->count, 0);
			atomic_store(&s->window, win);
		}
		w = atomic_load(&s->window);
		if (w != win && atomic_compare_exchange_strong(&s->window, &w,
		    win))
			atomic_store(&s->count, 0);
		return (atomic_fetch_add(&s->count, 1) + 1);
	}
	return (0);
}

/* Forget key (a successful login clears its failures). */
void
cd_ratelimit_reset(const char *kind, const char *key)
{
	unsigned long long	h;

	if (tab == NULL)
		return;
	h = rl_hash(kind, key);
	for (int i = 0; i < RL_PROBES; i++) {
		struct rl_slot *s = &tab[(h + (unsigned long long)i) % RL_SLOTS];
		if (atomic_load(&s->key) == h)
			atomic_store(&s->count, 0);
	}
}

/* The hits of key in the current window, without counting one. */
unsigned int
cd_ratelimit_peek(const char *kind, const char *key, unsigned int period,
    unsigned int *retry)
{
	unsigned long long	h;
	unsigned int		now;

	if (tab == NULL || period == 0)
		return (0);
	now = (unsigned int)time(NULL);
	*retry = period - now % period;
	h = rl_hash(kind, key);
	for (int i = 0; i < RL_PROBES; i++) {
		struct rl_slot *s = &tab[(h + (unsigned long long)i) % RL_SLOTS];
		if (atomic_load(&s->key) == h)
			return (atomic_load(&s->window) == now / period ?
			    atomic_load(&s->count) : 0);
	}
	return (0);
}
