/*
 * rule.c - which calls a parsed rule acts on, and where it can live.
 *
 * when= selects by the call's number in the rule's count; prob= draws from
 * a pure function of (seed, rule index, call number): no generator state,
 * so the supervisor can decide calls in any order and a run repeats bit
 * for bit from its seed.  A rule that needs neither, nor the supervisor's
 * eyes, is static: it becomes an SCMP_ACT_ERRNO rule in the kernel.
 *
 * See also: faults/rule.h, faults/when.c (the parsers), docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include "faults/pred.h"
#include "faults/rule.h"
#include "faults/sysent.h"
#include "faults/when.h"

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
