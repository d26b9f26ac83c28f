/*
 * counter.h - per-process and per-thread invocation counters of rules.
 *
 * when= and prob= count a rule's matching calls globally, per process or
 * per thread (count=).  The global counter lives with the rule; the other
 * two live here, in one hash table keyed by (rule and syscall, pid or
 * tid).  Entries
 * are never removed: a reused tid continues the count of the thread that
 * had it, which the kernel does not do before the old one is reaped.
 *
 * See also: faults/counter.c, faults/sup_notify.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_COUNTER_H
#define MQLAB_COUNTER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct counter_slot {
	size_t key_plus1; /* 0: empty slot */
	pid_t id;
	uint64_t n;
};

struct counter_table {
	struct counter_slot *slot;
	size_t cap; /* a power of two, or 0 */
	size_t used;
};

/* The counter of (key, id), created at 0; key is the caller's (rule and
 * syscall).  NULL with ENOMEM. */
uint64_t *counter_get(struct counter_table *t, size_t key, pid_t id);

void counter_free(struct counter_table *t);

#endif
