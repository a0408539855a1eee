/*
 * The dashboard's files (host/static.c): which paths are the dashboard's,
 * Accept-Encoding, the SPA fallback, precompressed variants and paths that
 * try to leave the folder.
 */
#include <sys/stat.h>

#include <fcntl.h>

#include "harness.h"
#include "cd.h"

static struct cd_config	conf;
static char		dir[PATH_MAX];

static void
put(const char *name, const char *content)
{
	char	path[PATH_MAX];
	FILE	*f;

	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", dir, name),
	    (int)sizeof(path));
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(fputs(content, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "%s/dist", t_tmpdir());
	mkdir(dir, 0755);
	snprintf(conf.dashboard_dir, sizeof(conf.dashboard_dir), "%s", dir);
	cd_conf = &conf;
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/assets");
	mkdir(dir, 0755);
	put("app-1a2b.js", "console.log(1)");
	put("app-1a2b.js.br", "BR");
	put("app-1a2b.js.gz", "GZIP");
	put("logo.png", "PNG");
	dir[strlen(dir) - strlen("/assets")] = '\0';
	put("index.html", "<!doctype html>");
	put(".secret", "no");
}

/* What find chose, closed: the length says which file it was. */
static int
found(const char *path, const char *accept, struct cd_static *f)
{
	int	rc = cd_static_find(path, accept, f);

	if (rc == CD_OK)
		ck_assert_int_eq(close(f->fd), 0);
	else
		ck_assert_int_eq(f->fd, -1);
	return (rc);
}

START_TEST(dashboard_paths)
{
	ck_assert_int_eq(cd_static_path("/"), 1);
	ck_assert_int_eq(cd_static_path("/activities"), 1);
	ck_assert_int_eq(cd_static_path("/apis"), 1);
	ck_assert_int_eq(cd_static_path("/api"), 0);
	ck_assert_int_eq(cd_static_path("/api/health"), 0);
	ck_assert_int_eq(cd_static_path("/metrics"), 0);
	conf.dashboard_dir[0] = '\0';
	ck_assert_int_eq(cd_static_path("/"), 0);
}
END_TEST

START_TEST(accept_encoding)
{
	ck_assert_int_eq(cd_static_accepts(NULL, "br"), 0);
	ck_assert_int_eq(cd_static_accepts("gzip, deflate, br", "br"), 1);
	ck_assert_int_eq(cd_static_accepts("gzip, deflate", "br"), 0);
	ck_assert_int_eq(cd_static_accepts("GZIP", "gzip"), 1);
	ck_assert_int_eq(cd_static_accepts("br;q=0, gzip", "br"), 0);
	ck_assert_int_eq(cd_static_accepts("br ; q=0.000", "br"), 0);
	ck_assert_int_eq(cd_static_accepts("br;q=0.5", "br"), 1);
	ck_assert_int_eq(cd_static_accepts("*", "br"), 1);
	ck_assert_int_eq(cd_static_accepts("*;q=0", "gzip"), 0);
	ck_assert_int_eq(cd_static_accepts("br;q=0, *", "br"), 0);
	ck_assert_int_eq(cd_static_accepts("xbr, brx", "br"), 0);
	ck_assert_int_eq(cd_static_accepts("identity", "gzip"), 0);
}
END_TEST

START_TEST(files_and_encodings)
{
	struct cd_static	f;

	ck_assert_int_eq(found("/assets/app-1a2b.js", "gzip, br", &f), CD_OK);
	ck_assert_str_eq(f.encoding, "br");
	ck_assert_int_eq(f.size, 2);
	ck_assert_str_eq(f.type, "text/javascript; charset=utf-8");
	ck_assert_ptr_nonnull(strstr(f.cache, "immutable"));

	ck_assert_int_eq(found("/assets/app-1a2b.js", "gzip", &f), CD_OK);
	ck_assert_str_eq(f.encoding, "gzip");
	ck_assert_int_eq(f.size, 4);

	ck_assert_int_eq(found("/assets/app-1a2b.js", NULL, &f), CD_OK);
	ck_assert_ptr_null(f.encoding);
	ck_assert_int_eq(f.size, 14);

	/* No variant on disk: the plain file, whatever is accepted. */
	ck_assert_int_eq(found("/assets/logo.png", "br", &f), CD_OK);
	ck_assert_ptr_null(f.encoding);
	ck_assert_str_eq(f.type, "image/png");
}
END_TEST

START_TEST(spa_fallback)
{
	struct cd_static	f;

	ck_assert_int_eq(found("/", NULL, &f), CD_OK);
	ck_assert_str_eq(f.type, "text/html; charset=utf-8");
	ck_assert_str_eq(f.cache, "no-cache");
	ck_assert_int_eq(f.size, 15);
	ck_assert_int_eq(found("/activities", NULL, &f), CD_OK);
	ck_assert_int_eq(f.size, 15);
	ck_assert_int_eq(found("/frameworks/gri/deep", NULL, &f), CD_OK);
	ck_assert_int_eq(f.size, 15);
	/* A file name that is missing is a 404, not the app. */
	ck_assert_int_eq(found("/assets/gone-1234.js", NULL, &f),
	    CD_ENOTFOUND);
	ck_assert_int_eq(found("/favicon.ico", NULL, &f), CD_ENOTFOUND);
	/* A folder is not a file. */
	ck_assert_int_eq(found("/assets", NULL, &f), CD_OK);
	ck_assert_int_eq(f.size, 15);
}
END_TEST

START_TEST(no_escape)
{
	struct cd_static	f;

	ck_assert_int_eq(found("/../dist/index.html", NULL, &f), CD_ENOTFOUND);
	ck_assert_int_eq(found("/assets/../index.html", NULL, &f),
	    CD_ENOTFOUND);
	ck_assert_int_eq(found("/.secret", NULL, &f), CD_ENOTFOUND);
	ck_assert_int_eq(found("//etc/passwd", NULL, &f), CD_ENOTFOUND);
	ck_assert_int_eq(found("/assets\\..\\x", NULL, &f), CD_ENOTFOUND);
	ck_assert_int_eq(found("relative", NULL, &f), CD_ENOTFOUND);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("static");
	TCase	*tc = tcase_create("static");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, dashboard_paths);
	tcase_add_test(tc, accept_encoding);
	tcase_add_test(tc, files_and_encodings);
	tcase_add_test(tc, spa_fallback);
	tcase_add_test(tc, no_escape);
	suite_add_tcase(s, tc);
	return (t_run_in_tmpdir(s));
}
