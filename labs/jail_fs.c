/*
 * jail_fs.c - the root file system a jail sees.
 *
 * Built in two halves, because of who may do what.  The caller, still
 * root of the host but in a mount namespace of its own, builds the tree
 * on a small tmpfs over /tmp (a place that exists everywhere, and whose
 * cover nobody else sees): read-only binds of /usr and of the two
 * entries of /etc that cc and the loader read, the host's top-level
 * links into /usr, a /dev of harmless nodes, the caller's binds, and one
 * size-limited tmpfs shown both as /tmp and as /dev/shm (Criterion's
 * BoxFort keeps its arena there), so that one limit bounds both.  Every
 * source is opened first with O_PATH and bound from /proc/self/fd/N: a
 * source under /tmp, or under a directory the jail's user could not
 * enter, still works.
 *
 * The jail's user namespace then copies this tree into a mount
 * namespace of its own.  The kernel locks every mount of such a copy in
 * place and keeps it read-only (lock_mnt_tree() in fs/namespace.c), so
 * root of the jail can neither unmount a bind to see what lies beneath
 * nor remount it writable.  Its init, the first process of the new PID
 * namespace and the only one that may mount a /proc of it, adds that
 * /proc and pivots into the tree, dropping the host's root for good.
 *
 * See also: labs/jail.c, labs/jail_int.h, pivot_root(2),
 * mount_namespaces(7)
 * SPDX-License-Identifier: MIT
 */
#include "labs/jail_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STAGE "/tmp"

enum kind {
	KIND_RO,   /* read-only bind, recursively */
	KIND_RW,   /* writable bind */
	KIND_DEV,  /* a device node: bound, nosuid and noexec */
	KIND_LINK, /* a top-level entry: its symlink copied, or bound ro */
};

/* One source, opened before the staging tmpfs hides anything. */
struct src {
	int fd; /* O_PATH; -1: an optional source the host lacks */
	const char *target;
	enum kind kind;
};

/* The host's paths every jail sees, read-only: the programs and the
 * libraries, the loader's cache, and /usr/bin/cc's alternatives link. */
static const char *const jail_fs_system[] = {
	"/usr",
	"/etc/alternatives",
	"/etc/ld.so.cache",
};

/* Links into /usr on a merged-/usr host; plain directories elsewhere. */
static const char *const jail_fs_top[] = {
	"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
};

static const char *const jail_fs_dev[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "/tmp" + path: where path of the jail is while it is being built. */
static int staged(char *buf, size_t size, const char *path)
{
	if (snprintf(buf, size, STAGE "%s", path) >= (int)size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int open_src(struct src *s, const char *path, const char *target,
		    enum kind kind, int flags)
{
	s->target = target;
	s->kind = kind;
	s->fd = open(path, O_PATH | O_CLOEXEC | flags);
	if (s->fd < 0 && errno == ENOENT && kind != KIND_RW && kind != KIND_RO)
		return 0;
	return s->fd < 0 ? -1 : 0;
}

/* Make path (staged) and its parents: a directory, or an empty file for
 * a file to be bound on. */
static int make_path(const char *path, bool dir)
{
	char buf[PATH_MAX];
	int fd;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + strlen(STAGE) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (dir)
		return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
	fd = open(buf, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int set_attr(const char *path, unsigned flags, unsigned long attr)
{
	struct mount_attr a = {.attr_set = attr};

	return mount_setattr(AT_FDCWD, path, flags, &a, sizeof(a));
}

static int bind_src(const struct src *s)
{
	char to[PATH_MAX], from[64], link[PATH_MAX];
	unsigned long attr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	struct stat st;
	ssize_t n;

	if (s->fd < 0)
		return 0;
	if (staged(to, sizeof(to), s->target) < 0 || fstat(s->fd, &st) < 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(s->fd, "", link, sizeof(link) - 1);
		if (n < 0)
			return -1;
		link[n] = '\0';
		return symlink(link, to);
	}
	if (make_path(to, S_ISDIR(st.st_mode)) < 0)
		return -1;
	snprintf(from, sizeof(from), "/proc/self/fd/%d", s->fd);
	if (mount(from, to, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	if (s->kind == KIND_DEV)
		attr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC;
	else if (s->kind != KIND_RW)
		attr |= MOUNT_ATTR_RDONLY;
	return set_attr(to, AT_RECURSIVE, attr);
}

/* /dev: a tmpfs of mount points and links, read-only once filled. */
static int make_dev(void)
{
	static const char *const links[][2] = {
		{"/proc/self/fd", STAGE "/dev/fd"},
		{"/proc/self/fd/0", STAGE "/dev/stdin"},
		{"/proc/self/fd/1", STAGE "/dev/stdout"},
		{"/proc/self/fd/2", STAGE "/dev/stderr"},
	};

	if (make_path(STAGE "/dev", true) < 0 ||
	    mount("tmpfs", STAGE "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
		  "mode=0755,size=64k,nr_inodes=64") < 0)
		return -1;
	for (size_t i = 0; i < COUNT(links); i++)
		if (symlink(links[i][0], links[i][1]) < 0)
			return -1;
	return make_path(STAGE "/dev/shm", true);
}

/*
 * The scratch space: one tmpfs of tmp_mb MiB, mounted for a moment on
 * /proc (still an empty directory), whose two subdirectories are bound
 * on /tmp and /dev/shm.
 */
static int make_scratch(unsigned mb)
{
	static const char *const dirs[][2] = {
		{STAGE "/proc/tmp", STAGE "/tmp"},
		{STAGE "/proc/shm", STAGE "/dev/shm"},
	};
	const unsigned long flags = MS_NOSUID | MS_NODEV;
	char opts[80];

	snprintf(opts, sizeof(opts), "mode=0755,size=%um,nr_inodes=%u", mb,
		 JAIL_TMP_INODES);
	if (make_path(STAGE "/proc", true) < 0 ||
	    make_path(STAGE "/tmp", true) < 0)
		return -1;
	if (mount("tmpfs", STAGE "/proc", "tmpfs", flags, opts) < 0)
		return -1;
	for (size_t i = 0; i < COUNT(dirs); i++) {
		/* mkdir() obeys the umask; the sticky bit must be there. */
		if (mkdir(dirs[i][0], 0700) < 0 ||
		    chmod(dirs[i][0], 01777) < 0 ||
		    mount(dirs[i][0], dirs[i][1], NULL, MS_BIND, NULL) < 0)
			return -1;
	}
	return umount2(STAGE "/proc", MNT_DETACH);
}

static int place(const struct jail *j, struct src *src, size_t n)
{
	size_t i = 0, nsys = COUNT(jail_fs_system) + COUNT(jail_fs_top) +
			     COUNT(jail_fs_dev);

	if (mount("tmpfs", STAGE, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755,size=1m,nr_inodes=1024") < 0)
		return -1;
	for (; i < COUNT(jail_fs_system) + COUNT(jail_fs_top); i++)
		if (bind_src(&src[i]) < 0)
			return -1;
	if (make_dev() < 0)
		return -1;
	for (; i < nsys; i++)
		if (bind_src(&src[i]) < 0)
			return -1;
	if (make_scratch(j->tmp_mb) < 0)
		return -1;
	/* The caller's binds come last: a target may lie under /tmp. */
	for (; i < n; i++)
		if (bind_src(&src[i]) < 0)
			return -1;
	if (set_attr(STAGE "/dev", 0, MOUNT_ATTR_RDONLY) < 0)
		return -1;
	return set_attr(STAGE, 0, MOUNT_ATTR_RDONLY);
}

int jail_fs_build(const struct jail *j)
{
	size_t nsys =
		COUNT(jail_fs_system) + COUNT(jail_fs_top) + COUNT(jail_fs_dev);
	size_t n = 0, max = nsys + j->nbinds;
	struct src *src = calloc(max, sizeof(*src));
	int ret = -1, saved;

	if (src == NULL)
		return -1;
	for (size_t i = 0; i < COUNT(jail_fs_system); i++)
		if (open_src(&src[n++], jail_fs_system[i], jail_fs_system[i],
			     KIND_LINK, 0) < 0)
			goto out_close;
	for (size_t i = 0; i < COUNT(jail_fs_top); i++)
		if (open_src(&src[n++], jail_fs_top[i], jail_fs_top[i],
			     KIND_LINK, O_NOFOLLOW) < 0)
			goto out_close;
	for (size_t i = 0; i < COUNT(jail_fs_dev); i++)
		if (open_src(&src[n++], jail_fs_dev[i], jail_fs_dev[i],
			     KIND_DEV, 0) < 0)
			goto out_close;
	for (size_t i = 0; i < j->nbinds; i++)
		if (open_src(&src[n++], j->binds[i].source, j->binds[i].target,
			     j->binds[i].writable ? KIND_RW : KIND_RO, 0) < 0)
			goto out_close;
	ret = place(j, src, n);

out_close:
	saved = errno;
	for (size_t i = 0; i < n; i++)
		if (src[i].fd >= 0)
			close(src[i].fd);
	free(src);
	errno = saved;
	return ret;
}

int jail_fs_enter(const char *cwd)
{
	/* The host's /proc, still visible here, is what allows this mount
	 * in a user namespace (mount_too_revealing()). */
	if (mount("proc", STAGE "/proc", "proc",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -1;
	/* pivot_root() refuses a locked mount as the new root; a bind of
	 * it is new, and keeps its children locked. */
	if (mount(STAGE, STAGE, NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    chdir(STAGE) < 0)
		return -1;
	/* The old root stacks on the new one, and goes: pivot_root(2). */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -1;
	if (umount2(".", MNT_DETACH) < 0)
		return -1;
	return chdir(cwd != NULL ? cwd : "/tmp");
}
