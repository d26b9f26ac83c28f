/*
 * tidy.h - remove what a run created, when it had no namespace of its own.
 *
 * Only used in the sandbox's fallback mode, where a run shares the host's
 * IPC namespace.  While the run goes, every queue call its supervisors
 * see is recorded; at the end exactly the run's own objects are removed:
 *
 *   - System V queues that did not exist when the run started and that
 *     the run used (by id) or created (msgget with IPC_CREAT, by key:
 *     keys are the run's own, labs/runname.h);
 *   - POSIX queues the run opened with O_CREAT whose names contain the
 *     run's id (MQLAB_RUN_ID, labs/runname.h) or "-PID" where PID is the
 *     process that opened it (per-process names, as in lab 04).  Other
 *     names are never touched, not even "/mqlab-*" ones, which may be
 *     another run's: they are reported;
 *   - files and directories /tmp/mqlab-*-RUNID (lab 02's run directory).
 *
 * mqlab killed with SIGKILL does not stop this: in the fallback its init
 * gets SIGTERM then (labs/sandbox.c) and still stops the roles and
 * sweeps.  Only a SIGKILL of the init itself leaves things behind.
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
	bool *ours;   /* names[i] is certainly the run's to remove */
	size_t nnames;
};

/* Start recording (enabled only in fallback mode). */
void tidy_init(struct tidy *t, bool enabled, const char *run_id);
/* Record what ev shows the run using or creating. */
void tidy_event(struct tidy *t, const struct fault_event *ev);
/* Remove the run's objects.  Returns how many were removed (queues and
 * /tmp entries); left (when not NULL) lists names left alone, one per
 * line. */
int tidy_sweep(struct tidy *t, char *left, size_t size);
void tidy_free(struct tidy *t);

#endif
