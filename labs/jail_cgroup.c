/*
 * jail_cgroup.c - bound the memory a jail can make the kernel hold.
 *
 * Resource limits bound what a process maps, not what it makes the
 * kernel keep for it: System V messages (every IPC namespace a jail
 * creates may hold msgmni x msgmnb, 512 MiB by default, and a jail may
 * create one per process), POSIX messages, tmpfs pages.  The memory
 * controller charges all of these to the cgroup of the process that
 * made them, so each jail gets a cgroup of its own below ours,
 * "mqlab-jail-SLOT", with a hard limit.  The jail's first process joins
 * it while still root; its descendants inherit it and can never leave
 * (that takes write access to another cgroup's procs file, which the
 * slot's user has not).  Past the limit the kernel refuses allocations
 * (ENOMEM) or its OOM killer kills inside the jail, never outside.
 *
 * The v1 memory hierarchy (memory.limit_in_bytes) and cgroup v2
 * (memory.max, where our cgroup hands the controller down) are both
 * used.  Where neither is there, or we may not create cgroups, the jail
 * goes on without one: the other limits still hold.
 *
 * See also: labs/jail.h, Documentation/admin-guide/cgroup-v2.rst
 * SPDX-License-Identifier: MIT
 */
#include "labs/jail_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labs/textfile.h"

/* Whether word is one of the comma-separated items of list. */
static bool has_item(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* Whether the v2 cgroup dir hands the memory controller to children. */
static bool v2_delegates_memory(const char *dir)
{
	char path[PATH_MAX + 128], line[256] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	f = fopen(path, "re");
	if (f == NULL)
		return false;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	for (char *p = line; *p; p++)
		if (*p == ' ')
			*p = ',';
	return has_item(line, "memory");
}

/* The directory of slot's cgroup and the name of its limit file.
 * Returns 0, or -1 with ENOENT when no memory controller is usable. */
static int cgroup_dir(unsigned slot, char *dir, size_t size, const char **limit)
{
	char line[PATH_MAX + 64], base[PATH_MAX + 64];
	char *ctl, *path;
	int found = -1;
	FILE *f;

	f = fopen("/proc/self/cgroup", "re");
	if (f == NULL)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ctl = strchr(line, ':');
		path = ctl != NULL ? strchr(ctl + 1, ':') : NULL;
		if (path == NULL)
			continue;
		*path++ = '\0';
		ctl++;
		if (strcmp(path, "/") == 0)
			path = (char *)"";
		if (has_item(ctl, "memory")) {
			snprintf(base, sizeof(base), "/sys/fs/cgroup/memory%s",
				 path);
			*limit = "memory.limit_in_bytes";
			found = 0;
		} else if (*ctl == '\0') {
			snprintf(base, sizeof(base), "/sys/fs/cgroup%s", path);
			*limit = "memory.max";
			if (v2_delegates_memory(base))
				found = 0;
		}
	}
	fclose(f);
	if (found < 0) {
		errno = ENOENT;
		return -1;
	}
	if ((size_t)snprintf(dir, size, "%s/mqlab-jail-%u", base, slot) >=
	    size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX + 160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return textfile_write(path, text);
}

int jail_cgroup_join(unsigned slot, unsigned long long bytes)
{
	char dir[PATH_MAX + 128], text[32];
	const char *limit;

	if (bytes == 0 || cgroup_dir(slot, dir, sizeof(dir), &limit) < 0)
		return 0;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return 0;
	snprintf(text, sizeof(text), "%llu", bytes);
	/* A cgroup without its limit is no bound: then stay out of it. */
	if (write_file(dir, limit, text) < 0)
		return -1;
	snprintf(text, sizeof(text), "%d", (int)getpid());
	return write_file(dir, "cgroup.procs", text);
}

int jail_release(unsigned slot)
{
	char dir[PATH_MAX + 128];
	const char *limit;
	int tries;

	if (cgroup_dir(slot, dir, sizeof(dir), &limit) < 0)
		return errno == ENOENT ? 0 : -1;
	/* The last processes of a jail may still be leaving it: wait for
	 * them, 10 ms at a time, half a second at most. */
	for (tries = 0; rmdir(dir) < 0; tries++) {
		if (errno == ENOENT)
			return 0;
		if (errno != EBUSY || tries == 50)
			return -1;
		usleep(10000);
	}
	return 0;
}

bool jail_memory_bounded(void)
{
	char dir[PATH_MAX + 128];
	const char *limit;

	return cgroup_dir(0, dir, sizeof(dir), &limit) == 0;
}
