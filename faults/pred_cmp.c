/*
 * pred_cmp.c - one comparison of an if= predicate: var [op value].
 *
 * The checks that make a predicate mean what it says live here: the
 * variable must mean something for every syscall of the rule, strings
 * are only compared for (in)equality against an fnmatch(3) pattern, and a
 * value must fit the variable's type (no negative length, no prio above
 * 2^32-1).  For an int variable a hex value up to 0xffffffff is read as
 * C reads it into an int, so 0xffffffff is -1.
 *
 * See also: faults/pred.c, faults/pred_int.h, faults/sysent.c
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/names.h"
#include "faults/pred_int.h"
#include "faults/sysent.h"

static int value(struct pred_parser *p, uint64_t *v, bool *neg);

/* The variable at p->pos into *var.  Returns 0, or -1 (error recorded). */
static int variable(struct pred_parser *p, int *var)
{
	struct names_suggest s;
	char name[32], hint[128], where[160];
	int col = p->pos, c;
	size_t n = 0;

	n = (size_t)pred_word(p, name, sizeof(name));
	if (n == 0 || n >= sizeof(name)) {
		pred_fail(p, col, "expected a variable such as len or prio");
		return -1;
	}
	n = 0;
	*var = pvar_lookup(name);
	if (*var < 0) {
		names_suggest_init(&s, name, false);
		for (int v = 0; v < PV_COUNT; v++)
			names_suggest_add(&s, pvar_table[v].name);
		names_suggest_hint(&s, hint, sizeof(hint));
		pred_fail(p, col,
			  "unknown variable '%s'; expected prio, len, fd, "
			  "nonblock, msgflg, msgtyp, msqid, cmd, oflag, "
			  "queue, key, mtype, pid or comm%s%s%s",
			  name, hint[0] ? " (" : "", hint, hint[0] ? ")" : "");
		return -1;
	}
	for (c = 0; c < sysent_count; c++)
		if ((p->calls & (1u << c)) &&
		    sysent_table[c].var[*var].where == PW_NONE)
			break;
	if (c == sysent_count)
		return 0;
	where[0] = '\0';
	for (int d = 0; d < sysent_count && n < sizeof(where); d++) {
		if (sysent_table[d].var[*var].where == PW_NONE)
			continue;
		n += (size_t)snprintf(where + n, sizeof(where) - n, "%s%s",
				      n ? ", " : "", sysent_table[d].name);
	}
	pred_fail(
		p, col,
		"%s has no meaning for %s; narrow the syscall set (%s applies "
		"to %s)",
		name, sysent_table[c].name, name, where);
	return -1;
}

/* One number or constant, or a parenthesised | of them. */
static int vterm(struct pred_parser *p, uint64_t *v, bool *neg)
{
	struct names_suggest s;
	char name[48], hint[128], *e;
	int col;
	int64_t k;

	pred_skip(p);
	col = p->pos;
	*neg = false;
	if (pred_take(p, "(")) {
		if (++p->depth > PRED_MAX_DEPTH) {
			pred_fail(p, col, "too many nested parentheses");
			return -1;
		}
		if (value(p, v, neg) < 0)
			return -1;
		p->depth--;
		if (!pred_take(p, ")")) {
			pred_skip(p);
			pred_fail(p, p->pos, "expected ')' after the value");
			return -1;
		}
		return 0;
	}
	if (pred_take(p, "-")) {
		*neg = true;
		pred_skip(p);
	}
	if (p->pos < p->end && isdigit((unsigned char)p->s[p->pos])) {
		size_t len = (size_t)pred_word(p, name, sizeof(name));

		errno = 0;
		*v = strtoull(name, &e, 0);
		if (*e || errno == ERANGE || len >= sizeof(name)) {
			pred_fail(p, col, "bad number '%s'", name);
			return -1;
		}
		return 0;
	}
	if (*neg || pred_word(p, name, sizeof(name)) == 0) {
		pred_skip(p);
		pred_fail(p, p->pos,
			  "expected a number or a constant such as IPC_NOWAIT");
		return -1;
	}
	if (!names_const(name, &k)) {
		names_suggest_init(&s, name, false);
		for (size_t i = 0; names_const_at(i); i++)
			names_suggest_add(&s, names_const_at(i));
		names_suggest_hint(&s, hint, sizeof(hint));
		pred_fail(p, col,
			  "unknown constant '%s'; expected a number or a "
			  "constant such as IPC_NOWAIT or O_NONBLOCK%s%s%s",
			  name, hint[0] ? " (" : "", hint, hint[0] ? ")" : "");
		return -1;
	}
	*v = (uint64_t)k;
	return 0;
}

/* vterm ('|' vterm)*: flags are written the way C writes them. */
static int value(struct pred_parser *p, uint64_t *v, bool *neg)
{
	uint64_t more;
	bool mneg;

	if (vterm(p, v, neg) < 0)
		return -1;
	while (pred_take(p, "|")) {
		if (vterm(p, &more, &mneg) < 0)
			return -1;
		if (*neg || mneg) {
			pred_fail(p, p->pos, "cannot | a negative number");
			return -1;
		}
		*v |= more;
	}
	return 0;
}

/* Whether the value fits the variable; sets *out. */
static int fit(struct pred_parser *p, int col, int var, uint64_t v, bool neg,
	       int64_t *out)
{
	enum pvar_type t = pvar_table[var].type;
	const char *name = pvar_table[var].name;

	if (neg && v > (uint64_t)INT64_MAX + 1)
		goto out_range;
	if (neg && (t == PVT_U32 || t == PVT_U64 || t == PVT_BOOL)) {
		pred_fail(p, col,
			  "%s is unsigned; a negative value never matches",
			  name);
		return -1;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	switch (t) {
	case PVT_S32:
		/* 0xffffffff means -1, as in C's int x = 0xffffffff. */
		if (!neg && v <= UINT32_MAX)
			*out = (int32_t)(uint32_t)v;
		else if (!neg || *out < INT32_MIN)
			goto out_range;
		return 0;
	case PVT_U32:
		if (v > UINT32_MAX)
			goto out_range;
		return 0;
	case PVT_BOOL:
		if (v > 1)
			goto out_range;
		return 0;
	case PVT_S64:
		if (!neg && v > INT64_MAX)
			goto out_range;
		return 0;
	default:
		return 0;
	}
out_range:
	pred_fail(p, col, "value out of range for %s", name);
	return -1;
}

/* A pattern: "quoted" (with \" and \\) or a bare run of characters. */
static int pattern(struct pred_parser *p, char **out)
{
	int start, col;
	size_t n = 0;
	char *buf;

	pred_skip(p);
	col = start = p->pos;
	buf = malloc((size_t)(p->end - p->pos) + 1);
	if (!buf)
		return -1;
	if (p->pos < p->end && p->s[p->pos] == '"') {
		for (p->pos++; p->pos < p->end && p->s[p->pos] != '"';
		     p->pos++) {
			if (p->s[p->pos] == '\\' && p->pos + 1 < p->end)
				p->pos++;
			buf[n++] = p->s[p->pos];
		}
		if (p->pos == p->end) {
			free(buf);
			pred_fail(p, col, "unterminated string; expected '\"'");
			return -1;
		}
		p->pos++;
	} else {
		while (p->pos < p->end &&
		       !isspace((unsigned char)p->s[p->pos]) &&
		       !strchr("()&|!=<>\"", p->s[p->pos]))
			buf[n++] = p->s[p->pos++];
		if (p->pos == start) {
			free(buf);
			pred_fail(p, col,
				  "expected a name or pattern, such as "
				  "\"/orders\" or worker*");
			return -1;
		}
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

static const struct {
	const char *text;
	enum pred_op op;
} ops[] = {
	{"==", PRED_EQ}, {"!=", PRED_NE}, {"<=", PRED_LE},  {">=", PRED_GE},
	{"<", PRED_LT},	 {">", PRED_GT},  {"&", PRED_BITS},
};

/* var [op value] */
struct pred *pred_comparison(struct pred_parser *p)
{
	struct pred *c;
	int var, col, opcol;
	size_t i;
	uint64_t v;
	bool neg;

	pred_skip(p);
	col = p->pos;
	if (++p->terms > PRED_MAX_TERMS)
		return pred_fail(p, col, "too many comparisons (at most %d)",
				 PRED_MAX_TERMS);
	if (variable(p, &var) < 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->kind = PRED_CMP;
	c->var = var;
	c->column = col;
	c->op = PRED_TRUTH;
	pred_skip(p);
	opcol = p->pos;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (pred_take(p, ops[i].text))
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		if (p->pos < p->end && p->s[p->pos] == '=') {
			pred_free(c);
			return pred_fail(p, opcol,
					 "'=' is not a comparison; write "
					 "'=='");
		}
		if (pvar_table[var].type != PVT_STR)
			return c;
		pred_free(c);
		return pred_fail(p, col,
				 "%s is a string: compare it with == or != "
				 "and a pattern",
				 pvar_table[var].name);
	}
	c->op = ops[i].op;
	if (pvar_table[var].type == PVT_STR) {
		if (c->op != PRED_EQ && c->op != PRED_NE) {
			pred_free(c);
			return pred_fail(p, opcol,
					 "%s is a string: only == and != "
					 "compare it",
					 pvar_table[var].name);
		}
		if (pattern(p, &c->str) < 0) {
			pred_free(c);
			return NULL;
		}
		return c;
	}
	pred_skip(p);
	opcol = p->pos;
	if (value(p, &v, &neg) < 0 ||
	    fit(p, opcol, var, v, neg, &c->value) < 0) {
		pred_free(c);
		return NULL;
	}
	return c;
}
