/*
 * Test fixture: a calculator for category "probe_fuel" that exercises
 * the calculation services directly.  The record's activity is a factor
 * path; record field "family" picks the family (default: the record's);
 * "bad_result": true adds a malformed result (scope 7); "fail": true
 * refuses through calc_fail with field "fail".
 */
#include <math.h>
#include <string.h>

#include <carbondepict/sdk.h>

static const struct cd_services	*svc;

static json_t *
probe_describe(struct cd_ctx *ctx)
{
	(void)ctx;
	return (json_pack("{s:s, s:i, s:[]}", "category", "probe_fuel",
	    "scope", 1, "fields"));
}

static int
probe_calculate(struct cd_ctx *ctx, struct cd_calc *c, const json_t *rec)
{
	const struct cd_factor	*f;
	struct cd_result	 r;
	double			 q;
	int			 rc;

	(void)ctx;
	if (json_is_true(json_object_get(rec, "fail")))
		return (svc->calc_fail(c, "fail", "refused as asked"));
	rc = svc->factor_find(c, json_string_value(json_object_get(rec,
	    "family")), json_string_value(json_object_get(rec, "activity")),
	    json_string_value(json_object_get(rec, "unit")),
	    json_number_value(json_object_get(rec, "quantity")), &f, &q);
	if (rc != CD_OK)
		return (rc);
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.scope = json_is_true(json_object_get(rec, "bad_result")) ? 7 : 1;
	r.tier = CD_TIER_CALCULATED;
	r.factor = f;
	r.factor_value = f->co2e;
	r.quantity = q;
	r.co2e_kg = q * f->co2e;
	if (isfinite(f->co2)) {		/* a company row may give none */
		r.gases[0].name = "co2";
		r.gases[0].kg = q * f->co2;
		r.ngases = 1;
	}
	r.note = svc->calc_attr(c, "family");
	return (svc->result_add(c, &r));
}

static int
probe_init(struct cd_ctx *ctx, const struct cd_services *s, char **err)
{
	(void)ctx;
	(void)err;
	svc = s;
	return (CD_OK);
}

static const char *const caps[] = { "probe_fuel", NULL };

const struct cd_plugin cd_plugin = {
	CD_PLUGIN_DESCRIPTOR,
	.kind = CD_KIND_CALCULATOR,
	.name = "calc_probe",
	.version = "0.0.1",
	.description = "test fixture: the calculation services",
	.init = probe_init,
	.capabilities = caps,
	.describe = probe_describe,
	.calculate = probe_calculate,
};
