/*
 * pred.c - if= predicates: parse them into a tree, evaluate the tree.
 *
 * A small recursive-descent parser over C's own operators, with C's
 * precedence: ! binds tightest, then the comparisons, then &&, then ||.
 * Values are numbers (decimal, 0x hex, 0 octal, negative for signed
 * variables), named constants joined with | (IPC_NOWAIT|MSG_NOERROR), or
 * for the string variables queue and comm an fnmatch(3) pattern, quoted
 * or bare.  The parser refuses what could never be true rather than
 * letting a rule silently match nothing: a variable that means nothing
 * for one of the rule's syscalls, an order on a string, a negative length.
 * Evaluation reads register variables itself, the way the kernel filter
 * would, and asks the supervisor only for what lives in its memory.
 *
 * See also: faults/pred.h, faults/pred_cmp.c, faults/sysent.c,
 *           docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/pred.h"
#include "faults/pred_int.h"
#include "faults/sysent.h"

struct pred *pred_fail(struct pred_parser *p, int col, const char *fmt, ...)
{
	va_list ap;

	*p->errcol = col;
	va_start(ap, fmt);
	vsnprintf(p->msg, (size_t)p->msgsize, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return NULL;
}

void pred_skip(struct pred_parser *p)
{
	while (p->pos < p->end && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

/* Whether the next token is op (and not a longer one starting with it). */
static bool peek(struct pred_parser *p, const char *op)
{
	int n = (int)strlen(op);

	pred_skip(p);
	if (p->end - p->pos < n || strncmp(p->s + p->pos, op, (size_t)n) != 0)
		return false;
	if (n == 1 && p->pos + 1 < p->end) {
		char next = p->s[p->pos + 1];

		if ((op[0] == '&' && next == '&') ||
		    (op[0] == '|' && next == '|') ||
		    (strchr("!<>", op[0]) && next == '='))
			return false;
	}
	return true;
}

bool pred_take(struct pred_parser *p, const char *op)
{
	if (!peek(p, op))
		return false;
	p->pos += (int)strlen(op);
	return true;
}

int pred_word(struct pred_parser *p, char *buf, size_t size)
{
	int start = p->pos;

	while (p->pos < p->end &&
	       (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_'))
		p->pos++;
	snprintf(buf, size, "%.*s", p->pos - start, p->s + start);
	return p->pos - start;
}

static struct pred *node(enum pred_kind kind, struct pred *l, struct pred *r)
{
	struct pred *n = calloc(1, sizeof(*n));

	if (!n) {
		pred_free(l);
		pred_free(r);
		return NULL;
	}
	n->kind = kind;
	n->left = l;
	n->right = r;
	n->column = l ? l->column : 0;
	return n;
}

static struct pred *or_expr(struct pred_parser *p);

static struct pred *primary(struct pred_parser *p)
{
	struct pred *e;
	int col;

	pred_skip(p);
	col = p->pos;
	if (pred_take(p, "(")) {
		if (++p->depth > PRED_MAX_DEPTH)
			return pred_fail(p, col, "too many nested parentheses");
		e = or_expr(p);
		p->depth--;
		if (!e)
			return NULL;
		if (!pred_take(p, ")")) {
			pred_free(e);
			return pred_fail(p, col,
					 "this '(' is never closed; expected "
					 "')' before the end of if=");
		}
		return e;
	}
	return pred_comparison(p);
}

static struct pred *not_expr(struct pred_parser *p)
{
	struct pred *e, *n;
	bool bare;
	int col;

	pred_skip(p);
	col = p->pos;
	if (!pred_take(p, "!"))
		return primary(p);
	if (++p->depth > PRED_MAX_DEPTH)
		return pred_fail(p, col, "too many nested '!'");
	pred_skip(p);
	bare = p->pos < p->end && p->s[p->pos] != '(' && p->s[p->pos] != '!';
	e = not_expr(p);
	p->depth--;
	if (!e)
		return NULL;
	/* C reads "!prio == 1" as "(!prio) == 1"; we could only mean
	 * "!(prio == 1)".  Neither reading is safe to guess. */
	if (bare && e->kind == PRED_CMP && e->op != PRED_TRUTH) {
		int var = e->var;

		pred_free(e);
		return pred_fail(p, col,
				 "'!' before a comparison is ambiguous; write "
				 "!(%s ...) or use the opposite operator",
				 pvar_table[var].name);
	}
	n = node(PRED_NOT, e, NULL);
	if (n)
		n->column = col;
	return n;
}

static struct pred *and_expr(struct pred_parser *p)
{
	struct pred *l = not_expr(p), *r;

	while (l && pred_take(p, "&&")) {
		r = not_expr(p);
		if (!r) {
			pred_free(l);
			return NULL;
		}
		l = node(PRED_AND, l, r);
	}
	return l;
}

static struct pred *or_expr(struct pred_parser *p)
{
	struct pred *l = and_expr(p), *r;

	while (l && pred_take(p, "||")) {
		r = and_expr(p);
		if (!r) {
			pred_free(l);
			return NULL;
		}
		l = node(PRED_OR, l, r);
	}
	return l;
}

struct pred *pred_parse(const char *text, int start, int end, uint32_t calls,
			int *errcol, char *errmsg, int errsize)
{
	struct pred_parser p = {.s = text,
				.pos = start,
				.end = end,
				.calls = calls,
				.errcol = errcol,
				.msg = errmsg,
				.msgsize = errsize};
	struct pred *e;

	pred_skip(&p);
	if (p.pos == p.end)
		return pred_fail(&p, p.pos,
				 "empty predicate; expected a variable "
				 "such as len or prio");
	e = or_expr(&p);
	if (!e)
		return NULL;
	pred_skip(&p);
	if (p.pos < p.end) {
		pred_free(e);
		if (p.s[p.pos] == ')')
			return pred_fail(&p, p.pos, "unmatched ')'");
		return pred_fail(
			&p, p.pos,
			"unexpected '%c'; expected &&, || or the end of "
			"if=",
			p.s[p.pos]);
	}
	return e;
}

void pred_free(struct pred *p)
{
	if (!p)
		return;
	pred_free(p->left);
	pred_free(p->right);
	free(p->str);
	free(p);
}

/* The value of c's variable for this call: 0 (number or string), or -1
 * when it cannot be known.  Registers are read here; get() is asked only
 * for what the supervisor has to work out (or for everything without
 * args). */
static int lookup(const struct pred *c, const struct pred_env *env,
		  int64_t *num, const char **str)
{
	const struct pvar_loc *loc;
	uint64_t raw;

	*str = NULL;
	if (env->call < 0 || env->call >= sysent_count)
		return -1;
	loc = &sysent_table[env->call].var[c->var];
	if (loc->where == PW_ARG && env->args) {
		raw = env->args[loc->arg];
		if (loc->mask)
			raw = (raw & loc->mask) != 0;
		switch (pvar_table[c->var].type) {
		case PVT_S32:
			*num = (int32_t)(uint32_t)raw;
			break;
		case PVT_U32:
			*num = (int64_t)(raw & UINT32_MAX);
			break;
		default:
			*num = (int64_t)raw;
		}
		return 0;
	}
	if (loc->where == PW_NONE || !env->get)
		return -1;
	return env->get(env->ctx, c->var, num, str);
}

static bool compare(const struct pred *c, int64_t num)
{
	enum pvar_type t = pvar_table[c->var].type;
	bool is_signed = t == PVT_S32 || t == PVT_S64;
	uint64_t a = (uint64_t)num, b = (uint64_t)c->value;

	switch (c->op) {
	case PRED_EQ:
		return num == c->value;
	case PRED_NE:
		return num != c->value;
	case PRED_LT:
		return is_signed ? num < c->value : a < b;
	case PRED_LE:
		return is_signed ? num <= c->value : a <= b;
	case PRED_GT:
		return is_signed ? num > c->value : a > b;
	case PRED_GE:
		return is_signed ? num >= c->value : a >= b;
	case PRED_BITS:
		return (a & b) != 0;
	case PRED_TRUTH:
		return num != 0;
	}
	return false;
}

/* Three-valued results: a value nobody can know is neither true nor
 * false, and stays unknown through ! (Kleene's logic). */
enum truth { T_UNKNOWN = -1, T_FALSE = 0, T_TRUE = 1 };

static enum truth eval3(const struct pred *p, const struct pred_env *env);

static enum truth not3(enum truth t)
{
	if (t == T_UNKNOWN)
		return T_UNKNOWN;
	return t == T_TRUE ? T_FALSE : T_TRUE;
}

static enum truth both(const struct pred *p, const struct pred_env *env,
		       enum truth absorbing)
{
	enum truth l = eval3(p->left, env), r;

	if (l == absorbing)
		return l;
	r = eval3(p->right, env);
	if (r == absorbing)
		return r;
	return l == T_UNKNOWN || r == T_UNKNOWN ? T_UNKNOWN : l;
}

static enum truth eval3(const struct pred *p, const struct pred_env *env)
{
	const char *str;
	int64_t num = 0;
	bool match;

	switch (p->kind) {
	case PRED_AND:
		return both(p, env, T_FALSE);
	case PRED_OR:
		return both(p, env, T_TRUE);
	case PRED_NOT:
		return not3(eval3(p->left, env));
	case PRED_CMP:
		break;
	}
	if (lookup(p, env, &num, &str) < 0)
		return T_UNKNOWN;
	if (pvar_table[p->var].type != PVT_STR)
		return compare(p, num) ? T_TRUE : T_FALSE;
	if (!str || !p->str)
		return T_UNKNOWN;
	match = fnmatch(p->str, str, 0) == 0;
	return (p->op == PRED_NE ? !match : match) ? T_TRUE : T_FALSE;
}

/* Only a known true fires: a rule on queue == "/a", queue != "/a" or
 * !(queue == "/a") never fires where there is no queue to compare. */
bool pred_eval(const struct pred *p, const struct pred_env *env)
{
	return !p || eval3(p, env) == T_TRUE;
}

bool pred_in_registers(const struct pred *p, int call)
{
	if (!p)
		return true;
	if (call < 0 || call >= sysent_count)
		return false;
	if (p->kind != PRED_CMP)
		return pred_in_registers(p->left, call) &&
		       pred_in_registers(p->right, call);
	return sysent_table[call].var[p->var].where == PW_ARG;
}

uint32_t pred_vars(const struct pred *p)
{
	if (!p)
		return 0;
	if (p->kind != PRED_CMP)
		return pred_vars(p->left) | pred_vars(p->right);
	return 1u << p->var;
}
