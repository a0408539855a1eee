/*
 * The SDK as a third-party author meets it: `make install`, then the
 * template built in a folder of its own with nothing but the installed
 * header and pkg-config file, then loaded by the host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "hostproc.h"

START_TEST(template_builds_out_of_tree_and_loads)
{
	struct host	 h = { 0 };
	struct resp	 r;
	char		 tmp[64], yaml[256];
	char		*report;

	snprintf(tmp, sizeof(tmp), "/tmp/cd-sdk-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	ck_assert_int_eq(h_sh("make -s install BUILD=%s PREFIX=%s/prefix "
	    ">%s/install.log 2>&1", h_build(), tmp, tmp), 0);
	ck_assert_int_eq(h_sh("test -f %s/prefix/include/carbondepict/sdk.h && "
	    "test -f %s/prefix/lib/pkgconfig/carbondepict-sdk.pc && "
	    "test -x %s/prefix/bin/carbon-depict", tmp, tmp, tmp), 0);

	/* Only the installed files: no -I into this source tree. */
	ck_assert_int_eq(h_sh("cp -r %s/prefix/share/carbon-depict/template "
	    "%s/tpl && cd %s/tpl && PKG_CONFIG_PATH=%s/prefix/lib/pkgconfig "
	    "make >build.log 2>&1 && test -f template.so && "
	    "! grep -q -- '-I[^ ]*sdk/include' build.log", tmp, tmp, tmp, tmp),
	    0);

	snprintf(yaml, sizeof(yaml), "plugin_dirs:\n  - %s/tpl\n", tmp);
	ck_assert_int_eq(h_start(&h, yaml), 0);
	ck_assert_int_eq(h_get(&h, "/api/template/hello", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"hello\":\"world\""));
	h_resp_free(&r);
	ck_assert_int_eq(h_get(&h, "/api/plugins", &r), 0);
	ck_assert_ptr_nonnull(strstr(r.body, "\"name\":\"template\""));
	h_resp_free(&r);
	ck_assert_int_eq(h_stop(&h), 0);
	report = h_log_sanitizer_report(&h);
	ck_assert_msg(report == NULL, "sanitizer: %s", report);
	h_sh("rm -rf %s %s", h.dir, tmp);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("sdk");
	tc = tcase_create("out-of-tree");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, template_builds_out_of_tree_and_loads);
	suite_add_tcase(s, tc);
	return (h_run(s));
}
