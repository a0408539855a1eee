/*
 * Unit tests for the CSV reader (host/csv.c): records end with LF, CRLF
 * or a CR alone, a CRLF split between two reads is one line end, quoted
 * fields keep their CR and LF, and every record knows the physical line
 * it began on.
 */
#include "harness.h"

#include "cd.h"

static struct cd_csv	c;

/*
 * Read text in pieces of step bytes; write each record as its line, then
 * its fields joined by '|', one record per ';', into out.
 */
static void
read_all(const char *text, size_t step, char *out, size_t outlen)
{
	size_t	len = strlen(text), off = 0, used, n;
	int	eof = 0;

	out[0] = '\0';
	cd_csv_init(&c, 1);
	while (!eof) {
		n = len - off < step ? len - off : step;
		eof = n == 0;
		for (size_t at = 0; ; at += used) {
			int whole = cd_csv_feed(&c, text + off + at, n - at,
			    &used);
			if (!whole && !(eof && cd_csv_finish(&c)))
				break;
			size_t l = strlen(out);
			snprintf(out + l, outlen - l, "%lld:", c.line);
			for (int i = 0; i < c.nfields; i++) {
				l = strlen(out);
				snprintf(out + l, outlen - l, "%s%s", i ? "|" :
				    "", c.field[i]);
			}
			l = strlen(out);
			snprintf(out + l, outlen - l, "%s;", c.error ? "!" : "");
			if (eof)
				break;
		}
		off += n;
	}
}

static void
reads_as(const char *text, const char *want)
{
	char	out[512];

	for (size_t step = 1; step <= strlen(text) + 1; step++) {
		read_all(text, step, out, sizeof(out));
		ck_assert_msg(strcmp(out, want) == 0, "%zu-byte reads of "
		    "'%s': '%s', not '%s'", step, text, out, want);
	}
}

START_TEST(line_ends)
{
	reads_as("a,b\nc,d\n", "1:a|b;2:c|d;");
	reads_as("a,b\r\nc,d\r\n", "1:a|b;2:c|d;");
	reads_as("a,b\rc,d\r", "1:a|b;2:c|d;");
	reads_as("a,b\rc,d", "1:a|b;2:c|d;");
	reads_as("a\r\n\r\nb\n", "1:a;2:;3:b;");
	reads_as("a\r\rb\n", "1:a;2:;3:b;");
	reads_as("a\n\rb", "1:a;2:;3:b;");
}
END_TEST

START_TEST(quoted_fields_keep_their_line_ends)
{
	reads_as("\"x\r\ny\",z\r\nq\n", "1:x\r\ny|z;3:q;");
	reads_as("\"x\ry\",z\rq", "1:x\ry|z;2:q;");
	reads_as("\"a\"\r\"b\"\r", "1:a;2:b;");
}
END_TEST

/*
 * An import resumes from the offset after a committed record, so that
 * offset must be the next record's first byte, never the LF of a CRLF.
 */
START_TEST(offsets_start_the_next_record)
{
	static const char *const texts[] = { "a,b\r\nc\r\nd",
	    "a,b\rc\rd", "a\r\n\r\nb\r\n" };
	static const size_t ends[][3] = { { 5, 8, 9 }, { 4, 6, 7 },
	    { 3, 5, 8 } };

	for (size_t t = 0; t < 3; t++) {
		size_t len = strlen(texts[t]);
		for (size_t step = 1; step <= len; step++) {
			size_t off = 0, used, n, k = 0;
			int eof = 0;
			cd_csv_init(&c, 1);
			while (!eof) {
				n = len - off < step ? len - off : step;
				eof = n == 0;
				for (size_t at = 0; ; at += used) {
					int whole = cd_csv_feed(&c, texts[t] +
					    off + at, n - at, &used);
					if (!whole && !(eof && cd_csv_finish(&c)))
						break;
					ck_assert_uint_lt(k, 3);
					ck_assert_msg(eof || off + at + used ==
					    ends[t][k], "text %zu, %zu-byte "
					    "reads: record %zu ends at %zu, not "
					    "%zu", t, step, k, off + at + used,
					    ends[t][k]);
					k++;
					if (eof)
						break;
				}
				off += n;
			}
			ck_assert_uint_eq(k, 3);
		}
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("csv");
	TCase	*tc = tcase_create("read");

	tcase_add_test(tc, line_ends);
	tcase_add_test(tc, quoted_fields_keep_their_line_ends);
	tcase_add_test(tc, offsets_start_the_next_record);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
