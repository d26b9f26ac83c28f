/*
 * test_tui_model.c - the TUI's screen model, from real queues.
 *
 * Each test makes real queues in its own IPC namespace, runs the
 * scanners and the model as `mqlab top` does, and checks what each pane
 * would show: FULL and EMPTY in words, the gauge, System V messages in
 * the order the kernel delivers them, POSIX contents said to be unknown
 * with as many rows as mq_curmsgs, the blocked processes.  Then the key
 * table: every key documented, the help screen listing them all, and
 * what the keys do to the model.  No terminal is involved.
 *
 * See also: tui/model_top.h, tui/keys.h, tests/test_tui_scan.c,
 *           tests/test_tui_format.c,
 *           tests/test_tui_top.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"
#include "tui/keys.h"
#include "tui/model_top.h"

TestSuite(tui_model, .init = isolate_or_fail, .timeout = 20);

#define KEY_A 0x6d710004

struct text_msg {
	long mtype;
	char text[64];
};

static int sysv_with(key_t key, const long *types, const char *const *texts,
		     int n)
{
	struct text_msg m;
	int id, i;

	id = msgget(key, IPC_CREAT | 0600);
	cr_assert(id >= 0, "msgget: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		m.mtype = types[i];
		snprintf(m.text, sizeof(m.text), "%s", texts[i]);
		cr_assert(msgsnd(id, &m, strlen(texts[i]), 0) == 0);
	}
	return id;
}

static mqd_t posix_with(const char *name, long maxmsg, int messages)
{
	struct mq_attr attr = {.mq_maxmsg = maxmsg, .mq_msgsize = 32};
	mqd_t q;
	int i;

	q = mq_open(name, O_CREAT | O_RDWR, 0600, &attr);
	cr_assert(q != (mqd_t)-1, "mq_open %s: %s", name, strerror(errno));
	for (i = 0; i < messages; i++)
		cr_assert(mq_send(q, "x", 1, 0) == 0);
	return q;
}

/* Refresh t and select the queue labelled label. */
static const struct model_queues_row *select_queue(struct model_top *t,
						   const char *label)
{
	long i;

	cr_assert(model_top_refresh(t, 1.0) == 0);
	i = model_queues_find(&t->queues, label);
	cr_assert(i >= 0, "no queue '%s' in the Queues pane", label);
	t->selected = (size_t)i;
	cr_assert(model_top_window(t) == 0);
	return &t->queues.rows[i];
}

/* Refresh until the Processes pane shows pid, or give up after ~10 s. */
static const struct model_procs_row *wait_blocked(struct model_top *t,
						  pid_t pid)
{
	struct timespec pause = {0, 20 * 1000 * 1000};
	size_t i;
	int tries;

	for (tries = 0; tries < 500; tries++) {
		cr_assert(model_top_refresh(t, 1.0 + tries) == 0);
		for (i = 0; i < t->blocked.n; i++)
			if (t->blocked.rows[i].pid == pid)
				return &t->blocked.rows[i];
		nanosleep(&pause, NULL);
	}
	cr_assert_fail("pid %d never showed as blocked", (int)pid);
	return NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void stop_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

Test(tui_model, sysv_messages_show_in_delivery_order_not_by_mtype)
{
	static const long types[] = {7, 2, 5};
	static const char *const texts[] = {"seven", "two", "five"};
	const struct model_queues_row *q;
	struct model_top t;
	struct text_msg got;
	char label[64];
	int id, i;

	id = sysv_with(KEY_A, types, texts, 3);
	model_top_init(&t, false);
	t.message_rows = 10;
	snprintf(label, sizeof(label), "key 0x%08x id %d", KEY_A, id);
	q = select_queue(&t, label);

	cr_expect_str_eq(q->kind_word, "SysV");
	cr_expect_eq(q->messages, 3);
	cr_expect_eq(q->fill, MODEL_QUEUES_SOME);
	cr_expect_str_eq(q->fill_word, "");
	cr_expect_str_eq(q->fill_text, "<1%");
	cr_expect_str_eq(q->gauge, "[#         ]");
	cr_expect(strstr(q->attrs, "msg_qnum 3") != NULL, "%s", q->attrs);
	cr_expect(strstr(q->attrs, "msg_cbytes 12") != NULL, "%s", q->attrs);
	cr_assert_eq(t.messages.total, 3);
	cr_assert_eq(t.messages.n, 3);
	for (i = 0; i < 3; i++) {
		cr_expect(t.messages.rows[i].known);
		cr_expect_eq(t.messages.rows[i].index, (size_t)i);
		cr_expect_eq(t.messages.rows[i].mtype, types[i]);
		cr_expect_eq(t.messages.rows[i].len, strlen(texts[i]));
	}
	cr_expect_str_eq(t.messages.rows[0].preview, "\"seven\"");
	cr_expect_str_eq(t.messages.rows[2].preview, "\"five\"");
	/* The kernel delivers them in the order shown, and looking at them
	 * took none away. */
	for (i = 0; i < 3; i++) {
		cr_assert(msgrcv(id, &got, sizeof(got.text), 0, IPC_NOWAIT) >=
			  0);
		cr_expect_eq(got.mtype, t.messages.rows[i].mtype);
	}
	model_top_free(&t);
}

Test(tui_model, sysv_window_copies_only_the_rows_asked_for)
{
	static const long types[] = {7, 2, 5};
	static const char *const texts[] = {"seven", "two", "five"};
	const struct model_queues_row *q;
	struct model_messages m = {0};
	struct model_top t;
	char label[64];
	int id;

	id = sysv_with(KEY_A, types, texts, 3);
	model_top_init(&t, false);
	snprintf(label, sizeof(label), "key 0x%08x id %d", KEY_A, id);
	q = select_queue(&t, label);

	cr_assert(model_messages_build(&m, q, 1, 1) == 0);
	cr_assert_eq(m.n, 1);
	cr_expect_eq(m.rows[0].index, 1);
	cr_expect_eq(m.rows[0].mtype, 2);
	cr_expect_str_eq(m.rows[0].preview, "\"two\"");
	cr_assert(model_messages_build(&m, q, 5, 3) == 0);
	cr_expect_eq(m.n, 0, "past the end there is nothing to show");
	model_messages_free(&m);
	model_top_free(&t);
}

Test(tui_model, posix_contents_are_unknown_and_as_many_as_mq_curmsgs)
{
	const struct model_queues_row *q;
	struct mq_attr attr;
	struct model_top t;
	mqd_t mq;
	size_t i;

	mq = posix_with("/mqlab-test-two", 4, 2);
	model_top_init(&t, false);
	t.message_rows = 10;
	q = select_queue(&t, "/mqlab-test-two");

	cr_assert(mq_getattr(mq, &attr) == 0);
	cr_expect_eq(attr.mq_curmsgs, 2, "looking received nothing");
	cr_expect_str_eq(q->kind_word, "POSIX");
	cr_expect_str_eq(q->attrs, "mq_maxmsg 4  mq_msgsize 32  mq_curmsgs 2");
	cr_expect_eq(q->fill, MODEL_QUEUES_SOME);
	cr_expect_str_eq(q->fill_text, "50%");
	cr_expect_str_eq(q->gauge, "[#####     ]");
	cr_assert_eq(t.messages.total, (size_t)attr.mq_curmsgs);
	cr_assert_eq(t.messages.n, (size_t)attr.mq_curmsgs);
	for (i = 0; i < t.messages.n; i++) {
		cr_expect(!t.messages.rows[i].known);
		cr_expect_str_eq(t.messages.rows[i].preview,
				 MODEL_QUEUES_POSIX_UNKNOWN);
	}
	mq_close(mq);
	model_top_free(&t);
}

Test(tui_model, full_posix_queue_is_FULL_and_shows_its_blocked_sender)
{
	const struct model_procs_row *p;
	const struct model_queues_row *q;
	struct model_top t;
	mqd_t mq;
	pid_t pid;

	mq = posix_with("/mqlab-test-full", 2, 2);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		/* Dies with the test, or after 20 s whatever happens. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(20);
		mq_send(mq, "y", 1, 0); /* blocks: the queue is full */
		_exit(0);
	}
	model_top_init(&t, false);
	p = wait_blocked(&t, pid);

	/* Then the time since it was first seen, if not at the first scan. */
	cr_expect(starts_with(p->state,
			      "BLOCKED in mq_timedsend on /mqlab-test-full"),
		  "%s", p->state);
	cr_expect_str_eq(p->queue, "/mqlab-test-full");
	q = select_queue(&t, "/mqlab-test-full");
	cr_expect_eq(q->fill, MODEL_QUEUES_FULL);
	cr_expect_str_eq(q->fill_word, "FULL");
	cr_expect_str_eq(q->gauge, "[##########]");
	cr_expect_eq(q->senders, 1);
	cr_expect_eq(q->receivers, 0);
	stop_child(pid);
	mq_close(mq);
	model_top_free(&t);
}

Test(tui_model, empty_sysv_queue_is_EMPTY_and_shows_its_blocked_receiver)
{
	const struct model_procs_row *p;
	const struct model_queues_row *q;
	struct model_top t;
	struct text_msg m;
	char label[64], state[128];
	pid_t pid;
	int id;

	id = sysv_with(KEY_A, NULL, NULL, 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		/* Dies with the test, or after 20 s whatever happens. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(20);
		msgrcv(id, &m, sizeof(m.text), 0, 0); /* blocks: empty */
		_exit(0);
	}
	model_top_init(&t, false);
	p = wait_blocked(&t, pid);

	snprintf(label, sizeof(label), "key 0x%08x id %d", KEY_A, id);
	snprintf(state, sizeof(state), "BLOCKED in msgrcv on %s", label);
	cr_expect(starts_with(p->state, state), "%s", p->state);
	q = select_queue(&t, label);
	cr_expect_eq(q->fill, MODEL_QUEUES_EMPTY);
	cr_expect_str_eq(q->fill_word, "EMPTY");
	cr_expect_str_eq(q->gauge, "[          ]");
	cr_expect_eq(q->receivers, 1);
	cr_expect_eq(q->senders, 0);
	cr_expect_eq(t.messages.n, 0);
	stop_child(pid);
	model_top_free(&t);
}

Test(tui_model, every_key_has_a_name_and_help_text)
{
	const struct keys_entry *e;

	for (e = keys_table; e->name != NULL; e++) {
		cr_expect(e->name[0] != '\0', "key %d has no name", e->key);
		cr_expect(e->help != NULL && e->help[0] != '\0',
			  "key %s has no help text", e->name);
		cr_expect_not_null(e->action, "key %s does nothing", e->name);
		cr_expect_eq(keys_find(keys_table, e->key)->action, e->action,
			     "key %s is in the table twice", e->name);
	}
}

/* Whether name is one of the key names at the start of a help line. */
static bool help_lists(char (*lines)[KEYS_HELP_WIDTH], size_t n,
		       const char *name, const char *help)
{
	char keys[16], *word, *save;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(keys, sizeof(keys), "%.12s", lines[i]);
		if (strstr(lines[i], help) == NULL)
			continue;
		for (word = strtok_r(keys, " ", &save); word != NULL;
		     word = strtok_r(NULL, " ", &save))
			if (strcmp(word, name) == 0)
				return true;
	}
	return false;
}

Test(tui_model, the_help_screen_lists_every_key_with_its_help)
{
	char lines[40][KEYS_HELP_WIDTH], hints[256];
	const struct keys_entry *e;
	size_t n;

	n = keys_help(keys_table, lines, 40);
	cr_assert(n > 0);
	for (e = keys_table; e->name != NULL; e++)
		cr_expect(help_lists(lines, n, e->name, e->help),
			  "the help screen does not list %s (%s)", e->name,
			  e->help);
	keys_hints(keys_table, hints, sizeof(hints));
	for (e = keys_table; e->name != NULL; e++)
		if (e->hint != NULL)
			cr_expect(strstr(hints, e->hint) != NULL, "%s", hints);
}

Test(tui_model, keys_move_the_selection_zoom_scroll_and_quit)
{
	static const char *const texts[] = {"m"};
	long types[30];
	const char *many[30];
	struct model_top t;
	char label[64];
	int id, i;

	for (i = 0; i < 30; i++) {
		types[i] = i + 1;
		many[i] = "message";
	}
	sysv_with(KEY_A + 1, types, texts, 1);
	id = sysv_with(KEY_A, types, many, 30);
	model_top_init(&t, false);
	t.message_rows = 10;
	snprintf(label, sizeof(label), "key 0x%08x id %d", KEY_A, id);
	select_queue(&t, label);
	cr_assert_eq(t.selected, 0, "queues are sorted by key");

	cr_expect_eq(keys_dispatch(&t, keys_table, KEY_DOWN), KEYS_WINDOW);
	cr_expect_eq(t.selected, 1);
	cr_expect_eq(keys_dispatch(&t, keys_table, 'j'), KEYS_WINDOW);
	cr_expect_eq(t.selected, 1, "the selection stops at the last queue");
	keys_dispatch(&t, keys_table, 'k');
	cr_expect_eq(t.selected, 0);
	cr_expect_str_eq(t.last_key, "k");
	model_top_window(&t);

	keys_dispatch(&t, keys_table, '\r');
	cr_assert(t.zoomed);
	keys_dispatch(&t, keys_table, KEY_NPAGE);
	model_top_window(&t);
	cr_expect_eq(t.scroll, 9);
	cr_expect_eq(t.messages.rows[0].index, 9);
	cr_expect_eq(t.messages.rows[0].mtype, 10);
	keys_dispatch(&t, keys_table, KEY_END);
	model_top_window(&t);
	cr_expect_eq(t.scroll, 20, "the last page is full");
	cr_assert_eq(t.messages.n, 10);
	cr_expect_eq(t.messages.rows[9].mtype, 30);
	keys_dispatch(&t, keys_table, 27);
	cr_expect(!t.zoomed, "Esc leaves the zoom");

	keys_dispatch(&t, keys_table, '?');
	cr_expect(t.help);
	cr_expect_eq(keys_dispatch(&t, keys_table, 'x'), KEYS_REDRAW);
	cr_expect(!t.help, "any key closes the help");
	cr_expect_eq(keys_dispatch(&t, keys_table, 'r'), KEYS_RESCAN);
	cr_expect_eq(keys_dispatch(&t, keys_table, 'q'), KEYS_QUIT);
	cr_expect(t.quit);
	model_top_free(&t);
}
