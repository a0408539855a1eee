/*
 * A text buffer that grows as it is written, always NUL-terminated, and
 * the CSV field writer the exports share.
 */
#include <stdlib.h>
#include <string.h>

#include "cd.h"

void
cd_buf_add(struct cd_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = cd_realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
cd_buf_str(struct cd_buf *b, const char *s)
{
	cd_buf_add(b, s, strlen(s));
}

/* Is the whole of s a decimal number: [+-]digits[.digits][e[+-]digits]? */
static int
csv_number(const char *s)
{
	size_t	n;

	s += *s == '+' || *s == '-';
	n = strspn(s, "0123456789");
	s += n;
	if (*s == '.') {
		s++;
		n += strspn(s, "0123456789");
		s += strspn(s, "0123456789");
	}
	if (n == 0)
		return (0);
	if (*s == 'e' || *s == 'E') {
		s++;
		s += *s == '+' || *s == '-';
		if ((n = strspn(s, "0123456789")) == 0)
			return (0);
		s += n;
	}
	return (*s == '\0');
}

/*
 * A CSV field (RFC 4180, quoted when it must be), then ',' or CRLF.  A
 * cell a spreadsheet would take for a formula (first character =, +, -,
 * @, tab or CR) gets a leading apostrophe, as OWASP advises against CSV
 * injection, unless the whole cell is a number: -1.5 stays a number.
 */
void
cd_buf_csv(struct cd_buf *b, const char *s, int last)
{
	int	guard;

	guard = *s != '\0' && strchr("=+-@\t\r", *s) != NULL &&
	    !csv_number(s);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (guard)
			cd_buf_add(b, "'", 1);
		cd_buf_str(b, s);
	} else {
		cd_buf_add(b, guard ? "\"'" : "\"", guard ? 2 : 1);
		for (; *s != '\0'; s++) {
			cd_buf_add(b, s, 1);
			if (*s == '"')
				cd_buf_add(b, "\"", 1);
		}
		cd_buf_add(b, "\"", 1);
	}
	cd_buf_str(b, last ? "\r\n" : ",");
}

void
cd_buf_free(struct cd_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}
