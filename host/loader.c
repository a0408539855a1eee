/*
 * The plugin loader: the only caller of dlopen.  Each plugin name has a
 * slot whose current generation serves new requests.  A request pins the
 * generation it matched (refs); a replaced generation is retired and
 * unloaded by cd_loader_reap() only once its last request has ended, so
 * no thread runs code that was dlclosed under it.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"

#define SLOTS_MAX	64

struct slot {
	char		 name[64];
	char		 source[PATH_MAX];
	struct cd_ctx	*cur;
};

static pthread_rwlock_t	 reg_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct slot	 slots[SLOTS_MAX];
static size_t		 nslots;
static struct cd_ctx	*retired;	/* control thread only */

static void
gen_free(struct cd_ctx *g)
{
	for (size_t i = 0; i < g->nroutes; i++) {
		free((char *)g->routes[i].method);
		free((char *)g->routes[i].pattern);
	}
	free(g->routes);
	if (g->dl != NULL && dlclose(g->dl) != 0)
		cd_log(CD_LOG_WARN, "dlclose %s: %s", g->path, dlerror());
	free(g);
}

static int
name_valid(const char *s)
{
	size_t	n;

	if (s == NULL)
		return (0);
	for (n = 0; s[n] != '\0'; n++)
		if (!islower((unsigned char)s[n]) && !isdigit((unsigned char)s[n]) &&
		    s[n] != '_')
			return (0);
	return (n > 0 && n < 64);
}

static const char *
descriptor_problem(const struct cd_plugin *d)
{
	static _Thread_local char	why[160];

	if (d->abi_major != CD_ABI_MAJOR) {
		snprintf(why, sizeof(why), "ABI major %u, the host speaks %d",
		    d->abi_major, CD_ABI_MAJOR);
		return (why);
	}
	if (d->abi_minor > CD_ABI_MINOR) {
		snprintf(why, sizeof(why), "needs ABI %u.%u, the host has "
		    "%d.%d", d->abi_major, d->abi_minor, CD_ABI_MAJOR,
		    CD_ABI_MINOR);
		return (why);
	}
	if (d->size < offsetof(struct cd_plugin, capabilities))
		return ("descriptor too small");
	if (d->kind != CD_KIND_CALCULATOR && d->kind != CD_KIND_FRAMEWORK)
		return ("kind is neither calculator nor framework");
	if (!name_valid(d->name))
		return ("name must be 1..63 of [a-z0-9_]");
	if (d->version == NULL || d->version[0] == '\0' ||
	    strlen(d->version) >= 32)
		return ("version must be 1..31 characters");
	if (d->init == NULL)
		return ("no init entry point");
	return (NULL);
}

static struct slot *
slot_find(const char *name)
{
	for (size_t i = 0; i < nslots; i++)
		if (strcmp(slots[i].name, name) == 0)
			return (&slots[i]);
	return (NULL);
}

/* Which source owns this method and pattern (not counting skip's slot)? */
static const char *
route_owner(const char *method, const char *pattern, const char *skip)
{
	if (cd_dispatch_builtin_taken(method, pattern))
		return ("the host");
	for (size_t i = 0; i < nslots; i++) {
		struct cd_ctx *g = slots[i].cur;
		if (g == NULL || strcmp(slots[i].name, skip) == 0)
			continue;
		for (size_t r = 0; r < g->nroutes; r++)
			if (strcmp(g->routes[r].method, method) == 0 &&
			    strcmp(g->routes[r].pattern, pattern) == 0)
				return (slots[i].name);
	}
	return (NULL);
}

int
cd_loader_route_add(struct cd_ctx *g, const struct cd_route *r, char **err)
{
	const char	*owner;
	struct cd_route	*nr;
	int		 rc;

	if (!g->initialising) {
		*err = cd_asprintf("route_add is only allowed inside init");
		return (CD_EINVAL);
	}
	if (r == NULL || r->size < offsetof(struct cd_route, handler) +
	    sizeof(r->handler) || r->handler == NULL) {
		*err = cd_asprintf("route struct too small or no handler");
		return (CD_EINVAL);
	}
	if ((rc = cd_route_valid(r->method, r->pattern, err)) != CD_OK)
		return (rc);
	if (r->min_role < CD_ROLE_PUBLIC || r->min_role > CD_ROLE_OWNER) {
		*err = cd_asprintf("bad role %d", r->min_role);
		return (CD_EINVAL);
	}
	for (size_t i = 0; i < g->nroutes; i++)
		if (strcmp(g->routes[i].method, r->method) == 0 &&
		    strcmp(g->routes[i].pattern, r->pattern) == 0) {
			*err = cd_asprintf("%s %s registered twice", r->method,
			    r->pattern);
			return (CD_EEXIST);
		}
	if (pthread_rwlock_rdlock(&reg_lock) != 0)
		cd_fatal("rwlock");
	owner = route_owner(r->method, r->pattern, g->name);
	if (owner != NULL)
		*err = cd_asprintf("%s %s is taken by %s", r->method,
		    r->pattern, owner);
	(void)pthread_rwlock_unlock(&reg_lock);
	if (owner != NULL)
		return (CD_EEXIST);

	g->routes = cd_realloc(g->routes, (g->nroutes + 1) * sizeof(*nr));
	nr = &g->routes[g->nroutes++];
	*nr = (struct cd_route){ 0 };
	memcpy(nr, r, r->size < sizeof(*nr) ? r->size : sizeof(*nr));
	nr->size = sizeof(*nr);
	nr->method = cd_strdup(r->method);
	nr->pattern = cd_strdup(r->pattern);
	return (CD_OK);
}

/*
 * Load the private copy at path (built from source) as generation gen.
 * On success it replaces the slot's current generation; on failure the
 * old one keeps serving and *err says why.
 */
int
cd_loader_load(const char *path, const char *source, unsigned int gen,
    char **err)
{
	const struct cd_plugin	*d;
	const char		*why;
	struct cd_ctx		*g, *old;
	struct slot		*s;
	char			*msg;
	int			 rc;

	g = cd_calloc(1, sizeof(*g));
	cd_strlcpy(g->path, path, sizeof(g->path));
	cd_strlcpy(g->source, source, sizeof(g->source));
	cd_strlcpy(g->dir, source, sizeof(g->dir));
	if (strrchr(g->dir, '/') != NULL)
		*strrchr(g->dir, '/') = '\0';
	else
		cd_strlcpy(g->dir, ".", sizeof(g->dir));
	g->generation = gen;

	if ((g->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		*err = cd_asprintf("%s: dlopen: %s", source, dlerror());
		rc = CD_EINVAL;
		goto fail;
	}
	if ((d = dlsym(g->dl, "cd_plugin")) == NULL) {
		*err = cd_asprintf("%s: no cd_plugin descriptor symbol", source);
		rc = CD_EINVAL;
		goto fail;
	}
	if ((why = descriptor_problem(d)) != NULL) {
		*err = cd_asprintf("%s: refused: %s", source, why);
		rc = CD_EINVAL;
		goto fail;
	}
	g->desc = d;
	cd_strlcpy(g->name, d->name, sizeof(g->name));
	cd_strlcpy(g->version, d->version, sizeof(g->version));

	if ((s = slot_find(d->name)) != NULL && strcmp(s->source, source) != 0) {
		*err = cd_asprintf("%s: refused: plugin name '%s' is taken by %s",
		    source, d->name, s->source);
		rc = CD_EEXIST;
		goto fail;
	}
	if (s == NULL && nslots == SLOTS_MAX) {
		*err = cd_asprintf("%s: refused: more than %d plugins", source,
		    SLOTS_MAX);
		rc = CD_ENOMEM;
		goto fail;
	}

	msg = NULL;
	g->initialising = 1;
	rc = d->init(g, &cd_services_table, &msg);
	g->initialising = 0;
	if (rc != CD_OK) {
		*err = cd_asprintf("%s: init failed (%d): %s", source, rc,
		    msg ? msg : "no reason given");
		free(msg);
		if (rc > 0)
			rc = CD_ERR;
		goto fail;
	}
	free(msg);
	g->loaded_at = cd_now_real();

	if (pthread_rwlock_wrlock(&reg_lock) != 0)
		cd_fatal("rwlock");
	if (s == NULL) {
		s = &slots[nslots];
		cd_strlcpy(s->name, d->name, sizeof(s->name));
		cd_strlcpy(s->source, source, sizeof(s->source));
		s->cur = NULL;
		nslots++;
	}
	old = s->cur;
	s->cur = g;
	(void)pthread_rwlock_unlock(&reg_lock);

	if (old != NULL) {
		old->next = retired;
		retired = old;
	}
	cd_metrics_reload(1);
	cd_log(CD_LOG_INFO, "plugin %s %s generation %u loaded from %s",
	    g->name, g->version, gen, source);
	return (CD_OK);

fail:
	cd_metrics_reload(0);
	gen_free(g);
	return (rc);
}

/*
 * Find the plugin route for method and path and pin its generation.
 * When the path matches only with other methods, allow lists them.
 */
struct cd_ctx *
cd_loader_match(const char *method, const char *path, struct cd_params *params,
    const struct cd_route **route, char *allow, size_t allowlen)
{
	struct cd_ctx	*found;

	found = NULL;
	if (pthread_rwlock_rdlock(&reg_lock) != 0)
		cd_fatal("rwlock");
	for (size_t i = 0; i < nslots && found == NULL; i++) {
		struct cd_ctx *g = slots[i].cur;
		for (size_t r = 0; g != NULL && r < g->nroutes; r++) {
			if (!cd_route_match(g->routes[r].pattern, path, params))
				continue;
			if (strcmp(g->routes[r].method, method) == 0) {
				atomic_fetch_add(&g->refs, 1);
				*route = &g->routes[r];
				found = g;
				break;
			}
			cd_params_cleanup(params);
			if (strstr(allow, g->routes[r].method) == NULL) {
				size_t l = strlen(allow);
				snprintf(allow + l, allowlen - l, "%s%s",
				    l ? ", " : "", g->routes[r].method);
			}
		}
	}
	(void)pthread_rwlock_unlock(&reg_lock);
	return (found);
}

void
cd_loader_release(struct cd_ctx *g)
{
	atomic_fetch_sub(&g->refs, 1);
}

/* Unload retired generations whose last request has ended. */
void
cd_loader_reap(void)
{
	struct cd_ctx	**pp, *g;

	pp = &retired;
	while ((g = *pp) != NULL) {
		if (atomic_load(&g->refs) != 0) {
			pp = &g->next;
			continue;
		}
		*pp = g->next;
		if (g->desc->fini != NULL)
			g->desc->fini(g);
		cd_log(CD_LOG_INFO, "plugin %s generation %u unloaded",
		    g->name, g->generation);
		gen_free(g);
	}
}

/* At exit, with no request left in flight. */
void
cd_loader_unload_all(void)
{
	if (pthread_rwlock_wrlock(&reg_lock) != 0)
		cd_fatal("rwlock");
	for (size_t i = 0; i < nslots; i++) {
		if (slots[i].cur != NULL) {
			slots[i].cur->next = retired;
			retired = slots[i].cur;
			slots[i].cur = NULL;
		}
	}
	nslots = 0;
	(void)pthread_rwlock_unlock(&reg_lock);
	cd_loader_reap();
}

size_t
cd_loader_count(void)
{
	return (nslots);
}

/* Generations replaced but still pinned by a request. */
size_t
cd_loader_retired(void)
{
	size_t	n = 0;

	for (struct cd_ctx *g = retired; g != NULL; g = g->next)
		n++;
	return (n);
}

static json_t *
gen_json(const struct cd_ctx *g)
{
	char		 ts[32], abi[16];
	time_t		 t;
	struct tm	 tm;
	json_t		*caps;

	t = (time_t)g->loaded_at;
	(void)gmtime_r(&t, &tm);
	(void)strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(abi, sizeof(abi), "%u.%u", g->desc->abi_major,
	    g->desc->abi_minor);
	caps = json_array();
	for (const char *const *c = g->desc->capabilities; c != NULL && *c;
	    c++)
		json_array_append_new(caps, json_string(*c));
	return (json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:o}",
	    "name", g->name,
	    "kind", g->desc->kind == CD_KIND_FRAMEWORK ? "framework" :
	    "calculator",
	    "version", g->version,
	    "abi", abi,
	    "generation", (json_int_t)g->generation,
	    "loaded_at", ts,
	    "description", g->desc->description ? g->desc->description : "",
	    "capabilities", caps));
}

static int
gen_calculates(const struct cd_ctx *g, const char *category)
{
	const struct cd_plugin	*d = g->desc;

	if (d->kind != CD_KIND_CALCULATOR || d->size <
	    offsetof(struct cd_plugin, calculate) + sizeof(d->calculate) ||
	    d->calculate == NULL)
		return (0);
	for (const char *const *c = d->capabilities; c != NULL && *c; c++)
		if (category == NULL || strcmp(*c, category) == 0)
			return (1);
	return (0);
}

/*
 * The current generation of the calculator for `category`, pinned:
 * release it with cd_loader_release().  NULL when none is loaded.
 */
struct cd_ctx *
cd_loader_calculator(const char *category)
{
	struct cd_ctx	*found = NULL;

	if (pthread_rwlock_rdlock(&reg_lock) != 0)
		cd_fatal("rwlock");
	for (size_t i = 0; i < nslots && found == NULL; i++)
		if (slots[i].cur != NULL &&
		    gen_calculates(slots[i].cur, category)) {
			found = slots[i].cur;
			atomic_fetch_add(&found->refs, 1);
		}
	(void)pthread_rwlock_unlock(&reg_lock);
	return (found);
}

/* The loaded plugins of kind (0: all), as a JSON array. */
json_t *
cd_loader_list(int kind)
{
	json_t	*arr;

	arr = json_array();
	if (pthread_rwlock_rdlock(&reg_lock) != 0)
		cd_fatal("rwlock");
	for (size_t i = 0; i < nslots; i++) {
		struct cd_ctx *g = slots[i].cur;
		if (g == NULL || (kind != 0 && g->desc->kind != kind))
			continue;
		json_t *o = gen_json(g);
		if (kind == CD_KIND_CALCULATOR && gen_calculates(g, NULL) &&
		    g->desc->describe != NULL) {
			json_t *d = g->desc->describe(g);
			if (json_is_object(d))
				(void)json_object_update_missing(o, d);
			json_decref(d);
		}
		json_array_append_new(arr, o);
	}
	(void)pthread_rwlock_unlock(&reg_lock);
	return (arr);
}
