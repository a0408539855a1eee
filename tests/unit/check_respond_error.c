/*
 * Error answers (DESIGN.md section 6): {"error":{"code","message",
 * "field"}}, answered even when the message or field quotes client text
 * cut in the middle of a UTF-8 sequence, which jansson would refuse.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "cd.h"

static json_t *
answer_of(struct cd_req *r)
{
	json_t	*j;

	ck_assert_ptr_nonnull(r->resp);
	ck_assert_str_eq(r->resp_type, "application/json");
	j = json_loadb(r->resp, r->resp_len, 0, NULL);
	ck_assert_msg(j != NULL, "not JSON: %.*s", (int)r->resp_len,
	    (const char *)r->resp);
	return (j);
}

START_TEST(shape)
{
	struct cd_req	 r;
	json_t		*j, *e;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(cd_req_respond_error(&r, 422, "invalid_field",
	    "quantity must be a number", "records[0].quantity"), CD_OK);
	ck_assert_int_eq(r.status, 422);
	j = answer_of(&r);
	e = json_object_get(j, "error");
	ck_assert_str_eq(json_string_value(json_object_get(e, "code")),
	    "invalid_field");
	ck_assert_str_eq(json_string_value(json_object_get(e, "message")),
	    "quantity must be a number");
	ck_assert_str_eq(json_string_value(json_object_get(e, "field")),
	    "records[0].quantity");
	json_decref(j);
	free(r.resp);

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(cd_req_respond_error(&r, 404, "not_found", "no such "
	    "route", NULL), CD_OK);
	j = answer_of(&r);
	ck_assert_ptr_null(json_object_get(json_object_get(j, "error"),
	    "field"));
	json_decref(j);
	free(r.resp);
}
END_TEST

START_TEST(cut_utf8_still_answered)
{
	struct cd_req	 r;
	json_t		*j, *e;

	/* "€" is e2 82 ac: cut after two bytes, and a stray continuation. */
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(cd_req_respond_error(&r, 422, "unknown_activity",
	    "no factor for 'fuel \xe2\x82", "activity\x80"), CD_OK);
	ck_assert_int_eq(r.status, 422);
	j = answer_of(&r);
	e = json_object_get(j, "error");
	ck_assert_str_eq(json_string_value(json_object_get(e, "message")),
	    "no factor for 'fuel ");
	ck_assert_str_eq(json_string_value(json_object_get(e, "field")),
	    "activity");
	json_decref(j);
	free(r.resp);

	/* Whole sequences stay. */
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(cd_req_respond_error(&r, 422, "invalid_field",
	    "price in \xe2\x82\xac", NULL), CD_OK);
	j = answer_of(&r);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "error"), "message")), "price in \xe2\x82\xac");
	json_decref(j);
	free(r.resp);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("respond_error");
	TCase	*tc = tcase_create("answers");

	tcase_add_test(tc, shape);
	tcase_add_test(tc, cut_utf8_still_answered);
	suite_add_tcase(s, tc);
	return (t_run(s));
}
