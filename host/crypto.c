/*
 * Cryptographic primitives, all from OpenSSL libcrypto: random bytes,
 * SHA-256, HMAC-SHA256, constant-time comparison, and base64url (RFC 4648
 * section 5, unpadded) around OpenSSL's base64.
 */
#include <stdio.h>
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

void
cd_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		md[SHA256_DIGEST_LENGTH];

	(void)SHA256(data, len, md);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[i * 2] = hex[md[i] >> 4];
		out[i * 2 + 1] = hex[md[i] & 0xf];
	}
	out[64] = '\0';
}

/* The SHA-256 of a file's contents, read in pieces; CD_ERR if unread. */
int
cd_sha256_file(const char *path, char out[65])
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		md[SHA256_DIGEST_LENGTH], buf[16384];
	EVP_MD_CTX		*ctx;
	FILE			*f;
	size_t			 n;
	int			 ok;

	if ((f = fopen(path, "rbe")) == NULL)
		return (CD_ERR);
	ok = (ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n) == 1;
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	(void)fclose(f);
	if (!ok)
		return (CD_ERR);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[i * 2] = hex[md[i] >> 4];
		out[i * 2 + 1] = hex[md[i] & 0xf];
	}
	out[64] = '\0';
	return (CD_OK);
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
