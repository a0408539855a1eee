/*
 * What every record of one request or import shares: the company's
 * settings (region, GWP set) and facilities, and the company factor sets
 * its records name.  A request takes it from this thread's cache, kept
 * while the company's organisation generation stands; an import or a
 * recalculation reads its own.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

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
 * This thread's environment of the company, kept while the company's
 * organisation generation stays where it was when it was read, and for
 * settings_max_age seconds at most: a write made while Redis was away
 * could not move the generation, and a Redis that lost its data starts
 * it again, so the age bounds how long either can leave a thread with
 * old settings.  On a miss it is read inside tx; with tx NULL a miss answers
 * NULL, so that a caller that needs no transaction on a hit opens one
 * only then.  The environment belongs to the thread: do not free it.
 * *rc says why NULL.
 */
struct cd_calc_env *
cd_calc_env_cached(const char *company, struct cd_tx *tx, int *rc)
{
	static _Thread_local struct cd_calc_env	 env;
	static _Thread_local long long		 gen = -1;
	static _Thread_local double		 loaded;
	long long				 now;

	now = cd_redis_generation(company, CD_GEN_ORG);
	*rc = CD_OK;
	if (now >= 0 && now == gen && strcmp(env.company, company) == 0 &&
	    cd_now_mono() - loaded < cd_conf->settings_max_age)
		return (&env);
	if (tx == NULL)
		return (NULL);
	cd_calc_env_free(&env);
	gen = -1;
	if ((*rc = cd_calc_env_load(&env, tx, company)) != CD_OK)
		return (NULL);
	gen = now;
	loaded = cd_now_mono();
	return (&env);
}

/*
 * A record's factor_set: a shipped set, or one of the company's (read
 * inside tx on first use, then kept with the environment).  NULL when
 * there is none, or it would need a transaction and tx is NULL.
 */
const struct cd_fset *
cd_calc_env_set(struct cd_calc_env *env, struct cd_tx *tx, const char *name)
{
	const struct cd_fset	*s;
	struct cd_fset		*own;
	char			 id[96];

	if ((s = cd_factors_set(name)) != NULL && strcmp(s->family, "gwp"))
		return (s);
	for (int i = 0; i < env->nown; i++)
		if (strcmp(env->own[i]->id, name) == 0 ||
		    strcmp(env->own[i]->title, name) == 0)
			return (env->own[i]);
	if (tx == NULL || (own = cd_factors_company(tx, name, id,
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
