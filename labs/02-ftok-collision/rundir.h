/*
 * rundir.h - where a run of lab 02 keeps its files (see rundir.c).
 *
 * Lab-local: shared by scenario.c's setup and roles, not part of the
 * contract.  Like all lab code, these stop the process with report_die()
 * on a failure they cannot get past.
 *
 * See also: labs/02-ftok-collision/rundir.c, scenario.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RUNDIR_H
#define MQLAB_RUNDIR_H

#include <stddef.h>

/* The run's directory in buf, or with name the path of name in it. */
void rundir_path(char *buf, size_t size, const char *name);

/* Make the run's directory afresh, empty, and write its path to dir. */
void rundir_create(char *dir, size_t size);

/* Remove name's files as application name ends, and the directory with
 * the last one to leave.  Returns status, for `return rundir_leave()`. */
int rundir_leave(const char *name, int status);

#endif
