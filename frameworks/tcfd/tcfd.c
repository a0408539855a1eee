/*
 * TCFD and its successor IFRS S2: the framework's identity and editions.
 * The ISSB took over monitoring of climate disclosures from the TCFD, and
 * IFRS S2 builds on the four TCFD pillars.
 */

#define FW_ID		"tcfd"

#include "../framework.h"

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "tcfd-2017",
	  "Recommendations of the Task Force on Climate-related Financial "
	  "Disclosures",
	  "2017-06-29",
	  "Final Report: Recommendations of the Task Force on "
	  "Climate-related Financial Disclosures (June 2017)" },
	{ "ifrs-s2-2023",
	  "IFRS S2 Climate-related Disclosures",
	  "2024-01-01",
	  "IFRS S2 Climate-related Disclosures (ISSB, June 2023)" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"tcfd-2017",
	"ifrs-s2-2023",
	NULL
};

static const struct framework tcfd = {
	.id = FW_ID,
	.name = "TCFD Recommendations and IFRS S2",
	.publisher = "TCFD / ISSB (IFRS Foundation)",
	.editions = editions,
	.neditions = sizeof(editions) / sizeof(editions[0]),
};

CD_FRAMEWORK_DESCRIPTOR(tcfd, "TCFD recommendations (2017) and IFRS S2 (2023)");
