/*
 * docs.h - what the documentation tests share: run a program, read text.
 *
 * tests/test_docs.c (the man pages) and tests/test_completion.c (bash
 * completion) run real programs (man, bash, mqlab, mqfault) and compare
 * what they print.  These helpers run one with stdout and stderr kept
 * apart, find the source tree's files, and pick words out of help texts
 * and rendered pages.
 *
 * They assert (Criterion): call them only in the test process.
 *
 * See also: tests/test_docs.c, tests/test_completion.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_DOCS_H
#define MQLAB_TEST_DOCS_H

#include <stdbool.h>
#include <stddef.h>

#define DOCS_PATH_MAX 4096

struct docs_out {
	char *out; /* stdout, terminated; owned */
	char *err; /* stderr, terminated; owned */
	int status;
};

/*
 * Run argv (NULL-terminated, found on PATH) with stdin from /dev/null,
 * LC_ALL=C.UTF-8, MANWIDTH=80 and HOME=/tmp, plus env (NULL-terminated
 * "NAME=VALUE" entries, may be NULL); wait for it and fill *o.  Free with
 * docs_out_free().
 */
void docs_run(struct docs_out *o, char *const argv[], char *const env[]);
void docs_out_free(struct docs_out *o);

/* Whether o's program exited with status code. */
bool docs_exited(const struct docs_out *o, int code);

/* The path of rel in the source tree (compiled in). */
void docs_source(char *buf, size_t size, const char *rel);

/* The whole content of the source tree's file rel, terminated; free() it. */
char *docs_slurp(const char *rel);

/* The programs under test: $MQLAB and $MQFAULT (make test sets them),
 * else the source tree's build/bin/. */
const char *docs_mqlab(void);
const char *docs_mqfault(void);

/* In text rendered by man: where the body of section name starts (the
 * line after its heading), or NULL. */
const char *docs_section(const char *text, const char *name);

/* Whether line is a section heading (a capital in column 0). */
bool docs_heading(const char *line);

/* The subcommands of `mqlab --help` ("  mqlab NAME ..." lines) into
 * names; returns how many. */
size_t docs_commands(const char *help, char (*names)[32], size_t max);

/* Every option word (-e, --json, --format=...: "--format") of a help
 * text into opts, each once; returns how many. */
size_t docs_options(const char *help, char (*opts)[40], size_t max);

/* Whether word occurs in text with no letter, digit or '-' touching it. */
bool docs_has_word(const char *text, const char *word);

#endif
