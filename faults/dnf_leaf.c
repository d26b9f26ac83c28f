/*
 * dnf_leaf.c - one comparison of an if= predicate as seccomp comparisons.
 *
 * seccomp compares whole 64-bit registers, unsigned.  Arguments are not
 * always that: an int (fd, msqid, msgflg) arrives sign-extended from 32
 * bits, a long (msgtyp) is signed, a flag is one bit of a register.  So a
 * signed comparison is first solved as an interval of values of the
 * variable's own type, then mapped to the registers that hold those
 * values: the non-negative ones at the bottom, the negative ones at the
 * top.  Registers no valid value produces (the gap between the halves of
 * a sign-extended int, or above a u32) are free to join either side,
 * which keeps most intervals one-sided: one comparison instead of two.
 *
 * See also: faults/dnf.c, faults/sysent.h (where each variable lives)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <string.h>

#include "faults/dnf.h"
#include "faults/sysent.h"

#define TOP_HALF (1ull << 63) /* first register value of a negative one */

/* Operators after negation has been pushed onto them. */
enum leaf_op {
	LEAF_EQ,
	LEAF_NE,
	LEAF_LT,
	LEAF_LE,
	LEAF_GT,
	LEAF_GE,
	LEAF_BITS,
	LEAF_NOBITS,
	LEAF_TRUTH,
	LEAF_ZERO,
};

static enum leaf_op leaf_op(enum pred_op op, bool neg)
{
	static const enum leaf_op pos[] = {
		[PRED_EQ] = LEAF_EQ,	 [PRED_NE] = LEAF_NE,
		[PRED_LT] = LEAF_LT,	 [PRED_LE] = LEAF_LE,
		[PRED_GT] = LEAF_GT,	 [PRED_GE] = LEAF_GE,
		[PRED_BITS] = LEAF_BITS, [PRED_TRUTH] = LEAF_TRUTH,
	};
	static const enum leaf_op inv[] = {
		[PRED_EQ] = LEAF_NE,	   [PRED_NE] = LEAF_EQ,
		[PRED_LT] = LEAF_GE,	   [PRED_LE] = LEAF_GT,
		[PRED_GT] = LEAF_LE,	   [PRED_GE] = LEAF_LT,
		[PRED_BITS] = LEAF_NOBITS, [PRED_TRUTH] = LEAF_ZERO,
	};
	return neg ? inv[op] : pos[op];
}

/* Whether v op c holds, for the 0/1 values of a flag. */
static bool small_holds(enum leaf_op op, __int128 v, __int128 c)
{
	switch (op) {
	case LEAF_EQ:
		return v == c;
	case LEAF_NE:
		return v != c;
	case LEAF_LT:
		return v < c;
	case LEAF_LE:
		return v <= c;
	case LEAF_GT:
		return v > c;
	case LEAF_GE:
		return v >= c;
	case LEAF_BITS:
		return (v & c) != 0;
	case LEAF_NOBITS:
		return (v & c) == 0;
	case LEAF_TRUTH:
		return v != 0;
	case LEAF_ZERO:
		return v == 0;
	}
	return false;
}

static void one(struct dnf *out, int arg, enum scmp_compare op, uint64_t a,
		uint64_t b)
{
	struct dnf_term *t = &out->term[out->n++];

	memset(t, 0, sizeof(*t));
	t->n = 1;
	t->cmp[0].arg = (unsigned)arg;
	t->cmp[0].op = op;
	t->cmp[0].datum_a = a;
	t->cmp[0].datum_b = b;
}

/* Some bit of mask is set (any register bit when mask is 0). */
static void any_bit(struct dnf *out, int arg, uint64_t mask)
{
	if (mask == 0) {
		one(out, arg, SCMP_CMP_NE, 0, 0);
		return;
	}
	for (int b = 0; b < 64 && out->n < DNF_MAX_TERMS; b++)
		if (mask & (1ull << b))
			one(out, arg, SCMP_CMP_MASKED_EQ, 1ull << b, 1ull << b);
}

static void no_bit(struct dnf *out, int arg, uint64_t mask)
{
	if (mask == 0)
		one(out, arg, SCMP_CMP_EQ, 0, 0);
	else
		one(out, arg, SCMP_CMP_MASKED_EQ, mask, 0);
}

/* A flag variable: true when (register & mask) != 0. */
static void flag_leaf(const struct pred *p, enum leaf_op op,
		      const struct pvar_loc *loc, struct dnf *out)
{
	bool t0 = small_holds(op, 0, p->value);
	bool t1 = small_holds(op, 1, p->value);

	if (t0 && t1)
		dnf_set_true(out);
	else if (t1)
		any_bit(out, loc->arg, loc->mask);
	else if (t0)
		no_bit(out, loc->arg, loc->mask);
}

/* The register that holds value v of a type (sign extension). */
static uint64_t reg_of(__int128 v)
{
	return (uint64_t)(int64_t)v;
}

/* Add the registers holding values [lo, hi] (one half of the type). */
static int add_interval(struct dnf *out, int arg, uint64_t lo, uint64_t hi,
			enum dnf_mode mode)
{
	struct scmp_arg_cmp c = {.arg = (unsigned)arg};
	struct dnf_term t = {0};

	if (lo == 0 && hi == UINT64_MAX) {
		dnf_set_true(out);
		return 0;
	}
	if (lo != 0) {
		t.cmp[t.n].arg = (unsigned)arg;
		t.cmp[t.n].op = SCMP_CMP_GE;
		t.cmp[t.n++].datum_a = lo;
	}
	if (hi == UINT64_MAX) {
		out->term[out->n++] = t;
		return 0;
	}
	c.op = SCMP_CMP_LE;
	c.datum_a = hi;
	return dnf_term_and(&t, &c, mode, out);
}

static int number_leaf(const struct pred *p, enum leaf_op op,
		       const struct pvar_loc *loc, enum pvar_type type,
		       enum dnf_mode mode, struct dnf *out)
{
	bool sign = type == PVT_S32 || type == PVT_S64;
	int bits = type == PVT_S32 || type == PVT_U32 ? 32 : 64;
	__int128 vmin = sign ? -((__int128)1 << (bits - 1)) : 0;
	__int128 vmax = sign ? ((__int128)1 << (bits - 1)) - 1
			     : ((__int128)1 << bits) - 1;
	__int128 c = p->value, lo = vmin, hi = vmax;
	uint64_t width = bits == 32 ? 0xffffffffull : UINT64_MAX;
	bool in = c >= vmin && c <= vmax;

	switch (op) {
	case LEAF_EQ:
		if (in)
			one(out, loc->arg, SCMP_CMP_EQ, reg_of(c), 0);
		return 0;
	case LEAF_NE:
		if (in)
			one(out, loc->arg, SCMP_CMP_NE, reg_of(c), 0);
		else
			dnf_set_true(out);
		return 0;
	case LEAF_TRUTH:
		one(out, loc->arg, SCMP_CMP_NE, 0, 0);
		return 0;
	case LEAF_ZERO:
		one(out, loc->arg, SCMP_CMP_EQ, 0, 0);
		return 0;
	case LEAF_BITS:
		if ((uint64_t)p->value & width)
			any_bit(out, loc->arg, (uint64_t)p->value & width);
		return 0;
	case LEAF_NOBITS:
		if ((uint64_t)p->value & width)
			no_bit(out, loc->arg, (uint64_t)p->value & width);
		else
			dnf_set_true(out);
		return 0;
	case LEAF_LT:
		hi = c - 1;
		break;
	case LEAF_LE:
		hi = c;
		break;
	case LEAF_GT:
		lo = c + 1;
		break;
	case LEAF_GE:
		lo = c;
		break;
	}
	if (lo < vmin)
		lo = vmin;
	if (hi > vmax)
		hi = vmax;
	if (lo > hi)
		return 0;
	if (!sign)
		return add_interval(out, loc->arg, (uint64_t)lo,
				    hi == vmax ? UINT64_MAX : (uint64_t)hi,
				    mode);
	if (lo == vmin && hi == vmax) {
		dnf_set_true(out);
		return 0;
	}
	if (hi >= 0 &&
	    add_interval(out, loc->arg, lo > 0 ? (uint64_t)lo : 0,
			 hi == vmax ? TOP_HALF - 1 : (uint64_t)hi, mode) < 0)
		return -1;
	if (lo < 0 &&
	    add_interval(out, loc->arg, lo == vmin ? TOP_HALF : reg_of(lo),
			 reg_of(hi < 0 ? hi : -1), mode) < 0)
		return -1;
	return 0;
}

int dnf_leaf(const struct pred *p, bool neg, int call, enum dnf_mode mode,
	     struct dnf *out)
{
	const struct pvar_loc *loc = &sysent_table[call].var[p->var];
	enum pvar_type type = pvar_table[p->var].type;
	enum leaf_op op = leaf_op(p->op, neg);

	out->n = 0;
	if (loc->where == PW_ARG && type == PVT_BOOL) {
		flag_leaf(p, op, loc, out);
		return 0;
	}
	if (loc->where == PW_ARG && type != PVT_STR && loc->mask == 0)
		return number_leaf(p, op, loc, type, mode, out);
	/* Only the supervisor knows: let every call through to it. */
	if (mode == DNF_OVER) {
		dnf_set_true(out);
		return 0;
	}
	errno = ENOTSUP;
	return -1;
}
