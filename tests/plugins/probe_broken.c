/* Fixture: the probe plugin with an init that fails. */
#define PROBE_BROKEN 1
#include "probe.c"
