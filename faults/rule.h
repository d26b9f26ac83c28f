/*
 * rule.h - one parsed fault rule, as the parser hands it to the engine.
 *
 * A rule is what one spec says: which syscalls, what to do to them
 * (error, retval, signal, delay, hold, log), and which calls (when=,
 * prob=, if=, count=).  Rules of a plan are kept in order: on one call,
 * every rule whose syscall set and predicate match counts it, and the
 * first one whose when=/prob= selects it acts (log rules only record).
 *
 * See also: faults/spec.c (parser), faults/sup.c (evaluation)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RULE_H
#define MQLAB_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "faults/pred.h"

enum rule_action {
	RULE_NONE,   /* the call runs (signal, delay, hold or log only) */
	RULE_ERROR,  /* fail with error */
	RULE_RETVAL, /* return retval without running */
};

enum rule_count { RULE_COUNT_GLOBAL, RULE_COUNT_PROCESS, RULE_COUNT_THREAD };

/* Invocations first, first+step, ... up to last (inclusive), 1-based. */
struct when_range {
	uint64_t first;
	uint64_t last; /* UINT64_MAX: no end */
	uint64_t step; /* >= 1 */
};

struct rule {
	char *text;	/* the spec as written, without inject= */
	uint32_t calls; /* bit i set: sysent_table[i] */
	enum rule_action action;
	int error;
	long retval;
	int signal;	   /* 0: none */
	uint64_t delay_us; /* delay_enter, 0: none */
	struct when_range *when;
	size_t nwhen; /* 0: every call */
	bool has_prob;
	double prob;
	bool has_seed;
	uint64_t seed;
	struct pred *pred; /* NULL: every call */
	enum rule_count count;
	bool hold;
	bool log;
};

/* Whether the nth (1-based) counted call is selected by when=. */
bool rule_when_selects(const struct rule *r, uint64_t nth);

/* Whether r can live in the kernel as SCMP_ACT_ERRNO: an error with no
 * when=, prob=, signal, delay, hold or log, and a predicate (if any) that
 * lives entirely in registers for every syscall of the rule. */
bool rule_is_static(const struct rule *r);

/* The decision of prob= for the nth counted call: a pure function of the
 * seed, the rule's index and n, so a run can be repeated bit for bit. */
bool rule_prob_selects(const struct rule *r, uint64_t seed, size_t index,
		       uint64_t nth);

/* Access to a plan's rules for the engine (faults/plan.c). */
struct fault_plan;
struct rule *plan_rule(struct fault_plan *plan, size_t i);

#endif
