/*
 * gradebook.c - the student's last grade per lab, kept between runs.
 *
 * One "NN-slug SCORE MAX UNIXTIME" line per lab, kept by labs/textfile.c
 * (read without blocking, rewritten atomically).
 *
 * See also: labs/gradebook.h, labs/textfile.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/gradebook.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/quote.h"
#include "labs/textfile.h"

int gradebook_path(char *buf, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	/* Relative paths are ignored, as the XDG spec says: they would
	 * name a different file in every directory. */
	if (state != NULL && state[0] == '/')
		n = snprintf(buf, size, "%s/mqlab/grades", state);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, size, "%s/.local/state/mqlab/grades", home);
	else
		n = -1;
	if (n < 0) {
		errno = ENOENT;
		return -1;
	}
	if ((size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int gradebook_env_check(char *why, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char shown[4 * QUOTE_VALUE_MAX + 8];

	if (state != NULL && state[0] != '\0' && state[0] != '/') {
		snprintf(why, size,
			 "XDG_STATE_HOME='%s' is not an absolute path, so it "
			 "is ignored (as the XDG spec says); make it one, or "
			 "unset it",
			 quote_value(shown, sizeof(shown), state));
		errno = EINVAL;
		return -1;
	}
	if ((state == NULL || state[0] == '\0') && home != NULL &&
	    home[0] != '\0' && home[0] != '/') {
		snprintf(why, size,
			 "HOME='%s' is not an absolute path, so your grades "
			 "are not kept; set HOME or XDG_STATE_HOME to one",
			 quote_value(shown, sizeof(shown), home));
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* Parse one line; returns 0 and fills *out when it is about dir.  Other
 * lines leave *out alone: a later lab's line must not overwrite the
 * match found earlier. */
static int gradebook_parse(const char *line, const char *dir,
			   struct gradebook_entry *out)
{
	struct gradebook_entry e;
	char name[128];
	long long when;

	if (sscanf(line, "%127s %d %d %lld", name, &e.score, &e.max, &when) !=
	    4)
		return -1;
	if (strcmp(name, dir) != 0)
		return -1;
	/* A line we did not write (an edit, a merge) is no grade. */
	if (e.max < 1 || e.score < 0 || e.score > e.max)
		return -1;
	e.when = (time_t)when;
	*out = e;
	return 0;
}

int gradebook_get(const char *dir, struct gradebook_entry *out)
{
	char path[PATH_MAX], line[256];
	int found = -1;
	FILE *f;

	if (gradebook_path(path, sizeof(path)) < 0)
		return -1;
	f = textfile_open(path);
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (gradebook_parse(line, dir, out) == 0)
			found = 0;
	fclose(f);
	if (found < 0)
		errno = ENOENT;
	return found;
}

int gradebook_put(const char *dir, int score, int max)
{
	char path[PATH_MAX], line[256];

	if (gradebook_path(path, sizeof(path)) < 0)
		return -1;
	snprintf(line, sizeof(line), "%s %d %d %lld", dir, score, max,
		 (long long)time(NULL));
	return textfile_put_line(path, dir, line);
}
