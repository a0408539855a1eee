/*
 * Stationary combustion: what the calculator (stationary_combustion.c)
 * and its routes (routes.c) share.
 */
#ifndef CD_STATIONARY_COMBUSTION_H
#define CD_STATIONARY_COMBUSTION_H

#include <carbondepict/sdk.h>

#define SC_CATEGORY	"stationary_combustion"

extern const char *const sc_units[];	/* accepted units, NULL-terminated */

int	sc_routes_add(struct cd_ctx *, char **);

#endif
