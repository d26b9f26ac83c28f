/*
 * skeleton_restore.c - put a skeleton back without losing the student's
 * file.
 *
 * Order matters: the backup is complete (written and fsync'd) before
 * student.c is touched, and student.c is replaced by rename(2) of a
 * finished temporary file, so a crash at any point leaves either the old
 * student.c or the new one, and the old content always somewhere.  A
 * backup is created with O_EXCL under a number above every backup there
 * is, so an existing backup is never overwritten, and the numbers keep
 * the order in which the versions were set aside.
 *
 * See also: labs/skeleton.h, labs/skeleton.c
 * SPDX-License-Identifier: MIT
 */
#include "labs/skeleton.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write all of buf to fd. */
static int skeleton_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The highest N of "BASE.bak-N" in directory dir, 0 when none. */
static unsigned long skeleton_last_backup(const char *dir, const char *base)
{
	size_t blen = strlen(base);
	unsigned long n, max = 0;
	struct dirent *e;
	char *end;
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, base, blen) != 0 ||
		    strncmp(e->d_name + blen, ".bak-", 5) != 0)
			continue;
		errno = 0;
		n = strtoul(e->d_name + blen + 5, &end, 10);
		if (*end == '\0' && errno == 0 && n > max)
			max = n;
	}
	closedir(d);
	return max;
}

static unsigned long skeleton_last_of(const char *path)
{
	char dirbuf[PATH_MAX], basebuf[PATH_MAX];

	snprintf(dirbuf, sizeof(dirbuf), "%s", path);
	snprintf(basebuf, sizeof(basebuf), "%s", path);
	return skeleton_last_backup(dirname(dirbuf), basename(basebuf));
}

static int skeleton_backup_name(const char *path, unsigned long n, char *buf,
				size_t size)
{
	int len = snprintf(buf, size, "%s.bak-%lu", path, n);

	if (len < 0 || (size_t)len >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int skeleton_next_backup(const char *path, char *buf, size_t size)
{
	return skeleton_backup_name(path, skeleton_last_of(path) + 1, buf,
				    size);
}

/* Copy from (open for reading) into a new file "path.bak-N", named in
 * backup.  Returns 0, or -1 with errno. */
static int skeleton_backup(int from, const char *path, mode_t mode,
			   char *backup, size_t size)
{
	unsigned long n = skeleton_last_of(path);
	int fd = -1, saved;
	char buf[8192];
	ssize_t got;

	/* Someone may take our number meanwhile: O_EXCL, then the next. */
	while (fd < 0) {
		if (skeleton_backup_name(path, ++n, backup, size) < 0)
			return -1;
		fd = open(backup, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  mode);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	while ((got = read(from, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || skeleton_write_all(fd, buf, (size_t)got) < 0)
			goto out_unlink;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto out_unlink;
	}
	return 0;

out_unlink:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(backup);
	errno = saved;
	return -1;
}

/* Write text to a temporary file beside path, then rename it over. */
static int skeleton_replace(const char *path, const char *text, size_t len,
			    mode_t mode)
{
	char tmp[PATH_MAX];
	int fd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new-XXXXXX", path) >=
	    sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (skeleton_write_all(fd, text, len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0)
		goto out_close;
	if (close(fd) < 0) {
		fd = -1;
		goto out_unlink;
	}
	if (rename(tmp, path) < 0)
		goto out_unlink;
	return 0;

out_close:
	saved = errno;
	close(fd);
	errno = saved;
out_unlink:
	saved = errno;
	unlink(tmp);
	errno = saved;
	return -1;
}

int skeleton_restore(const char *path, const char *text, size_t len,
		     char *backup, size_t size)
{
	mode_t mode = 0644;
	struct stat st;
	int fd, ret, saved;

	if (size > 0)
		backup[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT)
		return -1;
	if (fd >= 0) {
		if (fstat(fd, &st) < 0)
			goto out_close;
		mode = st.st_mode & 07777;
		if (skeleton_backup(fd, path, mode, backup, size) < 0)
			goto out_close;
		close(fd);
	}
	ret = skeleton_replace(path, text, len, mode);
	return ret;

out_close:
	saved = errno;
	close(fd);
	if (size > 0)
		backup[0] = '\0';
	errno = saved;
	return -1;
}
