/*
 * pred_int.h - the lexer that pred.c (expressions) and pred_cmp.c
 * (comparisons) share while parsing one if= predicate.
 *
 * Not a public interface.  Positions are offsets into the rule's text.
 *
 * See also: faults/pred.c, faults/pred_cmp.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_PRED_INT_H
#define MQLAB_PRED_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "faults/pred.h"

struct pred_parser {
	const char *s;
	int pos, end; /* the predicate is s[pos .. end) */
	uint32_t calls;
	int *errcol;
	char *msg;
	int msgsize;
	int depth; /* nesting of ( and !, bounded against deep recursion */
	int terms; /* comparisons so far, bounded likewise */
};

/* Record an error at col; returns NULL with errno EINVAL. */
struct pred *pred_fail(struct pred_parser *p, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Limits that keep the tree's recursion (parse, eval, free) shallow. */
#define PRED_MAX_DEPTH 64
#define PRED_MAX_TERMS 256

/* Skip blanks. */
void pred_skip(struct pred_parser *p);

/* Consume op if it is the next token (and not the start of a longer one:
 * "&" is not "&&", "!" is not "!=").  Returns whether it did. */
bool pred_take(struct pred_parser *p, const char *op);

/* Consume [A-Za-z0-9_]* into buf.  Returns its whole length, which may
 * be more than buf holds. */
int pred_word(struct pred_parser *p, char *buf, size_t size);

/* var [op value]: one comparison (pred_cmp.c). */
struct pred *pred_comparison(struct pred_parser *p);

#endif
