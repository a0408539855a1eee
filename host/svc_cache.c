/*
 * The cache service: Redis keys under cd:c:<company>:p:<plugin>:, so a
 * plugin reaches only its own keys of its caller's company.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>

#include "cd.h"

static int
cache_key(const struct cd_req *r, const char *key, char *out, size_t len)
{
	if (key == NULL || key[0] == '\0' || strlen(key) > 200)
		return (CD_EINVAL);
	snprintf(out, len, "cd:c:%s:p:%s:%s", r->company[0] ? r->company :
	    "public", r->gen ? r->gen->name : "host", key);
	return (CD_OK);
}

int
cd_cache_get(struct cd_req *r, const char *key, char **val, size_t *len)
{
	redisReply	*rep;
	char		 k[320];
	int		 rc;

	*val = NULL;
	*len = 0;
	if ((rc = cache_key(r, key, k, sizeof(k))) != CD_OK)
		return (rc);
	if ((rep = cd_redis_cmd("GET %s", k)) == NULL)
		return (CD_EUNAVAIL);
	rc = CD_ENOTFOUND;
	if (rep->type == REDIS_REPLY_STRING) {
		*val = cd_malloc(rep->len + 1);
		memcpy(*val, rep->str, rep->len);
		(*val)[rep->len] = '\0';
		*len = rep->len;
		rc = CD_OK;
	}
	freeReplyObject(rep);
	return (rc);
}

int
cd_cache_set(struct cd_req *r, const char *key, const void *val, size_t len,
    int ttl)
{
	redisReply	*rep;
	char		 k[320];
	int		 rc;

	if (ttl < 1 || ttl > 86400 || (val == NULL && len > 0))
		return (CD_EINVAL);
	if ((rc = cache_key(r, key, k, sizeof(k))) != CD_OK)
		return (rc);
	if ((rep = cd_redis_cmd("SET %s %b EX %d", k, val ? val : "", len,
	    ttl)) == NULL)
		return (CD_EUNAVAIL);
	freeReplyObject(rep);
	return (CD_OK);
}

int
cd_cache_del(struct cd_req *r, const char *key)
{
	redisReply	*rep;
	char		 k[320];
	int		 rc;

	if ((rc = cache_key(r, key, k, sizeof(k))) != CD_OK)
		return (rc);
	if ((rep = cd_redis_cmd("DEL %s", k)) == NULL)
		return (CD_EUNAVAIL);
	freeReplyObject(rep);
	return (CD_OK);
}

int
cd_cache_incr(struct cd_req *r, const char *key, int ttl, long long *out)
{
	redisReply	*rep;
	char		 k[320];
	int		 rc;

	if (ttl < 1 || ttl > 86400)
		return (CD_EINVAL);
	if ((rc = cache_key(r, key, k, sizeof(k))) != CD_OK)
		return (rc);
	if ((rep = cd_redis_cmd("INCR %s", k)) == NULL)
		return (CD_EUNAVAIL);
	*out = rep->type == REDIS_REPLY_INTEGER ? rep->integer : 0;
	freeReplyObject(rep);
	if (*out == 1 && (rep = cd_redis_cmd("EXPIRE %s %d", k, ttl)) != NULL)
		freeReplyObject(rep);
	return (CD_OK);
}
