/* placeholder: being written */
#include "cd.h"

const struct cd_route cd_summary_routes[] = {
	CD_ROUTE_END
};
