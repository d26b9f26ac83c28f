/*
 * rundir.c - where a run of lab 02 keeps its files, and how they go.
 *
 * The applications of lab 02 need real files: the key files whose inode
 * numbers make their keys, and the id files where they remember their
 * queues.  Under `mqlab run` these live in /tmp/mqlab-02, in the run's
 * own /tmp: a tmpfs that goes with the run however it ends, kill -9
 * included, so there is nothing to sweep.  In the fallback without
 * namespaces (labs/sandbox.h) /tmp is the host's and every run shares
 * it: the directory takes the run's id, MQLAB_RUN_ID, and setup sweeps
 * the directories that killed runs left behind.  Run by hand (see
 * scenario.c), it is /tmp/mqlab-02 on the host, which the next setup
 * replaces.
 *
 * See also: labs/02-ftok-collision/rundir.h, labs/sandbox.h
 * SPDX-License-Identifier: MIT
 */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "labs/02-ftok-collision/ftok_collision.h"
#include "labs/02-ftok-collision/rundir.h"
#include "labs/report.h"
#include "labs/runname.h"

#define STALE_S 600 /* no run lasts ten minutes */

void rundir_path(char *buf, size_t size, const char *name)
{
	const char *run = runname_id();

	snprintf(buf, size, "/tmp/mqlab-02%s%s%s%s", run ? "-" : "",
		 run ? run : "", name ? "/" : "", name ? name : "");
}

/* In the fallback: remove what runs killed long ago left in /tmp. */
static void sweep_stale(void)
{
	struct stat st;
	glob_t found;
	size_t i;

	if (runname_id() == NULL)
		return;
	if (glob("/tmp/mqlab-02-*", GLOB_NOSORT, NULL, &found) != 0)
		return;
	for (i = 0; i < found.gl_pathc; i++)
		if (stat(found.gl_pathv[i], &st) == 0 &&
		    st.st_mtime < time(NULL) - STALE_S)
			remove_tree(found.gl_pathv[i]);
	globfree(&found);
}

void rundir_create(char *dir, size_t size)
{
	sweep_stale();
	rundir_path(dir, size, NULL);
	if (remove_tree(dir) < 0)
		report_die("remove_tree");
	if (mkdir(dir, 0700) < 0)
		report_die("mkdir");
}

int rundir_leave(const char *name, int status)
{
	char path[PATH_MAX];

	rundir_path(path, sizeof(path), name);
	remove_tree(path);
	/* rmdir() fails, as it should, while others' files remain. */
	rundir_path(path, sizeof(path), NULL);
	rmdir(path);
	return status;
}
