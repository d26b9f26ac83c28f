/*
 * tidy.h - remove what a run created, when it had no namespace of its own.
 *
 * Only used in the sandbox's fallback mode, where a run shares the host's
 * IPC namespace.  While the run goes, every queue call its supervisors
 * see is recorded; at the end exactly the run's own objects are removed:
 *
 *   - System V queues that did not exist when the run started and that
 *     the run used (by id) or created (msgget with IPC_CREAT, by key);
 *   - POSIX queues the run opened with O_CREAT whose names contain the
 *     run's id (MQLAB_RUN_ID) or start with "/mqlab-", the prefix every
 *     lab uses.  Other names are never touched: they are reported.
 *
 * A run killed with SIGKILL cannot clean up: that is what namespaces are
 * for, and why the fallback prints a warning.
 *
 * See also: labs/sandbox.h, labs/run.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TIDY_H
#define MQLAB_TIDY_H

#include <stdbool.h>
#include <stddef.h>

struct fault_event;

struct tidy {
	bool enabled;
	const char *run_id;
	int *before; /* System V ids that existed at the start */
	size_t nbefore;
	int *ids; /* System V ids the run used */
	size_t nids;
	long long *keys; /* keys the run created */
	size_t nkeys;
	char **names; /* POSIX queues the run may have created */
	size_t nnames;
};

/* Start recording (enabled only in fallback mode). */
void tidy_init(struct tidy *t, bool enabled, const char *run_id);
/* Record what ev shows the run using or creating. */
void tidy_event(struct tidy *t, const struct fault_event *ev);
/* Remove the run's objects.  Returns how many were removed; left
 * (when not NULL) lists names left alone, one per line. */
int tidy_sweep(struct tidy *t, char *left, size_t size);
void tidy_free(struct tidy *t);

#endif
