/*
 * The factor library: the sets listed in conf/factors/sets.yaml, read
 * once by the master before the workers fork, and a company's own sets,
 * read from PostgreSQL on first use and kept per thread (a stored set
 * never changes, so a cached copy is never stale).
 *
 * Rows of a set are sorted by id, so the rows of one activity (one id
 * path, one row per unit) sit together and are found by binary search.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "cd.h"
#include "carbon.h"

/* The columns of a factor file (conf/factors/README.md), in order. */
enum { C_ID, C_CATEGORY, C_ACTIVITY, C_UNIT, C_CO2E, C_CO2, C_CH4, C_N2O,
    C_BASIS, C_GWP, C_REGION, C_YEAR, C_SOURCE, C_PUBLISHER, C_EDITION,
    C_TABLE, C_SCOPE, C_SOURCE_ROW, C_NOTES, C_NCOLS };

static struct cd_fset	*sets;
static size_t		 nsets;

static int
row_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct cd_factor *)a)->id,
	    ((const struct cd_factor *)b)->id));
}

static double
num(const char *s, int *bad)
{
	char	*end;
	double	 d;

	if (*s == '\0')
		return (NAN);
	d = strtod(s, &end);
	if (*end != '\0' || !isfinite(d))
		*bad = 1;
	return (d);
}

void
cd_factor_row_free(struct cd_factor *f)
{
	free((char *)f->set);
	free((char *)f->id);
	free((char *)f->category);
	free((char *)f->activity);
	free((char *)f->unit);
	free((char *)f->gwp_set);
	free((char *)f->region);
	free((char *)f->source);
	free((char *)f->publisher);
	free((char *)f->table);
	free((char *)f->notes);
}

/*
 * One record of a factor file into f (strings copied).  The set is the
 * id's first segment.  0, or -1 with *err saying why.
 */
int
cd_factors_parse_row(struct cd_factor *f, const struct cd_csv *c, char **err)
{
	const char	*slash;
	int		 bad = 0;

	memset(f, 0, sizeof(*f));
	if (c->error != NULL || c->nfields != C_NCOLS) {
		*err = cd_asprintf("line %lld: %s", c->line, c->error ?
		    c->error : "not 19 fields");
		return (-1);
	}
	if ((slash = strchr(c->field[C_ID], '/')) == NULL ||
	    c->field[C_UNIT][0] == '\0') {
		*err = cd_asprintf("line %lld: id must be <set>/<path> and unit "
		    "must be given", c->line);
		return (-1);
	}
	f->co2e = num(c->field[C_CO2E], &bad);
	f->co2 = num(c->field[C_CO2], &bad);
	f->ch4 = num(c->field[C_CH4], &bad);
	f->n2o = num(c->field[C_N2O], &bad);
	f->year = atoi(c->field[C_YEAR]);
	f->edition_year = atoi(c->field[C_EDITION]);
	if (bad || isnan(f->co2e) || (strcmp(c->field[C_GWP], "AR5") != 0 &&
	    strcmp(c->field[C_GWP], "AR6") != 0)) {
		*err = cd_asprintf("line %lld: co2e_kg_per_unit must be a "
		    "number, the gas columns numbers or empty, gwp_set AR5 or "
		    "AR6", c->line);
		return (-1);
	}
	/* DESNZ gives CO2e of each gas; EPA and GWP rows give masses. */
	f->gas_mass = strstr(c->field[C_BASIS], "kg CO2e of CH4") == NULL;
	f->set = strndup(c->field[C_ID], (size_t)(slash - c->field[C_ID]));
	f->id = cd_strdup(c->field[C_ID]);
	f->category = cd_strdup(c->field[C_CATEGORY]);
	f->activity = cd_strdup(c->field[C_ACTIVITY]);
	f->unit = cd_strdup(c->field[C_UNIT]);
	f->gwp_set = cd_strdup(c->field[C_GWP]);
	f->region = cd_strdup(c->field[C_REGION]);
	f->source = cd_strdup(c->field[C_SOURCE]);
	f->publisher = cd_strdup(c->field[C_PUBLISHER]);
	f->table = cd_strdup(c->field[C_TABLE]);
	f->notes = cd_strdup(c->field[C_NOTES]);
	if (f->set == NULL)
		cd_fatal("strndup");
	return (0);
}

/* Read the rows of `file` whose set is s->id into s. */
static int
load_file(struct cd_fset *s, const char *path, char **err)
{
	struct cd_csv	*c;
	struct cd_factor f;
	char		*buf, *p;
	size_t		 len, used, cap = 0;
	int		 header = 1;

	if ((buf = cd_file_read(path, 64 << 20, &len, err)) == NULL)
		return (-1);
	c = cd_malloc(sizeof(*c));
	cd_csv_init(c, 1);
	for (p = buf; ; p += used, len -= used) {
		if (!cd_csv_feed(c, p, len, &used) && !cd_csv_finish(c))
			break;
		if (cd_csv_blank(c))
			continue;
		if (header) {
			header = 0;
			continue;
		}
		if (cd_factors_parse_row(&f, c, err) != 0) {
			char *e = cd_asprintf("%s %s", path, *err);
			free(*err);
			*err = e;
			free(c);
			free(buf);
			return (-1);
		}
		if (strcmp(f.set, s->id) != 0) {
			cd_factor_row_free(&f);
			continue;
		}
		if (s->nrows == cap) {
			cap = cap ? cap * 2 : 256;
			s->rows = cd_realloc(s->rows, cap * sizeof(*s->rows));
		}
		s->rows[s->nrows++] = f;
	}
	free(c);
	free(buf);
	qsort(s->rows, s->nrows, sizeof(*s->rows), row_cmp);
	for (size_t i = 1; i < s->nrows; i++)
		if (strcmp(s->rows[i - 1].id, s->rows[i].id) == 0) {
			*err = cd_asprintf("%s: id %s appears twice", path,
			    s->rows[i].id);
			return (-1);
		}
	if (s->nrows == 0) {
		*err = cd_asprintf("%s: no row of set %s", path, s->id);
		return (-1);
	}
	return (0);
}

static const char *
set_str(const json_t *o, const char *k)
{
	const char	*v = json_string_value(json_object_get(o, k));

	return (v != NULL ? v : "");
}

/* Load every set sets.yaml in `dir` lists.  Called once, in the master. */
int
cd_factors_load(const char *dir, char **err)
{
	json_t		*doc, *list, *e;
	char		 path[PATH_MAX];
	size_t		 i;

	snprintf(path, sizeof(path), "%s/sets.yaml", dir);
	if ((doc = cd_yaml_load(path, err)) == NULL)
		return (CD_EINVAL);
	list = json_object_get(doc, "sets");
	sets = cd_calloc(json_array_size(list) + 1, sizeof(*sets));
	json_array_foreach(list, i, e) {
		struct cd_fset *s = &sets[nsets++];
		s->id = cd_strdup(set_str(e, "id"));
		s->family = cd_strdup(set_str(e, "family"));
		s->region = cd_strdup(set_str(e, "region"));
		s->title = cd_strdup(set_str(e, "title"));
		s->publisher = cd_strdup(set_str(e, "publisher"));
		s->year = (int)json_integer_value(json_object_get(e, "year"));
		snprintf(path, sizeof(path), "%s/%s", dir, set_str(e, "file"));
		if (*s->id == '\0' || *s->family == '\0' || s->year == 0 ||
		    load_file(s, path, err) != 0) {
			if (*err == NULL)
				*err = cd_asprintf("%s/sets.yaml: set %zu needs "
				    "id, family, year and file", dir, i + 1);
			json_decref(doc);
			cd_factors_free();
			return (CD_EINVAL);
		}
	}
	json_decref(doc);
	if (nsets == 0) {
		*err = cd_asprintf("%s/sets.yaml lists no set", dir);
		return (CD_EINVAL);
	}
	return (CD_OK);
}

static void
set_free(struct cd_fset *s)
{
	for (size_t r = 0; r < s->nrows; r++)
		cd_factor_row_free(&s->rows[r]);
	free(s->rows);
	free(s->id);
	free(s->family);
	free(s->region);
	free(s->title);
	free(s->publisher);
}

/* A company's set, as cd_factors_company made it. */
void
cd_factors_set_free(struct cd_fset *s)
{
	if (s == NULL)
		return;
	set_free(s);
	free(s);
}

void
cd_factors_free(void)
{
	for (size_t i = 0; i < nsets; i++)
		set_free(&sets[i]);
	free(sets);
	sets = NULL;
	nsets = 0;
}

size_t
cd_factors_nsets(void)
{
	return (nsets);
}

const struct cd_fset *
cd_factors_set_at(size_t i)
{
	return (i < nsets ? &sets[i] : NULL);
}

const struct cd_fset *
cd_factors_set(const char *id)
{
	for (size_t i = 0; i < nsets; i++)
		if (strcmp(sets[i].id, id) == 0)
			return (&sets[i]);
	return (NULL);
}

/*
 * The set of `family` for `region` and `year`: the latest year not after
 * it, else the earliest.  Sets of the region (or global) come first; a
 * family with none for the region answers with its other sets.
 */
const struct cd_fset *
cd_factors_pick(const char *family, const char *region, int year)
{
	const struct cd_fset	*best = NULL;
	int			 pass;

	for (pass = 0; pass < 2 && best == NULL; pass++)
		for (size_t i = 0; i < nsets; i++) {
			const struct cd_fset *s = &sets[i];
			if (strcmp(s->family, family) != 0)
				continue;
			if (pass == 0 && strcmp(s->region, region) != 0 &&
			    strcmp(s->region, "global") != 0)
				continue;
			if (best == NULL ||
			    (s->year <= year && (best->year > year ||
			    s->year > best->year)) ||
			    (s->year > year && best->year > year &&
			    s->year < best->year))
				best = s;
		}
	return (best);
}

/*
 * The row of s at "<set>/<path>/<unit slug>" whose unit `unit` converts
 * to, an identical unit first; *conv gets q in the row's unit.  NULL when
 * there is none: *why is then CD_FACTOR_NOUNIT when the path has rows,
 * and `units` lists theirs (for the message).
 */
const struct cd_factor *
cd_factors_find(const struct cd_fset *s, const char *path, const char *unit,
    double q, double *conv, char *units, size_t unitslen)
{
	struct cd_factor	 key;
	char			 prefix[512];
	size_t			 lo, hi, plen, first, last;

	units[0] = '\0';
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s/%s/", s->id, path);
	if (plen >= sizeof(prefix))
		return (NULL);
	key.id = prefix;
	lo = 0;
	hi = s->nrows;
	while (lo < hi) {		/* the first row not before prefix */
		size_t mid = lo + (hi - lo) / 2;
		if (row_cmp(&s->rows[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	for (last = first; last < s->nrows &&
	    strncmp(s->rows[last].id, prefix, plen) == 0; last++)
		;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = first; i < last; i++) {
			const struct cd_factor *f = &s->rows[i];
			if (strchr(f->id + plen, '/') != NULL)
				continue;	/* a deeper path */
			if (pass == 0 && strcmp(f->unit, unit) == 0) {
				*conv = q;
				return (f);
			}
			if (pass == 1 && cd_unit_convert(q, unit, f->unit,
			    conv) == CD_OK)
				return (f);
		}
	for (size_t i = first; i < last; i++) {
		size_t l = strlen(units);
		if (strchr(s->rows[i].id + plen, '/') != NULL ||
		    strstr(units, s->rows[i].unit) != NULL)
			continue;
		snprintf(units + l, unitslen - l, "%s%s", l ? ", " : "",
		    s->rows[i].unit);
	}
	return (NULL);
}

/* A gas name as the GWP file writes it: "HFC-134a (R-134a)" answers to
   both names, case-insensitively. */
static int
gas_is(const char *activity, const char *gas)
{
	const char	*open;
	size_t		 n = strlen(gas);

	if (strcasecmp(activity, gas) == 0)
		return (1);
	if ((open = strstr(activity, " (")) == NULL)
		return (0);
	if ((size_t)(open - activity) == n &&
	    strncasecmp(activity, gas, n) == 0)
		return (1);
	return (strncasecmp(open + 2, gas, n) == 0 && open[2 + n] == ')');
}

/* The GWP-100 of gas in gwp_set ("AR5", "AR6") and its row. */
int
cd_factors_gwp(const char *gwp_set, const char *gas, double *out,
    const struct cd_factor **row)
{
	const struct cd_fset	*s;

	if (strcasecmp(gwp_set, "AR5") != 0 && strcasecmp(gwp_set, "AR6") != 0)
		return (CD_ENOTFOUND);
	s = cd_factors_set(strcasecmp(gwp_set, "AR6") == 0 ? "ipcc-ar6" :
	    "ipcc-ar5");
	for (size_t i = 0; s != NULL && i < s->nrows; i++)
		if (gas_is(s->rows[i].activity, gas)) {
			*out = s->rows[i].co2e;
			if (row != NULL)
				*row = &s->rows[i];
			return (CD_OK);
		}
	return (CD_ENOTFOUND);
}
