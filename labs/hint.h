/*
 * hint.h - a lab's hints, read from its README, and how many were shown.
 *
 * The hints have one source of truth: the "## Hints" section of the
 * lab's README.md (labs/NN-slug/README.md), three to five list items
 * from gentle to specific.  `mqlab hint NN` shows them one level at a
 * time; the level reached per lab is kept beside the grade book, in
 * $XDG_STATE_HOME/mqlab/hints (by default ~/.local/state/mqlab/hints),
 * one line per lab, "NN-slug LEVEL", rewritten whole through a temporary
 * file and rename(2) like the grades.  Nothing here prints.
 *
 * See also: tui/cmd-hint.c, labs/gradebook.h (the file beside this one)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_HINT_H
#define MQLAB_HINT_H

#include <stddef.h>

/* A README bigger than this is not a lab's README. */
#define HINT_README_MAX (1024 * 1024)

struct hint_list {
	char **items; /* each one item's text, markdown kept as written */
	size_t n;
};

/*
 * Parse the list under the "## Hints" heading of a README's text, up to
 * the next heading.  Items start with "- ", "* " or "N. "; any other
 * non-blank line continues the item before it (joined with one space).
 * Fills *out (empty when there is no such section).  Returns the number
 * of hints, or -1 with ENOMEM (and *out empty).  Free with hint_free().
 */
int hint_parse(const char *text, struct hint_list *out);

/* hint_parse() of the file at path.  Returns the number of hints, or -1
 * with fopen's or read's errno, EFBIG beyond HINT_README_MAX, ENOMEM. */
int hint_read(const char *path, struct hint_list *out);

/* Free list's items and leave it empty. */
void hint_free(struct hint_list *list);

/* The level file's path, beside the grade book's.  Returns 0, or -1
 * with gradebook_path()'s errno. */
int hint_level_path(char *buf, size_t size);

/* How many hints of lab dir ("01-full-queue") were shown: 0 when none
 * (no line, or no file yet), else the level last recorded.  Returns -1
 * with errno when the file exists but cannot be read. */
int hint_level_get(const char *dir);

/* Record lab dir's level (0 starts over), replacing its previous line;
 * creates the directories.  Returns 0, or -1 with errno. */
int hint_level_put(const char *dir, int level);

#endif
