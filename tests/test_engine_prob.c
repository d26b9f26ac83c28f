/*
 * test_engine_prob.c - prob= is random but reproducible.
 *
 * The decision for the nth call is a pure function of the seed, the
 * rule's index and n: the same seed gives the same failure pattern over
 * 200 sends, run after run; another seed gives another pattern.
 *
 * See also: faults/when.c (rule_prob_selects), faults/sup_notify.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

TestSuite(engine_prob, .init = isolate_or_fail, .timeout = 30);

#define SENDS 200

/* Run spec (plan seed: seed) over SENDS sends; pattern into out. */
static void run(const char *spec, uint64_t seed, char *out)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, spec, NULL);
	int *res = engine_shared(SENDS * sizeof(int));
	mqd_t q = engine_queue("/mqlab-prob", 0);
	pid_t pid;

	fault_plan_set_seed(plan, seed);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		engine_sends(q, SENDS, 0, res);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	for (int i = 0; i < SENDS; i++) {
		cr_assert(res[i] == 0 || res[i] == EAGAIN);
		out[i] = res[i] ? 'X' : '.';
	}
	out[SENDS] = '\0';
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-prob");
}

static int failures(const char *pattern)
{
	int n = 0;

	for (; *pattern; pattern++)
		n += *pattern == 'X';
	return n;
}

Test(engine_prob, the_same_seed_repeats_the_pattern)
{
	char a[SENDS + 1], b[SENDS + 1];

	run("mq_send:error=EAGAIN:prob=30%:seed=42", 1, a);
	run("mq_send:error=EAGAIN:prob=30%:seed=42", 2, b);
	cr_expect_str_eq(a, b, "the rule's seed= beats the plan's");
	/* 30% of 200 is 60; a fair coin lands within 20..100 always. */
	cr_expect(failures(a) > 20 && failures(a) < 100, "%d failures",
		  failures(a));
}

Test(engine_prob, another_seed_gives_another_pattern)
{
	char a[SENDS + 1], b[SENDS + 1];

	run("mq_send:error=EAGAIN:prob=50%:seed=42", 0, a);
	run("mq_send:error=EAGAIN:prob=50%:seed=43", 0, b);
	cr_expect_str_neq(a, b);
}

Test(engine_prob, the_plan_seed_serves_rules_without_their_own)
{
	char a[SENDS + 1], b[SENDS + 1], c[SENDS + 1];

	run("mq_send:error=EAGAIN:prob=0.5", 7, a);
	run("mq_send:error=EAGAIN:prob=0.5", 7, b);
	run("mq_send:error=EAGAIN:prob=0.5", 8, c);
	cr_expect_str_eq(a, b);
	cr_expect_str_neq(a, c);
}

Test(engine_prob, prob_zero_never_fails_and_prob_one_always_does)
{
	char a[SENDS + 1], b[SENDS + 1];

	run("mq_send:error=EAGAIN:prob=0", 1, a);
	run("mq_send:error=EAGAIN:prob=100%", 1, b);
	cr_expect_eq(failures(a), 0);
	cr_expect_eq(failures(b), SENDS);
}
