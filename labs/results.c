/*
 * results.c - read what a lab's check runner says about each test.
 *
 * The file ends with "end N", written after every test line: a runner
 * killed halfway leaves a file without it, which is refused rather than
 * read as "the missing checks did not exist".
 *
 * See also: labs/results.h, tests/labs/runner.c
 * SPDX-License-Identifier: MIT
 */
#include "labs/results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const results_names[] = {
	[RESULTS_PASSED] = "passed",   [RESULTS_FAILED] = "failed",
	[RESULTS_CRASHED] = "crashed", [RESULTS_TIMEOUT] = "timeout",
	[RESULTS_SKIPPED] = "skipped", [RESULTS_UNFINISHED] = "unfinished",
};

const char *results_status_name(enum results_status s)
{
	return results_names[s];
}

/* Undo the runner's escapes (\\, \t, \n, \r) into dst. */
static void results_unescape(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	for (; *src != '\0' && *src != '\n' && n + 1 < size; src++) {
		if (*src == '\\' && src[1] != '\0') {
			src++;
			dst[n++] = *src == 't'	 ? '\t'
				   : *src == 'n' ? '\n'
				   : *src == 'r' ? '\r'
						 : *src;
		} else {
			dst[n++] = *src;
		}
	}
	dst[n] = '\0';
}

static void results_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* Split a "test" line into t.  Returns 0, or -1 when malformed. */
static int results_parse(char *line, struct results_test *t)
{
	char *field[8];
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < 8; i++) {
		field[i] = strsep(&line, i < 7 ? "\t" : "\n");
		if (field[i] == NULL)
			return -1;
	}
	if (strcmp(field[0], "test") != 0)
		return -1;
	results_copy(t->suite, sizeof(t->suite), field[1]);
	results_copy(t->name, sizeof(t->name), field[2]);
	for (i = 0; i <= RESULTS_UNFINISHED; i++)
		if (strcmp(field[3], results_names[i]) == 0)
			break;
	if (i > RESULTS_UNFINISHED)
		return -1;
	t->status = i;
	t->signal = atoi(field[4]);
	t->exit_code = atoi(field[5]);
	t->timeout = strtod(field[6], NULL);
	results_unescape(t->message, sizeof(t->message), field[7]);
	return 0;
}

int results_load(const char *path, struct results *r)
{
	struct results_test *grown;
	char *line = NULL;
	size_t cap = 0, end = (size_t)-1;
	int saved = EBADMSG;
	FILE *f;

	memset(r, 0, sizeof(*r));
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (getline(&line, &cap, f) < 0 ||
	    strcmp(line, "mqlab-results 1\n") != 0)
		goto out_bad;
	while (getline(&line, &cap, f) > 0) {
		if (sscanf(line, "end %zu", &end) == 1)
			break;
		grown = realloc(r->tests, (r->n + 1) * sizeof(*r->tests));
		if (grown == NULL) {
			saved = ENOMEM;
			goto out_bad;
		}
		r->tests = grown;
		if (results_parse(line, &r->tests[r->n]) < 0)
			goto out_bad;
		r->n++;
	}
	if (end != r->n)
		goto out_bad;
	free(line);
	fclose(f);
	return 0;

out_bad:
	free(line);
	fclose(f);
	results_free(r);
	errno = saved;
	return -1;
}

void results_free(struct results *r)
{
	free(r->tests);
	r->tests = NULL;
	r->n = 0;
}

const struct results_test *results_find(const struct results *r,
					const char *suite, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->tests[i].suite, suite) == 0 &&
		    strcmp(r->tests[i].name, name) == 0)
			return &r->tests[i];
	return NULL;
}
