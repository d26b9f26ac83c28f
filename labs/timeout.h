/*
 * timeout.h - one reading of MQLAB_TIMEOUT_SCALE for every deadline.
 *
 * A slow machine (a loaded CI runner, a sanitizer build) sets
 * MQLAB_TIMEOUT_SCALE=3 and every deadline of the grader, the check
 * runners and the checks themselves grows by the same factor.  They must
 * all read the variable the same way, or one part would time out while
 * another still waits; so they all go through timeout_scale().
 *
 * See also: labs/grade.c, tests/labs/check.c, tests/labs/runner.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TIMEOUT_H
#define MQLAB_TIMEOUT_H

/* The bounds a scale is clamped to: a scale of 1e-9 would make every
 * deadline zero, one of 1e300 would overflow every deadline in ms. */
#define TIMEOUT_SCALE_MIN 0.1
#define TIMEOUT_SCALE_MAX 1000.0

#include <stddef.h>

/*
 * The factor MQLAB_TIMEOUT_SCALE asks for: the whole value must be a
 * positive decimal number (faults/strnum.h), clamped to
 * [TIMEOUT_SCALE_MIN, TIMEOUT_SCALE_MAX].  Unset, empty or anything else
 * ("fast", "-1", "2x", "nan") means 1.  Never fails: mqlab has refused a
 * bad value before (timeout_scale_check()).
 */
double timeout_scale(void);

/*
 * Whether MQLAB_TIMEOUT_SCALE is fine to use as it is: unset, empty, or
 * a decimal number within the bounds.  Returns 0, or -1 with errno EINVAL
 * and a one-line "what is wrong; what to do" in why (the value
 * escaped and cut: faults/quote.h).
 */
int timeout_scale_check(char *why, size_t size);

/* ms times timeout_scale(), rounded, and clamped to [0, limit] so the
 * caller's type never overflows. */
long long timeout_scale_ms(long long ms, long long limit);

#endif
