/*
 * Insights: an analysis plugin that reads a company's stored activities
 * and emissions for one reporting year and says what looks wrong or
 * what matters most: year-over-year jumps, monthly outliers, missing
 * months, facilities without data, the emission hot spots and the
 * largest reduction levers.  Every finding carries a sentence with the
 * numbers behind it.  Nothing is random and nothing leaves the host: the
 * same stored rows always give the same answer.  docs/insights.md
 * describes each finding and its threshold.
 *
 * It is registered as a calculator only because that is the one
 * non-framework kind the host accepts; it computes no category, so its
 * capability list is empty.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carbondepict/sdk.h>

/* A year-over-year change beyond this share of the previous year. */
#define YOY_THRESHOLD_PCT	25.0
/*
 * Monthly outliers: the modified z-score of Iglewicz and Hoaglin, "How to
 * Detect and Handle Outliers" (ASQC Basic References in Quality Control,
 * vol. 16, 1993): M = (x - median) / (1.4826 * MAD), where MAD is the
 * median absolute deviation and 1.4826 makes it estimate the standard
 * deviation of normal data; they recommend |M| > 3.5.  Median and MAD are
 * barely moved by the outlier itself, unlike a mean and standard
 * deviation over twelve points.
 */
#define MAD_SCALE		1.4826
#define MODZ_THRESHOLD		3.5
/* Below this many months with data the median says too little. */
#define OUTLIER_MIN_MONTHS	6
/* Text: it is pasted into the SQL as a constant, never a value. */
#define HOT_SPOTS_MAX		"5"
#define LEVERS_MAX		5
#define REASON_MAX		512

/*
 * The emission rows the analysis reads: current calculations of
 * activities starting in Y-1 or Y, in tonnes, per month, consolidated by
 * the company's approach as the summary and the frameworks count them
 * (cd_consolidated: an equity share counts its share; the rows of an
 * entity outside the boundary count nothing and are left out, so that
 * they make neither a hot spot nor a month with data).  An activity may
 * carry a location-based and a market-based scope 2 row (GHG Protocol
 * Scope 2 Guidance); counting both would double it, so the market-based
 * rows are left out, as in the summary's location-based totals.
 */
#define EMISSIONS_CTE							\
	"WITH em AS (SELECT c.scope, c.category, c.co2e_kg / 1000 AS t, "\
	"make_date(y.y, c.month, 1) AS day, c.facility_id FROM (SELECT "\
	"coalesce((SELECT approach FROM company_settings), 'operational') "\
	"AS approach) s CROSS JOIN (VALUES ($1::int - 1), ($1::int)) "	\
	"AS y (y) CROSS JOIN LATERAL cd_consolidated(y.y, s.approach) c "\
	"WHERE c.method IS DISTINCT FROM 'market' AND c.co2e_kg <> 0) "
#define IN_YEAR		"em.day >= make_date($1::int, 1, 1)"

/*
 * Per scope and per category: tonnes of Y, and of Y-1 in the months Y
 * has data for, so a year still under way (or one with months missing)
 * is set against the same months, not a whole year; `months` says how
 * many that is.
 */
static const char sql_totals[] = EMISSIONS_CTE
    ", ym AS (SELECT DISTINCT extract(month FROM em.day)::int AS m "
    "FROM em WHERE " IN_YEAR ") "
    "SELECT em.scope::text AS scope, em.category, "
    "coalesce(sum(em.t) FILTER (WHERE " IN_YEAR "), 0) AS cur, "
    "coalesce(sum(em.t) FILTER (WHERE NOT " IN_YEAR " AND "
    "extract(month FROM em.day)::int IN (SELECT m FROM ym)), 0) AS prev, "
    "(SELECT count(*) FROM ym)::text AS months "
    "FROM em GROUP BY GROUPING SETS ((em.scope), (em.category)) "
    "ORDER BY em.scope NULLS LAST, cur DESC, em.category";

/* Per category and month of Y: tonnes. */
static const char sql_months[] = EMISSIONS_CTE
    "SELECT em.category, extract(month FROM em.day)::int AS month, "
    "sum(em.t) AS t FROM em WHERE " IN_YEAR " GROUP BY 1, 2 "
    "ORDER BY 1, 2";

/* The largest (category, facility) pairs of Y and the year's total. */
static const char sql_hot_spots[] = EMISSIONS_CTE
    "SELECT em.category, em.facility_id::text AS facility_id, "
    "f.name AS facility, sum(em.t) AS t, sum(sum(em.t)) OVER () AS total "
    "FROM em LEFT JOIN facilities f ON f.id = em.facility_id WHERE "
    IN_YEAR " GROUP BY 1, 2, 3 ORDER BY t DESC, 1, 2 NULLS LAST "
    "LIMIT " HOT_SPOTS_MAX;

/*
 * Which months of Y have an activity record, as a bit mask (bit 0 is
 * January): first the whole company, then each facility by name.  A
 * record covers every month its period overlaps, so a quarterly bill
 * fills its three months.
 */
static const char sql_coverage[] =
    "WITH cov AS (SELECT a.facility_id, generate_series("
    "CASE WHEN a.period_start < make_date($1::int, 1, 1) THEN 1 "
    "ELSE extract(month FROM a.period_start)::int END, "
    "CASE WHEN a.period_end > make_date($1::int, 12, 31) THEN 12 "
    "ELSE extract(month FROM a.period_end)::int END) AS month "
    "FROM activities a WHERE a.period_start <= make_date($1::int, 12, 31) "
    "AND a.period_end >= make_date($1::int, 1, 1)) "
    "SELECT 0 AS k, NULL::text AS id, NULL::text AS name, "
    "coalesce(bit_or(1 << (month - 1)), 0) AS months FROM cov "
    "UNION ALL SELECT 1, f.id::text, f.name, "
    "coalesce(bit_or(1 << (c.month - 1)), 0) FROM facilities f "
    "LEFT JOIN cov c ON c.facility_id = f.id GROUP BY f.id, f.name "
    "ORDER BY k, name, id";

/*
 * Reduction levers by category: the usual first measure for that source
 * and why it works.  Fixed text, so the answer stays deterministic; a
 * category missing here gets no lever (it still shows in hot_spots).
 */
static const struct lever {
	const char	*category;
	const char	*lever;
	const char	*why;
} levers[] = {
	{ "electricity", "renewable supply contracts (power purchase "
	  "agreements, certified green tariffs) and efficiency",
	  "contractual renewable supply lowers market-based scope 2, and "
	  "each kWh saved removes its grid emissions under both methods" },
	{ "stationary_combustion", "heat pumps and a fuel switch away from "
	  "oil and gas", "the fuel burnt on site is the emission itself; a "
	  "heat pump gives several units of heat per unit of electricity" },
	{ "mobile_combustion", "fleet electrification", "tailpipe fuel is "
	  "direct scope 1; electric vehicles use far less energy per km and "
	  "follow the grid as it decarbonises" },
	{ "heat_steam", "demand reduction (insulation, controls) and a "
	  "low-carbon heat supplier", "purchased heat is billed per unit "
	  "used, so less demand and a cleaner supplier mix both cut it" },
	{ "refrigerants", "leak detection and repair, and low-GWP "
	  "refrigerants", "a leaked kilogram counts at its GWP, often "
	  "thousands of times that of CO2" },
	{ "business_travel", "rail instead of short-haul flights, and "
	  "virtual meetings", "rail emits a small fraction of a flight per "
	  "passenger-km, and a trip not taken emits nothing" },
	{ "employee_commuting", "public transport, cycling and remote-work "
	  "support", "commuting emissions follow the mode and the number of "
	  "trips, both of which these change" },
	{ "purchased_goods_spend", "supplier engagement (supplier-specific "
	  "data and suppliers' own targets)", "spend-based factors average a "
	  "whole sector; only suppliers' data and reductions move this "
	  "figure" },
	{ "waste", "waste prevention, recycling and diversion from landfill",
	  "landfilled organic waste emits methane; prevention and recycling "
	  "avoid most of it" },
};

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static const struct cd_services	*svc;
static struct cd_ctx		*plugin_ctx;

static double
absd(double x)
{
	return (x < 0 ? -x : x);
}

/* Column `col` of a storage row (text or null). */
static const char *
col_str(const json_t *row, const char *col)
{
	return (json_string_value(json_object_get(row, col)));
}

static double
col_num(const json_t *row, const char *col)
{
	const char	*s = col_str(row, col);

	return (s != NULL ? strtod(s, NULL) : 0);
}

static void
finding(json_t *list, const char *kind, const char *severity,
    const char *subject, json_t *data, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Append a finding; `data` is stolen, the reason formatted. */
static void
finding(json_t *list, const char *kind, const char *severity,
    const char *subject, json_t *data, const char *fmt, ...)
{
	char	reason[REASON_MAX];
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:o}",
	    "kind", kind, "severity", severity, "subject", subject, "reason",
	    reason, "data", data));
}

/* One statement with the year bound as $1; logs why it failed. */
static int
query(struct cd_req *req, const char *sql, const char *year, json_t **rows)
{
	const char	*params[1] = { year };
	char		*err = NULL;
	int		 rc;

	rc = svc->storage_query(req, sql, 1, params, rows, &err);
	if (rc != CD_OK)
		svc->log(plugin_ctx, CD_LOG_WARN, "query failed: %s",
		    err != NULL ? err : "unknown reason");
	free(err);
	return (rc);
}

/* ?year=Y, four digits in 1990..2100; -1 after answering 422. */
static int
query_year(struct cd_req *req)
{
	const char	*y = svc->req_query(req, "year");
	int		 n;

	if (y == NULL || strlen(y) != 4 || strspn(y, "0123456789") != 4 ||
	    (n = atoi(y)) < 1990 || n > 2100) {
		svc->respond_error(req, 422, "invalid_field", "year must be a "
		    "year from 1990 to 2100", "year");
		return (-1);
	}
	return (n);
}

/* A year-over-year finding when |change| passes the threshold. */
static void
yoy_check(json_t *findings, const json_t *row, int year)
{
	const char	*scope = col_str(row, "scope");
	const char	*category = col_str(row, "category");
	double		 cur = col_num(row, "cur"), prev = col_num(row, "prev");
	double		 pct;
	int		 months = (int)col_num(row, "months");
	char		 subject[128], span[64];

	/* Without a previous year there is no base to compare against. */
	if (prev <= 0)
		return;
	pct = (cur - prev) / prev * 100;
	if (absd(pct) <= YOY_THRESHOLD_PCT)
		return;
	if (scope != NULL)
		snprintf(subject, sizeof(subject), "Scope %s", scope);
	else
		snprintf(subject, sizeof(subject), "%s", category);
	if (months < 12)
		snprintf(span, sizeof(span), " (the %d month%s of %d with data "
		    "and the same of %d)", months, months == 1 ? "" : "s", year,
		    year - 1);
	else
		span[0] = '\0';
	/*
	 * A rise needs explaining, and so does a source that vanished:
	 * that is more often missing data than a real cut.  A partial fall
	 * is most often the goal.
	 */
	finding(findings, "yoy_change", pct > 0 || cur <= 0 ? "warning" :
	    "info", subject,
	    json_pack("{s:o, s:s?, s:i, s:f, s:f, s:f, s:f, s:i}", "scope",
	    scope != NULL ? json_integer(atoi(scope)) : json_null(),
	    "category", category, "previous_year", year - 1, "previous_t",
	    prev, "current_t", cur, "change_pct", pct, "threshold_pct",
	    YOY_THRESHOLD_PCT, "months_compared", months), "%s emissions %s "
	    "%.1f %% from %.1f t in %d to %.1f t in %d%s, beyond the %.0f %% "
	    "threshold", subject, pct > 0 ? "rose" : "fell", absd(pct), prev,
	    year - 1, cur, year, span, YOY_THRESHOLD_PCT);
}

static const struct lever *
lever_for(const char *category)
{
	for (size_t i = 0; i < sizeof(levers) / sizeof(levers[0]); i++)
		if (strcmp(levers[i].category, category) == 0)
			return (&levers[i]);
	return (NULL);
}

/*
 * Year-over-year findings and, from the same totals, the levers of the
 * largest categories (rows come scopes first, then categories by size).
 */
static int
find_totals(struct cd_req *req, const char *y, int year, json_t *findings,
    json_t *out_levers)
{
	const struct lever	*l;
	json_t			*rows, *row;
	double			 total = 0, t, share;
	char			 reason[REASON_MAX];
	size_t			 i;
	int			 rc;

	if ((rc = query(req, sql_totals, y, &rows)) != CD_OK)
		return (rc);
	json_array_foreach(rows, i, row) {
		yoy_check(findings, row, year);
		t = col_num(row, "cur");
		if (col_str(row, "scope") != NULL) {
			total += t;
			continue;
		}
		if (t <= 0 || json_array_size(out_levers) >= LEVERS_MAX ||
		    (l = lever_for(col_str(row, "category"))) == NULL)
			continue;
		share = total > 0 ? t / total * 100 : 0;
		snprintf(reason, sizeof(reason), "%s is %.1f %% of the %.1f t "
		    "in %d (%.1f t)", l->category, share, total, year, t);
		json_array_append_new(out_levers, json_pack("{s:s, s:f, s:f, "
		    "s:s, s:s, s:s}", "category", l->category, "tco2e", t,
		    "share_pct", share, "lever", l->lever, "why", l->why,
		    "reason", reason));
	}
	json_decref(rows);
	return (CD_OK);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* The median of n values; sorts v. */
static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

/*
 * Outlier months of one category.  Only months with data count: a month
 * without any is reported as missing, not as a zero that would drag the
 * median down.
 */
static void
outliers(json_t *findings, const char *category, int year,
    const int *month, const double *t, int n)
{
	double	sorted[12], dev[12], med, mad, z;

	if (n < OUTLIER_MIN_MONTHS)
		return;
	memcpy(sorted, t, sizeof(*t) * (size_t)n);
	med = median(sorted, n);
	for (int i = 0; i < n; i++)
		dev[i] = absd(t[i] - med);
	/* MAD 0: over half the months are equal and any other is "infinite". */
	if ((mad = median(dev, n)) <= 0)
		return;
	for (int i = 0; i < n; i++) {
		z = (t[i] - med) / (MAD_SCALE * mad);
		if (absd(z) <= MODZ_THRESHOLD)
			continue;
		finding(findings, "monthly_outlier", "warning", category,
		    json_pack("{s:s, s:i, s:f, s:f, s:f, s:f, s:f, s:i}",
		    "category", category, "month", month[i], "value_t", t[i],
		    "median_t", med, "mad_t", mad, "modified_z", z,
		    "threshold", MODZ_THRESHOLD, "months_with_data", n),
		    "%s emissions in %s %d were %.1f t against a monthly "
		    "median of %.1f t (median absolute deviation %.1f t): a "
		    "modified z-score of %.1f, beyond the %.1f threshold",
		    category, month_names[month[i] - 1], year, t[i], med, mad,
		    z, MODZ_THRESHOLD);
	}
}

/* Monthly outliers per category; rows come by category, then month. */
static int
find_outliers(struct cd_req *req, const char *y, int year, json_t *findings)
{
	json_t		*rows, *row;
	const char	*cat = NULL, *c;
	double		 t[12];
	int		 month[12], n = 0, m, rc;
	size_t		 i;

	if ((rc = query(req, sql_months, y, &rows)) != CD_OK)
		return (rc);
	json_array_foreach(rows, i, row) {
		c = col_str(row, "category");
		m = atoi(col_str(row, "month"));
		if (cat != NULL && strcmp(cat, c) != 0) {
			outliers(findings, cat, year, month, t, n);
			n = 0;
		}
		cat = c;
		if (m >= 1 && m <= 12 && n < 12) {
			month[n] = m;
			t[n++] = col_num(row, "t");
		}
	}
	if (cat != NULL)
		outliers(findings, cat, year, month, t, n);
	json_decref(rows);
	return (CD_OK);
}

/*
 * "July, August 2025" for the months missing from mask, and their list.
 * Twelve names fit in 160 bytes; a shorter buf only cuts the text.
 */
static json_t *
missing_list(unsigned mask, int year, char *buf, size_t len)
{
	json_t	*list = json_array();
	size_t	 off = 0;

	buf[0] = '\0';
	for (int m = 0; m < 12; m++) {
		if (mask & (1u << m))
			continue;
		json_array_append_new(list, json_integer(m + 1));
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
			    off ? ", " : "", month_names[m]);
	}
	if (off < len)
		snprintf(buf + off, len - off, " %d", year);
	return (list);
}

static int
popcount12(unsigned mask)
{
	int	n = 0;

	for (int m = 0; m < 12; m++)
		n += (mask >> m) & 1;
	return (n);
}

/* Missing months (company and facilities) and facilities without data. */
static int
find_gaps(struct cd_req *req, const char *y, int year, json_t *findings)
{
	json_t		*rows, *row, *list;
	const char	*id, *name;
	unsigned	 mask, all = 0;
	char		 months[160];
	size_t		 i;
	int		 rc, n;

	if ((rc = query(req, sql_coverage, y, &rows)) != CD_OK)
		return (rc);
	json_array_foreach(rows, i, row) {
		id = col_str(row, "id");
		name = col_str(row, "name");
		mask = (unsigned)atoi(col_str(row, "months")) & 0xfffu;
		n = popcount12(mask);
		if (id == NULL)
			all = mask;
		if (n == 12)
			continue;
		if (n == 0 && id != NULL) {
			finding(findings, "facility_without_data", "warning",
			    name, json_pack("{s:s, s:s, s:i}", "facility_id", id,
			    "facility", name, "company_months_with_data",
			    popcount12(all)), "%s has no activity record in "
			    "%d, while the company has records for %d of the 12 "
			    "months", name, year, popcount12(all));
			continue;
		}
		if (n == 0)
			continue;	/* no data at all: nothing to compare */
		list = missing_list(mask, year, months, sizeof(months));
		finding(findings, "missing_months", "warning", id != NULL ?
		    name : "company", json_pack("{s:s?, s:s?, s:o, s:i}",
		    "facility_id", id, "facility", name, "missing_months", list,
		    "months_with_data", n), "%s has no activity record for %s, "
		    "but has records for %d of the 12 months", id != NULL ?
		    name : "The company", months, n);
	}
	json_decref(rows);
	return (CD_OK);
}

/* The top (category, facility) pairs of the year with their shares. */
static int
hot_spots(struct cd_req *req, const char *y, int year, json_t *out)
{
	json_t		*rows, *row;
	const char	*cat, *fac;
	double		 t, total, share;
	char		 reason[REASON_MAX];
	size_t		 i;
	int		 rc;

	if ((rc = query(req, sql_hot_spots, y, &rows)) != CD_OK)
		return (rc);
	json_array_foreach(rows, i, row) {
		cat = col_str(row, "category");
		fac = col_str(row, "facility");
		t = col_num(row, "t");
		total = col_num(row, "total");
		share = total > 0 ? t / total * 100 : 0;
		snprintf(reason, sizeof(reason), "%s at %s: %.1f t, %.1f %% of "
		    "the %.1f t in %d", cat, fac != NULL ? fac :
		    "no facility", t, share, total, year);
		json_array_append_new(out, json_pack("{s:i, s:s, s:s?, s:s?, "
		    "s:f, s:f, s:s}", "rank", (int)i + 1, "category", cat,
		    "facility_id", col_str(row, "facility_id"), "facility", fac,
		    "tco2e", t, "share_pct", share, "reason", reason));
	}
	json_decref(rows);
	return (CD_OK);
}

static int
insights_get(struct cd_req *req)
{
	json_t	*findings, *hot, *lev;
	char	 y[16];
	int	 year, rc;

	if ((year = query_year(req)) < 0)
		return (CD_OK);
	snprintf(y, sizeof(y), "%d", year);
	findings = json_array();
	hot = json_array();
	lev = json_array();
	if ((rc = find_totals(req, y, year, findings, lev)) == CD_OK &&
	    (rc = find_outliers(req, y, year, findings)) == CD_OK &&
	    (rc = find_gaps(req, y, year, findings)) == CD_OK)
		rc = hot_spots(req, y, year, hot);
	if (rc != CD_OK) {
		json_decref(findings);
		json_decref(hot);
		json_decref(lev);
		if (rc == CD_EUNAVAIL)
			return (svc->respond_error(req, 503,
			    "database_unavailable", "the database is "
			    "unavailable; try again shortly", NULL));
		return (svc->respond_error(req, 500, "internal_error",
		    "the stored data could not be read", NULL));
	}
	return (svc->respond_json(req, 200, json_pack("{s:i, s:o, s:o, s:o}",
	    "year", year, "findings", findings, "hot_spots", hot, "levers",
	    lev)));
}

static int
insights_init(struct cd_ctx *ctx, const struct cd_services *services,
    char **errmsg)
{
	static const struct cd_route	route = {
		.size = sizeof(struct cd_route), .method = "GET",
		.pattern = "/api/insights", .min_role = CD_ROLE_VIEWER,
		.handler = insights_get,
	};

	svc = services;
	plugin_ctx = ctx;
	return (svc->route_add(ctx, &route, errmsg));
}

/* The table is valid only until here: drop it so a late call faults. */
static void
insights_fini(struct cd_ctx *ctx)
{
	(void)ctx;
	svc = NULL;
	plugin_ctx = NULL;
}

/* An analysis plugin computes no activity category. */
static const char *const capabilities[] = { NULL };

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "insights",
	.version = "0.1.0",
	.description = "Analysis plugin (not a calculator): explained "
	    "findings, hot spots and reduction levers per reporting year",
	.init = insights_init,
	.fini = insights_fini,
	.capabilities = capabilities,
};
