/*
 * The master's view of plugins: the build outputs (*.so) in the plugin
 * directories, watched with inotify, and for each the private versioned
 * copies that workers dlopen.  A build output is never loaded in place:
 * the compiler may rewrite it while it is mapped.
 */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"

#define SOURCES_MAX	64

static struct cd_psource	 sources[SOURCES_MAX];
static size_t			 nsources;
static char			 cache[PATH_MAX];
static int			 ifd = -1;
static int			 wds[CD_PLUGIN_DIRS_MAX];
static const struct cd_config	*conf;

static int
is_so(const char *name)
{
	size_t	n;

	n = strlen(name);
	return (n > 3 && strcmp(name + n - 3, ".so") == 0 && name[0] != '.');
}

/*
 * Workers that drop root must reach the plugin copies (and the data files
 * plugins keep beside their build outputs): every folder on the way needs
 * o+x.  Say which one does not, rather than fail at dlopen.
 */
static int
reachable(const struct cd_config *c, const char *dir, const char *what,
    char **err)
{
	char		 path[PATH_MAX], *slash;
	struct stat	 st;

	if (geteuid() != 0 || c->user[0] == '\0' || getpwnam(c->user) == NULL)
		return (CD_OK);
	if (realpath(dir, path) == NULL) {
		*err = cd_asprintf("%s: %s", dir, strerror(errno));
		return (CD_ERR);
	}
	for (;;) {
		if (stat(path, &st) == -1 || !(st.st_mode & S_IXOTH)) {
			*err = cd_asprintf("%s %s: workers run as %s and cannot "
			    "pass through %s (chmod o+x it)", what, dir,
			    c->user, path);
			return (CD_ERR);
		}
		if ((slash = strrchr(path, '/')) == NULL || slash == path)
			return (CD_OK);
		*slash = '\0';
	}
}

int
cd_plugins_init(const struct cd_config *c, char **err)
{
	conf = c;
	if ((size_t)snprintf(cache, sizeof(cache), "%s/%d", c->plugin_cache,
	    (int)getpid()) >= sizeof(cache)) {
		*err = cd_asprintf("plugin_cache path too long");
		return (CD_EINVAL);
	}
	/* Workers, perhaps unprivileged, read the copies. */
	if (cd_mkdir_p(cache, 0755, err) != CD_OK ||
	    reachable(c, cache, "plugin_cache", err) != CD_OK)
		return (CD_ERR);
	if ((ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		*err = cd_asprintf("inotify_init1: %s", strerror(errno));
		return (CD_ERR);
	}
	for (int i = 0; i < c->nplugin_dirs; i++) {
		if (cd_mkdir_p(c->plugin_dirs[i], 0755, err) != CD_OK)
			return (CD_ERR);
		if (reachable(c, c->plugin_dirs[i], "plugin dir", err) !=
		    CD_OK) {
			/* Only plugins with data files beside them need it. */
			cd_log(CD_LOG_WARN, "%s", *err);
			free(*err);
			*err = NULL;
		}
		wds[i] = inotify_add_watch(ifd, c->plugin_dirs[i],
		    IN_CLOSE_WRITE | IN_MOVED_TO);
		if (wds[i] == -1) {
			*err = cd_asprintf("inotify_add_watch %s: %s",
			    c->plugin_dirs[i], strerror(errno));
			return (CD_ERR);
		}
	}
	return (CD_OK);
}

int
cd_plugins_watch_fd(void)
{
	return (ifd);
}

/* Make a new private copy of source; *out is its entry. */
int
cd_plugins_refresh(const char *source, struct cd_psource **out)
{
	struct cd_psource	*ps;
	struct cd_pcopy		 copy;
	const char		*base;
	char			*err;
	size_t			 i;

	for (i = 0; i < nsources; i++)
		if (strcmp(sources[i].source, source) == 0)
			break;
	if (i == nsources) {
		if (nsources == SOURCES_MAX || strlen(source) >= PATH_MAX) {
			cd_log(CD_LOG_ERROR, "plugin %s ignored: more than %d "
			    "plugins or path too long", source, SOURCES_MAX);
			return (CD_ENOMEM);
		}
		memset(&sources[i], 0, sizeof(sources[i]));
		cd_strlcpy(sources[i].source, source, PATH_MAX);
		nsources++;
	}
	ps = &sources[i];
	base = strrchr(source, '/') ? strrchr(source, '/') + 1 : source;
	copy.generation = ps->next_gen + 1;
	if ((size_t)snprintf(copy.path, sizeof(copy.path), "%s/%.*s.%u.so",
	    cache, (int)(strlen(base) - 3), base, copy.generation) >=
	    sizeof(copy.path)) {
		cd_log(CD_LOG_ERROR, "plugin %s: cache path too long", source);
		return (CD_EINVAL);
	}
	if (cd_copy_file(source, copy.path, &err) != CD_OK) {
		cd_log(CD_LOG_ERROR, "plugin %s not copied: %s", source, err);
		free(err);
		return (CD_ERR);
	}
	ps->next_gen = copy.generation;
	if (ps->ncopies == CD_PCOPIES) {
		(void)unlink(ps->copies[CD_PCOPIES - 1].path);
		ps->ncopies--;
	}
	memmove(&ps->copies[1], &ps->copies[0],
	    (size_t)ps->ncopies * sizeof(ps->copies[0]));
	ps->copies[0] = copy;
	ps->ncopies++;
	*out = ps;
	return (CD_OK);
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Copy every *.so found in the plugin directories, in name order. */
int
cd_plugins_scan(void)
{
	struct cd_psource	*ps;
	struct dirent		*de;
	DIR			*d;
	char			*names[SOURCES_MAX];
	char			 path[PATH_MAX];
	size_t			 n;

	for (int i = 0; i < conf->nplugin_dirs; i++) {
		if ((d = opendir(conf->plugin_dirs[i])) == NULL) {
			cd_log(CD_LOG_WARN, "plugin dir %s: %s",
			    conf->plugin_dirs[i], strerror(errno));
			continue;
		}
		n = 0;
		while ((de = readdir(d)) != NULL && n < SOURCES_MAX)
			if (is_so(de->d_name))
				names[n++] = cd_strdup(de->d_name);
		(void)closedir(d);
		qsort(names, n, sizeof(names[0]), name_cmp);
		for (size_t j = 0; j < n; j++) {
			if ((size_t)snprintf(path, sizeof(path), "%s/%s",
			    conf->plugin_dirs[i], names[j]) < sizeof(path))
				(void)cd_plugins_refresh(path, &ps);
			free(names[j]);
		}
	}
	return (CD_OK);
}

/*
 * Drain inotify; copy each rebuilt .so once and return its entry in
 * out[] (at most max).  *n gets how many.
 */
int
cd_plugins_on_event(struct cd_psource **out, size_t max, size_t *n)
{
	char				 buf[8192], path[PATH_MAX];
	char				 seen[16][PATH_MAX];
	const struct inotify_event	*ev;
	struct cd_psource		*ps;
	size_t				 nseen, k;
	ssize_t				 r;

	nseen = 0;
	while ((r = read(ifd, buf, sizeof(buf))) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		for (char *p = buf; p < buf + r; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			if (ev->len == 0 || !is_so(ev->name))
				continue;
			for (int i = 0; i < conf->nplugin_dirs; i++) {
				if (wds[i] != ev->wd ||
				    (size_t)snprintf(path, sizeof(path),
				    "%s/%s", conf->plugin_dirs[i], ev->name) >=
				    sizeof(path))
					continue;
				for (k = 0; k < nseen && strcmp(seen[k], path);
				    k++)
					;
				if (k == nseen && nseen < 16)
					memcpy(seen[nseen++], path,
					    sizeof(path));
			}
		}
	}
	*n = 0;
	for (k = 0; k < nseen && *n < max; k++)
		if (cd_plugins_refresh(seen[k], &ps) == CD_OK)
			out[(*n)++] = ps;
	return (CD_OK);
}

const struct cd_psource *
cd_plugins_at(size_t i)
{
	return (i < nsources ? &sources[i] : NULL);
}

size_t
cd_plugins_count(void)
{
	return (nsources);
}

/* Remove this master's private copies. */
void
cd_plugins_cleanup(void)
{
	for (size_t i = 0; i < nsources; i++)
		for (int j = 0; j < sources[i].ncopies; j++)
			(void)unlink(sources[i].copies[j].path);
	nsources = 0;
	if (cache[0] != '\0')
		(void)rmdir(cache);
	if (ifd != -1)
		(void)close(ifd);
	ifd = -1;
}
