/*
 * fuzz_spec.c - libFuzzer target: any bytes, parsed as one fault spec.
 *
 * The parser reads text a user typed, so every input must end in a rule
 * or a clean error: never a crash, a leak, or a read past the string.
 * Each input goes through fault_plan_add() and, when it parses, through
 * what the engine does with a rule (selection, predicate evaluation on
 * made-up arguments); when it fails, through the error formatter, whose
 * caret arithmetic is the other place an offset could go wrong.
 *
 * Run: make fuzz FUZZ_SECONDS=60 (seeds in tests/fuzz/corpus)
 * See also: faults/spec.c, tests/test_spec.c
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "faults/fault.h"
#include "faults/rule.h"
#include "faults/sysent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every variable known, so evaluation walks the whole tree. */
static int get(void *ctx, int var, int64_t *num, const char **str)
{
	(void)ctx;
	*num = var * 7 - 20;
	*str = var % 2 ? "/orders" : "worker";
	return 0;
}

static void exercise(struct fault_plan *plan, int index)
{
	struct rule *r = plan_rule(plan, (size_t)index);
	uint64_t args[6] = {3, 0x800, 100, UINT64_MAX, 04000, 0};
	struct pred_env env = {0, args, get, NULL};

	(void)rule_is_static(r);
	for (uint64_t n = 1; n < 4; n++) {
		(void)rule_when_selects(r, n);
		(void)rule_prob_selects(r, 1, (size_t)index, n);
	}
	for (env.call = 0; env.call < sysent_count; env.call++)
		if (r->calls & (1u << env.call))
			(void)pred_eval(r->pred, &env);
	(void)fault_plan_rule_text(plan, (size_t)index);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;
	char *spec = malloc(size + 1), out[2048];
	int index;

	if (!plan || !spec)
		goto out_free;
	memcpy(spec, data, size);
	spec[size] = '\0';
	index = fault_plan_add(plan, spec, &err);
	if (index >= 0)
		exercise(plan, index);
	else
		fault_error_format(&err, "mqfault", out, sizeof(out));
	for (size_t i = 0; i < fault_plan_nnotes(plan); i++)
		(void)strlen(fault_plan_note(plan, i));
out_free:
	free(spec);
	fault_plan_free(plan);
	return 0;
}
