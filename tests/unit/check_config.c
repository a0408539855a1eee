/* Unit tests for host/config.c. */
#include "harness.h"

#include "cd.h"

static struct cd_config	c;
static char		*err;

static int
parse(const char *yaml)
{
	free(err);
	err = NULL;
	cd_config_cleanup(&c);
	return (cd_config_parse(&c, yaml, strlen(yaml), "t.yaml", &err));
}

static void
teardown(void)
{
	cd_config_cleanup(&c);
	free(err);
	err = NULL;
}

START_TEST(defaults)
{
	ck_assert_int_eq(parse("{}\n"), CD_OK);
	ck_assert_int_eq(c.port, 5500);
	ck_assert_str_eq(c.listen, "127.0.0.1");
	ck_assert_int_ge(c.workers, 1);
	ck_assert_int_eq(c.threads, 4);
	ck_assert_int_eq(c.nplugin_dirs, 2);
	ck_assert_str_eq(c.plugin_dirs[0], "build/plugins");
	ck_assert_uint_eq(c.max_body, 1048576);
	ck_assert_uint_eq(c.import_max_bytes, 1073741824);
	ck_assert_int_eq(c.settings_max_age, 30);
	ck_assert_int_eq(c.access_log, 1);
	ck_assert_int_eq(c.log_level, CD_LOG_INFO);
}
END_TEST

START_TEST(values_and_lists)
{
	ck_assert_int_eq(parse("port: 8080\nworkers: 3\naccess_log: off\n"
	    "log_level: debug\nplugin_dirs:\n  - a/b\n  - c\n  - /d/e\n"
	    "max_body: 4096\nimport_max_bytes: 5000\nsettings_max_age: 2\n"),
	    CD_OK);
	ck_assert_int_eq(c.port, 8080);
	ck_assert_int_eq(c.workers, 3);
	ck_assert_int_eq(c.access_log, 0);
	ck_assert_int_eq(c.log_level, CD_LOG_DEBUG);
	ck_assert_int_eq(c.nplugin_dirs, 3);
	ck_assert_str_eq(c.plugin_dirs[2], "/d/e");
	ck_assert_uint_eq(c.max_body, 4096);
	ck_assert_uint_eq(c.import_max_bytes, 5000);
	ck_assert_int_eq(c.settings_max_age, 2);
	ck_assert_str_eq(cd_config_get(&c, "plugin_dirs"), "a/b,c,/d/e");
}
END_TEST

START_TEST(plugin_keys_nest)
{
	ck_assert_int_eq(parse("plugins:\n  gri:\n    edition: gri-2025\n"
	    "  sbti:\n    strict: true\n"), CD_OK);
	ck_assert_str_eq(cd_config_get(&c, "plugins.gri.edition"), "gri-2025");
	ck_assert_str_eq(cd_config_get(&c, "plugins.sbti.strict"), "true");
	ck_assert_ptr_null(cd_config_get(&c, "plugins.csrd.x"));
}
END_TEST

START_TEST(environment_wins)
{
	setenv("CD_PORT", "6000", 1);
	setenv("CD_PLUGIN_DIRS", "x,y", 1);
	setenv("CD_PLUGINS_GRI_EDITION", "from-env", 1);
	ck_assert_int_eq(parse("port: 7000\nplugins:\n  gri:\n"
	    "    edition: file\n"), CD_OK);
	ck_assert_int_eq(c.port, 6000);
	ck_assert_int_eq(c.nplugin_dirs, 2);
	ck_assert_str_eq(c.plugin_dirs[1], "y");
	ck_assert_str_eq(cd_config_get(&c, "plugins.gri.edition"), "from-env");
	setenv("CD_PORT", "http", 1);
	ck_assert_int_ne(parse("port: 7000\n"), CD_OK);
	ck_assert_str_eq(err, "environment CD_PORT: 'port' must be an "
	    "integer in 1..65535, not 'http'");
	unsetenv("CD_PORT");
	unsetenv("CD_PLUGIN_DIRS");
	unsetenv("CD_PLUGINS_GRI_EDITION");
}
END_TEST

START_TEST(bad_yaml_names_line)
{
	ck_assert_int_ne(parse("port: 1\nworkers: [1, 2\nthreads: 2\n"), CD_OK);
	ck_assert_ptr_nonnull(strstr(err, "t.yaml:"));
	ck_assert_msg(strncmp(err, "t.yaml:3:", 9) == 0 ||
	    strncmp(err, "t.yaml:4:", 9) == 0, "no line in '%s'", err);

	ck_assert_int_ne(parse("port: 1\n  bad indent: x\n"), CD_OK);
	ck_assert_msg(strncmp(err, "t.yaml:2:", 9) == 0, "got '%s'", err);
}
END_TEST

START_TEST(unknown_key_names_line)
{
	ck_assert_int_ne(parse("port: 1\n\nprot: 2\n"), CD_OK);
	ck_assert_str_eq(err, "t.yaml:3: unknown key 'prot'");
}
END_TEST

START_TEST(bad_values)
{
	ck_assert_int_ne(parse("port: 70000\n"), CD_OK);
	ck_assert_str_eq(err, "t.yaml:1: 'port' must be an integer in "
	    "1..65535, not '70000'");
	ck_assert_int_ne(parse("port: 1\naccess_log: maybe\n"), CD_OK);
	ck_assert_str_eq(err, "t.yaml:2: 'access_log' must be true or "
	    "false, not 'maybe'");
	ck_assert_int_ne(parse("log_level: loud\n"), CD_OK);
	ck_assert_ptr_nonnull(strstr(err, "'log_level' must be debug"));
	ck_assert_int_ne(parse("threads: 0\n"), CD_OK);
	ck_assert_int_ne(parse("port: 12abc\n"), CD_OK);
	ck_assert_int_ne(parse("- just\n- a list\n"), CD_OK);
	ck_assert_str_eq(err, "t.yaml:1: the configuration must be a "
	    "mapping of keys");
	ck_assert_int_ne(parse("port:\n  nested: 1\n"), CD_OK);
	ck_assert_ptr_nonnull(strstr(err, "unknown key 'port.nested'"));
}
END_TEST

START_TEST(docstore_keys)
{
	ck_assert_int_eq(parse("{}\n"), CD_OK);
	ck_assert_int_eq(c.docstore, CD_DOCSTORE_POSTGRES);
	ck_assert_str_eq(c.mongo_url, "");
	ck_assert_int_eq(parse("docstore: postgres\n"), CD_OK);
	ck_assert_int_eq(parse("docstore: mongodb\nmongo_url: "
	    "mongodb://db.internal:27017/cd\n"), CD_OK);
	ck_assert_int_eq(c.docstore, CD_DOCSTORE_MONGODB);
	ck_assert_str_eq(c.mongo_url, "mongodb://db.internal:27017/cd");
	ck_assert_int_ne(parse("docstore: mongo\n"), CD_OK);
	ck_assert_str_eq(err, "t.yaml:1: 'docstore' must be postgres or "
	    "mongodb, not 'mongo'");
}
END_TEST

/* mongodb without a URL never starts: -t and the host say why. */
START_TEST(docstore_mongodb_needs_url)
{
	static const char want[] = "'docstore' is mongodb but 'mongo_url' "
	    "is empty: set mongo_url (or CD_MONGO_URL) to a mongodb:// URL";

	ck_assert_int_ne(parse("docstore: mongodb\n"), CD_OK);
	ck_assert_str_eq(err, want);
	ck_assert_int_ne(parse("docstore: mongodb\nmongo_url: \"\"\n"),
	    CD_OK);
	ck_assert_str_eq(err, want);
	/* From the environment, either key. */
	setenv("CD_DOCSTORE", "mongodb", 1);
	ck_assert_int_ne(parse("{}\n"), CD_OK);
	ck_assert_str_eq(err, want);
	setenv("CD_MONGO_URL", "mongodb://127.0.0.1/cd", 1);
	ck_assert_int_eq(parse("docstore: postgres\n"), CD_OK);
	ck_assert_int_eq(c.docstore, CD_DOCSTORE_MONGODB);
	ck_assert_str_eq(c.mongo_url, "mongodb://127.0.0.1/cd");
	unsetenv("CD_DOCSTORE");
	unsetenv("CD_MONGO_URL");
	/* A URL alone changes nothing: postgres stays the store. */
	ck_assert_int_eq(parse("mongo_url: mongodb://x/y\n"), CD_OK);
	ck_assert_int_eq(c.docstore, CD_DOCSTORE_POSTGRES);
}
END_TEST

START_TEST(load_missing_file)
{
	free(err);
	err = NULL;
	ck_assert_int_ne(cd_config_load(&c, "/nonexistent/cd.yaml", &err),
	    CD_OK);
	ck_assert_str_eq(err, "/nonexistent/cd.yaml: No such file or "
	    "directory");
}
END_TEST

START_TEST(shipped_config_is_valid)
{
	free(err);
	err = NULL;
	ck_assert_msg(cd_config_load(&c, "conf/carbon-depict.yaml", &err) ==
	    CD_OK, "%s", err ? err : "");
	ck_assert_int_eq(c.port, 5500);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("config");
	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, values_and_lists);
	tcase_add_test(tc, plugin_keys_nest);
	tcase_add_test(tc, environment_wins);
	tcase_add_test(tc, bad_yaml_names_line);
	tcase_add_test(tc, unknown_key_names_line);
	tcase_add_test(tc, bad_values);
	tcase_add_test(tc, docstore_keys);
	tcase_add_test(tc, docstore_mongodb_needs_url);
	tcase_add_test(tc, load_missing_file);
	tcase_add_test(tc, shipped_config_is_valid);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
