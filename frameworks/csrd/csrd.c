/*
 * CSRD and its European Sustainability Reporting Standards: the
 * framework's identity and editions.  ESRS Set 1 applies from financial
 * year 2024; the revised, simplified ESRS from financial year 2027.
 */

#define FW_ID		"csrd"

#include "../framework.h"
#include "csrd.h"

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "esrs-set1-2023",
	  "ESRS Set 1",
	  "2024-01-01",
	  "Commission Delegated Regulation (EU) 2023/2772" },
	{ "esrs-revised-2026",
	  "Revised ESRS",
	  "2027-01-01",
	  "Commission Delegated Regulation (EU) 2026/1563 of 3 July 2026 "
	  "amending Delegated Regulation (EU) 2023/2772" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"esrs-set1-2023",
	"esrs-revised-2026",
	NULL
};

static const struct framework csrd = {
	.id = FW_ID,
	.name = "European Sustainability Reporting Standards (CSRD)",
	.publisher = "European Commission / EFRAG",
	.editions = editions,
	.neditions = sizeof(editions) / sizeof(editions[0]),
	.adjust = csrd_adjust,
	.init_extra = csrd_init_extra,
};

CD_FRAMEWORK_DESCRIPTOR(csrd, "CSRD: ESRS Set 1 (2023) and the revised ESRS");
