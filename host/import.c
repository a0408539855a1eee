/*
 * CSV imports as jobs.  The upload is written to a spool file as it
 * arrives (spool.c), a job row and a job_queue row are committed
 * (api_import.c), and a runner thread in some worker does the rest: it reads the spool a
 * record at a time, calculates, and commits every BATCH rows together
 * with the job's progress (rows processed, rows rejected, and the byte
 * offset the next batch starts at).  So what the job says is processed is
 * exactly what is stored, and a host killed mid-import resumes from the
 * last committed batch when it (or any host sharing the spool folder)
 * starts again.  A session advisory lock keeps two runners off one job;
 * it goes with the connection of a runner that dies.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

#define BATCH		10000
#define CHUNK		(256 * 1024)
#define POLL_SECS	2

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

struct job {
	char		 id[37];
	char		 company[37];
	char		 user[37];
	char		 spool[PATH_MAX];
	long long	 offset;	/* of the next record */
	long long	 next_row;	/* its line number */
	long long	 processed, rejected;
	int		 col[CD_CSV_FIELDS];	/* header index per column */
	char		 names[CD_CSV_FIELDS][64];
	int		 ncols;
};

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
 * One CSV record as an activity record.  *bad names the first column
 * whose value is not UTF-8 text (JSON cannot hold it), else NULL; a
 * column whose name is not is no column the record knows.
 */
static json_t *
row_record(const struct job *j, const struct cd_csv *c, const char **bad)
{
	json_t	*o = json_object();
	char	*end;
	double	 d;

	*bad = NULL;
	for (int i = 0; i < j->ncols && i < c->nfields; i++) {
		const char *v = c->field[i], *k = j->names[i];
		if (*v == '\0' || *k == '\0' || !cd_utf8_valid(k))
			continue;
		if (!cd_utf8_valid(v)) {
			if (*bad == NULL)
				*bad = k;
			continue;
		}
		d = strtod(v, &end);
		if (!text_column(k) && *end == '\0' && isfinite(d))
			json_object_set_new(o, k, json_real(d));
		else if (!text_column(k) && strcmp(v, "true") == 0)
			json_object_set_new(o, k, json_true());
		else if (!text_column(k) && strcmp(v, "false") == 0)
			json_object_set_new(o, k, json_false());
		else
			json_object_set_new(o, k, json_string(v));
	}
	return (o);
}

static int
reject(struct cd_tx *tx, struct job *j, long long row, const char *field,
    const char *code, const char *msg)
{
	char		 rs[24];
	const char	*p[6];

	snprintf(rs, sizeof(rs), "%lld", row);
	p[0] = j->company;
	p[1] = j->id;
	p[2] = rs;
	p[3] = field && *field ? field : NULL;
	p[4] = code;
	p[5] = msg;
	return (cd_tx_run(tx, "INSERT INTO job_rejections (company_id, job_id, "
	    "row_no, field, code, message) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT DO NOTHING", 6, p));
}

/* Commit the batch with the job's progress; begin the next. */
static int
batch_commit(struct cd_tx *tx, struct cd_store *st, struct job *j,
    long long offset, long long next_row, long long done, long long bad)
{
	char		 o[24], n[24], d[24], b[24];
	const char	*p[5] = { j->id, o, n, d, b };

	snprintf(o, sizeof(o), "%lld", offset);
	snprintf(n, sizeof(n), "%lld", next_row);
	snprintf(d, sizeof(d), "%lld", done);
	snprintf(b, sizeof(b), "%lld", bad);
	if (cd_store_flush(st) != CD_OK || cd_tx_run(tx, "UPDATE jobs SET "
	    "offset_bytes = $2, next_row = $3, processed = processed + $4, "
	    "rejected = rejected + $5, updated_at = now() WHERE id = $1", 5,
	    p) != 0 || cd_tx_end(tx, 1) != CD_OK)
		return (-1);
	cd_tx_cleanup(tx);
	j->offset = offset;
	j->next_row = next_row;
	j->processed += done;
	j->rejected += bad;
	if (done > 0)
		cd_redis_generation_bump(j->company, CD_GEN_EMISSIONS);
	return (cd_tx_begin(tx, j->company) == CD_OK ? 0 : -1);
}

/* The header: which column is which. */
static int
job_header(struct job *j, const struct cd_csv *c)
{
	j->ncols = c->nfields;
	for (int i = 0; i < c->nfields; i++)
		cd_strlcpy(j->names[i], c->field[i], sizeof(j->names[i]));
	return (c->error == NULL ? 0 : -1);
}

/*
 * Run the job from its committed offset to the end.  0 done, -1 to try
 * again later (the database went away, or the host is stopping).
 */
static int
job_run(struct job *j, struct cd_calc *calc, struct cd_csv *csv, char *buf)
{
	struct cd_calc_env	 env;
	struct cd_store		 st;
	struct cd_tx		 tx;
	long long		 base, done = 0, bad = 0, rows = 0;
	size_t			 n, off, used;
	int			 fd, header, rc = -1, eof = 0;
	char			 id[37];

	if ((fd = open(j->spool, O_RDONLY | O_CLOEXEC)) == -1) {
		job_fail(j, "the upload's spool file is gone");
		return (0);
	}
	memset(&env, 0, sizeof(env));
	cd_store_init(&st, &tx, j->company, j->user[0] ? j->user : NULL, j->id);
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
			const char *notext;
			json_t *rec = row_record(j, csv, &notext);
			int crc = csv->error ? cd_calc_refuse(calc, "invalid_row",
			    NULL, "%s", csv->error) : notext != NULL ?
			    cd_calc_refuse(calc, "invalid_field", notext, "%s is "
			    "not UTF-8 text", notext) :
			    cd_calc_run(calc, &env, &tx, rec);
			/* The calculation's strings point into rec. */
			if (crc == CD_OK) {
				cd_store_add(&st, calc, csv->line, id);
				done++;
			}
			json_decref(rec);
			if (crc == CD_EUNAVAIL)
				goto out;
			if (crc != CD_OK && reject(&tx, j, csv->line,
			    calc->field, calc->code, calc->msg) == 0)
				bad++;
			else if (crc != CD_OK)
				goto out;
			if (++rows % BATCH == 0) {
				if (batch_commit(&tx, &st, j, base +
				    (long long)(off + used), csv->next_line,
				    done, bad) != 0)
					goto out;
				done = bad = 0;
				if (__atomic_load_n(&stop, __ATOMIC_RELAXED))
					goto out;
			}
			if (eof)
				break;
		}
		base += (long long)n;
	}
	if (batch_commit(&tx, &st, j, base, csv->next_line, done, bad) != 0)
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
	if (rc != 0)
		cd_log(CD_LOG_WARN, "import %s paused at row %lld: %s", j->id,
		    j->next_row, tx.err ? tx.err : "stopping or no database");
	if (tx.open)
		(void)cd_tx_end(&tx, 0);
	cd_tx_cleanup(&tx);
	cd_store_free(&st);
	cd_calc_env_free(&env);
	(void)close(fd);
	return (rc);
}

/* Claim one queued job no other runner holds; 1 when one ran. */
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
		if (job_read(j) == 1)
			(void)job_run(j, calc, csv, buf);
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
	if (pthread_create(&runner, NULL, runner_main, NULL) != 0)
		return (CD_ERR);
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
	running = 0;
}
