/*
 * One activity record through its calculator: the host checks the fields
 * every record shares, finds the calculator plugin for the category, pins
 * its generation for the call, and gives it the calculation services of
 * the table (ABI 1.3): attributes, factor look-up with unit conversion,
 * GWP values, result collection and refusal.
 *
 * A refusal carries a code, the record's field and a message, which the
 * caller turns into a 422 (or a rejected import row).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "cd.h"

static void
calc_vrefuse(struct cd_calc *c, const char *code, const char *field,
    const char *fmt, va_list ap)
{
	cd_strlcpy(c->code, code, sizeof(c->code));
	cd_strlcpy(c->field, field != NULL ? field : "", sizeof(c->field));
	(void)vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
}

int
cd_calc_refuse(struct cd_calc *c, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	calc_vrefuse(c, code, field, fmt, ap);
	va_end(ap);
	return (CD_EINVAL);
}

/* ---- the environment: the company's settings and facilities ---- */

static const char *
region_of_country(const char *country, const char *dflt)
{
	if (strcmp(country, "GB") == 0)
		return ("UK");
	if (strcmp(country, "US") == 0)
		return ("US");
	return (dflt);
}

int
cd_calc_env_load(struct cd_calc_env *env, struct cd_tx *tx,
    const char *company)
{
	PGresult	*res;
	char		 approach[16];
	int		 rc;

	memset(env, 0, sizeof(*env));
	cd_strlcpy(env->company, company, sizeof(env->company));
	if ((rc = cd_org_settings(tx, company, approach, env->region,
	    env->gwp)) != CD_OK)
		return (rc);
	res = (PGresult *)cd_tx_exec_fixed(tx, "SELECT id, coalesce("
	    "entity_id::text, ''), coalesce(country, ''), coalesce(grid_region,"
	    " '') FROM facilities", 0, NULL);
	if (res == NULL)
		return (tx->unavailable ? CD_EUNAVAIL : CD_ERR);
	env->nfac = (size_t)PQntuples(res);
	env->fac = cd_calloc(env->nfac + 1, sizeof(*env->fac));
	for (size_t i = 0; i < env->nfac; i++) {
		struct cd_calc_facility *f = &env->fac[i];
		cd_strlcpy(f->id, PQgetvalue(res, (int)i, 0), sizeof(f->id));
		cd_strlcpy(f->entity, PQgetvalue(res, (int)i, 1),
		    sizeof(f->entity));
		cd_strlcpy(f->country, PQgetvalue(res, (int)i, 2),
		    sizeof(f->country));
		cd_strlcpy(f->grid_region, PQgetvalue(res, (int)i, 3),
		    sizeof(f->grid_region));
		cd_strlcpy(f->region, region_of_country(f->country,
		    env->region), sizeof(f->region));
	}
	PQclear(res);
	return (CD_OK);
}

void
cd_calc_env_free(struct cd_calc_env *env)
{
	free(env->fac);
	for (int i = 0; i < env->nown; i++)
		cd_factors_set_free(env->own[i]);
	memset(env, 0, sizeof(*env));
}

/*
 * The company's organisation generation (Redis cd:c:<company>:orgv, moved
 * by every organisation write after its commit), or -1 when Redis is away.
 */
static long long
org_generation(const char *company)
{
	redisReply	*rep;
	long long	 g = -1;

	if ((rep = cd_redis_cmd("GET cd:c:%s:orgv", company)) == NULL)
		return (-1);
	if (rep->type == REDIS_REPLY_NIL)
		g = 0;
	else if (rep->type == REDIS_REPLY_STRING)
		g = atoll(rep->str);
	freeReplyObject(rep);
	return (g);
}

/* After an organisation write has committed: cached environments go. */
void
cd_org_changed(const char *company)
{
	redisReply	*rep;

	if ((rep = cd_redis_cmd("INCR cd:c:%s:orgv", company)) != NULL)
		freeReplyObject(rep);
}

/*
 * This thread's environment of the company, kept while the company's
 * organisation generation stays where it was when it was read.  On a
 * miss it is read inside tx; with tx NULL a miss answers NULL, so that a
 * caller that needs no transaction on a hit opens one only then.  The
 * environment belongs to the thread: do not free it.  *rc says why NULL.
 */
struct cd_calc_env *
cd_calc_env_cached(const char *company, struct cd_tx *tx, int *rc)
{
	static _Thread_local struct cd_calc_env	 env;
	static _Thread_local long long		 gen = -1;
	long long				 now;

	now = org_generation(company);
	*rc = CD_OK;
	if (now >= 0 && now == gen && strcmp(env.company, company) == 0)
		return (&env);
	if (tx == NULL)
		return (NULL);
	cd_calc_env_free(&env);
	gen = -1;
	if ((*rc = cd_calc_env_load(&env, tx, company)) != CD_OK)
		return (NULL);
	gen = now;
	return (&env);
}

/* The record's factor_set: a shipped set or one of the company's. */
static const struct cd_fset *
env_set(struct cd_calc *c, const char *name)
{
	struct cd_calc_env	*env = c->env;
	const struct cd_fset	*s;
	struct cd_fset		*own;
	char			 id[96];

	if ((s = cd_factors_set(name)) != NULL && strcmp(s->family, "gwp"))
		return (s);
	for (int i = 0; i < env->nown; i++)
		if (strcmp(env->own[i]->id, name) == 0 ||
		    strcmp(env->own[i]->title, name) == 0)
			return (env->own[i]);
	if (c->tx == NULL || (own = cd_factors_company(c->tx, name, id,
	    sizeof(id))) == NULL)
		return (NULL);
	if (env->nown == CD_CALC_SETS) {
		cd_factors_set_free(env->own[0]);
		memmove(env->own, env->own + 1, sizeof(env->own[0]) *
		    (CD_CALC_SETS - 1));
		env->nown--;
	}
	env->own[env->nown++] = own;
	return (own);
}

/* ---- the common fields ---- */

static const json_t *
member(const json_t *rec, const char *name)
{
	const json_t	*v = json_object_get(rec, name);

	return (json_is_null(v) ? NULL : v);
}

static int
common_string(struct cd_calc *c, const char *name, int required, size_t max,
    const char **out)
{
	const json_t	*v = member(c->record, name);

	*out = NULL;
	if (v == NULL)
		return (required ? cd_calc_refuse(c, "missing_field", name,
		    "%s is required", name) : CD_OK);
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > max)
		return (cd_calc_refuse(c, "invalid_field", name, "%s must be "
		    "a string of 1 to %zu characters", name, max));
	*out = json_string_value(v);
	return (CD_OK);
}

static int
common_fields(struct cd_calc *c)
{
	const json_t	*q;
	const char	*fac, *set, *gwp;

	if (!json_is_object(c->record))
		return (cd_calc_refuse(c, "invalid_record", NULL, "an activity "
		    "record must be a JSON object"));
	if (common_string(c, "category", 1, 63, &c->category) != CD_OK ||
	    common_string(c, "activity", 1, 200, &c->activity) != CD_OK)
		return (CD_EINVAL);
	if ((q = member(c->record, "quantity")) == NULL)
		return (cd_calc_refuse(c, "missing_field", "quantity",
		    "quantity is required"));
	c->quantity = json_number_value(q);
	if (!json_is_number(q) || !isfinite(c->quantity))
		return (cd_calc_refuse(c, "invalid_field", "quantity",
		    "quantity must be a number"));
	if (c->quantity < 0)
		return (cd_calc_refuse(c, "invalid_field", "quantity",
		    "quantity must not be negative"));
	if (common_string(c, "unit", 1, 64, &c->unit) != CD_OK ||
	    common_string(c, "period_start", 1, 10, &c->period_start) != CD_OK ||
	    common_string(c, "period_end", 1, 10, &c->period_end) != CD_OK)
		return (CD_EINVAL);
	if (!cd_date_valid(c->period_start))
		return (cd_calc_refuse(c, "invalid_field", "period_start",
		    "period_start must be a calendar date, YYYY-MM-DD"));
	if (!cd_date_valid(c->period_end))
		return (cd_calc_refuse(c, "invalid_field", "period_end",
		    "period_end must be a calendar date, YYYY-MM-DD"));
	if (strcmp(c->period_end, c->period_start) < 0)
		return (cd_calc_refuse(c, "invalid_field", "period_end",
		    "period_end is before period_start"));
	c->year = atoi(c->period_start);
	snprintf(c->yearstr, sizeof(c->yearstr), "%d", c->year);

	if (common_string(c, "facility_id", 0, 36, &fac) != CD_OK ||
	    common_string(c, "factor_set", 0, 80, &set) != CD_OK ||
	    common_string(c, "gwp", 0, 3, &gwp) != CD_OK)
		return (CD_EINVAL);
	cd_strlcpy(c->region, c->env->region, sizeof(c->region));
	for (size_t i = 0; fac != NULL && i < c->env->nfac; i++)
		if (strcmp(c->env->fac[i].id, fac) == 0) {
			c->facility = &c->env->fac[i];
			cd_strlcpy(c->region, c->facility->region,
			    sizeof(c->region));
		}
	if (fac != NULL && c->facility == NULL)
		return (cd_calc_refuse(c, "unknown_facility", "facility_id",
		    "no facility %.40s in this company", fac));
	if (gwp != NULL && strcmp(gwp, "AR5") != 0 && strcmp(gwp, "AR6") != 0)
		return (cd_calc_refuse(c, "invalid_field", "gwp",
		    "gwp must be AR5 or AR6"));
	cd_strlcpy(c->gwp, gwp != NULL ? gwp : c->env->gwp, sizeof(c->gwp));
	if (set != NULL && (c->set = env_set(c, set)) == NULL)
		return (cd_calc_refuse(c, "unknown_factor_set", "factor_set",
		    "no factor set %.80s; GET /api/factor-sets lists them",
		    set));
	if (c->set != NULL)
		c->family = c->set->company ? "custom" : c->set->family;
	else
		c->family = strcmp(c->region, "US") == 0 ? "epa-hub" : "desnz";
	return (CD_OK);
}

/*
 * Run rec through its calculator.  CD_OK with c->res filled, CD_EINVAL
 * with c->code/field/msg saying why, CD_EUNAVAIL when the database is
 * down.
 */
int
cd_calc_run(struct cd_calc *c, struct cd_calc_env *env, struct cd_tx *tx,
    const json_t *rec)
{
	struct cd_ctx	*g;
	int		 rc;

	memset(c, 0, offsetof(struct cd_calc, res));
	c->nres = 0;
	c->code[0] = c->field[0] = c->msg[0] = '\0';
	c->env = env;
	c->tx = tx;
	c->record = rec;
	if ((rc = common_fields(c)) != CD_OK)
		return (tx != NULL && tx->unavailable ? CD_EUNAVAIL : rc);
	if ((g = cd_loader_calculator(c->category)) == NULL)
		return (cd_calc_refuse(c, "unknown_category", "category",
		    "no calculator for category %.63s; GET /api/calculators "
		    "lists them", c->category));
	cd_strlcpy(c->calculator, g->name, sizeof(c->calculator));
	cd_strlcpy(c->calc_version, g->version, sizeof(c->calc_version));
	rc = g->desc->calculate(g, c, rec);
	cd_loader_release(g);
	if (rc == CD_OK && c->nres == 0)
		return (cd_calc_refuse(c, "calculation_failed", NULL,
		    "calculator %s gave no result", c->calculator));
	if (rc != CD_OK && c->code[0] == '\0')
		return (cd_calc_refuse(c, "calculation_failed", NULL,
		    "calculator %s failed (%d)", c->calculator, rc));
	return (rc == CD_OK ? CD_OK : CD_EINVAL);
}

/* ---- the services of ABI 1.3 ---- */

const char *
cd_svc_calc_attr(struct cd_calc *c, const char *name)
{
	if (strcmp(name, "year") == 0)
		return (c->yearstr);
	if (strcmp(name, "region") == 0)
		return (c->region);
	if (strcmp(name, "gwp") == 0)
		return (c->gwp);
	if (strcmp(name, "family") == 0)
		return (c->family);
	if (strcmp(name, "grid_region") == 0)
		return (c->facility && c->facility->grid_region[0] ?
		    c->facility->grid_region : NULL);
	if (strcmp(name, "country") == 0)
		return (c->facility && c->facility->country[0] ?
		    c->facility->country : NULL);
	if (strcmp(name, "factor_set") == 0)
		return (c->set ? c->set->id : NULL);
	return (NULL);
}

int
cd_svc_factor_find(struct cd_calc *c, const char *family, const char *path,
    const char *unit, double q, const struct cd_factor **out, double *conv)
{
	const struct cd_fset	*s;
	const struct cd_factor	*f;
	char			 units[256];

	if (family == NULL || c->set == NULL || c->set->company ||
	    strcmp(family, c->set->family) == 0)
		s = c->set;
	else
		s = NULL;
	if (family == NULL)
		family = c->family;
	if (s == NULL && (s = cd_factors_pick(family, c->region, c->year)) ==
	    NULL) {
		(void)cd_calc_refuse(c, "unknown_factor_set", "factor_set",
		    "no factor set of family %s is loaded", family);
		return (CD_ENOTFOUND);
	}
	if ((f = cd_factors_find(s, path, unit, q, conv, units,
	    sizeof(units))) != NULL) {
		*out = f;
		return (CD_OK);
	}
	if (units[0] != '\0') {
		(void)cd_calc_refuse(c, "unit_mismatch", "unit", "unit '%.40s' "
		    "does not convert to the factor's unit (%s) of %.80s in %s",
		    unit, units, c->activity, s->id);
		return (CD_EINVAL);
	}
	(void)cd_calc_refuse(c, "unknown_activity", "activity", "no factor "
	    "for activity '%.60s' (%.100s) in factor set %s", c->activity,
	    path, s->id);
	return (CD_ENOTFOUND);
}

int
cd_svc_gwp(struct cd_calc *c, const char *gas, double *out)
{
	if (cd_factors_gwp(c->gwp, gas, out, NULL) == CD_OK)
		return (CD_OK);
	(void)cd_calc_refuse(c, "unknown_activity", "activity", "no %s GWP "
	    "for gas '%.60s'", c->gwp, gas);
	return (CD_ENOTFOUND);
}

int
cd_svc_unit_convert(struct cd_calc *c, const char *field, double v,
    const char *from, const char *to, double *out)
{
	if (cd_unit_convert(v, from, to, out) == CD_OK)
		return (CD_OK);
	return (cd_calc_refuse(c, "unit_mismatch", field, "unit '%.40s' does "
	    "not convert to '%.40s'", from, to));
}

int
cd_svc_calc_fail(struct cd_calc *c, const char *field, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	calc_vrefuse(c, "invalid_field", field, fmt, ap);
	va_end(ap);
	return (CD_EINVAL);
}

static int
result_valid(const struct cd_result *r)
{
	if (r == NULL || r->size < sizeof(*r) || r->factor == NULL ||
	    r->scope < 1 || r->scope > 3 || r->tier < CD_TIER_MEASURED ||
	    r->tier > CD_TIER_SPEND || r->ngases < 0 ||
	    r->ngases > CD_RESULT_GASES || !isfinite(r->co2e_kg) ||
	    !isfinite(r->biogenic_co2_kg))
		return (0);
	if ((r->scope == 3) != (r->scope3_category >= 1 &&
	    r->scope3_category <= 15))
		return (0);
	if (r->method != NULL && strcmp(r->method, "location") != 0 &&
	    strcmp(r->method, "market") != 0)
		return (0);
	for (int i = 0; i < r->ngases; i++)
		if (r->gases[i].name == NULL || !isfinite(r->gases[i].kg))
			return (0);
	return (r->factor->set != NULL && r->factor->id != NULL &&
	    r->factor->unit != NULL);
}

static const char *
keep(char *dst, size_t len, const char *s)
{
	if (s == NULL)
		return (NULL);
	cd_strlcpy(dst, s, len);
	return (dst);
}

/* Copies r; the factor's strings are copied too when they are not a
   library row's (a supplier factor lives only as long as the call). */
int
cd_svc_result_add(struct cd_calc *c, const struct cd_result *r)
{
	struct cd_calc_result	*o;

	if (!result_valid(r) || c->nres == CD_CALC_RESULTS) {
		cd_log(CD_LOG_ERROR, "calculator %s added a malformed result",
		    c->calculator);
		return (CD_EINVAL);
	}
	o = &c->res[c->nres++];
	o->r = *r;
	o->f = *r->factor;
	o->r.factor = &o->f;
	o->r.method = keep(o->method, sizeof(o->method), r->method);
	o->r.note = keep(o->note, sizeof(o->note), r->note);
	for (int i = 0; i < r->ngases; i++)
		o->r.gases[i].name = keep(o->gas[i], sizeof(o->gas[i]),
		    r->gases[i].name);
	o->f.set = keep(o->fstr[0], sizeof(o->fstr[0]), r->factor->set);
	o->f.id = keep(o->fstr[1], sizeof(o->fstr[1]), r->factor->id);
	o->f.unit = keep(o->fstr[2], sizeof(o->fstr[2]), r->factor->unit);
	o->f.source = keep(o->fstr[3], sizeof(o->fstr[3]),
	    r->factor->source ? r->factor->source : "");
	/* Other strings: a library row's live on; a plugin's own would not. */
	if (cd_factors_set(o->f.set) == NULL) {
		o->f.category = o->f.activity = o->f.region = NULL;
		o->f.publisher = o->f.table = o->f.notes = NULL;
		o->f.gwp_set = NULL;
	}
	return (CD_OK);
}

/* ---- the result as JSON (DESIGN.md section 6) ---- */

static json_t *
num_or_null(double d)
{
	return (isfinite(d) ? json_real(d) : json_null());
}

static json_t *
str_or_null(const char *s)
{
	return (s != NULL ? json_string(s) : json_null());
}

static json_t *
result_json(const struct cd_calc *c, const struct cd_calc_result *o)
{
	const struct cd_result	*r = &o->r;
	const struct cd_factor	*f = &o->f;
	static const char *const tiers[] = { "", "measured", "calculated",
	    "estimated", "spend_based" };
	json_t			*gases, *factor;
	char			 key[48];

	gases = json_object();
	for (int i = 0; i < r->ngases; i++) {
		snprintf(key, sizeof(key), "%s_kg", r->gases[i].name);
		json_object_set_new(gases, key, json_real(r->gases[i].kg));
	}
	factor = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:o, s:o, "
	    "s:o, s:o, s:o}",
	    "set", f->set, "id", f->id, "value", num_or_null(r->factor_value),
	    "unit", f->unit, "published_co2e", num_or_null(f->co2e),
	    "gwp", str_or_null(f->gwp_set), "source", f->source,
	    "publisher", str_or_null(f->publisher),
	    "table", str_or_null(f->table),
	    "edition_year", f->edition_year ? json_integer(f->edition_year) :
	    json_null(), "region", str_or_null(f->region),
	    "year", f->year ? json_integer(f->year) : json_null());
	return (json_pack("{s:i, s:o, s:o, s:s, s:s, s:f, s:f, s:o, s:{s:o, "
	    "s:s}, s:s, s:o, s:{s:s, s:s}, s:o}",
	    "scope", r->scope, "method", str_or_null(r->method),
	    "scope3_category", r->scope3_category ?
	    json_integer(r->scope3_category) : json_null(),
	    "category", c->category, "tier", tiers[r->tier],
	    "co2e_kg", r->co2e_kg, "biogenic_co2_kg", r->biogenic_co2_kg,
	    "gases", gases,
	    "quantity", "value", num_or_null(r->quantity), "unit", f->unit,
	    "gwp", c->gwp, "factor", factor,
	    "calculator", "name", c->calculator, "version", c->calc_version,
	    "note", str_or_null(r->note)));
}

json_t *
cd_calc_json(const struct cd_calc *c)
{
	json_t	*arr = json_array();

	for (int i = 0; i < c->nres; i++)
		json_array_append_new(arr, result_json(c, &c->res[i]));
	return (arr);
}
