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
 * one for every run (or MQLAB_RUN_ID, when there is no namespace).  Each
 * role removes its own files as it ends.
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
#include <glob.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "labs/02-ftok-collision/ftok_collision.h"
#include "labs/lab.h"
#include "labs/report.h"

#define NSEND 5
#define KEEP  64	 /* entries always kept: a birthday search */
#define TRIES (3L << 16) /* enough to wrap a 16-bit inode counter */

struct message {
	long mtype;
	char text[64];
};

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

static const char *tmp_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp";
}

/* $TMPDIR/mqlab-02-N[/name]: N names the run, for setup and every role
 * alike.  It is the IPC namespace's inode, or MQLAB_RUN_ID when the run
 * shares the host's namespace (labs/sandbox.h). */
static void lab_path(char *buf, size_t size, const char *name)
{
	const char *run = getenv("MQLAB_RUN_ID");
	char ns[32];
	struct stat st;

	if (run == NULL) {
		if (stat("/proc/self/ns/ipc", &st) < 0)
			report_die("stat /proc/self/ns/ipc");
		snprintf(ns, sizeof(ns), "%lu", (unsigned long)st.st_ino);
		run = ns;
	}
	snprintf(buf, size, "%s/mqlab-02-%s%s%s", tmp_dir(), run,
		 name ? "/" : "", name ? name : "");
}

/* A run killed with SIGKILL leaves its directory behind: remove those of
 * runs (and checks) that ended long ago.  No run lasts ten minutes. */
static void sweep_stale(void)
{
	char pattern[PATH_MAX];
	struct stat st;
	glob_t found;
	size_t i;

	snprintf(pattern, sizeof(pattern), "%s/mqlab-02-*", tmp_dir());
	if (glob(pattern, GLOB_NOSORT, NULL, &found) != 0)
		return;
	for (i = 0; i < found.gl_pathc; i++)
		if (stat(found.gl_pathv[i], &st) == 0 &&
		    st.st_mtime < time(NULL) - 600)
			remove_tree(found.gl_pathv[i]);
	globfree(&found);
}

static int setup(void)
{
	char dir[PATH_MAX];

	lab_path(dir, sizeof(dir), NULL);
	sweep_stale();
	remove_tree(dir);
	if (mkdir(dir, 0700) < 0)
		report_die("mkdir");
	if (collide_files(dir, "billing", "shipping") < 0)
		report_die("collide_files");
	report_note("billing/app.conf and shipping/app.conf: two files, "
		    "one ftok() key");
	return 0;
}

/* An application removes its own files as it ends; the last one to end
 * also removes the lab's directory (rmdir fails while others remain). */
static int leave(const char *name, int status)
{
	char path[PATH_MAX];

	lab_path(path, sizeof(path), name);
	remove_tree(path);
	lab_path(path, sizeof(path), NULL);
	rmdir(path);
	return status;
}

/* Start after start_ms (so that who gets the key first is not a race),
 * send NSEND messages, let the others work for wait_s seconds, then
 * read back everything the queue holds: only our own should be there. */
static int run_app(const char *name, long start_ms, unsigned wait_s)
{
	struct timespec start = {0, start_ms * 1000000L};
	char dir[PATH_MAX], keyfile[PATH_MAX + 16], idfile[PATH_MAX + 16];
	struct app app = {keyfile, 'A', idfile};
	struct msqid_ds ds;
	struct message m;
	int id, i, own = 0, foreign = 0;

	nanosleep(&start, NULL);
	lab_path(dir, sizeof(dir), name);
	snprintf(keyfile, sizeof(keyfile), "%s/app.conf", dir);
	snprintf(idfile, sizeof(idfile), "%s/queue.id", dir);
	id = open_own_queue(&app);
	if (id < 0) {
		report_error("open_own_queue", errno);
		return leave(name, 1);
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
			    "application",
			    name, NSEND - own);
		report_lost(NSEND - own);
	}
	return leave(name, foreign > 0 || own < NSEND);
}

static int billing(void)
{
	return run_app("billing", 0, 1);
}

static int shipping(void)
{
	return run_app("shipping", 200, 2);
}

static int reports(void)
{
	return run_app("reports", 0, 0);
}

static const struct lab_role roles[] = {
	{"billing", billing},
	{"shipping", shipping},
	{"reports", reports},
	{NULL, NULL},
};

extern const struct lab lab_02_ftok_collision;

const struct lab_scenario scenario = {&lab_02_ftok_collision, setup, roles, 4};
