/*
 * lab.c - lab 04 declared: identity, graded checks, fault presets.
 *
 * Plain data, read by the grader, the CLI and the TUI; the roles live in
 * scenario.c and the checks in tests/labs/test_04_orphaned_queues.c, one
 * Criterion test per row of checks[] below.  Every check also has a live
 * worker whose queues must survive, so no check is passed by a sweeper
 * that removes nothing or everything.
 *
 * See also: labs/lab.h, labs/04-orphaned-queues/README.md
 * SPDX-License-Identifier: MIT
 */
#include "labs/lab.h"

static const struct lab_check checks[] = {
	{"removes_a_dead_workers_queues_of_both_kinds",
	 "removes a dead worker's queues, both kinds", 20,
	 "Two workers were killed: one mid-work, one before it made its "
	 "System V queue; a third lives. Afterwards the dead ones have no "
	 "queue left and the live one has both. Where does the kernel list "
	 "every POSIX queue, whatever the System V queues say?"},
	{"never_removes_a_live_owners_queues",
	 "never removes a live owner's queues", 20,
	 "Three workers are alive and at work: none of their six queues may "
	 "go, and kept must count them. What does only a live owner hold, "
	 "and how do you ask about it without waiting for it?"},
	{"never_removes_another_apps_queues",
	 "never removes another application's queues", 15,
	 "Other names look like ours: /mqlab-04-worker-eu-PID, "
	 "/mqlab-04-worker-PID.old, keys one span above key_base, a "
	 "private queue. A prefix is not a match: read the whole name, and "
	 "the whole key."},
	{"survives_queues_that_vanish_mid_sweep",
	 "survives queues that vanish mid-sweep", 15,
	 "The first mq_unlink() fails with ENOENT and the first "
	 "msgctl(IPC_RMID) with EIDRM: someone else was quicker. Is that a "
	 "reason to stop, with another orphan still waiting?"},
	{"is_not_fooled_by_a_reused_pid", "is not fooled by a reused PID", 15,
	 "These orphans' PID now belongs to a live process that never was "
	 "their owner. kill(PID, 0) and /proc/PID speak for whoever has the "
	 "number today."},
	{"removes_a_half_swept_orphan", "removes a half-swept orphan", 15,
	 "An earlier sweep died after removing a dead worker's POSIX queue: "
	 "only its System V queue is left. How do you find a System V queue "
	 "that no POSIX name leads to?"},
	{0},
};

static const struct lab_preset presets[] = {
	{"a worker dies mid-work", "workers", "mq_send:signal=SIGKILL:when=7"},
	{"a worker dies at start", "workers",
	 "msgget:error=ENOSPC:signal=SIGKILL:when=1"},
	{"a POSIX queue vanishes mid-sweep", "sweeper",
	 "mq_unlink:error=ENOENT:when=1"},
	{"a System V queue vanishes mid-sweep", "sweeper",
	 "msgctl:error=EIDRM:when=1:if=cmd==IPC_RMID"},
	{"the other app's worker dies", "other-app",
	 "mq_send:signal=SIGKILL:when=5"},
	{0},
};

const struct lab lab_04_orphaned_queues = {
	.number = 4,
	.slug = "orphaned-queues",
	.title = "Dead workers leave orphaned queues",
	.difficulty = "hard",
	.minutes = 60,
	.summary = "Sweep the queues of killed workers, and only those: not a "
		   "live owner's, not another app's",
	.checks = checks,
	.presets = presets,
};
