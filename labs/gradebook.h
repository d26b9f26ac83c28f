/*
 * gradebook.h - the student's last grade per lab, kept between runs.
 *
 * One small text file, $XDG_STATE_HOME/mqlab/grades (by default
 * ~/.local/state/mqlab/grades), one line per lab: "NN-slug SCORE MAX
 * UNIXTIME".  It is rewritten whole into a temporary file that is then
 * renamed over the old one, so a crash or two graders at once never
 * leave it half written.  Grades of the reference solution are never
 * recorded.
 *
 * See also: tui/cmd-list.c, tui/cmd-grade.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_GRADEBOOK_H
#define MQLAB_GRADEBOOK_H

#include <stddef.h>
#include <time.h>

struct gradebook_entry {
	int score;
	int max;
	time_t when;
};

/* The file's path.  Returns 0, or -1 with ENOENT when neither
 * XDG_STATE_HOME nor HOME is set to an absolute path (relative ones are
 * ignored), ENAMETOOLONG when it does not fit. */
int gradebook_path(char *buf, size_t size);

/*
 * Whether XDG_STATE_HOME and HOME, when set, say what they mean: 0, or -1
 * with errno EINVAL and a one-line warning in why ("XDG_STATE_HOME='x' is
 * not an absolute path, so it is ignored ...; ...").  Unset is fine.
 */
int gradebook_env_check(char *why, size_t size);

/* The last grade of lab dir ("01-full-queue").  Returns 0, or -1 with
 * ENOENT when there is none (or no file), or another errno. */
int gradebook_get(const char *dir, struct gradebook_entry *out);

/* Record a grade, replacing the lab's previous one; creates the
 * directories.  Returns 0, or -1 with errno. */
int gradebook_put(const char *dir, int score, int max);

#endif
