/*
 * filter.h - compile a plan into one seccomp BPF program.
 *
 * Each syscall of the table gets a route: nothing (no rule on it), the
 * kernel (only static error rules: SCMP_ACT_ERRNO, first match wins), or
 * the supervisor (SCMP_ACT_NOTIFY, either always or behind a pre-filter
 * that over-approximates the rules' predicates).  The program is built
 * once, in the supervisor, and loaded by each child with seccomp(2): the
 * child runs no allocator between fork() and the load.
 *
 * See also: faults/filter.c, faults/dnf.h, docs/engine.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_FILTER_H
#define MQLAB_FILTER_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fault_plan;

/* Bit i of each mask is sysent_table[i]. */
struct filter {
	uint32_t kernel;	/* SCMP_ACT_ERRNO rules, never notified */
	uint32_t notify_if;	/* notified when the pre-filter matches */
	uint32_t notify_all;	/* every call notified */
	struct sock_fprog prog; /* .filter NULL: no filter at all */
};

/*
 * Compile rules 0..nrules-1 of plan, those with armed[i] set, into *f.
 * watch_all routes every syscall of the table to the supervisor.
 * Returns 0 or -1 with errno set (ENOMEM, or what libseccomp returned).
 */
int filter_build(struct filter *f, struct fault_plan *plan, size_t nrules,
		 const bool *armed, bool watch_all);

/* Whether rule (its syscall mask) has a part compiled into the kernel. */
bool filter_in_kernel(const struct filter *f, uint32_t calls);

void filter_free(struct filter *f);

#endif
