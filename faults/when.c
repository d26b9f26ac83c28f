/*
 * when.c - parse the values of when=, prob= and seed=.
 *
 * when= is strace's FIRST[..LAST][+[STEP]] with 64-bit counters, and a
 * comma list whose ranges are joined.  Numbers are parsed by hand, not
 * with strtod(), because the TUI calls setlocale() and "0.25" must not
 * depend on LC_NUMERIC.  What the parsed values select is faults/rule.c's
 * business.
 *
 * See also: faults/when.h, faults/rule.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/when.h"

static int fail(struct when_err *err, size_t at, const char *msg)
{
	err->at = at;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	errno = EINVAL;
	return -1;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decimal digits at s[*i]: 1..WHEN_MAX. */
static int counter(const char *s, size_t len, size_t *i, uint64_t *v,
		   const char *what, struct when_err *err)
{
	size_t start = *i;
	uint64_t n = 0;
	char msg[96];

	if (*i >= len || !digit(s[*i])) {
		snprintf(msg, sizeof(msg), "expected %s (a number from 1)",
			 what);
		return fail(err, start, msg);
	}
	for (; *i < len && digit(s[*i]); (*i)++) {
		unsigned d = (unsigned)(s[*i] - '0');

		if (n > (WHEN_MAX - d) / 10)
			return fail(err, start,
				    "number too large (at most "
				    "18446744073709551614)");
		n = n * 10 + d;
	}
	if (n == 0) {
		snprintf(msg, sizeof(msg), "%s is 0; calls are counted from 1",
			 what);
		return fail(err, start, msg);
	}
	*v = n;
	return 0;
}

/* One FIRST[..LAST][+[STEP]] at s[*i]. */
static int range(const char *s, size_t len, size_t *i, struct when_range *r,
		 struct when_err *err)
{
	bool has_last = false;
	size_t at;

	if (counter(s, len, i, &r->first, "FIRST", err) < 0)
		return -1;
	r->last = r->first;
	r->step = 1;
	if (*i + 1 < len && s[*i] == '.' && s[*i + 1] == '.') {
		*i += 2;
		at = *i;
		if (counter(s, len, i, &r->last, "LAST", err) < 0)
			return -1;
		if (r->last < r->first)
			return fail(err, at, "LAST is before FIRST");
		has_last = true;
	}
	if (*i < len && s[*i] == '+') {
		(*i)++;
		/* "5+" and "5+2" run forever; "5..9+2" stops at 9. */
		if (!has_last)
			r->last = UINT64_MAX;
		at = *i;
		while (*i < len && s[*i] == '0')
			(*i)++;
		if (*i > at && (*i == len || !digit(s[*i])))
			return fail(err, at,
				    "STEP is 0; it must be at least 1");
		if (*i < len && digit(s[*i]) &&
		    counter(s, len, i, &r->step, "STEP", err) < 0)
			return -1;
	}
	return 0;
}

int when_parse(const char *s, size_t len, struct when_range **ranges, size_t *n,
	       struct when_err *err)
{
	struct when_range *v = NULL, *nv;
	size_t i = 0, count = 0;

	for (;;) {
		nv = realloc(v, (count + 1) * sizeof(*v));
		if (!nv) {
			free(v);
			return -1;
		}
		v = nv;
		if (range(s, len, &i, &v[count], err) < 0)
			goto out_free;
		count++;
		if (i == len)
			break;
		if (s[i] != ',') {
			fail(err, i,
			     "unexpected character in when=; expected "
			     "FIRST[..LAST][+[STEP]][,...]");
			goto out_free;
		}
		i++;
	}
	*ranges = v;
	*n = count;
	return 0;
out_free:
	free(v);
	errno = EINVAL;
	return -1;
}

int when_parse_prob(const char *s, size_t len, double *prob,
		    struct when_err *err)
{
	uint64_t whole = 0, frac = 0, den = 1;
	size_t i = 0;
	bool percent = len > 0 && s[len - 1] == '%';
	uint64_t max = percent ? 100 : 1;

	if (percent)
		len--;
	if (len == 0 ||
	    !(digit(s[0]) || (s[0] == '.' && len > 1 && digit(s[1]))))
		return fail(err, 0, "expected a probability: 0.25 or 25%");
	for (; i < len && digit(s[i]); i++) {
		whole = whole * 10 + (uint64_t)(s[i] - '0');
		if (whole > max)
			return fail(err, 0,
				    "probability above 1 (100%); expected "
				    "0 <= P <= 1");
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && digit(s[i]); i++) {
			/* Digits past 1e-18 cannot change a double. */
			if (den < 1000000000000000000ull) {
				frac = frac * 10 + (uint64_t)(s[i] - '0');
				den *= 10;
			}
		}
	}
	if (i != len)
		return fail(err, i,
			    "unexpected character in prob=; expected 0.25 "
			    "or 25%");
	if (whole == max && frac != 0)
		return fail(err, 0,
			    "probability above 1 (100%); expected 0 <= P <= 1");
	*prob = ((double)whole + (double)frac / (double)den) / (double)max;
	return 0;
}

int when_parse_u64(const char *s, size_t len, uint64_t *v, struct when_err *err)
{
	char buf[32], *end;
	unsigned long long n;

	if (len == 0 || len >= sizeof(buf) || !digit(s[0]))
		return fail(err, 0, "expected a number (decimal or 0x hex)");
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	n = strtoull(buf, &end, len > 2 && buf[1] == 'x' ? 16 : 10);
	if (errno == ERANGE)
		return fail(err, 0, "number too large for 64 bits");
	if (*end)
		return fail(err, (size_t)(end - buf),
			    "unexpected character; expected a number");
	*v = n;
	return 0;
}

uint64_t when_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}
