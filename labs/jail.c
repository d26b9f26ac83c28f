/*
 * jail.c - enter a jail: ids, namespaces, an init, and a report.
 *
 * The order matters.  As root of the host the caller builds the jail's
 * root in a private mount namespace (labs/jail_fs.c), since only root
 * can reach every source.  It then becomes the slot's uid and gid, all
 * three of each, with no supplementary groups, and only then makes the
 * user namespace: that namespace, and the mount, IPC, PID, network and
 * UTS namespaces made after it, belong to the slot's uid and give its
 * root nothing over the host.  The mount namespace is a copy of the one
 * just built, so every mount in it is locked.
 *
 * The first child is pid 1 of the new PID namespace.  It mounts /proc,
 * pivots into the new root, takes the limits and the filter itself, and
 * forks the program: pid 2, which returns 0 from jail_enter().  The init then
 * reaps orphans until pid 2 ends and exits with its status; its end
 * kills whatever is left in the namespace.  Until pid 2 says it is ready,
 * on a pipe, any failure is reported on that pipe as an errno, and the
 * caller's process returns -1 with it: all of the jail has ended by then.
 * Once ready, the caller's process waits for the init and exits with its
 * status.  The init dies with it (PR_SET_PDEATHSIG), checking through a
 * pidfd that the caller did not die before it asked.
 *
 * See also: labs/jail.h, labs/jail_fs.c, labs/jail_filter.c,
 * labs/sandbox.c (the same init for trusted runs), user_namespaces(7)
 * SPDX-License-Identifier: MIT
 */
#include "labs/jail_int.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labs/userns.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JAIL_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define JAIL_ASAN 1
#endif

#define JAIL_NAMESPACES                                             \
	(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | \
	 CLONE_NEWUTS)

/*
 * Measured here (2 CPUs, so Criterion runs 2 tests at once): every lab's
 * check runner passes with 22 processes and 64 MiB of address space, cc
 * linking with -lcriterion -lseccomp with 128 MiB.  The defaults leave
 * room for five times the processes (more tests at once on more CPUs)
 * and twice the memory cc took; past them, a hostile program stops long
 * before the host notices.
 */
void jail_default(struct jail *j, unsigned slot)
{
	*j = (struct jail){
		.slot = slot,
		.tmp_mb = 64,
		.limits =
			{
				.cpu_s = 60,
#ifdef JAIL_ASAN
				/* ASan reserves terabytes of address space. */
				.as_bytes = RLIM_INFINITY,
#else
				.as_bytes = 256UL * 1024 * 1024,
#endif
				.nproc = 128,
				.fsize_bytes = 16UL * 1024 * 1024,
				.nofile = 256,
#ifdef JAIL_ASAN
				.memory_bytes = 2048ULL * 1024 * 1024,
#else
				.memory_bytes = 512ULL * 1024 * 1024,
#endif
			},
	};
}

/* The first component of a path inside the jail that the jail itself
 * provides: binds may not go there. */
static const char *const jail_reserved[] = {
	"usr",	"etc", "dev",	"proc",	 "bin",
	"sbin", "lib", "lib32", "lib64", "libx32",
};

/* An absolute path without ".", ".." or empty components, not "/" and
 * not under a path of jail_reserved[]. */
static bool target_ok(const char *t)
{
	const char *c = t, *end;
	size_t len;

	if (t == NULL || t[0] != '/' || strlen(t) > 1024)
		return false;
	for (c = t + 1;; c = end + 1) {
		end = strchrnul(c, '/');
		len = (size_t)(end - c);
		if (len == 0 || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (*end == '\0')
			break;
	}
	len = strcspn(t + 1, "/");
	for (size_t i = 0; i < sizeof(jail_reserved) / sizeof(jail_reserved[0]);
	     i++)
		if (strlen(jail_reserved[i]) == len &&
		    strncmp(t + 1, jail_reserved[i], len) == 0)
			return false;
	return true;
}

static int check(const struct jail *j)
{
	if (geteuid() != 0) {
		errno = EPERM;
		return -1;
	}
	if (j == NULL || j->slot >= JAIL_SLOTS || j->tmp_mb == 0 ||
	    j->tmp_mb > 1024 * 1024 || (j->nbinds > 0 && j->binds == NULL) ||
	    (j->cwd != NULL && j->cwd[0] != '/')) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < j->nbinds; i++) {
		if (j->binds[i].source == NULL ||
		    j->binds[i].source[0] == '\0' ||
		    !target_ok(j->binds[i].target)) {
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

/* Become the slot's user, for good, and stay able to write our own
 * /proc/self/uid_map (a change of uid makes the process undumpable,
 * which gives its /proc files to root). */
static int become(unsigned slot)
{
	uid_t id = JAIL_ID_BASE + slot;

	if (setgroups(0, NULL) < 0 || setresgid(id, id, id) < 0 ||
	    setresuid(id, id, id) < 0)
		return -1;
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

static void __attribute__((noreturn)) report(int fd, int err)
{
	ssize_t n = write(fd, &err, sizeof(err));

	(void)n;
	_exit(127);
}

static int status_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* pid 1: reap everything until the program ends, then end with it. */
static void __attribute__((noreturn)) reap(pid_t prog)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = wait(&status);
		if (pid == prog)
			_exit(status_code(status));
		if (pid < 0 && errno != EINTR)
			_exit(127);
	}
}

/* In pid 1 of the new PID namespace.  Returns 0 in pid 2 only. */
static int init(const struct jail *j, int parent, int ready)
{
	struct pollfd pfd = {.fd = parent, .events = POLLIN};
	pid_t prog;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The caller's pidfd is readable once it has exited: it died
	 * before our request, which then will never fire. */
	if (poll(&pfd, 1, 0) != 0)
		_exit(127);
	close(parent);
	/* Out of the caller's process group: kill(0, sig) inside must not
	 * reach the caller, whose death by a signal means something to
	 * whoever forked it (labs/batch_jail.c). */
	if (setsid() < 0)
		report(ready, errno);
	if (jail_fs_enter(j->cwd) < 0)
		report(ready, errno);
	/* The init is bound as the program is: were it not, a program
	 * that took it over would be free of both.  Undumpable, its memory
	 * is out of reach (/proc/1/mem), its mm belonging to the host's
	 * user namespace. */
	if (jail_filter_limits(&j->limits) < 0 || jail_filter_load() < 0 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		report(ready, errno);
	prog = fork();
	if (prog < 0)
		report(ready, errno);
	if (prog == 0) {
		if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
			report(ready, errno);
		if (write(ready, &(int){0}, sizeof(int)) != sizeof(int))
			_exit(127);
		close(ready);
		return 0;
	}
	/* Hold nothing of the caller's: the program's pipes reach EOF as
	 * soon as the program and its children close them. */
	close_range(0, ~0U, 0);
	reap(prog);
}

/* In the caller's process: wait for the report, then for the jail. */
static int watch(pid_t init_pid, int ready)
{
	int err = ECHILD, status = 0;
	ssize_t n;

	do
		n = read(ready, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(ready);
	while (waitpid(init_pid, &status, 0) < 0 && errno == EINTR)
		;
	if (n == sizeof(err) && err == 0)
		_exit(status_code(status));
	errno = n == sizeof(err) ? err : ECHILD;
	return -1;
}

int jail_enter(const struct jail *j)
{
	pid_t parent = getppid(), pid;
	int self, ready[2];

	if (check(j) < 0)
		return -1;
	/* wait() must see the init, whatever the caller did to SIGCHLD. */
	signal(SIGCHLD, SIG_DFL);
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    jail_fs_build(j) < 0)
		return -1;
	if (jail_cgroup_join(j->slot, j->limits.memory_bytes) < 0 ||
	    become(j->slot) < 0 || userns_enter() < 0 ||
	    unshare(JAIL_NAMESPACES) < 0)
		return -1;
	/* Die with whoever forked us, as the init dies with us.  Set after
	 * the changes of credentials, which may clear it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return -1;
	if (getppid() != parent) {
		errno = ESRCH;
		return -1;
	}
	self = pidfd_open(getpid(), 0);
	if (self < 0)
		return -1;
	if (pipe2(ready, O_CLOEXEC) < 0) {
		close(self);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		return init(j, self, ready[1]);
	}
	close(self);
	close(ready[1]);
	if (pid < 0) {
		int saved = errno;

		close(ready[0]);
		errno = saved;
		return -1;
	}
	return watch(pid, ready[0]);
}
