/*
 * timeout.c - one reading of MQLAB_TIMEOUT_SCALE for every deadline.
 *
 * The value goes through the strict decimal reader every number typed
 * by a user goes through (faults/strnum.h), so "2x" is refused rather
 * than read as 2 (atof() would take it, and read "x" as 0).  mqlab
 * refuses a bad value before it starts anything (timeout_scale_check());
 * a check runner started by hand cannot say so, and falls back to 1 or
 * to the nearest bound.  The product is computed in double and clamped
 * before it is converted back, since converting an out-of-range double
 * to an integer is undefined.
 *
 * See also: labs/timeout.h, faults/strnum.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/timeout.h"

#include <errno.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>

#include "faults/quote.h"
#include "faults/strnum.h"

#define TIMEOUT_ENV "MQLAB_TIMEOUT_SCALE"

double timeout_scale(void)
{
	const char *env = getenv(TIMEOUT_ENV);
	double scale;

	if (env == NULL || *env == '\0' ||
	    strnum_double(env, 0, DBL_MAX, &scale) < 0 || !(scale > 0))
		return 1.0;
	if (scale < TIMEOUT_SCALE_MIN)
		return TIMEOUT_SCALE_MIN;
	if (scale > TIMEOUT_SCALE_MAX)
		return TIMEOUT_SCALE_MAX;
	return scale;
}

int timeout_scale_check(char *why, size_t size)
{
	const char *env = getenv(TIMEOUT_ENV);
	char shown[4 * QUOTE_VALUE_MAX + 8];
	double scale;

	if (env == NULL || *env == '\0')
		return 0;
	if (strnum_double(env, TIMEOUT_SCALE_MIN, TIMEOUT_SCALE_MAX, &scale) ==
	    0)
		return 0;
	snprintf(why, size,
		 "%s='%s' is %s; give a factor from %g to %g, such as 3, "
		 "or unset it",
		 TIMEOUT_ENV, quote_value(shown, sizeof(shown), env),
		 errno == ERANGE ? "out of range" : "not a decimal number",
		 TIMEOUT_SCALE_MIN, TIMEOUT_SCALE_MAX);
	errno = EINVAL;
	return -1;
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
