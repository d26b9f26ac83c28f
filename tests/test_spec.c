/*
 * test_spec.c - the fault spec language, spec by spec.
 *
 * Table-driven, numbered like libseccomp's tests: one table of specs that
 * must parse and the rule each must give, one table of specs that must
 * fail and where (column, message, hint), then the pieces with behaviour
 * of their own: when= and prob= selection, predicates evaluated against
 * made-up calls, which rules can live in the kernel, notes, rules files
 * and the two-line error format.  Nothing here touches a queue.
 *
 * See also: faults/spec.c, faults/plan.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/msg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faults/fault.h"
#include "faults/rule.h"
#include "faults/sysent.h"

TestSuite(spec, .init = isolate_or_fail, .timeout = 20);

/* Rows of sysent_table, in the documented order (checked below). */
enum { OPEN, UNLINK, SEND, RECV, NOTIFY, ATTR, GET, SND, RCV, CTL };
#define B(c) (1u << (c))
#define MQ   (B(OPEN) | B(UNLINK) | B(SEND) | B(RECV) | B(NOTIFY) | B(ATTR))
#define MSG  (B(GET) | B(SND) | B(RCV) | B(CTL))
#define END  UINT64_MAX

struct ok_case {
	const char *spec;
	uint32_t calls;
	enum rule_action action;
	int error;
	long retval;
	int signal;
	uint64_t delay_us;
	size_t nwhen;
	struct when_range w0; /* the first when= range */
	double prob;	      /* checked when has_prob */
	bool has_prob, has_seed, has_pred, hold, log;
	uint64_t seed;
	enum rule_count count;
	const char *text; /* the rule's text, when not the spec itself */
};

/* clang-format off */
static const struct ok_case ok_cases[] = {
	/* 00-09: strace's own forms */
	{.spec = "mq_open:error=ENOENT", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = ENOENT},
	{.spec = "inject=mq_open:error=ENOENT", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = ENOENT, .text = "mq_open:error=ENOENT"},
	{.spec = "-e inject=msgget:error=ENOSPC", .calls = B(GET),
	 .action = RULE_ERROR, .error = ENOSPC, .text = "msgget:error=ENOSPC"},
	{.spec = "-einject=msgget:error=ENOSPC", .calls = B(GET),
	 .action = RULE_ERROR, .error = ENOSPC, .text = "msgget:error=ENOSPC"},
	{.spec = "--inject=msgget:error=11", .calls = B(GET),
	 .action = RULE_ERROR, .error = EAGAIN, .text = "msgget:error=11"},
	{.spec = "fault=mq_open", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = ENOSYS, .text = "fault=mq_open"},
	{.spec = "-e fault=msgsnd:error=EIDRM:when=3+", .calls = B(SND),
	 .action = RULE_ERROR, .error = EIDRM, .nwhen = 1, .w0 = {3, END, 1},
	 .text = "fault=msgsnd:error=EIDRM:when=3+"},
	{.spec = "mq_timedsend:retval=0", .calls = B(SEND),
	 .action = RULE_RETVAL},
	{.spec = "mq_timedsend:retval=-1", .calls = B(SEND),
	 .action = RULE_RETVAL, .retval = -1},
	{.spec = "msgrcv:retval=0x10", .calls = B(RCV),
	 .action = RULE_RETVAL, .retval = 16},
	/* 10-19: when= */
	{.spec = "mq_open:error=EIO:when=3", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {3, 3, 1}},
	{.spec = "mq_open:error=EIO:when=3..5", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {3, 5, 1}},
	{.spec = "mq_open:error=EIO:when=3+", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {3, END, 1}},
	{.spec = "mq_open:error=EIO:when=3+2", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {3, END, 2}},
	{.spec = "mq_open:error=EIO:when=3..9+2", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {3, 9, 2}},
	{.spec = "mq_open:error=EIO:when=3..9+", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {3, 9, 1}},
	{.spec = "mq_open:error=EIO:when=1,3,10..20+5", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 3, .w0 = {1, 1, 1}},
	{.spec = "mq_open:error=EIO:when=18446744073709551614",
	 .calls = B(OPEN), .action = RULE_ERROR, .error = EIO, .nwhen = 1,
	 .w0 = {END - 1, END - 1, 1}},
	{.spec = "mq_open:error=EIO:when=70000..18446744073709551614+65536",
	 .calls = B(OPEN), .action = RULE_ERROR, .error = EIO, .nwhen = 1,
	 .w0 = {70000, END - 1, 65536}},
	{.spec = "mq_open:error=EIO:when=2:when=7", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .nwhen = 1, .w0 = {7, 7, 1}},
	/* 20-30: sets */
	{.spec = "mq_open,mq_unlink:error=EACCES", .calls = B(OPEN) | B(UNLINK),
	 .action = RULE_ERROR, .error = EACCES},
	{.spec = "%mq:error=EBADF", .calls = MQ,
	 .action = RULE_ERROR, .error = EBADF},
	{.spec = "%msg:error=EIDRM", .calls = MSG,
	 .action = RULE_ERROR, .error = EIDRM},
	{.spec = "%ipcq:error=EINTR", .calls = MQ | MSG,
	 .action = RULE_ERROR, .error = EINTR},
	{.spec = "all:error=EINTR", .calls = MQ | MSG,
	 .action = RULE_ERROR, .error = EINTR},
	{.spec = "!mq_open:error=EINTR", .calls = (MQ | MSG) & ~B(OPEN),
	 .action = RULE_ERROR, .error = EINTR},
	{.spec = "!mq_open,%msg:error=EINTR", .calls = MQ & ~B(OPEN),
	 .action = RULE_ERROR, .error = EINTR},
	{.spec = "%mq,!mq_open:error=EBADF", .calls = MQ & ~B(OPEN),
	 .action = RULE_ERROR, .error = EBADF},
	{.spec = "?read,mq_open:error=EIO", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO},
	{.spec = "/^mq_timed:error=EAGAIN", .calls = B(SEND) | B(RECV),
	 .action = RULE_ERROR, .error = EAGAIN},
	{.spec = "/^msg(snd|rcv)?$:error=EINTR", .calls = B(SND) | B(RCV),
	 .action = RULE_ERROR, .error = EINTR},
	/* 31-40: aliases, numbers, strace classes, personality */
	{.spec = "mq_send:error=EAGAIN", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN},
	{.spec = "mq_receive:error=EAGAIN", .calls = B(RECV),
	 .action = RULE_ERROR, .error = EAGAIN},
	{.spec = "mq_getattr,mq_setattr:error=EBADF", .calls = B(ATTR),
	 .action = RULE_ERROR, .error = EBADF},
	{.spec = "240:error=EACCES", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EACCES},
	{.spec = "%ipc:error=EIDRM", .calls = MSG,
	 .action = RULE_ERROR, .error = EIDRM},
	{.spec = "%desc:error=EBADF", .calls = MQ & ~B(UNLINK),
	 .action = RULE_ERROR, .error = EBADF},
	{.spec = "mq_open@64:error=EACCES", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EACCES},
	{.spec = "msgsnd:error=EWOULDBLOCK", .calls = B(SND),
	 .action = RULE_ERROR, .error = EAGAIN},
	{.spec = "mq_open:error=eacces", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EACCES},
	{.spec = "mq_open:error=4095", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = 4095},
	/* 41-50: signal= and delay_enter= */
	{.spec = "mq_open:signal=SIGUSR1", .calls = B(OPEN), .signal = SIGUSR1},
	{.spec = "mq_open:signal=USR2", .calls = B(OPEN), .signal = SIGUSR2},
	{.spec = "mq_open:signal=sigterm", .calls = B(OPEN), .signal = SIGTERM},
	{.spec = "mq_open:signal=9:error=ENOENT", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = ENOENT, .signal = 9},
	{.spec = "mq_open:delay_enter=250", .calls = B(OPEN), .delay_us = 250},
	{.spec = "mq_open:delay_enter=1s", .calls = B(OPEN),
	 .delay_us = 1000000},
	{.spec = "mq_open:delay_enter=10ms", .calls = B(OPEN),
	 .delay_us = 10000},
	{.spec = "mq_open:delay_enter=5us", .calls = B(OPEN), .delay_us = 5},
	{.spec = "mq_open:delay_enter=1500ns", .calls = B(OPEN), .delay_us = 2},
	{.spec = "mq_open:delay_enter=0.25s:retval=3", .calls = B(OPEN),
	 .action = RULE_RETVAL, .retval = 3, .delay_us = 250000},
	/* 51-60: prob=, seed=, count=, hold, log */
	{.spec = "mq_send:error=EAGAIN:prob=0.25", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .has_prob = true, .prob = 0.25},
	{.spec = "mq_send:error=EAGAIN:prob=25%", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .has_prob = true, .prob = 0.25},
	{.spec = "mq_send:error=EAGAIN:prob=1", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .has_prob = true, .prob = 1},
	{.spec = "mq_send:error=EAGAIN:prob=0:seed=42", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .has_prob = true, .prob = 0,
	 .has_seed = true, .seed = 42},
	{.spec = "mq_send:error=EAGAIN:prob=.5:seed=0xff", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .has_prob = true, .prob = 0.5,
	 .has_seed = true, .seed = 255},
	{.spec = "msgsnd:error=EAGAIN:count=process", .calls = B(SND),
	 .action = RULE_ERROR, .error = EAGAIN, .count = RULE_COUNT_PROCESS},
	{.spec = "msgsnd:error=EAGAIN:count=thread", .calls = B(SND),
	 .action = RULE_ERROR, .error = EAGAIN, .count = RULE_COUNT_THREAD},
	{.spec = "%ipcq:hold", .calls = MQ | MSG, .hold = true},
	{.spec = "mq_send:hold:error=EAGAIN", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .hold = true},
	{.spec = "%ipcq:log", .calls = MQ | MSG, .log = true},
	/* 61-70: if= */
	{.spec = "mq_send:error=EAGAIN:if=prio == 3", .calls = B(SEND),
	 .action = RULE_ERROR, .error = EAGAIN, .has_pred = true},
	{.spec = "mq_send:if=prio > 3 && len >= 100 || !nonblock:error=EAGAIN",
	 .calls = B(SEND), .action = RULE_ERROR, .error = EAGAIN,
	 .has_pred = true},
	{.spec = "msgrcv:if=msgflg & (IPC_NOWAIT|MSG_NOERROR):error=ENOMSG",
	 .calls = B(RCV), .action = RULE_ERROR, .error = ENOMSG,
	 .has_pred = true},
	{.spec = "mq_open:if=queue == \"/a:b*\":error=EACCES", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EACCES, .has_pred = true},
	{.spec = "mq_open:if=queue != /orders*:error=EACCES", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EACCES, .has_pred = true},
	{.spec = "%ipcq:if=comm == worker && pid != 1:signal=SIGUSR1",
	 .calls = MQ | MSG, .signal = SIGUSR1, .has_pred = true},
	{.spec = "msgrcv:if=msgtyp < -5:error=ENOMSG", .calls = B(RCV),
	 .action = RULE_ERROR, .error = ENOMSG, .has_pred = true},
	{.spec = "msgsnd:if=msqid == 0xffffffff:error=EINVAL", .calls = B(SND),
	 .action = RULE_ERROR, .error = EINVAL, .has_pred = true},
	{.spec = "msgctl:if=cmd == IPC_RMID:error=EPERM", .calls = B(CTL),
	 .action = RULE_ERROR, .error = EPERM, .has_pred = true},
	{.spec = "  mq_open:error=EIO \t", .calls = B(OPEN),
	 .action = RULE_ERROR, .error = EIO, .text = "mq_open:error=EIO"},
};
/* clang-format on */

static void check_ok(size_t i, const struct ok_case *c)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;
	struct rule *r;
	int index;

	cr_assert_not_null(plan);
	index = fault_plan_add(plan, c->spec, &err);
	cr_assert_eq(index, 0, "ok %02zu '%s': %s (%s) at %d", i, c->spec,
		     err.message, err.hint, err.column);
	r = plan_rule(plan, 0);
	cr_assert_not_null(r);
	cr_expect_str_eq(r->text, c->text ? c->text : c->spec, "ok %02zu", i);
	cr_expect_eq(r->calls, c->calls, "ok %02zu calls %#x", i, r->calls);
	cr_expect_eq(r->action, c->action, "ok %02zu action", i);
	cr_expect_eq(r->error, c->error, "ok %02zu error %d", i, r->error);
	cr_expect_eq(r->retval, c->retval, "ok %02zu retval", i);
	cr_expect_eq(r->signal, c->signal, "ok %02zu signal", i);
	cr_expect_eq(r->delay_us, c->delay_us, "ok %02zu delay", i);
	cr_expect_eq(r->nwhen, c->nwhen, "ok %02zu nwhen", i);
	if (c->nwhen && r->nwhen) {
		cr_expect_eq(r->when[0].first, c->w0.first, "ok %02zu", i);
		cr_expect_eq(r->when[0].last, c->w0.last, "ok %02zu", i);
		cr_expect_eq(r->when[0].step, c->w0.step, "ok %02zu", i);
	}
	cr_expect_eq(r->has_prob, c->has_prob, "ok %02zu has_prob", i);
	if (c->has_prob)
		cr_expect_float_eq(r->prob, c->prob, 1e-12, "ok %02zu", i);
	cr_expect_eq(r->has_seed, c->has_seed, "ok %02zu has_seed", i);
	cr_expect_eq(r->seed, c->seed, "ok %02zu seed", i);
	cr_expect_eq(r->pred != NULL, c->has_pred, "ok %02zu pred", i);
	cr_expect_eq(r->count, c->count, "ok %02zu count", i);
	cr_expect_eq(r->hold, c->hold, "ok %02zu hold", i);
	cr_expect_eq(r->log, c->log, "ok %02zu log", i);
	fault_plan_free(plan);
}

Test(spec, every_valid_form_gives_the_expected_rule)
{
	for (size_t i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		check_ok(i, &ok_cases[i]);
}

Test(spec, the_syscall_table_is_in_the_documented_order)
{
	static const char *const names[] = {
		"mq_open",   "mq_unlink",     "mq_timedsend", "mq_timedreceive",
		"mq_notify", "mq_getsetattr", "msgget",	      "msgsnd",
		"msgrcv",    "msgctl"};

	cr_assert_eq(sysent_count, 10);
	for (int c = 0; c < sysent_count; c++)
		cr_expect_str_eq(sysent_table[c].name, names[c]);
	cr_expect_eq(sysent_class("%mq"), MQ);
	cr_expect_eq(sysent_class("msg"), MSG);
	cr_expect_eq(sysent_all(), MQ | MSG);
}

struct bad_case {
	const char *spec;
	int column;
	const char *message; /* a substring of err.message */
	const char *hint;    /* a substring of err.hint, "" for none */
};

static const struct bad_case bad_cases[] = {
	/* 00-09: the syscall set */
	{"mq_sned:error=EAGAIN", 0, "unknown syscall 'mq_sned'",
	 "did you mean mq_send?"},
	{"inject=mq_sned:error=EAGAIN", 7, "unknown syscall 'mq_sned'",
	 "mq_send"},
	{"mq_opne,msgget:error=EIO", 0, "unknown syscall", "mq_open"},
	{"read:error=EIO", 0, "read is not a message-queue syscall", ""},
	{":error=EIO", 0, "empty syscall set", ""},
	{"mq_open,,msgget:error=EIO", 8, "empty syscall name", ""},
	{"!%ipcq:error=EIO", 0, "the syscall set is empty", ""},
	{"%file:error=EIO", 0, "%file has no message-queue syscall", ""},
	{"/^zzz:error=EIO", 0, "matches no message-queue syscall", ""},
	{"mq_open@32:error=EIO", 7, "native x86_64", ""},
	/* 10-19: keys and actions */
	{"mq_open:delay_entr=5", 8, "unknown key 'delay_entr'",
	 "did you mean delay_enter?"},
	{"mq_open", 7, "expected error=, retval=, signal= or delay_enter=", ""},
	{"mq_open:error=EIO:retval=0", 18, "exclude each other", ""},
	{"mq_open:retval=0:error=EIO", 17, "exclude each other", ""},
	{"mq_open:error=EIO:error=EIO", 18, "given twice", ""},
	{"mq_open:delay_exit=5", 8, "use delay_enter= instead", ""},
	{"mq_open:syscall=getpid", 8, "syscall= is not supported", ""},
	{"mq_open:poke_enter=@arg1=00", 8, "poke_enter= is not supported", ""},
	{"fault=mq_open:retval=1", 14, "use inject= for retval=", ""},
	{"mq_open:log:error=EIO", 8, "log only records", ""},
	/* 20-29: values */
	{"mq_open:error=EAGIAN", 14, "unknown errno 'EAGIAN'",
	 "did you mean EAGAIN?"},
	{"mq_open:error=0", 14, "out of range", ""},
	{"mq_open:error=4096", 14, "out of range", ""},
	{"mq_open:signal=SIGUSR3", 15, "unknown signal", "SIGUSR1"},
	{"mq_open:signal=65", 15, "out of range", ""},
	{"mq_open:delay_enter=5min", 21, "unknown time unit 'min'", ""},
	{"mq_open:hold=1", 12, "hold takes no value", ""},
	{"mq_open:count=proces", 14, "unknown count", "did you mean process?"},
	{"mq_open:error=EIO:", 18, "empty field", ""},
	{"mq_open:retval=abc", 15, "bad retval", ""},
	/* 30-39: when=, prob= */
	{"mq_open:error=EIO:when=0", 23, "counted from 1", ""},
	{"mq_open:error=EIO:when=5..3", 26, "LAST is before FIRST", ""},
	{"mq_open:error=EIO:when=1+0", 25, "STEP", ""},
	{"mq_open:error=EIO:when=1..5+00", 28, "STEP", ""},
	{"mq_open:error=EIO:when=18446744073709551615", 23, "too large", ""},
	{"mq_open:error=EIO:when=1,,3", 25, "FIRST", ""},
	{"mq_open:error=EIO:when=3-5", 24, "unexpected character", ""},
	{"mq_open:error=EIO:prob=1.5", 23, "above 1", ""},
	{"mq_open:error=EIO:prob=101%", 23, "above 1", ""},
	{"mq_open:error=EIO:prob=0.5x", 26, "unexpected character", ""},
	/* 40-49: if= */
	{"mq_send:error=EIO:if=len >> 3", 26, "expected a number", ""},
	{"mq_send:error=EIO:if=len > 3 &&", 31, "expected a variable", ""},
	{"mq_send:error=EIO:if=len $ 3", 25, "unexpected '$'", ""},
	{"mq_send:error=EIO:if=lenn > 3", 21, "unknown variable 'lenn'",
	 "did you mean len?"},
	{"msgsnd:error=EIO:if=prio == 1", 20,
	 "prio has no meaning for msgsnd; narrow the syscall set (prio "
	 "applies to mq_timedsend)",
	 ""},
	{"mq_send,msgsnd:error=EIO:if=len > 1 && prio == 1", 39,
	 "prio has no meaning for msgsnd", ""},
	{"mq_send:error=EIO:if=queue < \"/a\"", 27, "string", ""},
	{"mq_send:error=EIO:if=queue == \"/a", 30, "unterminated", ""},
	{"mq_send:error=EIO:if=queue", 21, "string", ""},
	{"mq_send:error=EIO:if=len = 3", 25, "write '=='", ""},
	/* 50-59: if= values and structure */
	{"mq_send:error=EIO:if=(len > 3 || prio == 1", 21, "never closed", ""},
	{"mq_send:error=EIO:if=len > 3)", 28, "unmatched ')'", ""},
	{"mq_send:error=EIO:if=!prio == 1", 21, "ambiguous", ""},
	{"mq_send:error=EIO:if=len > -3", 27, "unsigned", ""},
	{"mq_send:error=EIO:if=prio == 4294967296", 29, "out of range", ""},
	{"msgsnd:error=EIO:if=nonblock == 2", 32, "out of range", ""},
	{"msgrcv:error=EIO:if=msgtyp == 9223372036854775808", 30,
	 "out of range", ""},
	{"mq_open:error=EIO:if=oflag & O_CREATE", 29,
	 "unknown constant 'O_CREATE'", "did you mean O_CREAT?"},
	{"mq_send:error=EIO:if=", 21, "if needs a value", ""},
	{"mq_send:error=EIO:if=   ", 21, "if needs a value", ""},
};

Test(spec, every_invalid_form_is_refused_at_the_right_column)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;

	cr_assert_not_null(plan);
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		errno = 0;
		cr_expect_eq(fault_plan_add(plan, c->spec, &err), -1,
			     "bad %02zu '%s' was accepted", i, c->spec);
		cr_expect_eq(errno, EINVAL, "bad %02zu errno", i);
		cr_expect_str_eq(err.text, c->spec, "bad %02zu", i);
		cr_expect_eq(err.column, c->column,
			     "bad %02zu '%s': column %d, expected %d (%s)", i,
			     c->spec, err.column, c->column, err.message);
		cr_expect(strstr(err.message, c->message) != NULL,
			  "bad %02zu: message '%s' lacks '%s'", i, err.message,
			  c->message);
		if (c->hint[0])
			cr_expect(strstr(err.hint, c->hint) != NULL,
				  "bad %02zu: hint '%s' lacks '%s'", i,
				  err.hint, c->hint);
		else
			cr_expect_str_eq(err.hint, "", "bad %02zu hint", i);
	}
	cr_expect_eq(fault_plan_size(plan), 0);
	errno = 0;
	cr_expect_eq(fault_plan_add(plan, "mq_sned:error=EIO", NULL), -1);
	cr_expect_eq(errno, EINVAL, "a NULL err is allowed");
	fault_plan_free(plan);
}

Test(spec, syscall_names_keep_their_case_but_get_a_hint)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;

	cr_assert_eq(fault_plan_add(plan, "MQ_OPEN:error=EIO", &err), -1);
	cr_expect_str_eq(err.hint, "did you mean mq_open?");
	fault_plan_free(plan);
}

/* Parse spec into a fresh plan, or fail the test. */
static struct fault_plan *plan_of(const char *spec)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;

	cr_assert_not_null(plan);
	cr_assert_eq(fault_plan_add(plan, spec, &err), 0, "'%s': %s", spec,
		     err.message);
	return plan;
}

struct when_case {
	const char *spec;
	uint64_t yes[6]; /* selected call numbers (0 ends) */
	uint64_t no[6];	 /* not selected */
};

static const struct when_case when_cases[] = {
	{"mq_open:error=EIO", {1, 2, 3, 1000, END - 1}, {0}},
	{"mq_open:error=EIO:when=3", {3}, {1, 2, 4, 5}},
	{"mq_open:error=EIO:when=3..5", {3, 4, 5}, {1, 2, 6}},
	{"mq_open:error=EIO:when=3+", {3, 4, 5, 1000000, END - 1}, {1, 2}},
	{"mq_open:error=EIO:when=3+2", {3, 5, 7, 1001}, {1, 2, 4, 6, 1000}},
	{"mq_open:error=EIO:when=2..6+2", {2, 4, 6}, {1, 3, 5, 7, 8}},
	{"mq_open:error=EIO:when=1,3,10..20+5",
	 {1, 3, 10, 15, 20},
	 {2, 4, 11, 21, 25}},
	{"mq_open:error=EIO:when=18446744073709551614",
	 {END - 1},
	 {1, END - 2}},
	{"mq_open:error=EIO:when=70000+", {70000, 70001, END - 1}, {69999}},
};

Test(spec, when_selects_the_documented_calls)
{
	for (size_t i = 0; i < sizeof(when_cases) / sizeof(when_cases[0]);
	     i++) {
		const struct when_case *c = &when_cases[i];
		struct fault_plan *plan = plan_of(c->spec);
		struct rule *r = plan_rule(plan, 0);

		for (size_t k = 0; k < 6 && c->yes[k]; k++)
			cr_expect(rule_when_selects(r, c->yes[k]),
				  "when %02zu: call %llu not selected", i,
				  (unsigned long long)c->yes[k]);
		for (size_t k = 0; k < 6 && c->no[k]; k++)
			cr_expect(!rule_when_selects(r, c->no[k]),
				  "when %02zu: call %llu selected", i,
				  (unsigned long long)c->no[k]);
		fault_plan_free(plan);
	}
}

Test(spec, prob_repeats_for_a_seed_and_differs_for_another)
{
	struct fault_plan *plan = plan_of("mq_send:error=EAGAIN:prob=0.5");
	struct rule *r = plan_rule(plan, 0);
	int same = 0, differ = 0;

	for (uint64_t n = 1; n <= 1000; n++) {
		bool a = rule_prob_selects(r, 42, 0, n);

		cr_assert_eq(a, rule_prob_selects(r, 42, 0, n));
		same += a == rule_prob_selects(r, 43, 0, n);
		differ += a != rule_prob_selects(r, 42, 1, n);
	}
	/* Two independent fair coins agree about half the time. */
	cr_expect(same > 350 && same < 650, "seeds 42 and 43 agree %d/1000",
		  same);
	cr_expect(differ > 350 && differ < 650, "rules 0 and 1 differ %d/1000",
		  differ);
	fault_plan_free(plan);
}

Test(spec, prob_selects_about_p_of_the_calls)
{
	static const char *const specs[] = {"mq_send:error=EAGAIN:prob=0.25",
					    "mq_send:error=EAGAIN:prob=5%",
					    "mq_send:error=EAGAIN:prob=0.9"};
	static const double p[] = {0.25, 0.05, 0.9};

	for (size_t i = 0; i < 3; i++) {
		struct fault_plan *plan = plan_of(specs[i]);
		struct rule *r = plan_rule(plan, 0);
		int hits = 0;

		for (uint64_t n = 1; n <= 100000; n++)
			hits += rule_prob_selects(r, 7, 3, n);
		cr_expect(hits > (p[i] - 0.02) * 100000 &&
				  hits < (p[i] + 0.02) * 100000,
			  "%s: %d of 100000", specs[i], hits);
		fault_plan_free(plan);
	}
}

Test(spec, prob_zero_never_and_one_always)
{
	struct fault_plan *plan = fault_plan_new();

	cr_assert_eq(fault_plan_add(plan, "msgsnd:error=EAGAIN:prob=0", NULL),
		     0);
	cr_assert_eq(
		fault_plan_add(plan, "msgsnd:error=EAGAIN:prob=100%", NULL), 1);
	for (uint64_t n = 1; n <= 10000; n++) {
		cr_assert(!rule_prob_selects(plan_rule(plan, 0), n * 31, 0, n));
		cr_assert(rule_prob_selects(plan_rule(plan, 1), n * 31, 1, n));
	}
	fault_plan_free(plan);
}

Test(spec, a_rule_seed_overrides_the_plan_seed)
{
	struct fault_plan *plan =
		plan_of("mq_send:error=EAGAIN:prob=0.5:seed=9");
	struct rule *r = plan_rule(plan, 0);

	for (uint64_t n = 1; n <= 1000; n++)
		cr_assert_eq(rule_prob_selects(r, 1, 0, n),
			     rule_prob_selects(r, 2, 0, n));
	cr_expect(!fault_plan_uses_prob(plan));
	fault_plan_free(plan);
}

/* What a test supervisor knows beyond the registers. */
struct fake {
	const char *queue, *comm;
	int64_t pid, mtype, key;
};

static int fake_get(void *ctx, int var, int64_t *num, const char **str)
{
	const struct fake *f = ctx;

	switch (var) {
	case PV_QUEUE:
		*str = f->queue;
		return f->queue ? 0 : -1;
	case PV_COMM:
		*str = f->comm;
		return 0;
	case PV_PID:
		*num = f->pid;
		return 0;
	case PV_MTYPE:
		*num = f->mtype;
		return 0;
	case PV_KEY:
		*num = f->key;
		return 0;
	case PV_NONBLOCK:
		*num = 1;
		return 0;
	}
	return -1;
}

struct eval_case {
	const char *spec;
	int call;
	uint64_t args[6];
	bool expect;
};

#define NEG(x) ((uint64_t)(int64_t)(x))

static const struct eval_case eval_cases[] = {
	/* 00-09: operators on registers */
	{"mq_send:error=EIO:if=prio == 3", SEND, {3, 0, 10, 3}, true},
	{"mq_send:error=EIO:if=prio == 3", SEND, {3, 0, 10, 4}, false},
	{"mq_send:error=EIO:if=prio != 3", SEND, {3, 0, 10, 4}, true},
	{"mq_send:error=EIO:if=len < 10", SEND, {3, 0, 9, 0}, true},
	{"mq_send:error=EIO:if=len <= 10", SEND, {3, 0, 10, 0}, true},
	{"mq_send:error=EIO:if=len > 10", SEND, {3, 0, 10, 0}, false},
	{"mq_send:error=EIO:if=len >= 10", SEND, {3, 0, 10, 0}, true},
	{"msgrcv:error=EIO:if=msgflg & IPC_NOWAIT",
	 RCV,
	 {1, 0, 8, 0, 04000},
	 true},
	{"msgrcv:error=EIO:if=msgflg & IPC_NOWAIT",
	 RCV,
	 {1, 0, 8, 0, 010000},
	 false},
	{"mq_send:error=EIO:if=prio", SEND, {3, 0, 10, 1}, true},
	/* 10-19: precedence: ! then && then || */
	{"mq_send:error=EIO:if=prio == 1 || prio == 2 && len == 3",
	 SEND,
	 {0, 0, 0, 1},
	 true},
	{"mq_send:error=EIO:if=prio == 1 || prio == 2 && len == 3",
	 SEND,
	 {0, 0, 0, 2},
	 false},
	{"mq_send:error=EIO:if=(prio == 1 || prio == 2) && len == 3",
	 SEND,
	 {0, 0, 0, 1},
	 false},
	{"msgsnd:error=EIO:if=!nonblock && len == 3", SND, {0, 0, 3, 0}, true},
	{"msgsnd:error=EIO:if=!nonblock && len == 3",
	 SND,
	 {0, 0, 3, 04000},
	 false},
	{"mq_send:error=EIO:if=!(prio == 1 || len == 2)",
	 SEND,
	 {0, 0, 2, 0},
	 false},
	{"mq_send:error=EIO:if=!(prio == 1 || len == 2)",
	 SEND,
	 {0, 0, 3, 0},
	 true},
	{"mq_send:error=EIO:if=!!prio", SEND, {0, 0, 3, 5}, true},
	{"mq_send:error=EIO:if=len>3&&prio<2", SEND, {0, 0, 4, 1}, true},
	{"mq_send:error=EIO:if=len>3||prio<2", SEND, {0, 0, 1, 5}, false},
	/* 20-29: types, constants and the supervisor's variables */
	{"msgrcv:error=EIO:if=msgtyp < 0", RCV, {0, 0, 0, NEG(-5)}, true},
	{"msgrcv:error=EIO:if=msgtyp < 0", RCV, {0, 0, 0, 5}, false},
	{"mq_send:error=EIO:if=fd == -1", SEND, {NEG(-1)}, true},
	{"mq_send:error=EIO:if=fd == -1", SEND, {0xffffffff}, true},
	{"mq_send:error=EIO:if=len > 100", SEND, {0, 0, NEG(-1)}, true},
	{"mq_open:error=EIO:if=oflag & (O_CREAT|O_EXCL)",
	 OPEN,
	 {0, O_EXCL},
	 true},
	{"mq_open:error=EIO:if=queue == \"/ord*\"", OPEN, {0}, true},
	{"mq_open:error=EIO:if=queue != /ord*", OPEN, {0}, false},
	{"msgsnd:error=EIO:if=mtype == 7 && key == 0x1234", SND, {0}, true},
	{"%ipcq:error=EIO:if=comm == work?r && pid > 100", CTL, {0}, true},
};

Test(spec, predicates_evaluate_with_c_precedence)
{
	struct fake f = {"/orders", "worker", 4242, 7, 0x1234};

	for (size_t i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]);
	     i++) {
		const struct eval_case *c = &eval_cases[i];
		struct fault_plan *plan = plan_of(c->spec);
		struct pred_env env = {c->call, c->args, fake_get, &f};

		cr_expect_eq(pred_eval(plan_rule(plan, 0)->pred, &env),
			     c->expect, "eval %02zu: '%s'", i, c->spec);
		fault_plan_free(plan);
	}
}

Test(spec, an_unknown_value_compares_false_either_way)
{
	struct fake f = {NULL, "w", 1, 1, 1};
	uint64_t args[6] = {0};
	struct pred_env env = {UNLINK, args, fake_get, &f};
	struct fault_plan *plan = fault_plan_new();

	cr_assert_eq(fault_plan_add(plan,
				    "mq_unlink:error=EACCES:if=queue "
				    "== /a",
				    NULL),
		     0);
	cr_assert_eq(fault_plan_add(plan,
				    "mq_unlink:error=EACCES:if=queue "
				    "!= /a",
				    NULL),
		     1);
	cr_expect(!pred_eval(plan_rule(plan, 0)->pred, &env));
	cr_expect(!pred_eval(plan_rule(plan, 1)->pred, &env));
	env.get = NULL;
	cr_expect(!pred_eval(plan_rule(plan, 0)->pred, &env));
	cr_expect(pred_eval(NULL, &env));
	fault_plan_free(plan);
}

/* Unknown stays unknown through ! and only a known truth fires; || and
 * && still decide when the known side is enough. */
Test(spec, an_unknown_value_stays_unknown_under_not)
{
	static const struct {
		const char *pred;
		bool expect;
	} cases[] = {
		{"!(queue == /a)", false},
		{"!(queue != /a)", false},
		{"!!(queue == /a)", false},
		{"!(queue == /a && pid == 1)", false},
		{"queue == /a || pid == 1", true},
		{"!(queue == /a || pid == 1)", false},
		{"!(queue == /a && pid == 2)", true},
		{"queue == /a && pid == 2", false},
	};
	struct fake f = {NULL, "w", 1, 1, 1};
	uint64_t args[6] = {0};
	struct pred_env env = {UNLINK, args, fake_get, &f};
	char spec[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fault_plan *plan;

		snprintf(spec, sizeof(spec), "mq_unlink:error=EACCES:if=%s",
			 cases[i].pred);
		plan = plan_of(spec);
		cr_expect_eq(pred_eval(plan_rule(plan, 0)->pred, &env),
			     cases[i].expect, "'%s'", cases[i].pred);
		fault_plan_free(plan);
	}
}

/* A when= list is as long as the spec allows, not a fixed buffer. */
Test(spec, a_long_when_list_parses)
{
	char spec[2048];
	struct fault_plan *plan;
	struct rule *r;
	size_t n =
		(size_t)snprintf(spec, sizeof(spec), "mq_open:error=EIO:when=");

	for (uint64_t k = 1; k <= 200; k++)
		n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%s%llu",
				      k > 1 ? "," : "",
				      (unsigned long long)(k * 3));
	cr_assert_gt(n, 600);
	cr_assert_lt(n, sizeof(spec));
	plan = plan_of(spec);
	r = plan_rule(plan, 0);
	cr_expect(rule_when_selects(r, 3));
	cr_expect(rule_when_selects(r, 600));
	cr_expect(!rule_when_selects(r, 601));
	cr_expect(!rule_when_selects(r, 4));
	fault_plan_free(plan);
}

struct static_case {
	const char *spec;
	bool in_kernel;
};

static const struct static_case static_cases[] = {
	{"msgsnd:error=EAGAIN", true},
	{"%ipcq:error=EINTR", true},
	{"msgsnd:error=EAGAIN:if=len > 10 && msgflg & IPC_NOWAIT", true},
	{"msgsnd:error=EAGAIN:if=nonblock", true},
	{"msgsnd,msgrcv:error=EIDRM:if=msqid == 3 || msqid == -1", true},
	{"msgget:error=ENOSPC:if=key == IPC_PRIVATE", true},
	{"mq_send:error=EAGAIN:if=prio >= 3", true},
	{"msgrcv:error=ENOMSG:if=msgtyp < 0", false},
	{"mq_send:error=EBADF:if=fd > 2", false},
	{"msgsnd:error=EAGAIN:if=nonblock >= 1", false},
	{"msgsnd:error=EAGAIN:if=mtype == 1", false},
	{"msgsnd:error=EAGAIN:if=key == 5", false},
	{"mq_send:error=EAGAIN:if=nonblock", false},
	{"mq_open:error=EACCES:if=queue == /a", false},
	{"mq_send:error=EAGAIN:when=2", false},
	{"mq_send:error=EAGAIN:prob=1", false},
	{"mq_send:retval=0", false},
	{"mq_send:error=EAGAIN:signal=USR1", false},
	{"mq_send:error=EAGAIN:delay_enter=1", false},
	{"mq_send:error=EAGAIN:hold", false},
};

Test(spec, only_plain_register_rules_can_live_in_the_kernel)
{
	for (size_t i = 0; i < sizeof(static_cases) / sizeof(static_cases[0]);
	     i++) {
		struct fault_plan *plan = plan_of(static_cases[i].spec);

		cr_expect_eq(rule_is_static(plan_rule(plan, 0)),
			     static_cases[i].in_kernel, "static %02zu: '%s'", i,
			     static_cases[i].spec);
		fault_plan_free(plan);
	}
}

/* Whether some note of plan contains text. */
static bool has_note(const struct fault_plan *plan, const char *text)
{
	for (size_t i = 0; i < fault_plan_nnotes(plan); i++)
		if (strstr(fault_plan_note(plan, i), text))
			return true;
	return false;
}

Test(spec, aliases_and_unlisted_errnos_leave_notes)
{
	struct fault_plan *plan = fault_plan_new();

	cr_assert_eq(fault_plan_add(plan, "mq_send:error=EAGAIN", NULL), 0);
	cr_assert_eq(fault_plan_add(plan, "mq_send:error=EAGAIN", NULL), 1);
	cr_assert_eq(fault_plan_add(plan, "msgget:error=EMSGSIZE", NULL), 2);
	cr_assert_eq(fault_plan_add(plan, "fault=msgget", NULL), 3);
	cr_expect_eq(fault_plan_nnotes(plan), 2, "notes are not repeated");
	cr_expect_str_eq(fault_plan_note(plan, 0),
			 "note: mq_send is mq_timedsend to the kernel");
	cr_expect_str_eq(fault_plan_note(plan, 1),
			 "warning: msgget never fails with EMSGSIZE (see "
			 "msgget(2)); injecting it anyway");
	cr_expect_null(fault_plan_note(plan, 2));
	fault_plan_free(plan);
}

Test(spec, a_failed_add_leaves_the_plan_as_it_was)
{
	struct fault_plan *plan = plan_of("mq_open:error=EACCES");
	struct fault_error err;

	errno = 0;
	cr_assert_eq(fault_plan_add(plan, "mq_send,bogus:error=EIO", &err), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect_eq(err.column, 8);
	cr_expect_eq(fault_plan_size(plan), 1);
	cr_expect_eq(fault_plan_nnotes(plan), 0, "no alias note was kept");
	cr_expect_str_eq(fault_plan_rule_text(plan, 0), "mq_open:error=EACCES");
	cr_expect_null(fault_plan_rule_text(plan, 1));
	cr_expect_null(plan_rule(plan, 1));
	fault_plan_free(plan);
}

Test(spec, the_seed_is_random_until_set)
{
	struct fault_plan *a = fault_plan_new(), *b = fault_plan_new();

	cr_assert(a && b);
	cr_expect_neq(fault_plan_seed(a), fault_plan_seed(b));
	fault_plan_set_seed(a, 1234);
	cr_expect_eq(fault_plan_seed(a), 1234);
	cr_expect(!fault_plan_uses_prob(a));
	cr_assert_eq(fault_plan_add(a, "msgsnd:error=EAGAIN:prob=0.1", NULL),
		     0);
	cr_expect(fault_plan_uses_prob(a));
	fault_plan_free(a);
	fault_plan_free(b);
}

Test(spec, rule_pointers_survive_later_adds)
{
	struct fault_plan *plan = plan_of("mq_open:error=EACCES");
	struct rule *first = plan_rule(plan, 0);

	for (int i = 0; i < 100; i++)
		cr_assert_eq(fault_plan_add(plan, "msgsnd:error=EAGAIN", NULL),
			     i + 1);
	cr_expect_eq(plan_rule(plan, 0), first);
	cr_expect_eq(first->error, EACCES);
	cr_expect_eq(fault_plan_size(plan), 101);
	fault_plan_free(plan);
}

Test(spec, the_error_format_puts_the_caret_under_the_bad_token)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;
	char buf[1024];
	int n;

	cr_assert_eq(fault_plan_add(plan, "mq_sned:error=EAGAIN", &err), -1);
	n = fault_error_format(&err, "mqfault", buf, sizeof(buf));
	cr_expect_str_eq(buf,
			 "mqfault: mq_sned:error=EAGAIN\n"
			 "         ^ unknown syscall 'mq_sned'; expected a "
			 "syscall name, %class or !name (did you mean "
			 "mq_send?)\n");
	cr_expect_eq(n, (int)strlen(buf));
	fault_plan_free(plan);
}

/* A mistake far into a long spec is shown with all of the spec, the
 * caret under it. */
Test(spec, a_long_spec_keeps_its_text_and_column)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;
	static char spec[2048], buf[3 * sizeof(err.text)];
	size_t n = (size_t)snprintf(spec, sizeof(spec), "mq_open:when=");
	const char *caret;

	for (int k = 1; k <= 300; k++)
		n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%d,", k);
	snprintf(spec + n, sizeof(spec) - n, "400:error=EAGIAN");
	cr_assert_eq(fault_plan_add(plan, spec, &err), -1);
	cr_expect_str_eq(err.text, spec);
	cr_expect_gt(err.column, 1000);
	cr_expect_eq(strncmp(spec + err.column, "EAGIAN", 6), 0, "column %d",
		     err.column);
	fault_error_format(&err, "mqfault", buf, sizeof(buf));
	caret = strchr(strchr(buf, '\n') + 1, '^');
	cr_assert_not_null(caret);
	cr_expect_eq(caret - strchr(buf, '\n') - 1,
		     (long)strlen("mqfault: ") + err.column);
	fault_plan_free(plan);
}

/* Write text to a fresh file in /tmp; path gets its name. */
static void write_rules(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/mqlab-spec-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

Test(spec, a_rules_file_skips_comments_and_blank_lines)
{
	struct fault_plan *plan = plan_of("mq_open:error=EACCES");
	struct fault_error err;
	char path[64], want[128];
	int n;

	write_rules(path, "# producer faults\n"
			  "\n"
			  "mq_send:error=EAGAIN:when=3+   # every third on\n"
			  "  inject=msgsnd:error=EIDRM\n"
			  "-e fault=msgget\n"
			  "mq_open:if=queue == \"/a#b\":error=ENOENT\n"
			  "\t\n");
	n = fault_plan_load(plan, path, &err);
	unlink(path);
	cr_assert_eq(n, 4, "load: %s", err.message);
	cr_expect_eq(fault_plan_size(plan), 5);
	cr_expect_str_eq(fault_plan_rule_text(plan, 1),
			 "mq_send:error=EAGAIN:when=3+");
	cr_expect_str_eq(fault_plan_rule_text(plan, 3), "fault=msgget");
	cr_expect_str_eq(plan_rule(plan, 4)->pred->str, "/a#b");
	snprintf(want, sizeof(want),
		 "note: %s:3: mq_send is mq_timedsend to the kernel", path);
	cr_expect(has_note(plan, want), "no note '%s'", want);
	fault_plan_free(plan);
}

Test(spec, a_bad_line_names_file_and_line_and_adds_nothing)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;
	char path[64], buf[1024], want[1024];

	write_rules(path, "mq_send:error=EAGAIN\n"
			  "# next one is wrong\n"
			  "mq_open:error=EAGIAN\n");
	errno = 0;
	cr_assert_eq(fault_plan_load(plan, path, &err), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect_str_eq(err.file, path);
	cr_expect_eq(err.line, 3);
	cr_expect_eq(err.column, 14);
	cr_expect_eq(fault_plan_size(plan), 0);
	cr_expect_eq(fault_plan_nnotes(plan), 0);
	fault_error_format(&err, "mqfault", buf, sizeof(buf));
	snprintf(want, sizeof(want),
		 "mqfault: %s:3: mq_open:error=EAGIAN\n"
		 "%*s^ unknown errno 'EAGIAN'; expected a name such as EAGAIN "
		 "or a number 1..4095 (did you mean EAGAIN?)\n",
		 path, (int)(strlen("mqfault: :3: ") + strlen(path) + 14), "");
	cr_expect_str_eq(buf, want);
	unlink(path);
	fault_plan_free(plan);
}

Test(spec, a_missing_rules_file_is_an_errno)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;

	errno = 0;
	cr_expect_eq(fault_plan_load(plan, "/nonexistent/mqlab-rules", &err),
		     -1);
	cr_expect_eq(errno, ENOENT);
	fault_plan_free(plan);
}
