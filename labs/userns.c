/*
 * userns.c - become root of a new user namespace, without privilege.
 *
 * The kernel lets an unprivileged process write one line to its own
 * uid_map and gid_map, mapping to its effective ids (new_idmap_permitted()
 * in kernel/user_namespace.c), and gid_map only after setgroups is
 * denied, so that dropping a group can never grant access.  The real
 * ids would be refused whenever they differ from the effective ones.
 *
 * See also: labs/userns.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/userns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labs/textfile.h"

int userns_enter(void)
{
	/* Read before unshare(): inside, they read as the overflow id. */
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWUSER) < 0)
		return -1;
	if (textfile_write("/proc/self/setgroups", "deny") < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (textfile_write("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return textfile_write("/proc/self/gid_map", map);
}
