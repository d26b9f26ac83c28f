/*
 * names.c - look up errno, signal and constant names; suggest close ones.
 *
 * Tables rather than switches: a new constant is a new row.  Lookups of
 * errno and signal names ignore case because nobody means "eagain" to be
 * anything but EAGAIN; constants of if= are exact, like the C they come
 * from.  Suggestions rank candidates by optimal string alignment distance
 * (a transposition such as "mq_sned" costs 1) and keep the best three
 * within distance 2, so a hint never lists half the table.
 *
 * See also: faults/names.h, faults/names_errno.c, faults/spec.c
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include "faults/names.h"
#include "faults/sysent.h"

#define ROW(c)          \
	{               \
#c, (c) \
	}

static const struct names_entry signals[] = {
	{"HUP", SIGHUP},       {"INT", SIGINT},	      {"QUIT", SIGQUIT},
	{"ILL", SIGILL},       {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},
	{"IOT", SIGIOT},       {"BUS", SIGBUS},	      {"FPE", SIGFPE},
	{"KILL", SIGKILL},     {"USR1", SIGUSR1},     {"SEGV", SIGSEGV},
	{"USR2", SIGUSR2},     {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},
	{"TERM", SIGTERM},     {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},
	{"CLD", SIGCHLD},      {"CONT", SIGCONT},     {"STOP", SIGSTOP},
	{"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},
	{"URG", SIGURG},       {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},
	{"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},     {"WINCH", SIGWINCH},
	{"IO", SIGIO},	       {"POLL", SIGPOLL},     {"PWR", SIGPWR},
	{"SYS", SIGSYS},
};

/* The constants a predicate compares flags and commands against. */
static const struct names_entry consts[] = {
	ROW(O_RDONLY),	   ROW(O_WRONLY),    ROW(O_RDWR),      ROW(O_CREAT),
	ROW(O_EXCL),	   ROW(O_NONBLOCK),  ROW(O_CLOEXEC),   ROW(IPC_CREAT),
	ROW(IPC_EXCL),	   ROW(IPC_NOWAIT),  ROW(IPC_PRIVATE), ROW(IPC_RMID),
	ROW(IPC_SET),	   ROW(IPC_STAT),    ROW(IPC_INFO),    ROW(MSG_INFO),
	ROW(MSG_STAT),	   ROW(MSG_NOERROR), ROW(MSG_EXCEPT),
#ifdef MSG_COPY
	ROW(MSG_COPY),
#endif
#ifdef MSG_STAT_ANY
	ROW(MSG_STAT_ANY),
#endif
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int names_errno(const char *name)
{
	for (size_t i = 0; i < names_errno_count; i++)
		if (strcasecmp(name, names_errno_table[i].name) == 0)
			return (int)names_errno_table[i].value;
	return -1;
}

const char *names_errno_name(int err)
{
	for (size_t i = 0; i < names_errno_count; i++)
		if (names_errno_table[i].value == err)
			return names_errno_table[i].name;
	return NULL;
}

/* "RTMIN", "RTMIN+3", "RTMAX-2": real-time signals have no fixed number. */
static int rt_signal(const char *name)
{
	int base, sign, sig;
	char *end;
	long off = 0;

	if (strncasecmp(name, "RTMIN", 5) == 0)
		base = SIGRTMIN, sign = 1;
	else if (strncasecmp(name, "RTMAX", 5) == 0)
		base = SIGRTMAX, sign = -1;
	else
		return -1;
	name += 5;
	if (*name) {
		if (*name != (sign > 0 ? '+' : '-') ||
		    !isdigit((unsigned char)name[1]))
			return -1;
		off = strtol(name + 1, &end, 10);
		if (*end || off > SIGRTMAX - SIGRTMIN)
			return -1;
	}
	sig = base + sign * (int)off;
	return sig;
}

int names_signal(const char *name)
{
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (size_t i = 0; i < COUNT(signals); i++)
		if (strcasecmp(name, signals[i].name) == 0)
			return (int)signals[i].value;
	return rt_signal(name);
}

const char *names_signal_name(int sig)
{
	for (size_t i = 0; i < COUNT(signals); i++)
		if (signals[i].value == sig)
			return signals[i].name;
	return NULL;
}

bool names_const(const char *name, int64_t *value)
{
	for (size_t i = 0; i < COUNT(consts); i++) {
		if (strcmp(name, consts[i].name) == 0) {
			*value = consts[i].value;
			return true;
		}
	}
	return false;
}

const char *names_const_at(size_t i)
{
	return i < COUNT(consts) ? consts[i].name : NULL;
}

const char *names_man(int call)
{
	if (call < 0 || call >= sysent_count || !sysent_table[call].man)
		return "its man page";
	return sysent_table[call].man;
}

static int fold(int c, bool icase)
{
	return icase ? tolower(c) : c;
}

int names_distance(const char *a, const char *b, bool icase, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	int *d, best, r;

	if (la > 64 || lb > 64)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)cap)
		return cap + 1;
	d = malloc((la + 1) * (lb + 1) * sizeof(*d));
	if (!d)
		return cap + 1;
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = (int)i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = (int)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int sub =
				fold(a[i - 1], icase) != fold(b[j - 1], icase);

			best = D(i - 1, j - 1) + sub;
			if (D(i - 1, j) + 1 < best)
				best = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			if (i > 1 && j > 1 &&
			    fold(a[i - 1], icase) == fold(b[j - 2], icase) &&
			    fold(a[i - 2], icase) == fold(b[j - 1], icase) &&
			    D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	}
	r = D(la, lb);
#undef D
	free(d);
	return r > cap ? cap + 1 : r;
}

void names_suggest_init(struct names_suggest *s, const char *word, bool icase)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->icase = icase;
}

void names_suggest_add(struct names_suggest *s, const char *candidate)
{
	int d = names_distance(s->word, candidate, s->icase, 2);
	int i;

	/* A short word is close to everything: "ab" is 2 from "all". */
	if (d > 2 || d >= (int)strlen(s->word) ||
	    strcmp(s->word, candidate) == 0)
		return;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->best[i], candidate) == 0)
			return;
	for (i = s->n; i > 0 && s->dist[i - 1] > d; i--) {
		if (i < NAMES_SUGGEST_MAX) {
			s->best[i] = s->best[i - 1];
			s->dist[i] = s->dist[i - 1];
		}
	}
	if (i >= NAMES_SUGGEST_MAX)
		return;
	s->best[i] = candidate;
	s->dist[i] = d;
	if (s->n < NAMES_SUGGEST_MAX)
		s->n++;
}

void names_suggest_hint(const struct names_suggest *s, char *buf, size_t size)
{
	size_t used;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (s->n == 0)
		return;
	snprintf(buf, size, "did you mean %s", s->best[0]);
	for (int i = 1; i < s->n; i++) {
		used = strlen(buf);
		snprintf(buf + used, size - used, "%s%s",
			 i == s->n - 1 ? " or " : ", ", s->best[i]);
	}
	used = strlen(buf);
	snprintf(buf + used, size - used, "?");
}
