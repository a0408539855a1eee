/*
 * Identity: the JWT signing secret, passwords (bcrypt $2b$ through
 * libxcrypt), access tokens (jwt.c) and refresh tokens (opaque, stored
 * hashed, rotated on every use), and the role names.
 */
#include <sys/stat.h>

#include <crypt.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "cd.h"

#define SECRET_MIN	32

static struct cd_secret		 secret;
static char			*dummy_hash;	/* for unknown accounts */
static const struct cd_config	*conf;

static const char *roles[] = {
	"public", "viewer", "auditor", "editor", "admin", "owner"
};

const char *
cd_role_name(int role)
{
	return (role >= CD_ROLE_PUBLIC && role <= CD_ROLE_OWNER ?
	    roles[role] : "public");
}

int
cd_role_parse(const char *s)
{
	for (int i = CD_ROLE_VIEWER; i <= CD_ROLE_OWNER; i++)
		if (s != NULL && strcmp(s, roles[i]) == 0)
			return (i);
	return (-1);
}

/* Why a secret is too weak to sign tokens with, or NULL. */
static const char *
secret_weakness(const unsigned char *k, size_t len)
{
	static const char	*known[] = { "changeme", "secret", "password",
	    "carbondepict", "example", "xxxxxxxx", "00000000", "12345678" };
	char			 seen[256] = { 0 };
	int			 distinct = 0;

	if (len < SECRET_MIN)
		return ("shorter than 32 bytes");
	for (size_t i = 0; i < len; i++)
		if (!seen[k[i]]++)
			distinct++;
	if (distinct < 10)
		return ("fewer than 10 distinct characters");
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strstr((const char *)k, known[i]) != NULL)
			return ("contains a well-known placeholder word");
	return (NULL);
}

static int
secret_from_file(const char *path, char **err)
{
	struct stat	 st;
	FILE		*fp;
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL) {
		*err = cd_asprintf("jwt_secret_file %s: %s", path,
		    strerror(errno));
		return (CD_ERR);
	}
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 0077) != 0)
		cd_log(CD_LOG_WARN, "jwt_secret_file %s is readable by group "
		    "or others; chmod 600 it", path);
	n = fread(secret.key, 1, sizeof(secret.key) - 1, fp);
	(void)fclose(fp);
	while (n > 0 && isspace(secret.key[n - 1]))
		n--;
	secret.key[n] = '\0';
	secret.len = n;
	return (CD_OK);
}

/*
 * Load the signing secret: $CD_JWT_SECRET, else jwt_secret_file.  Missing
 * or weak, the host refuses to start, except in dev mode, where it makes
 * a random one (tokens then die with the host).
 */
int
cd_auth_init(const struct cd_config *c, char **err)
{
	const char	*env, *why;
	unsigned char	 raw[32];
	char		 pw[48];

	conf = c;
	memset(&secret, 0, sizeof(secret));
	if ((env = getenv("CD_JWT_SECRET")) != NULL && env[0] != '\0') {
		secret.len = cd_strlcpy((char *)secret.key, env,
		    sizeof(secret.key));
		if (secret.len >= sizeof(secret.key)) {
			*err = cd_asprintf("CD_JWT_SECRET longer than %zu bytes",
			    sizeof(secret.key) - 1);
			return (CD_EINVAL);
		}
	} else if (c->jwt_secret_file[0] != '\0') {
		if (secret_from_file(c->jwt_secret_file, err) != CD_OK)
			return (CD_ERR);
	}
	if (secret.len == 0)
		why = "missing (set CD_JWT_SECRET or jwt_secret_file)";
	else
		why = secret_weakness(secret.key, secret.len);
	if (why == NULL)
		goto hash;
	if (!c->dev) {
		*err = cd_asprintf("refusing to start: the JWT secret is %s", why);
		return (CD_EINVAL);
	}
	if (cd_random(raw, sizeof(raw)) != CD_OK) {
		*err = cd_strdup("no random bytes for a dev JWT secret");
		return (CD_ERR);
	}
	secret.len = cd_b64url_encode(raw, sizeof(raw), (char *)secret.key);
	cd_log(CD_LOG_WARN, "dev mode: the JWT secret is %s; using a random "
	    "one for this run", why);
hash:
	/* A real hash at the real cost, so an unknown e-mail costs a bcrypt too. */
	if (cd_random(raw, sizeof(raw)) != CD_OK ||
	    cd_b64url_encode(raw, sizeof(raw), pw) == 0 ||
	    cd_password_hash(pw, &dummy_hash) != CD_OK) {
		*err = cd_strdup("cannot make the login timing hash");
		return (CD_ERR);
	}
	return (CD_OK);
}

const char *
cd_auth_dummy_hash(void)
{
	return (dummy_hash);
}

/*
 * Tokens this thread verified lately.  A client sends the same token for
 * its whole life, and checking it again (base64, HMAC, JSON) was most of
 * an authenticated request's cost.  Only a byte-identical token that has
 * not expired is taken from here.
 */
#define TOKCACHE_SLOTS	32
#define TOKCACHE_LEN	640

struct tokcache {
	char		 tok[TOKCACHE_LEN];
	size_t		 len;
	int		 role;
	char		 user[37];
	char		 company[37];
	char		 jti[32];
	long long	 exp;
};

static _Thread_local struct tokcache	tokcache[TOKCACHE_SLOTS];

static struct tokcache *
tokcache_slot(const char *tok, size_t len)
{
	unsigned int	h = 2166136261u;

	/* The signature's tail is random: hash a few of its bytes. */
	for (size_t i = len > 8 ? len - 8 : 0; i < len; i++)
		h = (h ^ (unsigned char)tok[i]) * 16777619u;
	return (&tokcache[h % TOKCACHE_SLOTS]);
}

static void
identity_set(struct cd_req *r, const struct tokcache *t)
{
	r->role = t->role;
	memcpy(r->user, t->user, sizeof(r->user));
	memcpy(r->company, t->company, sizeof(r->company));
	memcpy(r->jti, t->jti, sizeof(r->jti));
	r->token_exp = t->exp;
}

/* Read a Bearer token into r's identity; CD_EINVAL when it is not valid. */
int
cd_auth_identify(struct cd_req *r, const char *authorization)
{
	const char	*tok, *why, *sub, *company, *role, *jti;
	struct tokcache	*t;
	json_t		*claims;
	long long	 now;
	size_t		 len;
	int		 n;

	if (strncmp(authorization, "Bearer ", 7) != 0)
		return (CD_EINVAL);
	tok = authorization + 7;
	len = strlen(tok);
	now = (long long)time(NULL);
	t = tokcache_slot(tok, len);
	if (t->len == len && t->exp > now && memcmp(t->tok, tok, len) == 0) {
		identity_set(r, t);
		return (CD_OK);
	}
	if (cd_jwt_verify(&secret, tok, now, &claims, &why) != CD_OK) {
		cd_log(CD_LOG_INFO, "rid %s: token refused: %s", r->rid, why);
		return (CD_EINVAL);
	}
	sub = json_string_value(json_object_get(claims, "sub"));
	company = json_string_value(json_object_get(claims, "company"));
	role = json_string_value(json_object_get(claims, "role"));
	jti = json_string_value(json_object_get(claims, "jti"));
	if ((n = cd_role_parse(role)) < 0 || !cd_uuid_valid(sub) ||
	    !cd_uuid_valid(company) || strlen(jti) >= sizeof(r->jti)) {
		json_decref(claims);
		return (CD_EINVAL);
	}
	r->role = n;
	cd_strlcpy(r->user, sub, sizeof(r->user));
	cd_strlcpy(r->company, company, sizeof(r->company));
	cd_strlcpy(r->jti, jti, sizeof(r->jti));
	r->token_exp = (long long)json_integer_value(json_object_get(claims,
	    "exp"));
	json_decref(claims);
	if (len < TOKCACHE_LEN) {
		memcpy(t->tok, tok, len);
		t->len = len;
		t->role = r->role;
		memcpy(t->user, r->user, sizeof(t->user));
		memcpy(t->company, r->company, sizeof(t->company));
		memcpy(t->jti, r->jti, sizeof(t->jti));
		t->exp = r->token_exp;
	}
	return (CD_OK);
}

/* bcrypt $2b$ at the configured cost; *out is malloc'd. */
int
cd_password_hash(const char *password, char **out)
{
	struct crypt_data	*cd;
	unsigned char		 rnd[16];
	char			 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	int			 rc;

	if (cd_random(rnd, sizeof(rnd)) != CD_OK ||
	    crypt_gensalt_rn("$2b$", (unsigned long)conf->bcrypt_cost,
	    (const char *)rnd, sizeof(rnd), salt, sizeof(salt)) == NULL)
		return (CD_ERR);
	cd = cd_calloc(1, sizeof(*cd));
	rc = CD_ERR;
	if (crypt_rn(password, salt, cd, sizeof(*cd)) != NULL &&
	    cd->output[0] != '*') {
		*out = cd_strdup(cd->output);
		rc = CD_OK;
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return (rc);
}

/* Does password match hash?  Constant-time on the hash comparison. */
int
cd_password_check(const char *password, const char *hash)
{
	struct crypt_data	*cd;
	int			 ok;

	cd = cd_calloc(1, sizeof(*cd));
	ok = crypt_rn(password, hash, cd, sizeof(*cd)) != NULL &&
	    cd->output[0] != '*' && strlen(cd->output) == strlen(hash) &&
	    cd_memeq(cd->output, hash, strlen(hash));
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return (ok);
}

static char *
access_token(const char *user, const char *company, const char *role)
{
	unsigned char	 rnd[16];
	char		 jti[32];
	json_t		*claims;
	long long	 now;
	char		*tok;

	if (cd_random(rnd, sizeof(rnd)) != CD_OK)
		return (NULL);
	(void)cd_b64url_encode(rnd, sizeof(rnd), jti);
	now = (long long)time(NULL);
	claims = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "sub", user,
	    "company", company, "role", role, "jti", jti, "iat",
	    (json_int_t)now, "exp", (json_int_t)(now + conf->access_ttl));
	tok = claims ? cd_jwt_sign(&secret, claims) : NULL;
	json_decref(claims);
	return (tok);
}

/*
 * Issue an access token and a new refresh token of family (NULL: a new
 * family) inside tx.  The refresh token is "<company>.<random>": the
 * company sets the transaction's context before the token is looked up.
 * Returns the token pair as JSON, or NULL (tx failed).
 */
json_t *
cd_auth_issue(struct cd_tx *tx, const char *user, const char *company,
    const char *role, const char *family)
{
	unsigned char	 rnd[32];
	char		 refresh[96], hash[65], ttl[16], *access;
	const char	*params[5];
	PGresult	*res;
	json_t		*out;

	if (cd_random(rnd, sizeof(rnd)) != CD_OK)
		return (NULL);
	snprintf(refresh, sizeof(refresh), "%s.", company);
	(void)cd_b64url_encode(rnd, sizeof(rnd), refresh + strlen(refresh));
	cd_sha256_hex(refresh, strlen(refresh), hash);
	snprintf(ttl, sizeof(ttl), "%d", conf->refresh_ttl);
	params[0] = hash;
	params[1] = company;
	params[2] = user;
	params[3] = family;
	params[4] = ttl;
	res = cd_tx_exec(tx, "INSERT INTO refresh_tokens (token_hash, "
	    "company_id, user_id, family, expires_at) VALUES ($1, $2, $3, "
	    "coalesce($4::uuid, gen_random_uuid()), now() + make_interval("
	    "secs => $5::int))", 5, params);
	if (res == NULL)
		return (NULL);
	PQclear(res);
	if ((access = access_token(user, company, role)) == NULL)
		return (NULL);
	out = json_pack("{s:s, s:s, s:s, s:i}", "access_token", access,
	    "refresh_token", refresh, "token_type", "Bearer", "expires_in",
	    conf->access_ttl);
	free(access);
	return (out);
}

/* The company a refresh token belongs to: its prefix. */
int
cd_refresh_company(const char *token, char company[37])
{
	if (strlen(token) < 38 || strlen(token) > 96 || token[36] != '.')
		return (CD_EINVAL);
	memcpy(company, token, 36);
	company[36] = '\0';
	return (cd_uuid_valid(company) ? CD_OK : CD_EINVAL);
}
