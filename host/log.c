/*
 * Structured logs: one JSON object per line on standard output.  Event
 * lines go out at once with a single write(2), so lines from threads and
 * workers never interleave.  Access lines, one per request, collect in a
 * per-thread buffer that cd_log_flush() (the worker's main thread, every
 * 50 ms) or a full buffer writes out whole: a syscall per request was a
 * fifth of the host's cost.  A crashing worker loses at most its last
 * 50 ms of access lines.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"

#define LINE_MAX_LEN	2048

#define ABUF_SIZE	32768

struct abuf {
	pthread_mutex_t	 lock;		/* the owner thread and the flusher */
	size_t		 len;
	struct abuf	*next;
	char		 data[ABUF_SIZE];
};

static int			 log_level = CD_LOG_INFO;
static pid_t			 log_pid;	/* getpid() is a syscall */
static int			 log_access = 1;
static pthread_mutex_t		 abufs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct abuf		*abufs;
static _Thread_local struct abuf *mine;

static const char *level_names[] = { "debug", "info", "warn", "error" };

static void
log_out(const char *p, size_t len)
{
	/* A log line that cannot be written has nowhere else to go. */
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, p, len);
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

static void
log_forked(void)
{
	log_pid = getpid();
}

void
cd_log_init(int level, int access)
{
	static int	registered;

	log_level = level;
	log_access = access;
	log_pid = getpid();
	if (!registered && pthread_atfork(NULL, NULL, log_forked) == 0)
		registered = 1;
}

/* Escape s into dst as JSON string content; always NUL-terminates. */
size_t
cd_json_escape(char *dst, size_t len, const char *s)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			j;

	if (len == 0)
		return (0);
	for (j = 0; *s != '\0' && j + 7 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			dst[j++] = '\\';
			dst[j++] = (char)c;
		} else if (c < 0x20) {
			memcpy(dst + j, "\\u00", 4);
			dst[j + 4] = hex[c >> 4];
			dst[j + 5] = hex[c & 0xf];
			j += 6;
		} else
			dst[j++] = (char)c;
	}
	dst[j] = '\0';
	return (j);
}

/* Thread-local cache of the formatted second; only milliseconds change. */
static size_t
log_stamp(char *buf, size_t len)
{
	static _Thread_local time_t	last;
	static _Thread_local char	prefix[24];
	struct timespec			ts;
	struct tm			tm;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != last) {
		last = ts.tv_sec;
		(void)gmtime_r(&last, &tm);
		(void)strftime(prefix, sizeof(prefix), "%Y-%m-%dT%H:%M:%S", &tm);
	}
	int ms = (int)(ts.tv_nsec / 1000000) % 1000;
	size_t n = cd_strlcpy(buf, prefix, len);
	if (n + 6 > len)
		return (0);
	buf[n++] = '.';
	buf[n++] = (char)('0' + ms / 100);
	buf[n++] = (char)('0' + ms / 10 % 10);
	buf[n++] = (char)('0' + ms % 10);
	buf[n++] = 'Z';
	buf[n] = '\0';
	return (n);
}

static void
log_write(char *line, int n)
{
	if (n < 0)
		return;
	if ((size_t)n >= LINE_MAX_LEN) {
		n = LINE_MAX_LEN - 1;
		line[n - 2] = '"';
		line[n - 1] = '}';
		line[n] = '\0';
	}
	line[n] = '\n';
	log_out(line, (size_t)n + 1);
}

/* Write out every thread's access lines. */
void
cd_log_flush(void)
{
	(void)pthread_mutex_lock(&abufs_lock);
	for (struct abuf *b = abufs; b != NULL; b = b->next) {
		(void)pthread_mutex_lock(&b->lock);
		log_out(b->data, b->len);
		b->len = 0;
		(void)pthread_mutex_unlock(&b->lock);
	}
	(void)pthread_mutex_unlock(&abufs_lock);
}

static void
log_buffered(const char *line, size_t len)
{
	if (mine == NULL) {
		mine = cd_calloc(1, sizeof(*mine));
		(void)pthread_mutex_init(&mine->lock, NULL);
		(void)pthread_mutex_lock(&abufs_lock);
		mine->next = abufs;
		abufs = mine;
		(void)pthread_mutex_unlock(&abufs_lock);
	}
	(void)pthread_mutex_lock(&mine->lock);
	if (mine->len + len > ABUF_SIZE) {
		log_out(mine->data, mine->len);
		mine->len = 0;
	}
	memcpy(mine->data + mine->len, line, len);
	mine->len += len;
	(void)pthread_mutex_unlock(&mine->lock);
}

void
cd_log(int level, const char *fmt, ...)
{
	char	line[LINE_MAX_LEN + 1], msg[1024], esc[1536], ts[64];
	va_list	ap;

	if (level < log_level)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)cd_json_escape(esc, sizeof(esc), msg);
	(void)log_stamp(ts, sizeof(ts));
	log_write(line, snprintf(line, LINE_MAX_LEN,
	    "{\"ts\":\"%s\",\"level\":\"%s\",\"pid\":%d,\"msg\":\"%s\"}",
	    ts, level_names[level], (int)(log_pid ? log_pid : getpid()), esc));
}

void
cd_log_plugin(const char *plugin, const char *rid, int level, const char *msg)
{
	char	line[LINE_MAX_LEN + 1], esc[1536], p[160], r[64], ts[64];

	if (level < CD_LOG_DEBUG || level > CD_LOG_ERROR || level < log_level)
		return;
	(void)cd_json_escape(esc, sizeof(esc), msg);
	(void)cd_json_escape(p, sizeof(p), plugin);
	(void)cd_json_escape(r, sizeof(r), rid ? rid : "");
	(void)log_stamp(ts, sizeof(ts));
	log_write(line, snprintf(line, LINE_MAX_LEN,
	    "{\"ts\":\"%s\",\"level\":\"%s\",\"pid\":%d,\"plugin\":\"%s\","
	    "\"rid\":\"%s\",\"msg\":\"%s\"}", ts, level_names[level],
	    (int)(log_pid ? log_pid : getpid()), p, r, esc));
}

/* A bounded line builder for the access log: no printf on the hot path. */
struct line {
	char	*p;
	char	*end;
};

static void
line_str(struct line *l, const char *s)
{
	size_t	n = strlen(s);

	if (n > (size_t)(l->end - l->p))
		n = (size_t)(l->end - l->p);
	memcpy(l->p, s, n);
	l->p += n;
}

static void
line_uint(struct line *l, unsigned long long v)
{
	char	buf[24], *q = buf + sizeof(buf);

	*--q = '\0';
	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	line_str(l, q);
}

/*
 * One access line.  Method, route and request id are known to need no
 * escaping (the router and http.c allow only plain characters); the path
 * is escaped.
 */
void
cd_log_access(const char *rid, const char *method, const char *path,
    const char *route, int status, double secs, size_t bytes)
{
	char		buf[LINE_MAX_LEN + 1], esc[1024], ts[64];
	struct line	l = { buf, buf + LINE_MAX_LEN - 1 };

	if (!log_access)
		return;
	(void)cd_json_escape(esc, sizeof(esc), path);
	(void)log_stamp(ts, sizeof(ts));
	line_str(&l, "{\"ts\":\"");
	line_str(&l, ts);
	line_str(&l, "\",\"level\":\"info\",\"pid\":");
	line_uint(&l, (unsigned long long)log_pid);
	line_str(&l, ",\"msg\":\"request\",\"rid\":\"");
	line_str(&l, rid);
	line_str(&l, "\",\"method\":\"");
	line_str(&l, method);
	line_str(&l, "\",\"path\":\"");
	line_str(&l, esc);
	line_str(&l, "\",\"route\":\"");
	line_str(&l, route ? route : "");
	line_str(&l, "\",\"status\":");
	line_uint(&l, (unsigned long long)status);
	line_str(&l, ",\"us\":");
	line_uint(&l, (unsigned long long)(secs * 1e6));
	line_str(&l, ",\"bytes\":");
	line_uint(&l, (unsigned long long)bytes);
	line_str(&l, "}\n");
	log_buffered(buf, (size_t)(l.p - buf));
}
