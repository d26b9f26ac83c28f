/*
 * tidy.c - remove what a run created, when it had no namespace of its own.
 *
 * System V queues are listed in /proc/sysvipc/msg, so "new since the
 * start" is exact.  POSIX queues cannot be listed without mounting an
 * mqueue file system, which the fallback cannot do, so they are judged
 * by name: see labs/tidy.h.  Whether a name is the run's is decided when
 * it is opened, while the pid of the opener is known.
 *
 * See also: labs/tidy.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/tidy.h"

#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#include "faults/fault.h"

static int tidy_push_int(int **v, size_t *n, int x)
{
	int *grown;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == x)
			return 0;
	grown = realloc(*v, (*n + 1) * sizeof(**v));
	if (grown == NULL)
		return -1;
	*v = grown;
	(*v)[(*n)++] = x;
	return 0;
}

static bool tidy_has(const int *v, size_t n, int x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

void tidy_init(struct tidy *t, bool enabled, const char *run_id)
{
	char line[512];
	int key, id;
	FILE *f;

	memset(t, 0, sizeof(*t));
	t->enabled = enabled;
	t->run_id = run_id;
	if (!enabled)
		return;
	f = fopen("/proc/sysvipc/msg", "re");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%d %d", &key, &id) == 2)
			tidy_push_int(&t->before, &t->nbefore, id);
	if (f != NULL)
		fclose(f);
}

/* Whether a POSIX name opened by pid is certainly the run's to remove:
 * it carries the run's id, or the opener's own pid ("-PID", not followed
 * by a digit), which no other live process can have. */
static bool tidy_ours(const struct tidy *t, const char *name, pid_t pid)
{
	char mark[24];
	const char *p;
	size_t n;

	if (t->run_id != NULL && t->run_id[0] != '\0' &&
	    strstr(name, t->run_id) != NULL)
		return true;
	n = (size_t)snprintf(mark, sizeof(mark), "-%ld", (long)pid);
	for (p = name; (p = strstr(p, mark)) != NULL; p++)
		if (p[n] < '0' || p[n] > '9')
			return true;
	return false;
}

void tidy_event(struct tidy *t, const struct fault_event *ev)
{
	long long *grown;
	char **names;
	bool *ours;
	key_t key;
	size_t i;

	if (!t->enabled || ev->phase != FAULT_ENTER)
		return;
	if (ev->msqid >= 0 && !tidy_has(t->before, t->nbefore, ev->msqid))
		tidy_push_int(&t->ids, &t->nids, ev->msqid);
	/* msgget's key is its first argument, and may be -1 itself (an
	 * ftok() failure used as a key, as lab 02 shows): ev->key's -1 would
	 * mean "unknown", so take the argument. */
	key = (key_t)ev->args[0];
	if (strcmp(ev->syscall, "msgget") == 0 && (ev->flags & IPC_CREAT) &&
	    key != IPC_PRIVATE) {
		for (i = 0; i < t->nkeys && t->keys[i] != key; i++)
			;
		grown = i == t->nkeys
				? realloc(t->keys, (i + 1) * sizeof(*grown))
				: NULL;
		if (grown != NULL) {
			t->keys = grown;
			t->keys[t->nkeys++] = key;
		}
	}
	if (strcmp(ev->syscall, "mq_open") == 0 && (ev->flags & O_CREAT) &&
	    ev->queue[0] == '/') {
		for (i = 0; i < t->nnames; i++)
			if (strcmp(t->names[i], ev->queue) == 0)
				return;
		names = realloc(t->names, (t->nnames + 1) * sizeof(*names));
		if (names == NULL)
			return;
		t->names = names;
		ours = realloc(t->ours, (t->nnames + 1) * sizeof(*ours));
		if (ours == NULL)
			return;
		t->ours = ours;
		t->ours[t->nnames] = tidy_ours(t, ev->queue, ev->pid);
		t->names[t->nnames] = strdup(ev->queue);
		if (t->names[t->nnames] != NULL)
			t->nnames++;
	}
}

static int tidy_unlink(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Remove /tmp/mqlab-*-RUNID, the files and directories of this run. */
static int tidy_files(const struct tidy *t)
{
	char pattern[64];
	glob_t found;
	size_t i;
	int removed = 0;

	if (t->run_id == NULL || t->run_id[0] == '\0')
		return 0;
	snprintf(pattern, sizeof(pattern), "/tmp/mqlab-*-%s", t->run_id);
	if (glob(pattern, GLOB_NOSORT, NULL, &found) != 0)
		return 0;
	for (i = 0; i < found.gl_pathc; i++) {
		nftw(found.gl_pathv[i], tidy_unlink, 8, FTW_DEPTH | FTW_PHYS);
		removed += access(found.gl_pathv[i], F_OK) != 0;
	}
	globfree(&found);
	return removed;
}

int tidy_sweep(struct tidy *t, char *left, size_t size)
{
	struct msqid_ds ds;
	size_t i, n = 0;
	int removed = 0;
	int id;

	if (left != NULL && size > 0)
		left[0] = '\0';
	if (!t->enabled)
		return 0;
	for (i = 0; i < t->nkeys; i++) {
		id = msgget((key_t)t->keys[i], 0);
		if (id >= 0 && !tidy_has(t->before, t->nbefore, id))
			tidy_push_int(&t->ids, &t->nids, id);
	}
	for (i = 0; i < t->nids; i++)
		if (msgctl(t->ids[i], IPC_STAT, &ds) == 0 &&
		    msgctl(t->ids[i], IPC_RMID, NULL) == 0)
			removed++;
	for (i = 0; i < t->nnames; i++) {
		if (t->ours[i]) {
			removed += mq_unlink(t->names[i]) == 0;
		} else if (left != NULL && n < size) {
			n += snprintf(left + n, size - n, "%s\n", t->names[i]);
		}
	}
	return removed + tidy_files(t);
}

void tidy_free(struct tidy *t)
{
	size_t i;

	for (i = 0; i < t->nnames; i++)
		free(t->names[i]);
	free(t->names);
	free(t->ours);
	free(t->keys);
	free(t->ids);
	free(t->before);
	memset(t, 0, sizeof(*t));
}
