/*
 * pred.h - argument predicates: the if= expressions of a rule.
 *
 * An expression is a tree of comparisons (variable OP value) joined with
 * &&, || and !.  The parser builds it and checks that every variable means
 * something for every syscall of the rule; the filter compiler turns the
 * parts that live in registers into BPF comparisons; the supervisor
 * evaluates the whole tree for the calls that reach it.
 *
 * See also: faults/sysent.h (variables), faults/filter.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_PRED_H
#define MQLAB_PRED_H

#include <stdbool.h>
#include <stdint.h>

enum pred_kind { PRED_CMP, PRED_AND, PRED_OR, PRED_NOT };

enum pred_op {
	PRED_EQ,
	PRED_NE,
	PRED_LT,
	PRED_LE,
	PRED_GT,
	PRED_GE,
	PRED_BITS,  /* var & value: true when any bit of value is set */
	PRED_TRUTH, /* a bare variable: true when it is not 0 */
};

struct pred {
	enum pred_kind kind;
	struct pred *left, *right; /* AND and OR use both, NOT uses left */
	int var;		   /* PRED_CMP: an enum pvar */
	enum pred_op op;
	int64_t value; /* numbers and named constants */
	char *str;     /* PVT_STR variables: the pattern */
	int column;    /* where it starts in the rule's text */
};

/* What the supervisor knows about one call, for pred_eval().  get() fills
 * *num or *str for var and returns 0, or -1 when it cannot be known (the
 * comparison is then false). */
struct pred_env {
	int call;
	const uint64_t *args;
	int (*get)(void *ctx, int var, int64_t *num, const char **str);
	void *ctx;
};

/* Parse text[*pos...] up to the end of the field (':' or NUL).  Returns a
 * tree (free with pred_free) or NULL with *errcol and errmsg set.  calls is
 * the rule's syscall bitmask: a variable that has no meaning for one of
 * them is an error. */
struct pred *pred_parse(const char *text, int start, int end, uint32_t calls,
			int *errcol, char *errmsg, int errsize);
void pred_free(struct pred *p);

/* Evaluate p for one call.  A NULL p is true. */
bool pred_eval(const struct pred *p, const struct pred_env *env);

/* Whether every variable in p lives in call's registers (no supervisor). */
bool pred_in_registers(const struct pred *p, int call);

/* Bitmask (1 << enum pvar) of the variables p uses. */
uint32_t pred_vars(const struct pred *p);

#endif
