/*
 * test_isolate.c - code under test cannot harm or outlive the test.
 *
 * isolate_pid() is what check_run() runs student code under.  The first
 * tests fork a stand-in for check_run()'s child, the last ones call
 * check_run() itself.  Either takes the namespace and forks the
 * "student", who then does the worst thing it can: signal
 * every process it may (kill(-1, SIGKILL)), or leave a daemon behind
 * (setsid() and a double fork).  Daemons report their pid as the test
 * sees it: readlink("/proc/self"), since /proc stays the test's.
 *
 * See also: tests/helpers/isolate.h, tests/labs/check.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

TestSuite(isolate, .init = isolate_or_fail, .timeout = 20);

/* A process that waits for SIGKILL, dying with the test at the latest. */
static pid_t start_sleeper(void)
{
	pid_t pid = fork();

	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

/* In a daemon: write our pid as /proc (the test's) names it to fd. */
static void report_host_pid(int fd)
{
	char self[32];
	ssize_t n = readlink("/proc/self", self, sizeof(self) - 1);

	if (n <= 0 || write(fd, self, n) != n)
		_exit(1);
	close(fd);
}

/* The daemon a student might leave: a session of its own, twice
 * forked, reporting its pid to fd, then waiting forever.  The student
 * exits once the daemon has reported. */
static void __attribute__((noreturn)) leave_a_daemon(int fd)
{
	int ready[2];
	char c;
	pid_t pid;

	if (setsid() < 0 || pipe(ready) < 0)
		_exit(1);
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0) {
		close(ready[1]);
		_exit(read(ready[0], &c, 1) == 1 ? 0 : 1);
	}
	close(ready[0]);
	report_host_pid(fd);
	if (write(ready[1], "y", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static pid_t read_pid(int fd)
{
	char buf[32] = "";
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	cr_assert_gt(n, 0, "the daemon did not report its pid");
	return (pid_t)atoi(buf);
}

static int wait_status(pid_t pid)
{
	int status;

	cr_assert_eq(waitpid(pid, &status, 0), pid, "waitpid: %s",
		     strerror(errno));
	return status;
}

/* Wait (up to the suite's timeout) until pid has exited. */
static void wait_gone(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd pfd = {.fd = fd, .events = POLLIN};

	if (fd < 0) {
		cr_assert_eq(errno, ESRCH, "pidfd_open: %s", strerror(errno));
		return;
	}
	cr_assert_eq(poll(&pfd, 1, -1), 1);
	close(fd);
}

Test(isolate, kill_minus_one_reaches_nothing_outside)
{
	pid_t sibling = start_sleeper();
	pid_t check, student;
	int status;

	check = fork();
	cr_assert(check >= 0);
	if (check == 0) {
		if (isolate_pid() < 0)
			_exit(2);
		student = fork();
		if (student == 0) {
			/* pid 1 is the init: we are inside, or we stop. */
			if (getpid() != 2)
				_exit(3);
			kill(-1, SIGKILL);
			_exit(7);
		}
		status = student > 0 ? wait_status(student) : 0;
		_exit(WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : 4);
	}
	status = wait_status(check);
	cr_assert(WIFEXITED(status), "the check's process was killed (%#x)",
		  status);
	cr_assert_eq(WEXITSTATUS(status), 0,
		     "2: no namespace, 3: not inside it, 4: the student "
		     "did not survive its own kill");
	cr_assert_eq(waitpid(sibling, &status, WNOHANG), 0,
		     "the process started before the check was killed");
	kill(sibling, SIGKILL);
	wait_status(sibling);
}

Test(isolate, a_daemon_dies_when_the_init_is_killed)
{
	int fds[2];
	pid_t check, daemon, init, student;

	cr_assert_eq(pipe(fds), 0);
	check = fork();
	cr_assert(check >= 0);
	if (check == 0) {
		close(fds[0]);
		init = isolate_pid();
		if (init < 0)
			_exit(2);
		student = fork();
		if (student == 0)
			leave_a_daemon(fds[1]);
		close(fds[1]);
		if (student < 0 || waitpid(student, NULL, 0) != student)
			_exit(3);
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		_exit(0);
	}
	close(fds[1]);
	daemon = read_pid(fds[0]);
	close(fds[0]);
	cr_assert_eq(wait_status(check), 0);
	/* The init's exit waits for the namespace to empty. */
	cr_assert_eq(kill(daemon, 0), -1, "daemon %d survived", (int)daemon);
	cr_assert_eq(errno, ESRCH);
}

Test(isolate, a_daemon_dies_with_the_process_that_made_the_namespace)
{
	int fds[2];
	pid_t check, daemon, student;

	cr_assert_eq(pipe(fds), 0);
	check = fork();
	cr_assert(check >= 0);
	if (check == 0) {
		close(fds[0]);
		if (isolate_pid() < 0)
			_exit(2);
		student = fork();
		if (student == 0)
			leave_a_daemon(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	daemon = read_pid(fds[0]);
	close(fds[0]);
	cr_assert_eq(kill(daemon, 0), 0, "the daemon did not start");
	kill(check, SIGKILL);
	wait_status(check);
	wait_gone(daemon);
}

/* The worst a student can do, if it is inside: hands back its pid. */
static void kills_everything(void *arg, struct check_out *out)
{
	pid_t me = getpid();

	(void)arg;
	memcpy(out->data, &me, sizeof(me));
	out->len = sizeof(me);
	/* pid 1 is the init: outside a namespace we would kill the host. */
	if (me == 2)
		kill(-1, SIGKILL);
}

Test(isolate, check_run_keeps_kill_minus_one_inside)
{
	pid_t sibling = start_sleeper();
	struct check_result res;
	pid_t pid;
	int status;

	cr_assert_eq(check_run(NULL, kills_everything, NULL, 5000, &res), 0,
		     "check_run: %s", strerror(errno));
	check_assert_returned(&res);
	memcpy(&pid, res.out.data, sizeof(pid));
	cr_assert_eq(pid, 2, "the code under test was not in a namespace");
	cr_assert_eq(waitpid(sibling, &status, WNOHANG), 0,
		     "the process started before the check was killed");
	kill(sibling, SIGKILL);
	wait_status(sibling);
}

/* Leaves a daemon that reports its pid through the pipe in arg. */
static void leaves_a_daemon(void *arg, struct check_out *out)
{
	int fd = *(int *)arg;
	pid_t pid = fork();

	(void)out;
	if (pid == 0)
		leave_a_daemon(fd);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

Test(isolate, check_run_leaves_no_daemon)
{
	struct check_result res;
	int fds[2];
	pid_t daemon;

	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(check_run(NULL, leaves_a_daemon, &fds[1], 5000, &res), 0);
	check_assert_returned(&res);
	close(fds[1]);
	daemon = read_pid(fds[0]);
	close(fds[0]);
	cr_assert_eq(kill(daemon, 0), -1, "daemon %d survived", (int)daemon);
	cr_assert_eq(errno, ESRCH);
}
