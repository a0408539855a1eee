/*
 * Purchased electricity (scope 2), always reported both ways (GHG
 * Protocol Scope 2 Guidance):
 *
 *   location  the grid average: DESNZ UK electricity generation, or the
 *             eGRID subregion of the facility (EPA Hub Table 6), else the
 *             US average.
 *   market    the Guidance's hierarchy (Table 6.3): a contractual
 *             instrument on the record (certificates, PPA, green tariff),
 *             else the supplier's stated factor, else the residual mix of
 *             the region, else the grid average with a note saying so.
 *
 * With DESNZ, the T&D losses of the same kWh are a third result, scope 3
 * category 3 (record "include_tandd": false leaves it out).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <carbondepict/sdk.h>

#include "../calc.h"

static const char *const units[] = { "kWh", "MWh", "GJ", "MJ", NULL };

static const struct calc_info info = {
	.name = "electricity",
	.category = "electricity",
	.scope = 2,
	.units = units,
};

/* Contractual instruments: certificates default to 0 kg CO2e/kWh. */
static const struct {
	const char	*type;
	const char	*label;
	int		 certificate;
} instruments[] = {
	{ "rego", "REGO (UK Renewable Energy Guarantee of Origin)", 1 },
	{ "go", "Guarantee of Origin (EU)", 1 },
	{ "rec", "REC (US Renewable Energy Certificate)", 1 },
	{ "i_rec", "I-REC (International REC)", 1 },
	{ "ppa", "power purchase agreement", 0 },
	{ "green_tariff", "green tariff", 0 },
};

#define NINSTRUMENTS	(sizeof(instruments) / sizeof(instruments[0]))
#define PATH_LEN	256
#define FACTOR_MAX	10.0	/* kg CO2e/kWh: far above any grid */

/* A location or market figure: the row applied and what it gives. */
struct figure {
	const struct cd_factor	*f;
	double			 q;
	struct calc_amount	 a;
};

/*
 * tmpl with "{grid_region}" replaced by the facility's subregion in lower
 * case.  -1 when tmpl needs a subregion and the record has none.
 */
static int
expand(struct cd_calc *calc, const char *tmpl, char *buf, size_t len)
{
	const char	*at, *gr;
	size_t		 n, i;

	if ((at = strstr(tmpl, "{grid_region}")) == NULL) {
		(void)snprintf(buf, len, "%s", tmpl);
		return (0);
	}
	if ((gr = calc_svc()->calc_attr(calc, "grid_region")) == NULL)
		return (-1);
	n = (size_t)(at - tmpl);
	(void)snprintf(buf, len, "%.*s", (int)n, tmpl);
	for (i = 0; gr[i] != '\0' && n + i + 1 < len; i++)
		buf[n + i] = (char)tolower((unsigned char)gr[i]);
	buf[n + i] = '\0';
	calc_note(buf, len, "%s", at + strlen("{grid_region}"));
	return (0);
}

static int
location(struct cd_calc *calc, const char *activity, const json_t *entry,
    const char *unit, double quantity, struct figure *loc)
{
	const struct cd_services *svc = calc_svc();
	const char		*tmpl, *family;
	char			 path[PATH_LEN];
	int			 rc;

	family = svc->calc_attr(calc, "family");

	if ((rc = calc_path(calc, activity, &tmpl)) != CD_OK)
		return (rc);
	if (expand(calc, tmpl, path, sizeof(path)) != 0) {
		if ((tmpl = calc_entry_path(entry, "grid_default",
		    family)) == NULL)
			return (svc->calc_fail(calc, "facility_id", "this "
			    "activity needs the facility's grid region"));
		(void)snprintf(path, sizeof(path), "%s", tmpl);
	}
	if ((rc = svc->factor_find(calc, NULL, path, unit, quantity, &loc->f,
	    &loc->q)) != CD_OK ||
	    (rc = calc_amount(calc, loc->f, loc->q, &loc->a)) != CD_OK)
		return (rc);
	calc_note(loc->a.note, sizeof(loc->a.note), "; location-based grid "
	    "average");
	return (CD_OK);
}

/* The record's instrument; CD_ENOTFOUND when it has none. */
static int
instrument(struct cd_calc *calc, const json_t *record, const char *activity,
    const char *unit, double quantity, struct cd_factor *sf, char *id,
    char *src, size_t len, struct figure *m)
{
	const struct cd_services *svc = calc_svc();
	const json_t		*o = json_object_get(record, "instrument");
	const char		*type, *ref;
	double			 value = 0;
	size_t			 i;
	int			 rc;

	if (o == NULL || json_is_null(o))
		return (CD_ENOTFOUND);
	if (!json_is_object(o))
		return (svc->calc_fail(calc, "instrument", "instrument must be "
		    "an object {\"type\",\"factor\",\"id\"}"));
	if ((rc = calc_string(calc, o, "type", 1, &type)) != CD_OK) {
		(void)svc->calc_fail(calc, "instrument.type", "instrument.type "
		    "is required: rego, go, rec, i_rec, ppa or green_tariff");
		return (rc);
	}
	for (i = 0; i < NINSTRUMENTS; i++)
		if (strcmp(instruments[i].type, type) == 0)
			break;
	if (i == NINSTRUMENTS)
		return (svc->calc_fail(calc, "instrument.type",
		    "instrument.type must be rego, go, rec, i_rec, ppa or "
		    "green_tariff"));
	rc = calc_number(calc, o, "factor", !instruments[i].certificate, 0,
	    FACTOR_MAX, &value);
	if (rc != CD_OK && rc != CD_ENOTFOUND) {
		(void)svc->calc_fail(calc, "instrument.factor", "instrument."
		    "factor (kg CO2e per kWh, 0 to %g) is %s", FACTOR_MAX,
		    instruments[i].certificate ? "a number" : "required for a "
		    "PPA or a green tariff");
		return (rc);
	}
	if ((rc = calc_string(calc, o, "id", 0, &ref)) != CD_OK) {
		(void)svc->calc_fail(calc, "instrument.id",
		    "instrument.id must be a non-empty string");
		return (rc);
	}
	(void)snprintf(id, len, "record/instrument/%s%s%.64s", type,
	    ref ? "/" : "", ref ? ref : "");
	(void)snprintf(src, len, "contractual instrument stated on the "
	    "record: %s%s%.64s", instruments[i].label, ref ? " " : "",
	    ref ? ref : "");
	sf->id = id;
	sf->source = src;
	m->f = sf;
	if ((rc = calc_stated(calc, activity, unit, quantity, value, sf,
	    &m->q, &m->a)) != CD_OK)
		return (rc);
	calc_note(m->a.note, sizeof(m->a.note), "market-based: %s",
	    instruments[i].label);
	return (CD_OK);
}

/*
 * The residual mix of the region; CD_ENOTFOUND when none is shipped, with
 * *nogrid set when the mix is per grid region and the record has none.
 */
static int
residual(struct cd_calc *calc, const json_t *entry, const char *unit,
    double quantity, struct figure *m, int *nogrid)
{
	const struct cd_services *svc = calc_svc();
	const char		*tmpl;
	char			 path[PATH_LEN];

	tmpl = calc_entry_path(entry, "residual", svc->calc_attr(calc,
	    "family"));
	if (tmpl != NULL && expand(calc, tmpl, path, sizeof(path)) != 0) {
		*nogrid = 1;
		return (CD_ENOTFOUND);
	}
	if (tmpl == NULL || svc->factor_find(calc, "residual", path, unit,
	    quantity, &m->f, &m->q) != CD_OK)
		return (CD_ENOTFOUND);
	if (calc_amount(calc, m->f, m->q, &m->a) != CD_OK)
		return (CD_EINVAL);
	calc_note(m->a.note, sizeof(m->a.note), "; market-based: residual "
	    "mix");
	return (CD_OK);
}

static int
el_calculate(struct cd_ctx *ctx, struct cd_calc *calc, const json_t *record)
{
	const struct cd_services *svc = calc_svc();
	const json_t		*entry;
	const char		*activity, *unit, *region;
	struct cd_factor	 sf;
	struct figure		 loc, mkt;
	char			 id[160], src[160];
	double			 quantity, supplier;
	int			 rc, nogrid = 0;

	(void)ctx;
	activity = json_string_value(json_object_get(record, "activity"));
	unit = json_string_value(json_object_get(record, "unit"));
	quantity = json_number_value(json_object_get(record, "quantity"));
	entry = calc_entry(activity);
	memset(&sf, 0, sizeof(sf));
	if ((rc = location(calc, activity, entry, unit, quantity, &loc)) !=
	    CD_OK)
		return (rc);

	rc = instrument(calc, record, activity, unit, quantity, &sf, id, src,
	    sizeof(id), &mkt);
	if (rc == CD_ENOTFOUND) {
		rc = calc_number(calc, record, "supplier_factor", 0, 0,
		    FACTOR_MAX, &supplier);
		if (rc == CD_OK) {
			sf.id = "record/supplier-factor";
			sf.source = "supplier-specific factor stated on the "
			    "record";
			mkt.f = &sf;
			if ((rc = calc_stated(calc, activity, unit, quantity,
			    supplier, &sf, &mkt.q, &mkt.a)) == CD_OK)
				calc_note(mkt.a.note, sizeof(mkt.a.note),
				    "market-based: supplier-specific factor");
		}
	} else if (rc == CD_OK && json_is_number(json_object_get(record,
	    "supplier_factor")))
		calc_note(mkt.a.note, sizeof(mkt.a.note), " (wins over the "
		    "supplier factor, Scope 2 Guidance Table 6.3)");
	if (rc == CD_ENOTFOUND)
		rc = residual(calc, entry, unit, quantity, &mkt, &nogrid);
	if (rc == CD_ENOTFOUND) {
		mkt = loc;
		region = svc->calc_attr(calc, "grid_region");
		if (region == NULL)
			region = svc->calc_attr(calc, "region");
		mkt.a.note[0] = '\0';
		calc_note(mkt.a.note, sizeof(mkt.a.note), "%.6g %s x %.6g kg "
		    "CO2e/%s; ", mkt.q, mkt.f->unit, mkt.a.factor_value,
		    mkt.f->unit);
		if (nogrid)
			calc_note(mkt.a.note, sizeof(mkt.a.note), "no residual "
			    "mix: %s gives it per grid region and the facility "
			    "has none", region ? region : "this region");
		else
			calc_note(mkt.a.note, sizeof(mkt.a.note), "no residual "
			    "mix shipped for %s", region ? region : "this "
			    "region");
		calc_note(mkt.a.note, sizeof(mkt.a.note), "; grid average used, "
		    "Scope 2 Guidance section 6.11");
		rc = CD_OK;
	}
	if (rc != CD_OK)
		return (rc);
	if ((rc = calc_add(calc, 2, "location", 0, CD_TIER_CALCULATED, loc.f,
	    loc.q, &loc.a)) != CD_OK || (rc = calc_add(calc, 2, "market", 0,
	    CD_TIER_CALCULATED, mkt.f, mkt.q, &mkt.a)) != CD_OK)
		return (rc);
	return (calc_tandd(calc, record, entry, unit, quantity));
}

static json_t *
el_describe(struct cd_ctx *ctx)
{
	(void)ctx;
	return (calc_describe(json_pack("[{s:s, s:s, s:b, s:i, s:f, s:s}, "
	    "{s:s, s:s, s:b, s:{s:[s, s, s, s, s, s], s:s, s:s}, s:s}, "
	    "{s:s, s:s, s:b, s:s}]",
	    "name", "supplier_factor", "type", "number", "required", 0,
	    "minimum", 0, "maximum", FACTOR_MAX,
	    "help", "kg CO2e per kWh stated by the supplier (market-based)",
	    "name", "instrument", "type", "object", "required", 0,
	    "members", "type", "rego", "go", "rec", "i_rec", "ppa",
	    "green_tariff", "factor", "kg CO2e per kWh (0 for renewable "
	    "certificates, the default for rego, go, rec, i_rec)",
	    "id", "certificate or contract reference",
	    "help", "a contractual instrument covering this electricity: "
	    "market-based factor, wins over supplier_factor",
	    "name", "include_tandd", "type", "boolean", "required", 0,
	    "help", "DESNZ: add T&D losses as scope 3 category 3 "
	    "(default true)")));
}

CALC_DESCRIPTOR("electricity", "1.0.0", info,
    "Scope 2 purchased electricity, location- and market-based",
    el_describe, el_calculate);
