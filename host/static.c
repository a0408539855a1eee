/*
 * The dashboard: the production build in dashboard_dir, served at every
 * path outside /api and /metrics.  A path without a file extension that
 * names no file is a client-side route and gets index.html (SPA fallback).
 * Hashed files under /assets/ never change, so they are cached for a year;
 * index.html is revalidated every time.  A NAME.br or NAME.gz written beside
 * NAME at build time is sent when the client accepts that encoding.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cd.h"

#define IMMUTABLE	"public, max-age=31536000, immutable"
#define REVALIDATE	"no-cache"

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
};

/* Whether a request path is the dashboard's rather than the API's. */
int
cd_static_path(const char *path)
{
	if (cd_conf->dashboard_dir[0] == '\0')
		return (0);
	return (strcmp(path, "/api") != 0 && strncmp(path, "/api/", 5) != 0 &&
	    strcmp(path, "/metrics") != 0);
}

/* The q-value of one Accept-Encoding entry's parameters ("" is 1). */
static double
qvalue(const char *params, const char *end)
{
	while (params < end && (*params == ';' || *params == ' ' ||
	    *params == '\t'))
		params++;
	if (end - params >= 2 && (params[0] == 'q' || params[0] == 'Q') &&
	    params[1] == '=')
		return (strtod(params + 2, NULL));
	return (1.0);
}

/*
 * Whether an Accept-Encoding header value accepts coding: named with a
 * q-value above 0, or not named and "*" is.
 */
int
cd_static_accepts(const char *header, const char *coding)
{
	const char	*p, *end, *semi;
	size_t		 n, clen;
	double		 star = 0.0;

	if (header == NULL)
		return (0);
	clen = strlen(coding);
	for (p = header; *p != '\0'; p = *end ? end + 1 : end) {
		while (*p == ' ' || *p == '\t')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		semi = memchr(p, ';', (size_t)(end - p));
		n = (size_t)((semi ? semi : end) - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == clen && strncasecmp(p, coding, n) == 0)
			return (qvalue(semi ? semi : end, end) > 0.0);
		if (n == 1 && *p == '*')
			star = qvalue(semi ? semi : end, end);
	}
	return (star > 0.0);
}

/* Only plain segments: no "..", no hidden files, no backslash or "//". */
static int
safe(const char *path)
{
	const char	*s;

	if (path[0] != '/' || strchr(path, '\\') != NULL)
		return (0);
	for (s = path; s != NULL; s = strchr(s + 1, '/'))
		if (s[1] == '.' || s[1] == '/')
			return (0);
	return (1);
}

static const char *
type_of(const char *path)
{
	const char	*dot = strrchr(path, '.');

	for (size_t i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]);
	    i++)
		if (strcmp(dot, types[i].ext) == 0)
			return (types[i].type);
	return ("application/octet-stream");
}

/* Open dir/path(suffix) when it is a regular file. */
static int
open_file(const char *path, const char *suffix, int *fd, off_t *size)
{
	char		full[PATH_MAX];
	struct stat	st;

	if ((size_t)snprintf(full, sizeof(full), "%s%s%s",
	    cd_conf->dashboard_dir, path, suffix) >= sizeof(full))
		return (CD_ENOTFOUND);
	if ((*fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return (CD_ENOTFOUND);
	if (fstat(*fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		(void)close(*fd);
		return (CD_ENOTFOUND);
	}
	*size = st.st_size;
	return (CD_OK);
}

/*
 * The file for a request path, in the best encoding the client accepts
 * (accept: its Accept-Encoding, may be NULL).  CD_ENOTFOUND when there is
 * none; then out->fd is -1.
 */
int
cd_static_find(const char *path, const char *accept, struct cd_static *out)
{
	static const char *const codings[][2] = {
		{ "br", ".br" }, { "gzip", ".gz" },
	};
	const char	*last;
	int		 fd;
	off_t		 size;

	out->fd = -1;
	out->encoding = NULL;
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	if (!safe(path))
		return (CD_ENOTFOUND);
	if (open_file(path, "", &fd, &size) != CD_OK) {
		last = strrchr(path, '/');
		if (strchr(last, '.') != NULL ||
		    open_file("/index.html", "", &fd, &size) != CD_OK)
			return (CD_ENOTFOUND);
		path = "/index.html";
	}
	out->fd = fd;
	out->size = size;
	out->type = type_of(path);
	out->cache = strncmp(path, "/assets/", 8) == 0 ? IMMUTABLE : REVALIDATE;
	for (size_t i = 0; i < sizeof(codings) / sizeof(codings[0]); i++) {
		if (!cd_static_accepts(accept, codings[i][0]) ||
		    open_file(path, codings[i][1], &fd, &size) != CD_OK)
			continue;
		(void)close(out->fd);
		out->fd = fd;
		out->size = size;
		out->encoding = codings[i][0];
		break;
	}
	return (CD_OK);
}
