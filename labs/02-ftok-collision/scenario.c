/*
 * scenario.c - lab 02's roles: two unrelated applications whose System V
 * keys collide, and one whose key file is missing.
 *
 * setup() makes two different files whose ftok() keys are the same (see
 * collide_files() below).  billing and shipping each open "their" queue
 * with open_own_queue(), put five messages in it, wait, and read their
 * queue back.  When both got the same queue, billing (which reads first)
 * also swallows shipping's messages, and shipping finds nothing.
 * reports' key file was never installed: ftok() fails, and a naive
 * msgget() turns that -1 into the key 0xffffffff.
 *
 * The files live in $TMPDIR/mqlab-02-N, N being the IPC namespace's inode:
 * the one thing setup and the roles of one run share, and a different
 * one for every run.  Each role removes its own files as it ends.
 *
 * How to run it: `mqlab run 02`, or by hand:
 *   unshare -i -- sh -c 'P=build/libexec/mqlab/02-ftok-collision/student;
 *       $P --setup && ($P --role billing & $P --role shipping; wait)'
 * In the kernel: ipcget_public() in ipc/util.c hands out the queue.
 *
 * See also: ftok_collision.h, README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labs/02-ftok-collision/ftok_collision.h"
#include "labs/lab.h"
#include "labs/report.h"

#define NSEND 5
#define KEEP 64		    /* entries always kept: a birthday search */
#define TRIES (3L << 16)    /* enough to wrap a 16-bit inode counter */

struct note {
	long mtype;
	char text[64];
};

/* Make entry i, scratch/i/app.conf, and stat the file. */
static int make_entry(int scratch, long i, struct stat *st)
{
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "%ld", i);
	if (mkdirat(scratch, name, 0700) < 0)
		return -1;
	snprintf(name, sizeof(name), "%ld/app.conf", i);
	fd = openat(scratch, name, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int drop_entry(int scratch, long i)
{
	char name[32];

	snprintf(name, sizeof(name), "%ld/app.conf", i);
	if (unlinkat(scratch, name, 0) < 0)
		return -1;
	snprintf(name, sizeof(name), "%ld", i);
	return unlinkat(scratch, name, AT_REMOVEDIR);
}

static int move_entry(int scratch, long i, int dir, const char *name)
{
	char from[32];

	snprintf(from, sizeof(from), "%ld", i);
	return renameat(scratch, from, dir, name);
}

/*
 * ext4 places the subdirectories of a "top" directory (chattr +T) in
 * random block groups, whose first free inodes often share their low 16
 * bits: a few entries collide.  tmpfs and btrfs count inode numbers up
 * without reusing them: removing each new entry wraps the counter after
 * 65536 numbers.  ext4 reuses a freed inode at once: when that happens
 * the entry is kept, so the next one gets a new number.
 */
static int search(int scratch, int dir, const char *name_a,
		  const char *name_b)
{
	static long owner[1 << 16]; /* low 16 bits -> kept entry + 1 */
	ino_t dropped = 0;
	struct stat st;
	long i, *slot;
	int flags;

	memset(owner, 0, sizeof(owner));
	if (ioctl(scratch, FS_IOC_GETFLAGS, &flags) == 0) {
		flags |= FS_TOPDIR_FL;
		ioctl(scratch, FS_IOC_SETFLAGS, &flags); /* no ext4, no effect */
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
		if (i < KEEP || st.st_ino == dropped) {
			*slot = i + 1;
			continue;
		}
		dropped = st.st_ino;
		if (drop_entry(scratch, i) < 0)
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

/* $TMPDIR/mqlab-02-N: the same for setup and every role of one run. */
static void lab_path(char *buf, size_t size, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	if (stat("/proc/self/ns/ipc", &st) < 0)
		report_die("stat /proc/self/ns/ipc");
	snprintf(buf, size, "%s/mqlab-02-%lu%s%s", tmp,
		 (unsigned long)st.st_ino, name ? "/" : "", name ? name : "");
}

static int setup(void)
{
	char dir[PATH_MAX];

	lab_path(dir, sizeof(dir), NULL);
	remove_tree(dir);
	if (mkdir(dir, 0700) < 0)
		report_die("mkdir");
	if (collide_files(dir, "billing", "shipping") < 0)
		report_die("collide_files");
	report_note("billing/app.conf and shipping/app.conf: two files, "
		    "one ftok() key");
	return 0;
}

/* Send NSEND messages, let the others work for wait_s seconds, then read
 * back everything the queue holds: only our own should be there. */
static int run_app(const char *name, unsigned wait_s)
{
	char dir[PATH_MAX], keyfile[PATH_MAX + 16], idfile[PATH_MAX + 16];
	struct app app = {keyfile, 'A', idfile};
	struct msqid_ds ds;
	struct note m;
	int id, i, own = 0, foreign = 0;

	lab_path(dir, sizeof(dir), name);
	snprintf(keyfile, sizeof(keyfile), "%s/app.conf", dir);
	snprintf(idfile, sizeof(idfile), "%s/queue.id", dir);
	id = open_own_queue(&app);
	if (id < 0) {
		report_error("open_own_queue", errno);
		remove_tree(dir);
		return 1;
	}
	if (msgctl(id, IPC_STAT, &ds) < 0)
		report_die("msgctl");
	report_note("%s: queue id %d, key 0x%08x", name, id,
		    (unsigned)ds.msg_perm.__key);
	for (i = 1; i <= NSEND; i++) {
		m.mtype = 1;
		snprintf(m.text, sizeof(m.text), "%s #%d", name, i);
		if (msgsnd(id, &m, strlen(m.text) + 1, 0) < 0)
			report_die("msgsnd");
		report_sent(1);
	}
	sleep(wait_s);
	while (msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT) >= 0) {
		if (strncmp(m.text, name, strlen(name)) == 0) {
			own++;
			report_received(1);
			continue;
		}
		foreign++;
		report_note("%s read \"%s\": not its message", name, m.text);
	}
	if (errno != ENOMSG)
		report_die("msgrcv");
	if (own < NSEND) {
		report_note("%s: %d of its messages were read by another "
			    "application", name, NSEND - own);
		report_lost(NSEND - own);
	}
	remove_tree(dir);
	lab_path(dir, sizeof(dir), NULL);
	rmdir(dir); /* the last role to end removes the lab's directory */
	return foreign > 0 || own < NSEND;
}

static int billing(void)
{
	return run_app("billing", 1);
}

static int shipping(void)
{
	return run_app("shipping", 2);
}

static int reports(void)
{
	return run_app("reports", 0);
}

static const struct lab_role roles[] = {
	{"billing", billing},
	{"shipping", shipping},
	{"reports", reports},
	{NULL, NULL},
};

extern const struct lab lab_02_ftok_collision;

const struct lab_scenario scenario = {&lab_02_ftok_collision, setup, roles,
				      4};
