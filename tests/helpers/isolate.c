/*
 * isolate.c - give a test its own IPC namespace.
 *
 * As root, unshare(CLONE_NEWIPC) is enough.  An ordinary user first
 * creates a user namespace mapping their own uid to root, which grants
 * CAP_SYS_ADMIN over the new IPC namespace and nothing on the host.
 *
 * See also: tests/helpers/isolate.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int enter_user_namespace(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (unshare(CLONE_NEWUSER) < 0)
		return -1;
	if (write_file("/proc/self/setgroups", "deny") < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return write_file("/proc/self/gid_map", map);
}

int isolate_ipc(void)
{
	if (geteuid() != 0 && enter_user_namespace() < 0)
		return -1;
	return unshare(CLONE_NEWIPC);
}

void isolate_or_fail(void)
{
	if (isolate_ipc() < 0)
		cr_assert_fail("cannot make a private IPC namespace: %s",
			       strerror(errno));
}
