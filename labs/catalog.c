/*
 * catalog.c - the labs mqlab knows, and where their files are.
 *
 * Lookup is by number first, so "1" and "01" both find lab 01, then by
 * slug with or without its number.  Paths are built from the running
 * executable rather than from a compiled-in prefix, so a build tree and
 * an installed copy both work without configuration.
 *
 * See also: labs/catalog.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/catalog.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int catalog_number(const char *name)
{
	char *end;
	long n;

	if (*name < '0' || *name > '9')
		return -1;
	n = strtol(name, &end, 10);
	if (*end != '\0' || n < 0 || n > 99)
		return -1;
	return (int)n;
}

const struct lab *catalog_find(const char *name)
{
	const struct lab *const *l;
	int number = catalog_number(name);
	char dir[128];

	for (l = lab_registry; *l != NULL; l++) {
		catalog_dir(*l, dir, sizeof(dir));
		if ((*l)->number == number || strcmp((*l)->slug, name) == 0 ||
		    strcmp(dir, name) == 0)
			return *l;
	}
	errno = ENOENT;
	return NULL;
}

int catalog_dir(const struct lab *lab, char *buf, size_t size)
{
	return snprintf(buf, size, "%02d-%s", lab->number, lab->slug);
}

int catalog_numbers(char *buf, size_t size)
{
	const struct lab *const *l;
	int n = 0;

	if (size > 0)
		buf[0] = '\0';
	for (l = lab_registry; *l != NULL && (size_t)n < size; l++)
		n += snprintf(buf + n, size - n, "%s%02d",
			      l == lab_registry ? "" : ", ", (*l)->number);
	return n;
}

int catalog_program(const struct lab *lab, const char *name, char *buf,
		    size_t size)
{
	char exe[PATH_MAX];
	char dir[128];
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
	catalog_dir(lab, dir, sizeof(dir));
	n = snprintf(buf, size, "%s/../libexec/mqlab/%s/%s", exe, dir, name);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}
