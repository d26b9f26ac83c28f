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

/* Whether value v satisfies comparison c. */
static bool cmp_holds(const struct scmp_arg_cmp *c, uint64_t v)
{
	switch (c->op) {
	case SCMP_CMP_EQ:
		return v == c->datum_a;
	case SCMP_CMP_NE:
		return v != c->datum_a;
	case SCMP_CMP_GE:
		return v >= c->datum_a;
	case SCMP_CMP_LE:
		return v <= c->datum_a;
	case SCMP_CMP_GT:
		return v > c->datum_a;
	case SCMP_CMP_LT:
		return v < c->datum_a;
	case SCMP_CMP_MASKED_EQ:
		return (v & c->datum_a) == c->datum_b;
	default:
		return false;
	}
}

static bool is_range(const struct scmp_arg_cmp *c)
{
	return c->op == SCMP_CMP_GE || c->op == SCMP_CMP_LE;
}

/* The interval [*lo, *hi] of a GE or LE comparison. */
static void range_of(const struct scmp_arg_cmp *c, uint64_t *lo, uint64_t *hi)
{
	*lo = c->op == SCMP_CMP_GE ? c->datum_a : 0;
	*hi = c->op == SCMP_CMP_LE ? c->datum_a : UINT64_MAX;
}

/* Write [lo, hi] as one comparison into *out; false if it needs two. */
static bool range_to_cmp(uint64_t lo, uint64_t hi, struct scmp_arg_cmp *out)
{
	if (lo == hi)
		out->op = SCMP_CMP_EQ, out->datum_a = lo;
	else if (lo == 0)
		out->op = SCMP_CMP_LE, out->datum_a = hi;
	else if (hi == UINT64_MAX)
		out->op = SCMP_CMP_GE, out->datum_a = lo;
	else
		return false;
	out->datum_b = 0;
	return true;
}

/*
 * x AND y, both on the same argument, as one comparison in *out.
 * Returns 1 (merged), 0 (contradiction: the term is false) or -1 (two
 * comparisons are needed).
 */
static int cmp_merge(const struct scmp_arg_cmp *x, const struct scmp_arg_cmp *y,
		     struct scmp_arg_cmp *out)
{
	uint64_t lo1, hi1, lo2, hi2, lo, hi;

	*out = *x;
	if (y->op == SCMP_CMP_EQ || x->op == SCMP_CMP_EQ) {
		const struct scmp_arg_cmp *eq = x->op == SCMP_CMP_EQ ? x : y;
		const struct scmp_arg_cmp *other = eq == x ? y : x;
		*out = *eq;
		return cmp_holds(other, eq->datum_a) ? 1 : 0;
	}
	if (x->op == SCMP_CMP_NE || y->op == SCMP_CMP_NE) {
		const struct scmp_arg_cmp *ne = x->op == SCMP_CMP_NE ? x : y;
		const struct scmp_arg_cmp *other = ne == x ? y : x;
		if (!cmp_holds(other, ne->datum_a)) {
			*out = *other; /* the excluded value is outside anyway */
			return 1;
		}
		if (!is_range(other))
			return -1;
		range_of(other, &lo, &hi);
		if (ne->datum_a == lo && lo != hi)
			lo++;
		else if (ne->datum_a == hi && lo != hi)
			hi--;
		else if (lo == hi)
			return 0;
		else
			return -1;
		return range_to_cmp(lo, hi, out) ? 1 : -1;
	}
	if (x->op == SCMP_CMP_MASKED_EQ && y->op == SCMP_CMP_MASKED_EQ) {
		if ((x->datum_b ^ y->datum_b) & x->datum_a & y->datum_a)
			return 0;
		out->datum_a = x->datum_a | y->datum_a;
		out->datum_b = x->datum_b | y->datum_b;
		return 1;
	}
	if (!is_range(x) || !is_range(y))
		return -1;
	range_of(x, &lo1, &hi1);
	range_of(y, &lo2, &hi2);
	lo = lo1 > lo2 ? lo1 : lo2;
	hi = hi1 < hi2 ? hi1 : hi2;
	if (lo > hi)
		return 0;
	return range_to_cmp(lo, hi, out) ? 1 : -1;
}

int dnf_term_add(struct dnf_term *t, const struct scmp_arg_cmp *c,
		 enum dnf_mode mode)
{
	for (unsigned i = 0; i < t->n; i++) {
		struct scmp_arg_cmp merged;
		int r;

		if (t->cmp[i].arg != c->arg)
			continue;
		r = cmp_merge(&t->cmp[i], c, &merged);
		if (r < 0)
			return mode == DNF_OVER ? 1 : -1;
		if (r == 0)
			return 0;
		t->cmp[i] = merged;
		return 1;
	}
	if (t->n == DNF_MAX_CMPS)
		return mode == DNF_OVER ? 1 : -1;
	t->cmp[t->n++] = *c;
	return 1;
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

int dnf_and(struct dnf *a, const struct dnf *b, enum dnf_mode mode)
{
	struct dnf *r = malloc(sizeof(*r));

	if (!r)
		return -1;
	r->n = 0;
	for (unsigned i = 0; i < a->n; i++) {
		for (unsigned j = 0; j < b->n; j++) {
			struct dnf_term t = a->term[i];
			unsigned k;
			int ok = 1;

			for (k = 0; k < b->term[j].n && ok > 0; k++)
				ok = dnf_term_add(&t, &b->term[j].cmp[k], mode);
			if (ok < 0) {
				errno = ENOTSUP;
				goto out_free;
			}
			if (ok == 0)
				continue;
			if (dnf_append(r, &t) < 0)
				goto out_free;
		}
	}
	memcpy(a, r, sizeof(*r));
	free(r);
	return 0;
out_free:
	free(r);
	return -1;
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
