/* Fixture: the probe plugin, version 2.0.0. */
#define PROBE_VERSION "2.0.0"
#include "probe.c"
