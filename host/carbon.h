/*
 * The carbon-accounting core of the host, grouped by the file that
 * implements it: the metric dictionary and values, units, the factor
 * library, calculations and their storage, imports, summaries and the
 * organisation.  The platform (HTTP, requests, database, plugins) is in
 * cd.h, which this includes.
 */
#ifndef CD_CARBON_H
#define CD_CARBON_H

#include "cd.h"

/* metrics_dict.c */
int		 cd_dict_load(const char *, char **);
const json_t	*cd_dict_metric(const char *);
const json_t	*cd_dict_json(void);

/* metric_table.c */
struct cd_table_error {
	int		 status;	/* 413 or 422 (500: out of memory) */
	const char	*code;		/* value_too_long, invalid_value */
	char		 field[96];	/* under values[i]: "value[2].gas" */
	char		 message[256];
};
char		*cd_table_text_new(const json_t *, const json_t *,
		    struct cd_table_error *);

/* metric_values.c */
int		 cd_metric_values(struct cd_req *, int, json_t **);

/* api_esg.c */
int		 cd_query_year(struct cd_req *, int *);
int		 cd_esg_store(struct cd_req *, const json_t *);

/* units.c: one conversion module, every constant named and sourced */
int		 cd_unit_known(const char *);
const char	*cd_unit_dimension(const char *);
int		 cd_unit_convert(double, const char *, const char *, double *);

/* factors.c: the factor library (conf/factors) and company sets */
struct cd_fset {
	char			*id;
	char			*family;
	char			*region;
	char			*title;
	char			*publisher;
	int			 year;
	int			 company;	/* a company's own set */
	struct cd_factor	*rows;		/* sorted by id */
	size_t			 nrows;
};

#define CD_FACTOR_NOUNIT	1	/* rows exist, none in a unit
					   the record's converts to */

int		 cd_factors_load(const char *, char **);
void		 cd_factors_free(void);
size_t		 cd_factors_nsets(void);
const struct cd_fset *cd_factors_set_at(size_t);
const struct cd_fset *cd_factors_set(const char *);
const struct cd_fset *cd_factors_pick(const char *, const char *, int);
const struct cd_factor *cd_factors_find(const struct cd_fset *,
		    const char *, const char *, double, double *, char *,
		    size_t);
int		 cd_factors_gwp(const char *, const char *, double *,
		    const struct cd_factor **);
struct cd_fset	*cd_factors_company(struct cd_tx *, const char *, char *,
		    size_t);
void		 cd_factors_set_free(struct cd_fset *);
int		 cd_factors_parse_row(struct cd_factor *, const struct cd_csv *,
		    char **);
void		 cd_factor_row_free(struct cd_factor *);

/* calc.c, calc_env.c, calc_svc.c: one activity record through its calculator */
#define CD_CALC_RESULTS		8
#define CD_CALC_SETS		4

struct cd_calc_facility {
	char			 id[37];
	char			 entity[37];
	char			 country[3];
	char			 region[8];
	char			 grid_region[65];
};

/* What every record of one request or import shares. */
struct cd_calc_env {
	char			 company[37];
	char			 region[8];	/* the company's default */
	char			 gwp[8];
	struct cd_calc_facility	*fac;
	size_t			 nfac;
	struct cd_fset		*own[CD_CALC_SETS];	/* company sets read */
	int			 nown;
};

struct cd_calc_result {
	struct cd_result	 r;
	struct cd_factor	 f;
	char			 method[16];
	char			 note[256];
	char			 gas[CD_RESULT_GASES][32];
	char			 fstr[4][160];	/* set, id, unit, source */
};

struct cd_calc {
	struct cd_calc_env	*env;
	struct cd_tx		*tx;
	const json_t		*record;
	const char		*category;
	const char		*activity;
	const char		*unit;
	double			 quantity;
	const char		*period_start;
	const char		*period_end;
	int			 year;
	char			 yearstr[8];
	const struct cd_calc_facility *facility;
	char			 region[8];
	char			 gwp[8];
	const char		*family;
	const struct cd_fset	*set;		/* the record's factor_set */
	char			 calculator[64];
	char			 calc_version[32];
	struct cd_calc_result	 res[CD_CALC_RESULTS];
	int			 nres;
	char			 code[32];	/* when refused */
	char			 field[64];
	char			 msg[256];
};

int		 cd_calc_env_load(struct cd_calc_env *, struct cd_tx *,
		    const char *);
void		 cd_calc_env_free(struct cd_calc_env *);
struct cd_calc_env *cd_calc_env_cached(const char *, struct cd_tx *, int *);
const struct cd_fset *cd_calc_env_set(struct cd_calc_env *, struct cd_tx *,
		    const char *);
int		 cd_calc_run(struct cd_calc *, struct cd_calc_env *,
		    struct cd_tx *, const json_t *);
struct cd_jsonw;
void		 cd_calc_write(const struct cd_calc *, struct cd_jsonw *);
void		 cd_calc_vrefuse(struct cd_calc *, const char *, const char *,
		    const char *, va_list);
int		 cd_calc_refuse(struct cd_calc *, const char *, const char *,
		    const char *, ...) CD_PRINTF(4, 5);
const char	*cd_svc_calc_attr(struct cd_calc *, const char *);
int		 cd_svc_factor_find(struct cd_calc *, const char *,
		    const char *, const char *, double,
		    const struct cd_factor **, double *);
int		 cd_svc_gwp(struct cd_calc *, const char *, double *);
int		 cd_svc_gwp_in(struct cd_calc *, const char *, const char *,
		    double *);
int		 cd_svc_unit_convert(struct cd_calc *, const char *, double,
		    const char *, const char *, double *);
int		 cd_svc_result_add(struct cd_calc *, const struct cd_result *);
int		 cd_svc_calc_fail(struct cd_calc *, const char *, const char *,
		    ...) CD_PRINTF(3, 4);

/* store.c: activities and their emission rows, written with COPY */

struct cd_store {
	struct cd_tx		*tx;
	const char		*company;
	const char		*user;
	const char		*job;		/* import job, or NULL */
	const char		*run;		/* recalculation, or NULL */
	struct cd_buf		 act;
	struct cd_buf		 em;
	size_t			 nact;
	size_t			 nem;
};

void		 cd_store_init(struct cd_store *, struct cd_tx *, const char *,
		    const char *, const char *);
void		 cd_store_add(struct cd_store *, const struct cd_calc *,
		    long long, char [37]);
void		 cd_store_add_emissions(struct cd_store *,
		    const struct cd_calc *, const char *);
int		 cd_store_flush(struct cd_store *);
void		 cd_store_free(struct cd_store *);

/* spool.c, import.c: CSV imports as jobs, resumable after a crash */
int		 cd_import_spool_open(struct cd_req *);
int		 cd_import_spool_write(struct cd_req *, const char *, size_t);
void		 cd_import_spool_discard(struct cd_req *);
int		 cd_import_header(struct cd_csv *, char *, size_t);
int		 cd_import_start(const struct cd_config *);
void		 cd_import_stop(void);
void		 cd_import_kick(void);
int		 cd_import_prepare_dir(const struct cd_config *, char **);

/* summary_lists.c: the summary's coverage and top sources */
struct cd_sumlists {
	json_t			*cells;		/* "<facility>/<month>" */
	json_t			*sources;	/* "<category>\x1f<facility>" */
};

void		 cd_sumlists_init(struct cd_sumlists *);
void		 cd_sumlists_add(struct cd_sumlists *, const char *,
		    const char *, int, int, const char *, const char *, double,
		    long long);
json_t		*cd_sumlists_coverage(const struct cd_sumlists *);
json_t		*cd_sumlists_sources(const struct cd_sumlists *, size_t);
void		 cd_sumlists_free(struct cd_sumlists *);

/* api_org.c: legal entities, facilities, company settings */
int		 cd_org_settings(struct cd_tx *, const char *, char [16],
		    char [8], char [8]);

#endif
