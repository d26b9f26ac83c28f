/*
 * fuzz_rules.c - libFuzzer target: any bytes, read as a rules file.
 *
 * A rules file is text a user wrote, or a file given by mistake (a
 * binary, a log, half a download): every input must end in rules or in
 * a clean error, never a crash, a leak or a read past the buffer.  Each
 * input goes through rulesfile_parse() into a plan that already holds a
 * rule, which proves the all-or-nothing contract on the way: a failure
 * must leave that one rule and no note behind, a success must add
 * exactly the rules it counts.  Errors then go through both formatters
 * (the library's two lines, and mqfault's line with a caret window),
 * where column arithmetic could go wrong.
 *
 * Run: make fuzz FUZZ_SECONDS=60 (seeds in tests/fuzz/corpus-rules)
 * See also: faults/rulesfile.c, faults/quote.c, tests/fuzz/fuzz_spec.c
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "faults/fault.h"
#include "faults/quote.h"
#include "faults/rulesfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void formatters(const struct fault_error *err)
{
	static char two[3 * sizeof(err->text)];
	char caret[4 * QUOTE_LINE_MAX + 64], file[4 * QUOTE_VALUE_MAX + 8];
	size_t len = strnlen(err->text, sizeof(err->text));

	/* The reader must leave text terminated and the line set. */
	if (len == sizeof(err->text) || err->line < 0)
		abort();
	fault_error_format(err, "mqfault", two, sizeof(two));
	quote_caret(caret, sizeof(caret), err->text, len, err->column);
	quote_value(file, sizeof(file), err->file);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_error err;
	char shown[4 * QUOTE_VALUE_MAX + 8];
	size_t notes;
	int n;

	if (plan == NULL || fault_plan_add(plan, "mq_open:log", NULL) != 0)
		goto out_free;
	notes = fault_plan_nnotes(plan);
	memset(&err, 0, sizeof(err));
	n = rulesfile_parse(plan, "fuzz.rules", (const char *)data, size, &err);
	if (n >= 0 && fault_plan_size(plan) != 1 + (size_t)n)
		abort();
	if (n < 0 &&
	    (fault_plan_size(plan) != 1 || fault_plan_nnotes(plan) != notes))
		abort();
	if (n < 0)
		formatters(&err);
	for (size_t i = 0; i < fault_plan_size(plan); i++)
		(void)strlen(fault_plan_rule_text(plan, i));
	for (size_t i = 0; i < fault_plan_nnotes(plan); i++)
		(void)strlen(fault_plan_note(plan, i));
	/* The raw bytes, as a message would echo them. */
	quote_str(shown, sizeof(shown), (const char *)data, size);
	(void)quote_columns((const char *)data, size, size / 2);
out_free:
	fault_plan_free(plan);
	return 0;
}
