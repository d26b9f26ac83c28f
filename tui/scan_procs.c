/*
 * scan_procs.c - the threads of this host asleep in a queue call.
 *
 * For each task we read the syscall file first: it says "running" for a
 * task on a CPU, and for a sleeping one its syscall number in decimal and
 * the arguments in hex.  Only when that number is one of our four calls
 * do we read stat (state, comm) and, for POSIX, the descriptor's link.
 * Our own threads are running while they scan, so they never show.
 *
 * See also: tui/scan_procs.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/scan_procs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	long nr;
	const char *name;
	bool sends, posix;
} scan_procs_calls[] = {
	[SCAN_PROCS_MQ_SEND] = {SYS_mq_timedsend, "mq_timedsend", true, true},
	[SCAN_PROCS_MQ_RECEIVE] = {SYS_mq_timedreceive, "mq_timedreceive",
				   false, true},
	[SCAN_PROCS_MSGSND] = {SYS_msgsnd, "msgsnd", true, false},
	[SCAN_PROCS_MSGRCV] = {SYS_msgrcv, "msgrcv", false, false},
};
#define SCAN_PROCS_NCALLS \
	(sizeof(scan_procs_calls) / sizeof(scan_procs_calls[0]))

const char *scan_procs_call_name(enum scan_procs_call call)
{
	return scan_procs_calls[call].name;
}

bool scan_procs_call_sends(enum scan_procs_call call)
{
	return scan_procs_calls[call].sends;
}

bool scan_procs_call_posix(enum scan_procs_call call)
{
	return scan_procs_calls[call].posix;
}

static ssize_t scan_procs_read_file(int dirfd, const char *path, char *buf,
				    size_t size)
{
	ssize_t len;
	int fd;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, size - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	return len;
}

/* Which of our calls the task at taskfd sleeps in, and its argument. */
static int scan_procs_call(int taskfd, enum scan_procs_call *call, long *arg)
{
	unsigned long a0;
	char text[256];
	size_t i;
	long nr;

	if (scan_procs_read_file(taskfd, "syscall", text, sizeof(text)) <= 0)
		return -1;
	if (sscanf(text, "%ld %lx", &nr, &a0) != 2)
		return -1; /* "running", or "-1 sp pc" outside any call */
	for (i = 0; i < SCAN_PROCS_NCALLS; i++) {
		if (scan_procs_calls[i].nr == nr) {
			*call = (enum scan_procs_call)i;
			/* Both are int arguments, sign-extended by glibc. */
			*arg = (long)(int)a0;
			return 0;
		}
	}
	return -1;
}

/* State and comm from stat: "TID (COMM) S ...", comm may hold ')'. */
static int scan_procs_stat(int taskfd, struct scan_procs_task *t)
{
	char text[512], *open, *close_paren;
	size_t len;

	if (scan_procs_read_file(taskfd, "stat", text, sizeof(text)) <= 0)
		return -1;
	open = strchr(text, '(');
	close_paren = strrchr(text, ')');
	if (open == NULL || close_paren == NULL || close_paren < open ||
	    close_paren[1] != ' ')
		return -1;
	len = (size_t)(close_paren - open - 1);
	if (len >= sizeof(t->comm))
		len = sizeof(t->comm) - 1;
	memcpy(t->comm, open + 1, len);
	t->comm[len] = '\0';
	t->state = close_paren[2];
	return 0;
}

static void scan_procs_queue_name(int procfd, pid_t pid, long mqd, char *out,
				  size_t size)
{
	char path[64], link[NAME_MAX + 2];
	ssize_t len;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%d/fd/%ld", (int)pid, mqd);
	len = readlinkat(procfd, path, link, sizeof(link) - 1);
	if (len <= 0 || link[0] != '/')
		return; /* not an mqueue file: "socket:[..]", "pipe:[..]" */
	link[len] = '\0';
	snprintf(out, size, "%s", link);
}

static int scan_procs_add(struct scan_procs *s, size_t *cap,
			  const struct scan_procs_task *t)
{
	struct scan_procs_task *grown;

	if (s->n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		grown = realloc(s->tasks, *cap * sizeof(*grown));
		if (grown == NULL)
			return -1;
		s->tasks = grown;
	}
	s->tasks[s->n++] = *t;
	return 0;
}

/* Whether the process at pidfd is in the IPC namespace whose inode is
 * ns. */
static bool scan_procs_same_ns(int pidfd, ino_t ns)
{
	struct stat st;

	return fstatat(pidfd, "ns/ipc", &st, 0) == 0 && st.st_ino == ns;
}

static int scan_procs_process(struct scan_procs *s, size_t *cap, int procfd,
			      pid_t pid, ino_t ns)
{
	struct scan_procs_task t;
	struct dirent *e;
	char path[64];
	int pidfd, taskfd, rc = 0;
	DIR *tasks;

	snprintf(path, sizeof(path), "%d", (int)pid);
	pidfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return 0; /* it exited */
	if (!scan_procs_same_ns(pidfd, ns))
		goto out_close;
	taskfd = openat(pidfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (taskfd < 0)
		goto out_close;
	tasks = fdopendir(taskfd);
	if (tasks == NULL) {
		close(taskfd);
		goto out_close;
	}
	while (rc == 0 && (e = readdir(tasks)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		memset(&t, 0, sizeof(t));
		t.pid = pid;
		t.tid = (pid_t)atoi(e->d_name);
		snprintf(path, sizeof(path), "%d", (int)t.tid);
		taskfd = openat(dirfd(tasks), path,
				O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (taskfd < 0)
			continue;
		if (scan_procs_call(taskfd, &t.call, &t.arg) == 0 &&
		    scan_procs_stat(taskfd, &t) == 0) {
			if (scan_procs_calls[t.call].posix)
				scan_procs_queue_name(procfd, pid, t.arg,
						      t.queue, sizeof(t.queue));
			rc = scan_procs_add(s, cap, &t);
		}
		close(taskfd);
	}
	closedir(tasks);
out_close:
	close(pidfd);
	return rc;
}

static int scan_procs_cmp(const void *a, const void *b)
{
	const struct scan_procs_task *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

int scan_procs_read(struct scan_procs *s)
{
	struct scan_procs found = {NULL, 0};
	size_t cap = 0;
	struct stat st;
	struct dirent *e;
	DIR *proc;

	if (stat("/proc/self/ns/ipc", &st) < 0)
		return -1;
	proc = opendir("/proc");
	if (proc == NULL)
		return -1;
	while ((e = readdir(proc)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (scan_procs_process(&found, &cap, dirfd(proc),
				       (pid_t)atoi(e->d_name), st.st_ino) < 0)
			goto out_free;
	}
	closedir(proc);
	if (found.n > 1)
		qsort(found.tasks, found.n, sizeof(*found.tasks),
		      scan_procs_cmp);
	scan_procs_free(s);
	*s = found;
	return 0;

out_free:
	closedir(proc);
	scan_procs_free(&found);
	errno = ENOMEM;
	return -1;
}

void scan_procs_free(struct scan_procs *s)
{
	free(s->tasks);
	s->tasks = NULL;
	s->n = 0;
}
