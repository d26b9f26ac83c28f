/*
 * watch.c - see when a role is blocked in a queue call, and for how long.
 *
 * The files are opened once, right after the role is forked: an open
 * /proc/PID file keeps referring to that process, so a pid reused after
 * it exits can never be mistaken for it.  The pid to open is the one the
 * /proc mount knows, which differs from ours inside a PID namespace: the
 * kernel tells it in the "Pid:" line of a pidfd's fdinfo, read through
 * that mount.
 *
 * See also: labs/watch.h, faults/sysent.h (syscall numbers)
 * SPDX-License-Identifier: MIT
 */
#include "labs/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "faults/sysent.h"

/* The pid of our child pid as the proc mount at dirfd proc numbers it. */
static pid_t watch_proc_pid(pid_t pid, int proc)
{
	char path[64], line[128];
	pid_t found = -1;
	int pidfd, fd;
	FILE *f = NULL;

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return -1;
	snprintf(path, sizeof(path), "self/fdinfo/%d", pidfd);
	fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (f = fdopen(fd, "r")) == NULL)
		close(fd);
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Pid: %d", &found) == 1)
			break;
	if (f != NULL)
		fclose(f);
	close(pidfd);
	if (found <= 0)
		errno = ESRCH;
	return found > 0 ? found : -1;
}

int watch_open(struct watch *w, pid_t pid, int proc)
{
	char path[64];
	pid_t p = watch_proc_pid(pid, proc);
	int saved;

	memset(w, 0, sizeof(*w));
	w->stat_fd = w->syscall_fd = -1;
	if (p < 0)
		return -1;
	w->host_pid = p;
	snprintf(path, sizeof(path), "%d/stat", (int)p);
	w->stat_fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%d/syscall", (int)p);
	w->syscall_fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	if (w->stat_fd < 0 || w->syscall_fd < 0) {
		saved = errno;
		watch_close(w, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

static ssize_t watch_read(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* The blocking queue call numbered nr, or NULL. */
static const char *watch_queue_call(long nr)
{
	static const char *const blocking[] = {
		"mq_timedsend", "mq_timedreceive", "msgsnd", "msgrcv"};
	size_t i;
	int k;

	for (k = 0; k < sysent_count; k++) {
		if (sysent_table[k].nr != nr)
			continue;
		for (i = 0; i < sizeof(blocking) / sizeof(*blocking); i++)
			if (strcmp(sysent_table[k].name, blocking[i]) == 0)
				return sysent_table[k].name;
	}
	return NULL;
}

/* A block seen since w->since_us is over at now_us. */
static void watch_end(struct watch *w, uint64_t now_us)
{
	uint64_t len = now_us - w->since_us;

	w->blocked = false;
	w->total_us += len;
	if (len > w->longest_us)
		w->longest_us = len;
}

int watch_sample(struct watch *w, uint64_t now_us)
{
	char stat[512], sys[256];
	const char *call = NULL;
	char *paren, *end;
	long nr;

	if (w->stat_fd < 0 || watch_read(w->stat_fd, stat, sizeof(stat)) <= 0 ||
	    watch_read(w->syscall_fd, sys, sizeof(sys)) <= 0)
		return -1;
	paren = strrchr(stat, ')');
	if (paren != NULL && paren[1] == ' ' && paren[2] == 'S') {
		nr = strtol(sys, &end, 10);
		if (end != sys)
			call = watch_queue_call(nr);
	}
	/* Asleep in another call than last time: that block ended. */
	if (w->blocked && call != w->call) {
		watch_end(w, now_us);
		w->seen = NULL;
		return 1;
	}
	if (w->blocked)
		return 0;
	if (call == NULL || call != w->seen) {
		w->seen = call;
		w->seen_us = now_us;
		return 0;
	}
	w->blocked = true;
	w->call = call;
	w->since_us = w->seen_us;
	w->blocks++;
	return 1;
}

void watch_close(struct watch *w, uint64_t now_us)
{
	if (w->blocked)
		watch_end(w, now_us);
	if (w->stat_fd >= 0)
		close(w->stat_fd);
	if (w->syscall_fd >= 0)
		close(w->syscall_fd);
	w->stat_fd = w->syscall_fd = -1;
}
