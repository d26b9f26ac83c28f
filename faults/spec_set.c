/*
 * spec_set.c - the syscall set of a spec: "mq_send,%msg", "!mq_open".
 *
 * strace's set syntax, on our ten syscalls: names, numbers, %classes,
 * /regex, ?name (no error when nothing matches) and a leading ! that
 * negates the whole list.  Negation is relative to %ipcq, never to every
 * syscall: mqfault only ever sees queue syscalls.  Our one addition: a
 * later item may start with ! to take calls out ("%mq,!mq_open").
 * strace's own classes keep their meaning restricted to our table
 * (%ipc is %msg here, %desc is the mq_* calls that take a descriptor),
 * with a note; a real syscall outside the table is an error that says so.
 *
 * See also: faults/spec.h, faults/sysent.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <regex.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/names.h"
#include "faults/spec.h"
#include "faults/sysent.h"

#define BIT(name) (1u << sysent_lookup(name, NULL))

/* strace's classes and what is left of them in our table. */
static const struct {
	const char *name;
	const char *note; /* NULL: one of ours, no note */
} classes[] = {
	{"%mq", NULL},
	{"%msg", NULL},
	{"%ipcq", NULL},
	{"all", NULL},
	{"%ipc", "note: %ipc here means its message queue calls, %msg"},
	{"ipc", "note: %ipc here means its message queue calls, %msg"},
	{"%desc", "note: %desc here means the mq_* calls on a descriptor"},
	{"desc", "note: %desc here means the mq_* calls on a descriptor"},
};

/* strace classes without a single queue syscall in them. */
static const char *const empty_classes[] = {
	"%file",    "%process", "%net",	  "%network", "%signal", "%memory",
	"%creds",   "%stat",	"%lstat", "%fstat",   "%%stat",	 "%statfs",
	"%fstatfs", "%%statfs", "%pure",  "%clock",   "file",	 "process",
	"network",  "signal",	"memory",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void spec_set_names(uint32_t mask, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < sysent_count && used < size; c++) {
		if (!(mask & (1u << c)))
			continue;
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
			 sysent_table[c].name);
		used += strlen(buf + used);
	}
}

static uint32_t class_mask(const char *name)
{
	if (strcmp(name, "all") == 0)
		return sysent_all();
	if (strcmp(name, "%ipc") == 0 || strcmp(name, "ipc") == 0)
		return sysent_class("msg");
	if (strcmp(name, "%desc") == 0 || strcmp(name, "desc") == 0)
		return sysent_class("mq") & ~BIT("mq_unlink");
	return sysent_class(name);
}

static int bad(struct spec_set_result *res, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct spec_set_result *res, size_t col, const char *fmt, ...)
{
	va_list ap;

	res->column = col;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

static void suggest(const char *word, char *hint, size_t size)
{
	struct names_suggest s;
	const char *alias;

	names_suggest_init(&s, word, true);
	for (int c = 0; c < sysent_count; c++)
		names_suggest_add(&s, sysent_table[c].name);
	for (size_t i = 0; (alias = sysent_alias_at(i)); i++)
		names_suggest_add(&s, alias);
	for (size_t i = 0; i < COUNT(classes); i++)
		names_suggest_add(&s, classes[i].name);
	names_suggest_hint(&s, hint, size);
}

static int regex_mask(const char *re, uint32_t *mask, char *msg, size_t size)
{
	size_t reps = strcspn(re, "{") == strlen(re) ? 0 : 99;
	regex_t rx;
	int rc;

	/* glibc's regcomp copies a subexpression for every repetition, so
	 * "a++++..." or "a{999}{999}" costs memory exponentially.  Ten
	 * names need neither. */
	for (const char *c = re; *c; c++)
		reps += *c == '*' || *c == '+' || *c == '?';
	if (reps > 8 || strlen(re) > 128) {
		snprintf(msg, size, "too complex (at most 8 of * + ?, no {})");
		return -1;
	}
	rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &rx, msg, size);
		return -1;
	}
	*mask = 0;
	for (int c = 0; c < sysent_count; c++)
		if (regexec(&rx, sysent_table[c].name, 0, NULL, 0) == 0)
			*mask |= 1u << c;
	regfree(&rx);
	return 0;
}

/* One item (without ! and ?) into *mask; *mask 0 means nothing matched.
 * Returns 0, 1 for "unknown", or -1 for an error already in res. */
static int item(const char *w, size_t col, uint32_t *mask,
		struct spec_set_result *res,
		int (*note)(void *arg, const char *line), void *arg)
{
	char line[160], re_msg[96], *end;
	bool alias;
	int c;

	*mask = 0;
	if (w[0] == '/') {
		if (regex_mask(w + 1, mask, re_msg, sizeof(re_msg)) < 0)
			return bad(res, col, "bad regex '%s': %s", w + 1,
				   re_msg);
		return *mask ? 0 : 1;
	}
	if (w[0] >= '0' && w[0] <= '9') {
		long nr = strtol(w, &end, 10);

		for (c = 0; *end == '\0' && c < sysent_count; c++)
			if (sysent_table[c].nr == nr)
				*mask = 1u << c;
		return *mask ? 0 : 1;
	}
	for (size_t i = 0; i < COUNT(classes); i++) {
		if (strcmp(w, classes[i].name) == 0) {
			*mask = class_mask(w);
			if (classes[i].note && note(arg, classes[i].note) < 0)
				return -1;
			return 0;
		}
	}
	for (size_t i = 0; i < COUNT(empty_classes); i++)
		if (strcmp(w, empty_classes[i]) == 0)
			return 1;
	c = sysent_lookup(w, &alias);
	if (c < 0)
		return 1;
	*mask = 1u << c;
	if (alias) {
		snprintf(line, sizeof(line), "note: %s is %s to the kernel", w,
			 sysent_table[c].name);
		if (note(arg, line) < 0)
			return -1;
	}
	return 0;
}

/* Why w matched nothing, in the most useful words we have. */
static int unknown(const char *w, size_t col, struct spec_set_result *res)
{
	char all[160];

	spec_set_names(sysent_all(), all, sizeof(all));
	if (w[0] == '/')
		return bad(res, col,
			   "regex '%s' matches no message-queue "
			   "syscall; mqfault injects into %%ipcq: %s",
			   w + 1, all);
	for (size_t i = 0; i < COUNT(empty_classes); i++)
		if (strcmp(w, empty_classes[i]) == 0)
			return bad(res, col,
				   "%s has no message-queue syscall; mqfault "
				   "injects into %%ipcq: %s",
				   w, all);
	if (w[0] == '%' || (w[0] >= '0' && w[0] <= '9') ||
	    seccomp_syscall_resolve_name(w) != __NR_SCMP_ERROR) {
		suggest(w, res->hint, sizeof(res->hint));
		return bad(res, col,
			   "%s is not a message-queue syscall; mqfault "
			   "injects into %%ipcq: %s",
			   w, all);
	}
	if (strcmp(w, "mq_close") == 0)
		return bad(res, col,
			   "mq_close is close(2) on the descriptor, not a "
			   "message-queue syscall; mqfault injects into "
			   "%%ipcq: %s",
			   all);
	suggest(w, res->hint, sizeof(res->hint));
	return bad(res, col,
		   "unknown syscall '%s'; expected a syscall name, %%class "
		   "or !name",
		   w);
}

/* "name@64" is the native personality: the suffix changes nothing. */
static int personality(char *w, size_t col, struct spec_set_result *res)
{
	char *at = strchr(w, '@');

	if (!at)
		return 0;
	if (strcmp(at, "@64") == 0) {
		*at = '\0';
		return 0;
	}
	return bad(res, col + (size_t)(at - w),
		   "mqfault sees only the native x86_64 personality; "
		   "expected @64 or nothing after '%.*s'",
		   (int)(at - w), w);
}

int spec_set_parse(const char *s, size_t len, struct spec_set_result *res,
		   int (*note)(void *arg, const char *line), void *arg)
{
	bool negate = false, tolerant = false;
	const char *bad_chars;
	size_t i = 0, start, col;
	uint32_t set = 0, mask;
	char w[128];
	int rc;

	memset(res, 0, sizeof(*res));
	if (len > 0 && s[0] == '!') {
		negate = true;
		i = 1;
	}
	if (i == len)
		return bad(res, i,
			   "empty syscall set; expected a syscall name, "
			   "%%class or !name");
	for (;;) {
		bool sub = false, quiet = false;

		start = i;
		while (i < len && s[i] != ',')
			i++;
		col = start;
		if (col < i && s[col] == '!') {
			if (negate)
				return bad(res, col,
					   "a negated set ('!' first) cannot "
					   "negate items again");
			sub = true;
			col++;
		}
		if (col < i && s[col] == '?') {
			quiet = tolerant = true;
			col++;
		}
		if (col == i)
			return bad(res, col,
				   "empty syscall name; expected a syscall "
				   "name, %%class or !name");
		if (i - col >= sizeof(w))
			return bad(res, col, "syscall name too long");
		memcpy(w, s + col, i - col);
		w[i - col] = '\0';
		/* A regex may use ? and !; a name never does. */
		bad_chars = w[0] == '/' ? " \t\"" : "= \t\"!?";
		if (strpbrk(w, bad_chars))
			return bad(res, col + strcspn(w, bad_chars),
				   "unexpected '%c' in the syscall set; "
				   "expected SET:key=value...",
				   w[strcspn(w, bad_chars)]);
		if (personality(w, col, res) < 0)
			return -1;
		rc = item(w, col, &mask, res, note, arg);
		if (rc < 0)
			return -1;
		if (rc > 0 && !quiet)
			return unknown(w, col, res);
		set = sub ? set & ~mask : set | mask;
		if (i == len)
			break;
		i++;
	}
	if (negate)
		set = sysent_all() & ~set;
	if (set == 0 && !tolerant)
		return bad(res, 0,
			   "the syscall set is empty; expected a syscall "
			   "name, %%class or !name");
	if (set == 0 && note(arg, "note: the syscall set is empty: this "
				  "rule never acts") < 0)
		return -1;
	res->calls = set;
	return 0;
}
