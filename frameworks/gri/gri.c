/*
 * GRI Standards: the framework's identity and its climate and energy
 * editions.  GRI 305/302 (2016) serve periods before 2027; GRI 102 and
 * GRI 103 (2025) replace them for reporting from 1 January 2027.
 */

#define FW_ID		"gri"

#include "../framework.h"

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "gri-2016",
	  "GRI 305: Emissions 2016 and GRI 302: Energy 2016",
	  "2018-07-01",
	  "GRI 305: Emissions 2016; GRI 302: Energy 2016 (GSSB)" },
	{ "gri-2025",
	  "GRI 102: Climate Change 2025 and GRI 103: Energy 2025",
	  "2027-01-01",
	  "GRI 102: Climate Change 2025; GRI 103: Energy 2025 (GSSB)" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"gri-2016",
	"gri-2025",
	NULL
};

static const struct framework gri = {
	.id = FW_ID,
	.name = "GRI Standards",
	.publisher = "Global Reporting Initiative (GRI)",
	.editions = editions,
	.neditions = sizeof(editions) / sizeof(editions[0]),
};

CD_FRAMEWORK_DESCRIPTOR(gri, "GRI 305/302 (2016) and GRI 102/103 (2025)");
