/*
 * check.c - run student code in a child and judge it by how it ended.
 *
 * The child runs fn, then writes a header (a magic word and the length)
 * and the data of its check_out through a pipe, and _exits(0).  The
 * parent waits on three things at once: the pipe, the child's pidfd (it
 * becomes readable when the child exits) and, with a supervisor, the
 * supervisor's descriptor, whose notifications it must answer or the
 * child would hang in its first watched call.  The verdict needs both:
 * the complete report AND an exit status of 0.  Anything else (exit(0)
 * inside fn, a signal, a deadline) is a failure described in words.
 *
 * The child gets its own process group, and the whole group is killed
 * afterwards, so student code that forks leaves nothing running.
 *
 * See also: tests/labs/check.h, tests/labs/runner.c, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/labs/check.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/timeout.h"
#include "tests/helpers/isolate.h"

#define CHECK_MAGIC 0x6d716c62u /* "mqlb" */

struct check_header {
	uint32_t magic;
	uint32_t len;
};

int check_scaled_ms(int ms)
{
	return (int)timeout_scale_ms(ms, INT_MAX);
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Where fn runs: report only if it really returned. */
static void __attribute__((noreturn))
check_report(int fd, void (*fn)(void *, struct check_out *), void *arg)
{
	static struct check_out out;
	struct check_header h = {CHECK_MAGIC, 0};

	fn(arg, &out);
	if (out.len > sizeof(out.data))
		out.len = sizeof(out.data);
	h.len = out.len;
	if (write_all(fd, &h, sizeof(h)) < 0 ||
	    write_all(fd, out.data, out.len) < 0)
		_exit(125);
	_exit(0);
}

/* End the way status says the code under test ended, for the parent. */
static void __attribute__((noreturn)) check_mirror(int status)
{
	struct rlimit none = {0, 0};
	sigset_t set;
	int sig;

	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &none); /* it dumped already, if it could */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

/*
 * The child's side.  fn runs one level down, in a PID namespace of its
 * own (tests/helpers/isolate.h), so it can neither signal the test or
 * the host (kill(-1, SIGKILL)) nor leave a daemon behind (setsid() and a
 * double fork): killing the namespace's init kills all of it.  We wait
 * for fn's process, kill the namespace, and end as fn's process did.
 * Without a PID namespace (not allowed here) fn runs in this process.
 */
static void __attribute__((noreturn))
check_child(int fd, void (*fn)(void *, struct check_out *), void *arg)
{
	pid_t init, pid;
	int status;

	setpgid(0, 0);
	init = isolate_pid();
	if (init < 0)
		check_report(fd, fn, arg);
	pid = fork();
	if (pid < 0)
		_exit(124);
	if (pid == 0)
		check_report(fd, fn, arg);
	close(fd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(124);
	/* The init's exit waits for every process of the namespace to die,
	 * so once it is reaped no write end of the report pipe is left. */
	kill(init, SIGKILL);
	while (waitpid(init, NULL, 0) < 0 && errno == EINTR)
		;
	check_mirror(status);
}

/* Everything the parent collects while the child runs. */
struct check_wait {
	unsigned char buf[sizeof(struct check_header) + CHECK_DATA_MAX];
	size_t got;
	bool eof;
};

static void check_read(int fd, struct check_wait *w)
{
	ssize_t n;

	for (;;) {
		if (w->got == sizeof(w->buf)) {
			/* More than a report: student code wrote here. */
			char junk[512];

			n = read(fd, junk, sizeof(junk));
		} else {
			n = read(fd, w->buf + w->got, sizeof(w->buf) - w->got);
			if (n > 0)
				w->got += n;
		}
		if (n == 0)
			w->eof = true;
		if (n <= 0)
			return;
	}
}

/* Whether w holds exactly one complete report, and nothing came after
 * it (EOF: every write end is closed); copies it into out. */
static bool check_complete(const struct check_wait *w, struct check_out *out)
{
	struct check_header h;

	if (!w->eof || w->got < sizeof(h))
		return false;
	memcpy(&h, w->buf, sizeof(h));
	if (h.magic != CHECK_MAGIC || h.len > CHECK_DATA_MAX ||
	    w->got != sizeof(h) + h.len)
		return false;
	memcpy(out->data, w->buf + sizeof(h), h.len);
	out->len = h.len;
	return true;
}

static void check_judge(struct check_result *res, int status, bool complete,
			bool timed_out, int ms)
{
	const char *name;

	res->returned = false;
	res->timed_out = timed_out;
	res->signal = 0;
	res->exit_status = -1;
	if (timed_out) {
		snprintf(res->detail, sizeof(res->detail),
			 "timed out after %d ms", ms);
	} else if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
		name = sigabbrev_np(res->signal);
		snprintf(res->detail, sizeof(res->detail), "killed by SIG%s%s",
			 name != NULL ? name : "?",
			 complete ? " after returning" : "");
	} else if (WIFEXITED(status) && !complete) {
		res->exit_status = WEXITSTATUS(status);
		snprintf(res->detail, sizeof(res->detail),
			 "exited with status %d without returning",
			 res->exit_status);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		res->exit_status = WEXITSTATUS(status);
		snprintf(res->detail, sizeof(res->detail),
			 "returned, then exited with status %d",
			 res->exit_status);
	} else {
		res->returned = true;
		snprintf(res->detail, sizeof(res->detail), "returned");
	}
}

static pid_t check_fork(struct fault_sup *sup)
{
	pid_t parent = getpid();
	pid_t pid;

	if (sup != NULL)
		return fault_sup_fork(sup);
	pid = fork();
	if (pid == 0) {
		/* Die with the test process, even if it is SIGKILLed. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(126);
	}
	return pid;
}

/* Poll until the child exits or the deadline passes; *status set. */
static int check_wait_child(struct fault_sup *sup, pid_t pid, int rfd, int ms,
			    struct check_wait *w, int *status, bool *timed_out)
{
	int pidfd = syscall(SYS_pidfd_open, pid, 0);
	int64_t deadline = now_ms() + ms;
	struct pollfd pfd[3];
	int n, left;

	if (pidfd < 0)
		return -1;
	*timed_out = false;
	for (;;) {
		pfd[0] = (struct pollfd){.fd = pidfd, .events = POLLIN};
		pfd[1] = (struct pollfd){.fd = w->eof ? -1 : rfd,
					 .events = POLLIN};
		pfd[2] = (struct pollfd){.fd = sup != NULL ? fault_sup_fd(sup)
							   : -1,
					 .events = POLLIN};
		left = (int)(deadline - now_ms());
		if (left <= 0 && !*timed_out) {
			*timed_out = true;
			kill(pid, SIGKILL);
			left = -1; /* now only wait for it to die */
		} else if (*timed_out) {
			left = -1;
		}
		n = poll(pfd, 3, left);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (pfd[1].revents & (POLLIN | POLLHUP)))
			check_read(rfd, w);
		if (n > 0 && (pfd[2].revents & POLLIN))
			fault_sup_dispatch(sup);
		if (n > 0 && (pfd[0].revents & POLLIN))
			break;
	}
	close(pidfd);
	/* Whatever the student's code forked dies with its group; the
	 * child is a zombie until reaped, so its group id cannot be reused. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	check_read(rfd, w); /* what arrived just before the exit */
	return 0;
}

int check_run(struct fault_sup *sup,
	      void (*fn)(void *arg, struct check_out *out), void *arg, int ms,
	      struct check_result *res)
{
	struct check_wait *w;
	bool timed_out;
	int fds[2];
	int status = 0;
	pid_t pid;
	int saved;

	memset(res, 0, sizeof(*res));
	ms = check_scaled_ms(ms);
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		goto out_free;
	pid = check_fork(sup);
	if (pid < 0)
		goto out_close;
	if (pid == 0) {
		close(fds[0]);
		check_child(fds[1], fn, arg);
	}
	setpgid(pid, pid); /* as the child does: whoever comes first */
	close(fds[1]);
	fds[1] = -1;
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	if (check_wait_child(sup, pid, fds[0], ms, w, &status, &timed_out) <
	    0) {
		saved = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		errno = saved;
		goto out_close;
	}
	check_judge(res, status, check_complete(w, &res->out), timed_out, ms);
	close(fds[0]);
	free(w);
	return 0;

out_close:
	saved = errno;
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	errno = saved;
out_free:
	saved = errno;
	free(w);
	errno = saved;
	return -1;
}
