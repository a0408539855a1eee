/*
 * A JSON text writer for the answers on the hot path (POST
 * /api/calculate): the text goes straight into one buffer, where
 * building a jansson tree and dumping it cost more than the calculation
 * (jansson checks every container for loops through a hash of its
 * address and walks strings a code point at a time).
 *
 * It writes what json_dumps(..., JSON_COMPACT) writes for the same
 * values: reals as "%.17g" with ".0" added to integral values and the
 * exponent without '+' or leading zeros, "/" unescaped.  Invalid UTF-8,
 * which jansson would refuse, becomes U+FFFD, so the text is always
 * valid JSON.  tests/unit/check_jsonw.c holds the two to the same text.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"

void
cd_jsonw_init(struct cd_jsonw *w, size_t hint)
{
	memset(w, 0, sizeof(*w));
	w->b.cap = hint > 0 ? hint : 256;
	w->b.p = cd_malloc(w->b.cap);
	w->b.p[0] = '\0';
}

void
cd_jsonw_cleanup(struct cd_jsonw *w)
{
	cd_buf_free(&w->b);
}

/* Empty w for another text, keeping its buffer. */
void
cd_jsonw_reset(struct cd_jsonw *w)
{
	w->b.len = 0;
	w->b.p[0] = '\0';
	w->comma = 0;
}

/* The text (NUL-terminated) and its length; the caller frees it. */
char *
cd_jsonw_release(struct cd_jsonw *w, size_t *len)
{
	char	*p = w->b.p;

	*len = w->b.len;
	memset(w, 0, sizeof(*w));
	return (p);
}

static void
jsonw_raw(struct cd_jsonw *w, const char *s, size_t n)
{
	cd_buf_add(&w->b, s, n);
}

/* A value is next: a comma when one came before it at this level. */
static void
jsonw_value(struct cd_jsonw *w)
{
	if (w->comma)
		jsonw_raw(w, ",", 1);
	w->comma = 1;
}

void
cd_jsonw_open(struct cd_jsonw *w, char bracket)
{
	jsonw_value(w);
	jsonw_raw(w, &bracket, 1);
	w->comma = 0;
}

void
cd_jsonw_close(struct cd_jsonw *w, char bracket)
{
	jsonw_raw(w, &bracket, 1);
	w->comma = 1;
}

static void
jsonw_escaped(struct cd_jsonw *w, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 n = strlen(str), run, len;
	char			 esc[8];

	jsonw_raw(w, "\"", 1);
	while (n > 0) {
		for (run = 0; run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		    s[run] != '"' && s[run] != '\\'; run++)
			;
		jsonw_raw(w, (const char *)s, run);
		s += run;
		n -= run;
		if (n == 0)
			break;
		if (*s >= 0x80) {
			if ((len = cd_utf8_len(s, n)) > 0)
				jsonw_raw(w, (const char *)s, len);
			else {
				jsonw_raw(w, "\xef\xbf\xbd", 3);
				len = 1;
			}
			s += len;
			n -= len;
			continue;
		}
		switch (*s) {
		case '"':  jsonw_raw(w, "\\\"", 2); break;
		case '\\': jsonw_raw(w, "\\\\", 2); break;
		case '\b': jsonw_raw(w, "\\b", 2); break;
		case '\f': jsonw_raw(w, "\\f", 2); break;
		case '\n': jsonw_raw(w, "\\n", 2); break;
		case '\r': jsonw_raw(w, "\\r", 2); break;
		case '\t': jsonw_raw(w, "\\t", 2); break;
		default:
			(void)snprintf(esc, sizeof(esc), "\\u%04X", *s);
			jsonw_raw(w, esc, 6);
		}
		s++;
		n--;
	}
	jsonw_raw(w, "\"", 1);
}

void
cd_jsonw_key(struct cd_jsonw *w, const char *key)
{
	jsonw_value(w);
	jsonw_escaped(w, key);
	jsonw_raw(w, ":", 1);
	w->comma = 0;
}

/* A string, or null when s is NULL. */
void
cd_jsonw_str(struct cd_jsonw *w, const char *s)
{
	if (s == NULL) {
		cd_jsonw_null(w);
		return;
	}
	jsonw_value(w);
	jsonw_escaped(w, s);
}

void
cd_jsonw_int(struct cd_jsonw *w, long long v)
{
	char	num[24];
	int	n;

	jsonw_value(w);
	n = snprintf(num, sizeof(num), "%lld", v);
	jsonw_raw(w, num, (size_t)n);
}

/* A real, or null when it is not finite (JSON has no NaN). */
void
cd_jsonw_real(struct cd_jsonw *w, double d)
{
	char	 num[40], *e, *digits, *end;
	int	 n;

	if (!isfinite(d)) {
		cd_jsonw_null(w);
		return;
	}
	jsonw_value(w);
	n = snprintf(num, sizeof(num), "%.17g", d);
	if (n < 0 || (size_t)n >= sizeof(num) - 2)
		cd_fatal("jsonw: %%.17g gave %d characters", n);
	if ((e = strchr(num, 'e')) == NULL) {
		if (strchr(num, '.') == NULL) {
			memcpy(num + n, ".0", 3);
			n += 2;
		}
	} else {
		/* "1e+20" is "1e20", "1e-05" is "1e-5". */
		digits = e + 1 + (e[1] == '-');
		for (end = e + 1; *end == '+' || *end == '-' || *end == '0';
		    end++)
			;	/* %g never writes an exponent of zero */
		memmove(digits, end, strlen(end) + 1);
		n = (int)strlen(num);
	}
	jsonw_raw(w, num, (size_t)n);
}

/* An object member: its key, then its value. */
void
cd_jsonw_kstr(struct cd_jsonw *w, const char *key, const char *s)
{
	cd_jsonw_key(w, key);
	cd_jsonw_str(w, s);
}

void
cd_jsonw_kint(struct cd_jsonw *w, const char *key, long long v)
{
	cd_jsonw_key(w, key);
	cd_jsonw_int(w, v);
}

void
cd_jsonw_kreal(struct cd_jsonw *w, const char *key, double d)
{
	cd_jsonw_key(w, key);
	cd_jsonw_real(w, d);
}

void
cd_jsonw_null(struct cd_jsonw *w)
{
	jsonw_value(w);
	jsonw_raw(w, "null", 4);
}
