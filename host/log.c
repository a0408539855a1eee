/*
 * Structured logs: one JSON object per line on standard output, written
 * with a single write(2) so lines from threads and workers never interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"

#define LINE_MAX_LEN	2048

static int	log_level = CD_LOG_INFO;
static int	log_access = 1;

static const char *level_names[] = { "debug", "info", "warn", "error" };

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
	/* A log line that cannot be written has nowhere else to go. */
	if (write(STDOUT_FILENO, line, (size_t)n + 1) == -1)
		return;
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

	if (!log_access)
		return;
	(void)cd_json_escape(p, sizeof(p), path);
	(void)cd_json_escape(r, sizeof(r), route ? route : "");
	(void)cd_json_escape(m, sizeof(m), method);
	(void)cd_json_escape(id, sizeof(id), rid);
	(void)log_stamp(ts, sizeof(ts));
	log_write(line, snprintf(line, LINE_MAX_LEN,
	    "{\"ts\":\"%s\",\"level\":\"info\",\"pid\":%d,\"msg\":\"request\","
	    "\"rid\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"route\":\"%s\","
	    "\"status\":%d,\"ms\":%.3f,\"bytes\":%zu}", ts, (int)getpid(), id,
	    m, p, r, status, secs * 1000.0, bytes));
}
