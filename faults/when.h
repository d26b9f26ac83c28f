/*
 * when.h - parse the selectors of a rule: when=, prob= and seed=.
 *
 * Each parser reads one field value (not NUL-terminated: s and len) and
 * either fills its result or reports the offset of the bad character
 * within s and a message.  The selection functions themselves
 * (rule_when_selects, rule_prob_selects) are declared in rule.h.
 *
 * See also: faults/when.c, faults/spec.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_WHEN_H
#define MQLAB_WHEN_H

#include <stddef.h>
#include <stdint.h>

#include "faults/rule.h"

/* The biggest counter when= accepts; UINT64_MAX means "no end". */
#define WHEN_MAX (UINT64_MAX - 1)

/* Where a selector parser failed: offset in the value and why. */
struct when_err {
	size_t at;
	char msg[160];
};

/* "1,3,10..20+5": *ranges (malloc'd, caller frees) and *n.  Returns 0, or
 * -1 with errno EINVAL (ENOMEM) and *err filled in. */
int when_parse(const char *s, size_t len, struct when_range **ranges, size_t *n,
	       struct when_err *err);

/* "0.25" or "25%", 0 <= P <= 1.  Returns 0 or -1 (EINVAL, *err). */
int when_parse_prob(const char *s, size_t len, double *prob,
		    struct when_err *err);

/* A decimal (or 0x hex) unsigned 64-bit number.  Returns 0 or -1. */
int when_parse_u64(const char *s, size_t len, uint64_t *v,
		   struct when_err *err);

/* The SplitMix64 finaliser: a good 64-bit mix, also used for seeds. */
uint64_t when_mix(uint64_t x);

#endif
