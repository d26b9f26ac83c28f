/*
 * engine.h - helpers for the fault engine's behaviour tests.
 *
 * The engine tests all follow one shape: prepare a queue, inject a plan
 * through a supervisor, run a child under it that records what its calls
 * returned in shared memory, then check the record and the events.  These
 * helpers are the repeated parts.  They assert (Criterion) and so may be
 * called only in the test process, never in a forked child.
 *
 * See also: tests/helpers/engine.c, tests/test_engine_*.c, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_ENGINE_H
#define MQLAB_TEST_ENGINE_H

#include <mqueue.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "faults/fault.h"

/* Events recorded by engine_record(), copied. */
struct engine_events {
	struct fault_event *ev;
	size_t n, cap;
};

/* A plan of the given specs (NULL-terminated) and a supervisor for it. */
struct fault_sup *engine_sup(struct fault_plan **plan, unsigned flags, ...);

/* Record every event of sup into evs (which must outlive sup). */
void engine_record(struct fault_sup *sup, struct engine_events *evs);
void engine_events_free(struct engine_events *evs);

/* How many recorded events are of syscall name (and phase ENTER). */
size_t engine_count(const struct engine_events *evs, const char *syscall);

/* Zeroed memory shared with forked children. */
void *engine_shared(size_t size);

/* fault_sup_wait() for pid; asserts it exited with status 0. */
void engine_wait_ok(struct fault_sup *sup, pid_t pid);

/* Create POSIX queue name (O_RDWR, maxmsg 10, msgsize 64) and return
 * it; extra_flags is ORed into the open flags (O_NONBLOCK). */
mqd_t engine_queue(const char *name, int extra_flags);

/* In the child: n sends of "m" with prio, results[i] = 0 or errno.
 * Each successful send is received again, so the queue never fills. */
void engine_sends(mqd_t q, int n, unsigned prio, int *results);

/* The path of helper program name (from $MQLAB_PROGS, or the build). */
const char *engine_prog(const char *name, char *buf, size_t size);

#endif
