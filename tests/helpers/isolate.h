/*
 * isolate.h - give a test its own IPC namespace and /tmp.
 *
 * Every test runs in a private IPC namespace so that fixed queue names
 * never collide between tests running in parallel, and a crash leaks
 * nothing onto the host: the namespace and its queues die with the test.
 * Code under test gets a PID namespace too (isolate_pid()), so it cannot
 * harm or outlive anything beyond itself.
 *
 * See also: tests/run-all (checks the host is untouched afterwards)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_ISOLATE_H
#define MQLAB_TEST_ISOLATE_H

#include <sys/types.h>

/* Unshare the IPC and mount namespaces (after a user namespace when not
 * root) and mount a private tmpfs on /tmp.  Returns 0, or -1 with errno
 * set. */
int isolate_ipc(void);

/* A Criterion .init: isolate_ipc() or abort the test with the reason. */
void isolate_or_fail(void);

/*
 * Move the caller's future children into a new PID namespace and start
 * its init (pid 1 there), so that they cannot signal anything outside it
 * (kill(-1, SIGKILL) included) nor outlive it (setsid() and a double
 * fork included): killing the init, or the caller's death (the init dies
 * with it, PR_SET_PDEATHSIG), kills every process in the namespace.  The
 * init reaps orphans and never exits on its own.  /proc stays the
 * caller's, so pids in it are host pids.  Call it in a process of its
 * own (check_run()'s child): after it, that process cannot create
 * threads or another PID namespace, and the children it forks see
 * getppid() == 0.  Returns the init's pid, or -1 with errno set (no
 * namespace, or the init could not be forked).
 */
pid_t isolate_pid(void);

#endif
