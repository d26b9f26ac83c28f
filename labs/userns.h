/*
 * userns.h - become root of a new user namespace, without privilege.
 *
 * An ordinary user may create a user namespace and be root inside it:
 * that root can then unshare the IPC, PID and mount namespaces that the
 * sandbox of a lab run and the isolation of a test need, and holds
 * nothing on the host.  Only our own ids are mapped, so files we create
 * stay ours.
 *
 * See also: labs/sandbox.c, tests/helpers/isolate.c, user_namespaces(7)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_USERNS_H
#define MQLAB_USERNS_H

/*
 * unshare(CLONE_NEWUSER), then map root inside to our effective uid and
 * gid outside (the only mapping an unprivileged process may write, after
 * denying setgroups(2)).  The caller must be single-threaded.  Returns 0,
 * or -1 with errno set (EPERM or ENOSPC when user namespaces are
 * disabled or exhausted, EINVAL with threads running).
 */
int userns_enter(void);

#endif
