/*
 * spec.h - parse one fault spec into a struct rule.
 *
 * The parser is split by the parts of a spec: spec.c reads the prefix
 * (inject=, fault=, -e ...), cuts the fields and dispatches each key from
 * one table; spec_set.c reads the syscall set; when.c the selectors;
 * pred.c the if= predicate.  Every failure names the column of the bad
 * token in the spec as given, so the caller can draw a caret under it.
 *
 * See also: faults/spec.c, faults/plan.c, faults/rule.h, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SPEC_H
#define MQLAB_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "faults/fault.h"
#include "faults/rule.h"

/*
 * Parse spec into *r (which it zeroes first).  Returns 0, or -1 with
 * errno EINVAL and err filled in (err->text = spec, err->column 0-based
 * into it) or ENOMEM.  On failure *r holds nothing to free.  note gets
 * each note or warning ("note: mq_send is mq_timedsend to the kernel")
 * and returns 0, or -1 (ENOMEM) to make the parse fail.
 */
int spec_parse(const char *spec, struct rule *r, struct fault_error *err,
	       int (*note)(void *arg, const char *line), void *arg);

/* Free what spec_parse() allocated in r, and zero it. */
void spec_clear(struct rule *r);

/* What the set parser hands back. */
struct spec_set_result {
	uint32_t calls;
	size_t column;	   /* on error: offset of the bad token in s */
	char message[256]; /* on error */
	char hint[128];	   /* on error: close matches, or "" */
};

/* Parse the syscall set s[0..len).  Returns 0 (notes sent through note),
 * or -1 with errno EINVAL (res->column, message, hint) or ENOMEM. */
int spec_set_parse(const char *s, size_t len, struct spec_set_result *res,
		   int (*note)(void *arg, const char *line), void *arg);

/* "mq_open, mq_unlink, ..., msgctl": the names of the calls in mask. */
void spec_set_names(uint32_t mask, char *buf, size_t size);

#endif
