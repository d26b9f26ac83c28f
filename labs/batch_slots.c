/*
 * batch_slots.c - a range of jail slots that no other grading run uses.
 *
 * A jail's slot is its uid and its memory cgroup (labs/jail.h).  Two
 * mqlab processes grading at once must not share slots: a fork bomb in
 * one class would count against the other's process limit, and one run
 * would remove the other's cgroups.  So each run claims one of
 * BATCH_SLOT_RANGES ranges for as long as it lives, by binding an
 * abstract Unix socket named after the range: the kernel refuses a
 * second bind of the same name (EADDRINUSE), and the name goes with the
 * socket however the process ends, so there is no lock file to leave
 * behind or to clean up after a crash.  Abstract names belong to a
 * network namespace: runs in different network namespaces are not kept
 * apart (mqlab itself never makes one for the grader).
 *
 * See also: labs/batch.h, labs/jail.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/batch.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int batch_slots_claim(unsigned *base)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	socklen_t len;
	unsigned k;
	int fd, n;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	for (k = 0; k < BATCH_SLOT_RANGES; k++) {
		/* sun_path[0] = '\0': an abstract name, in no directory. */
		n = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
			     "mqlab-jail-slots-%u", k);
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				  (size_t)n);
		if (bind(fd, (struct sockaddr *)&sa, len) == 0) {
			*base = k * BATCH_SLOT_RANGE;
			return fd;
		}
		if (errno != EADDRINUSE)
			break;
	}
	if (errno == EADDRINUSE)
		errno = EBUSY;
	n = errno;
	close(fd);
	errno = n;
	return -1;
}
