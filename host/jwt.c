/*
 * Access tokens: JWT (RFC 7519) signed with HS256 only.  The host accepts
 * only tokens it issued, so the header must be, byte for byte, the one it
 * writes ({"alg":"HS256","typ":"JWT"}): any other algorithm, "none"
 * included, is refused before the signature is looked at, without
 * parsing anything.  The signature is compared in constant time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"

#define JWT_MAX		4096

/* The header every token we issue carries. */
static const char	jwt_header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

static char		jwt_h64[64];
static pthread_once_t	jwt_once = PTHREAD_ONCE_INIT;

static void
jwt_encode_header(void)
{
	(void)cd_b64url_encode(jwt_header, strlen(jwt_header), jwt_h64);
}

/* The header, base64url-encoded once. */
static const char *
jwt_header64(void)
{
	(void)pthread_once(&jwt_once, jwt_encode_header);
	return (jwt_h64);
}

static int
jwt_mac(const struct cd_secret *s, const char *signing, size_t len,
    char out[48])
{
	unsigned char	mac[32];

	if (cd_hmac_sha256(s->key, s->len, signing, len, mac) != CD_OK)
		return (CD_ERR);
	(void)cd_b64url_encode(mac, sizeof(mac), out);
	return (CD_OK);
}

/* Sign claims (borrowed) into a malloc'd token. */
char *
cd_jwt_sign(const struct cd_secret *s, const json_t *claims)
{
	const char	*h64;
	char		*payload, *tok, sig[48];
	size_t		 plen, len;

	if ((payload = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL)
		return (NULL);
	plen = strlen(payload);
	h64 = jwt_header64();
	len = strlen(h64) + 1 + (plen + 2) / 3 * 4 + 1 + 43 + 1;
	tok = cd_malloc(len);
	size_t n = (size_t)snprintf(tok, len, "%s.", h64);
	n += cd_b64url_encode(payload, plen, tok + n);
	free(payload);
	if (jwt_mac(s, tok, n, sig) != CD_OK) {
		free(tok);
		return (NULL);
	}
	snprintf(tok + n, len - n, ".%s", sig);
	return (tok);
}

static json_t *
jwt_part(const char *p, size_t len)
{
	unsigned char	*buf;
	ssize_t		 n;
	json_t		*j;

	buf = cd_malloc(len / 4 * 3 + 4);
	n = cd_b64url_decode(p, len, buf);
	j = n < 0 ? NULL : json_loadb((const char *)buf, (size_t)n,
	    JSON_REJECT_DUPLICATES, NULL);
	free(buf);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return (j);
}

/*
 * Verify token at time now.  On success *claims is the payload (caller
 * decrefs); otherwise *why says what was wrong, for logs only.
 */
int
cd_jwt_verify(const struct cd_secret *s, const char *tok, long long now,
    json_t **claims, const char **why)
{
	const char	*d1, *d2;
	json_t		*pl;
	json_int_t	 exp, iat;
	char		 sig[48];

	*claims = NULL;
	if (strlen(tok) > JWT_MAX || (d1 = strchr(tok, '.')) == NULL ||
	    (d2 = strchr(d1 + 1, '.')) == NULL || strchr(d2 + 1, '.') != NULL) {
		*why = "malformed";
		return (CD_EINVAL);
	}
	if ((size_t)(d1 - tok) != strlen(jwt_header64()) ||
	    memcmp(tok, jwt_header64(), (size_t)(d1 - tok)) != 0) {
		*why = "header is not the HS256 header this host issues";
		return (CD_EINVAL);
	}
	if (jwt_mac(s, tok, (size_t)(d2 - tok), sig) != CD_OK ||
	    strlen(d2 + 1) != strlen(sig) ||
	    !cd_memeq(sig, d2 + 1, strlen(sig))) {
		*why = "bad signature";
		return (CD_EINVAL);
	}
	if ((pl = jwt_part(d1 + 1, (size_t)(d2 - d1 - 1))) == NULL) {
		*why = "bad payload";
		return (CD_EINVAL);
	}
	if (json_unpack(pl, "{s:I, s:I, s:s, s:s, s:s, s:s}", "exp", &exp,
	    "iat", &iat, "sub", &(const char *){ NULL }, "company",
	    &(const char *){ NULL }, "role", &(const char *){ NULL }, "jti",
	    &(const char *){ NULL }) != 0) {
		json_decref(pl);
		*why = "missing claims";
		return (CD_EINVAL);
	}
	if (exp <= now) {
		json_decref(pl);
		*why = "expired";
		return (CD_EINVAL);
	}
	if (iat > now + 60) {
		json_decref(pl);
		*why = "issued in the future";
		return (CD_EINVAL);
	}
	*claims = pl;
	return (CD_OK);
}
