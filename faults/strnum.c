/*
 * strnum.c - numbers typed by a user, read strictly.
 *
 * Each parser first checks the characters itself (strtol() and strtod()
 * skip leading blanks and take a sign, a hex prefix or "inf" that we do
 * not want), then lets the C library convert and checks that it used the
 * whole string.  Decimals are converted in the "C" locale: the TUI calls
 * setlocale(), and "0.5" must not turn into an error under a locale that
 * writes "0,5".
 *
 * See also: faults/strnum.h
 * SPDX-License-Identifier: MIT
 */
#include "faults/strnum.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "faults/when.h"

static int fail(int err)
{
	errno = err;
	return -1;
}

int strnum_long(const char *s, long min, long max, long *out)
{
	const char *digits = s[0] == '-' ? s + 1 : s;
	char *end;
	long v;

	if (digits[0] == '\0' || strspn(digits, "0123456789") != strlen(digits))
		return fail(EINVAL);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return fail(ERANGE);
	if (*end != '\0')
		return fail(EINVAL);
	*out = v;
	return 0;
}

int strnum_u64(const char *s, uint64_t max, uint64_t *out)
{
	struct when_err err;
	uint64_t v;

	if (when_parse_u64(s, strlen(s), &v, &err) < 0)
		return fail(strstr(err.msg, "too large") ? ERANGE : EINVAL);
	if (v > max)
		return fail(ERANGE);
	*out = v;
	return 0;
}

int strnum_double(const char *s, double min, double max, double *out)
{
	static locale_t c_locale;
	const char *p = s[0] == '-' ? s + 1 : s;
	char *end;
	double v;

	/* A digit or a point first: no blank, '+', "inf", "nan" or "0x". */
	if (!((p[0] >= '0' && p[0] <= '9') || p[0] == '.') ||
	    strspn(p, "0123456789.eE+-") != strlen(p) ||
	    strpbrk(p, "0123456789") == NULL)
		return fail(EINVAL);
	if (c_locale == (locale_t)0)
		c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return -1;
	errno = 0;
	v = strtod_l(s, &end, c_locale);
	if (*end != '\0')
		return fail(EINVAL);
	if (errno == ERANGE || !isfinite(v) || v < min || v > max)
		return fail(ERANGE);
	*out = v;
	return 0;
}
