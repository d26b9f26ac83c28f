/*
 * jail.h - a sandbox for code nobody trusts: a class's submissions.
 *
 * labs/sandbox.h keeps a lab run from leaving anything behind; a jail
 * also keeps hostile code from harming anything.  The process that
 * calls jail_enter() (a child the caller just forked, single-threaded)
 * becomes an ordinary user of its own (one outside uid and gid per
 * slot, never the caller's), then root of a new user namespace owning
 * new mount, IPC, PID, network and UTS namespaces.  It sees a
 * read-only root made of the system's programs and libraries (so cc
 * and the dynamic loader work), the caller's binds, a fresh /dev with a
 * few harmless nodes, its own /proc, and a size-limited tmpfs on /tmp:
 * nothing else of the host, so no other submission's folder and no file
 * it could delete.  Resource limits bound CPU time, address space,
 * processes (counted for the slot's uid alone, so one fork bomb cannot
 * starve another jail), file size and open files.  A seccomp filter
 * denies what grading never needs: ptrace, kexec, modules, reboot,
 * swap, clocks, keyrings, bpf, perf, io_uring, the new mount API,
 * pivot_root and chroot, nested user namespaces, and every socket
 * family but AF_UNIX.  mount(2) and umount2(2) stay allowed: every
 * check makes its own private /tmp and lab 04 mounts an mqueue file
 * system, and in a user namespace the kernel confines any mount to the
 * jail itself.
 *
 * The jail's pid 1 is a small init that reaps orphans and ends, with the
 * program's status, when the program ends; killing the process that
 * called jail_enter() (or its group), or its parent, kills the whole
 * jail with it.
 *
 * Inside, the jail sees /usr (with /bin, /lib... linked into it as on
 * the host), /etc/alternatives and /etc/ld.so.cache, all read-only, so
 * /usr/bin/cc compiles and links against the system's libraries; /dev
 * with null, zero, full, random and urandom; /proc of its own PID
 * namespace; and /tmp and /dev/shm, two directories of one tmpfs of
 * tmp_mb MiB and 4096 inodes.  The root and every bind are locked
 * mounts: root of the jail can neither unmount one nor make it writable.
 * Memory is bounded through a memory cgroup per jail (where the host
 * has a usable memory controller): what its processes map and what
 * they make the kernel hold, such as a tmpfs root of the jail mounts or
 * System V messages in the IPC namespaces it makes, together.
 *
 * See also: labs/sandbox.h (runs of trusted code), labs/batch.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_JAIL_H
#define MQLAB_JAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Outside ids of the jails: JAIL_ID_BASE + slot, far above any real
 * account, so a jail's files and processes belong to nobody else. */
#define JAIL_ID_BASE 0x6d710000u /* "mq" */
#define JAIL_SLOTS   65536

/* A host path shown inside the jail.  The source is opened by the
 * caller's (privileged) identity, before the jail drops it, so it may
 * lie under a directory the jail's user could not enter.  The target is
 * absolute, without "." or ".." components, and outside what the jail
 * provides itself (/usr, /etc, /dev, /proc, /bin, /sbin, /lib*); it is
 * made (directories 0755, owned by the host's root) if missing, in the
 * order of the binds, so a bind may go inside an earlier writable one or
 * under /tmp.  Writable or not, a bind obeys the files' permissions: for
 * the jail to write in a directory, chown it to JAIL_ID_BASE + slot. */
struct jail_bind {
	const char *source; /* host path, a file or a directory */
	const char *target; /* absolute path inside the jail */
	bool writable;	    /* default: read-only */
};

struct jail_limits {
	rlim_t cpu_s;	    /* RLIMIT_CPU, seconds, per process */
	rlim_t as_bytes;    /* RLIMIT_AS; RLIM_INFINITY under sanitizers */
	rlim_t nproc;	    /* RLIMIT_NPROC, for the slot's uid */
	rlim_t fsize_bytes; /* RLIMIT_FSIZE */
	rlim_t nofile;	    /* RLIMIT_NOFILE */
	/* Memory the jail's processes and what they make the kernel hold
	 * (messages, tmpfs pages) may use together, in bytes, through a
	 * memory cgroup of its own (labs/jail_cgroup.c); 0: none. */
	unsigned long long memory_bytes;
};

struct jail {
	unsigned slot;		       /* < JAIL_SLOTS: picks the ids */
	const struct jail_bind *binds; /* besides the system's */
	size_t nbinds;
	unsigned tmp_mb; /* size of the tmpfs on /tmp */
	const char *cwd; /* inside; NULL: /tmp */
	struct jail_limits limits;
};

/* Fill j with the defaults: no binds, a 64 MiB /tmp, cwd /tmp, and
 * limits that a lab's check runner and cc fit in comfortably: 60 s of
 * CPU, 256 MiB of address space (RLIM_INFINITY under ASan), 128
 * processes, 16 MiB files, 256 open files, 512 MiB of memory in all
 * (2 GiB under ASan).  RLIM_INFINITY in a limit leaves the caller's
 * own. */
void jail_default(struct jail *j, unsigned slot);

/*
 * Enter the jail.  Call it in a freshly forked, single-threaded child,
 * as root.  Returns 0 in the jailed process (pid 2 of the new PID
 * namespace, uid 0 there, cwd set, limits and filter in force, no
 * capability over anything outside), which then typically exec()s.  In
 * the calling process it never returns once the jailed program runs: it
 * waits for it and _exit()s with its status (128 + N for signal N).
 * Returns -1 with errno, in the calling process, whenever the program
 * could not be started, even from inside (the jail has ended by then):
 * EPERM (not root, or no user namespaces), EINVAL (a bad slot, tmp_mb,
 * cwd or bind target), ENOENT or EACCES (a bind source, or cwd inside),
 * ESRCH (our parent died meanwhile), or what a mount, fork or the filter
 * failed with.  The process is then another user in other namespaces:
 * it should _exit() at once.  The jail is a session of its own, so no
 * signal sent from inside to a process group reaches the calling
 * process (the one that reports how the jail ended); the calling
 * process dies with its parent
 * (PR_SET_PDEATHSIG, so fork from a thread that outlives the jail).
 * File descriptors and the environment are inherited: close and clear
 * what the jail must not have before calling.  Slots in use at the same
 * time must differ.
 */
int jail_enter(const struct jail *j);

/*
 * Remove what the jail of slot leaves on the host once its caller's
 * process was reaped: its memory cgroup.  Call it as root.  Returns 0
 * (also when there was nothing), or -1 with errno (EBUSY: a process of
 * the slot still lives in it, e.g. another jail of the same slot).
 */
int jail_release(unsigned slot);

/* Whether jails here get a memory cgroup (see struct jail_limits): a
 * memory controller mqlab can use.  Without one, their memory is bounded
 * only by the process and address-space limits. */
bool jail_memory_bounded(void);

#endif
