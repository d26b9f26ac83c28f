/*
 * timeout.c - one reading of MQLAB_TIMEOUT_SCALE for every deadline.
 *
 * strtod() with a check that it consumed the whole string, so "2x" is
 * rejected rather than read as 2 (atof() would take it, and read "x" as
 * 0).  The product is computed in double and clamped before it is
 * converted back, since converting an out-of-range double to an integer
 * is undefined.
 *
 * See also: labs/timeout.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/timeout.h"

#include <math.h>
#include <stdlib.h>

double timeout_scale(void)
{
	const char *env = getenv("MQLAB_TIMEOUT_SCALE");
	double scale;
	char *end;

	if (env == NULL || *env == '\0')
		return 1.0;
	scale = strtod(env, &end);
	if (*end != '\0' || !isfinite(scale) || !(scale > 0))
		return 1.0;
	if (scale < TIMEOUT_SCALE_MIN)
		return TIMEOUT_SCALE_MIN;
	if (scale > TIMEOUT_SCALE_MAX)
		return TIMEOUT_SCALE_MAX;
	return scale;
}

long long timeout_scale_ms(long long ms, long long limit)
{
	double scaled = (double)ms * timeout_scale() + 0.5;

	if (!(scaled > 0))
		return 0;
	if (scaled >= (double)limit)
		return limit;
	return (long long)scaled;
}
