/*
 * Redis through hiredis: cache entries and login-failure counters.  Each
 * HTTP thread owns one connection with short timeouts.  When Redis is
 * unreachable every call fails at once with CD_EUNAVAIL (callers serve
 * uncached), one attempt to reconnect is made every REDIS_RETRY seconds,
 * and the outage is logged once for the whole host: the first worker to
 * notice flips a shared flag.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>

#include "cd.h"

#define REDIS_RETRY	1.0

static const struct cd_config	*conf;
static char			 host[256];
static char			 user[128], password[256];
static int			 port;
static _Thread_local redisContext *ctx;
static _Thread_local double	 next_try;

/*
 * Accepts redis://HOST:PORT, and with Redis's AUTH redis://:PASSWORD@HOST:PORT
 * or redis://USER:PASSWORD@HOST:PORT (no database number).  The password
 * is never written to a message.
 */
int
cd_redis_init(const struct cd_config *c, char **err)
{
	const char	*u, *at, *colon, *sep;

	conf = c;
	u = c->redis_url;
	user[0] = password[0] = '\0';
	if (u[0] == '\0')
		return (CD_OK);
	if (strncmp(u, "redis://", 8) != 0)
		goto bad;
	u += 8;
	if ((at = strrchr(u, '@')) != NULL) {
		if ((sep = memchr(u, ':', (size_t)(at - u))) == NULL ||
		    (size_t)(sep - u) >= sizeof(user) ||
		    (size_t)(at - sep - 1) >= sizeof(password) || at == sep + 1)
			goto bad;
		memcpy(user, u, (size_t)(sep - u));
		user[sep - u] = '\0';
		memcpy(password, sep + 1, (size_t)(at - sep - 1));
		password[at - sep - 1] = '\0';
		u = at + 1;
	}
	if ((colon = strrchr(u, ':')) == NULL || colon == u ||
	    (size_t)(colon - u) >= sizeof(host) ||
	    (port = atoi(colon + 1)) <= 0 || port > 65535)
		goto bad;
	memcpy(host, u, (size_t)(colon - u));
	host[colon - u] = '\0';
	return (CD_OK);
bad:
	*err = cd_asprintf("redis_url must be redis://HOST:PORT or "
	    "redis://[USER]:PASSWORD@HOST:PORT");
	return (CD_EINVAL);
}

int
cd_redis_configured(void)
{
	return (conf != NULL && conf->redis_url[0] != '\0');
}

static void
redis_down(const char *reason)
{
	char	why[128];

	/* reason may live inside ctx: copy it before freeing. */
	cd_strlcpy(why, reason, sizeof(why));
	if (ctx != NULL)
		redisFree(ctx);
	ctx = NULL;
	next_try = cd_now_mono() + REDIS_RETRY;
	if (cd_metrics_dependency(CD_DEP_REDIS, 0))
		cd_log(CD_LOG_WARN, "redis unreachable (%s): serving uncached "
		    "until it returns", why);
}

/* AUTH on a new connection; the reason of a refusal, never the password. */
static int
redis_auth(void)
{
	redisReply	*rep;
	char		 why[96];

	rep = user[0] != '\0' ? redisCommand(ctx, "AUTH %s %s", user, password) :
	    redisCommand(ctx, "AUTH %s", password);
	if (rep == NULL) {
		redis_down(ctx->errstr);
		return (0);
	}
	if (rep->type == REDIS_REPLY_ERROR) {
		snprintf(why, sizeof(why), "AUTH refused: %.70s", rep->str);
		freeReplyObject(rep);
		redis_down(why);
		return (0);
	}
	freeReplyObject(rep);
	return (1);
}

static redisContext *
redis_conn(void)
{
	struct timeval	tv;

	if (!cd_redis_configured())
		return (NULL);
	if (ctx != NULL)
		return (ctx);
	if (cd_now_mono() < next_try)
		return (NULL);
	tv.tv_sec = conf->redis_timeout_ms / 1000;
	tv.tv_usec = (conf->redis_timeout_ms % 1000) * 1000;
	ctx = redisConnectWithTimeout(host, port, tv);
	if (ctx == NULL || ctx->err) {
		redis_down(ctx ? ctx->errstr : "out of memory");
		return (NULL);
	}
	if (redisSetTimeout(ctx, tv) != REDIS_OK) {
		redis_down("cannot set timeout");
		return (NULL);
	}
	if (password[0] != '\0' && !redis_auth())
		return (NULL);
	if (cd_metrics_dependency(CD_DEP_REDIS, 1))
		cd_log(CD_LOG_INFO, "redis reachable again: caching resumes");
	return (ctx);
}

/*
 * Run one command (hiredis format, arguments bound with %s/%b, never
 * pasted into the text).  Returns the reply for the caller to free with
 * freeReplyObject, or NULL when Redis is unavailable or answered an error.
 */
redisReply *
cd_redis_cmd(const char *fmt, ...)
{
	redisContext	*c;
	redisReply	*rep;
	va_list		 ap;
	int		 fresh;

	for (int attempt = 0;; attempt++) {
		fresh = ctx == NULL;
		if ((c = redis_conn()) == NULL)
			return (NULL);
		va_start(ap, fmt);
		rep = redisvCommand(c, fmt, ap);
		va_end(ap);
		if (rep != NULL)
			break;
		/* A connection Redis dropped (a restart): one fresh try now. */
		if (!fresh && attempt == 0) {
			redisFree(ctx);
			ctx = NULL;
			continue;
		}
		redis_down(c->errstr);
		return (NULL);
	}
	if (rep->type == REDIS_REPLY_ERROR) {
		cd_log(CD_LOG_ERROR, "redis: %s", rep->str);
		freeReplyObject(rep);
		return (NULL);
	}
	return (rep);
}

/* Is Redis answering from this thread? */
int
cd_redis_ping(void)
{
	redisReply	*rep;

	if ((rep = cd_redis_cmd("PING")) == NULL)
		return (CD_EUNAVAIL);
	freeReplyObject(rep);
	return (CD_OK);
}

/*
 * A company's generation counter `what` (cd:c:<company>:<what>): moved
 * after every commit that changes what it guards, so whatever was cached
 * under an older value is never served again.  -1 when Redis is away.
 */
long long
cd_redis_generation(const char *company, const char *what)
{
	redisReply	*rep;
	long long	 g = -1;

	if ((rep = cd_redis_cmd("GET cd:c:%s:%s", company, what)) == NULL)
		return (-1);
	if (rep->type == REDIS_REPLY_NIL)
		g = 0;
	else if (rep->type == REDIS_REPLY_STRING)
		g = atoll(rep->str);
	freeReplyObject(rep);
	return (g);
}

/* Move it on; without Redis nothing is cached, so nothing to do. */
void
cd_redis_generation_bump(const char *company, const char *what)
{
	redisReply	*rep;

	if ((rep = cd_redis_cmd("INCR cd:c:%s:%s", company, what)) != NULL)
		freeReplyObject(rep);
}
