/*
 * gradeout.h - write graded labs as text, TAP, JUnit XML or Gradescope.
 *
 * Every format shows the same facts: each check with its number
 * ("1.3" = lab 1, third check), title, points and verdict; for a failed
 * check what was expected, what happened and the hint; and the score per
 * lab and in total.  Machine formats are valid whatever the messages
 * contain (see labs/json.h).
 *
 * See also: labs/grade.h, tui/cmd-grade.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_GRADEOUT_H
#define MQLAB_GRADEOUT_H

#include <stddef.h>
#include <stdio.h>

#include "labs/grade.h"

enum gradeout_format {
	GRADEOUT_HUMAN,
	GRADEOUT_TAP,
	GRADEOUT_JUNIT,
	GRADEOUT_GRADESCOPE,
};

/* The format called name ("human", "tap", "junit", "gradescope"), or -1. */
int gradeout_lookup(const char *name);

/* What happened in a failed check, in words: the assertion message, the
 * timeout and its limit, the signal, the exit code.  Returns snprintf's. */
int gradeout_happened(const struct grade_check *c, char *buf, size_t size);

/* Write labs[0..n) to f in format fmt. */
void gradeout_write(FILE *f, enum gradeout_format fmt,
		    const struct grade_lab *labs, size_t n);

#endif
