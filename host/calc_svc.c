/*
 * The calculation services of the table (ABI 1.3), which a calculator
 * calls from calculate(): attributes of the record, factor look-up with
 * unit conversion, GWP values, refusal and result collection; and the
 * results as JSON (DESIGN.md section 6).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cd.h"

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
cd_svc_gwp_in(struct cd_calc *c, const char *set, const char *gas,
    double *out)
{
	if (cd_factors_gwp(set, gas, out, NULL) == CD_OK)
		return (CD_OK);
	(void)cd_calc_refuse(c, "unknown_activity", "activity", "no %.8s GWP "
	    "for gas '%.60s'", set, gas);
	return (CD_ENOTFOUND);
}

int
cd_svc_gwp(struct cd_calc *c, const char *gas, double *out)
{
	return (cd_svc_gwp_in(c, c->gwp, gas, out));
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
	cd_calc_vrefuse(c, "invalid_field", field, fmt, ap);
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
