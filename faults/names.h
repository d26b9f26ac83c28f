/*
 * names.h - the symbolic names a spec may use, and close matches for typos.
 *
 * Errno names (EAGAIN), signal names (SIGUSR1, USR1), the named constants
 * of if= predicates (IPC_NOWAIT, O_CREAT) and the man page of each
 * syscall.  A typo is answered with the nearest names by edit distance
 * ("did you mean EAGAIN?"), the way git and clang answer.
 *
 * See also: faults/names.c, faults/names_errno.c, faults/spec.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_NAMES_H
#define MQLAB_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct names_entry {
	const char *name;
	long long value;
};

/* Every errno name, numeric order, canonical name first (names_errno.c). */
extern const struct names_entry names_errno_table[];
extern const size_t names_errno_count;

/* The errno called name (case-insensitive: "EAGAIN", "eagain"), or -1. */
int names_errno(const char *name);

/* The canonical name of err ("EAGAIN" for EWOULDBLOCK), or NULL. */
const char *names_errno_name(int err);

/* The signal called name, with or without "SIG", any case, or -1. */
int names_signal(const char *name);

/* The name of sig without "SIG" ("USR1"), or NULL. */
const char *names_signal_name(int sig);

/* A named constant of if= ("IPC_NOWAIT"): true and *value set, or false. */
bool names_const(const char *name, int64_t *value);

/* The name of the i-th constant, or NULL past the end (for hints). */
const char *names_const_at(size_t i);

/* The man page that lists call's errors: "mq_send(3)" for mq_timedsend. */
const char *names_man(int call);

/* The library alias at index i ("mq_send"), or NULL past the end.
 * Defined in sysent.c next to the aliases themselves. */
const char *sysent_alias_at(size_t i);

/*
 * Close matches: feed candidates to names_suggest_add(), then
 * names_suggest_hint() writes "did you mean X?" (or "X or Y", best first)
 * for those within an edit distance of 2, or "" when none is close.
 */
#define NAMES_SUGGEST_MAX 3

struct names_suggest {
	const char *word;
	bool icase;
	const char *best[NAMES_SUGGEST_MAX];
	int dist[NAMES_SUGGEST_MAX];
	int n;
};

void names_suggest_init(struct names_suggest *s, const char *word, bool icase);
void names_suggest_add(struct names_suggest *s, const char *candidate);
void names_suggest_hint(const struct names_suggest *s, char *buf, size_t size);

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), capped: returns cap + 1 as soon as it exceeds cap. */
int names_distance(const char *a, const char *b, bool icase, int cap);

#endif
