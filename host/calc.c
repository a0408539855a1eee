/*
 * One activity record through its calculator: the host checks the fields
 * every record shares, finds the calculator plugin for the category and
 * pins its generation for the call.  The plugin calls back through the
 * services of calc_svc.c; the company's settings and facilities come
 * from calc_env.c.
 *
 * A refusal carries a code, the record's field and a message, which the
 * caller turns into a 422 (or a rejected import row).
 */
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd.h"
#include "carbon.h"

void
cd_calc_vrefuse(struct cd_calc *c, const char *code, const char *field,
    const char *fmt, va_list ap)
{
	cd_strlcpy(c->code, code, sizeof(c->code));
	cd_strlcpy(c->field, field != NULL ? field : "", sizeof(c->field));
	(void)vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	/* "%.60s" of a record's text can cut a character in two. */
	cd_utf8_scrub(c->msg);
}

int
cd_calc_refuse(struct cd_calc *c, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cd_calc_vrefuse(c, code, field, fmt, ap);
	va_end(ap);
	return (CD_EINVAL);
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
	if (set != NULL)
		c->set = cd_calc_env_set(c->env, c->tx, set);
	if (c->set == NULL && c->tx != NULL && c->tx->failed)
		return (CD_ERR);	/* a database failure, not the record's */
	if (set != NULL && c->set == NULL)
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

