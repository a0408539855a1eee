/*
 * The thread that stores an import's batches, on its own connection, one
 * at a time and in order: the rows, the refusals and the job's progress
 * in one transaction.  The runner hands it a batch and goes on to
 * calculate the next; it waits only when the writer still holds the one
 * before.  A batch that fails to commit fails the job's run: the runner
 * stops at its next hand-over and the job resumes later from the last
 * committed offset, so the batch it was calculating is simply done again.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "import.h"

static struct {
	pthread_t	 th;
	pthread_mutex_t	 mtx;
	pthread_cond_t	 cv;
	struct job	*job;
	struct batch	*batch;		/* being written; NULL when idle */
	int		 failed;	/* since the last writer_wait */
	char		 why[256];	/* the database's refusal, or "" */
	int		 quit;
	int		 started;
} w = { .mtx = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

void
batch_init(struct batch *b, const struct job *j)
{
	memset(b, 0, sizeof(*b));
	cd_store_init(&b->st, NULL, j->company, j->user[0] ? j->user : NULL,
	    j->id);
}

/* Queue the refusal c says for CSV line row. */
void
batch_reject(struct batch *b, long long row, const struct cd_calc *c)
{
	struct rejection	*r;

	if (b->nrej == b->caprej) {
		b->caprej = b->caprej ? b->caprej * 2 : 16;
		b->rej = cd_realloc(b->rej, b->caprej * sizeof(*b->rej));
	}
	r = &b->rej[b->nrej++];
	r->row = row;
	cd_strlcpy(r->field, c->field, sizeof(r->field));
	cd_strlcpy(r->code, c->code, sizeof(r->code));
	cd_strlcpy(r->msg, c->msg, sizeof(r->msg));
	b->bad++;
}

void
batch_free(struct batch *b)
{
	cd_store_free(&b->st);
	free(b->rej);
	memset(b, 0, sizeof(*b));
}

static int
reject(struct cd_tx *tx, const struct job *j, const struct rejection *r)
{
	char		 rs[24];
	const char	*p[6];

	snprintf(rs, sizeof(rs), "%lld", r->row);
	p[0] = j->company;
	p[1] = j->id;
	p[2] = rs;
	p[3] = r->field[0] ? r->field : NULL;
	p[4] = r->code;
	p[5] = r->msg;
	return (cd_tx_run(tx, "INSERT INTO job_rejections (company_id, job_id, "
	    "row_no, field, code, message) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT DO NOTHING", 6, p));
}

/*
 * Commit b with j's progress; 0 done, -1 nothing stored, with why the
 * database's reason when it was reachable and refused.  b is emptied.
 */
static int
batch_write(struct job *j, struct batch *b, char *why, size_t whylen)
{
	struct cd_tx	 tx;
	char		 o[24], n[24], d[24], r[24];
	const char	*p[5] = { j->id, o, n, d, r };
	int		 rc = -1;

	snprintf(o, sizeof(o), "%lld", b->offset);
	snprintf(n, sizeof(n), "%lld", b->next_row);
	snprintf(d, sizeof(d), "%lld", b->done);
	snprintf(r, sizeof(r), "%lld", b->bad);
	if (cd_tx_begin(&tx, j->company) != CD_OK)
		goto out;
	b->st.tx = &tx;
	for (size_t i = 0; i < b->nrej; i++)
		if (reject(&tx, j, &b->rej[i]) != 0)
			goto out;
	if (cd_store_flush(&b->st) != CD_OK || cd_tx_run(&tx, "UPDATE jobs "
	    "SET offset_bytes = $2, next_row = $3, processed = processed + $4, "
	    "rejected = rejected + $5, updated_at = now() WHERE id = $1", 5,
	    p) != 0 || cd_tx_end(&tx, 1) != CD_OK)
		goto out;
	j->offset = b->offset;
	j->next_row = b->next_row;
	j->processed += b->done;
	j->rejected += b->bad;
	if (b->done > 0)
		cd_redis_generation_bump(j->company, CD_GEN_EMISSIONS);
	rc = 0;
out:
	why[0] = '\0';
	if (rc != 0 && !tx.unavailable && tx.err != NULL)
		cd_strlcpy(why, tx.err, whylen);
	if (rc != 0)
		cd_log(CD_LOG_WARN, "import %s: a batch ending at row %lld was "
		    "not stored: %s", j->id, b->next_row - 1, tx.err ? tx.err :
		    "no database");
	if (tx.open)
		(void)cd_tx_end(&tx, 0);
	cd_tx_cleanup(&tx);
	b->st.act.len = b->st.em.len = 0;
	b->st.nact = b->st.nem = 0;
	b->st.tx = NULL;
	b->nrej = 0;
	b->done = b->bad = 0;
	return (rc);
}

static void *
writer_main(void *arg)
{
	struct batch	*b;
	struct job	*j;
	char		 why[sizeof(w.why)];
	int		 rc;

	(void)arg;
	pthread_mutex_lock(&w.mtx);
	for (;;) {
		while (w.batch == NULL && !w.quit)
			pthread_cond_wait(&w.cv, &w.mtx);
		if ((b = w.batch) == NULL)
			break;
		j = w.job;
		pthread_mutex_unlock(&w.mtx);
		rc = batch_write(j, b, why, sizeof(why));
		pthread_mutex_lock(&w.mtx);
		if (rc != 0 && !w.failed) {
			w.failed = 1;
			cd_strlcpy(w.why, why, sizeof(w.why));
		}
		w.batch = NULL;
		pthread_cond_broadcast(&w.cv);
	}
	pthread_mutex_unlock(&w.mtx);
	return (NULL);
}

int
writer_start(void)
{
	w.quit = w.failed = 0;
	if (pthread_create(&w.th, NULL, writer_main, NULL) != 0)
		return (CD_ERR);
	w.started = 1;
	return (CD_OK);
}

/* After the batch in hand, if any. */
void
writer_stop(void)
{
	if (!w.started)
		return;
	pthread_mutex_lock(&w.mtx);
	w.quit = 1;
	pthread_cond_broadcast(&w.cv);
	pthread_mutex_unlock(&w.mtx);
	(void)pthread_join(w.th, NULL);
	w.started = 0;
}

/*
 * Wait for the batch in hand; -1 when one failed since the last wait,
 * with why set to the database's refusal ("" when it was unreachable).
 */
int
writer_wait(char *why, size_t whylen)
{
	int	 failed;

	pthread_mutex_lock(&w.mtx);
	while (w.batch != NULL)
		pthread_cond_wait(&w.cv, &w.mtx);
	if ((failed = w.failed))
		cd_strlcpy(why, w.why, whylen);
	w.failed = 0;
	pthread_mutex_unlock(&w.mtx);
	return (failed ? -1 : 0);
}

/*
 * Hand b over once the batch before is stored; -1 (b not taken) when
 * that one failed.  The caller fills the other batch meanwhile.
 */
int
writer_send(struct job *j, struct batch *b)
{
	int	 rc = 0;

	pthread_mutex_lock(&w.mtx);
	while (w.batch != NULL)
		pthread_cond_wait(&w.cv, &w.mtx);
	if (w.failed)
		rc = -1;
	else {
		w.job = j;
		w.batch = b;
		pthread_cond_broadcast(&w.cv);
	}
	pthread_mutex_unlock(&w.mtx);
	return (rc);
}
