/*
 * cmd-grade.h - the two halves of `mqlab grade`.
 *
 * tui/cmd-grade.c parses the options and grades one student's own labs;
 * tui/cmd-grade-class.c grades a class (--submissions).
 *
 * See also: tui/cmd-grade.c, tui/cmd-grade-class.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_CMD_GRADE_H
#define MQLAB_CMD_GRADE_H

/* Grade every submission in dir into out, jobs labs at once.  Returns
 * the exit status (0, 1 or 2), after printing what went wrong. */
int cmd_grade_class(const char *dir, const char *out, int jobs);

#endif
