/*
 * runname.c - queue names and System V keys unique to one lab run.
 *
 * The run id is read from the environment on every call, not cached, so
 * a test may set or unset it between calls.  Names are kept in a small
 * table so that callers get a stable pointer without owning memory.
 *
 * See also: labs/runname.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/runname.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>

#define NAME_SIZE 64

static char runname_names[RUNNAME_MAX][NAME_SIZE];

const char *runname_id(void)
{
	const char *id = getenv("MQLAB_RUN_ID");
	size_t n;

	if (id == NULL)
		return NULL;
	/* Only what the sandbox sets: it goes into names and paths, where
	 * a '/' or a long string must not reach. */
	n = strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		       "0123456789_-");
	return n > 0 && n <= RUNNAME_ID_MAX && id[n] == '\0' ? id : NULL;
}

const char *runname_queue(const char *base)
{
	const char *id = runname_id();
	char name[NAME_SIZE];
	int i, n;

	if (id == NULL)
		return base;
	n = snprintf(name, sizeof(name), "%s-%s", base, id);
	assert(n > 0 && (size_t)n < sizeof(name));
	for (i = 0; i < RUNNAME_MAX && runname_names[i][0] != '\0'; i++)
		if (strcmp(runname_names[i], name) == 0)
			return runname_names[i];
	assert(i < RUNNAME_MAX);
	memcpy(runname_names[i], name, (size_t)n + 1);
	return runname_names[i];
}

key_t runname_key(key_t base)
{
	const char *id = runname_id();
	uint32_t hash = 2166136261u; /* FNV-1a */
	key_t key;

	if (id == NULL)
		return base;
	for (; *id != '\0'; id++)
		hash = (hash ^ (unsigned char)*id) * 16777619u;
	key = (key_t)((uint32_t)base ^ hash);
	return key == IPC_PRIVATE ? base : key;
}
