/*
 * counter.c - per-process and per-thread invocation counters of rules.
 *
 * Open addressing with linear probing, grown at half full: lookups are a
 * hash and a probe or two, on the per-notification path.
 *
 * See also: faults/counter.h
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "faults/counter.h"

static size_t slot_of(size_t cap, size_t key, pid_t id)
{
	uint64_t h = ((uint64_t)key << 32) ^ (uint32_t)id;

	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 32) & (cap - 1);
}

static struct counter_slot *find(struct counter_slot *slot, size_t cap,
				 size_t key, pid_t id)
{
	size_t i = slot_of(cap, key, id);

	while (slot[i].key_plus1 &&
	       (slot[i].key_plus1 != key + 1 || slot[i].id != id))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static int grow(struct counter_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct counter_slot *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		struct counter_slot *s = &t->slot[i];
		if (s->key_plus1)
			*find(slot, cap, s->key_plus1 - 1, s->id) = *s;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	return 0;
}

uint64_t *counter_get(struct counter_table *t, size_t key, pid_t id)
{
	struct counter_slot *s;

	if ((t->used + 1) * 2 > t->cap && grow(t) < 0)
		return NULL;
	s = find(t->slot, t->cap, key, id);
	if (!s->key_plus1) {
		s->key_plus1 = key + 1;
		s->id = id;
		s->n = 0;
		t->used++;
	}
	return &s->n;
}

void counter_free(struct counter_table *t)
{
	free(t->slot);
	t->slot = NULL;
	t->cap = t->used = 0;
}
