/*
 * 02-ftok-collision.c - lab 02's reference: open a System V queue that is
 * really yours.
 *
 * Ownership is decided once, at creation: msgget() with IPC_CREAT |
 * IPC_EXCL succeeds only for a queue that did not exist, so whoever gets
 * an id from it created that queue.  When the key is taken (EEXIST), we
 * do not try to guess whose queue it is: we create a private queue
 * (IPC_PRIVATE is never handed out by key) and remember its id in a file.
 * Remembering the id is what makes a restart work, and it is safe: the
 * kernel builds ids from a slot and a sequence number (ipc_buildid() in
 * ipc/util.c), so a removed queue's id does not come back for the next
 * queue in its slot.  On a restart we still check that the recorded queue
 * exists and that we created it (msg_perm.cuid).
 *
 * See also: labs/02-ftok-collision/ftok_collision.h (the contract)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#include "labs/02-ftok-collision/ftok_collision.h"

/* The id recorded in path if it is still a queue we created, else -1. */
static int recorded_queue(const char *path)
{
	struct msqid_ds ds;
	FILE *f;
	int id, n;

	f = fopen(path, "r");
	if (f == NULL)
		return -1; /* never recorded: a first start */
	n = fscanf(f, "%d", &id);
	fclose(f);
	if (n != 1)
		return -1;
	/* Gone (EINVAL, EIDRM) or not readable by us: not ours any more. */
	if (msgctl(id, IPC_STAT, &ds) < 0)
		return -1;
	if (ds.msg_perm.cuid != geteuid())
		return -1;
	return id;
}

/* Write id to path through a temporary file and rename(), so that a crash
 * never leaves a half-written record.  Returns 0, or -1 with errno set. */
static int record_queue(const char *path, int id)
{
	char tmp[PATH_MAX + 8];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%d\n", id);
	if (fclose(f) == EOF)
		return -1;
	return rename(tmp, path);
}

int open_own_queue(const struct app *app)
{
	key_t key;
	int id, saved;

	key = ftok(app->keyfile, app->proj);
	if (key == -1)
		return -1; /* errno from stat(): ENOENT, EACCES, ... */

	id = recorded_queue(app->idfile);
	if (id >= 0)
		return id;

	id = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0 && errno != EEXIST)
		return -1; /* ENOSPC, ENOMEM, EACCES: nothing was created */
	if (id < 0) {
		/* The key is someone else's: ours will have no key at all. */
		id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (id < 0)
			return -1;
	}

	if (record_queue(app->idfile, id) < 0) {
		saved = errno;
		msgctl(id, IPC_RMID, NULL); /* ours: we just created it */
		errno = saved;
		return -1;
	}
	return id;
}
