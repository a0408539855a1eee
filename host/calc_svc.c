/*
 * The calculation services of the table (ABI 1.3), which a calculator
 * calls from calculate(): attributes of the record, factor look-up with
 * unit conversion, GWP values, refusal and result collection; and the
 * results as JSON (DESIGN.md section 6).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cd.h"
#include "carbon.h"

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

/* f is a row of a shipped set (loaded once, freed only at exit). */
static int
library_row(const struct cd_factor *f)
{
	const struct cd_fset	*s = cd_factors_set(f->set);
	uintptr_t		 p = (uintptr_t)f;

	return (s != NULL && !s->company && s->nrows > 0 &&
	    p >= (uintptr_t)s->rows && p < (uintptr_t)(s->rows + s->nrows));
}

/* Copies r; the factor's strings are copied too when they are not a
   library row's (a supplier factor lives only as long as the call). */
int
cd_svc_result_add(struct cd_calc *c, const struct cd_result *r)
{
	struct cd_calc_result	*o;
	int			 inf;

	/* An infinite mass is an overflow (a quantity near the largest
	   double): the record's to fix, not a malformed result. */
	inf = r != NULL && (isinf(r->co2e_kg) || isinf(r->biogenic_co2_kg));
	for (int i = 0; r != NULL && !inf && i < r->ngases &&
	    i < CD_RESULT_GASES; i++)
		inf = isinf(r->gases[i].kg);
	if (inf)
		return (cd_calc_refuse(c, "out_of_range", "quantity", "the "
		    "calculation overflows for quantity %g: the numbers are "
		    "too large", c->quantity));
	if (!result_valid(r) || c->nres == CD_CALC_RESULTS) {
		cd_log(CD_LOG_ERROR, "calculator %s added a malformed result",
		    c->calculator);
		return (CD_EINVAL);
	}
	o = &c->res[c->nres++];
	o->r = *r;
	/* A quantity of -0 gives masses of -0: written as 0. */
	o->r.co2e_kg += 0.0;
	o->r.biogenic_co2_kg += 0.0;
	o->r.quantity += 0.0;
	for (int i = 0; i < r->ngases; i++)
		o->r.gases[i].kg += 0.0;
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
	/* A library row's source lives as long as its set: kept whole, as
	   the buffer would cut the longer ones (CRS, USEEIO: 200+ chars). */
	if (library_row(r->factor))
		o->f.source = r->factor->source ? r->factor->source : "";
	else
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

/* Member key: v, or null when v is 0 (not given). */
static void
kint_or_null(struct cd_jsonw *w, const char *key, int v)
{
	cd_jsonw_key(w, key);
	if (v != 0)
		cd_jsonw_int(w, v);
	else
		cd_jsonw_null(w);
}

static void
factor_write(const struct cd_calc_result *o, struct cd_jsonw *w)
{
	const struct cd_factor	*f = &o->f;

	cd_jsonw_open(w, '{');
	cd_jsonw_kstr(w, "set", f->set);
	cd_jsonw_kstr(w, "id", f->id);
	cd_jsonw_kreal(w, "value", o->r.factor_value);
	cd_jsonw_kstr(w, "unit", f->unit);
	cd_jsonw_kreal(w, "published_co2e", f->co2e);
	cd_jsonw_kstr(w, "gwp", f->gwp_set);
	cd_jsonw_kstr(w, "source", f->source);
	cd_jsonw_kstr(w, "publisher", f->publisher);
	cd_jsonw_kstr(w, "table", f->table);
	kint_or_null(w, "edition_year", f->edition_year);
	cd_jsonw_kstr(w, "region", f->region);
	kint_or_null(w, "year", f->year);
	cd_jsonw_close(w, '}');
}

static void
result_write(const struct cd_calc *c, const struct cd_calc_result *o,
    struct cd_jsonw *w)
{
	const struct cd_result	*r = &o->r;
	static const char *const tiers[] = { "", "measured", "calculated",
	    "estimated", "spend_based" };
	char			 key[48];

	cd_jsonw_open(w, '{');
	cd_jsonw_kint(w, "scope", r->scope);
	cd_jsonw_kstr(w, "method", r->method);
	kint_or_null(w, "scope3_category", r->scope3_category);
	cd_jsonw_kstr(w, "category", c->category);
	cd_jsonw_kstr(w, "tier", tiers[r->tier]);
	cd_jsonw_kreal(w, "co2e_kg", r->co2e_kg);
	cd_jsonw_kreal(w, "biogenic_co2_kg", r->biogenic_co2_kg);
	cd_jsonw_key(w, "gases");
	cd_jsonw_open(w, '{');
	for (int i = 0; i < r->ngases; i++) {
		snprintf(key, sizeof(key), "%s_kg", r->gases[i].name);
		cd_jsonw_kreal(w, key, r->gases[i].kg);
	}
	cd_jsonw_close(w, '}');
	cd_jsonw_key(w, "quantity");
	cd_jsonw_open(w, '{');
	cd_jsonw_kreal(w, "value", r->quantity);
	cd_jsonw_kstr(w, "unit", o->f.unit);
	cd_jsonw_close(w, '}');
	cd_jsonw_kstr(w, "gwp", c->gwp);
	cd_jsonw_key(w, "factor");
	factor_write(o, w);
	cd_jsonw_key(w, "calculator");
	cd_jsonw_open(w, '{');
	cd_jsonw_kstr(w, "name", c->calculator);
	cd_jsonw_kstr(w, "version", c->calc_version);
	cd_jsonw_close(w, '}');
	cd_jsonw_kstr(w, "note", r->note);
	cd_jsonw_close(w, '}');
}

/* The results of c as a JSON array, written to w. */
void
cd_calc_write(const struct cd_calc *c, struct cd_jsonw *w)
{
	cd_jsonw_open(w, '[');
	for (int i = 0; i < c->nres; i++)
		result_write(c, &c->res[i], w);
	cd_jsonw_close(w, ']');
}
