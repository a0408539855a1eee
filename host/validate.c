/*
 * Checks on request fields that answer 422 naming the field, and UUIDs.
 * Each check returns CD_OK, or CD_EINVAL once the error is answered.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cd.h"

int
cd_body_object(struct cd_req *r)
{
	if (json_is_object(r->json))
		return (CD_OK);
	cd_req_respond_error(r, 400, "body_required",
	    "the body must be a JSON object", NULL);
	return (CD_EINVAL);
}

/*
 * The body as a JSON object whose members are all among names (NULL
 * ended), or answer: a misspelt field would otherwise be ignored and its
 * default stored in silence (a PUT replacing a row most of all).
 */
int
cd_body_fields(struct cd_req *r, const char *const *names)
{
	const char	*key;
	json_t		*v;
	char		 msg[512];
	size_t		 len;

	if (cd_body_object(r) != CD_OK)
		return (CD_EINVAL);
	json_object_foreach(r->json, key, v) {
		int known = 0;
		for (int i = 0; names[i] != NULL && !known; i++)
			known = strcmp(names[i], key) == 0;
		if (known)
			continue;
		len = (size_t)snprintf(msg, sizeof(msg), "%.64s is not a field "
		    "of this body; the fields are", key);
		for (int i = 0; names[i] != NULL && len < sizeof(msg); i++)
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
			    "%s %s", i ? "," : "", names[i]);
		cd_utf8_scrub(msg);
		cd_req_respond_error(r, 422, "unknown_field", msg, key);
		return (CD_EINVAL);
	}
	return (CD_OK);
}

/* A string member of the body, min..max bytes of UTF-8 (jansson checked it). */
int
cd_field_string(struct cd_req *r, const char *name, size_t min, size_t max,
    int required, const char **out)
{
	const json_t	*v;
	char		 msg[160];
	size_t		 len;

	*out = NULL;
	v = json_object_get(r->json, name);
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return (CD_OK);
		snprintf(msg, sizeof(msg), "%s is required", name);
		cd_req_respond_error(r, 422, "missing_field", msg, name);
		return (CD_EINVAL);
	}
	if (!json_is_string(v)) {
		snprintf(msg, sizeof(msg), "%s must be a string", name);
		cd_req_respond_error(r, 422, "invalid_field", msg, name);
		return (CD_EINVAL);
	}
	len = json_string_length(v);
	if (len < min || len > max || strlen(json_string_value(v)) != len) {
		snprintf(msg, sizeof(msg), "%s must be %zu to %zu bytes without "
		    "NUL", name, min, max);
		cd_req_respond_error(r, 422, "invalid_field", msg, name);
		return (CD_EINVAL);
	}
	*out = json_string_value(v);
	return (CD_OK);
}

/* An e-mail address, lower-cased into out: one '@', no spaces, a dot after it. */
int
cd_field_email(struct cd_req *r, const char *name, char *out, size_t len)
{
	const char	*v, *at;
	size_t		 i;

	if (cd_field_string(r, name, 3, 254, 1, &v) != CD_OK)
		return (CD_EINVAL);
	at = strchr(v, '@');
	if (at == NULL || at == v || strchr(at + 1, '@') != NULL ||
	    strchr(at, '.') == NULL || at[strlen(at) - 1] == '.' ||
	    strlen(v) >= len)
		goto bad;
	for (i = 0; v[i] != '\0'; i++) {
		if (isspace((unsigned char)v[i]) || iscntrl((unsigned char)v[i]))
			goto bad;
		out[i] = (char)tolower((unsigned char)v[i]);
	}
	out[i] = '\0';
	return (CD_OK);
bad:
	cd_req_respond_error(r, 422, "invalid_field",
	    "email must be an address like name@example.org", name);
	return (CD_EINVAL);
}

/* b as UUID text, with its version and the RFC 9562 variant set. */
static void
uuid_text(unsigned char b[16], int version, char out[37])
{
	b[6] = (unsigned char)((b[6] & 0x0f) | version << 4);
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* A random (version 4) UUID. */
void
cd_uuid(char out[37])
{
	unsigned char	b[16];

	if (cd_random(b, sizeof(b)) != CD_OK)
		cd_fatal("no random bytes for a UUID");
	uuid_text(b, 4, out);
}

/*
 * A version 7 UUID (RFC 9562, section 5.7): the Unix time in milliseconds,
 * then random bits.  Ids made one after another sort together, so a
 * B-tree over them grows at its right edge instead of at random pages:
 * the activities and emission rows host/store.c writes take these.
 */
void
cd_uuid7(char out[37])
{
	unsigned char		 b[16];
	unsigned long long	 ms;
	struct timespec		 ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1 ||
	    cd_random(b + 6, sizeof(b) - 6) != CD_OK)
		cd_fatal("no clock or random bytes for a UUID");
	ms = (unsigned long long)ts.tv_sec * 1000 +
	    (unsigned long long)ts.tv_nsec / 1000000;
	for (int i = 5; i >= 0; i--, ms >>= 8)
		b[i] = (unsigned char)(ms & 0xff);
	uuid_text(b, 7, out);
}

int
cd_uuid_valid(const char *s)
{
	if (s == NULL || strlen(s) != 36)
		return (0);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (!isxdigit((unsigned char)s[i]))
			return (0);
	}
	return (1);
}

/* Is s a real calendar date written YYYY-MM-DD? */
int
cd_date_valid(const char *s)
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int			y, m, d, leap;

	/* Digits only: sscanf's %d would take " 1", "+1" and "1x". */
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (0);
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return (0);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return (0);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return (d <= mdays[m - 1] + (m == 2 && leap));
}

/*
 * Query argument `name` as an integer in [lo, hi], dflt when absent.
 * CD_EINVAL once a 422 naming it is answered.
 */
int
cd_query_long(struct cd_req *r, const char *name, long lo, long hi,
    long dflt, long *out)
{
	const char	*v = cd_http_query(r, name);
	char		*end, msg[96];

	*out = dflt;
	if (v == NULL)
		return (CD_OK);
	*out = strtol(v, &end, 10);
	if (*v != '\0' && *end == '\0' && *out >= lo && *out <= hi)
		return (CD_OK);
	snprintf(msg, sizeof(msg), "%s must be an integer from %ld to %ld",
	    name, lo, hi);
	cd_req_respond_error(r, 422, "invalid_field", msg, name);
	return (CD_EINVAL);
}

/* Is s one of the NULL-terminated list? */
int
cd_one_of(const char *const *list, const char *s)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return (1);
	return (0);
}

/* A number member in [lo, hi] (above lo when open); *out kept when absent. */
int
cd_field_number(struct cd_req *r, const char *name, double lo, int open,
    double hi, int required, double *out)
{
	const json_t	*v = json_object_get(r->json, name);
	char		 msg[160];
	double		 d;

	if (v == NULL || json_is_null(v)) {
		if (!required)
			return (CD_OK);
		snprintf(msg, sizeof(msg), "%s is required", name);
		cd_req_respond_error(r, 422, "missing_field", msg, name);
		return (CD_EINVAL);
	}
	d = json_number_value(v);
	if (!json_is_number(v) || d < lo || (open && d == lo) || d > hi) {
		snprintf(msg, sizeof(msg), "%s must be a number %s %g and at "
		    "most %g", name, open ? "above" : "from", lo, hi);
		cd_req_respond_error(r, 422, "invalid_field", msg, name);
		return (CD_EINVAL);
	}
	*out = d;
	return (CD_OK);
}
