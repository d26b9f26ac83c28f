/*
 * gradebook.c - the student's last grade per lab, kept between runs.
 *
 * Small enough to read whole and rewrite whole: the old file is copied
 * line by line into a temporary file in the same directory, without the
 * lab's old line, the new line is appended, and rename(2) swaps the two
 * atomically.
 *
 * See also: labs/gradebook.h
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

/* Open the grade book for reading, or NULL with errno.  Without blocking:
 * a FIFO in its place must not hang mqlab list; and only a plain file. */
static FILE *gradebook_open(const char *path)
{
	struct stat st;
	FILE *f;
	int fd, saved;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto out_close;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto out_close;
	}
	f = fdopen(fd, "r");
	if (f != NULL)
		return f;
out_close:
	saved = errno;
	close(fd);
	errno = saved;
	return NULL;
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
	f = gradebook_open(path);
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

/* mkdir -p of path's directory. */
static int gradebook_mkdirs(char *path)
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

int gradebook_put(const char *dir, int score, int max)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16], line[256];
	struct gradebook_entry e;
	FILE *old, *f;
	int fd, saved;

	if (gradebook_path(path, sizeof(path)) < 0 ||
	    gradebook_mkdirs(path) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL)
		goto out_unlink;
	old = gradebook_open(path);
	/* Without the old lines the other labs' grades would be lost. */
	if (old == NULL && errno != ENOENT) {
		saved = errno;
		fclose(f);
		errno = saved;
		goto out_unlink;
	}
	while (old != NULL && fgets(line, sizeof(line), old) != NULL)
		if (gradebook_parse(line, dir, &e) < 0 && strchr(line, '\n'))
			fputs(line, f);
	if (old != NULL)
		fclose(old);
	fprintf(f, "%s %d %d %lld\n", dir, score, max, (long long)time(NULL));
	if (fflush(f) != 0 || fsync(fileno(f)) < 0) {
		saved = errno;
		fclose(f);
		errno = saved;
		goto out_unlink;
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		goto out_unlink;
	return 0;

out_unlink:
	saved = errno;
	if (f == NULL)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}
