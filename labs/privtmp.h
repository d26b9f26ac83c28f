/*
 * privtmp.h - a private /tmp that still shows where we run from.
 *
 * Lab runs and tests get a fresh tmpfs on /tmp in their own mount
 * namespace, so files they make there vanish with them, even after a
 * SIGKILL.  But the project itself may live under /tmp (a clone made in
 * a temporary folder, as CI does): a bare tmpfs would hide the running
 * program, the lab programs beside it and the working directory.  So the
 * entries of the old /tmp that hold those are bound back into the new
 * one at the same paths.
 *
 * See also: labs/sandbox.c, tests/helpers/isolate.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_PRIVTMP_H
#define MQLAB_PRIVTMP_H

/*
 * Mount a fresh tmpfs (mode 1777) on /tmp.  Call it in a private mount
 * namespace whose propagation is already private.  The top-level /tmp
 * entries holding /proc/self/exe and the working directory stay visible.
 * Returns 0, or -1 with errno set (/tmp is then unchanged, or has the
 * tmpfs without the entries when only binding them back failed).
 */
int privtmp_mount(void);

#endif
