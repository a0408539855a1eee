/*
 * Between the framework engine's two files (framework.c and
 * framework_status.c); plugins use framework.h only.
 */
#ifndef CD_FRAMEWORK_ENGINE_H
#define CD_FRAMEWORK_ENGINE_H

#include <carbondepict/sdk.h>

struct framework;

const struct framework *fw_self(void);
int	fw_edition(struct cd_req *, int, const json_t **);
int	fw_status(struct cd_req *);
int	fw_report(struct cd_req *);

#endif
