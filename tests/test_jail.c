/*
 * test_jail.c - a jail keeps hostile code from harming anything.
 *
 * Each test prepares the host side (a marker file, a sibling process, a
 * queue), forks, enters a jail in the child and does there what a hostile
 * submission would, then checks what it saw from inside (written to a
 * shared mapping, which outlives every namespace) and what is left
 * outside.  The caller's process of a jail is the test's child: its exit
 * status is the jailed program's.  Every test uses a slot of its own, so
 * its uid is its own too while the tests run in parallel.
 *
 * See also: labs/jail.h, tests/test_jail_harm.c (limits, signals, cc)
 * SPDX-License-Identifier: MIT
 */
#include "tests/test_jail.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <mqueue.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"

TestSuite(jail, .init = isolate_or_fail, .timeout = 60);

static int act_who(struct seen *s)
{
	int fd;

	s->val[0] = getuid();
	s->val[1] = geteuid();
	s->val[2] = getgid();
	s->val[3] = getpid();
	fd = open("/out/mine", O_WRONLY | O_CREAT | O_EXCL, 0644);
	s->err[0] = fd < 0 ? errno : 0;
	return 0;
}

Test(jail, the_jailed_process_is_root_inside_and_its_slot_outside)
{
	struct jail_bind b[] = {{"/tmp/out", "/out", true}};
	struct seen *s = seen_map();
	struct stat st;
	struct jail j;

	jail_default(&j, 1001);
	j.binds = b;
	j.nbinds = 1;
	owned_dir("/tmp/out", 1001);
	cr_assert_eq(in_jail(&j, act_who, s), 0);
	cr_expect_eq(s->val[0], 0, "getuid() inside: %ld", s->val[0]);
	cr_expect_eq(s->val[1], 0, "geteuid() inside: %ld", s->val[1]);
	cr_expect_eq(s->val[2], 0, "getgid() inside: %ld", s->val[2]);
	cr_expect_eq(s->val[3], 2, "the program is pid 2, not %ld", s->val[3]);
	cr_assert_eq(s->err[0], 0, "create /out/mine: %s", strerror(s->err[0]));
	cr_assert_eq(stat("/tmp/out/mine", &st), 0);
	cr_expect_eq(st.st_uid, JAIL_ID_BASE + 1001, "owner outside: %u",
		     (unsigned)st.st_uid);
	cr_expect_eq(st.st_gid, JAIL_ID_BASE + 1001, "group outside: %u",
		     (unsigned)st.st_gid);
}

static char runner_dir[4096];

static int act_look(struct seen *s)
{
	const char *paths[] = {"/tmp/marker", runner_dir, "/etc/passwd",
			       "/root",	      "/home",	  "/sys",
			       "/usr/bin/cc"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		s->err[i] = access(paths[i], F_OK) < 0 ? errno : 0;
	return 0;
}

Test(jail, host_files_outside_the_binds_are_invisible)
{
	struct seen *s = seen_map();
	ssize_t n =
		readlink("/proc/self/exe", runner_dir, sizeof(runner_dir) - 1);
	struct jail j;
	int fd;

	cr_assert(n > 0);
	*strrchr(runner_dir, '/') = '\0';
	fd = open("/tmp/marker", O_WRONLY | O_CREAT, 0644);
	cr_assert(fd >= 0);
	close(fd);
	jail_default(&j, 1002);
	cr_assert_eq(in_jail(&j, act_look, s), 0);
	cr_expect_eq(s->err[0], ENOENT, "/tmp/marker: %s", strerror(s->err[0]));
	cr_expect_eq(s->err[1], ENOENT, "%s: %s", runner_dir,
		     strerror(s->err[1]));
	cr_expect_eq(s->err[2], ENOENT, "/etc/passwd: %s", strerror(s->err[2]));
	cr_expect_eq(s->err[3], ENOENT, "/root: %s", strerror(s->err[3]));
	cr_expect_eq(s->err[4], ENOENT, "/home: %s", strerror(s->err[4]));
	cr_expect_eq(s->err[5], ENOENT, "/sys: %s", strerror(s->err[5]));
	cr_expect_eq(s->err[6], 0, "/usr/bin/cc: %s", strerror(s->err[6]));
}

static int act_write(struct seen *s)
{
	const char *paths[] = {"/ro/new", "/x", "/usr/x", "/dev/x", "/rw/new"};
	int fd;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		fd = open(paths[i], O_WRONLY | O_CREAT, 0644);
		s->err[i] = fd < 0 ? errno : 0;
	}
	s->err[5] = unlink("/ro/old") < 0 ? errno : 0;
	/* Root of the jail, yet the binds are locked read-only in place. */
	s->err[6] = mount(NULL, "/ro", NULL, MS_REMOUNT | MS_BIND, NULL) < 0
			    ? errno
			    : 0;
	s->err[7] = umount2("/ro", MNT_DETACH) < 0 ? errno : 0;
	return 0;
}

Test(jail, read_only_binds_refuse_writes_and_writable_binds_take_them)
{
	struct jail_bind b[] = {{"/tmp/ro", "/ro", false},
				{"/tmp/rw", "/rw", true}};
	struct seen *s = seen_map();
	struct jail j;
	int fd;

	/* Open to all: only the mount can refuse the writes. */
	cr_assert_eq(mkdir("/tmp/ro", 0777), 0);
	cr_assert_eq(chmod("/tmp/ro", 0777), 0);
	fd = open("/tmp/ro/old", O_WRONLY | O_CREAT, 0666);
	cr_assert(fd >= 0);
	close(fd);
	owned_dir("/tmp/rw", 1003);
	jail_default(&j, 1003);
	j.binds = b;
	j.nbinds = 2;
	cr_assert_eq(in_jail(&j, act_write, s), 0);
	cr_expect_eq(s->err[0], EROFS, "/ro/new: %s", strerror(s->err[0]));
	cr_expect_eq(s->err[1], EROFS, "/x: %s", strerror(s->err[1]));
	cr_expect_eq(s->err[2], EROFS, "/usr/x: %s", strerror(s->err[2]));
	cr_expect_eq(s->err[3], EROFS, "/dev/x: %s", strerror(s->err[3]));
	cr_expect_eq(s->err[4], 0, "/rw/new: %s", strerror(s->err[4]));
	cr_expect_eq(s->err[5], EROFS, "unlink /ro/old: %s",
		     strerror(s->err[5]));
	cr_expect_eq(s->err[6], EPERM, "remount /ro: %s", strerror(s->err[6]));
	cr_expect_eq(s->err[7], EINVAL, "umount /ro: %s", strerror(s->err[7]));
	cr_expect_eq(access("/tmp/rw/new", F_OK), 0);
	cr_expect_eq(access("/tmp/ro/new", F_OK), -1);
	cr_expect_eq(access("/tmp/ro/old", F_OK), 0);
}

static int act_syscalls(struct seen *s)
{
	union bpf_attr attr;
	int fds[2];

	memset(&attr, 0, sizeof(attr));
	s->err[0] = ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 ? errno : 0;
	s->err[1] = socket(AF_INET, SOCK_STREAM, 0) < 0 ? errno : 0;
	s->err[2] = socket(AF_INET6, SOCK_DGRAM, 0) < 0 ? errno : 0;
	s->err[3] = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr)) < 0
			    ? errno
			    : 0;
	s->err[4] = syscall(SYS_kexec_load, 0, 0, NULL, 0) < 0 ? errno : 0;
	s->err[5] = unshare(CLONE_NEWUSER) < 0 ? errno : 0;
	s->err[6] = syscall(SYS_clone3, NULL, 0) < 0 ? errno : 0;
	s->err[7] = socketpair(AF_INET, SOCK_STREAM, 0, fds) < 0 ? errno : 0;
	/* What the checks need stays allowed. */
	s->err[8] = socket(AF_UNIX, SOCK_STREAM, 0) < 0 ? errno : 0;
	s->err[9] = socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0 ? errno : 0;
	s->err[10] = unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0 ? errno : 0;
	/* The init: its memory is out of reach. */
	s->err[11] = open("/proc/1/mem", O_RDWR) < 0 ? errno : 0;
	return 0;
}

Test(jail, forbidden_system_calls_fail_with_the_filters_errno)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1004);
	cr_assert_eq(in_jail(&j, act_syscalls, s), 0);
	cr_expect_eq(s->err[0], EPERM, "ptrace: %s", strerror(s->err[0]));
	cr_expect_eq(s->err[1], EAFNOSUPPORT, "AF_INET: %s",
		     strerror(s->err[1]));
	cr_expect_eq(s->err[2], EAFNOSUPPORT, "AF_INET6: %s",
		     strerror(s->err[2]));
	cr_expect_eq(s->err[3], EPERM, "bpf: %s", strerror(s->err[3]));
	cr_expect_eq(s->err[4], EPERM, "kexec_load: %s", strerror(s->err[4]));
	cr_expect_eq(s->err[5], EPERM, "unshare(CLONE_NEWUSER): %s",
		     strerror(s->err[5]));
	cr_expect_eq(s->err[6], ENOSYS, "clone3: %s", strerror(s->err[6]));
	cr_expect_eq(s->err[7], EAFNOSUPPORT, "socketpair(AF_INET): %s",
		     strerror(s->err[7]));
	cr_expect_eq(s->err[8], 0, "AF_UNIX: %s", strerror(s->err[8]));
	cr_expect_eq(s->err[9], 0, "socketpair: %s", strerror(s->err[9]));
	cr_expect_eq(s->err[10], 0, "unshare(IPC|NS): %s",
		     strerror(s->err[10]));
	cr_expect_eq(s->err[11], EACCES, "/proc/1/mem: %s",
		     strerror(s->err[11]));
}

#define KEY_OUT 0x6a61696c
#define KEY_IN	0x6a61696d

static int act_queues(struct seen *s)
{
	s->err[0] = msgget(KEY_OUT, 0) < 0 ? errno : 0;
	s->err[1] = mq_open("/mqlab-jail-out", O_RDWR) < 0 ? errno : 0;
	s->err[2] = msgget(KEY_IN, IPC_CREAT | 0600) < 0 ? errno : 0;
	s->err[3] = mq_open("/mqlab-jail-in", O_RDWR | O_CREAT, 0600, NULL) < 0
			    ? errno
			    : 0;
	return 0;
}

Test(jail, queues_made_inside_are_gone_and_outside_queues_are_invisible)
{
	struct seen *s = seen_map();
	struct jail j;
	int id = msgget(KEY_OUT, IPC_CREAT | 0666);
	mqd_t q = mq_open("/mqlab-jail-out", O_RDWR | O_CREAT, 0666, NULL);

	cr_assert(id >= 0 && q != (mqd_t)-1);
	jail_default(&j, 1005);
	cr_assert_eq(in_jail(&j, act_queues, s), 0);
	cr_expect_eq(s->err[0], ENOENT, "msgget(out): %s", strerror(s->err[0]));
	cr_expect_eq(s->err[1], ENOENT, "mq_open(out): %s",
		     strerror(s->err[1]));
	cr_expect_eq(s->err[2], 0, "msgget(in): %s", strerror(s->err[2]));
	cr_expect_eq(s->err[3], 0, "mq_open(in): %s", strerror(s->err[3]));
	cr_expect_eq(msgget(KEY_IN, 0), -1);
	cr_expect_eq(mq_open("/mqlab-jail-in", O_RDWR), (mqd_t)-1);
	cr_expect_eq(msgctl(id, IPC_RMID, NULL), 0);
	cr_expect_eq(mq_unlink("/mqlab-jail-out"), 0);
	mq_close(q);
}

/* Every process of our group, were the jail part of it: the caller's
 * process, whose death by a signal would be taken for the grader's
 * failure (labs/batch_jail.c), and this test's own. */
static int act_signal_group(struct seen *s)
{
	signal(SIGUSR2, SIG_IGN);
	s->err[0] = kill(0, SIGUSR2) < 0 ? errno : 0;
	s->val[0] = getsid(0);
	return 0;
}

Test(jail, a_signal_to_the_process_group_stays_inside)
{
	struct seen *s = seen_map();
	struct jail j;

	jail_default(&j, 1010);
	cr_assert_eq(in_jail(&j, act_signal_group, s), 0);
	cr_expect_eq(s->err[0], 0, "kill(0): %s", strerror(s->err[0]));
	cr_expect_eq(s->val[0], 1, "the jail's session is its init's, not %ld",
		     s->val[0]);
}

/* A jail that cannot be built: -1 and errno, in the caller's process. */
static int refused(struct jail *j)
{
	struct seen *s = seen_map();
	int status = in_jail(j, act_who, s);

	cr_assert_eq(status, SEEN_ENTER_FAILED, "status %d", status);
	return s->enter_err;
}

/* Fill System V queues in an IPC namespace of the jail's own making:
 * one may hold msgmni x msgmnb = 512 MiB of kernel memory, and every
 * process of a jail could make one. */
static int act_fill_sysv(struct seen *s)
{
	static char buf[sizeof(long) + 8192];
	int q;

	if (unshare(CLONE_NEWIPC) < 0) {
		s->err[0] = errno;
		return 1;
	}
	*(long *)buf = 1;
	for (;;) {
		q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (q < 0)
			break;
		while (msgsnd(q, buf, 8192, IPC_NOWAIT) == 0)
			s->val[0] += 8192;
		if (errno != EAGAIN)
			break;
	}
	s->err[0] = errno;
	return 0;
}

Test(jail, queues_stop_at_the_jails_memory_limit)
{
	const long limit = 64L * 1024 * 1024;
	struct seen *s = seen_map();
	struct jail j;
	int status;
	pid_t pid;

	jail_default(&j, 1030);
	j.limits.memory_bytes = (unsigned long long)limit;
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		if (jail_enter(&j) < 0) {
			s->enter_err = errno;
			_exit(SEEN_ENTER_FAILED);
		}
		_exit(act_fill_sysv(s));
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect_eq(jail_release(1030), 0, "%s", strerror(errno));
	cr_assert(!WIFEXITED(status) ||
			  WEXITSTATUS(status) != SEEN_ENTER_FAILED,
		  "jail_enter: %s", strerror(s->enter_err));
	cr_assert(!WIFEXITED(status) || WEXITSTATUS(status) != 1, "unshare: %s",
		  strerror(s->err[0]));
	/* Refused (ENOMEM), or the cgroup's OOM killer ended the jail:
	 * either way far below the 512 MiB the namespace alone would take. */
	cr_expect_gt(s->val[0], 1024 * 1024, "%ld bytes queued", s->val[0]);
	cr_expect_leq(s->val[0], limit, "%ld bytes queued", s->val[0]);
}

Test(jail, bad_jails_are_refused_with_errno)
{
	struct jail_bind rel = {"/tmp", "tmp2", false};
	struct jail_bind sys = {"/tmp", "/usr/x", false};
	struct jail_bind dots = {"/tmp", "/a/../b", false};
	struct jail_bind gone = {"/tmp/no/such/dir", "/src", false};
	struct jail j;

	jail_default(&j, JAIL_SLOTS);
	cr_expect_eq(refused(&j), EINVAL);
	jail_default(&j, 1006);
	j.tmp_mb = 0;
	cr_expect_eq(refused(&j), EINVAL);
	jail_default(&j, 1006);
	j.binds = &rel;
	j.nbinds = 1;
	cr_expect_eq(refused(&j), EINVAL);
	j.binds = &sys;
	cr_expect_eq(refused(&j), EINVAL);
	j.binds = &dots;
	cr_expect_eq(refused(&j), EINVAL);
	j.binds = &gone;
	cr_expect_eq(refused(&j), ENOENT);
	/* Found missing by the init, inside: still -1 in the caller. */
	jail_default(&j, 1006);
	j.cwd = "/no/such/dir";
	cr_expect_eq(refused(&j), ENOENT);
	cr_expect_eq(processes_of(JAIL_ID_BASE + 1006), 0);
}
