/*
 * dnf.h - if= predicates as seccomp argument comparisons (OR of ANDs).
 *
 * The kernel side of a filter can only AND comparisons of one register
 * each (one libseccomp rule), and OR rules together.  So a predicate is
 * turned into disjunctive normal form: negations pushed to the leaves,
 * ANDs distributed over ORs, each leaf one or a few comparisons.  Two
 * comparisons on the same argument are merged when possible, because
 * libseccomp refuses them in one rule.
 *
 * Two modes: exact (for SCMP_ACT_ERRNO rules: anything that cannot be
 * compiled exactly fails with ENOTSUP) and over (for the SCMP_ACT_NOTIFY
 * pre-filter: anything uncompilable becomes "true", so the result may let
 * more calls through to the supervisor, never fewer).
 *
 * See also: faults/filter.c, faults/pred.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_DNF_H
#define MQLAB_DNF_H

#include <seccomp.h>
#include <stdbool.h>

#include "faults/pred.h"

#define DNF_MAX_TERMS 64 /* beyond that, the syscall goes to the supervisor */
#define DNF_MAX_CMPS  6	 /* one comparison per argument */

/* A conjunction of comparisons; n == 0 is "true". */
struct dnf_term {
	unsigned n;
	struct scmp_arg_cmp cmp[DNF_MAX_CMPS];
};

/* A disjunction of terms; n == 0 is "false". */
struct dnf {
	unsigned n;
	struct dnf_term term[DNF_MAX_TERMS];
};

enum dnf_mode { DNF_EXACT, DNF_OVER };

/*
 * Compile p (negated when neg) for syscall row call into *out.  Returns 0,
 * or -1 with errno ENOTSUP (DNF_EXACT: a supervisor variable, or
 * comparisons libseccomp cannot express), E2BIG (more than DNF_MAX_TERMS
 * terms) or ENOMEM.  DNF_OVER never fails with ENOTSUP, and on E2BIG the
 * caller should treat the predicate as "true".
 */
int dnf_build(const struct pred *p, bool neg, int call, enum dnf_mode mode,
	      struct dnf *out);

/* *a = *a AND *b.  Same errors as dnf_build. */
int dnf_and(struct dnf *a, const struct dnf *b, enum dnf_mode mode);

/* *a = *a OR *b.  Returns 0 or -1 with E2BIG. */
int dnf_or(struct dnf *a, const struct dnf *b);

void dnf_set_true(struct dnf *d);
bool dnf_is_true(const struct dnf *d);

/* Internal to dnf.c and dnf_leaf.c. */

/* One comparison (negated when neg) as a DNF: errors as dnf_build. */
int dnf_leaf(const struct pred *p, bool neg, int call, enum dnf_mode mode,
	     struct dnf *out);

/* t AND c, merged with t's comparison of the same argument, appended to
 * out as zero (false) or more terms.  Returns 0, or -1 with ENOTSUP
 * (DNF_EXACT cannot express it) or E2BIG. */
int dnf_term_and(const struct dnf_term *t, const struct scmp_arg_cmp *c,
		 enum dnf_mode mode, struct dnf *out);

#endif
