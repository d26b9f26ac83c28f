/*
 * catalog_path.c - where a lab's files are: its folder name, its programs.
 *
 * Kept apart from the registry lookups in catalog.c so that code which
 * only needs paths (the grader, and the tests that link it) does not need
 * the generated registry.  Paths are built from the running executable
 * rather than from a compiled-in prefix, so a build tree and an
 * installed copy both work without configuration.
 *
 * See also: labs/catalog.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/catalog.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int catalog_dir(const struct lab *lab, char *buf, size_t size)
{
	return snprintf(buf, size, "%02d-%s", lab->number, lab->slug);
}

int catalog_libexec(const char *rel, char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t len;
	char *slash;
	int n;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len < 0)
		return -1;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (slash != NULL)
		*slash = '\0';
	n = snprintf(buf, size, "%s/../libexec/mqlab/%s", exe, rel);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int catalog_program(const struct lab *lab, const char *name, char *buf,
		    size_t size)
{
	char dir[128], rel[256];

	catalog_dir(lab, dir, sizeof(dir));
	snprintf(rel, sizeof(rel), "%s/%s", dir, name);
	return catalog_libexec(rel, buf, size);
}
