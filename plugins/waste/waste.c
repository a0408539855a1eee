/*
 * Waste generated in operations (scope 3 category 5): tonnes of a
 * material x the DESNZ Waste disposal factor of its treatment (landfill,
 * combustion, composting, anaerobic digestion, open- or closed-loop
 * recycling).  The record names the treatment in `treatment`, or in a
 * combined activity ("household_residual_waste_landfill").  Only DESNZ
 * ships these factors, so they apply whatever the company's region.
 */
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

#define CATEGORY	"waste"
#define SCOPE3_CAT	5

static const char *const units[] = { "t", "kg", "lb", "short ton", NULL };

static const struct calc_info info = {
	.name = CATEGORY,
	.category = CATEGORY,
	.scope = 3,
	.units = units,
};

/* The record's treatment names, each with its DESNZ path part. */
static const struct treatment {
	const char	*name;
	const char	*slug;
} treatments[] = {
	{ "landfill", "landfill" },
	{ "combustion", "combustion" },
	{ "composting", "composting" },
	{ "anaerobic_digestion", "anaerobic-digestion" },
	{ "recycling_open_loop", "open-loop" },
	{ "recycling_closed_loop", "closed-loop" },
	{ "open_loop", "open-loop" },
	{ "closed_loop", "closed-loop" },
};
#define NTREATMENTS	(sizeof(treatments) / sizeof(treatments[0]))
#define NDISTINCT	6	/* the first six have distinct slugs */

static json_t *
ws_describe(struct cd_ctx *ctx)
{
	json_t	*names, *d;

	(void)ctx;
	names = json_array();
	for (size_t i = 0; i < NDISTINCT; i++)
		json_array_append_new(names, json_string(treatments[i].name));
	d = calc_describe(json_pack("[{s:s, s:s, s:b, s:o, s:s}]",
	    "name", "treatment", "type", "string", "required", 0,
	    "enum", names, "help", "required unless the activity ends in "
	    "it (e.g. household_residual_waste_landfill); DESNZ gives "
	    "factors for some treatments of each material only"));
	if (d != NULL)
		json_object_set_new(d, "scope3_category",
		    json_integer(SCOPE3_CAT));
	return (d);
}

static const struct treatment *
treatment_named(const char *name)
{
	for (size_t i = 0; i < NTREATMENTS; i++)
		if (strcmp(treatments[i].name, name) == 0)
			return (&treatments[i]);
	return (NULL);
}

/*
 * "<material>_<treatment>": the material's map entry and the treatment,
 * the material copied into buf.  NULL when it is not such a name.
 */
static const json_t *
combined(const char *activity, char *buf, size_t len,
    const struct treatment **t)
{
	size_t	 n, tl;

	n = strlen(activity);
	for (size_t i = 0; i < NTREATMENTS; i++) {
		tl = strlen(treatments[i].name);
		if (n <= tl + 1 || n - tl - 1 >= len ||
		    activity[n - tl - 1] != '_' ||
		    strcmp(activity + n - tl, treatments[i].name) != 0)
			continue;
		memcpy(buf, activity, n - tl - 1);
		buf[n - tl - 1] = '\0';
		*t = &treatments[i];
		return (calc_entry(buf));
	}
	return (NULL);
}

/* The record's treatment names DESNZ gives a factor for under `base`. */
static void
available(struct cd_calc *calc, const char *family, const char *base,
    char *out, size_t len)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	char			 path[256];
	double			 q;
	int			 n;

	out[0] = '\0';
	for (size_t i = 0; i < NDISTINCT; i++) {
		n = snprintf(path, sizeof(path), "%s/%s", base,
		    treatments[i].slug);
		if (n < 0 || (size_t)n >= sizeof(path))
			continue;
		if (svc->factor_find(calc, family, path, "t", 1, &f, &q) !=
		    CD_ENOTFOUND)
			calc_note(out, len, "%s%s", out[0] ? ", " : "",
			    treatments[i].name);
	}
	if (out[0] == '\0')
		(void)snprintf(out, len, "none");
}

/*
 * The material's path and family (the record's when the entry has it,
 * else DESNZ) and the treatment from the activity or the record.
 */
static int
ws_material(struct cd_calc *calc, const json_t *record, const char *activity,
    const char **base, const char **family, const struct treatment **t)
{
	const struct cd_services *svc = calc_svc();
	const struct treatment	*ct = NULL;
	const json_t		*e;
	const char		*tname;
	char			 mat[128];
	int			 rc;

	*family = NULL;
	*t = NULL;
	if ((rc = calc_string(calc, record, "treatment", 0, &tname)) != CD_OK)
		return (rc);
	if (tname != NULL && (*t = treatment_named(tname)) == NULL)
		return (svc->calc_fail(calc, "treatment", "unknown treatment "
		    "\"%.40s\": one of landfill, combustion, composting, "
		    "anaerobic_digestion, recycling_open_loop, "
		    "recycling_closed_loop", tname));
	if (strchr(activity, '/') != NULL) {
		*base = activity;
		return (CD_OK);
	}
	if ((e = calc_entry(activity)) == NULL &&
	    (e = combined(activity, mat, sizeof(mat), &ct)) != NULL) {
		if (*t != NULL && strcmp((*t)->slug, ct->slug) != 0)
			return (svc->calc_fail(calc, "treatment", "treatment "
			    "\"%s\" contradicts the activity's \"%s\"",
			    (*t)->name, ct->name));
		*t = ct;
	}
	if (e == NULL)
		return (calc_path(calc, activity, base));
	if ((*base = calc_entry_path(e, NULL, svc->calc_attr(calc,
	    "family"))) != NULL)
		return (CD_OK);
	*family = "desnz";
	*base = calc_entry_path(e, NULL, "desnz");
	return (*base != NULL ? CD_OK : calc_path(calc, activity, base));
}

static int
ws_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_services *svc = calc_svc();
	const struct cd_factor	*f;
	const struct treatment	*t;
	struct calc_amount	 a;
	const char		*activity, *unit, *base, *family;
	char			 path[256], have[160];
	double			 quantity, q;
	int			 rc, n;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	if ((rc = ws_material(calc, record, activity, &base, &family,
	    &t)) != CD_OK)
		return (rc);
	if (t == NULL && strchr(activity, '/') == NULL) {
		available(calc, family, base, have, sizeof(have));
		return (svc->calc_fail(calc, "treatment", "treatment is "
		    "required for %s: DESNZ gives %s", activity, have));
	}
	n = snprintf(path, sizeof(path), "%s%s%s", base, t ? "/" : "",
	    t ? t->slug : "");
	if (n < 0 || (size_t)n >= sizeof(path))
		return (svc->calc_fail(calc, "activity", "factor path too "
		    "long"));
	rc = svc->factor_find(calc, family, path, unit, quantity, &f, &q);
	if (rc == CD_ENOTFOUND && t != NULL) {
		available(calc, family, base, have, sizeof(have));
		return (svc->calc_fail(calc, "treatment", "DESNZ gives no %s "
		    "factor for %s; it gives: %s", t->name, activity, have));
	}
	if (rc != CD_OK || (rc = calc_amount(calc, f, q, &a)) != CD_OK)
		return (rc);
	if (family != NULL)
		calc_note(a.note, sizeof(a.note), "; DESNZ waste factor "
		    "whatever the company's region (no other source shipped)");
	return (calc_add(calc, 3, NULL, SCOPE3_CAT, CD_TIER_CALCULATED, f, q,
	    &a));
}

CALC_DESCRIPTOR(CATEGORY, "1.0.0", info,
    "Scope 3 category 5, waste generated in operations: DESNZ "
    "waste disposal by material and treatment",
    ws_describe, ws_calculate);
