/*
 * test_tui_format.c - the words of the screen model, from plain values.
 *
 * Payload previews (text or hex), fill gauges, and how long a process
 * has been blocked: pure functions of their inputs, checked without any
 * queue or terminal.
 *
 * See also: tui/model_format.h, tui/model_procs.h, tests/test_tui_model.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>

#include "tests/helpers/isolate.h"
#include "tui/model_format.h"
#include "tui/model_messages.h"
#include "tui/model_procs.h"

TestSuite(tui_format, .init = isolate_or_fail, .timeout = 20);

Test(tui_format, blocked_time_counts_from_the_first_scan_that_saw_it)
{
	struct scan_procs_task tasks[2] = {
		{.pid = 10,
		 .tid = 10,
		 .comm = "producer",
		 .state = 'S',
		 .call = SCAN_PROCS_MQ_SEND,
		 .arg = 3,
		 .queue = "/orders"},
		{.pid = 11,
		 .tid = 11,
		 .comm = "consumer",
		 .state = 'S',
		 .call = SCAN_PROCS_MQ_RECEIVE,
		 .arg = 4,
		 .queue = "/orders"},
	};
	struct scan_procs scan = {tasks, 1};
	struct model_procs m = {0};

	cr_assert(model_procs_build(&m, &scan, NULL, 100.0) == 0);
	cr_expect_str_eq(m.rows[0].state, "BLOCKED in mq_timedsend on /orders",
			 "asleep before the first scan: no time to tell");
	scan.n = 2;
	cr_assert(model_procs_build(&m, &scan, NULL, 102.5) == 0);
	cr_expect_str_eq(m.rows[0].state,
			 "BLOCKED in mq_timedsend on /orders >2.5s");
	cr_expect_str_eq(m.rows[1].state,
			 "BLOCKED in mq_timedreceive on /orders 0.0s");
	tasks[0].state = 'T';
	cr_assert(model_procs_build(&m, &scan, NULL, 103.5) == 0);
	cr_expect_str_eq(m.rows[0].state,
			 "STOPPED in mq_timedsend on /orders >3.5s");
	cr_expect_str_eq(m.rows[1].state,
			 "BLOCKED in mq_timedreceive on /orders 1.0s");
	model_procs_free(&m);
}

Test(tui_format, previews_are_text_when_printable_else_hex)
{
	static const unsigned char bin[] = {0x00, 0xff, 0x41};
	char out[MODEL_MESSAGES_PREVIEW], small[16];

	model_format_preview(out, sizeof(out), (const unsigned char *)"hi", 2,
			     2);
	cr_expect_str_eq(out, "\"hi\"");
	model_format_preview(out, sizeof(out), (const unsigned char *)"hi\0", 3,
			     3);
	cr_expect_str_eq(out, "\"hi\\0\"");
	model_format_preview(out, sizeof(out), (const unsigned char *)"a\tb\n",
			     4, 4);
	cr_expect_str_eq(out, "\"a\\tb\\n\"");
	model_format_preview(out, sizeof(out), bin, 3, 3);
	cr_expect_str_eq(out, "hex 00 ff 41");
	model_format_preview(out, sizeof(out), bin, 3, 300);
	cr_expect_str_eq(out, "hex 00 ff 41...");
	model_format_preview(out, sizeof(out), NULL, 0, 0);
	cr_expect_str_eq(out, "(empty)");
	model_format_preview(small, sizeof(small),
			     (const unsigned char *)"abcdefghijklmnopq", 17,
			     17);
	cr_expect_str_eq(small, "\"abcdefghijk...");
}

Test(tui_format, gauge_looks_full_only_when_full_and_empty_only_when_empty)
{
	char g[16];

	model_format_gauge(g, sizeof(g), 0, 10);
	cr_expect_str_eq(g, "[          ]");
	model_format_gauge(g, sizeof(g), 1, 1000);
	cr_expect_str_eq(g, "[#         ]");
	model_format_gauge(g, sizeof(g), 999, 1000);
	cr_expect_str_eq(g, "[######### ]");
	model_format_gauge(g, sizeof(g), 10, 10);
	cr_expect_str_eq(g, "[##########]");
}
