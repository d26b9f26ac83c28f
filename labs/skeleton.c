/*
 * skeleton.c - find a lab's pristine student.c, and compare with it.
 *
 * A handout carries its own copies (skeletons/NN-slug.c, written by
 * `make handout`), because a student's tree has no history to ask.  In a
 * source checkout there is no such folder, and the committed version is
 * the pristine one: we ask git for it ("HEAD:./labs/...", relative to
 * root, so a tree inside a bigger repository works too).  git runs with
 * its stdin and stderr on /dev/null: its own messages ("not a git
 * repository") mean only "not here" to us.
 *
 * See also: labs/skeleton.h, labs/skeleton_restore.c
 * SPDX-License-Identifier: MIT
 */
#include "labs/skeleton.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Read all of fd (at most SKELETON_MAX bytes) into a malloc'd string. */
static int skeleton_slurp(int fd, char **text, size_t *len)
{
	char *buf = malloc(SKELETON_MAX + 1);
	size_t n = 0;
	ssize_t got;

	if (buf == NULL)
		return -1;
	while (n <= SKELETON_MAX) {
		got = read(fd, buf + n, SKELETON_MAX + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return -1;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > SKELETON_MAX) {
		free(buf);
		errno = EFBIG;
		return -1;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

static int skeleton_file(const char *path, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret, saved;

	if (fd < 0)
		return -1;
	ret = skeleton_slurp(fd, text, len);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

/* `git -C root show HEAD:./labs/DIR/student.c`.  Returns 0, or -1 with
 * ENOENT when git is missing or has no such file. */
static int skeleton_git(const char *root, const char *dir, char **text,
			size_t *len)
{
	posix_spawn_file_actions_t fa;
	char spec[PATH_MAX];
	const char *argv[] = {"git", "-C", root, "show", spec, NULL};
	int p[2], status, ret, saved;
	pid_t pid;

	snprintf(spec, sizeof(spec), "HEAD:./labs/%s/student.c", dir);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	ret = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv,
			   environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (ret != 0) {
		close(p[0]);
		errno = ENOENT;
		return -1;
	}
	ret = skeleton_slurp(p[0], text, len);
	saved = errno;
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ret == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		free(*text);
		*text = NULL;
		ret = -1;
		saved = ENOENT;
	}
	errno = saved;
	return ret;
}

int skeleton_read(const char *root, const char *dir, char **text, size_t *len,
		  char *from, size_t fromsize)
{
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%s/%s/%s.c", root, SKELETON_DIR, dir);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (skeleton_file(path, text, len) == 0) {
		snprintf(from, fromsize, "%s/%s.c", SKELETON_DIR, dir);
		return 0;
	}
	if (errno != ENOENT)
		return -1;
	if (skeleton_git(root, dir, text, len) < 0)
		return -1;
	snprintf(from, fromsize, "git HEAD");
	return 0;
}

int skeleton_compare(const char *path, const char *text, size_t len)
{
	size_t have;
	char *now;
	int same;

	if (skeleton_file(path, &now, &have) < 0) {
		if (errno == ENOENT)
			return SKELETON_MISSING;
		/* Bigger than any skeleton: certainly not the skeleton. */
		return errno == EFBIG ? SKELETON_CHANGED : -1;
	}
	same = have == len && memcmp(now, text, len) == 0;
	free(now);
	return same ? SKELETON_SAME : SKELETON_CHANGED;
}
