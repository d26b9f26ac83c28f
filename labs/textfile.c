/*
 * textfile.c - read plain files safely; keep "KEY ..." files atomically.
 *
 * See also: labs/textfile.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *textfile_open(const char *path)
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

/* mkdir -p of path's directory. */
static int textfile_mkdirs(const char *path)
{
	char dir[PATH_MAX], *p;

	if (strlen(path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(dir, path);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Copy every complete line of old whose first word is not key. */
static void textfile_copy_others(FILE *old, FILE *f, const char *key)
{
	size_t klen = strlen(key);
	char line[512];

	while (fgets(line, sizeof(line), old) != NULL) {
		if (strchr(line, '\n') == NULL)
			continue;
		if (strncmp(line, key, klen) == 0 &&
		    (line[klen] == ' ' || line[klen] == '\n'))
			continue;
		fputs(line, f);
	}
}

int textfile_put_line(const char *path, const char *key, const char *line)
{
	char tmp[PATH_MAX + 16];
	FILE *old, *f = NULL;
	int fd, saved;

	if (textfile_mkdirs(path) < 0)
		return -1;
	old = textfile_open(path);
	if (old == NULL && errno != ENOENT)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto out_old;
	f = fdopen(fd, "w");
	if (f == NULL)
		goto out_unlink;
	if (old != NULL)
		textfile_copy_others(old, f, key);
	fprintf(f, "%s\n", line);
	if (fflush(f) != 0 || fsync(fd) < 0)
		goto out_unlink;
	/* fclose() closes fd whatever it returns. */
	saved = fclose(f);
	f = NULL;
	fd = -1;
	if (saved != 0 || rename(tmp, path) < 0)
		goto out_unlink;
	if (old != NULL)
		fclose(old);
	return 0;

out_unlink:
	saved = errno;
	if (f != NULL)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
out_old:
	saved = errno;
	if (old != NULL)
		fclose(old);
	errno = saved;
	return -1;
}

int textfile_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int saved;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	saved = n < 0 ? errno : EIO;
	close(fd);
	if (n == (ssize_t)len)
		return 0;
	errno = saved;
	return -1;
}
