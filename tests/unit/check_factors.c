/*
 * The shipped factor data (conf/factors): every file matches the checksum
 * recorded when it was converted from its source, so a typo cannot slip
 * in later, and every file listed has the columns of the README.
 */
#include "harness.h"

#include "cd.h"

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
	ck_assert_int_ge(files, 5);
}
END_TEST

START_TEST(factor_files_have_their_columns)
{
	static const char *files[] = { "uk-desnz-2024.csv", "uk-desnz-2023.csv",
	    "us-epa-hub-2024.csv" };
	static const char header[] = "id,category,activity,unit,"
	    "co2e_kg_per_unit,co2_kg,ch4_kg,n2o_kg,gas_basis,gwp_set,region,"
	    "year,source_document,publisher,edition_year,table";
	char	path[256], *data;
	size_t	len;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), DIR "/%s", files[i]);
		data = slurp(path, &len);
		ck_assert_msg(strncmp(data, header, strlen(header)) == 0,
		    "%s: header is not the README's", path);
		/* Thousands of rows, not a sample. */
		size_t rows = 0;
		for (char *p = data; *p; p++)
			rows += *p == '\n';
		ck_assert_msg(rows > 300, "%s: only %zu rows", path, rows);
		free(data);
	}
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
	suite_add_tcase(s, tc);
	return (t_run(s));
}
