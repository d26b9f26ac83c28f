/*
 * spec.c - one spec string into one struct rule.
 *
 * A spec is strace's inject expression, SET:key=value:..., optionally
 * prefixed the way strace takes it (inject=, fault=, -e inject=,
 * --inject=) so a copied strace argument works.  Fields are cut at every
 * ':' outside double quotes (if= may quote a queue name containing ':'),
 * then each key is looked up in one table that says how to parse it and
 * whether fault= allows it.  strace's rules are kept where strace has
 * them: error= and retval= exclude each other, a later when= replaces an
 * earlier one, fault= defaults to error=ENOSYS and takes only error= and
 * when= of strace's keys.  Keys strace has but seccomp cannot do
 * (delay_exit, syscall=, poke_*) are refused with the reason.
 *
 * See also: faults/spec.h, faults/spec_key.c, faults/spec_set.c,
 *           docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/names.h"
#include "faults/spec.h"
#include "faults/spec_int.h"
#include "faults/sysent.h"

#define SPEC_MAX 4096

int spec_bad(struct spec_ctx *c, size_t col, const char *hint, const char *fmt,
	     ...)
{
	va_list ap;

	if (c->err) {
		c->err->column = (int)col;
		va_start(ap, fmt);
		vsnprintf(c->err->message, sizeof(c->err->message), fmt, ap);
		va_end(ap);
		snprintf(c->err->hint, sizeof(c->err->hint), "%s",
			 hint ? hint : "");
	}
	errno = EINVAL;
	return -1;
}

/* Skip "-e ", "--inject=", "inject=", "fault=": where the set starts. */
static size_t prefix(const char *s, size_t i, bool *fault)
{
	static const char *const opts[] = {"inject=", "fault="};

	*fault = false;
	if (strncmp(s + i, "--", 2) == 0 &&
	    (strncmp(s + i + 2, "inject=", 7) == 0 ||
	     strncmp(s + i + 2, "fault=", 6) == 0))
		i += 2;
	else if (strncmp(s + i, "-e", 2) == 0) {
		i += 2;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
	}
	for (size_t k = 0; k < 2; k++) {
		size_t n = strlen(opts[k]);

		if (strncmp(s + i, opts[k], n) == 0) {
			*fault = k == 1;
			return i + n;
		}
	}
	return i;
}

/* The end of the field at i: the next ':' outside quotes. */
static int field_end(struct spec_ctx *c, size_t i, size_t *end)
{
	size_t quote = 0;
	bool in = false;

	for (; i < c->end; i++) {
		if (in && c->spec[i] == '\\' && i + 1 < c->end)
			i++;
		else if (c->spec[i] == '"') {
			in = !in;
			quote = i;
		} else if (!in && c->spec[i] == ':')
			break;
	}
	if (in)
		return spec_bad(c, quote, NULL,
				"unterminated string; expected a closing "
				"'\"'");
	*end = i;
	return 0;
}

static int parse_field(struct spec_ctx *c, size_t start, size_t end)
{
	struct spec_field f = {.start = start, .end = end};
	const char *eq = memchr(c->spec + start, '=', end - start);

	f.klen = (eq ? (size_t)(eq - c->spec) : end) - start;
	f.has_value = eq != NULL;
	f.vstart = eq ? (size_t)(eq - c->spec) + 1 : end;
	if (f.klen == 0)
		return spec_bad(c, start, NULL,
				"empty field; expected key=value after ':'");
	return spec_key(c, &f);
}

/* An errno the man page never lists is worth injecting (that is how a
 * program's untested error path gets tested) but worth a warning. */
static int warn_errno(struct spec_ctx *c)
{
	char names[200] = "", pages[200] = "", line[512], number[32];
	const char *ename = names_errno_name(c->r->error);
	size_t nn = 0, np = 0;
	int count = 0;

	/* Any syscall fails with ENOSYS on a kernel built without it, and
	 * it is fault='s default: never worth a warning. */
	if (c->r->error == ENOSYS)
		return 0;
	for (int call = 0; call < sysent_count; call++) {
		if (!(c->r->calls & (1u << call)) ||
		    sysent_can_fail_with(call, c->r->error))
			continue;
		nn += (size_t)snprintf(names + nn, sizeof(names) - nn, "%s%s",
				       count ? ", " : "",
				       sysent_table[call].name);
		np += (size_t)snprintf(pages + np, sizeof(pages) - np, "%s%s",
				       count ? ", " : "", names_man(call));
		count++;
		if (nn >= sizeof(names) || np >= sizeof(pages))
			break;
	}
	if (count == 0)
		return 0;
	snprintf(number, sizeof(number), "errno %d", c->r->error);
	snprintf(line, sizeof(line),
		 "warning: %s never fail%s with %s (see %s); injecting it "
		 "anyway",
		 names, count == 1 ? "s" : "", ename ? ename : number, pages);
	return c->note(c->arg, line);
}

/* The action rules that need the whole spec: strace's, then ours. */
static int finish(struct spec_ctx *c)
{
	struct rule *r = c->r;

	if (c->fault && r->action == RULE_NONE) {
		r->action = RULE_ERROR;
		r->error = ENOSYS;
	}
	if (r->log &&
	    (r->action != RULE_NONE || r->signal || c->has_delay || r->hold))
		return spec_bad(c, c->log_col, NULL,
				"log only records; it cannot be combined with "
				"error=, retval=, signal=, delay_enter= or "
				"hold");
	if (r->action == RULE_NONE && !r->signal && !c->has_delay && !r->hold &&
	    !r->log)
		return spec_bad(c, c->end, NULL,
				"no action; expected error=, retval=, "
				"signal= or delay_enter= (or hold, log)");
	if (r->has_seed && !r->has_prob &&
	    c->note(c->arg, "note: seed= without prob= has no effect") < 0)
		return -1;
	if (r->action == RULE_ERROR)
		return warn_errno(c);
	return 0;
}

static int parse(struct spec_ctx *c)
{
	struct spec_set_result set;
	size_t i, end;

	if (field_end(c, c->body, &end) < 0)
		return -1;
	if (spec_set_parse(c->spec + c->body, end - c->body, &set, c->note,
			   c->arg) < 0) {
		if (errno != EINVAL)
			return -1;
		return spec_bad(c, c->body + set.column, set.hint, "%s",
				set.message);
	}
	c->r->calls = set.calls;
	for (i = end; i < c->end; i = end) {
		i++;
		if (field_end(c, i, &end) < 0 || parse_field(c, i, end) < 0)
			return -1;
	}
	return finish(c);
}

int spec_parse(const char *spec, struct rule *r, struct fault_error *err,
	       int (*note)(void *arg, const char *line), void *arg)
{
	struct spec_ctx c = {
		.spec = spec, .r = r, .err = err, .note = note, .arg = arg};
	size_t start = 0, tbase;

	memset(r, 0, sizeof(*r));
	if (err) {
		memset(err, 0, sizeof(*err));
		snprintf(err->text, sizeof(err->text), "%s", spec);
		err->column = -1;
	}
	/* A spec is a line a person wrote; a longer one is a mistake, and
	 * bounding it bounds every loop and tree below. */
	if (strlen(spec) > SPEC_MAX) {
		spec_bad(&c, SPEC_MAX, NULL,
			 "spec too long; expected at most %d characters",
			 SPEC_MAX);
		return -1;
	}
	while (spec[start] == ' ' || spec[start] == '\t')
		start++;
	c.body = prefix(spec, start, &c.fault);
	c.end = strlen(spec);
	while (c.end > c.body && strchr(" \t\r\n", spec[c.end - 1]))
		c.end--;
	/* The rule's text keeps "fault=": without it the rule means
	 * something else. */
	tbase = c.fault ? c.body - strlen("fault=") : c.body;
	c.tbase = tbase;
	r->text = strndup(spec + tbase, c.end - tbase);
	if (!r->text)
		return -1;
	if (parse(&c) < 0) {
		spec_clear(r);
		return -1;
	}
	return 0;
}

void spec_clear(struct rule *r)
{
	free(r->text);
	free(r->when);
	pred_free(r->pred);
	memset(r, 0, sizeof(*r));
}
