/*
 * textfile.h - the small text files mqlab reads and keeps.
 *
 * Three needs shared by the grade book, the hint levels, the lab
 * handouts and the jails.  Reading: a path a user can point anywhere must never hang
 * us (a FIFO) nor feed us a device, so only a plain file is opened, and
 * without blocking.  Keeping: a file of "KEY VALUES..." lines, one per
 * lab, is small enough to rewrite whole: the other keys' lines are
 * copied into a temporary file in the same directory, the new line is
 * appended, and rename(2) swaps the two, so a crash or two writers at
 * once never leave it half written.  Writing the kernel's control files:
 * one string in one write(2), or the kernel takes only part of it.
 *
 * See also: labs/gradebook.c, labs/hint_level.c, labs/hint.c,
 *           labs/userns.c, labs/jail_cgroup.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEXTFILE_H
#define MQLAB_TEXTFILE_H

#include <stdio.h>

/* Open path for reading if it is a regular file.  Returns the stream, or
 * NULL with errno: open(2)'s, EISDIR for a directory, EINVAL for any
 * other kind of file. */
FILE *textfile_open(const char *path);

/*
 * Replace key's line in the file at path by line (which starts with key
 * and a space, without a newline), creating the file and its missing
 * directories (mode 0700).  Lines of other keys are kept; an unfinished
 * last line is dropped.  Returns 0, or -1 with errno, the old file then
 * unchanged: one that exists but cannot be read is never replaced, since
 * that would lose the other keys.
 */
int textfile_put_line(const char *path, const char *key, const char *line);

/* Write text to the existing file at path in one write(2), as the
 * kernel's control files (/proc/self/uid_map, a cgroup's limits) want
 * it.  Returns 0, or -1 with errno (open(2)'s or write(2)'s, EIO for a
 * short write). */
int textfile_write(const char *path, const char *text);

#endif
