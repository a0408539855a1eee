/*
 * Route patterns: "/api/frameworks/{id}/catalog".  A {name} segment
 * matches one non-empty path segment; every other segment matches itself.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"

static const char *methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };

int
cd_route_valid(const char *method, const char *pattern, char **err)
{
	int		ok, nparams;
	const char	*p;

	ok = 0;
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (method != NULL && strcmp(method, methods[i]) == 0)
			ok = 1;
	if (!ok) {
		*err = cd_asprintf("bad method '%s'", method ? method : "(null)");
		return (CD_EINVAL);
	}
	if (pattern == NULL || pattern[0] != '/' || strlen(pattern) > 100) {
		*err = cd_asprintf("pattern must start with '/' and be at most "
		    "100 characters");
		return (CD_EINVAL);
	}
	nparams = 0;
	for (p = pattern; *p != '\0'; p++) {
		if (*p == '/' && (p[1] == '/' || (p[1] == '\0' && p != pattern)))
			goto bad;
		if (*p == '{') {
			const char *end = strchr(p, '}');
			if (p[-1] != '/' || end == NULL || end == p + 1 ||
			    (end[1] != '/' && end[1] != '\0') ||
			    ++nparams > CD_PARAMS_MAX)
				goto bad;
			for (const char *q = p + 1; q < end; q++)
				if (!isalnum((unsigned char)*q) && *q != '_')
					goto bad;
			p = end;
		} else if (!isalnum((unsigned char)*p) && strchr("/-_.", *p) ==
		    NULL)
			goto bad;
	}
	return (CD_OK);
bad:
	*err = cd_asprintf("bad pattern '%s'", pattern);
	return (CD_EINVAL);
}

static int
route_walk(const char *p, const char *s, struct cd_params *params)
{
	size_t	plen, slen;

	for (;;) {
		if (*p != '/' || *s != '/')
			return (*p == '\0' && *s == '\0');
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (*p == '{') {
			if (slen == 0)
				return (0);
			if (params != NULL) {
				int n = params->n;
				params->name[n] = strndup(p + 1, plen - 2);
				params->value[n] = strndup(s, slen);
				if (params->name[n] == NULL ||
				    params->value[n] == NULL)
					cd_fatal("out of memory");
				params->n = n + 1;
			}
		} else if (plen != slen || memcmp(p, s, plen) != 0)
			return (0);
		p += plen;
		s += slen;
	}
}

/*
 * Match path against pattern.  On a match, params (when not NULL) holds a
 * copy of each {name} and its segment, for the caller to clean up; on no
 * match it is left empty.
 */
int
cd_route_match(const char *pattern, const char *path, struct cd_params *params)
{
	if (params != NULL)
		params->n = 0;
	if (route_walk(pattern, path, params))
		return (1);
	cd_params_cleanup(params);
	return (0);
}

void
cd_params_cleanup(struct cd_params *params)
{
	if (params == NULL)
		return;
	for (int i = 0; i < params->n; i++) {
		free(params->name[i]);
		free(params->value[i]);
	}
	params->n = 0;
}
