/*
 * Integration test harness for the host's stores: a private PostgreSQL 15
 * and a private Redis, each on a free loopback port, with all their files
 * in one temp folder that s_stop removes.
 *
 * The servers outlive the process that started them (PostgreSQL through
 * pg_ctl, Redis found again through its pid file), so a test forked by
 * Check may stop and restart one and the suite's s_stop still finds it.
 * Call s_start/s_stop from an unchecked fixture (or from the process that
 * outlives the tests): a crashing test then cannot skip s_stop.
 */
#ifndef CD_SERVICES_H
#define CD_SERVICES_H

#include <sys/types.h>

#include <stddef.h>

struct services {
	int	pg_port;
	int	redis_port;
	char	dir[64];		/* /tmp/cd-svc-XXXXXX; "" once stopped */
	char	pg_url[256];		/* the application: cd_app, no superuser */
	char	pg_admin_url[256];	/* the superuser, for fixtures only */
	char	redis_url[128];
	pid_t	redis_pid;		/* as started here; the pid file wins */
};

/* A port free on 127.0.0.1 just now (the kernel's pick for port 0). */
int	s_free_port(void);

/* Both servers, 0 on success; on failure says why on stderr, leaves none. */
int	s_start(struct services *);

/* Both down, the folder gone; harmless twice.  Ports and URLs remain. */
void	s_stop(struct services *);

/* For outage tests: 0 once the server is down / up again on its port. */
int	s_pg_stop(struct services *);
int	s_pg_start(struct services *);
int	s_redis_stop(struct services *);
int	s_redis_start(struct services *);

/*
 * SQL as the superuser through psql -At (statements one at a time, stop
 * at the first error); its output without trailing newlines into out
 * (may be NULL).  Returns psql's exit status: 0 ok, 3 an SQL error.
 */
int	s_psql(const struct services *, const char *sql, char *out, size_t);

#endif
