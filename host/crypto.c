/*
 * Cryptographic primitives, all from OpenSSL libcrypto: random bytes,
 * SHA-256, HMAC-SHA256, constant-time comparison, and base64url (RFC 4648
 * section 5, unpadded) around OpenSSL's base64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "cd.h"

int
cd_random(void *buf, size_t len)
{
	return (RAND_bytes(buf, (int)len) == 1 ? CD_OK : CD_ERR);
}

/* A digest as 64 lower-case hex digits and a NUL. */
static void
sha256_text(const unsigned char md[SHA256_DIGEST_LENGTH], char out[65])
{
	static const char	hex[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[i * 2] = hex[md[i] >> 4];
		out[i * 2 + 1] = hex[md[i] & 0xf];
	}
	out[64] = '\0';
}

void
cd_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char	md[SHA256_DIGEST_LENGTH];

	(void)SHA256(data, len, md);
	sha256_text(md, out);
}

/* A SHA-256 taken piece by piece (an upload as it is spooled). */
struct cd_sha256 {
	EVP_MD_CTX	*ctx;
	int		 failed;
};

struct cd_sha256 *
cd_sha256_begin(void)
{
	struct cd_sha256	*s = cd_calloc(1, sizeof(*s));

	s->failed = (s->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1;
	return (s);
}

void
cd_sha256_add(struct cd_sha256 *s, const void *data, size_t len)
{
	if (s != NULL && !s->failed)
		s->failed = EVP_DigestUpdate(s->ctx, data, len) != 1;
}

/* The digest into out (NULL: none wanted); s is freed.  CD_ERR if lost. */
int
cd_sha256_end(struct cd_sha256 *s, char out[65])
{
	unsigned char	md[SHA256_DIGEST_LENGTH];
	int		rc = CD_ERR;

	if (s == NULL)
		return (CD_ERR);
	if (out != NULL && !s->failed &&
	    EVP_DigestFinal_ex(s->ctx, md, NULL) == 1) {
		sha256_text(md, out);
		rc = CD_OK;
	}
	EVP_MD_CTX_free(s->ctx);
	free(s);
	return (rc);
}

/*
 * HMAC-SHA256.  The one-shot HMAC() of OpenSSL 3 looks the digest up on
 * every call (about 14 us here); each thread keeps a MAC context and
 * re-keys it only when another key buffer is passed, so a key must not be
 * rewritten in place (the host's signing secret never is).
 */
int
cd_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
    unsigned char out[32])
{
	static _Thread_local EVP_MAC_CTX	*ctx;
	static _Thread_local const void		*ctx_key;
	static _Thread_local size_t		 ctx_keylen;
	OSSL_PARAM				 params[2];
	EVP_MAC					*mac;
	size_t					 olen;

	if (ctx == NULL) {
		if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
			return (CD_ERR);
		ctx = EVP_MAC_CTX_new(mac);
		EVP_MAC_free(mac);
		if (ctx == NULL)
			return (CD_ERR);
	}
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	/* A NULL key re-uses the one the context already holds. */
	if (ctx_key == key && ctx_keylen == keylen) {
		if (!EVP_MAC_init(ctx, NULL, 0, NULL))
			return (CD_ERR);
	} else {
		if (!EVP_MAC_init(ctx, key, keylen, params))
			return (CD_ERR);
		ctx_key = key;
		ctx_keylen = keylen;
	}
	if (!EVP_MAC_update(ctx, data, len) ||
	    !EVP_MAC_final(ctx, out, &olen, 32) || olen != 32)
		return (CD_ERR);
	return (CD_OK);
}

int
cd_memeq(const void *a, const void *b, size_t len)
{
	return (CRYPTO_memcmp(a, b, len) == 0);
}

/* Encode len bytes; out needs 4 * ceil(len / 3) + 1 bytes. */
size_t
cd_b64url_encode(const void *in, size_t len, char *out)
{
	int	n;

	n = EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	while (n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	for (int i = 0; i < n; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	return ((size_t)n);
}

/*
 * Decode unpadded base64url of len characters into out (at least
 * 3 * len / 4 + 3 bytes).  Returns the decoded length, or -1.
 */
ssize_t
cd_b64url_decode(const char *in, size_t len, unsigned char *out)
{
	char	*tmp;
	size_t	 padded;
	int	 n;

	if (len % 4 == 1 || len > 1 << 20)
		return (-1);
	padded = (len + 3) / 4 * 4;
	tmp = cd_malloc(padded + 1);
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		else if (c == '+' || c == '/' || c == '=')
			c = '!';	/* not base64url: make it fail */
		tmp[i] = c;
	}
	memset(tmp + len, '=', padded - len);
	tmp[padded] = '\0';
	n = EVP_DecodeBlock(out, (unsigned char *)tmp, (int)padded);
	free(tmp);
	if (n < 0)
		return (-1);
	return ((ssize_t)(n - (int)(padded - len)));	/* drop the pad's zeros */
}
