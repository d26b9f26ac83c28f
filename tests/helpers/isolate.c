/*
 * isolate.c - give a test its own IPC namespace.
 *
 * As root, unshare() is enough.  An ordinary user first creates a user
 * namespace mapping their own uid to root, which grants CAP_SYS_ADMIN over
 * the new namespaces and nothing on the host.  A private mount namespace
 * with its own tmpfs on /tmp comes too: files a test makes there vanish
 * with the test, even when it crashes and its .fini never runs.
 *
 * The PID namespace is not the test process's but that of the code under
 * test (isolate_pid(), called in check_run()'s child).  The test process
 * cannot take one for all its children: unshare(CLONE_NEWPID) there would
 * forbid threads (pthread_create() fails with EINVAL) and a second PID
 * namespace (tests/helpers/tmux.c), and its children would see
 * getppid() == 0, which the "did my parent die before PR_SET_PDEATHSIG?"
 * check of fault_sup_fork() and others reads as "it did".
 *
 * See also: tests/helpers/isolate.h, labs/userns.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "labs/privtmp.h"
#include "labs/userns.h"

int isolate_ipc(void)
{
	if (geteuid() != 0 && userns_enter() < 0)
		return -1;
	if (unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0)
		return -1;
	/* Keep our mounts from propagating back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	return privtmp_mount();
}

void isolate_or_fail(void)
{
	if (isolate_ipc() < 0)
		cr_assert_fail("cannot make a private IPC namespace: %s",
			       strerror(errno));
}

/* pid 1 of the new namespace: reap orphans until killed. */
static void __attribute__((noreturn)) isolate_init(int parent)
{
	struct pollfd pfd = {.fd = parent, .events = POLLIN};

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent's pidfd is readable once it has exited: it died
	 * before our request, which then will never fire. */
	if (poll(&pfd, 1, 0) != 0)
		_exit(1);
	/* Hold nothing of the test's: a report pipe kept open here would
	 * hide its EOF. */
	close_range(3, ~0U, 0);
	/* Ignored, SIGCHLD makes the kernel reap our children at once: the
	 * orphans of the code under test never linger as zombies. */
	signal(SIGCHLD, SIG_IGN);
	for (;;)
		pause();
}

pid_t isolate_pid(void)
{
	int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
	int saved;
	pid_t pid;

	if (self < 0)
		return -1;
	if (unshare(CLONE_NEWPID) < 0)
		goto out_close;
	pid = fork();
	if (pid < 0)
		goto out_close;
	if (pid == 0)
		isolate_init(self);
	close(self);
	return pid;

out_close:
	saved = errno;
	close(self);
	errno = saved;
	return -1;
}
