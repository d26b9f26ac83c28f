/*
 * student.c - lab 04: your sweep_orphans().  The only file you edit.
 *
 * This first version does what a tired operator does with ipcs and
 * ipcrm: it lists every queue and removes all that look like ours.  The
 * listing is right (keep it); the removing is not.  Run it and watch
 * live workers, and another application, lose their queues:
 *
 *   mqlab run 04            "... was removed, and I live"
 *   mqlab grade 04          every check fails; the hints say why
 *
 * In the kernel: mqueue_unlink() in ipc/mqueue.c, freeque() in
 * ipc/msg.c.
 *
 * See also: labs/04-orphaned-queues/orphaned_queues.h (the contract),
 *           labs/04-orphaned-queues/README.md
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/msg.h>

#include "labs/04-orphaned-queues/orphaned_queues.h"

int sweep_orphans(const struct app *app, struct sweep_stats *st)
{
	char name[NAME_MAX + 2];
	struct dirent *entry;
	struct msginfo info;
	struct msqid_ds ds;
	int maxidx, msqid;
	DIR *dir;

	memset(st, 0, sizeof(*st));

	/* System V: MSG_INFO returns the highest slot in use, MSG_STAT
	 * takes a slot and returns the id of the queue in it. */
	maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);
	if (maxidx == -1)
		return -1;
	for (int slot = 0; slot <= maxidx; slot++) {
		msqid = msgctl(slot, MSG_STAT, &ds);
		if (msqid == -1)
			continue; /* an empty slot */
		/* TODO: app's keys are key_base + PID, 0 < PID <
		 * APP_KEY_SPAN; a key above that range is someone else's. */
		if (ds.msg_perm.__key < app->key_base)
			continue;
		/* TODO: remove it only when its owner is dead.  Is a process
		 * with that PID alive?  That is not the question. */
		if (msgctl(msqid, IPC_RMID, NULL) == -1)
			return -1; /* TODO: EIDRM, EINVAL: it vanished */
		st->removed++;
	}

	/* POSIX: each entry of the mqueue file system is a queue. */
	dir = opendir(app->mqueue_dir);
	if (dir == NULL)
		return -1;
	while ((entry = readdir(dir)) != NULL) {
		/* TODO: a prefix is not a match: "mqlab-04-worker-eu-7"
		 * starts with "mqlab-04-worker" too. */
		if (strncmp(entry->d_name, app->name, strlen(app->name)) != 0)
			continue;
		/* TODO: only orphans; and count the others in st->kept. */
		snprintf(name, sizeof(name), "/%s", entry->d_name);
		if (mq_unlink(name) == -1) {
			/* TODO: ENOENT: somebody was quicker; carry on. */
			closedir(dir);
			return -1;
		}
		st->removed++;
	}
	closedir(dir);
	return 0;
}
