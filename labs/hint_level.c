/*
 * hint_level.c - how many of each lab's hints the student has seen.
 *
 * One line per lab, "NN-slug LEVEL", in a file beside the grade book, so
 * that everything mqlab keeps about a student is in one directory.  As
 * with the grades, the file is small enough to rewrite whole: the other
 * labs' lines are copied into a temporary file in the same directory, the
 * lab's new line is appended, and rename(2) swaps the two, so a crash
 * never leaves it half written.  A line that is not "NAME NUMBER" is
 * ignored when reading and dropped when rewriting.
 *
 * See also: labs/hint.h, labs/gradebook.c (the same scheme)
 * SPDX-License-Identifier: MIT
 */
#include "labs/hint.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labs/gradebook.h"

int hint_level_path(char *buf, size_t size)
{
	char *slash;

	if (gradebook_path(buf, size) < 0)
		return -1;
	slash = strrchr(buf, '/');
	/* "hints" is as long as "grades" minus one: it always fits. */
	strcpy(slash + 1, "hints");
	return 0;
}

/* The level on line when it is about dir, else -1. */
static int hint_level_parse(const char *line, const char *dir)
{
	char name[128];
	int level;

	if (sscanf(line, "%127s %d", name, &level) != 2 || level < 0)
		return -1;
	return strcmp(name, dir) == 0 ? level : -1;
}

int hint_level_get(const char *dir)
{
	char path[PATH_MAX], line[256];
	int level = 0, n;
	FILE *f;

	if (hint_level_path(path, sizeof(path)) < 0)
		return -1;
	f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		n = hint_level_parse(line, dir);
		if (n >= 0)
			level = n;
	}
	fclose(f);
	return level;
}

/* mkdir -p of path's directory. */
static int hint_level_mkdirs(char *path)
{
	char *p;

	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Copy every well-formed line of old but dir's into f. */
static void hint_level_copy(FILE *old, FILE *f, const char *dir)
{
	char line[256], name[128];
	int level;

	while (fgets(line, sizeof(line), old) != NULL)
		if (strchr(line, '\n') != NULL &&
		    sscanf(line, "%127s %d", name, &level) == 2 && level >= 0 &&
		    strcmp(name, dir) != 0)
			fputs(line, f);
}

int hint_level_put(const char *dir, int level)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *old, *f;
	int fd, saved;

	if (hint_level_path(path, sizeof(path)) < 0 ||
	    hint_level_mkdirs(path) < 0)
		return -1;
	/* An old file we cannot read would lose the other labs' lines. */
	old = fopen(path, "r");
	if (old == NULL && errno != ENOENT)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		goto out_unlink;
	}
	if (old != NULL)
		hint_level_copy(old, f, dir);
	fprintf(f, "%s %d\n", dir, level);
	if (fflush(f) != 0 || fsync(fileno(f)) < 0) {
		saved = errno;
		fclose(f);
		goto out_unlink;
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		saved = errno;
		goto out_unlink;
	}
	if (old != NULL)
		fclose(old);
	return 0;

out_unlink:
	if (fd >= 0)
		unlink(tmp);
	if (old != NULL)
		fclose(old);
	errno = saved;
	return -1;
}
