/*
 * Activities and their emission rows, written with COPY in the caller's
 * transaction: the same path for a batch of ten records and an import of
 * a million.  Ids are made here (time-ordered, so the indexes grow at
 * one end), and the emission rows can name their activity without a
 * round trip.  The rollups follow by trigger in the
 * same transaction (migration 0004).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

/* A COPY text field: backslash, tab, newline and CR escaped. */
static void
copy_text(struct cd_buf *b, const char *s)
{
	const char	*run = s;

	for (; *s != '\0'; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" :
		    *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : NULL;
		if (esc == NULL)
			continue;
		cd_buf_add(b, run, (size_t)(s - run));
		cd_buf_str(b, esc);
		run = s + 1;
	}
	cd_buf_add(b, run, (size_t)(s - run));
}

static void
copy_num(struct cd_buf *b, double d)
{
	char	n[32];

	if (!isfinite(d))
		cd_buf_str(b, "\\N");
	else {
		snprintf(n, sizeof(n), "%.17g", d);
		cd_buf_str(b, n);
	}
}

/* A JSON text as one COPY field and a tab; w is emptied for the next. */
static void
copy_json(struct cd_buf *b, struct cd_jsonw *w)
{
	copy_text(b, w->b.p);
	cd_buf_add(b, "\t", 1);
	cd_jsonw_reset(w);
}

void
cd_store_init(struct cd_store *s, struct cd_tx *tx, const char *company,
    const char *user, const char *job)
{
	memset(s, 0, sizeof(*s));
	s->tx = tx;
	s->company = company;
	s->user = user;
	s->job = job;
}

static void
tab(struct cd_buf *b)
{
	cd_buf_add(b, "\t", 1);
}

static void
store_emission(struct cd_store *s, const struct cd_calc *c, const char *act,
    const struct cd_calc_result *o)
{
	static const char *const tiers[] = { "", "measured", "calculated",
	    "estimated", "spend_based" };
	const struct cd_result	*r = &o->r;
	const struct cd_factor	*f = &o->f;
	struct cd_buf		*b = &s->em;
	struct cd_jsonw		 j;
	char			 n[32], id[37];

	/* id, company_id, activity_id, scope, category, co2e_kg */
	cd_uuid7(id);
	snprintf(n, sizeof(n), "%d", r->scope);
	cd_buf_str(b, id); tab(b);
	cd_buf_str(b, s->company); tab(b);
	cd_buf_str(b, act); tab(b);
	cd_buf_str(b, n); tab(b);
	copy_text(b, c->category); tab(b);
	copy_num(b, r->co2e_kg); tab(b);
	/* gases */
	cd_jsonw_init(&j, 512);
	cd_jsonw_open(&j, '{');
	for (int i = 0; i < r->ngases; i++) {
		char k[48];
		snprintf(k, sizeof(k), "%s_kg", r->gases[i].name);
		cd_jsonw_kreal(&j, k, r->gases[i].kg);
	}
	cd_jsonw_close(&j, '}');
	copy_json(b, &j);
	/* factor: enough to find the row and see what was applied */
	cd_jsonw_open(&j, '{');
	cd_jsonw_kstr(&j, "set", f->set);
	cd_jsonw_kstr(&j, "id", f->id);
	cd_jsonw_kreal(&j, "value", r->factor_value);
	cd_jsonw_kstr(&j, "unit", f->unit);
	cd_jsonw_kreal(&j, "published_co2e", f->co2e);
	cd_jsonw_kstr(&j, "gwp", f->gwp_set);
	cd_jsonw_kstr(&j, "source", f->source);
	cd_jsonw_kreal(&j, "quantity", r->quantity);
	cd_jsonw_kstr(&j, "note", r->note);
	cd_jsonw_close(&j, '}');
	copy_json(b, &j);
	/* calculator */
	cd_jsonw_open(&j, '{');
	cd_jsonw_kstr(&j, "name", c->calculator);
	cd_jsonw_kstr(&j, "version", c->calc_version);
	cd_jsonw_close(&j, '}');
	copy_json(b, &j);
	cd_jsonw_cleanup(&j);
	/* gwp, method, scope3_category, facility_id, period_start */
	cd_buf_str(b, c->gwp); tab(b);
	cd_buf_str(b, r->method ? r->method : "\\N"); tab(b);
	snprintf(n, sizeof(n), "%d", r->scope3_category);
	cd_buf_str(b, r->scope3_category ? n : "\\N"); tab(b);
	cd_buf_str(b, c->facility ? c->facility->id : "\\N"); tab(b);
	cd_buf_str(b, c->period_start); tab(b);
	/* factor_set, biogenic_co2_kg, tier */
	copy_text(b, f->set); tab(b);
	copy_num(b, r->biogenic_co2_kg); tab(b);
	cd_buf_str(b, tiers[r->tier]); tab(b);
	cd_buf_str(b, s->run ? s->run : "\\N");
	cd_buf_str(b, "\n");
	s->nem++;
}

/* Queue c's activity (id made here, into id) and its emission rows. */
void
cd_store_add(struct cd_store *s, const struct cd_calc *c, long long row,
    char id[37])
{
	struct cd_buf	*b = &s->act;
	char		*rec, n[32];

	cd_uuid7(id);
	cd_buf_str(b, id); tab(b);
	cd_buf_str(b, s->company); tab(b);
	cd_buf_str(b, c->facility ? c->facility->id : "\\N"); tab(b);
	copy_text(b, c->category); tab(b);
	copy_text(b, c->activity); tab(b);
	copy_num(b, c->quantity); tab(b);
	copy_text(b, c->unit); tab(b);
	cd_buf_str(b, c->period_start); tab(b);
	cd_buf_str(b, c->period_end); tab(b);
	rec = json_dumps(c->record, JSON_COMPACT);
	copy_text(b, rec ? rec : "{}"); tab(b);
	free(rec);
	cd_buf_str(b, s->user && *s->user ? s->user : "\\N"); tab(b);
	cd_buf_str(b, s->job ? s->job : "\\N"); tab(b);
	snprintf(n, sizeof(n), "%lld", row);
	cd_buf_str(b, row > 0 ? n : "\\N");
	cd_buf_str(b, "\n");
	s->nact++;
	cd_store_add_emissions(s, c, id);
}

/* Queue c's emission rows for an activity already stored. */
void
cd_store_add_emissions(struct cd_store *s, const struct cd_calc *c,
    const char *activity)
{
	for (int i = 0; i < c->nres; i++)
		store_emission(s, c, activity, &c->res[i]);
}

/*
 * COPY refuses tables under row-level security, so rows go to a
 * session's staging table first and on with one INSERT ... SELECT, which
 * the policies check row by row.
 */
static int
store_stage(struct cd_tx *tx, const char *table, const char *cols,
    const struct cd_buf *b)
{
	PGresult	*res;
	char		 sql[512];

	snprintf(sql, sizeof(sql), "CREATE TEMP TABLE IF NOT EXISTS "
	    "cd_stage_%s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
	    table, table);
	if ((res = (PGresult *)cd_tx_exec(tx, sql, 0, NULL)) == NULL)
		return (CD_ERR);
	PQclear(res);
	snprintf(sql, sizeof(sql), "COPY cd_stage_%s (%s) FROM STDIN", table,
	    cols);
	if (cd_tx_copy(tx, sql, b->p, b->len) != CD_OK)
		return (CD_ERR);
	snprintf(sql, sizeof(sql), "INSERT INTO %s SELECT * FROM cd_stage_%s",
	    table, table);
	if ((res = (PGresult *)cd_tx_exec(tx, sql, 0, NULL)) == NULL)
		return (CD_ERR);
	PQclear(res);
	snprintf(sql, sizeof(sql), "TRUNCATE cd_stage_%s", table);
	if ((res = (PGresult *)cd_tx_exec(tx, sql, 0, NULL)) == NULL)
		return (CD_ERR);
	PQclear(res);
	return (CD_OK);
}

/* Send what is queued; the caller commits. */
int
cd_store_flush(struct cd_store *s)
{
	PGresult	*res;
	int		 rc = CD_OK;

	if (s->nact > 0 && (res = (PGresult *)cd_tx_exec(s->tx, "SET LOCAL "
	    "client_min_messages = warning", 0, NULL)) != NULL)
		PQclear(res);
	if (s->nact > 0)
		rc = store_stage(s->tx, "activities", "id, company_id, "
		    "facility_id, category, activity, quantity, unit, "
		    "period_start, period_end, record, created_by, job_id, "
		    "row_no", &s->act);
	if (rc == CD_OK && s->nem > 0)
		rc = store_stage(s->tx, "emissions", "id, company_id, activity_id, "
		    "scope, category, co2e_kg, gases, factor, calculator, gwp, "
		    "method, scope3_category, facility_id, period_start, "
		    "factor_set, biogenic_co2_kg, tier, run", &s->em);
	s->act.len = s->em.len = 0;
	s->nact = s->nem = 0;
	return (rc);
}

void
cd_store_free(struct cd_store *s)
{
	cd_buf_free(&s->act);
	cd_buf_free(&s->em);
}
