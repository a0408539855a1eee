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

void
cd_log_init(int level, int access)
{
	log_level = level;
	log_access = access;
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
	return ((size_t)snprintf(buf, len, "%s.%03dZ", prefix,
	    (int)(ts.tv_nsec / 1000000) % 1000));
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
	    ts, level_names[level], (int)getpid(), esc));
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
	    (int)getpid(), p, r, esc));
}

void
cd_log_access(const char *rid, const char *method, const char *path,
    const char *route, int status, double secs, size_t bytes)
{
	char	line[LINE_MAX_LEN + 1], p[1024], r[256], m[32], id[64], ts[64];
	int	n;

	if (!log_access)
		return;
	(void)cd_json_escape(p, sizeof(p), path);
	(void)cd_json_escape(r, sizeof(r), route ? route : "");
	(void)cd_json_escape(m, sizeof(m), method);
	(void)cd_json_escape(id, sizeof(id), rid);
	(void)log_stamp(ts, sizeof(ts));
	n = snprintf(line, LINE_MAX_LEN,
	    "{\"ts\":\"%s\",\"level\":\"info\",\"pid\":%d,\"msg\":\"request\","
	    "\"rid\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"route\":\"%s\","
	    "\"status\":%d,\"us\":%ld,\"bytes\":%zu}\n", ts, (int)getpid(), id,
	    m, p, r, status, (long)(secs * 1e6), bytes);
	if (n > 0 && n < LINE_MAX_LEN)
		log_buffered(line, (size_t)n);
}
