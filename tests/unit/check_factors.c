/*
 * The shipped factor data (conf/factors): every file matches the checksum
 * recorded when it was converted from its source, so a typo cannot slip
 * in later, every file listed has the columns of the README, and a few
 * values typed in from the source documents come back from the host.
 */
#include "harness.h"

#include <math.h>

#include "cd.h"
#include "carbon.h"

#define DIR	"conf/factors"

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf;
	long	 n;

	ck_assert_ptr_nonnull(fp = fopen(path, "r"));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	ck_assert_int_ge(n = ftell(fp), 0);
	rewind(fp);
	buf = cd_malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return (buf);
}

START_TEST(checksums_match)
{
	char	*sums, *line, *save, path[256], sum[65];
	size_t	 len, flen;
	int	 files = 0;

	sums = slurp(DIR "/SHA256SUMS", &len);
	for (line = strtok_r(sums, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		ck_assert_msg(strlen(line) > 66 && line[64] == ' ', "bad line "
		    "'%s'", line);
		snprintf(path, sizeof(path), DIR "/%s", line + 66);
		char *data = slurp(path, &flen);
		cd_sha256_hex(data, flen, sum);
		free(data);
		ck_assert_msg(strncmp(sum, line, 64) == 0, "%s changed since "
		    "its conversion: %.64s recorded, %s now", path, line, sum);
		files++;
	}
	free(sums);
	ck_assert_int_ge(files, 6);
}
END_TEST

START_TEST(factor_files_have_their_columns)
{
	static const struct {
		const char	*file;
		size_t		 rows;	/* at least: all of them, not a sample */
	} files[] = {
		{ "uk-desnz-2024.csv", 2672 }, { "uk-desnz-2023.csv", 2643 },
		{ "us-epa-hub-2024.csv", 393 },
		{ "us-epa-useeio-v1.3.csv", 1016 },
		{ "us-crs-residual-mix-2025.csv", 27 },
	};
	static const char header[] = "id,category,activity,unit,"
	    "co2e_kg_per_unit,co2_kg,ch4_kg,n2o_kg,gas_basis,gwp_set,region,"
	    "year,source_document,publisher,edition_year,table";
	char	path[256], *data;
	size_t	len;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), DIR "/%s", files[i].file);
		data = slurp(path, &len);
		ck_assert_msg(strncmp(data, header, strlen(header)) == 0,
		    "%s: header is not the README's", path);
		size_t rows = 0;
		for (char *p = data; *p; p++)
			rows += *p == '\n';
		ck_assert_msg(rows > files[i].rows, "%s: only %zu rows", path,
		    rows);
		free(data);
	}
}
END_TEST

/* The row `id` of set `set`, as the host loads it from sets.yaml. */
static const struct cd_factor *
row(const char *set, const char *id)
{
	const struct cd_fset	*s;

	ck_assert_msg((s = cd_factors_set(set)) != NULL, "no set %s", set);
	for (size_t i = 0; i < s->nrows; i++)
		if (strcmp(s->rows[i].id, id) == 0)
			return (&s->rows[i]);
	ck_abort_msg("%s: no row %s", set, id);
	return (NULL);
}

/*
 * Values typed in from the source documents, not from the converted
 * files, so that a slip in a conversion shows here.
 */
START_TEST(reference_values)
{
	const struct cd_fset	*s;
	const struct cd_factor	*f;
	char			*err = NULL;
	double			 g;

	ck_assert_msg(cd_factors_load(DIR, &err) == CD_OK, "%s", err);

	/*
	 * US EPA Supply Chain GHG Emission Factors v1.3.0,
	 * SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv,
	 * column "Supply Chain Emission Factors with Margins".
	 */
	ck_assert_ptr_nonnull(s = cd_factors_set("useeio-v1.3"));
	ck_assert_uint_eq(s->nrows, 1016);
	ck_assert_str_eq(s->family, "useeio");
	ck_assert_int_eq(s->year, 2022);
	f = row("useeio-v1.3", "useeio-v1.3/commodity/111110/usd-2022");
	ck_assert_double_eq(f->co2e, 0.532);	/* Soybean Farming */
	ck_assert_str_eq(f->unit, "USD (2022)");
	ck_assert_str_eq(f->gwp_set, "AR5");
	ck_assert(isnan(f->co2) && isnan(f->ch4) && isnan(f->n2o));
	f = row("useeio-v1.3", "useeio-v1.3/commodity/327310/usd-2022");
	ck_assert_double_eq(f->co2e, 3.924);	/* Cement Manufacturing */
	f = row("useeio-v1.3", "useeio-v1.3/commodity/334111/usd-2022");
	ck_assert_double_eq(f->co2e, 0.058);	/* Electronic Computer Mfg */
	f = row("useeio-v1.3", "useeio-v1.3/commodity/481111/usd-2022");
	ck_assert_double_eq(f->co2e, 0.644);	/* Scheduled Passenger Air */
	f = row("useeio-v1.3", "useeio-v1.3/commodity/562212/usd-2022");
	ck_assert_double_eq(f->co2e, 0.988);	/* Solid Waste Landfill */

	/*
	 * Center for Resource Solutions (Green-e), 2025 Residual Mix
	 * Emissions Rates (2023 Data), column "Adjusted System Mix", lb/MWh
	 * as transcribed (SOURCES.md): CAMX 434.2188489, HIMS 1133.294113
	 * (no Green-e sales there, so EPA's eGRID2023 CO2e rate, 1133.294).
	 */
	ck_assert_ptr_nonnull(s = cd_factors_set("crs-residual-2025"));
	ck_assert_uint_eq(s->nrows, 27);
	ck_assert_str_eq(s->family, "residual");
	ck_assert_str_eq(s->region, "US");
	ck_assert_int_eq(s->year, 2025);
	f = row("crs-residual-2025", "crs-residual-2025/residual-mix/camx/kwh");
	ck_assert_double_eq_tol(f->co2e, 434.2188489 * 0.45359237 / 1000,
	    1e-15);
	ck_assert_str_eq(f->unit, "kWh");
	ck_assert_str_eq(f->gwp_set, "AR5");
	ck_assert_str_eq(f->region, "US-eGRID-CAMX");
	ck_assert(isnan(f->co2) && isnan(f->ch4) && isnan(f->n2o));
	f = row("crs-residual-2025", "crs-residual-2025/residual-mix/hims/kwh");
	ck_assert_double_eq_tol(f->co2e, 1133.294113 * 0.45359237 / 1000,
	    1e-15);
	ck_assert_double_eq_tol(f->co2e, 1133.294 * 0.45359237 / 1000, 1e-7);

	/*
	 * IPCC AR5 WG1 Table 8.A.1 GWP-100: "Methane" 28, "Fossil
	 * methane" 30.  The plain CH4 row stays the one "CH4" finds.
	 */
	ck_assert_int_eq(cd_factors_gwp("AR5", "CH4", &g, NULL), CD_OK);
	ck_assert_double_eq(g, 28);
	ck_assert_int_eq(cd_factors_gwp("AR5", "CH4-fossil", &g, NULL), CD_OK);
	ck_assert_double_eq(g, 30);
	ck_assert_int_eq(cd_factors_gwp("AR5", "CH4-non-fossil", &g, NULL),
	    CD_OK);
	ck_assert_double_eq(g, 28);
	f = row("ipcc-ar5", "ipcc-ar5/gwp100/ch4-fossil");
	ck_assert_double_eq(f->co2e, 30);
	/*
	 * IPCC AR6 WG1: Table 7.SM.7 gives one CH4 value, 27.9, which plain
	 * "CH4" keeps finding; Table 7.15 gives GWP-100 "CH4-fossil" 29.8
	 * and "CH4-non fossil" 27.0.
	 */
	ck_assert_int_eq(cd_factors_gwp("AR6", "CH4", &g, NULL), CD_OK);
	ck_assert_double_eq(g, 27.9);
	ck_assert_int_eq(cd_factors_gwp("AR6", "CH4-fossil", &g, NULL), CD_OK);
	ck_assert_double_eq(g, 29.8);
	ck_assert_int_eq(cd_factors_gwp("AR6", "CH4-non-fossil", &g, NULL),
	    CD_OK);
	ck_assert_double_eq(g, 27.0);
	f = row("ipcc-ar6", "ipcc-ar6/gwp100/ch4-fossil");
	ck_assert_double_eq(f->co2e, 29.8);
	ck_assert_str_eq(f->gwp_set, "AR6");
	ck_assert_ptr_nonnull(strstr(f->table, "7.15"));
	f = row("ipcc-ar6", "ipcc-ar6/gwp100/ch4-non-fossil");
	ck_assert_double_eq(f->co2e, 27.0);
	/* A set is named in any case; a set not shipped is refused. */
	ck_assert_int_eq(cd_factors_gwp("ar6", "N2O", &g, NULL), CD_OK);
	ck_assert_double_eq(g, 273);
	ck_assert_int_eq(cd_factors_gwp("SAR", "CH4", &g, NULL), CD_ENOTFOUND);
	cd_factors_free();
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("factors");
	tc = tcase_create("data");
	tcase_add_test(tc, checksums_match);
	tcase_add_test(tc, factor_files_have_their_columns);
	tcase_add_test(tc, reference_values);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
