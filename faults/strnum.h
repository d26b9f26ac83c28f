/*
 * strnum.h - numbers typed by a user, read strictly.
 *
 * Every number mqfault and mqlab take from a command line or from the
 * environment goes through one of these, so that all of them refuse the
 * same things: an empty string, blanks, a '+', trailing junk ("10x"), a
 * value out of range, and (for decimals) hex, inf and nan.  atoi() takes
 * "10x" as 10 and "x" as 0; strtol() alone takes " 10" and clamps
 * 999999999999999999999 without a word.
 *
 * See also: faults/strnum.c, faults/when.h (the spec's own numbers)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_STRNUM_H
#define MQLAB_STRNUM_H

#include <stdint.h>

/*
 * A whole decimal number, optionally negative, from min to max.  Returns
 * 0 and sets *out, or -1 with errno EINVAL (not a whole number) or ERANGE
 * (a number outside min..max); *out is then left alone.
 */
int strnum_long(const char *s, long min, long max, long *out);

/*
 * A whole decimal or 0x hex number from 0 to max: the syntax of seed= in
 * a spec (when_parse_u64()), so --seed 010 and seed=010 agree.  Returns
 * as strnum_long() does.
 */
int strnum_u64(const char *s, uint64_t max, uint64_t *out);

/*
 * A decimal number (2, 0.5, .5, 1e3) from min to max, read the same way
 * whatever the locale says the decimal point is.  Returns as
 * strnum_long() does; a finite number too large or too small for a
 * double is ERANGE.
 */
int strnum_double(const char *s, double min, double max, double *out);

#endif
