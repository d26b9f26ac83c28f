/*
 * jail_int.h - the parts of a jail, shared by the files that make it.
 *
 * Not a public interface.  See also: labs/jail.h, labs/jail.c (ids,
 * namespaces, init), labs/jail_fs.c (the root), labs/jail_filter.c
 * (limits and seccomp filter), labs/jail_cgroup.c (the memory bound)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_JAIL_INT_H
#define MQLAB_JAIL_INT_H

#include "labs/jail.h"

/* Inodes of the jail's scratch tmpfs (its /tmp and /dev/shm together):
 * cc and a check runner use a few dozen; a script making empty files
 * stops here instead of at the host's memory. */
#define JAIL_TMP_INODES 4096

/* In a private mount namespace, as root of the host: build the jail's
 * root over /tmp.  Returns 0, or -1 with errno (ENOENT, EACCES: a bind
 * source; EROFS, ENOTDIR: a target that cannot be made). */
int jail_fs_build(const struct jail *j);

/* In the jail's init, pid 1 of its PID namespace: mount its /proc,
 * pivot into the root built by jail_fs_build(), drop the host's, and
 * change to cwd (NULL: /tmp).  Returns 0, or -1 with errno. */
int jail_fs_enter(const char *cwd);

/* As root, before the jail drops it: move the calling process into
 * slot's memory cgroup (made if missing) limited to bytes.  Returns 0
 * also when there is no usable memory controller (then no cgroup), or
 * -1 with errno when the limit could not be set. */
int jail_cgroup_join(unsigned slot, unsigned long long bytes);

/* Set the limits, each soft and hard (RLIM_INFINITY leaves one as it
 * is), and RLIMIT_CORE to 0.  Returns 0, or -1 with errno. */
int jail_filter_limits(const struct jail_limits *l);

/* Set no_new_privs and load the jail's seccomp filter into the calling
 * thread.  Returns 0, or -1 with errno. */
int jail_filter_load(void);

#endif
