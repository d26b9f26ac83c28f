/*
 * test_engine_filter.c - the kernel filter agrees with the predicates.
 *
 * Each if= predicate below is compiled into a static rule (so into BPF,
 * through faults/dnf.c), then a child makes raw mq_timedsend calls with
 * chosen register values: sign-extended negatives, the edges of int and
 * unsigned int, values next to every constant.  The filter must fail
 * exactly the calls pred_eval() says the predicate selects, whether the
 * compiler put the rule in the kernel or gave it to the supervisor.  The
 * error is one the real call (on a bogus descriptor) never returns.
 *
 * See also: faults/dnf.c, faults/dnf_leaf.c, faults/filter.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "faults/pred.h"
#include "faults/rule.h"

TestSuite(engine_filter, .init = isolate_or_fail, .timeout = 30);

/* Register values: fd (arg 0, int) and prio (arg 3, unsigned int). */
static const int64_t fds[] = {INT32_MIN, -6, -5, -4, -1, 0,  1,	   2,	     3,
			      4,	 5,  6,	 9,  10, 11, 1000, INT32_MAX};
static const uint32_t prios[] = {
	0,  1,	2,  3,	4,  5,		6,	    7,		9,
	10, 11, 31, 32, 33, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};
#define NFD   (sizeof(fds) / sizeof(fds[0]))
#define NPRIO (sizeof(prios) / sizeof(prios[0]))

struct filter_case {
	const char *pred;
	bool kernel; /* expected to compile into the kernel */
	bool loose;  /* its pre-filter lets more calls through than needed */
};

static const struct filter_case cases[] = {
	{"prio==5", true, false},
	{"prio!=5", true, false},
	{"prio<5", true, false},
	{"prio<=5", true, false},
	{"prio>5", true, false},
	{"prio>=5", true, false},
	{"prio&1", true, false},
	{"prio&6", true, false},
	{"!(prio&6)", true, false},
	{"prio>2&&prio<10", true, false},
	{"prio<2||prio>9", true, false},
	{"prio!=1&&prio!=2&&prio!=3", true, false},
	{"!(prio==1||prio==5)", true, false},
	{"prio>=3&&prio<=5", true, false},
	{"fd==-1", true, false},
	{"fd!=-5", true, false},
	{"fd==3&&prio==5", true, false},
	{"fd==3||prio==5", true, false},
	{"!(fd==3&&prio>4)", true, false},
	{"fd>=0&&fd<10&&prio<32", false, true},
	{"fd<0", false, false},
	{"fd>-5", false, false},
	{"fd<=-5||fd>=10", false, true},
	{"prio>100&&prio<0x80000000", false, true},
};

static int no_supervisor(void *ctx, int var, int64_t *num, const char **str)
{
	(void)ctx, (void)var, (void)num, (void)str;
	return -1;
}

/* Run fc->pred (with suffix appended) and compare with fc->pred alone. */
static void check_case(const struct filter_case *fc, const char *suffix)
{
	char spec[256];
	struct fault_plan *plan, *base;
	struct fault_sup *sup;
	struct fault_counters c;
	struct engine_events evs;
	int *res = engine_shared(NFD * NPRIO * sizeof(int));
	size_t selected = 0;
	pid_t pid;

	snprintf(spec, sizeof(spec), "mq_send:error=EDOM:if=%s", fc->pred);
	fault_sup_free(engine_sup(&base, 0, spec, NULL));
	snprintf(spec, sizeof(spec), "mq_send:error=EDOM:if=(%s)%s", fc->pred,
		 suffix);
	sup = engine_sup(&plan, 0, spec, NULL);
	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		for (size_t i = 0; i < NFD; i++)
			for (size_t j = 0; j < NPRIO; j++) {
				long r = syscall(SYS_mq_timedsend, (long)fds[i],
						 "x", 1L,
						 (unsigned long)prios[j], 0L);
				res[i * NPRIO + j] = r == 0 ? 0 : errno;
			}
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	for (size_t i = 0; i < NFD; i++)
		for (size_t j = 0; j < NPRIO; j++) {
			uint64_t args[6] = {(uint64_t)fds[i], 0, 1, prios[j]};
			struct pred_env env = {2, args, no_supervisor, NULL};
			const struct rule *r = plan_rule(base, 0);
			bool want = pred_eval(r->pred, &env);

			selected += want;
			cr_expect_eq(res[i * NPRIO + j] == EDOM, want,
				     "%s with fd=%lld prio=%u: got %s",
				     fc->pred, (long long)fds[i], prios[j],
				     strerror(res[i * NPRIO + j]));
		}
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	if (fc->kernel && !suffix[0])
		cr_expect(c.in_kernel, "%s should live in the kernel",
			  fc->pred);
	/* Exact pre-filters send the supervisor nothing else. */
	if (suffix[0])
		cr_expect_not(c.in_kernel);
	if (suffix[0] && !fc->loose)
		cr_expect_eq(evs.n, selected, "%s: %zu events for %zu calls",
			     fc->pred, evs.n, selected);
	if (suffix[0] && fc->loose)
		cr_expect_geq(evs.n, selected);
	engine_events_free(&evs);
	fault_sup_free(sup);
	fault_plan_free(plan);
	fault_plan_free(base);
}

Test(engine_filter, kernel_filter_agrees_with_pred_eval)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i], "");
}

/* The pre-filter of a supervised rule may let more through, never less:
 * every call the predicate selects must reach the supervisor. */
Test(engine_filter, prefilter_never_hides_a_selected_call)
{
	/* A comm test the kernel cannot do makes it supervised. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i], "&&comm!=\"nobody\"");
}

#if defined(__x86_64__)
/*
 * A call through another ABI (int $0x80 is the i386 one, as a 32-bit
 * program makes every call) runs untouched: libseccomp's default for a
 * foreign architecture would kill the program.
 */
Test(engine_filter, a_call_through_the_32_bit_abi_runs_untouched)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, "mq_send:error=EAGAIN",
					   "msgsnd:error=EIO:when=2", NULL);
	long *res = engine_shared(2 * sizeof(long));
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		long r;

		/* i386 getpid is 20. */
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
		res[0] = r;
		res[1] = getpid();
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], res[1], "i386 getpid said %ld", res[0]);
	fault_sup_free(sup);
	fault_plan_free(plan);
}
#endif
