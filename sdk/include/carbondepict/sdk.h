/*
 * Carbon Depict plugin SDK: the whole plugin ABI in one header.
 *
 * A plugin is a shared object that exports one symbol, `cd_plugin`, a
 * struct cd_plugin descriptor.  The host dlopens a private copy of the
 * object, checks the descriptor, and calls init() with a const service
 * table.  Everything a plugin may do to the host goes through that table:
 * a plugin never sees a socket, a raw database connection, or another
 * company's data.
 *
 * Build a plugin out of tree with:
 *
 *     cc -shared -fPIC $(pkg-config --cflags carbondepict-sdk) \
 *         my_plugin.c -o my_plugin.so $(pkg-config --libs carbondepict-sdk)
 *
 * Versioning.  CD_ABI_MAJOR changes only when an existing entry changes
 * meaning; the host refuses a plugin whose major differs from its own.
 * CD_ABI_MINOR grows when entries are appended to struct cd_services.
 * A plugin built against minor N runs on a host of minor >= N.  A plugin
 * that wants an entry newer than the minor it requires checks it first:
 *
 *     if (CD_SVC_HAS(svc, some_newer_entry)) svc->some_newer_entry(...);
 *
 * Return convention.  Every function that can fail returns CD_OK (0) or
 * one of the negative CD_E* codes below.
 *
 * Memory.  Strings the host returns are borrowed: valid until the end of
 * the request (request accessors) or until fini() (config values).
 * JSON values handed to a respond_* call are stolen: the host frees them.
 * Error texts returned through `char **errmsg` are allocated by the callee
 * with malloc() and freed by the caller with free().
 */
#ifndef CARBONDEPICT_SDK_H
#define CARBONDEPICT_SDK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CD_ABI_MAJOR		1
#define CD_ABI_MINOR		4

/* Return codes. */
#define CD_OK			0
#define CD_ERR			-1	/* unspecified failure */
#define CD_ENOMEM		-2	/* allocation failed */
#define CD_EINVAL		-3	/* bad argument */
#define CD_ENOTFOUND		-4	/* no such object */
#define CD_EEXIST		-5	/* already exists (e.g. route taken) */
#define CD_EUNAVAIL		-6	/* a backing service is down */
#define CD_EPERM		-7	/* the caller's role does not allow it */

/* Plugin kinds. */
#define CD_KIND_CALCULATOR	1
#define CD_KIND_FRAMEWORK	2

/*
 * Roles, in increasing order of privilege.  A route names the least role
 * it admits; CD_ROLE_PUBLIC routes need no token.  Auditors read
 * everything viewers read, plus the audit log; they never write.
 */
#define CD_ROLE_PUBLIC		0
#define CD_ROLE_VIEWER		1
#define CD_ROLE_AUDITOR		2
#define CD_ROLE_EDITOR		3
#define CD_ROLE_ADMIN		4
#define CD_ROLE_OWNER		5

/* Log levels for cd_services.log. */
#define CD_LOG_DEBUG		0
#define CD_LOG_INFO		1
#define CD_LOG_WARN		2
#define CD_LOG_ERROR		3

/* Route flags (struct cd_route.flags). */
#define CD_ROUTE_RAW_BODY	0x01	/* do not parse the body as JSON */

/* Opaque handles.  Their layout is the host's business. */
struct cd_ctx;		/* one loaded generation of a plugin */
struct cd_req;		/* one HTTP request, valid during its handler */
struct cd_calc;		/* one activity record being calculated */

/* Data-quality tiers of a result (struct cd_result.tier). */
#define CD_TIER_MEASURED	1	/* metered or measured emissions */
#define CD_TIER_CALCULATED	2	/* activity data x emission factor */
#define CD_TIER_ESTIMATED	3	/* screening or proxy estimates */
#define CD_TIER_SPEND		4	/* spend x economic factor */

/*
 * One emission factor row with its provenance, as the factor library
 * holds it (conf/factors/README.md says what each column means).  The
 * strings are borrowed for the duration of the calculate() call.
 * Numbers the source does not give are NaN.
 */
struct cd_factor {
	const char	*set;		/* "desnz-2024", "acme@v2" */
	const char	*id;		/* the row's id, unique in its set */
	const char	*category;
	const char	*activity;
	const char	*unit;		/* the factor's denominator */
	double		 co2e;		/* kg CO2e per unit, in gwp_set */
	double		 co2;		/* kg CO2 per unit */
	double		 ch4;		/* see gas_mass */
	double		 n2o;
	int		 gas_mass;	/* 1: ch4/n2o are kg of gas per unit;
					   0: kg CO2e of that gas (gwp_set) */
	const char	*gwp_set;	/* "AR5" or "AR6" */
	const char	*region;
	int		 year;
	const char	*source;	/* source document */
	const char	*publisher;
	int		 edition_year;
	const char	*table;
	const char	*notes;
};

#define CD_RESULT_GASES		8

/* One gas in a result: its name ("co2", "ch4", "n2o", "hfc-134a"...)
   and its mass in kg. */
struct cd_gas {
	const char	*name;
	double		 kg;
};

/*
 * One result of a calculation (DESIGN.md section 6).  Fill it with a
 * designated initialiser and set size = sizeof(struct cd_result); the
 * host copies everything in result_add().
 */
struct cd_result {
	uint32_t	 size;
	int		 scope;		/* 1, 2 or 3 */
	const char	*method;	/* scope 2: "location" or "market" */
	int		 scope3_category;	/* 1..15 for scope 3, else 0 */
	int		 tier;		/* CD_TIER_* */
	double		 co2e_kg;
	double		 biogenic_co2_kg;	/* reported outside the scopes */
	struct cd_gas	 gases[CD_RESULT_GASES];
	int		 ngases;
	const struct cd_factor *factor;	/* the row applied */
	double		 factor_value;	/* kg CO2e per factor unit, as applied
					   (differs from factor->co2e when
					   the GWP set was changed) */
	double		 quantity;	/* the activity in the factor's unit */
	const char	*note;		/* how it was computed, or NULL */
};

/*
 * A request handler.  It answers through one of the respond_* entries
 * and returns CD_OK.  Returning anything else without having responded
 * makes the host answer 500 internal_error.
 */
typedef int (*cd_handler_fn)(struct cd_req *req);

/*
 * A route a plugin registers from init().  Starts with its own size so
 * fields can be appended; fill it with a designated initialiser and set
 * size = sizeof(struct cd_route).
 */
struct cd_route {
	uint32_t	 size;
	const char	*method;	/* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char	*pattern;	/* "/api/x/{id}": {name} matches one segment */
	int		 min_role;	/* CD_ROLE_* */
	size_t		 body_limit;	/* bytes; 0 takes the host's max_body */
	unsigned int	 flags;		/* CD_ROUTE_* */
	cd_handler_fn	 handler;
};

struct cd_services;

/*
 * The descriptor a plugin exports as `const struct cd_plugin cd_plugin`.
 * Use CD_PLUGIN_DESCRIPTOR to fill the version fields.
 */
struct cd_plugin {
	uint32_t	 abi_major;	/* CD_ABI_MAJOR the plugin was built with */
	uint32_t	 abi_minor;	/* least host minor the plugin needs */
	uint32_t	 size;		/* sizeof(struct cd_plugin) at build time */
	int		 kind;		/* CD_KIND_* */
	const char	*name;		/* [a-z0-9_]{1,63}, unique in the host */
	const char	*version;	/* semantic version, "1.2.3" */
	const char	*description;	/* one line for humans */

	/*
	 * Called once per loaded generation, before any request reaches it.
	 * Register routes here.  Return CD_OK, or a CD_E* code and set
	 * *errmsg to a malloc'd reason: the host logs it, frees it, unloads
	 * this generation and keeps the previous one serving.
	 */
	int		(*init)(struct cd_ctx *ctx,
			    const struct cd_services *svc, char **errmsg);

	/*
	 * Called once when this generation's last request has ended, just
	 * before dlclose.  May be NULL.
	 */
	void		(*fini)(struct cd_ctx *ctx);

	/*
	 * Calculators: the NULL-terminated list of activity categories this
	 * plugin computes (e.g. "stationary_combustion").  Frameworks: the
	 * NULL-terminated list of editions it knows, newest last.
	 */
	const char *const *capabilities;

	/* ABI 1.3: calculators (frameworks leave these NULL) ---------------- */

	/*
	 * What the calculator takes, for GET /api/calculators: a new object
	 * {"category","scope","fields":[{"name","type","required",...}],
	 * "activities":[...],"units":[...]}.  The host adds the common
	 * fields of every activity record.
	 */
	json_t		*(*describe)(struct cd_ctx *ctx);

	/*
	 * Compute one activity record.  The host has already checked the
	 * common fields (category, activity, quantity >= 0, unit, the two
	 * dates and their order, facility_id, factor_set, gwp), so `record`
	 * is an object with those valid.  Add one or more results with
	 * result_add() and return CD_OK; or return a CD_E* code after
	 * calc_fail() (or a factor service that failed) has said why: the
	 * host answers 422 with that field and message.  Runs on any
	 * thread, many at once: keep no mutable global state.
	 */
	int		(*calculate)(struct cd_ctx *ctx, struct cd_calc *calc,
			    const json_t *record);
};

#define CD_PLUGIN_DESCRIPTOR	CD_PLUGIN_DESCRIPTOR_MIN(CD_ABI_MINOR)

/*
 * The same, for a plugin that needs only the entries of ABI 1.`minor`
 * and so also runs on hosts older than this header.
 */
#define CD_PLUGIN_DESCRIPTOR_MIN(minor)					\
	.abi_major = CD_ABI_MAJOR, .abi_minor = (minor),		\
	.size = sizeof(struct cd_plugin)

/*
 * The one symbol a plugin exports.  Declared here so that a plugin's
 * definition is type-checked and stays visible under -fvisibility=hidden.
 */
extern __attribute__((visibility("default"))) const struct cd_plugin
    cd_plugin;

/*
 * The service table.  The host passes a const pointer to init(); it stays
 * valid until fini().  New entries are appended only, each group marked
 * with the ABI minor that introduced it; an entry never changes meaning.
 */
struct cd_services {
	uint32_t	 abi_major;
	uint32_t	 abi_minor;
	uint32_t	 size;		/* sizeof(struct cd_services) in the host */

	/* ABI 1.0: logging ------------------------------------------------ */

	/*
	 * Write one structured log line at `level` (CD_LOG_*), tagged with
	 * the plugin's name and, inside a handler, the request id.  `fmt` is
	 * printf-style.  Never fails; long messages are truncated at 1 KiB.
	 */
	void		(*log)(struct cd_ctx *ctx, int level,
			    const char *fmt, ...)
			    __attribute__((format(printf, 3, 4)));

	/* ABI 1.0: configuration ------------------------------------------ */

	/*
	 * The value of configuration key `key` ("port", "plugins.gri.x"...)
	 * after environment overrides, or NULL if unset.  Keys that carry
	 * credentials (database_url, redis_url, jwt_secret_file) always give
	 * NULL: plugins reach those services through this table.  Borrowed
	 * until fini().
	 */
	const char	*(*config_get)(struct cd_ctx *ctx, const char *key);

	/*
	 * The directory the plugin's build output came from, for data files
	 * shipped beside the .so (catalogues, factor tables).  Borrowed
	 * until fini().
	 */
	const char	*(*plugin_dir)(struct cd_ctx *ctx);

	/* ABI 1.0: routes ------------------------------------------------- */

	/*
	 * Register a route; only valid inside init().  Errors: CD_EINVAL
	 * (bad method, pattern, role or size), CD_EEXIST (the host or
	 * another plugin owns the same method and pattern); *errmsg then
	 * says which.  The route lives as long as this generation.
	 */
	int		(*route_add)(struct cd_ctx *ctx,
			    const struct cd_route *route, char **errmsg);

	/* ABI 1.0: the request, inside a handler -------------------------- */

	/* "GET", "POST"... Borrowed. */
	const char	*(*req_method)(struct cd_req *req);
	/* The path without the query string. Borrowed. */
	const char	*(*req_path)(struct cd_req *req);
	/* The value of path parameter {name}, or NULL. Borrowed. */
	const char	*(*req_param)(struct cd_req *req, const char *name);
	/* The decoded value of query argument `name`, or NULL. Borrowed. */
	const char	*(*req_query)(struct cd_req *req, const char *name);
	/* The value of request header `name` (case-insensitive), or NULL. */
	const char	*(*req_header)(struct cd_req *req, const char *name);
	/* The raw body and its length (*len = 0 and NULL when none). */
	const char	*(*req_body)(struct cd_req *req, size_t *len);
	/*
	 * The body parsed as JSON (the host has already refused a body that
	 * is not JSON, too deep or too large), or NULL when there is no body
	 * or the route has CD_ROUTE_RAW_BODY.  Borrowed: do not decref.
	 */
	json_t		*(*req_json)(struct cd_req *req);
	/* The caller's role (CD_ROLE_*); CD_ROLE_PUBLIC when anonymous. */
	int		 (*req_role)(struct cd_req *req);
	/* The request id echoed in X-Request-Id and in every log line. */
	const char	*(*req_id)(struct cd_req *req);

	/* ABI 1.0: responses (call one, once) ------------------------------ */

	/*
	 * Answer `status` with `body` serialised as JSON.  Steals `body`
	 * (even on error).  Returns CD_EINVAL when already answered or when
	 * `body` is NULL (a failed json_pack): the request then gets 500.
	 */
	int		(*respond_json)(struct cd_req *req, int status,
			    json_t *body);
	/*
	 * Answer `status` with the standard error body
	 * {"error":{"code":code,"message":message,"field":field}}; `field`
	 * may be NULL.  Strings are copied.
	 */
	int		(*respond_error)(struct cd_req *req, int status,
			    const char *code, const char *message,
			    const char *field);
	/*
	 * Answer `status` with `len` bytes of `content_type`.  The bytes are
	 * copied.
	 */
	int		(*respond_raw)(struct cd_req *req, int status,
			    const char *content_type, const void *data,
			    size_t len);

	/* ABI 1.0: metrics ------------------------------------------------- */

	/*
	 * Add `delta` to the counter `name` ([a-z_]{1,47}), exported on
	 * /metrics as cd_plugin_<name>_total{plugin="..."}.  A host keeps at
	 * most 64 plugin counters; past that the call returns CD_ENOMEM.
	 */
	int		(*counter_add)(struct cd_ctx *ctx, const char *name,
			    uint64_t delta);

	/* ABI 1.1: the caller ---------------------------------------------- */

	/*
	 * The caller's user and company ids (UUID text) from the verified
	 * access token, or NULL on a CD_ROLE_PUBLIC route called without
	 * one.  Borrowed until the end of the request.
	 */
	const char	*(*req_user)(struct cd_req *req);
	const char	*(*req_company)(struct cd_req *req);

	/* ABI 1.1: storage (PostgreSQL) ------------------------------------ */

	/*
	 * Run one SQL statement with $1..$n bound to `params` (text, NULL
	 * for SQL NULL; never paste values into `sql`).  It runs in its own
	 * transaction as the caller's company: row-level security shows and
	 * accepts only that company's rows, and a request without a company
	 * sees none.  A statement other than SELECT also writes an audit
	 * row (plugin, statement verb, request id) in the same transaction.
	 *
	 * On success *rows (may be NULL when not wanted) is a new JSON
	 * array of objects, one per row, column name to text value or
	 * null; the caller decrefs it.  Errors: CD_EUNAVAIL (the database
	 * is down: answer 503), CD_EINVAL (the statement failed; *errmsg,
	 * when not NULL, gets a malloc'd reason to log, not to show).
	 */
	int		(*storage_query)(struct cd_req *req, const char *sql,
			    int nparams, const char *const *params,
			    json_t **rows, char **errmsg);

	/* ABI 1.1: documents (JSON by collection) -------------------------- */

	/*
	 * Store `doc` (an object; borrowed, not stolen) as `id` in
	 * `collection` ([a-z0-9_.]{1,64}) of the caller's company,
	 * replacing any previous version; audited.  Errors: CD_EINVAL,
	 * CD_EPERM (no company), CD_EUNAVAIL.
	 */
	int		(*doc_put)(struct cd_req *req, const char *collection,
			    const char *id, const json_t *doc);
	/*
	 * *doc gets a new reference to the stored document (decref it).
	 * Errors: CD_ENOTFOUND, CD_EINVAL, CD_EPERM, CD_EUNAVAIL.
	 */
	int		(*doc_get)(struct cd_req *req, const char *collection,
			    const char *id, json_t **doc);
	/* Remove a document; audited.  CD_ENOTFOUND when there was none. */
	int		(*doc_delete)(struct cd_req *req, const char *collection,
			    const char *id);
	/*
	 * *docs gets a new array of {"id":..., "doc":...} ordered by id,
	 * at most `limit` (1..1000) from `offset`.
	 */
	int		(*doc_list)(struct cd_req *req, const char *collection,
			    size_t limit, size_t offset, json_t **docs);

	/* ABI 1.1: cache (Redis) -------------------------------------------- */

	/*
	 * Keys are the plugin's own, per company: the host prefixes them
	 * with the company and the plugin name.  A cache is never the only
	 * copy: every call may fail with CD_EUNAVAIL when Redis is down, and
	 * the plugin then computes the value itself.
	 *
	 * cache_get: *val gets a malloc'd copy (free it) NUL-terminated, and
	 * *len its length.  CD_ENOTFOUND when absent.
	 * cache_set: store `len` bytes for `ttl` seconds (1..86400).
	 * cache_del: remove; CD_OK even when absent.
	 * cache_incr: add 1 and put the new value in *out; a new key
	 * expires after `ttl` seconds.
	 */
	int		(*cache_get)(struct cd_req *req, const char *key,
			    char **val, size_t *len);
	int		(*cache_set)(struct cd_req *req, const char *key,
			    const void *val, size_t len, int ttl);
	int		(*cache_del)(struct cd_req *req, const char *key);
	int		(*cache_incr)(struct cd_req *req, const char *key,
			    int ttl, long long *out);

	/* ABI 1.2: data files and metric values ---------------------------- */

	/*
	 * Read a YAML file (one document, no aliases) as JSON: plain
	 * scalars that read as null, true/false, integers or decimals take
	 * those types, quoted ones stay strings.  `path` is relative to
	 * plugin_dir() unless absolute.  *out gets a new reference (decref
	 * it).  Errors: CD_EINVAL, with *errmsg (malloc'd) naming the file,
	 * line and column: return it from init to refuse the plugin.
	 */
	int		(*yaml_load)(struct cd_ctx *ctx, const char *path,
			    json_t **out, char **errmsg);
	/*
	 * The canonical metric dictionary (conf/metrics.yaml) as
	 * {"metrics":[{"id","title","unit","type","source",...}]}.
	 * Borrowed until fini().
	 */
	const json_t	*(*metric_dictionary)(struct cd_ctx *ctx);
	/*
	 * The caller's company's metric values for reporting year `year`:
	 * *values gets a new object, canonical metric id to {"value",
	 * "unit","source":"calculated"|"reported",...}.  Calculated metrics
	 * (ghg.*) come from the stored emissions of activities starting in
	 * the year, in tCO2e; reported ones are the latest value entered for
	 * a period overlapping the year.  A metric without a value is
	 * absent.  Errors: CD_EPERM (no company), CD_EINVAL (year outside
	 * 1990..2100), CD_EUNAVAIL.
	 */
	int		(*metric_values)(struct cd_req *req, int year,
			    json_t **values);
	/*
	 * Store reported values for the caller's company exactly as
	 * POST /api/esg/metrics does, and answer the request: `values`
	 * (borrowed) is an array of {"metric_id","period_start",
	 * "period_end","value","unit"?}; each is checked against the
	 * dictionary, all are stored or none, 201 {"stored":n} or a 4xx
	 * naming values[i].field.  For a framework that takes values keyed
	 * by its own disclosure ids.  Returns CD_OK once answered.
	 */
	int		(*metrics_post)(struct cd_req *req,
			    const json_t *values);

	/* ABI 1.3: calculators --------------------------------------------- */

	/*
	 * What a calculation knows of its record beyond the record itself,
	 * by name: "year" (of period_start), "region" ("UK" or "US", from
	 * the facility's country or the company's setting), "grid_region"
	 * (the facility's, or NULL), "country", "gwp" ("AR5" or "AR6", the
	 * record's or the company's), "family" (the factor-set family that
	 * applies: "desnz", "epa-hub", "useeio" or, for a company's own
	 * set named by the record, "custom").  NULL when unknown.
	 * Borrowed for the call.
	 */
	const char	*(*calc_attr)(struct cd_calc *calc, const char *name);

	/*
	 * Find the factor for an activity and convert the quantity to the
	 * factor's unit.  `family` picks the factor sets to look in (NULL:
	 * calc_attr "family"); the record's factor_set wins when it gives
	 * one, else the set of that family whose year is the record's year
	 * or the nearest before it (the earliest when all are later).
	 * `path` is the row id without its set prefix, as far as the
	 * activity goes (e.g. "fuels/gaseous-fuels/natural-gas"); of the
	 * rows below it, the one whose unit the record's `unit` converts to
	 * is taken, an identical unit first.  On CD_OK *factor is the row and
	 * *converted the record's `quantity` in the row's unit.  Errors,
	 * each with the 422 reason already set: CD_ENOTFOUND (no such
	 * activity in the set: field "activity"), CD_EINVAL (no row in a
	 * unit that `unit` converts to: field "unit", naming both units).
	 */
	int		 (*factor_find)(struct cd_calc *calc,
			    const char *family, const char *path,
			    const char *unit, double quantity,
			    const struct cd_factor **factor, double *converted);
	/*
	 * The GWP-100 of `gas` ("CH4", "N2O", "HFC-134a", "R-410A"...,
	 * case-insensitive) in the calculation's GWP set, from
	 * conf/factors/ipcc-gwp.csv.  CD_ENOTFOUND (reason set, field
	 * "activity") when the table has no such gas.
	 */
	int		 (*gwp)(struct cd_calc *calc, const char *gas,
			    double *out);
	/*
	 * Convert `value` from unit `from` to unit `to` (the units module's
	 * names: "kWh", "GJ", "l", "US gal", "kg", "t", "km", "mi"...).
	 * CD_EINVAL (reason set, field `field`) when they do not convert.
	 */
	int		 (*unit_convert)(struct cd_calc *calc, const char *field,
			    double value, const char *from, const char *to,
			    double *out);
	/* Add a result; CD_EINVAL when it is malformed (a plugin bug). */
	int		 (*result_add)(struct cd_calc *calc,
			    const struct cd_result *result);
	/*
	 * Say why the record is refused: `field` names the record's member
	 * (NULL: the whole record).  Returns CD_EINVAL, to return as is.
	 */
	int		 (*calc_fail)(struct cd_calc *calc, const char *field,
			    const char *fmt, ...)
			    __attribute__((format(printf, 3, 4)));

	/* ABI 1.4: GWPs of any set ------------------------------------------ */

	/*
	 * The GWP-100 of `gas` in the named set ("AR5" or "AR6"), whatever
	 * set the calculation asks for: to read a factor row published in
	 * another set (kg CO2e of a gas back to kg of gas).  From
	 * conf/factors/ipcc-gwp.csv, as `gwp`.  CD_ENOTFOUND (reason set,
	 * field "activity") when the set has no such gas.
	 */
	int		 (*gwp_in)(struct cd_calc *calc, const char *set,
			    const char *gas, double *out);
};

/*
 * True when the host's service table has entry `member`: use before
 * calling an entry newer than the ABI minor the plugin requires.
 */
#define CD_SVC_HAS(svc, member)						\
	((svc)->size >= offsetof(struct cd_services, member) +		\
	    sizeof((svc)->member) && (svc)->member != NULL)

#ifdef __cplusplus
}
#endif

#endif /* CARBONDEPICT_SDK_H */
