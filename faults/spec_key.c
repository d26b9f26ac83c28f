/*
 * spec_key.c - the keys of a spec, one table row each.
 *
 * Each row names a key, says whether it takes a value and whether fault=
 * accepts it, and points at its parser; keys strace has but seccomp
 * cannot honour carry the reason instead, so the error explains what to
 * do.  Adding a key means adding a row and a parser here.
 *
 * See also: faults/spec.c, faults/spec_int.h, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "faults/names.h"
#include "faults/spec_int.h"
#include "faults/sysent.h"
#include "faults/when.h"

#define K_NOVALUE (1u << 0) /* hold, log */
#define K_FAULT	  (1u << 1) /* allowed in fault= */
#define K_REPEAT  (1u << 2) /* a later one replaces the earlier (when=) */

struct key {
	const char *name;
	int (*parse)(struct spec_ctx *c, const struct spec_field *f,
		     const char *v);
	unsigned flags;
	const char *refused; /* strace has it, we cannot: why, what instead */
};

static int vcol(const struct spec_field *f, size_t at)
{
	return (int)(f->vstart + at);
}

static bool digits(const char *v)
{
	return *v && strspn(v, "0123456789") == strlen(v);
}

/* The ith candidate name for bad_word(), from an array of strings. */
static const char *string_at(const void *arg, size_t i)
{
	return ((const char *const *)arg)[i];
}

static const char *errno_at(const void *arg, size_t i)
{
	(void)arg;
	return names_errno_table[i].name;
}

/* An unknown word at col: the message, and as the hint the close matches
 * among the n candidates at(arg, 0..n-1).  Returns -1, as spec_bad(). */
static int bad_word(struct spec_ctx *c, size_t col, const char *word,
		    bool icase, const char *(*at)(const void *arg, size_t i),
		    const void *arg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static int bad_word(struct spec_ctx *c, size_t col, const char *word,
		    bool icase, const char *(*at)(const void *arg, size_t i),
		    const void *arg, size_t n, const char *fmt, ...)
{
	struct names_suggest s;
	char hint[128], msg[256];
	va_list ap;

	names_suggest_init(&s, word, icase);
	for (size_t i = 0; i < n; i++)
		names_suggest_add(&s, at(arg, i));
	names_suggest_hint(&s, hint, sizeof(hint));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return spec_bad(c, col, hint, "%s", msg);
}

static int k_error(struct spec_ctx *c, const struct spec_field *f,
		   const char *v)
{
	int e;

	if (digits(v)) {
		e = strlen(v) > 4 ? 0 : atoi(v);
		if (e < 1 || e > 4095)
			return spec_bad(c, f->vstart, NULL,
					"errno %s out of range; expected "
					"1..4095",
					v);
	} else if ((e = names_errno(v)) < 0) {
		return bad_word(c, f->vstart, v, true, errno_at, NULL,
				names_errno_count,
				"unknown errno '%s'; expected a name such as "
				"EAGAIN or a number 1..4095",
				v);
	}
	c->r->action = RULE_ERROR;
	c->r->error = e;
	return 0;
}

static int k_retval(struct spec_ctx *c, const struct spec_field *f,
		    const char *v)
{
	const char *p = v + (*v == '-');
	int base = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10;
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, base);
	if (!(*p >= '0' && *p <= '9') || *end || errno == ERANGE)
		return spec_bad(c, vcol(f, (size_t)(end - v)), NULL,
				"bad retval '%s'; expected a number that fits "
				"a long",
				v);
	c->r->action = RULE_RETVAL;
	c->r->retval = n;
	return 0;
}

static int k_signal(struct spec_ctx *c, const struct spec_field *f,
		    const char *v)
{
	char names[40][12];
	const char *cands[40];
	int sig = digits(v) && strlen(v) < 4 ? atoi(v) : names_signal(v);
	bool prefixed = strncasecmp(v, "SIG", 3) == 0;
	size_t n = 0;

	if (sig >= 1 && sig <= SIGRTMAX) {
		c->r->signal = sig;
		return 0;
	}
	if (digits(v))
		return spec_bad(c, f->vstart, NULL,
				"signal %s out of range; expected 1..%d", v,
				SIGRTMAX);
	for (int i = 1; i < SIGRTMIN && n < 40; i++) {
		if (!names_signal_name(i))
			continue;
		snprintf(names[n], sizeof(names[n]), "%s%s",
			 prefixed ? "SIG" : "", names_signal_name(i));
		cands[n] = names[n];
		n++;
	}
	return bad_word(c, f->vstart, v, true, string_at, cands, n,
			"unknown signal '%s'; expected a name such as SIGUSR1 "
			"or a number 1..%d",
			v, SIGRTMAX);
}

/* strace's time format: a decimal number and s, ms, us (default) or ns.
 * Returns microseconds, rounded up so that 1ns is still a delay. */
static int k_delay(struct spec_ctx *c, const struct spec_field *f,
		   const char *v)
{
	static const struct {
		const char *unit;
		int exp10; /* nanoseconds per unit, as a power of ten */
	} units[] = {{"s", 9}, {"ms", 6}, {"us", 3}, {"ns", 0}, {"", 3}};
	uint64_t m = 0, ns;
	int exp10 = 0;
	size_t i = 0;

	for (; v[i] >= '0' && v[i] <= '9'; i++)
		if (m < 100000000000000000ull)
			m = m * 10 + (uint64_t)(v[i] - '0');
		else
			exp10++;
	if (v[i] == '.')
		for (i++; v[i] >= '0' && v[i] <= '9'; i++)
			if (m < 100000000000000000ull) {
				m = m * 10 + (uint64_t)(v[i] - '0');
				exp10--;
			}
	if (i == 0 || (i == 1 && v[0] == '.'))
		return spec_bad(c, f->vstart, NULL,
				"bad delay '%s'; expected a number with s, ms, "
				"us or ns (default us)",
				v);
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		if (strcmp(v + i, units[u].unit) != 0)
			continue;
		exp10 += units[u].exp10;
		for (ns = m; exp10 > 0; exp10--) {
			if (ns > UINT64_MAX / 10)
				return spec_bad(c, f->vstart, NULL,
						"delay too long");
			ns *= 10;
		}
		for (; exp10 < 0; exp10++)
			ns = ns / 10 + (ns % 10 != 0);
		c->r->delay_us = ns / 1000 + (ns % 1000 != 0);
		c->has_delay = true;
		return 0;
	}
	return spec_bad(c, vcol(f, i), NULL,
			"unknown time unit '%s'; expected s, ms, us or ns",
			v + i);
}

static int k_when(struct spec_ctx *c, const struct spec_field *f, const char *v)
{
	struct when_range *w;
	struct when_err we;
	size_t n;

	if (when_parse(v, strlen(v), &w, &n, &we) < 0)
		return errno == EINVAL
			       ? spec_bad(c, vcol(f, we.at), NULL, "%s", we.msg)
			       : -1;
	if (c->r->when &&
	    c->note(c->arg, "note: when= given twice; the last one "
			    "counts (as in strace)") < 0) {
		free(w);
		return -1;
	}
	free(c->r->when);
	c->r->when = w;
	c->r->nwhen = n;
	return 0;
}

static int k_prob(struct spec_ctx *c, const struct spec_field *f, const char *v)
{
	struct when_err we;

	if (when_parse_prob(v, strlen(v), &c->r->prob, &we) < 0)
		return spec_bad(c, vcol(f, we.at), NULL, "%s", we.msg);
	c->r->has_prob = true;
	return 0;
}

static int k_seed(struct spec_ctx *c, const struct spec_field *f, const char *v)
{
	struct when_err we;

	if (when_parse_u64(v, strlen(v), &c->r->seed, &we) < 0)
		return spec_bad(c, vcol(f, we.at), NULL, "bad seed: %s",
				we.msg);
	c->r->has_seed = true;
	return 0;
}

static int k_if(struct spec_ctx *c, const struct spec_field *f, const char *v)
{
	char msg[256], *hint;
	int col = 0;

	(void)v;
	c->r->pred = pred_parse(c->spec + c->tbase, (int)(f->vstart - c->tbase),
				(int)(f->end - c->tbase), c->r->calls, &col,
				msg, sizeof(msg));
	if (!c->r->pred && errno != EINVAL)
		return -1;
	if (!c->r->pred) {
		/* pred_parse has no hint of its own: it ends its message
		 * with "(did you mean ...?)", which goes to the hint. */
		hint = strstr(msg, " (did you mean ");
		if (hint) {
			*hint = '\0';
			hint += 2;
			hint[strlen(hint) - 1] = '\0';
		}
		return spec_bad(c, c->tbase + (size_t)col, hint, "%s", msg);
	}
	return 0;
}

static int k_count(struct spec_ctx *c, const struct spec_field *f,
		   const char *v)
{
	static const char *const modes[] = {"global", "process", "thread"};

	for (int i = 0; i < 3; i++) {
		if (strcmp(v, modes[i]) == 0) {
			c->r->count = (enum rule_count)i;
			return 0;
		}
	}
	return bad_word(c, f->vstart, v, false, string_at, modes, 3,
			"unknown count '%s'; expected global, process or "
			"thread",
			v);
}

static int k_hold(struct spec_ctx *c, const struct spec_field *f, const char *v)
{
	(void)f, (void)v;
	c->r->hold = true;
	return 0;
}

static int k_log(struct spec_ctx *c, const struct spec_field *f, const char *v)
{
	(void)v;
	c->r->log = true;
	c->log_col = f->start;
	return 0;
}

static const struct key keys[] = {
	{"error", k_error, K_FAULT, NULL},
	{"retval", k_retval, 0, NULL},
	{"signal", k_signal, 0, NULL},
	{"delay_enter", k_delay, 0, NULL},
	{"when", k_when, K_FAULT | K_REPEAT, NULL},
	{"prob", k_prob, K_FAULT, NULL},
	{"seed", k_seed, K_FAULT, NULL},
	{"if", k_if, K_FAULT, NULL},
	{"count", k_count, K_FAULT, NULL},
	{"hold", k_hold, K_NOVALUE, NULL},
	{"log", k_log, K_NOVALUE, NULL},
	{"delay_exit", NULL, 0,
	 "delay_exit is not supported: seccomp stops a call only on entry, "
	 "so its return cannot be delayed; use delay_enter= instead"},
	{"syscall", NULL, 0,
	 "syscall= is not supported: seccomp cannot run another syscall in "
	 "place of this one; use retval= to skip the call and return a value"},
	{"poke_enter", NULL, 0,
	 "poke_enter= is not supported: mqfault never writes the caller's "
	 "memory; use if= to pick calls and error= or retval= to fail them"},
	{"poke_exit", NULL, 0,
	 "poke_exit= is not supported: mqfault never writes the caller's "
	 "memory; use if= to pick calls and error= or retval= to fail them"},
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(NKEYS <= SPEC_NKEYS, "spec_ctx.seen is too small");

static const char *key_at(const void *arg, size_t i)
{
	(void)arg;
	return keys[i].name;
}

static int unknown_key(struct spec_ctx *c, const struct spec_field *f,
		       const char *k)
{
	return bad_word(c, f->start, k, false, key_at, NULL, NKEYS,
			"unknown key '%s'; expected error, retval, signal, "
			"delay_enter, when, prob, seed, if, count, hold or log",
			k);
}

int spec_key(struct spec_ctx *c, const struct spec_field *f)
{
	const char *k = c->spec + f->start;
	size_t vlen = f->end - f->vstart;
	const struct key *key = NULL;
	char name[32], *v;
	int ret;
	size_t i;

	for (i = 0; i < NKEYS && !key; i++)
		if (strlen(keys[i].name) == f->klen &&
		    strncmp(k, keys[i].name, f->klen) == 0)
			key = &keys[i];
	snprintf(name, sizeof(name), "%.*s", (int)f->klen, k);
	if (!key)
		return unknown_key(c, f, name);
	i = (size_t)(key - keys);
	if (key->refused)
		return spec_bad(c, f->start, NULL, "%s", key->refused);
	if (c->fault && !(key->flags & K_FAULT))
		return spec_bad(c, f->start, NULL,
				"fault= takes error= and when= (and prob=, "
				"seed=, if=, count=); use inject= for %s=",
				name);
	if ((key->flags & K_NOVALUE) && f->has_value)
		return spec_bad(c, f->vstart - 1, NULL,
				"%s takes no value; write just ':%s'", name,
				name);
	if (!(key->flags & K_NOVALUE) && (!f->has_value || vlen == 0))
		return spec_bad(c, f->has_value ? f->vstart : f->end, NULL,
				"%s needs a value: %s=...", name, name);
	if (c->seen[i] && !(key->flags & K_REPEAT))
		return spec_bad(c, f->start, NULL,
				"%s given twice; expected it once", name);
	if ((i == 0 && c->seen[1]) || (i == 1 && c->seen[0]))
		return spec_bad(c, f->start, NULL,
				"error= and retval= exclude each other; keep "
				"one of them");
	c->seen[i] = true;
	if (key->parse == k_if)
		return k_if(c, f, NULL);
	/* As long as the spec allows: a when= list can be long. */
	v = strndup(c->spec + f->vstart, vlen);
	if (!v)
		return spec_bad(c, f->vstart, NULL, "out of memory");
	ret = key->parse(c, f, v);
	free(v);
	return ret;
}
