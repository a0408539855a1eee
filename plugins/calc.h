/*
 * Helpers every calculator shares (plugins/calc.c, compiled into each
 * calculator that has an activities.yaml: a plugin is still built alone
 * and links with no other).
 *
 * A calculator calls calc_init() from its init() with its calc_info; that
 * loads <name>/activities.yaml beside the plugin, which maps the record's
 * friendly `activity` to a label and, per factor-set family, the factor
 * path (the row id without "<set>/" and without the unit part):
 *
 *   activities:
 *     natural_gas:
 *       label: Natural gas
 *       desnz: fuels/gaseous-fuels/natural-gas
 *       epa-hub: stationary-combustion/natural-gas
 *       biogenic:                 # optional: rows of biogenic CO2
 *         desnz: outside-of-scopes/...
 *
 * Every string member of an entry other than the reserved ones (label,
 * help, source, gas, gwp, laden, method, biogenic, vehicles, tandd,
 * residual, default_vehicle, grid_default) is a family's path; object
 * members (biogenic, tandd, residual, grid_default) map families to the
 * paths of related rows.  Other top-level members of the file are the
 * plugin's own data (calc_data).
 *
 * The map is read-only after init, so calculate() may read it from any
 * thread.  Everything a record is refused for goes through calc_fail.
 * Notes are kept short: the host stores 255 characters of them.
 */
#ifndef CD_CALC_H
#define CD_CALC_H

#include <carbondepict/sdk.h>

#define CALC_NOTE_MAX	512

struct calc_info {
	const char		*name;		/* plugin and data folder name */
	const char		*category;
	int			 scope;
	const char *const	*units;		/* accepted units, NULL-terminated */
};

/*
 * What one factor row gives for one quantity, in the GWP set the
 * calculation asks for.  Gas masses are kg of each gas; NaN when the row
 * gives no figure for that gas.
 */
struct calc_amount {
	double		 co2e_kg;
	double		 co2_kg;
	double		 ch4_kg;
	double		 n2o_kg;
	double		 biogenic_co2_kg;
	double		 factor_value;	/* kg CO2e per factor unit, as applied */
	char		 note[CALC_NOTE_MAX];
};

int		 calc_init(struct cd_ctx *, const struct cd_services *,
		    const struct calc_info *, char **);
void		 calc_fini(struct cd_ctx *);
const struct cd_services *calc_svc(void);

/* describe(): the common shape around the plugin's own fields (stolen). */
json_t		*calc_describe(json_t *fields);

/* Another top-level member of activities.yaml, or NULL.  Borrowed. */
const json_t	*calc_data(const char *key);
/* The map entry of an activity (case-insensitive), or NULL. */
const json_t	*calc_entry(const char *activity);
/* entry[member][family] (member NULL: entry[family]) if a string. */
const char	*calc_entry_path(const json_t *entry, const char *member,
		    const char *family);
/*
 * The factor path for the record's activity in the calculation's family.
 * An activity containing '/' is the path itself.  CD_EINVAL after
 * calc_fail (field "activity") when the map has no path for it.
 */
int		 calc_path(struct cd_calc *, const char *activity,
		    const char **path);

/* The GWP set asked for ("AR5" or "AR6"). */
const char	*calc_gwp_set(struct cd_calc *);
/*
 * Per-gas arithmetic for `quantity` (in the factor's unit) of row `f`,
 * restated in the requested GWP set; biogenic CO2 (rows whose notes say
 * so) is moved out of co2e.  CD_OK, or a CD_E* code after calc_fail.
 */
int		 calc_amount(struct cd_calc *, const struct cd_factor *,
		    double quantity, struct calc_amount *);
/*
 * Add the biogenic CO2 of the row at `path` (an "outside of scopes" row)
 * for the record's quantity to a->biogenic_co2_kg.  Optional: when no
 * such row converts, says so in the note and returns CD_OK.
 */
int		 calc_biogenic(struct cd_calc *, const char *path,
		    const char *unit, double quantity, struct calc_amount *);

/* Append to a note, truncating. */
void		 calc_note(char *note, size_t len, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Fill a result from a factor row and its amount (scope, tier, gases,
 * co2e, biogenic CO2, factor, factor_value, quantity, note).
 */
void		 calc_result(struct cd_result *, int scope, int tier,
		    const struct cd_factor *, double quantity,
		    const struct calc_amount *);

/* calc_result with a method and scope 3 category, then result_add. */
int		 calc_add(struct cd_calc *, int scope, const char *method,
		    int scope3_category, int tier, const struct cd_factor *,
		    double quantity, const struct calc_amount *);
/*
 * A factor stated on the record (kg CO2e per kWh) as a row of set
 * "record" in *sf (the caller sets id and source); *q gets the record's
 * quantity in kWh and *a the arithmetic.
 */
int		 calc_stated(struct cd_calc *, const char *activity,
		    const char *unit, double quantity, double value,
		    struct cd_factor *sf, double *q, struct calc_amount *a);
/*
 * Scope 3 category 3 losses of the same energy from the entry's "tandd"
 * row of the family, unless the record says "include_tandd": false.
 */
int		 calc_tandd(struct cd_calc *, const json_t *record,
		    const json_t *entry, const char *unit, double quantity);

/*
 * Record members.  calc_number: a finite number in [min, max]; absent
 * (or null) is CD_ENOTFOUND when optional, else refused.  calc_string: a
 * non-empty string, NULL when optional and absent.  Both return CD_EINVAL
 * after calc_fail when the member is wrong.
 */
int		 calc_number(struct cd_calc *, const json_t *record,
		    const char *name, int required, double min, double max,
		    double *out);
int		 calc_string(struct cd_calc *, const json_t *record,
		    const char *name, int required, const char **out);

/*
 * factor_find, and when `vehicle` a second try with the other spelling of
 * a vehicle's distance (DESNZ cars are per km or mile, EPA Table 10 per
 * vehicle-mile), said in the note.  A failed second try gives the first
 * one's reason.
 */
int		 calc_find_vehicle(struct cd_calc *, const char *family,
		    const char *path, const char *unit, double quantity,
		    int vehicle, const struct cd_factor **, double *q,
		    char *note, size_t nlen);

/*
 * The descriptor of a calculator whose init() is calc_init() alone and
 * whose one category is its name.  Once, at the end of the plugin.
 */
#define CALC_DESCRIPTOR(name_, version_, info, desc, describe_fn,	\
    calculate_fn)							\
	static int							\
	calc_plugin_init(struct cd_ctx *ctx, const struct cd_services *s,\
	    char **errmsg)						\
	{								\
		return (calc_init(ctx, s, &(info), errmsg));		\
	}								\
	static const char *const calc_capabilities[] = { name_, NULL };	\
	const struct cd_plugin cd_plugin = {				\
		CD_PLUGIN_DESCRIPTOR,					\
		.kind = CD_KIND_CALCULATOR,				\
		.name = name_,						\
		.version = version_,					\
		.description = desc,					\
		.init = calc_plugin_init,				\
		.fini = calc_fini,					\
		.capabilities = calc_capabilities,			\
		.describe = describe_fn,				\
		.calculate = calculate_fn,				\
	}

#endif
