/*
 * sandbox.c - a private IPC and PID namespace for one lab run.
 *
 * The mount namespace that comes with them gives the run its own /proc
 * and its own /tmp (a fresh tmpfs), both mounted by the init.
 *
 * unshare(CLONE_NEWPID) moves only the children of the caller into the
 * new PID namespace, so the first fork afterwards is its pid 1.  That
 * init asks for SIGKILL when its parent dies, then checks through a pipe
 * that the parent did not die before the request: the read end sees EOF
 * once the last write end, held by the parent only, is closed.  In the
 * fallback the same request asks for SIGTERM instead, which the run
 * catches: it stops its roles and tidies (labs/tidy.h) even when mqlab
 * was killed with SIGKILL.
 *
 * See also: labs/sandbox.h, tests/helpers/isolate.c (the same for a test)
 * SPDX-License-Identifier: MIT
 */
#include "labs/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/quote.h"
#include "labs/privtmp.h"
#include "labs/userns.h"

static void sandbox_fallback(struct sandbox *sb, const char *why)
{
	sb->mode = SANDBOX_FALLBACK;
	snprintf(sb->reason, sizeof(sb->reason), "%s", why);
	snprintf(sb->run_id, sizeof(sb->run_id), "%ld", (long)getpid());
	setenv("MQLAB_RUN_ID", sb->run_id, 1);
}

int sandbox_forced(char *why, size_t size)
{
	const char *force = getenv("MQLAB_NO_NAMESPACES");
	char shown[4 * QUOTE_VALUE_MAX + 8];

	if (force == NULL || strcmp(force, "") == 0 || strcmp(force, "0") == 0)
		return 0;
	if (strcmp(force, "1") == 0)
		return 1;
	snprintf(why, size,
		 "MQLAB_NO_NAMESPACES='%s' is neither 0 nor 1; set 1 to run "
		 "without private namespaces, or unset it",
		 quote_value(shown, sizeof(shown), force));
	errno = EINVAL;
	return -1;
}

static void sandbox_namespaces(struct sandbox *sb)
{
	char why[160];

	memset(sb, 0, sizeof(*sb));
	sb->mode = SANDBOX_NAMESPACES;
	unsetenv("MQLAB_RUN_ID");
	if (sandbox_forced(why, sizeof(why)) == 1) {
		sandbox_fallback(sb, "MQLAB_NO_NAMESPACES is set");
		return;
	}
	if (geteuid() != 0 && userns_enter() < 0) {
		snprintf(why, sizeof(why), "no user namespace: %s",
			 strerror(errno));
		sandbox_fallback(sb, why);
		return;
	}
	if (unshare(CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNS) == 0) {
		sb->own_proc = true;
		return;
	}
	if (unshare(CLONE_NEWIPC | CLONE_NEWPID) < 0) {
		snprintf(why, sizeof(why), "unshare: %s", strerror(errno));
		sandbox_fallback(sb, why);
	}
}

/*
 * In the init: a /proc of the new PID namespace and a fresh tmpfs on
 * /tmp, seen only by the run.  Files a role makes in /tmp vanish with
 * the run's last process, however it ends (kill -9 included), as queues
 * do with the IPC namespace.  A project built under /tmp stays visible
 * (labs/privtmp.h).  If the mount is refused the run uses the host's
 * /tmp, as in fallback.
 */
static void sandbox_mounts(struct sandbox *sb)
{
	if (!sb->own_proc)
		return;
	/* Keep our mounts from propagating back to the host. */
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0) {
		sb->own_proc = false;
		return;
	}
	if (privtmp_mount() < 0) {
		/* The run goes on with the host's /tmp, as in fallback. */
	}
}

int sandbox_enter(struct sandbox *sb)
{
	struct pollfd pfd;
	int alive[2];
	pid_t pid;

	sandbox_namespaces(sb);
	if (pipe2(alive, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(alive[0]);
		close(alive[1]);
		return -1;
	}
	if (pid == 0) {
		close(alive[1]);
		/* In namespaces, SIGKILL: the kernel then removes the rest.
		 * In the fallback nothing would, so the init is told with a
		 * signal it catches (labs/run.c) and cleans up itself. */
		prctl(PR_SET_PDEATHSIG,
		      sb->mode == SANDBOX_FALLBACK ? SIGTERM : SIGKILL);
		pfd = (struct pollfd){.fd = alive[0], .events = POLLIN};
		if (poll(&pfd, 1, 0) != 0)
			_exit(1); /* the parent died before we asked */
		close(alive[0]);
		setsid();
		sb->host_proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		sandbox_mounts(sb);
		return 1;
	}
	/* The write end stays open, unused, for the init to watch. */
	close(alive[0]);
	sb->init = pid;
	return 0;
}

static volatile sig_atomic_t sandbox_child;

static void sandbox_forward(int sig)
{
	if (sandbox_child > 0)
		kill(sandbox_child, sig);
}

int sandbox_wait(struct sandbox *sb)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa = {.sa_handler = sandbox_forward}, old[3];
	int status = -1, saved;
	size_t i;

	sandbox_child = sb->init;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	while (waitpid(sb->init, &status, 0) < 0) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}
	saved = errno;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	sandbox_child = 0;
	errno = saved;
	return status;
}
