/*
 * hint_level.c - how many of each lab's hints the student has seen.
 *
 * One line per lab, "NN-slug LEVEL", in a file beside the grade book, so
 * that everything mqlab keeps about a student is in one directory, kept
 * the same way (labs/textfile.h: read without blocking, rewritten
 * atomically).  A line that is not "NAME NUMBER" is ignored when reading.
 *
 * See also: labs/hint.h, labs/gradebook.c
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
#include "labs/textfile.h"

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
	f = textfile_open(path);
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

int hint_level_put(const char *dir, int level)
{
	char path[PATH_MAX], line[256];

	if (hint_level_path(path, sizeof(path)) < 0)
		return -1;
	snprintf(line, sizeof(line), "%s %d", dir, level);
	return textfile_put_line(path, dir, line);
}
