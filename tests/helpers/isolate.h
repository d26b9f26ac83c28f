/*
 * isolate.h - give a test its own IPC namespace and /tmp.
 *
 * Every test runs in a private IPC namespace so that fixed queue names
 * never collide between tests running in parallel, and a crash leaks
 * nothing onto the host: the namespace and its queues die with the test.
 *
 * See also: tests/run-all (checks the host is untouched afterwards)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_ISOLATE_H
#define MQLAB_TEST_ISOLATE_H

/* Unshare the IPC and mount namespaces (after a user namespace when not
 * root) and mount a private tmpfs on /tmp.  Returns 0, or -1 with errno
 * set. */
int isolate_ipc(void);

/* A Criterion .init: isolate_ipc() or abort the test with the reason. */
void isolate_or_fail(void);

#endif
