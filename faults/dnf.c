/*
 * dnf.c - predicates as OR-of-AND lists of seccomp comparisons.
 *
 * The tree is walked with the negation carried down (De Morgan), so that
 * only leaves are ever negated; a leaf becomes a small DNF of its own in
 * dnf_leaf.c.  AND is the cross product of two term lists, OR their
 * concatenation.  Comparisons of one argument met in one term are merged
 * (x == 5 && x != 3 is x == 5) because libseccomp refuses a rule that
 * compares an argument twice; when they cannot be merged the exact mode
 * gives up and the over mode keeps the first, which only widens the set.
 *
 * Comparisons are normalised to EQ, NE, GE, LE and MASKED_EQ, so merging
 * needs only these cases.
 *
 * See also: faults/dnf.h, faults/dnf_leaf.c, faults/filter.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "faults/dnf.h"

#define MAX_ALTS 32 /* comparisons one merge may turn into */
#define MAX_ENUM 8  /* a closed interval this small becomes EQs */

/* A closed interval of register values. */
struct ival {
	uint64_t lo, hi;
};

static bool is_masked(const struct scmp_arg_cmp *c)
{
	return c->op == SCMP_CMP_MASKED_EQ;
}

/* The values c accepts as sorted disjoint intervals; returns how many. */
static int ivals_of(const struct scmp_arg_cmp *c, struct ival *iv)
{
	uint64_t a = c->datum_a;
	int n = 0;

	switch (c->op) {
	case SCMP_CMP_EQ:
		iv[n++] = (struct ival){a, a};
		break;
	case SCMP_CMP_NE:
		if (a > 0)
			iv[n++] = (struct ival){0, a - 1};
		if (a < UINT64_MAX)
			iv[n++] = (struct ival){a + 1, UINT64_MAX};
		break;
	case SCMP_CMP_GE:
		iv[n++] = (struct ival){a, UINT64_MAX};
		break;
	case SCMP_CMP_LE:
		iv[n++] = (struct ival){0, a};
		break;
	case SCMP_CMP_GT:
		if (a < UINT64_MAX)
			iv[n++] = (struct ival){a + 1, UINT64_MAX};
		break;
	case SCMP_CMP_LT:
		if (a > 0)
			iv[n++] = (struct ival){0, a - 1};
		break;
	default:
		break;
	}
	return n;
}

static int intersect(const struct ival *a, int na, const struct ival *b, int nb,
		     struct ival *out)
{
	int n = 0;

	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++) {
			uint64_t lo = a[i].lo > b[j].lo ? a[i].lo : b[j].lo;
			uint64_t hi = a[i].hi < b[j].hi ? a[i].hi : b[j].hi;
			if (lo <= hi)
				out[n++] = (struct ival){lo, hi};
		}
	return n;
}

static bool same(const struct ival *a, int na, const struct ival *b, int nb)
{
	return na == nb && memcmp(a, b, (size_t)na * sizeof(*a)) == 0;
}

/* Interval iv as alternatives of one comparison each, appended to alt.
 * Returns the new count, or -1 when it needs two comparisons. */
static int ival_cmps(struct ival iv, unsigned arg, struct scmp_arg_cmp *alt,
		     int n)
{
	struct scmp_arg_cmp c = {.arg = arg};

	if (iv.lo == 0 || iv.hi == UINT64_MAX || iv.lo == iv.hi) {
		c.op = iv.lo == iv.hi ? SCMP_CMP_EQ
		       : iv.lo == 0   ? SCMP_CMP_LE
				      : SCMP_CMP_GE;
		c.datum_a = iv.lo == 0 ? iv.hi : iv.lo;
		if (n == MAX_ALTS)
			return -1;
		alt[n++] = c;
		return n;
	}
	if (iv.hi - iv.lo >= MAX_ENUM)
		return -1;
	c.op = SCMP_CMP_EQ;
	for (uint64_t v = iv.lo; v <= iv.hi; v++) {
		if (n == MAX_ALTS)
			return -1;
		c.datum_a = v;
		alt[n++] = c;
	}
	return n;
}

/*
 * x AND y, both on the same argument, as alternatives of one comparison
 * each (x != 1 && x != 2 is x <= 0 || x >= 3).  Returns how many (0: the
 * two contradict each other), or -1 when libseccomp cannot express it.
 */
static int cmp_merge(const struct scmp_arg_cmp *x, const struct scmp_arg_cmp *y,
		     struct scmp_arg_cmp *alt)
{
	struct ival ix[2], iy[2], iv[4];
	int nx, ny, n, k = 0;

	if (is_masked(x) && is_masked(y)) {
		if ((x->datum_b ^ y->datum_b) & x->datum_a & y->datum_a)
			return 0;
		alt[0] = *x;
		alt[0].datum_a = x->datum_a | y->datum_a;
		alt[0].datum_b = x->datum_b | y->datum_b;
		return 1;
	}
	if (is_masked(x) || is_masked(y)) {
		const struct scmp_arg_cmp *m = is_masked(x) ? x : y;
		const struct scmp_arg_cmp *eq = m == x ? y : x;
		if (eq->op != SCMP_CMP_EQ)
			return -1;
		alt[0] = *eq;
		return (eq->datum_a & m->datum_a) == m->datum_b ? 1 : 0;
	}
	nx = ivals_of(x, ix);
	ny = ivals_of(y, iy);
	n = intersect(ix, nx, iy, ny, iv);
	if (same(iv, n, ix, nx) || same(iv, n, iy, ny)) {
		alt[0] = same(iv, n, ix, nx) ? *x : *y;
		return n ? 1 : 0;
	}
	for (int i = 0; i < n && k >= 0; i++)
		k = ival_cmps(iv[i], x->arg, alt, k);
	return k;
}

/* Append t to d.  Returns 0 or -1 (E2BIG). */
static int push(struct dnf *d, const struct dnf_term *t)
{
	if (d->n == DNF_MAX_TERMS) {
		errno = E2BIG;
		return -1;
	}
	d->term[d->n++] = *t;
	return 0;
}

int dnf_term_and(const struct dnf_term *t, const struct scmp_arg_cmp *c,
		 enum dnf_mode mode, struct dnf *out)
{
	struct scmp_arg_cmp alt[MAX_ALTS];
	struct dnf_term u;
	unsigned i;
	int k;

	for (i = 0; i < t->n && t->cmp[i].arg != c->arg; i++)
		;
	if (i == t->n) {
		if (t->n == DNF_MAX_CMPS)
			goto conflict;
		u = *t;
		u.cmp[u.n++] = *c;
		return push(out, &u);
	}
	k = cmp_merge(&t->cmp[i], c, alt);
	if (k < 0)
		goto conflict;
	for (int j = 0; j < k; j++) {
		u = *t;
		u.cmp[i] = alt[j];
		if (push(out, &u) < 0)
			return -1;
	}
	return 0;
conflict:
	/* Dropping c only lets more calls through: fine for a pre-filter. */
	if (mode == DNF_OVER)
		return push(out, t);
	errno = ENOTSUP;
	return -1;
}

void dnf_set_true(struct dnf *d)
{
	d->n = 1;
	memset(&d->term[0], 0, sizeof(d->term[0]));
}

bool dnf_is_true(const struct dnf *d)
{
	for (unsigned i = 0; i < d->n; i++)
		if (d->term[i].n == 0)
			return true;
	return false;
}

static bool term_equal(const struct dnf_term *a, const struct dnf_term *b)
{
	return a->n == b->n &&
	       memcmp(a->cmp, b->cmp, a->n * sizeof(a->cmp[0])) == 0;
}

/* Append t to d unless it is already there.  Returns 0 or -1 (E2BIG). */
static int dnf_append(struct dnf *d, const struct dnf_term *t)
{
	for (unsigned i = 0; i < d->n; i++)
		if (term_equal(&d->term[i], t))
			return 0;
	if (d->n == DNF_MAX_TERMS) {
		errno = E2BIG;
		return -1;
	}
	d->term[d->n++] = *t;
	return 0;
}

int dnf_or(struct dnf *a, const struct dnf *b)
{
	if (dnf_is_true(a))
		return 0;
	if (dnf_is_true(b)) {
		dnf_set_true(a);
		return 0;
	}
	for (unsigned i = 0; i < b->n; i++)
		if (dnf_append(a, &b->term[i]) < 0)
			return -1;
	return 0;
}

/* Term t AND term b, appended to out (through scratch lists). */
static int term_and_term(const struct dnf_term *t, const struct dnf_term *b,
			 enum dnf_mode mode, struct dnf *cur, struct dnf *next,
			 struct dnf *out)
{
	cur->n = 1;
	cur->term[0] = *t;
	for (unsigned k = 0; k < b->n && cur->n; k++) {
		next->n = 0;
		for (unsigned i = 0; i < cur->n; i++)
			if (dnf_term_and(&cur->term[i], &b->cmp[k], mode,
					 next) < 0)
				return -1;
		memcpy(cur, next, sizeof(*cur));
	}
	for (unsigned i = 0; i < cur->n; i++)
		if (dnf_append(out, &cur->term[i]) < 0)
			return -1;
	return 0;
}

int dnf_and(struct dnf *a, const struct dnf *b, enum dnf_mode mode)
{
	struct dnf *r = malloc(3 * sizeof(*r));
	int ret = -1;

	if (!r)
		return -1;
	r->n = 0;
	for (unsigned i = 0; i < a->n; i++)
		for (unsigned j = 0; j < b->n; j++)
			if (term_and_term(&a->term[i], &b->term[j], mode, &r[1],
					  &r[2], r) < 0)
				goto out_free;
	memcpy(a, r, sizeof(*r));
	ret = 0;
out_free:
	free(r);
	return ret;
}

/* In the over mode, a list too long to compile is simply "true". */
static int widen(struct dnf *d, enum dnf_mode mode, int ret)
{
	if (ret < 0 && mode == DNF_OVER && errno == E2BIG) {
		dnf_set_true(d);
		return 0;
	}
	return ret;
}

int dnf_build(const struct pred *p, bool neg, int call, enum dnf_mode mode,
	      struct dnf *out)
{
	struct dnf *right;
	bool conj;
	int ret;

	if (!p) {
		out->n = 0;
		if (!neg)
			dnf_set_true(out);
		return 0;
	}
	switch (p->kind) {
	case PRED_NOT:
		return dnf_build(p->left, !neg, call, mode, out);
	case PRED_CMP:
		return dnf_leaf(p, neg, call, mode, out);
	case PRED_AND:
	case PRED_OR:
		break;
	}
	conj = (p->kind == PRED_AND) != neg;
	if (dnf_build(p->left, neg, call, mode, out) < 0)
		return -1;
	right = malloc(sizeof(*right));
	if (!right)
		return -1;
	ret = dnf_build(p->right, neg, call, mode, right);
	if (ret == 0)
		ret = conj ? dnf_and(out, right, mode) : dnf_or(out, right);
	free(right);
	return widen(out, mode, ret);
}
