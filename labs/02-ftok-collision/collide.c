/*
 * collide.c - lab 02's collision builder: two files, one ftok() key.
 *
 * ftok() keeps only the low 16 bits of a file's inode number, so two
 * files on one device whose inode numbers share those bits give the same
 * key.  collide_files() makes such a pair with real files, whatever the
 * file system: it creates entries in a scratch directory, remembers each
 * inode number's low 16 bits, and keeps the first two that match.  How
 * soon that happens depends on how the file system numbers inodes (see
 * search()).  It does not look for an existing pair, and in dir it
 * touches nothing but the two names it is given and a scratch directory
 * it removes again.
 *
 * Used by setup in scenario.c and by the graded checks; you need not
 * read it to do the lab.
 *
 * In the kernel: shmem_reserve_inode() in mm/shmem.c counts tmpfs inode
 * numbers up; in fs/ext4/ialloc.c, find_group_orlov() spreads the
 * subdirectories of a "top" directory over block groups, and
 * find_inode_bit() takes the first free inode of a group.
 *
 * See also: labs/02-ftok-collision/ftok_collision.h, ftok(3)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labs/02-ftok-collision/ftok_collision.h"

#define KEEP  64	 /* entries always kept: a birthday search */
#define TRIES (3L << 16) /* enough to wrap a 16-bit inode counter */

/* Entry i: KEEP subdirectories with a file each (ext4 spreads
 * subdirectories), then plain files, which cost one inode number each. */
static void entry_name(char *buf, size_t size, long i)
{
	if (i < KEEP)
		snprintf(buf, size, "%ld/app.conf", i);
	else
		snprintf(buf, size, "%ld", i);
}

/* Make entry i in scratch, and stat its file. */
static int make_entry(int scratch, long i, struct stat *st)
{
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "%ld", i);
	if (i < KEEP && mkdirat(scratch, name, 0700) < 0)
		return -1;
	entry_name(name, sizeof(name), i);
	fd = openat(scratch, name, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Move entry i's file to dir/name/app.conf: rename() keeps the inode. */
static int move_entry(int scratch, long i, int dir, const char *name)
{
	char from[32], to[NAME_MAX + 16];

	if (mkdirat(dir, name, 0700) < 0)
		return -1;
	entry_name(from, sizeof(from), i);
	snprintf(to, sizeof(to), "%s/app.conf", name);
	return renameat(scratch, from, dir, to);
}

/*
 * ext4 places the subdirectories of a "top" directory (chattr +T) in
 * random block groups, whose first free inodes often share their low 16
 * bits: a few entries collide.  tmpfs and btrfs count inode numbers up
 * without reusing them: removing each new entry wraps the counter after
 * 65536 numbers.  ext4 reuses a freed inode at once: when a number comes
 * back, its entry is kept, so that the next one gets a new number.
 */
static int search(int scratch, int dir, const char *name_a, const char *name_b)
{
	static long owner[1 << 16];  /* low 16 bits -> kept entry + 1 */
	static ino_t freed[1 << 16]; /* low 16 bits -> last inode dropped */
	char name[32];
	struct stat st;
	long i, *slot;
	int flags;

	memset(owner, 0, sizeof(owner));
	memset(freed, 0, sizeof(freed));
	if (ioctl(scratch, FS_IOC_GETFLAGS, &flags) == 0) {
		/* Refused or ignored outside ext2/3/4: no harm done. */
		flags |= FS_TOPDIR_FL;
		ioctl(scratch, FS_IOC_SETFLAGS, &flags);
	}
	for (i = 0; i < TRIES; i++) {
		if (make_entry(scratch, i, &st) < 0)
			return -1;
		slot = &owner[st.st_ino & 0xffff];
		if (*slot != 0) {
			if (move_entry(scratch, *slot - 1, dir, name_a) < 0)
				return -1;
			return move_entry(scratch, i, dir, name_b);
		}
		if (i < KEEP || freed[st.st_ino & 0xffff] == st.st_ino) {
			*slot = i + 1;
			continue;
		}
		freed[st.st_ino & 0xffff] = st.st_ino;
		snprintf(name, sizeof(name), "%ld", i);
		if (unlinkat(scratch, name, 0) < 0)
			return -1;
	}
	errno = EAGAIN;
	return -1;
}

int collide_files(const char *dir, const char *name_a, const char *name_b)
{
	char scratch[PATH_MAX];
	int dirfd, scratchfd, ret, saved;

	snprintf(scratch, sizeof(scratch), "%s/.collide", dir);
	if (mkdir(scratch, 0700) < 0)
		return -1;
	ret = -1;
	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	scratchfd = open(scratch, O_RDONLY | O_DIRECTORY);
	if (dirfd >= 0 && scratchfd >= 0)
		ret = search(scratchfd, dirfd, name_a, name_b);
	saved = errno;
	if (dirfd >= 0)
		close(dirfd);
	if (scratchfd >= 0)
		close(scratchfd);
	remove_tree(scratch);
	errno = saved;
	return ret;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

int remove_tree(const char *path)
{
	if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) < 0 &&
	    errno != ENOENT)
		return -1;
	return 0;
}
