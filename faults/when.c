/*
 * when.c - which calls a rule acts on: when=, prob=, and static rules.
 *
 * when= is strace's FIRST[..LAST][+[STEP]] with 64-bit counters, and a
 * comma list whose ranges are joined.  prob= draws from a pure function of
 * (seed, rule index, call number): no generator state, so the supervisor
 * can decide calls in any order and a run repeats bit for bit from its
 * seed.  Numbers are parsed by hand, not with strtod(), because the TUI
 * calls setlocale() and "0.25" must not depend on LC_NUMERIC.
 *
 * See also: faults/when.h, faults/rule.h, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/pred.h"
#include "faults/sysent.h"
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

bool rule_when_selects(const struct rule *r, uint64_t nth)
{
	if (r->nwhen == 0)
		return true;
	for (size_t i = 0; i < r->nwhen; i++) {
		const struct when_range *w = &r->when[i];

		if (nth >= w->first && nth <= w->last &&
		    (nth - w->first) % w->step == 0)
			return true;
	}
	return false;
}

bool rule_prob_selects(const struct rule *r, uint64_t seed, size_t index,
		       uint64_t nth)
{
	uint64_t x, threshold;
	double t;

	if (!r->has_prob || r->prob >= 1.0)
		return true;
	if (r->prob <= 0.0)
		return false;
	/* Chained, not XORed, so rule 1's call 2 differs from rule 2's
	 * call 1. */
	x = when_mix(r->has_seed ? r->seed : seed);
	x = when_mix(x ^ (uint64_t)index);
	x = when_mix(x ^ nth);
	t = r->prob * 18446744073709551616.0;
	threshold = t >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)t;
	return x < threshold;
}

/* Whether p compares a signed variable with < <= > >=, or a derived flag
 * (nonblock) with anything but == != or truth. */
static bool has_unsigned_trap(const struct pred *p)
{
	enum pvar_type t;

	if (!p)
		return false;
	if (p->kind != PRED_CMP)
		return has_unsigned_trap(p->left) ||
		       has_unsigned_trap(p->right);
	if (p->op != PRED_LT && p->op != PRED_LE && p->op != PRED_GT &&
	    p->op != PRED_GE)
		return false;
	t = pvar_table[p->var].type;
	return t == PVT_S32 || t == PVT_S64 || t == PVT_BOOL;
}

/*
 * seccomp compares arguments as unsigned 64-bit numbers, so "msgtyp < 0"
 * or "fd >= -1" cannot be written as a kernel comparison without getting
 * negative values wrong: such a predicate goes to the supervisor, which
 * compares them as the signed values they are.  nonblock is a bit of a
 * flags word, so only equality and truth tests on it translate to a
 * masked comparison.
 */
bool rule_is_static(const struct rule *r)
{
	if (r->action != RULE_ERROR || r->nwhen || r->has_prob || r->signal ||
	    r->delay_us || r->hold || r->log)
		return false;
	if (!r->pred)
		return true;
	if (has_unsigned_trap(r->pred))
		return false;
	for (int c = 0; c < sysent_count; c++)
		if ((r->calls & (1u << c)) && !pred_in_registers(r->pred, c))
			return false;
	return true;
}
