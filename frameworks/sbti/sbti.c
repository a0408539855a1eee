/*
 * Science Based Targets: the framework's identity and editions.  An
 * edition is a major version of the Corporate Net-Zero Standard: V1 and
 * its minor revisions (V1.1 to V1.3.1) are one edition, cited by the
 * latest.  V1 stays open for new targets until the end of 2027.
 */

#define FW_ID		"sbti"

#include "../framework.h"
#include "sbti.h"

/* Oldest first, like the capabilities. */
static const struct edition editions[] = {
	{ "net-zero-standard-v1",
	  "Corporate Net-Zero Standard V1 and Corporate Near-Term Criteria",
	  "2021-10-28",
	  "SBTi Corporate Net-Zero Standard V1.3.1; SBTi Corporate Near-Term "
	  "Criteria V5.3.1" },
	{ "net-zero-standard-v2",
	  "Corporate Net-Zero Standard V2.0",
	  "2027-02-01",
	  "SBTi Corporate Net-Zero Standard Version 2.0 (June 2026)" },
};

/* The same edition ids: the host lists them without calling the plugin. */
static const char *const capabilities[] = {
	"net-zero-standard-v1",
	"net-zero-standard-v2",
	NULL
};

static const struct framework sbti = {
	.id = FW_ID,
	.name = "SBTi Corporate Net-Zero Standard",
	.publisher = "Science Based Targets initiative (SBTi)",
	.editions = editions,
	.neditions = sizeof(editions) / sizeof(editions[0]),
	.status = sbti_status,
};

CD_FRAMEWORK_DESCRIPTOR(sbti, "SBTi Corporate Net-Zero Standard V1 and V2.0");
