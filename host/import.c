/*
 * CSV imports as jobs.  The upload is written to a spool file as it
 * arrives (spool.c), a job row and a job_queue row are committed
 * (api_import.c), and a runner thread in some worker does the rest: it
 * reads the spool a record at a time, calculates, and hands every BATCH
 * rows to the writer thread (import_writer.c), which commits them together
 * with the job's progress (rows processed, rows rejected, and the byte
 * offset the next batch starts at) while the runner calculates the next.
 * So what the job says is processed is exactly what is stored, and a host
 * killed mid-import resumes from the last committed batch when it (or any
 * host sharing the spool folder) starts again.  A session advisory lock
 * keeps two runners off one job; it goes with the connection of a runner
 * that dies.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "import.h"

#define BATCH		10000
#define CHUNK		(256 * 1024)
#define POLL_SECS	2
#define REFUSALS	3	/* the database refused a batch: tries */

static pthread_t		 runner;
static int			 running;
static pthread_mutex_t		 mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		 wake = PTHREAD_COND_INITIALIZER;
static int			 stop, kicked;

/* Ask the runner to look at the queue now. */
void
cd_import_kick(void)
{
	pthread_mutex_lock(&mtx);
	kicked = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&mtx);
}

static void
job_fail(struct job *j, const char *why)
{
	struct cd_tx	 tx;
	const char	*p[2] = { j->id, why };

	cd_log(CD_LOG_ERROR, "import %s failed: %s", j->id, why);
	if (cd_tx_begin(&tx, j->company) == CD_OK &&
	    cd_tx_run(&tx, "UPDATE jobs SET state = 'failed', error = $2, "
	    "updated_at = now() WHERE id = $1", 2, p) == 0 &&
	    cd_tx_run(&tx, "DELETE FROM job_queue WHERE job_id = $1", 1, p) == 0)
		(void)cd_tx_end(&tx, 1);
	else
		(void)cd_tx_end(&tx, 0);
	cd_tx_cleanup(&tx);
}

/* Read the job's row; 1 when it is still to run. */
static int
job_read(struct job *j)
{
	struct cd_tx	 tx;
	PGresult	*res;
	const char	*p[1] = { j->id };
	int		 todo = 0;

	if (cd_tx_begin(&tx, j->company) == CD_OK &&
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, "UPDATE jobs SET state = "
	    "'running', updated_at = now() WHERE id = $1 AND state IN "
	    "('queued', 'running') RETURNING coalesce(spool, ''), "
	    "offset_bytes, next_row, processed, rejected, "
	    "coalesce(created_by::text, '')", 1, p)) != NULL) {
		if ((todo = PQntuples(res) == 1)) {
			cd_strlcpy(j->spool, PQgetvalue(res, 0, 0),
			    sizeof(j->spool));
			j->offset = atoll(PQgetvalue(res, 0, 1));
			j->next_row = atoll(PQgetvalue(res, 0, 2));
			j->processed = atoll(PQgetvalue(res, 0, 3));
			j->rejected = atoll(PQgetvalue(res, 0, 4));
			cd_strlcpy(j->user, PQgetvalue(res, 0, 5),
			    sizeof(j->user));
		} else
			(void)cd_tx_run(&tx, "DELETE FROM job_queue WHERE job_id "
			    "= $1", 1, p);
		PQclear(res);
	}
	if (cd_tx_end(&tx, 1) != CD_OK)
		todo = -1;
	cd_tx_cleanup(&tx);
	return (todo);
}

/* Columns whose values stay text whatever they look like. */
static int
text_column(const char *name)
{
	static const char *const names[] = { "category", "activity", "unit",
	    "period_start", "period_end", "facility_id", "factor_set", "gwp",
	    "method", NULL };

	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return (1);
	return (0);
}

/*
 * One CSV record as an activity record, into *out.  CD_EINVAL, refused in
 * calc, when a value would not reach the record whole: text that is not
 * UTF-8 (JSON cannot carry it, and an optional field such as facility_id
 * would be left out unseen), or a value under no named column.
 */
static int
row_record(const struct job *j, const struct cd_csv *c, struct cd_calc *calc,
    json_t **out)
{
	json_t	*o;
	char	*end;
	double	 d;

	*out = NULL;
	for (int i = 0; i < c->nfields; i++) {
		const char *v = c->field[i];
		if (*v == '\0')
			continue;
		if (i >= j->ncols || j->names[i][0] == '\0')
			return (cd_calc_refuse(calc, "invalid_row", NULL,
			    "field %d has a value but the header names no "
			    "column %d", i + 1, i + 1));
		if (!cd_utf8_valid(v))
			return (cd_calc_refuse(calc, "invalid_field",
			    j->names[i], "%s is not UTF-8 text", j->names[i]));
	}
	o = json_object();
	for (int i = 0; i < j->ncols && i < c->nfields; i++) {
		const char *v = c->field[i], *k = j->names[i];
		if (*v == '\0' || *k == '\0')
			continue;
		/* Decimal only: strtod would read "0x10" as 16, " 1" as 1. */
		d = strtod(v, &end);
		if (!text_column(k) && *end == '\0' && isfinite(d) &&
		    strspn(v, "0123456789+-.eE") == strlen(v))
			json_object_set_new(o, k, json_real(d));
		else if (!text_column(k) && strcmp(v, "true") == 0)
			json_object_set_new(o, k, json_true());
		else if (!text_column(k) && strcmp(v, "false") == 0)
			json_object_set_new(o, k, json_false());
		else
			json_object_set_new(o, k, json_string(v));
	}
	*out = o;
	return (CD_OK);
}

/*
 * The header record as column names, in place: the UTF-8 byte order mark
 * a spreadsheet writes before the first, spaces around each and letter
 * case go.  0, or -1 with why saying what keeps the header from naming
 * the columns: a malformed record, a name not UTF-8, a name twice.
 */
int
cd_import_header(struct cd_csv *c, char *why, size_t len)
{
	if (c->error != NULL) {
		snprintf(why, len, "the header is malformed: %s", c->error);
		return (-1);
	}
	for (int i = 0; i < c->nfields; i++) {
		char *f = c->field[i], *s = f;
		size_t n;
		if (i == 0 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		s += strspn(s, " \t");
		n = strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		memmove(f, s, n);
		f[n] = '\0';
		for (; *f != '\0'; f++)
			*f = (char)tolower((unsigned char)*f);
		if (!cd_utf8_valid(c->field[i])) {
			snprintf(why, len, "the header's column %d is not UTF-8 "
			    "text", i + 1);
			return (-1);
		}
		for (int k = 0; k < i && c->field[i][0] != '\0'; k++)
			if (strcmp(c->field[k], c->field[i]) == 0) {
				snprintf(why, len, "the header names the column "
				    "%.64s twice", c->field[i]);
				return (-1);
			}
	}
	return (0);
}

/* The header: which column is which (the upload checked it). */
static int
job_header(struct job *j, struct cd_csv *c)
{
	char	why[160];

	if (cd_import_header(c, why, sizeof(why)) != 0)
		return (-1);
	j->ncols = c->nfields;
	for (int i = 0; i < c->nfields; i++)
		cd_strlcpy(j->names[i], c->field[i], sizeof(j->names[i]));
	return (0);
}

/*
 * Run the job from its committed offset to the end.  0 done, -1 to try
 * again later (the database went away, or the host is stopping).
 */
static int
job_run(struct job *j, struct cd_calc *calc, struct cd_csv *csv, char *buf)
{
	struct cd_calc_env	 env;
	struct batch		 bs[2], *b = &bs[0];
	struct cd_tx		 tx;
	long long		 base, rows = 0;
	size_t			 n, off, used;
	int			 fd, header, rc = -1, eof = 0;
	char			 id[37];

	if ((fd = open(j->spool, O_RDONLY | O_CLOEXEC)) == -1) {
		job_fail(j, "the upload's spool file is gone");
		return (0);
	}
	memset(&env, 0, sizeof(env));
	batch_init(&bs[0], j);
	batch_init(&bs[1], j);
	if (cd_tx_begin(&tx, j->company) != CD_OK ||
	    cd_calc_env_load(&env, &tx, j->company) != CD_OK)
		goto out;
	/* The header first, then on from the committed offset. */
	header = 1;
	base = 0;
	cd_csv_init(csv, 1);
	while (!eof) {
		ssize_t got = pread(fd, buf, CHUNK, base);
		if (got == -1)
			goto out;
		n = (size_t)got;
		eof = n == 0;
		for (off = 0; ; off += used) {
			int whole = cd_csv_feed(csv, buf + off, n - off, &used);
			if (!whole && !(eof && cd_csv_finish(csv)))
				break;
			if (header) {
				header = 0;
				if (job_header(j, csv) != 0) {
					job_fail(j, "the header is malformed");
					rc = 0;
					goto out;
				}
				if (j->offset > base + (long long)(off + used)) {
					/* Resume: skip what is committed. */
					base = j->offset;
					cd_csv_init(csv, j->next_row);
					n = 0;
					break;
				}
				continue;
			}
			if (cd_csv_blank(csv))
				continue;
			json_t *rec = NULL;
			int crc = csv->error ? cd_calc_refuse(calc, "invalid_row",
			    NULL, "%s", csv->error) :
			    row_record(j, csv, calc, &rec) != CD_OK ? CD_EINVAL :
			    cd_calc_run(calc, &env, &tx, rec);
			/* The calculation's strings point into rec. */
			if (crc == CD_OK) {
				cd_store_add(&b->st, calc, csv->line, id);
				b->done++;
			}
			json_decref(rec);
			if (crc == CD_ERR && tx.err != NULL)
				cd_strlcpy(j->why, tx.err, sizeof(j->why));
			if (crc != CD_OK && crc != CD_EINVAL)
				goto out;	/* the database's, not the row's */
			if (crc != CD_OK)
				batch_reject(b, csv->line, calc);
			if (++rows % BATCH == 0) {
				b->offset = base + (long long)(off + used);
				b->next_row = csv->next_line;
				if (writer_send(j, b) != 0)
					goto out;
				b = b == &bs[0] ? &bs[1] : &bs[0];
				if (__atomic_load_n(&stop, __ATOMIC_RELAXED))
					goto out;
			}
			if (eof)
				break;
		}
		base += (long long)n;
	}
	b->offset = base;
	b->next_row = csv->next_line;
	if (writer_send(j, b) != 0 || writer_wait(j->why, sizeof(j->why)) != 0)
		goto out;
	{
		const char *p[1] = { j->id };
		json_t *d = json_pack("{s:I, s:I}", "processed",
		    (json_int_t)j->processed, "rejected",
		    (json_int_t)j->rejected);
		if (cd_tx_run(&tx, "UPDATE jobs SET state = 'done', total = "
		    "processed + rejected, updated_at = now() WHERE id = $1", 1,
		    p) == 0 && cd_tx_run(&tx, "DELETE FROM job_queue WHERE "
		    "job_id = $1", 1, p) == 0 && cd_audit(&tx, NULL, j->company,
		    "activities.import", j->id, d) == CD_OK &&
		    cd_tx_end(&tx, 1) == CD_OK) {
			(void)unlink(j->spool);
			cd_log(CD_LOG_INFO, "import %s done: %lld stored, %lld "
			    "rejected", j->id, j->processed, j->rejected);
			rc = 0;
		}
		json_decref(d);
	}
out:
	if (writer_wait(j->why, sizeof(j->why)) != 0)
		rc = -1;
	if (rc != 0)
		cd_log(CD_LOG_WARN, "import %s paused at row %lld: %s", j->id,
		    j->next_row, tx.err ? tx.err : "stopping or no database");
	if (tx.open)
		(void)cd_tx_end(&tx, 0);
	cd_tx_cleanup(&tx);
	batch_free(&bs[0]);
	batch_free(&bs[1]);
	cd_calc_env_free(&env);
	(void)close(fd);
	return (rc);
}

/*
 * The database refused a batch (it was reachable: a constraint, a value
 * it will not take).  Tried again after POLL_SECS; refused REFUSALS times
 * in a row at the same line, by any worker or host, the job fails with the
 * database's reason, keeping the batches committed before: it never stays
 * running for good.
 */
static void
job_refused(struct job *j)
{
	struct cd_tx	 tx;
	PGresult	*res;
	char		 line[24], why[512];
	const char	*p[2] = { j->id, line };
	int		 n = 0;

	snprintf(line, sizeof(line), "%lld", j->next_row);
	if (cd_tx_begin(&tx, j->company) == CD_OK &&
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, "UPDATE jobs SET "
	    "refusals = CASE WHEN refused_line = $2 THEN refusals + 1 ELSE 1 "
	    "END, refused_line = $2 WHERE id = $1 RETURNING refusals", 2,
	    p)) != NULL) {
		if (PQntuples(res) == 1)
			n = atoi(PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	if (cd_tx_end(&tx, 1) != CD_OK)
		n = 0;
	cd_tx_cleanup(&tx);
	if (n < REFUSALS)
		return;
	snprintf(why, sizeof(why), "the database refused the rows from line "
	    "%lld on, %d times: %s", j->next_row, n, j->why);
	job_fail(j, why);
}

/* Claim one queued job no other runner holds; 1 when one ran to its end. */
static int
runner_pass(struct cd_calc *calc, struct cd_csv *csv, char *buf)
{
	struct cd_tx	 tx;
	PGresult	*res;
	struct job	*j;
	const char	*p[1];
	int		 ran = 0;

	if (cd_tx_begin(&tx, NULL) != CD_OK ||
	    (res = (PGresult *)cd_tx_exec_fixed(&tx, "SELECT job_id, "
	    "company_id FROM job_queue ORDER BY queued_at LIMIT 50", 0,
	    NULL)) == NULL) {
		if (!tx.unavailable)
			cd_log(CD_LOG_ERROR, "import queue: %s", tx.err ?
			    tx.err : "?");
		(void)cd_tx_end(&tx, 0);
		cd_tx_cleanup(&tx);
		return (0);
	}
	j = cd_calloc(1, sizeof(*j));
	for (int i = 0; i < PQntuples(res) && !ran; i++) {
		PGresult *lk;
		p[0] = PQgetvalue(res, i, 0);
		lk = (PGresult *)cd_tx_exec_fixed(&tx, "SELECT "
		    "pg_try_advisory_lock(hashtextextended($1, 0))", 1, p);
		if (lk == NULL)
			break;
		if (strcmp(PQgetvalue(lk, 0, 0), "t") == 0) {
			cd_strlcpy(j->id, p[0], sizeof(j->id));
			cd_strlcpy(j->company, PQgetvalue(res, i, 1),
			    sizeof(j->company));
			ran = 1;
		}
		PQclear(lk);
	}
	PQclear(res);
	(void)cd_tx_end(&tx, 1);
	cd_tx_cleanup(&tx);
	if (ran) {
		if (job_read(j) == 1 && job_run(j, calc, csv, buf) != 0) {
			ran = 0;	/* paused: wait before trying again */
			if (j->why[0] != '\0')
				job_refused(j);
		}
		p[0] = j->id;
		if (cd_tx_begin(&tx, NULL) == CD_OK)
			(void)cd_tx_run(&tx, "SELECT pg_advisory_unlock("
			    "hashtextextended($1, 0))", 1, p);
		(void)cd_tx_end(&tx, 1);
		cd_tx_cleanup(&tx);
	}
	free(j);
	return (ran);
}

static void *
runner_main(void *arg)
{
	struct cd_calc	*calc = cd_malloc(sizeof(*calc));
	struct cd_csv	*csv = cd_malloc(sizeof(*csv));
	char		*buf = cd_malloc(CHUNK);
	struct timespec	 ts;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (runner_pass(calc, csv, buf))
			continue;
		pthread_mutex_lock(&mtx);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += POLL_SECS;
		while (!kicked && !stop &&
		    pthread_cond_timedwait(&wake, &mtx, &ts) == 0)
			;
		kicked = 0;
		pthread_mutex_unlock(&mtx);
		cd_log_flush();
	}
	free(buf);
	free(csv);
	free(calc);
	return (NULL);
}

int
cd_import_start(const struct cd_config *c)
{
	(void)c;
	if (!cd_db_configured())
		return (CD_OK);
	if (writer_start() != CD_OK)
		return (CD_ERR);
	if (pthread_create(&runner, NULL, runner_main, NULL) != 0) {
		writer_stop();
		return (CD_ERR);
	}
	running = 1;
	return (CD_OK);
}

/* Stop after the batch in hand; what is not committed runs again later. */
void
cd_import_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mtx);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&mtx);
	(void)pthread_join(runner, NULL);
	writer_stop();
	running = 0;
}
