/* The SBTi plugin's own status: target validation and trajectories. */
#ifndef CD_SBTI_H
#define CD_SBTI_H

#include <carbondepict/sdk.h>

int	sbti_status(struct cd_req *);

#endif
