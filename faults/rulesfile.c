/*
 * rulesfile.c - read a rules file: one fault spec a line.
 *
 * Reading is careful about what the path names, because a user types it:
 * the file is opened without blocking (a FIFO that nobody writes to must
 * not hang mqfault: with O_NONBLOCK the open returns, and a read then
 * sees the end of the file at once), a directory or a device is refused
 * after fstat() rather than read (/dev/zero never ends), and no more than
 * RULESFILE_MAX bytes are read.  A pipe that someone does write to, as
 * with --rules <(generate-rules), is read to its end as usual.
 *
 * Parsing works on the bytes read, line by line, into one batch
 * (faults/plan.h): the first bad line stops it and the plan is left as
 * it was.
 *
 * See also: faults/rulesfile.h, faults/plan.c
 * SPDX-License-Identifier: MIT
 */
#include "faults/rulesfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/plan.h"

/* Fill err for a problem with the file as a whole (line 0) or with line
 * lineno, whose len bytes are text; column -1 when no byte is to blame. */
static int file_error(struct fault_error *err, const char *name, int lineno,
		      const char *text, size_t len, long column,
		      const char *message)
{
	if (err != NULL) {
		memset(err, 0, sizeof(*err));
		snprintf(err->file, sizeof(err->file), "%s", name);
		err->line = lineno;
		if (len >= sizeof(err->text))
			len = sizeof(err->text) - 1;
		memcpy(err->text, text, len);
		err->column = (int)column;
		snprintf(err->message, sizeof(err->message), "%s", message);
	}
	errno = EINVAL;
	return -1;
}

/* Cut a trailing '#' comment (outside quotes) and surrounding blanks. */
static char *clean_line(char *line)
{
	bool in = false;
	size_t n;

	for (char *p = line; *p; p++) {
		if (in && *p == '\\' && p[1])
			p++;
		else if (*p == '"')
			in = !in;
		else if (!in && *p == '#') {
			*p = '\0';
			break;
		}
	}
	n = strlen(line);
	while (n > 0 && strchr(" \t\r\n", line[n - 1]))
		line[--n] = '\0';
	return line;
}

/* Add one line (len bytes, no '\n') to b.  Returns 0 or -1. */
static int add_line(struct plan_batch *b, const char *name, int lineno,
		    const char *line, size_t len, struct fault_error *err)
{
	const char *nul = memchr(line, '\0', len);
	char *copy, *spec;
	int ret = 0;

	if (nul != NULL)
		return file_error(err, name, lineno, line, len, nul - line,
				  "a NUL byte; a rules file is text, one "
				  "spec a line (is this a binary file?)");
	copy = malloc(len + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, line, len);
	copy[len] = '\0';
	spec = clean_line(copy);
	if (spec[strspn(spec, " \t")] != '\0') {
		snprintf(b->prefix, sizeof(b->prefix), "%s:%d: ", name, lineno);
		ret = plan_batch_add(b, spec, err);
		if (ret < 0 && err != NULL && errno == EINVAL) {
			snprintf(err->file, sizeof(err->file), "%s", name);
			err->line = lineno;
		}
	}
	free(copy);
	return ret;
}

int rulesfile_parse(struct fault_plan *plan, const char *name, const char *buf,
		    size_t len, struct fault_error *err)
{
	struct plan_batch b;
	const char *line = buf, *nl;
	int lineno = 0, added, saved;

	if (plan == NULL || name == NULL || (buf == NULL && len > 0)) {
		errno = EINVAL;
		return -1;
	}
	plan_batch_init(&b);
	while (line < buf + len) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (nl == NULL)
			nl = buf + len;
		if (add_line(&b, name, ++lineno, line, (size_t)(nl - line),
			     err) < 0)
			goto out_free;
		line = nl + 1;
	}
	added = (int)b.nrules;
	if (plan_batch_commit(plan, &b) < 0)
		goto out_free;
	return added;
out_free:
	saved = errno;
	plan_batch_free(&b);
	errno = saved;
	return -1;
}

/* Read all of fd, at most RULESFILE_MAX bytes.  Returns the bytes
 * (malloc'd) and their count in *len, or NULL with errno; EFBIG when
 * there is more. */
static char *read_all(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t got;

	while (buf != NULL) {
		if (n == cap) {
			if (cap > RULESFILE_MAX) {
				errno = EFBIG;
				break;
			}
			nb = realloc(buf, cap * 2);
			if (nb == NULL)
				break;
			buf = nb;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		if (got == 0) {
			if (n > RULESFILE_MAX) {
				errno = EFBIG;
				break;
			}
			*len = n;
			return buf;
		}
		n += (size_t)got;
	}
	free(buf);
	return NULL;
}

int fault_plan_load(struct fault_plan *plan, const char *path,
		    struct fault_error *err)
{
	struct stat st;
	size_t len = 0;
	char *buf;
	int fd, ret, saved;

	if (plan == NULL || path == NULL) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto out_close;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		file_error(err, path, 0, "", 0, -1,
			   "not a file but a device or a socket; give a file "
			   "of specs, one a line");
		goto out_close;
	}
	/* A pipe with a writer is read to its end, however slow. */
	if (S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		goto out_close;
	buf = read_all(fd, &len);
	if (buf == NULL) {
		if (errno == EFBIG)
			file_error(err, path, 0, "", 0, -1,
				   "larger than 1 MiB; a rules file is a "
				   "short list of specs, one a line");
		goto out_close;
	}
	close(fd);
	ret = rulesfile_parse(plan, path, buf, len, err);
	saved = errno;
	free(buf);
	errno = saved;
	return ret;
out_close:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}
