/*
 * Schema migrations: the files NNNN_name.sql in migrations_dir, applied
 * in order by the master before any worker starts.  Each runs in its own
 * transaction and is recorded with its SHA-256 in schema_migrations; an
 * advisory lock keeps two hosts from migrating at once.  An applied file
 * that has since changed stops the host: history is never rewritten.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cd.h"

#define MIGRATE_LOCK	"7310421"	/* pg_advisory_lock key */
#define MIGRATIONS_MAX	256

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static int
exec_ok(PGconn *c, PGresult *res, char **err, const char *what)
{
	ExecStatusType	st = PQresultStatus(res);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		return (CD_OK);
	}
	*err = cd_asprintf("%s: %s", what, PQerrorMessage(c));
	PQclear(res);
	return (CD_ERR);
}

/* Apply one file unless already applied with the same checksum. */
static int
migrate_one(PGconn *c, const char *dir, const char *name, int *applied,
    char **err)
{
	const char	*params[3];
	PGresult	*res;
	char		 path[PATH_MAX], sum[65], version[16];
	char		*sql;
	size_t		 len;
	int		 rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		*err = cd_asprintf("%s/%s: path too long", dir, name);
		return (CD_ERR);
	}
	if ((sql = cd_file_read(path, 16 << 20, &len, err)) == NULL)
		return (CD_ERR);
	cd_sha256_hex(sql, len, sum);
	memcpy(version, name, 4);	/* the caller checked four digits */
	version[4] = '\0';
	params[0] = version;
	params[1] = name;
	params[2] = sum;
	res = PQexecParams(c, "SELECT checksum FROM schema_migrations WHERE "
	    "version = $1", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		free(sql);
		return (exec_ok(c, res, err, "schema_migrations"));
	}
	if (PQntuples(res) == 1) {
		rc = strcmp(PQgetvalue(res, 0, 0), sum) == 0 ? CD_OK : CD_ERR;
		if (rc != CD_OK)
			*err = cd_asprintf("migration %s was changed after it "
			    "was applied (checksum differs); write a new "
			    "migration instead", name);
		PQclear(res);
		free(sql);
		return (rc);
	}
	PQclear(res);

	if ((rc = exec_ok(c, PQexec(c, "BEGIN"), err, name)) == CD_OK &&
	    (rc = exec_ok(c, PQexec(c, sql), err, name)) == CD_OK)
		rc = exec_ok(c, PQexecParams(c, "INSERT INTO schema_migrations "
		    "(version, name, checksum) VALUES ($1, $2, $3)", 3, NULL,
		    params, NULL, NULL, 0), err, name);
	if (rc == CD_OK)
		rc = exec_ok(c, PQexec(c, "COMMIT"), err, name);
	else
		PQclear(PQexec(c, "ROLLBACK"));
	free(sql);
	if (rc == CD_OK) {
		cd_log(CD_LOG_INFO, "migration %s applied", name);
		(*applied)++;
	}
	return (rc);
}

int
cd_migrate(const struct cd_config *conf, char **err)
{
	struct dirent	*de;
	DIR		*d;
	PGconn		*c;
	char		*names[MIGRATIONS_MAX];
	size_t		 n, i;
	int		 rc, applied;

	c = PQconnectdb(conf->database_url);
	if (PQstatus(c) != CONNECTION_OK) {
		*err = cd_asprintf("database: %s", PQerrorMessage(c));
		PQfinish(c);
		return (CD_EUNAVAIL);
	}
	if ((d = opendir(conf->migrations_dir)) == NULL) {
		*err = cd_asprintf("%s: %s", conf->migrations_dir,
		    strerror(errno));
		PQfinish(c);
		return (CD_ERR);
	}
	n = 0;
	while ((de = readdir(d)) != NULL && n < MIGRATIONS_MAX) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".sql") == 0 &&
		    strspn(de->d_name, "0123456789") == 4)
			names[n++] = cd_strdup(de->d_name);
	}
	(void)closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);

	applied = 0;
	rc = exec_ok(c, PQexec(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")"),
	    err, "advisory lock");
	if (rc == CD_OK)
		rc = exec_ok(c, PQexec(c, "CREATE TABLE IF NOT EXISTS "
		    "schema_migrations (version text PRIMARY KEY, name text NOT "
		    "NULL, checksum text NOT NULL, applied_at timestamptz NOT "
		    "NULL DEFAULT now())"), err, "schema_migrations");
	for (i = 0; i < n && rc == CD_OK; i++)
		rc = migrate_one(c, conf->migrations_dir, names[i], &applied,
		    err);
	for (i = 0; i < n; i++)
		free(names[i]);
	PQclear(PQexec(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")"));
	PQfinish(c);
	if (rc == CD_OK)
		cd_log(CD_LOG_INFO, "schema up to date: %zu migrations, %d "
		    "applied now", n, applied);
	return (rc);
}
