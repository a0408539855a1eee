/* Unit tests for host/validate.c: dates and ids as the API takes them. */
#include "harness.h"

#include "cd.h"

START_TEST(dates)
{
	static const char *const good[] = { "2024-01-01", "2024-02-29",
	    "2000-02-29", "1900-12-31", "2200-06-30", "2023-04-30" };
	static const char *const bad[] = { "2023-02-29", "1900-02-29",
	    "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
	    "1899-12-31", "2201-01-01", "2024-1-01", "2024-01-1",
	    "2024/01/01", "", "2024-01-01T00", "2024- 1-01", "2024-+1-01",
	    "2024-01-1x", "+024-01-01", " 2024-01-1", "2024-01-\xd9\xa1" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(cd_date_valid(good[i]), "%s refused", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!cd_date_valid(bad[i]), "%s taken", bad[i]);
	ck_assert(!cd_date_valid(NULL));
}
END_TEST

START_TEST(uuids)
{
	ck_assert(cd_uuid_valid("0b8a6e1c-2f4d-4c1a-9e3b-5d6f7a8b9c0d"));
	ck_assert(!cd_uuid_valid("0b8a6e1c-2f4d-4c1a-9e3b-5d6f7a8b9c0"));
	ck_assert(!cd_uuid_valid("0b8a6e1c+2f4d-4c1a-9e3b-5d6f7a8b9c0d"));
	ck_assert(!cd_uuid_valid("0b8a6e1c-2f4d-4c1a-9e3b-5d6f7a8b9c0g"));
	ck_assert(!cd_uuid_valid(NULL));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("validate");
	TCase	*tc = tcase_create("validate");

	tcase_add_test(tc, dates);
	tcase_add_test(tc, uuids);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
