/*
 * skeleton.h - a lab's pristine student.c, and putting it back.
 *
 * `mqlab reset NN` gives a student their lab's skeleton back without
 * losing their own version.  The pristine copy comes from one of two
 * places, tried in this order:
 *
 *   ROOT/skeletons/NN-slug.c   the copy `make handout` puts in every
 *                              handout (a student's tree has no history)
 *   git HEAD                   in a source checkout, the committed
 *                              labs/NN-slug/student.c
 *
 * Restoring never loses anything: the current file is first copied to
 * student.c.bak-N, a number no backup has yet (an existing file is never
 * overwritten), and the skeleton is written to a temporary file beside
 * student.c and renamed over it, so student.c is at every moment either
 * the old file or the new one.  Nothing here prints or asks: confirming
 * is the caller's business.
 *
 * See also: tui/cmd-reset.c, Makefile (handout), labs/skeleton_restore.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SKELETON_H
#define MQLAB_SKELETON_H

#include <stddef.h>

/* A student.c bigger than this is not a lab's skeleton. */
#define SKELETON_MAX (1024 * 1024)

/* The handout's folder of pristine copies, under the tree's root. */
#define SKELETON_DIR "skeletons"

/*
 * Lab dir's ("01-full-queue") pristine skeleton in the tree at root.
 * On success *text is a malloc'd copy (NUL-terminated; free it), *len its
 * length, and from names where it came from ("skeletons/01-full-queue.c"
 * or "git HEAD").  Returns 0, or -1 with errno ENOENT (neither place has
 * it), EFBIG (beyond SKELETON_MAX), ENOMEM, or a read error's.
 */
int skeleton_read(const char *root, const char *dir, char **text, size_t *len,
		  char *from, size_t fromsize);

enum skeleton_state {
	SKELETON_SAME,	  /* path holds exactly text */
	SKELETON_CHANGED, /* it holds something else */
	SKELETON_MISSING, /* there is no file at path */
};

/* Compare the file at path with text[0..len).  Returns an enum
 * skeleton_state, or -1 with errno when path cannot be read. */
int skeleton_compare(const char *path, const char *text, size_t len);

/* The name the next backup of path will most likely get, "PATH.bak-N"
 * (another process may take N first), for a question to the user.
 * Returns 0, or -1 with ENAMETOOLONG. */
int skeleton_next_backup(const char *path, char *buf, size_t size);

/*
 * Put text[0..len) in place of the file at path.  When path exists its
 * content is first copied to "PATH.bak-N", N one more than the highest
 * such backup there is, and that name is given in backup (else backup
 * is ""); then text replaces path atomically, with path's permission
 * bits (0644 when it did not exist).  Returns 0, or -1 with errno, in
 * which case path is unchanged (a backup may have been made).
 */
int skeleton_restore(const char *path, const char *text, size_t len,
		     char *backup, size_t size);

#endif
