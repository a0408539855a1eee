/*
 * Shared helpers for the Check unit tests: where the build tree is, and
 * a private temporary folder per test binary.
 */
#ifndef CD_TEST_HARNESS_H
#define CD_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

static inline const char *
t_build(void)
{
	return (getenv("BUILD") ? getenv("BUILD") : "build");
}

/* A fresh folder under /tmp, removed by the caller's rm -rf. */
static inline const char *
t_tmpdir(void)
{
	static char	dir[64];

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/cd-unit-XXXXXX");
		if (mkdtemp(dir) == NULL)
			ck_abort_msg("mkdtemp failed");
	}
	return (dir);
}

static inline int
t_run(Suite *s)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

/* t_run, then remove the folder t_tmpdir made; failing if it cannot. */
static inline int
t_run_in_tmpdir(Suite *s)
{
	char	cmd[96];
	int	rc;

	rc = t_run(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", t_tmpdir());
	if (system(cmd) != 0) {
		fprintf(stderr, "could not remove %s\n", t_tmpdir());
		rc = EXIT_FAILURE;
	}
	return (rc);
}

#endif
