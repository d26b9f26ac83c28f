/*
 * sandbox.c - a private IPC and PID namespace for one lab run.
 *
 * unshare(CLONE_NEWPID) moves only the children of the caller into the
 * new PID namespace, so the first fork afterwards is its pid 1.  That
 * init asks for SIGKILL when its parent dies, then checks through a pipe
 * that the parent did not die before the request: the read end sees EOF
 * once the last write end, held by the parent only, is closed.
 *
 * See also: labs/sandbox.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/sandbox.h"

#include <errno.h>
#include <fcntl.h>
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

static int sandbox_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int saved;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Become root of a new user namespace, mapped to our own ids. */
static int sandbox_user(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWUSER) < 0)
		return -1;
	if (sandbox_write("/proc/self/setgroups", "deny") < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (sandbox_write("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return sandbox_write("/proc/self/gid_map", map);
}

static void sandbox_fallback(struct sandbox *sb, const char *why)
{
	sb->mode = SANDBOX_FALLBACK;
	snprintf(sb->reason, sizeof(sb->reason), "%s", why);
	snprintf(sb->run_id, sizeof(sb->run_id), "%ld", (long)getpid());
	setenv("MQLAB_RUN_ID", sb->run_id, 1);
}

static void sandbox_namespaces(struct sandbox *sb)
{
	const char *force = getenv("MQLAB_NO_NAMESPACES");
	char why[160];

	memset(sb, 0, sizeof(*sb));
	sb->mode = SANDBOX_NAMESPACES;
	unsetenv("MQLAB_RUN_ID");
	if (force != NULL && *force != '\0' && strcmp(force, "0") != 0) {
		sandbox_fallback(sb, "MQLAB_NO_NAMESPACES is set");
		return;
	}
	if (geteuid() != 0 && sandbox_user() < 0) {
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

/* In the init: a /proc of the new PID namespace, seen only by the run. */
static void sandbox_proc(struct sandbox *sb)
{
	if (!sb->own_proc)
		return;
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		sb->own_proc = false;
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
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pfd = (struct pollfd){.fd = alive[0], .events = POLLIN};
		if (poll(&pfd, 1, 0) != 0)
			_exit(1); /* the parent died before we asked */
		close(alive[0]);
		setsid();
		sb->host_proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		sandbox_proc(sb);
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
