/*
 * isolate.c - give a test its own IPC namespace.
 *
 * As root, unshare() is enough.  An ordinary user first creates a user
 * namespace mapping their own uid to root, which grants CAP_SYS_ADMIN over
 * the new namespaces and nothing on the host.  A private mount namespace
 * with its own tmpfs on /tmp comes too: files a test makes there vanish
 * with the test, even when it crashes and its .fini never runs.
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
#include <sys/mount.h>
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
	if (unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0)
		return -1;
	/* Keep our mounts from propagating back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	return mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777");
}

void isolate_or_fail(void)
{
	if (isolate_ipc() < 0)
		cr_assert_fail("cannot make a private IPC namespace: %s",
			       strerror(errno));
}
