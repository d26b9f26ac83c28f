/*
 * jail_filter.c - what a jailed program may use: limits and a filter.
 *
 * The limits are set soft and hard alike: without CAP_SYS_RESOURCE on
 * the host (which root of a user namespace never has) nothing inside can
 * raise them again.  RLIMIT_NPROC counts the processes of the slot's uid
 * across all its namespaces, so a fork bomb stops at its own limit.  The
 * CPU limit gets one second of grace over the soft one: SIGXCPU first,
 * SIGKILL for a program that catches it.
 *
 * The seccomp filter allows by default and refuses, from a table, what
 * grading never needs; a name this libseccomp does not know is skipped.
 * Three rules look at arguments: clone() and unshare() may not make a
 * user namespace (one inside would hand out capabilities again), socket()
 * and socketpair() only make AF_UNIX sockets, and clone3() answers
 * ENOSYS, since its flags live in memory a filter cannot read: glibc then
 * falls back to clone(), whose flags it can.  A system call of another
 * architecture kills the process (libseccomp's default), so the 32-bit
 * entry points cannot go around the table.  Filters stack: the fault
 * engine's own, installed later in the same processes, adds to this one.
 *
 * See also: labs/jail_int.h, seccomp(2), seccomp_rule_add(3), getrlimit(2)
 * SPDX-License-Identifier: MIT
 */
#include "labs/jail_int.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

/* Refused with EPERM.  Not here, on purpose: mount(2) and umount2(2)
 * (a check mounts its own /tmp, lab 04 an mqueue file system),
 * unshare(2) of other namespaces (tests/helpers/isolate.c), and
 * process_vm_readv(2) and pidfd_getfd(2) (the fault engine). */
static const char *const jail_filter_denied[] = {
	"ptrace",
	"process_vm_writev",
	"kexec_load",
	"kexec_file_load",
	"init_module",
	"finit_module",
	"delete_module",
	"reboot",
	"swapon",
	"swapoff",
	"acct",
	"bpf",
	"perf_event_open",
	"userfaultfd",
	"keyctl",
	"add_key",
	"request_key",
	"open_by_handle_at",
	"settimeofday",
	"clock_settime",
	"clock_adjtime",
	"adjtimex",
	"syslog",
	"quotactl",
	"quotactl_fd",
	"pivot_root",
	"chroot",
	"setns",
	"fsopen",
	"fsconfig",
	"fsmount",
	"fspick",
	"move_mount",
	"open_tree",
	"mount_setattr",
	"io_uring_setup",
	"io_uring_enter",
	"io_uring_register",
	"iopl",
	"ioperm",
	"vhangup",
	"lookup_dcookie",
	"nfsservctl",
	"uselib",
};

static const struct {
	int resource;
	size_t offset;
} jail_filter_rlimits[] = {
	{RLIMIT_AS, offsetof(struct jail_limits, as_bytes)},
	{RLIMIT_NPROC, offsetof(struct jail_limits, nproc)},
	{RLIMIT_FSIZE, offsetof(struct jail_limits, fsize_bytes)},
	{RLIMIT_NOFILE, offsetof(struct jail_limits, nofile)},
};

int jail_filter_limits(const struct jail_limits *l)
{
	struct rlimit r = {0, 0};

	if (setrlimit(RLIMIT_CORE, &r) < 0)
		return -1;
	for (size_t i = 0;
	     i < sizeof(jail_filter_rlimits) / sizeof(jail_filter_rlimits[0]);
	     i++) {
		r.rlim_cur = *(const rlim_t *)((const char *)l +
					       jail_filter_rlimits[i].offset);
		r.rlim_max = r.rlim_cur;
		if (r.rlim_cur != RLIM_INFINITY &&
		    setrlimit(jail_filter_rlimits[i].resource, &r) < 0)
			return -1;
	}
	if (l->cpu_s == RLIM_INFINITY)
		return 0;
	r.rlim_cur = l->cpu_s;
	r.rlim_max = l->cpu_s + 1;
	return setrlimit(RLIMIT_CPU, &r);
}

/* The rules that look at an argument; each returns libseccomp's -errno. */
static int add_argument_rules(scmp_filter_ctx ctx)
{
	const uint64_t user = CLONE_NEWUSER;
	int ret;

	ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1,
			       SCMP_A0(SCMP_CMP_MASKED_EQ, user, user));
	if (ret == 0)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
				       SCMP_SYS(clone), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, user, user));
	if (ret == 0)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
				       SCMP_SYS(clone3), 0);
	if (ret == 0)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
				       SCMP_SYS(socket), 1,
				       SCMP_A0(SCMP_CMP_NE, AF_UNIX));
	if (ret == 0)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
				       SCMP_SYS(socketpair), 1,
				       SCMP_A0(SCMP_CMP_NE, AF_UNIX));
	return ret;
}

int jail_filter_load(void)
{
	scmp_filter_ctx ctx;
	int ret, nr;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL) {
		errno = ENOMEM;
		return -1;
	}
	ret = add_argument_rules(ctx);
	for (size_t i = 0;
	     ret == 0 &&
	     i < sizeof(jail_filter_denied) / sizeof(jail_filter_denied[0]);
	     i++) {
		nr = seccomp_syscall_resolve_name(jail_filter_denied[i]);
		if (nr != __NR_SCMP_ERROR)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr,
					       0);
	}
	if (ret == 0)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}
