/*
 * The two lists of GET /api/emissions/summary built beside its totals,
 * from the same rollup rows in the same pass (summary.c):
 *
 *   coverage  per facility and month, how many current emission rows
 *             there are, not counting a market-based scope 2 row: every
 *             scope 2 activity has a location-based and a market-based
 *             row, and counting both would show electricity as twice as
 *             complete as gas.  The rollups keep no activity ids, so a
 *             calculator that writes more than one row for an activity
 *             (electricity or heat with its scope 3 T&D losses row, an
 *             EPA vehicle fuel with its CH4 and N2O row) still counts
 *             each of them: the number says whether and how densely a
 *             month has data, it is not a count of activities.  Counted
 *             whatever the approach: a facility outside the boundary
 *             still has (or lacks) its data.
 *   sources   tonnes per (category, facility) under the approach, as
 *             the totals count them: location_t adds every row but the
 *             market-based ones, market_t every row but the location-
 *             based ones.
 */
#include <stdlib.h>
#include <string.h>

#include "cd.h"
#include "carbon.h"

void
cd_sumlists_init(struct cd_sumlists *l)
{
	l->cells = json_object();
	l->sources = json_object();
}

void
cd_sumlists_free(struct cd_sumlists *l)
{
	json_decref(l->cells);
	json_decref(l->sources);
	l->cells = l->sources = NULL;
}

/* fac and name are "" for rows without a facility. */
static json_t *
cell_new(const char *fac, const char *name)
{
	return (json_pack("{s:s?, s:s?}", "facility_id", *fac ? fac : NULL,
	    "name", *fac ? name : NULL));
}

static void
add_real(json_t *o, const char *k, double v)
{
	json_object_set_new(o, k, json_real(json_real_value(
	    json_object_get(o, k)) + v));
}

/*
 * One rollup row: month 1..12, scope and method as stored, tonnes t
 * under the approach, n emission rows.
 */
void
cd_sumlists_add(struct cd_sumlists *l, const char *fac, const char *name,
    int month, int scope, const char *method, const char *category,
    double t, long long n)
{
	int	 market = scope == 2 && strcmp(method, "market") == 0;
	int	 location = scope == 2 && !market;
	char	*key;
	json_t	*o;

	if (!market) {
		key = cd_asprintf("%s/%02d", fac, month);
		if ((o = json_object_get(l->cells, key)) == NULL) {
			o = cell_new(fac, name);
			json_object_set_new(o, "month", json_integer(month));
			json_object_set_new(o, "rows", json_integer(0));
			json_object_set_new(l->cells, key, o);
		}
		json_object_set_new(o, "rows", json_integer(
		    json_integer_value(json_object_get(o, "rows")) + n));
		free(key);
	}

	key = cd_asprintf("%s\x1f%s", category, fac);
	if ((o = json_object_get(l->sources, key)) == NULL) {
		o = cell_new(fac, name);
		json_object_set_new(o, "category", json_string(category));
		json_object_set_new(o, "scope", json_integer(scope));
		json_object_set_new(o, "location_t", json_real(0));
		json_object_set_new(o, "market_t", json_real(0));
		json_object_set_new(l->sources, key, o);
	}
	/* A category's own scope: its T&D losses row is scope 3. */
	if (scope < json_integer_value(json_object_get(o, "scope")))
		json_object_set_new(o, "scope", json_integer(scope));
	if (!market)
		add_real(o, "location_t", t);
	if (!location)
		add_real(o, "market_t", t);
	free(key);
}

/* Compare two strings of JSON objects, null (no facility) last. */
static int
str_cmp(const json_t *a, const json_t *b, const char *k)
{
	const char	*x = json_string_value(json_object_get(a, k));
	const char	*y = json_string_value(json_object_get(b, k));

	if (x == NULL || y == NULL)
		return ((x == NULL) - (y == NULL));
	return (strcmp(x, y));
}

static int
num_cmp(const json_t *a, const json_t *b, const char *k)
{
	double	x = json_number_value(json_object_get(a, k));
	double	y = json_number_value(json_object_get(b, k));

	return ((x > y) - (x < y));
}

/* By facility name (no facility last), facility id, month. */
static int
cell_cmp(const void *pa, const void *pb)
{
	const json_t	*a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int		 c;

	if ((c = str_cmp(a, b, "name")) != 0 ||
	    (c = str_cmp(a, b, "facility_id")) != 0)
		return (c);
	return (num_cmp(a, b, "month"));
}

/* Most location tonnes first; then market tonnes, category, facility. */
static int
source_cmp(const void *pa, const void *pb)
{
	const json_t	*a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int		 c;

	if ((c = num_cmp(b, a, "location_t")) != 0 ||
	    (c = num_cmp(b, a, "market_t")) != 0 ||
	    (c = str_cmp(a, b, "category")) != 0)
		return (c);
	return (str_cmp(a, b, "facility_id"));
}

/* The values of obj sorted by cmp, at most max of them, as an array. */
static json_t *
sorted(json_t *obj, int (*cmp)(const void *, const void *), size_t max,
    int skip_zero)
{
	const char	*k;
	json_t		*v, **all, *arr = json_array();
	size_t		 n = 0;

	all = cd_calloc(json_object_size(obj) + 1, sizeof(*all));
	json_object_foreach(obj, k, v) {
		if (skip_zero && json_real_value(json_object_get(v,
		    "location_t")) == 0 && json_real_value(json_object_get(v,
		    "market_t")) == 0)
			continue;
		all[n++] = v;
	}
	qsort(all, n, sizeof(*all), cmp);
	for (size_t i = 0; i < n && i < max; i++)
		json_array_append(arr, all[i]);
	free(all);
	return (arr);
}

/* Every cell with rows, sorted. */
json_t *
cd_sumlists_coverage(const struct cd_sumlists *l)
{
	return (sorted(l->cells, cell_cmp, (size_t)-1, 0));
}

/* The max largest sources; pairs with no tonnes under the approach go. */
json_t *
cd_sumlists_sources(const struct cd_sumlists *l, size_t max)
{
	return (sorted(l->sources, source_cmp, max, 1));
}
