/*
 * timeline.h - one line per thing that happened during a lab run.
 *
 * Text for people, aligned on a clock in seconds since the run started:
 *
 *      0.012 producer[3] mq_timedsend(3</mqlab-01-orders>, "order 1", 7, 0, ...)
 *      0.013 producer[3] sent 1
 *      0.340 producer[3] BLOCKED in mq_timedsend
 *      0.401 producer[3] mq_timedsend(...) = -1 EAGAIN (injected by rule 1: ...)
 *
 * or JSON Lines for programs, one object per line with "t" (seconds),
 * "type" and the fields of that type (see docs/labs.md).  A queue call
 * is the fault engine's event, as fault_event_text() or
 * fault_event_json() writes it.
 *
 * See also: labs/run.h, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TIMELINE_H
#define MQLAB_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct fault_event;

struct timeline {
	FILE *out;
	bool json;
	uint64_t start_us; /* CLOCK_MONOTONIC at the start of the run */
};

/* CLOCK_MONOTONIC in microseconds. */
uint64_t timeline_now(void);

/* A role started (host_pid: its pid as the host's /proc knows it). */
void timeline_role(struct timeline *t, const char *role, pid_t pid,
		   pid_t host_pid);
/* A queue call the role's supervisor saw. */
void timeline_call(struct timeline *t, const char *role,
		   const struct fault_event *ev);
/* A report line: kind is sent, received, lost, error or note. */
void timeline_report(struct timeline *t, const char *role, pid_t pid,
		     const char *kind, const char *rest);
/* A line the role wrote on its stdout or stderr. */
void timeline_output(struct timeline *t, const char *role, pid_t pid,
		     const char *text);
/* The role fell asleep in call, or woke after us microseconds. */
void timeline_blocked(struct timeline *t, const char *role, pid_t pid,
		      const char *call);
void timeline_unblocked(struct timeline *t, const char *role, pid_t pid,
			const char *call, uint64_t us);
/* The role ended with wait status status. */
void timeline_exit(struct timeline *t, const char *role, pid_t pid, int status);
/* mqlab's own line: kind is a JSON "type" ("start", "stop", "warning"),
 * text the words. */
void timeline_say(struct timeline *t, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A wait status in words: "exited with status 0", "killed by SIGKILL". */
int timeline_status_words(int status, char *buf, size_t size);

#endif
