/* CSRD's own parts: double materiality and applicability. */
#ifndef CD_CSRD_H
#define CD_CSRD_H

#include <carbondepict/sdk.h>

int	csrd_adjust(struct cd_req *, int, const json_t *, const json_t *,
	    json_t *);
int	csrd_init_extra(struct cd_ctx *, char **);

#endif
