/*
 * privtmp.c - a private /tmp that still shows where we run from.
 *
 * Before the tmpfs covers /tmp we open, with O_PATH, the top-level
 * entries of the old /tmp that we must keep (/tmp/NAME for the running
 * program and for the working directory); a descriptor keeps reaching
 * its directory after the mount hides the path.  Then each is bound back
 * from /proc/self/fd/N onto an empty directory of the same name in the
 * new tmpfs.
 *
 * See also: labs/privtmp.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/privtmp.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEEP_MAX 2

struct keep {
	char path[PATH_MAX]; /* "/tmp/NAME" */
	int fd;
};

/* If path is below /tmp, note its top-level entry in keep[] (once). */
static void note(const char *path, struct keep *keep, int *n)
{
	const char *name, *slash;
	char top[PATH_MAX];

	if (strncmp(path, "/tmp/", 5) != 0 || *n >= KEEP_MAX)
		return;
	name = path + 5;
	slash = strchr(name, '/');
	if (slash == name || (slash == NULL && *name == '\0'))
		return;
	snprintf(top, sizeof(top), "/tmp/%.*s",
		 (int)(slash ? slash - name : (ptrdiff_t)strlen(name)), name);
	for (int i = 0; i < *n; i++)
		if (strcmp(keep[i].path, top) == 0)
			return;
	keep[*n].fd = open(top, O_PATH | O_CLOEXEC);
	if (keep[*n].fd < 0)
		return;
	snprintf(keep[*n].path, sizeof(keep[*n].path), "%s", top);
	(*n)++;
}

/* Bind k's old directory (or file) back at its path in the new /tmp. */
static int bind_back(const struct keep *k)
{
	char from[64];
	struct stat st;

	if (fstat(k->fd, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(k->path, 0755) < 0)
			return -1;
	} else {
		int fd = open(k->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

		if (fd < 0)
			return -1;
		close(fd);
	}
	snprintf(from, sizeof(from), "/proc/self/fd/%d", k->fd);
	return mount(from, k->path, NULL, MS_BIND | MS_REC, NULL);
}

int privtmp_mount(void)
{
	struct keep keep[KEEP_MAX];
	char path[PATH_MAX];
	ssize_t len;
	int n = 0, rc = 0, saved = 0;

	len = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (len > 0) {
		path[len] = '\0';
		note(path, keep, &n);
	}
	if (getcwd(path, sizeof(path)) != NULL)
		note(path, keep, &n);
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") <
	    0) {
		rc = -1;
		saved = errno;
		goto out_close;
	}
	for (int i = 0; i < n; i++) {
		if (bind_back(&keep[i]) < 0 && rc == 0) {
			rc = -1;
			saved = errno;
		}
	}
out_close:
	for (int i = 0; i < n; i++)
		close(keep[i].fd);
	if (rc < 0)
		errno = saved;
	return rc;
}
