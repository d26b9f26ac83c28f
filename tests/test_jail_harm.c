/*
 * test_jail_harm.c - hostile code stops at its limits, and harms nothing.
 *
 * The worst things a submission can do with resources and signals: a
 * fork bomb, kill(-1, SIGKILL), a 10 GB file, an infinite loop, a caller
 * killed halfway.  Each runs in a jail; the test then checks both that
 * it stopped where the jail says and that the test's own processes and
 * the slot's uid on the host came through.  The last tests prove the
 * other side: what grading needs (cc with Criterion and libseccomp, a
 * lab's check runner and the fault engine's filters) works in a jail.
 *
 * See also: tests/test_jail.h, tests/test_jail.c, labs/jail.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/test_jail.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"

TestSuite(jail_harm, .init = isolate_or_fail, .timeout = 90);

static int act_fork_bomb(struct seen *s)
{
	pid_t pid;

	for (s->val[0] = 0; s->val[0] < 10000; s->val[0]++) {
		pid = fork();
		if (pid < 0) {
			s->err[0] = errno;
			break;
		}
		if (pid == 0)
			for (;;)
				pause();
	}
	return 0;
}

Test(jail_harm, a_fork_bomb_stops_at_the_process_limit)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1101);
	j.limits.nproc = 16;
	cr_assert_eq(in_jail(&j, act_fork_bomb, s), 0);
	cr_expect_eq(s->err[0], EAGAIN, "fork: %s", strerror(s->err[0]));
	/* The init and the program count, as every process of the slot. */
	cr_expect(s->val[0] >= 8 && s->val[0] <= 14, "%ld forks", s->val[0]);
	cr_expect_eq(processes_gone(JAIL_ID_BASE + 1101), 0);
}

static int act_kill_all(struct seen *s)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		for (;;)
			pause();
	s->err[0] = kill(-1, SIGKILL) < 0 ? errno : 0;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status))
		s->val[0] = WTERMSIG(status);
	return 0;
}

Test(jail_harm, kill_minus_one_inside_kills_nothing_outside)
{
	struct seen *s = seen_map();
	uid_t id = JAIL_ID_BASE + 1102;
	struct jail j;
	pid_t sibling = fork();

	cr_assert(sibling >= 0);
	if (sibling == 0) {
		/* As the jail's own uid outside: only the PID namespace
		 * keeps the signal from it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (setresgid(id, id, id) < 0 || setresuid(id, id, id) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	jail_default(&j, 1102);
	cr_expect_eq(in_jail(&j, act_kill_all, s), 0);
	cr_expect_eq(s->err[0], 0, "kill(-1): %s", strerror(s->err[0]));
	cr_expect_eq(s->val[0], SIGKILL, "the child inside died of %ld",
		     s->val[0]);
	cr_expect_eq(waitpid(sibling, NULL, WNOHANG), 0, "the sibling died");
	cr_expect_eq(kill(sibling, SIGKILL), 0);
	cr_expect_eq(waitpid(sibling, NULL, 0), sibling);
}

/* Write up to 10 GiB to path; bytes written in val[0], errno in err[0]. */
static int fill(struct seen *s, int i, const char *path)
{
	static char chunk[1 << 16];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = 0;

	if (fd < 0) {
		s->err[i] = errno;
		return -1;
	}
	for (s->val[i] = 0; s->val[i] < (10L << 30); s->val[i] += n) {
		n = write(fd, chunk, sizeof(chunk));
		if (n <= 0) {
			s->err[i] = n < 0 ? errno : EIO;
			break;
		}
	}
	close(fd);
	return 0;
}

static int act_big_file(struct seen *s)
{
	signal(SIGXFSZ, SIG_IGN);
	fill(s, 0, "/tmp/big");
	signal(SIGXFSZ, SIG_DFL);
	fill(s, 1, "/tmp/big");
	return 0;
}

Test(jail_harm, a_huge_file_stops_at_the_file_size_limit)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1103);
	j.limits.fsize_bytes = 1 << 20;
	cr_expect_eq(in_jail(&j, act_big_file, s), 128 + SIGXFSZ);
	cr_expect_eq(s->err[0], EFBIG, "write: %s", strerror(s->err[0]));
	cr_expect_eq(s->val[0], 1 << 20, "%ld bytes written", s->val[0]);
}

static int act_fill_tmp(struct seen *s)
{
	char name[64];

	fill(s, 0, "/tmp/big");
	fill(s, 1, "/dev/shm/big");
	unlink("/tmp/big");
	unlink("/dev/shm/big");
	for (s->val[2] = 0; s->val[2] < 100000; s->val[2]++) {
		snprintf(name, sizeof(name), "/tmp/%ld", s->val[2]);
		if (mknod(name, S_IFREG | 0600, 0) < 0) {
			s->err[2] = errno;
			break;
		}
	}
	return 0;
}

Test(jail_harm, the_scratch_space_is_bounded_in_bytes_and_files)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1104);
	j.tmp_mb = 4;
	j.limits.fsize_bytes = RLIM_INFINITY;
	cr_assert_eq(in_jail(&j, act_fill_tmp, s), 0);
	cr_expect_eq(s->err[0], ENOSPC, "/tmp: %s", strerror(s->err[0]));
	cr_expect(s->val[0] > (2 << 20) && s->val[0] <= (4 << 20),
		  "%ld bytes in /tmp", s->val[0]);
	/* /dev/shm is the same tmpfs: nothing is left for it. */
	cr_expect_eq(s->err[1], ENOSPC, "/dev/shm: %s", strerror(s->err[1]));
	cr_expect_eq(s->val[1], 0, "%ld bytes in /dev/shm", s->val[1]);
	cr_expect_eq(s->err[2], ENOSPC, "files: %s", strerror(s->err[2]));
	cr_expect(s->val[2] > 4000 && s->val[2] <= 4096, "%ld files",
		  s->val[2]);
}

static int __attribute__((noreturn)) act_spin(struct seen *s)
{
	(void)s;
	for (;;)
		;
}

static int act_spin_on(struct seen *s)
{
	signal(SIGXCPU, SIG_IGN);
	return act_spin(s);
}

Test(jail_harm, an_infinite_loop_ends_at_the_cpu_limit)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1105);
	j.limits.cpu_s = 1;
	cr_expect_eq(in_jail(&j, act_spin, s), 128 + SIGXCPU);
	/* Ignoring the warning only buys the second of grace. */
	cr_expect_eq(in_jail(&j, act_spin_on, s), 128 + SIGKILL);
}

static int ready[2];

static int act_spawn_and_wait(struct seen *s)
{
	(void)s;
	for (int i = 0; i < 4; i++) {
		if (fork() == 0) {
			/* A daemon of its own session, twice forked. */
			if (i == 0 && (setsid() < 0 || fork() != 0))
				_exit(0);
			for (;;)
				pause();
		}
	}
	if (write(ready[1], "y", 1) != 1)
		return 1;
	for (;;)
		pause();
}

Test(jail_harm, killing_the_callers_process_ends_the_whole_jail)
{
	uid_t id = JAIL_ID_BASE + 1106;
	struct seen *s = seen_map();
	struct jail j;
	char c;
	pid_t pid;

	cr_assert_eq(pipe(ready), 0);
	jail_default(&j, 1106);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		close(ready[0]);
		if (jail_enter(&j) < 0)
			_exit(SEEN_ENTER_FAILED);
		_exit(act_spawn_and_wait(s));
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &c, 1), 1, "the jail never got ready");
	/* The caller, the init, the program, 3 children and the daemon. */
	cr_expect_geq(processes_of(id), 7, "%d processes", processes_of(id));
	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	cr_expect_eq(processes_gone(id), 0);
	cr_expect_eq(jail_release(1106), 0, "%s", strerror(errno));
}

/* Run argv with an environment of its own: a Criterion runner that
 * inherits our BoxFort variables takes itself for one of our workers. */
Test(jail_harm, the_death_of_whoever_forked_the_caller_ends_the_jail)
{
	uid_t id = JAIL_ID_BASE + 1109;
	struct seen *s = seen_map();
	struct jail j;
	char c;
	pid_t grader;

	cr_assert_eq(pipe(ready), 0);
	jail_default(&j, 1109);
	grader = fork();
	cr_assert(grader >= 0);
	if (grader == 0) {
		close(ready[0]);
		/* A grader that forks the caller, then waits for it. */
		if (fork() == 0) {
			if (jail_enter(&j) < 0)
				_exit(SEEN_ENTER_FAILED);
			_exit(act_spawn_and_wait(s));
		}
		for (;;)
			pause();
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &c, 1), 1, "the jail never got ready");
	cr_expect_geq(processes_of(id), 7, "%d processes", processes_of(id));
	cr_assert_eq(kill(grader, SIGKILL), 0);
	cr_assert_eq(waitpid(grader, NULL, 0), grader);
	cr_expect_eq(processes_gone(id), 0);
	cr_expect_eq(jail_release(1109), 0, "%s", strerror(errno));
}

static int run(const char *const argv[])
{
	/* The sanitizers' settings pass (make asan turns LeakSanitizer off:
	 * it cannot work inside the PID namespaces of the checks). */
	static const char *const keep[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS"};
	char opts[2][512];
	const char *env[4] = {"PATH=/usr/bin"};
	int status, n = 1;
	size_t i;
	pid_t pid;

	for (i = 0; i < 2; i++)
		if (getenv(keep[i]) != NULL) {
			snprintf(opts[i], sizeof(opts[i]), "%s=%s", keep[i],
				 getenv(keep[i]));
			env[n++] = opts[i];
		}
	pid = fork();

	if (pid == 0) {
		int log = open("/tmp/log", O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (log < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
			_exit(126);
		execve(argv[0], (char *const *)argv, (char *const *)env);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void keep_log(struct seen *s)
{
	int fd = open("/tmp/log", O_RDONLY);

	if (fd >= 0 && read(fd, s->text, sizeof(s->text) - 1) < 0)
		s->text[0] = '\0';
	if (fd >= 0)
		close(fd);
}

static int act_cc(struct seen *s)
{
	static const char prog[] = "#include <criterion/criterion.h>\n"
				   "#include <seccomp.h>\n#include <stdio.h>\n"
				   "Test(in, jail) {\n"
				   "	FILE *f = fopen(\"/tmp/ran\", \"w\");\n"
				   "	cr_assert(f != NULL);\n"
				   "	fprintf(f, \"libseccomp %u\", "
				   "seccomp_version()->major);\n"
				   "	fclose(f);\n}\n";
	const char *cc[] = {"/usr/bin/cc", "-Wall",	  "-o",	       "/tmp/t",
			    "/tmp/t.c",	   "-lcriterion", "-lseccomp", NULL};
	const char *t[] = {"/tmp/t", NULL};
	int fd = open("/tmp/t.c", O_WRONLY | O_CREAT, 0644);

	if (fd < 0 || write(fd, prog, sizeof(prog) - 1) < 0)
		return 1;
	close(fd);
	s->val[0] = run(cc);
	s->val[1] = s->val[0] == 0 ? run(t) : -1;
	fd = open("/tmp/ran", O_RDONLY);
	if (fd < 0 || read(fd, s->text, sizeof(s->text) - 1) <= 0)
		keep_log(s);
	return 0;
}

Test(jail_harm, cc_compiles_and_links_a_criterion_program_inside)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1107);
	cr_assert_eq(in_jail(&j, act_cc, s), 0);
	cr_expect_eq(s->val[0], 0, "cc: status %ld: %s", s->val[0], s->text);
	cr_expect_eq(s->val[1], 0, "the program: status %ld: %s", s->val[1],
		     s->text);
	cr_expect_str_eq(s->text, "libseccomp 2");
}

static int act_check(struct seen *s)
{
	const char *argv[] = {"/lab/check-solution", "--short-filename", NULL};

	s->val[0] = run(argv);
	if (s->val[0] != 0)
		keep_log(s);
	return 0;
}

/* Lab 04 mounts an mqueue file system in every check, and the checks
 * run under the fault engine's own seccomp filters. */
Test(jail_harm, a_labs_check_runner_passes_inside_the_jail)
{
	const char *mqlab = getenv("MQLAB");
	char dir[4096], *bin;
	struct jail_bind b = {dir, "/lab", false};
	struct seen *s = seen_map();
	struct jail j;

	cr_assert(mqlab != NULL && *mqlab == '/', "MQLAB is not set");
	bin = dirname(dirname(strdup(mqlab)));
	snprintf(dir, sizeof(dir), "%s/libexec/mqlab/04-orphaned-queues", bin);
	jail_default(&j, 1108);
	j.binds = &b;
	j.nbinds = 1;
	cr_assert_eq(in_jail(&j, act_check, s), 0);
	cr_expect_eq(s->val[0], 0, "check-solution: status %ld: %s", s->val[0],
		     s->text);
}
