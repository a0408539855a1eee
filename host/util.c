/*
 * Small helpers: allocation that succeeds or aborts, bounded strings,
 * clocks and file copying.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"

void *
cd_malloc(size_t len)
{
	void	*p;

	if ((p = malloc(len == 0 ? 1 : len)) == NULL)
		cd_fatal("out of memory (%zu bytes)", len);
	return (p);
}

void *
cd_calloc(size_t n, size_t len)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, len == 0 ? 1 : len)) == NULL)
		cd_fatal("out of memory (%zu x %zu bytes)", n, len);
	return (p);
}

void *
cd_realloc(void *old, size_t len)
{
	void	*p;

	if ((p = realloc(old, len == 0 ? 1 : len)) == NULL)
		cd_fatal("out of memory (%zu bytes)", len);
	return (p);
}

char *
cd_strdup(const char *s)
{
	size_t	 len;
	char	*p;

	len = strlen(s) + 1;
	p = cd_malloc(len);
	memcpy(p, s, len);
	return (p);
}

char *
cd_asprintf(const char *fmt, ...)
{
	va_list	 ap;
	int	 len;
	char	*p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		cd_fatal("cd_asprintf: bad format");
	p = cd_malloc((size_t)len + 1);
	va_start(ap, fmt);
	(void)vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return (p);
}

size_t
cd_strlcpy(char *dst, const char *src, size_t size)
{
	size_t	len;

	len = strlen(src);
	if (size > 0) {
		size_t n = len >= size ? size - 1 : len;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}

/*
 * The length of the valid UTF-8 sequence at s (at most n bytes), or 0.
 * RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
size_t
cd_utf8_len(const unsigned char *s, size_t n)
{
	size_t	len;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return (0);
	if (n < len)
		return (0);
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return (0);
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return (0);
	return (len);
}

/* Is the string s valid UTF-8 throughout? */
int
cd_utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), len;

	for (; n > 0; p += len, n -= len)
		if ((len = *p < 0x80 ? 1 : cd_utf8_len(p, n)) == 0)
			return (0);
	return (1);
}

/* Drop from s, in place, every byte that is not part of valid UTF-8. */
void
cd_utf8_scrub(char *s)
{
	unsigned char	*in = (unsigned char *)s, *out = in;
	size_t		 n = strlen(s), len;

	while (n > 0) {
		len = *in < 0x80 ? 1 : cd_utf8_len(in, n);
		if (len > 0) {
			memmove(out, in, len);
			out += len;
		}
		in += len > 0 ? len : 1;
		n -= len > 0 ? len : 1;
	}
	*out = '\0';
}

double
cd_now_mono(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

double
cd_now_real(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Copy src to dst through a temporary name, so dst appears whole or not at all. */
int
cd_copy_file(const char *src, const char *dst, char **err)
{
	char	 tmp[PATH_MAX], buf[65536];
	int	 in, out, rc;
	ssize_t	 r;

	rc = CD_ERR;
	in = out = -1;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", dst) >= sizeof(tmp)) {
		*err = cd_asprintf("path too long: %s", dst);
		return (CD_EINVAL);
	}
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1) {
		*err = cd_asprintf("open %s: %s", src, strerror(errno));
		goto cleanup;
	}
	/* Readable by the workers' unprivileged user. */
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0755)) == -1) {
		*err = cd_asprintf("open %s: %s", tmp, strerror(errno));
		goto cleanup;
	}
	while ((r = read(in, buf, sizeof(buf))) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			*err = cd_asprintf("read %s: %s", src, strerror(errno));
			goto cleanup;
		}
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));
			if (w == -1 && errno == EINTR)
				continue;
			if (w == -1) {
				*err = cd_asprintf("write %s: %s", tmp,
				    strerror(errno));
				goto cleanup;
			}
			off += w;
		}
	}
	if (close(out) == -1) {
		out = -1;
		*err = cd_asprintf("close %s: %s", tmp, strerror(errno));
		goto cleanup;
	}
	out = -1;
	if (rename(tmp, dst) == -1) {
		*err = cd_asprintf("rename %s: %s", dst, strerror(errno));
		goto cleanup;
	}
	rc = CD_OK;

cleanup:
	if (in != -1)
		(void)close(in);
	if (out != -1)
		(void)close(out);
	if (rc != CD_OK)
		(void)unlink(tmp);
	return (rc);
}

int
cd_mkdir_p(const char *path, int mode, char **err)
{
	char	buf[PATH_MAX], *p;

	if (cd_strlcpy(buf, path, sizeof(buf)) >= sizeof(buf)) {
		*err = cd_asprintf("path too long: %s", path);
		return (CD_EINVAL);
	}
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, (mode_t)mode) == -1 && errno != EEXIST) {
			*err = cd_asprintf("mkdir %s: %s", buf, strerror(errno));
			return (CD_ERR);
		}
		if ((*p = c) == '\0')
			break;
	}
	return (CD_OK);
}

/* A whole file of at most max bytes, NUL-terminated; *err says why not. */
char *
cd_file_read(const char *path, size_t max, size_t *len, char **err)
{
	FILE	*fp;
	char	*buf;
	long	 n;

	if ((fp = fopen(path, "r")) == NULL) {
		*err = cd_asprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0 ||
	    (size_t)n > max || fseek(fp, 0, SEEK_SET) == -1) {
		*err = cd_asprintf("%s: unreadable or larger than %zu bytes",
		    path, max);
		(void)fclose(fp);
		return (NULL);
	}
	buf = cd_malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		*err = cd_asprintf("%s: short read", path);
		(void)fclose(fp);
		free(buf);
		return (NULL);
	}
	(void)fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return (buf);
}

void
cd_fatal(const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cd_log(CD_LOG_ERROR, "fatal: %s", msg);
	exit(1);
}
