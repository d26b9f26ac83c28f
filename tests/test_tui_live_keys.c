/*
 * test_tui_live_keys.c - the lab browser and the live view's keys,
 * without a terminal or a lab.
 *
 * The browser: grades in words from the gradebook, the brief with its
 * checks and points, Enter and S asking for a launch.  The live view:
 * the fault form filled field by field (Tab, Shift-Tab, Up, Down),
 * armed with Enter or a preset, refused without a syscall, cancelled
 * with Esc; each control key recording the command the loop will send; the
 * grade popup keeping the score and the failing checks; the help made
 * from the same table.
 *
 * See also: tui/browse.h, tui/live.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labs/catalog.h"
#include "labs/gradebook.h"
#include "tests/helpers/isolate.h"
#include "tui/browse.h"
#include "tui/live.h"

static void setup(void)
{
	isolate_or_fail(); /* a private /tmp for the gradebook */
	setenv("XDG_STATE_HOME", "/tmp/mqlab-keys-state", 1);
}

TestSuite(tui_live_keys, .init = setup, .timeout = 20);

/* Runners do not link the generated registry: two labs of our own. */
static const struct lab_check checks[] = {
	{"first_check", "the first check", 60, "a hint"},
	{"second_check", "the second check", 40, "a hint"},
	{NULL, NULL, 0, NULL},
};
static const struct lab_preset presets[] = {
	{"consumer dies", "consumer", "mq_timedreceive:signal=SIGKILL"},
	{NULL, NULL, NULL},
};
static const struct lab lab_a = {1,  "full-queue", "A full queue", "easy",
				 45, "a summary",  checks,	   presets};
static const struct lab lab_b = {2,  "other",		"Another", "hard",
				 60, "another summary", checks,	   presets};
static const struct lab *const test_labs[] = {&lab_a, &lab_b, NULL};

Test(tui_live_keys, browser_shows_grades_in_words)
{
	const struct lab *lab = test_labs[0];
	char dir[128], out[256];

	cr_assert_not_null(lab);
	browse_grade(out, sizeof(out), lab);
	cr_expect_str_eq(out, "not graded");
	catalog_dir(lab, dir, sizeof(dir));
	cr_assert_eq(gradebook_put(dir, 40, 100), 0);
	browse_grade(out, sizeof(out), lab);
	cr_expect_str_eq(out, "failing 40/100");
	cr_assert_eq(gradebook_put(dir, 100, 100), 0);
	browse_row(out, sizeof(out), lab);
	cr_expect(strstr(out, "passed 100/100") != NULL &&
			  strstr(out, lab->difficulty) != NULL,
		  "%s", out);
}

Test(tui_live_keys, browser_brief_lists_checks_with_points)
{
	struct browse b;
	char line[256], want[64];
	size_t i;
	int total = 0, n;

	browse_init(&b, test_labs, false);
	cr_assert(b.n > 0);
	for (n = 0; b.labs[0]->checks[n].test != NULL; n++)
		total += b.labs[0]->checks[n].points;
	for (i = 0; browse_brief(&b, i, line, sizeof(line)) == 0; i++)
		;
	cr_expect_eq(i, (size_t)n + 4, "title, summary, header, checks, total");
	cr_assert_eq(browse_brief(&b, i - 1, line, sizeof(line)), 0);
	cr_expect(strstr(line, "total") != NULL, "%s", line);
	snprintf(want, sizeof(want), "total %d points", total);
	cr_expect(strstr(line, want) != NULL, "%s", line);
}

Test(tui_live_keys, browser_enter_and_S_ask_for_a_launch_q_quits)
{
	struct browse b;

	browse_init(&b, test_labs, false);
	keys_dispatch(&b.top, browse_keys, KEY_DOWN);
	cr_expect_eq(b.selected, 1u);
	keys_dispatch(&b.top, browse_keys, '\n');
	cr_expect_eq(b.launch, BROWSE_STUDENT);
	keys_dispatch(&b.top, browse_keys, 'S');
	cr_expect_eq(b.launch, BROWSE_SOLUTION);
	cr_expect_eq(keys_dispatch(&b.top, browse_keys, 'q'), KEYS_QUIT);
	cr_expect(b.top.quit);
}

static void type(struct live *l, const char *text)
{
	for (; *text != '\0'; text++)
		live_key(l, (unsigned char)*text);
}

Test(tui_live_keys, the_form_arms_what_was_typed)
{
	static struct live l;

	live_init(&l, false);
	live_key(&l, 'f');
	cr_assert(l.form);
	type(&l, "mq_timedsend\tEAGAINX");
	live_key(&l, KEY_BACKSPACE);
	type(&l, "\t3");
	live_key(&l, KEY_DOWN);
	type(&l, "producer");
	cr_expect_eq(l.cmd, LIVE_NONE, "typing asks for nothing");
	live_key(&l, '\n');
	cr_expect(!l.form);
	cr_expect_eq(l.cmd, LIVE_ARM);
	cr_expect_str_eq(l.arm_role, "producer");
	cr_expect_str_eq(l.arm_spec, "mq_timedsend:error=EAGAIN:when=3");
	live_key(&l, 'f');
	type(&l, "x");
	live_key(&l, 27);
	cr_expect(!l.form && l.cmd == LIVE_NONE, "Esc cancels");
	live_free(&l);
}

Test(tui_live_keys, shift_tab_and_up_go_back_and_wrap)
{
	static struct live l;

	live_init(&l, false);
	live_key(&l, 'f');
	live_key(&l, KEY_BTAB);
	cr_expect_eq(l.fields.focus, MODEL_FORM_RAW, "wraps to the last");
	type(&l, "consumer@mq_receive:error=EINTR");
	live_key(&l, KEY_UP);
	cr_expect_eq(l.fields.focus, MODEL_FORM_ROLE);
	live_key(&l, '\n');
	cr_expect_eq(l.cmd, LIVE_ARM);
	cr_expect_str_eq(l.arm_role, "consumer");
	cr_expect_str_eq(l.arm_spec, "mq_receive:error=EINTR");
	live_free(&l);
}

Test(tui_live_keys, enter_without_a_syscall_keeps_the_form_and_says_why)
{
	static struct live l;

	live_init(&l, false);
	live_key(&l, 'f');
	cr_expect_eq(live_key(&l, '\n'), KEYS_REDRAW);
	cr_expect(l.form, "the form stays open");
	cr_expect_eq(l.cmd, LIVE_NONE);
	cr_expect(strstr(l.fields.why, "syscall") != NULL, "%s", l.fields.why);
	type(&l, "m");
	cr_expect_str_eq(l.fields.why, "", "typing clears the message");
	live_free(&l);
}

Test(tui_live_keys, a_digit_in_the_empty_form_picks_a_preset)
{
	static struct live l;
	static struct session_state st;
	const struct lab_preset *p;

	live_init(&l, false);
	st.lab = test_labs[0];
	l.st = &st;
	p = live_preset(&l, 0);
	cr_assert_not_null(p);
	cr_expect_null(live_preset(&l, 1));
	live_key(&l, 'f');
	live_key(&l, '1');
	cr_expect_str_eq(l.fields.field[MODEL_FORM_RAW], p->spec);
	cr_expect_str_eq(l.fields.field[MODEL_FORM_ROLE], p->role);
	live_key(&l, '\n');
	cr_expect_eq(l.cmd, LIVE_ARM);
	cr_expect_str_eq(l.arm_role, p->role);
	cr_expect_str_eq(l.arm_spec, p->spec);
	live_free(&l);
}

Test(tui_live_keys, control_keys_record_their_command)
{
	static const struct {
		int key;
		enum live_cmd cmd;
	} rows[] = {
		{' ', LIVE_PAUSE}, {'s', LIVE_STEP},	{'+', LIVE_SLOW},
		{'k', LIVE_KILL},  {'r', LIVE_RESTART}, {'R', LIVE_RESTART_LAB},
		{'g', LIVE_GRADE}, {'d', LIVE_DISARM},
	};
	static struct live l;
	size_t i;

	live_init(&l, false);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		live_key(&l, rows[i].key);
		cr_expect_eq(l.cmd, rows[i].cmd, "key '%c'", rows[i].key);
	}
	cr_expect_eq(l.slow_ms, 50u);
	live_key(&l, '+');
	cr_expect_eq(l.slow_ms, 100u);
	live_key(&l, '-');
	live_key(&l, '-');
	cr_expect_eq(l.slow_ms, 0u, "slow motion off again");
	cr_expect_eq(live_key(&l, 'q'), KEYS_QUIT);
	live_free(&l);
}

Test(tui_live_keys, help_comes_from_the_table_and_the_popup_keeps_failures)
{
	char lines[40][KEYS_HELP_WIDTH];
	static struct live l;
	size_t n, i;
	bool pause = false;

	n = keys_help(live_keys, lines, 40);
	for (i = 0; i < n; i++)
		pause = pause || strstr(lines[i], "Space") != NULL;
	cr_expect(pause, "Space is in the help");
	live_init(&l, false);
	live_popup_grade(&l,
			 "Lab 01\n  PASS  1.1  a  20/20\n"
			 "  FAIL  1.2  send succeeds  0/15\n"
			 "        hint: ...\n  Score: 20/35\n",
			 1 << 8);
	cr_assert(l.popup);
	cr_expect(strstr(l.popup_lines[1], "FAIL  1.2") != NULL, "%s",
		  l.popup_lines[1]);
	cr_expect(strstr(l.popup_lines[2], "Score: 20/35") != NULL, "%s",
		  l.popup_lines[2]);
	live_key(&l, 'x');
	cr_expect(!l.popup, "any key closes it");
	live_free(&l);
}
