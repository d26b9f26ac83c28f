/*
 * spec_int.h - what spec.c and spec_key.c share while parsing one spec.
 *
 * Not a public interface: the engine sees only struct rule.  Columns are
 * offsets into the spec exactly as the caller gave it.
 *
 * See also: faults/spec.c, faults/spec_key.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SPEC_INT_H
#define MQLAB_SPEC_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "faults/spec.h"

#define SPEC_NKEYS 16

struct spec_ctx {
	const char *spec; /* as given, with any prefix */
	size_t body;	  /* where the syscall set starts */
	size_t end;	  /* end of the spec, trailing blanks cut */
	size_t tbase;	  /* where the rule's text starts */
	bool fault;	  /* fault=: strace's error=ENOSYS default */
	struct rule *r;
	struct fault_error *err;
	int (*note)(void *arg, const char *line);
	void *arg;
	bool seen[SPEC_NKEYS];
	bool has_delay; /* delay_enter= given, even as 0 */
	size_t log_col;
};

/* One key=value field: offsets into spec. */
struct spec_field {
	size_t start, end; /* the whole field */
	size_t klen;	   /* key is spec[start .. start + klen) */
	bool has_value;
	size_t vstart; /* value is spec[vstart .. end) */
};

/* Record an error at col; returns -1 with errno EINVAL. */
int spec_bad(struct spec_ctx *c, size_t col, const char *hint, const char *fmt,
	     ...) __attribute__((format(printf, 4, 5)));

/* Parse one field by its key.  Returns 0 or -1. */
int spec_key(struct spec_ctx *c, const struct spec_field *f);

#endif
