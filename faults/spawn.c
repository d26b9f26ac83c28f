/*
 * spawn.c - start children under the plan's filter.
 *
 * The filter is compiled once, here in the supervisor, into raw BPF.  The
 * child only has to load it: after fork() it asks to die with its parent
 * (PR_SET_PDEATHSIG, then checks the parent did not die first), sets
 * no_new_privs and calls seccomp(2), which hands back the listener of the
 * new filter.  It sends that descriptor to the parent over a socketpair
 * (SCM_RIGHTS), or the errno that stopped it, and the parent watches the
 * listener from then on.  Nothing between fork() and the load allocates,
 * so a multithreaded caller is safe.
 *
 * A child that is never told about its filter would wait forever on its
 * first notified call, so every failure path kills and reaps the child
 * before returning: no child is left behind.
 *
 * See also: faults/fault.h, faults/filter.c, faults/sup.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/rule.h"
#include "faults/sup.h"

static bool listens(const struct fault_sup *sup)
{
	return sup->filter.notify_if | sup->filter.notify_all;
}

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* What the child tells the parent, with its listener attached. */
struct load_result {
	int err;      /* 0: the filter is loaded */
	int killable; /* with WAIT_KILLABLE_RECV (an int: no padding) */
};

/* Child side: the result and the listener, if any. */
static void send_result(int sock, struct load_result res, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {&res, sizeof(res)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *cm;

	if (fd >= 0) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	while (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* Parent side: returns the child's errno (0: loaded), *res, and *fd its
 * listener or -1; or -1 with errno when the child died before saying. */
static int receive_result(int sock, struct load_result *res, int *fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {res, sizeof(*res)};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm;
	ssize_t n;

	*fd = -1;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 &&
	       errno == EINTR)
		;
	if (n < 0)
		return -1;
	if (n != sizeof(*res)) {
		errno = ECHILD; /* it died before it could tell us */
		return -1;
	}
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(cm), sizeof(int));
	/* At our descriptor limit the kernel drops the listener and says so
	 * only with MSG_CTRUNC: the caller checks *fd against what it
	 * expected. */
	if ((msg.msg_flags & MSG_CTRUNC) && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	return res->err;
}

/*
 * Load the filter; returns the listener (or 0), or -1 with errno.
 *
 * SPEC_ALLOW: a seccomp filter normally turns on the Speculative Store
 * Bypass mitigation for the task, which slows every instruction stream
 * of it; ours is a test tool, not a sandbox, so the child is left as fast
 * as it was.  A killable wait lets signal= rules signal before answering
 * (see sup_respond()): asked for first, done without before Linux 5.19.
 */
static int load(const struct fault_sup *sup, int *killable)
{
	unsigned long flags = SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	int fd;

	if (!listens(sup))
		return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags,
				    &sup->filter.prog);
	flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  flags | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
			  &sup->filter.prog);
	*killable = fd >= 0;
	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags,
				  &sup->filter.prog);
	return fd;
}

/* In the child, right after fork(): only async-signal-safe calls. */
static int child_start(struct fault_sup *sup, int sock, pid_t parent)
{
	struct load_result res = {0, 0};
	struct sup_watch *w;
	int fd = -1;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	/* The supervisor's descriptors are not the child's business. */
	for (w = sup->listeners; w; w = w->next)
		close(w->fd);
	close(sup->timer.fd);
	close(sup->epfd);
	if (sock < 0)
		return 0;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		res.err = errno;
	if (!res.err && (fd = load(sup, &res.killable)) < 0)
		res.err = errno;
	send_result(sock, res, listens(sup) ? fd : -1);
	if (res.err)
		_exit(127);
	if (listens(sup))
		close(fd);
	close(sock);
	return 0;
}

/* A failure path: the child may have loaded its filter and be running
 * on, so it is killed before it is waited for. */
static void reap(pid_t pid)
{
	int saved = errno;

	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	errno = saved;
}

pid_t fault_sup_fork(struct fault_sup *sup)
{
	struct load_result res = {0, 0};
	int sv[2] = {-1, -1}, fd, err;
	pid_t parent = getpid(), pid;

	if (sup_build(sup) < 0)
		return -1;
	if (sup->filter.prog.filter &&
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		goto out_close;
	if (pid == 0) {
		if (sv[0] >= 0)
			close(sv[0]);
		return child_start(sup, sv[1], parent);
	}
	if (sv[0] < 0)
		return pid;
	close(sv[1]);
	sv[1] = -1;
	err = receive_result(sv[0], &res, &fd);
	if (err != 0) {
		if (err > 0)
			errno = err;
		goto out_reap;
	}
	/* A listener lost on the way: every notified call would fail with
	 * ENOSYS, silently. */
	if (listens(sup) && fd < 0) {
		errno = EMFILE;
		goto out_reap;
	}
	if (fd >= 0 && sup_add_listener(sup, fd, res.killable) < 0) {
		err = errno;
		close(fd);
		errno = err;
		goto out_reap;
	}
	close(sv[0]);
	return pid;
out_reap:
	reap(pid);
out_close:
	err = errno;
	close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	errno = err;
	return -1;
}

pid_t fault_sup_spawn(struct fault_sup *sup, char *const argv[])
{
	int pipefd[2], err = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	pid = fault_sup_fork(sup);
	if (pid < 0)
		goto out_close;
	if (pid == 0) {
		close(pipefd[0]);
		execvp(argv[0], argv);
		err = errno;
		while (write(pipefd[1], &err, sizeof(err)) < 0 &&
		       errno == EINTR)
			;
		_exit(127);
	}
	close(pipefd[1]);
	/* EOF: exec succeeded and closed the pipe (O_CLOEXEC). */
	while ((n = read(pipefd[0], &err, sizeof(err))) < 0 && errno == EINTR)
		;
	close(pipefd[0]);
	if (n == sizeof(err)) {
		reap(pid);
		errno = err;
		return -1;
	}
	return pid;
out_close:
	err = errno;
	close(pipefd[0]);
	close(pipefd[1]);
	errno = err;
	return -1;
}
