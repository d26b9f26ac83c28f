/*
 * catalog.c - the labs mqlab knows, looked up in the generated registry.
 *
 * Lookup is by number first, so "1" and "01" both find lab 01, then by
 * slug with or without its number.
 *
 * See also: labs/catalog.h, labs/catalog_path.c (paths, which need no
 *           registry: the grader links them into tests)
 * SPDX-License-Identifier: MIT
 */
#include "labs/catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
