/*
 * sandbox.h - a private IPC and PID namespace for one lab run.
 *
 * mqlab forks an "init": pid 1 of a fresh PID namespace, in a fresh IPC
 * namespace, that runs the whole lab below it.  Every queue the lab makes
 * lives in that IPC namespace and vanishes with its last process; every
 * process lives in that PID namespace and is killed by the kernel when
 * the init dies; and the init dies with mqlab (PR_SET_PDEATHSIG), even
 * when mqlab is killed with SIGKILL.  So nothing a run makes can survive
 * it.  As an ordinary user, a user namespace mapping the user's own ids
 * comes first and grants the rights for the other two.  A private mount
 * namespace with its own /proc comes with them, so that /proc/PID means
 * the run's PID PID, for the fault engine and for labs/watch.c alike,
 * and with its own tmpfs on /tmp (labs/privtmp.h), so files a role makes
 * there vanish with the run.
 *
 * Where namespaces are refused (a distribution that restricts user
 * namespaces, a container), the init is an ordinary child, the run is
 * given a unique id in MQLAB_RUN_ID (labs/runname.h makes names of it),
 * and the caller must clean up what the run created itself (labs/tidy.h);
 * mode and reason say so.  The init then gets SIGTERM, not SIGKILL, when
 * mqlab dies, so that it can still stop the run and clean up.
 * MQLAB_NO_NAMESPACES=1 forces that fallback, for tests; 0 or empty
 * does not, and any other value is refused by mqlab before it starts
 * (sandbox_forced()).
 *
 * See also: labs/run.h, labs/tidy.h, tests/helpers/isolate.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SANDBOX_H
#define MQLAB_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum sandbox_mode {
	SANDBOX_NAMESPACES, /* private IPC and PID namespaces */
	SANDBOX_FALLBACK,   /* the host's: unique names and a cleanup */
};

struct sandbox {
	enum sandbox_mode mode;
	char reason[160]; /* SANDBOX_FALLBACK: why, in words */
	char run_id[32];  /* SANDBOX_FALLBACK: also in MQLAB_RUN_ID */
	pid_t init;	  /* in the parent: the init's pid */
	bool own_proc;	  /* /proc is the run's own (namespaces only) */
	int host_proc;	  /* in the init: the host's /proc, for host pids */
};

/*
 * Enter the sandbox and fork its init.  Returns 1 in the init (pid 1 of
 * the new PID namespace, or a plain child in fallback mode; it has its
 * own session, so a terminal's ^C reaches only the parent), 0 in the
 * parent (sb->init set), -1 with errno when fork failed.  Call it with
 * a single thread.
 */
int sandbox_enter(struct sandbox *sb);

/*
 * What MQLAB_NO_NAMESPACES asks for: 1 for "1" (the fallback), 0 when it
 * is unset, empty or "0", or -1 with errno EINVAL and a one-line "what is
 * wrong; what to do" in why for any other value (sandbox_enter() then
 * keeps the namespaces: the safe side).
 */
int sandbox_forced(char *why, size_t size);

/*
 * In the parent: wait for the init, passing SIGINT, SIGTERM and SIGHUP
 * on to it meanwhile.  Returns its wait status, or -1 with errno.
 */
int sandbox_wait(struct sandbox *sb);

#endif
