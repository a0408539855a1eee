/*
 * An upload written to disk as it arrives, for routes with CD_ROUTE_SPOOL:
 * memory stays flat whatever the size, and the file is there for a job to
 * read, or to resume, after the request has ended.  Lines are counted and
 * the SHA-256 taken on the way, so neither a job's size nor the digest an
 * Idempotency-Key is checked against needs the file read again.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"
#include "carbon.h"

int
cd_import_prepare_dir(const struct cd_config *c, char **err)
{
	struct passwd	*pw;

	if (cd_mkdir_p(c->spool_dir, 0700, err) != CD_OK)
		return (CD_ERR);
	if (geteuid() == 0 && c->user[0] != '\0' &&
	    (pw = getpwnam(c->user)) != NULL &&
	    chown(c->spool_dir, pw->pw_uid, pw->pw_gid) == -1) {
		*err = cd_asprintf("chown %s: %s", c->spool_dir,
		    strerror(errno));
		return (CD_ERR);
	}
	return (CD_OK);
}

int
cd_import_spool_open(struct cd_req *r)
{
	if ((size_t)snprintf(r->spool, sizeof(r->spool), "%s/upload-XXXXXX",
	    cd_conf->spool_dir) >= sizeof(r->spool) ||
	    (r->spool_fd = mkstemp(r->spool)) == -1) {
		cd_log(CD_LOG_ERROR, "spool %s: %s", r->spool, strerror(errno));
		r->spool[0] = '\0';
		cd_req_respond_error(r, 503, "spool_unavailable", "the upload "
		    "cannot be stored right now", NULL);
		return (CD_ERR);
	}
	r->spool_sha = cd_sha256_begin();
	return (CD_OK);
}

int
cd_import_spool_write(struct cd_req *r, const char *p, size_t n)
{
	ssize_t	w;

	if (r->spool_failed)
		return (CD_ERR);
	if (r->body_too_large || r->body_len + n > cd_conf->import_max_bytes)
		return (CD_EINVAL);
	for (const char *nl = p; (nl = memchr(nl, '\n', (size_t)(p + n -
	    nl))) != NULL; nl++)
		r->spool_lines++;
	while (n > 0) {
		if ((w = write(r->spool_fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			cd_log(CD_LOG_ERROR, "spool write: %s", strerror(errno));
			return (CD_ERR);
		}
		cd_sha256_add(r->spool_sha, p, (size_t)w);
		p += w;
		n -= (size_t)w;
		r->body_len += (size_t)w;
	}
	return (CD_OK);
}

/* Drop the spool unless a job took it (the handler clears r->spool). */
void
cd_import_spool_discard(struct cd_req *r)
{
	(void)cd_sha256_end(r->spool_sha, NULL);
	r->spool_sha = NULL;
	if (r->spool[0] == '\0')
		return;
	if (r->spool_fd != -1)
		(void)close(r->spool_fd);
	(void)unlink(r->spool);
	r->spool[0] = '\0';
	r->spool_fd = -1;
}
