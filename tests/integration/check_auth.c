/*
 * Accounts and tokens against a real PostgreSQL and Redis: the register,
 * login, me, refresh, logout round trip; refresh re-use revoking the
 * family; bcrypt; lock-out; forged, altered and expired tokens; roles;
 * and the host refusing a weak signing secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hostproc.h"
#include "services.h"

static struct services	svc;
static struct host	h;

static void
suite_up(void)
{
	char	yaml[512];

	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/test-plugins\n"
	    "login_max_failures: 3\nlogin_lockout: 120\n", h_build());
	ck_assert_int_eq(h_start_stack(&h, &svc, yaml), 0);
}

static void
suite_down(void)
{
	h_stop_stack(&h, &svc);
}

static void
register_account(const char *company, const char *email, struct h_account *a)
{
	h_register(&h, company, email, a);
}

static long
call(const char *method, const char *path, const char *token,
    const char *body, char *code, size_t len)
{
	struct resp	r;
	long		status;

	h_call(&h, method, path, token, body, &r);
	status = r.status;
	if (code != NULL && h_json_str(&r, "error.code", code, len) != 0)
		code[0] = '\0';
	h_resp_free(&r);
	return (status);
}

static int
refresh(const char *token, struct h_account *out, char *code, size_t len)
{
	struct resp	r;
	char		body[256];
	int		status;

	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", token);
	h_call(&h, "POST", "/api/auth/refresh", NULL, body, &r);
	status = (int)r.status;
	if (status == 200) {
		ck_assert_int_eq(h_json_str(&r, "access_token", out->access,
		    sizeof(out->access)), 0);
		ck_assert_int_eq(h_json_str(&r, "refresh_token", out->refresh,
		    sizeof(out->refresh)), 0);
	} else if (h_json_str(&r, "error.code", code, len) != 0)
		code[0] = '\0';
	h_resp_free(&r);
	return (status);
}

START_TEST(round_trip_and_reuse_detection)
{
	struct h_account	 a, b, c, d;
	struct resp	 r;
	char		 code[64], body[256];

	register_account("Acme Steel", "ada@acme.example", &a);
	ck_assert_int_eq(h_call(&h, "POST", "/api/auth/login", NULL,
	    "{\"email\":\"ADA@acme.example\",\"password\":\"correct horse "
	    "battery\"}", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"token_type\":\"Bearer\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"expires_in\":900"));
	ck_assert_int_eq(h_json_str(&r, "access_token", b.access,
	    sizeof(b.access)), 0);
	ck_assert_int_eq(h_json_str(&r, "refresh_token", b.refresh,
	    sizeof(b.refresh)), 0);
	h_resp_free(&r);

	ck_assert_int_eq(h_call(&h, "GET", "/api/auth/me", b.access, NULL, &r),
	    0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(h_json_str(&r, "user.role", code, sizeof(code)), 0);
	ck_assert_str_eq(code, "owner");
	ck_assert_int_eq(h_json_str(&r, "company.name", code, sizeof(code)),
	    0);
	ck_assert_str_eq(code, "Acme Steel");
	h_resp_free(&r);

	/* Rotation: b -> c; using b again revokes the family, c included. */
	ck_assert_int_eq(refresh(b.refresh, &c, code, sizeof(code)), 200);
	ck_assert_str_ne(c.refresh, b.refresh);
	ck_assert_int_eq(call("GET", "/api/auth/me", c.access, NULL, NULL, 0),
	    200);
	ck_assert_int_eq(refresh(b.refresh, &d, code, sizeof(code)), 401);
	ck_assert_str_eq(code, "token_reused");
	ck_assert_int_eq(refresh(c.refresh, &d, code, sizeof(code)), 401);
	ck_assert_str_eq(code, "token_revoked");
	/* The registration's own family is another login: still good. */
	ck_assert_int_eq(refresh(a.refresh, &d, code, sizeof(code)), 200);

	/* Logout revokes d's family. */
	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", d.refresh);
	ck_assert_int_eq(call("POST", "/api/auth/logout", d.access, body, NULL,
	    0), 200);
	ck_assert_int_eq(refresh(d.refresh, &c, code, sizeof(code)), 401);
	ck_assert_str_eq(code, "token_revoked");
	ck_assert_int_eq(refresh("not-a-token", &c, code, sizeof(code)), 401);
	ck_assert_str_eq(code, "invalid_token");
}
END_TEST

START_TEST(bad_registrations)
{
	struct h_account	a;
	char		code[64];

	register_account("Dup Co", "dup@dup.example", &a);
	ck_assert_int_eq(call("POST", "/api/auth/register", NULL,
	    "{\"company_name\":\"X\",\"email\":\"dup@dup.example\",\"password\":"
	    "\"correct horse battery\",\"name\":\"X\"}", code, sizeof(code)),
	    409);
	ck_assert_str_eq(code, "email_taken");
	ck_assert_int_eq(call("POST", "/api/auth/register", NULL,
	    "{\"company_name\":\"X\",\"email\":\"x@x.example\",\"password\":"
	    "\"short\",\"name\":\"X\"}", code, sizeof(code)), 422);
	ck_assert_str_eq(code, "invalid_field");
	ck_assert_int_eq(call("POST", "/api/auth/register", NULL,
	    "{\"company_name\":\"X\",\"email\":\"not-an-email\",\"password\":"
	    "\"correct horse battery\",\"name\":\"X\"}", code, sizeof(code)),
	    422);
	ck_assert_int_eq(call("POST", "/api/auth/register", NULL,
	    "{\"email\":\"y@y.example\",\"password\":\"correct horse battery\","
	    "\"name\":\"X\"}", code, sizeof(code)), 422);
	ck_assert_str_eq(code, "missing_field");
	ck_assert_int_eq(call("POST", "/api/auth/register", NULL, "[1]", code,
	    sizeof(code)), 400);
	ck_assert_int_eq(call("POST", "/api/auth/register", NULL, "{", code,
	    sizeof(code)), 400);
	ck_assert_str_eq(code, "invalid_json");
}
END_TEST

START_TEST(bcrypt_and_lockout)
{
	struct h_account	a;
	char		out[256], code[64], sql[256];
	struct resp	r;

	register_account("Lock Co", "lock@lock.example", &a);
	snprintf(sql, sizeof(sql), "SELECT password_hash FROM users WHERE "
	    "email = 'lock@lock.example'");
	ck_assert_int_eq(s_psql(&svc, sql, out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "$2b$12$", 7) == 0, "hash %s", out);
	ck_assert_uint_eq(strlen(out), 60);

	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(call("POST", "/api/auth/login", NULL,
		    "{\"email\":\"lock@lock.example\",\"password\":\"wrong one "
		    "here\"}", code, sizeof(code)), i < 2 ? 401 : 429);
		ck_assert_str_eq(code, i < 2 ? "invalid_credentials" :
		    "locked_out");
	}
	/* Locked out: even the right password waits. */
	h_call(&h, "POST", "/api/auth/login", NULL, "{\"email\":\"lock@lock."
	    "example\",\"password\":\"correct horse battery\"}", &r);
	ck_assert_int_eq(r.status, 429);
	ck_assert_ptr_nonnull(strstr(r.headers, "Retry-After: "));
	h_resp_free(&r);
	/* Unknown accounts get the same answer as wrong passwords. */
	ck_assert_int_eq(call("POST", "/api/auth/login", NULL, "{\"email\":"
	    "\"nobody@none.example\",\"password\":\"whatever it is\"}", code,
	    sizeof(code)), 401);
	ck_assert_str_eq(code, "invalid_credentials");
}
END_TEST

/* Sign header.payload with key the way HS256 does. */
static void
forge(const char *header, const char *payload, const char *key, char *out,
    size_t len)
{
	unsigned char	mac[32];
	unsigned int	mlen = 32;
	char		h64[512], p64[1024], s64[64], signing[1600];

	EVP_EncodeBlock((unsigned char *)h64, (const unsigned char *)header,
	    (int)strlen(header));
	EVP_EncodeBlock((unsigned char *)p64, (const unsigned char *)payload,
	    (int)strlen(payload));
	for (char *s = h64; *s; s++)
		*s = *s == '+' ? '-' : *s == '/' ? '_' : *s == '=' ? 0 : *s;
	for (char *s = p64; *s; s++)
		*s = *s == '+' ? '-' : *s == '/' ? '_' : *s == '=' ? 0 : *s;
	snprintf(signing, sizeof(signing), "%s.%s", h64, p64);
	HMAC(EVP_sha256(), key, (int)strlen(key), (unsigned char *)signing,
	    strlen(signing), mac, &mlen);
	EVP_EncodeBlock((unsigned char *)s64, mac, 32);
	for (char *s = s64; *s; s++)
		*s = *s == '+' ? '-' : *s == '/' ? '_' : *s == '=' ? 0 : *s;
	snprintf(out, len, "%s.%s", signing, s64);
}

START_TEST(tampered_tokens_refused)
{
	struct h_account	 a;
	char		 payload[512], tok[2048], mixed[2048], code[64], *dot;
	const char	*hs = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	long		 now = (long)time(NULL);

	register_account("Tamper Co", "t@tamper.example", &a);
	snprintf(payload, sizeof(payload), "{\"sub\":\"%s\",\"company\":\"%s\","
	    "\"role\":\"owner\",\"jti\":\"j1\",\"iat\":%ld,\"exp\":%ld}", a.user,
	    a.company, now, now + 600);

	/* The control: a token signed with the right key passes. */
	forge(hs, payload, H_JWT_SECRET, tok, sizeof(tok));
	ck_assert_int_eq(call("GET", "/api/auth/session", tok, NULL, NULL, 0),
	    200);
	forge(hs, payload, "another-key-0123456789abcdef0123456789", tok,
	    sizeof(tok));
	ck_assert_int_eq(call("GET", "/api/auth/session", tok, NULL, code,
	    sizeof(code)), 401);
	ck_assert_str_eq(code, "unauthorized");
	forge("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, H_JWT_SECRET, tok,
	    sizeof(tok));
	ck_assert_int_eq(call("GET", "/api/auth/session", tok, NULL, NULL, 0),
	    401);
	*strrchr(tok, '.') = '\0';
	strcat(tok, ".");
	ck_assert_int_eq(call("GET", "/api/auth/session", tok, NULL, NULL, 0),
	    401);
	forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload, H_JWT_SECRET,
	    tok, sizeof(tok));
	ck_assert_int_eq(call("GET", "/api/auth/session", tok, NULL, NULL, 0),
	    401);

	snprintf(payload, sizeof(payload), "{\"sub\":\"%s\",\"company\":\"%s\","
	    "\"role\":\"owner\",\"jti\":\"j2\",\"iat\":%ld,\"exp\":%ld}", a.user,
	    a.company, now - 1000, now - 10);
	forge(hs, payload, H_JWT_SECRET, tok, sizeof(tok));
	ck_assert_int_eq(call("GET", "/api/auth/session", tok, NULL, NULL, 0),
	    401);

	/* An issued token's header and signature around another payload. */
	snprintf(payload, sizeof(payload), "{\"sub\":\"%s\",\"company\":\"%s\","
	    "\"role\":\"owner\",\"jti\":\"j3\",\"iat\":%ld,\"exp\":%ld}", a.user,
	    a.company, now, now + 86400 * 365);
	forge(hs, payload, "x-unknown-key-0123456789abcdef0123456", tok,
	    sizeof(tok));
	dot = strchr(a.access, '.');
	snprintf(mixed, sizeof(mixed), "%.*s%.*s%s", (int)(dot - a.access),
	    a.access, (int)(strrchr(tok, '.') - strchr(tok, '.')),
	    strchr(tok, '.'), strrchr(a.access, '.'));
	ck_assert_int_eq(call("GET", "/api/auth/session", mixed, NULL, NULL, 0),
	    401);
	ck_assert_int_eq(call("GET", "/api/auth/session", "garbage", NULL,
	    NULL, 0), 401);
	ck_assert_int_eq(call("GET", "/api/auth/session", NULL, NULL, NULL, 0),
	    401);
	ck_assert_int_eq(call("GET", "/api/auth/session", a.access, NULL, NULL,
	    0), 200);
}
END_TEST

START_TEST(roles_enforced)
{
	struct h_account	 owner, viewer;
	struct resp	 r;
	char		 code[64], temp[64], body[256];

	register_account("Roles Co", "boss@roles.example", &owner);
	ck_assert_int_eq(h_call(&h, "POST", "/api/users", owner.access,
	    "{\"email\":\"view@roles.example\",\"name\":\"Vi\",\"role\":"
	    "\"viewer\"}", &r), 0);
	ck_assert_int_eq(r.status, 201);
	ck_assert_int_eq(h_json_str(&r, "temporary_password", temp,
	    sizeof(temp)), 0);
	h_resp_free(&r);
	snprintf(body, sizeof(body), "{\"email\":\"view@roles.example\","
	    "\"password\":\"%s\"}", temp);
	ck_assert_int_eq(h_call(&h, "POST", "/api/auth/login", NULL, body, &r),
	    0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(h_json_str(&r, "access_token", viewer.access,
	    sizeof(viewer.access)), 0);
	h_resp_free(&r);

	ck_assert_int_eq(call("GET", "/api/users", viewer.access, NULL, code,
	    sizeof(code)), 403);
	ck_assert_str_eq(code, "forbidden");
	ck_assert_int_eq(call("POST", "/api/users", viewer.access, "{\"email\":"
	    "\"x@roles.example\",\"name\":\"X\",\"role\":\"viewer\"}", code,
	    sizeof(code)), 403);
	ck_assert_int_eq(call("POST", "/api/tenant-probe/facilities",
	    viewer.access, "{\"name\":\"Plant\"}", NULL, 0), 403);
	ck_assert_int_eq(call("GET", "/api/tenant-probe/users", viewer.access,
	    NULL, NULL, 0), 200);
	ck_assert_int_eq(call("POST", "/api/users", owner.access, "{\"email\":"
	    "\"x@roles.example\",\"name\":\"X\",\"role\":\"wizard\"}", code,
	    sizeof(code)), 422);
	ck_assert_int_eq(call("GET", "/api/users", owner.access, NULL, NULL, 0),
	    200);
}
END_TEST

START_TEST(weak_secret_refused)
{
	ck_assert_int_eq(h_sh("CD_JWT_SECRET=short %s/carbon-depict -c %s "
	    ">%s/weak.log 2>&1; test $? -eq 1 && grep -q 'refusing to start: "
	    "the JWT secret is shorter than 32 bytes' %s/weak.log", h_build(),
	    h.conf, h.dir, h.dir), 0);
	ck_assert_int_eq(h_sh("CD_JWT_SECRET=changeme-1234567890-abcdefghijkl-"
	    "mnop %s/carbon-depict -c %s >%s/weak.log 2>&1; test $? -eq 1 && "
	    "grep -q 'well-known placeholder' %s/weak.log", h_build(), h.conf,
	    h.dir, h.dir), 0);
	ck_assert_int_eq(h_sh("env -u CD_JWT_SECRET %s/carbon-depict -c %s "
	    ">%s/weak.log 2>&1; test $? -eq 1 && grep -q 'JWT secret is "
	    "missing' %s/weak.log", h_build(), h.conf, h.dir, h.dir), 0);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("auth");
	tc = tcase_create("accounts");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, suite_up, suite_down);
	tcase_add_test(tc, round_trip_and_reuse_detection);
	tcase_add_test(tc, bad_registrations);
	tcase_add_test(tc, bcrypt_and_lockout);
	tcase_add_test(tc, tampered_tokens_refused);
	tcase_add_test(tc, roles_enforced);
	tcase_add_test(tc, weak_secret_refused);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
