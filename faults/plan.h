/*
 * plan.h - adding rules to a plan all at once, for the rules-file reader.
 *
 * A batch holds rules parsed but not yet in the plan, with their notes;
 * committing moves them all in, freeing drops them all.  fault_plan_add()
 * is a batch of one; a rules file (faults/rulesfile.c) is a batch of its
 * lines, so a bad line leaves the plan exactly as it was.
 *
 * Not a public interface: callers outside faults/ use faults/fault.h.
 *
 * See also: faults/plan.c, faults/rulesfile.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_PLAN_H
#define MQLAB_PLAN_H

#include <stddef.h>

#include "faults/fault.h"
#include "faults/rule.h"

struct plan_batch {
	struct rule **rules;
	size_t nrules;
	char **notes;
	size_t nnotes;
	char prefix[300]; /* "file:line: ", put in the notes of the next add */
};

/* An empty batch. */
void plan_batch_init(struct plan_batch *b);

/* Free every rule and note of b and empty it. */
void plan_batch_free(struct plan_batch *b);

/*
 * Parse spec into one more rule of b.  Returns 0, or -1 with errno
 * EINVAL (err filled in, when not NULL) or ENOMEM; b is then as before.
 */
int plan_batch_add(struct plan_batch *b, const char *spec,
		   struct fault_error *err);

/* Move every rule and note of b to the end of plan (notes already in
 * plan are dropped), and empty b.  Returns 0, or -1 with ENOMEM and
 * nothing moved. */
int plan_batch_commit(struct fault_plan *plan, struct plan_batch *b);

#endif
