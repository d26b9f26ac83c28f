/*
 * test_tui_live_model.c - the live view's model, without a terminal.
 *
 * The POSIX shadow against the kernel's count: delivery order by
 * priority then FIFO, the head dropped when receives took messages,
 * unknown entries when messages came we did not see, and never a list
 * longer or shorter than mq_curmsgs.  Then the panes' words from a
 * synthetic session_state: roles' states, events (injected ones marked
 * "!!", newest last), rules with their fired counts.  Last, the fault
 * form: the spec its fields make, its role, the raw spec overriding.
 *
 * See also: tui/model_live.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tests/helpers/isolate.h"
#include "tui/model_form.h"
#include "tui/model_live.h"

TestSuite(tui_live_model, .init = isolate_or_fail, .timeout = 20);

static struct model_live_msg msg(long prio, const char *text)
{
	struct model_live_msg m = {.known = true, .prio = prio};

	m.len = strlen(text);
	snprintf(m.preview, sizeof(m.preview), "%s", text);
	return m;
}

static void shadow_send(struct model_live_shadow *s, long prio,
			const char *text)
{
	struct model_live_msg m = msg(prio, text);

	cr_assert_eq(model_live_shadow_send(s, &m), 0);
}

Test(tui_live_model, shadow_is_in_delivery_order_priority_then_fifo)
{
	struct model_live_shadow s = {.queue = "/q"};

	shadow_send(&s, 0, "a");
	shadow_send(&s, 5, "b");
	shadow_send(&s, 0, "c");
	shadow_send(&s, 5, "d");
	shadow_send(&s, 9, "e");
	cr_assert_eq(s.n, 5);
	cr_expect_str_eq(s.msgs[0].preview, "e");
	cr_expect_str_eq(s.msgs[1].preview, "b");
	cr_expect_str_eq(s.msgs[2].preview, "d");
	cr_expect_str_eq(s.msgs[3].preview, "a");
	cr_expect_str_eq(s.msgs[4].preview, "c");
	free(s.msgs);
}

Test(tui_live_model, a_smaller_count_drops_the_head)
{
	struct model_live_shadow s = {.queue = "/q"};

	shadow_send(&s, 0, "1");
	shadow_send(&s, 0, "2");
	shadow_send(&s, 0, "3");
	cr_assert_eq(model_live_shadow_sync(&s, 1), 0);
	cr_assert_eq(s.n, 1);
	cr_expect_str_eq(s.msgs[0].preview, "3");
	cr_assert_eq(model_live_shadow_sync(&s, 0), 0);
	cr_expect_eq(s.n, 0);
	free(s.msgs);
}

Test(tui_live_model, a_larger_count_pads_with_unknown_never_invents)
{
	struct model_live_shadow s = {.queue = "/q"};
	size_t i;

	shadow_send(&s, 3, "seen");
	cr_assert_eq(model_live_shadow_sync(&s, 4), 0);
	cr_assert_eq(s.n, 4);
	cr_expect(s.msgs[0].known);
	for (i = 1; i < 4; i++) {
		cr_expect(!s.msgs[i].known);
		cr_expect_str_eq(s.msgs[i].preview, MODEL_LIVE_UNKNOWN);
	}
	/* The unknown ones were sent before: a new one goes behind. */
	shadow_send(&s, 9, "later");
	cr_expect_str_eq(s.msgs[4].preview, "later");
	cr_assert_eq(model_live_shadow_sync(&s, 5), 0);
	cr_expect_eq(s.n, 5);
	cr_assert_eq(model_live_shadow_sync(&s, -1), 0);
	cr_expect_eq(s.n, 5, "an unknown count changes nothing");
	free(s.msgs);
}

static struct session_event *add_event(struct session_state *st,
				       const char *role, const char *call,
				       const char *verdict, const char *payload)
{
	struct session_event *e = &st->events[st->nevents % SESSION_EVENTS_MAX];

	memset(e, 0, sizeof(*e));
	e->seq = st->nevents++;
	e->usec = 1000 * e->seq + 1234567;
	snprintf(e->role, sizeof(e->role), "%s", role);
	snprintf(e->syscall, sizeof(e->syscall), "%s", call);
	snprintf(e->queue, sizeof(e->queue), "/mqlab-01-orders");
	snprintf(e->verdict, sizeof(e->verdict), "%s", verdict);
	e->injected = strstr(verdict, "injected") != NULL;
	e->prio = 0;
	e->len = e->payload_total = strlen(payload);
	memcpy(e->preview, payload, strlen(payload));
	e->preview_len = strlen(payload);
	snprintf(e->text, sizeof(e->text), "%s %s", call,
		 verdict[0] ? verdict : "ok");
	return e;
}

/* A role's report, as the session shows it: no syscall, the kind. */
static void report(struct session_state *st, const char *role, const char *kind)
{
	struct session_event *e = add_event(st, role, "", kind, "");

	e->queue[0] = '\0';
}

Test(tui_live_model, feed_files_sends_once_confirmed_then_sync_to_count)
{
	static struct session_state st;
	struct model_live_shadows ss = {0};
	struct model_live_shadow *q;

	add_event(&st, "producer", "mq_timedsend", "", "order 1");
	report(&st, "producer", "sent");
	add_event(&st, "producer", "mq_timedsend", "EAGAIN (injected)",
		  "order 2");
	add_event(&st, "producer", "mq_timedsend", "", "order 2");
	report(&st, "producer", "lost"); /* its deadline passed */
	add_event(&st, "producer", "mq_timedsend", "", "order 3");
	add_event(&st, "consumer", "mq_timedreceive", "", "");
	report(&st, "producer", "sent");
	cr_assert_eq(model_live_feed(&ss, &st), 0);
	cr_assert_eq(model_live_feed(&ss, &st), 0); /* nothing new */
	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	cr_assert_not_null(q);
	cr_assert_eq(q->n, 2, "two sends succeeded");
	cr_expect_str_eq(q->msgs[0].preview, "\"order 1\"");
	cr_expect_str_eq(q->msgs[1].preview, "\"order 3\"");
	/* The kernel holds one: the consumer took the head. */
	cr_assert_eq(model_live_shadow_sync(q, 1), 0);
	cr_assert_eq(q->n, 1);
	cr_expect_str_eq(q->msgs[0].preview, "\"order 3\"");
	model_live_shadows_free(&ss);
}

/* Lab 05's skeleton: records longer than mq_msgsize fail with EMSGSIZE,
 * and the role goes on to the next record without a report. */
Test(tui_live_model, a_send_longer_than_msgsize_never_enters_the_queue)
{
	static struct session_state st;
	struct model_live_shadows ss = {0};
	struct model_live_shadow *q;

	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	cr_assert_not_null(q);
	q->msgsize = 8;
	add_event(&st, "producer", "mq_timedsend", "", "a record of 20 bytes");
	add_event(&st, "producer", "mq_timedsend", "", "short");
	report(&st, "producer", "sent");
	cr_assert_eq(model_live_feed(&ss, &st), 0);
	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	cr_assert_eq(q->n, 1, "only the message that fits is queued");
	cr_expect_str_eq(q->msgs[0].preview, "\"short\"");
	model_live_shadows_free(&ss);
}

Test(tui_live_model, a_send_in_doubt_waits_and_a_retry_replaces_it)
{
	static struct session_state st;
	struct model_live_shadows ss = {0};
	const struct model_live_msg *w;
	struct model_live_shadow *q;

	add_event(&st, "producer", "mq_timedsend", "", "order 5");
	cr_assert_eq(model_live_feed(&ss, &st), 0);
	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	cr_expect_eq(q->n, 0, "not in the queue before it is confirmed");
	w = model_live_waiting(&ss, "producer");
	cr_assert_not_null(w);
	cr_expect_str_eq(w->preview, "\"order 5\"");
	/* Timed out, tried again, went in. */
	add_event(&st, "producer", "mq_timedsend", "", "order 5");
	report(&st, "producer", "sent");
	cr_assert_eq(model_live_feed(&ss, &st), 0);
	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	cr_expect_eq(q->n, 1, "one message, not two");
	cr_expect_null(model_live_waiting(&ss, "producer"));
	model_live_shadows_free(&ss);
}

Test(tui_live_model, a_confirmed_send_takes_the_place_of_its_unknown)
{
	static struct session_state st;
	struct model_live_shadows ss = {0};
	struct model_live_shadow *q;

	add_event(&st, "producer", "mq_timedsend", "", "order 1");
	report(&st, "producer", "sent");
	add_event(&st, "producer", "mq_timedsend", "", "order 2");
	cr_assert_eq(model_live_feed(&ss, &st), 0);
	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	/* The scan sees order 2 in the queue before its report. */
	cr_assert_eq(model_live_shadow_sync(q, 2), 0);
	cr_expect(!q->msgs[1].known);
	report(&st, "producer", "sent");
	cr_assert_eq(model_live_feed(&ss, &st), 0);
	q = model_live_shadow_of(&ss, "/mqlab-01-orders");
	cr_assert_eq(q->n, 2);
	cr_expect_str_eq(q->msgs[1].preview, "\"order 2\"");
	cr_assert_eq(model_live_shadow_sync(q, 2), 0);
	cr_expect_str_eq(q->msgs[0].preview, "\"order 1\"");
	model_live_shadows_free(&ss);
}

Test(tui_live_model, roles_read_in_words)
{
	struct session_role r = {.name = "producer", .pid = 3};
	char out[256];

	r.state = SESSION_BLOCKED;
	snprintf(r.call, sizeof(r.call), "mq_timedsend");
	snprintf(r.queue, sizeof(r.queue), "/mqlab-01-orders");
	r.blocked_us = 2100000;
	model_live_role_state(out, sizeof(out), &r);
	cr_expect_str_eq(out, "BLOCKED in mq_timedsend on /mqlab-01-orders "
			      "2.1s");
	cr_expect(model_live_role_blocked(&r));
	r.state = SESSION_STOPPED;
	model_live_role_state(out, sizeof(out), &r);
	cr_expect_str_eq(out, "stopped");
	r.state = SESSION_EXITED;
	r.status = 1 << 8;
	model_live_role_state(out, sizeof(out), &r);
	cr_expect_str_eq(out, "exited 1");
	r.status = SIGKILL;
	model_live_role_state(out, sizeof(out), &r);
	cr_expect_str_eq(out, "killed by SIGKILL");
	r.sent = 9;
	model_live_role_line(out, sizeof(out), &r);
	cr_expect(strstr(out, "producer") && strstr(out, " 9/0 ") &&
			  strstr(out, "killed by SIGKILL"),
		  "%s", out);
}

Test(tui_live_model, events_newest_last_injected_marked)
{
	static struct session_state st;
	const struct session_event *shown[4];
	char line[256];
	size_t n, i;

	for (i = 0; i < SESSION_EVENTS_MAX + 10; i++)
		add_event(&st, "producer", "mq_timedsend", "", "x");
	add_event(&st, "producer", "mq_timedsend", "EAGAIN (injected)", "x");
	n = model_live_events(&st, shown, 4);
	cr_assert_eq(n, 4);
	cr_expect_eq(shown[3]->seq, st.nevents - 1, "newest at the bottom");
	cr_expect_eq(shown[0]->seq, st.nevents - 4);
	model_live_event_line(line, sizeof(line), shown[3]);
	cr_expect(strncmp(line, "!!", 2) == 0, "%s", line);
	cr_expect(strstr(line, "EAGAIN (injected)") != NULL, "%s", line);
	model_live_event_line(line, sizeof(line), shown[2]);
	cr_expect(strncmp(line, "!!", 2) != 0, "%s", line);
}

Test(tui_live_model, rules_show_how_often_they_fired)
{
	struct session_rule r = {.id = 3,
				 .role = "producer",
				 .spec = "mq_timedsend:error=EAGAIN",
				 .fired = 2,
				 .armed = true};
	static struct session_state st;
	char line[256];

	model_live_rule_line(line, sizeof(line), &r);
	cr_expect(strstr(line, "#3") && strstr(line, "producer") &&
			  strstr(line, "error=EAGAIN") &&
			  strstr(line, "fired 2"),
		  "%s", line);
	st.running = true;
	st.paused = true;
	model_live_title(line, sizeof(line), &st);
	cr_expect(strstr(line, "PAUSED") != NULL, "%s", line);
}

/* Fill f's fields: syscall, errno, when/prob, role, raw. */
static void form_fill(struct model_form *f, const char *const v[5])
{
	int i;

	model_form_clear(f);
	for (i = 0; i < MODEL_FORM_NFIELDS; i++)
		snprintf(f->field[i], MODEL_FORM_TEXT, "%s", v[i]);
}

Test(tui_live_model, form_fields_make_the_spec_and_role)
{
	static const struct {
		const char *v[5];
		const char *role, *spec;
	} rows[] = {
		{{"mq_send", "EAGAIN", "", "", ""}, "", "mq_send:error=EAGAIN"},
		{{"mq_send", "EAGAIN", "3", "producer", ""},
		 "producer",
		 "mq_send:error=EAGAIN:when=3"},
		{{"%mq", "EINTR", "when=2..3", "", ""},
		 "",
		 "%mq:error=EINTR:when=2..3"},
		{{"msgsnd", "EAGAIN", "prob=0.5", "", ""},
		 "",
		 "msgsnd:error=EAGAIN:prob=0.5"},
		{{"msgsnd", "EAGAIN", "0.25", "", ""},
		 "",
		 "msgsnd:error=EAGAIN:prob=0.25"},
		{{"msgsnd", "EAGAIN", "50%", "consumer", ""},
		 "consumer",
		 "msgsnd:error=EAGAIN:prob=50%"},
		{{"mq_send", "EAGAIN", "3", "producer",
		  "mq_receive:delay_enter=1s"},
		 "producer",
		 "mq_receive:delay_enter=1s"},
		{{"", "", "", "producer", "consumer@mq_receive:error=EINTR"},
		 "consumer",
		 "mq_receive:error=EINTR"},
	};
	static struct model_form f;
	char role[32], spec[160];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		form_fill(&f, rows[i].v);
		cr_assert_eq(model_form_spec(&f, role, sizeof(role), spec,
					     sizeof(spec)),
			     0, "row %zu: %s", i, f.why);
		cr_expect_str_eq(role, rows[i].role, "row %zu", i);
		cr_expect_str_eq(spec, rows[i].spec, "row %zu", i);
	}
}

Test(tui_live_model, form_without_a_syscall_or_errno_is_refused)
{
	static const char *const nosys[5] = {"", "EAGAIN", "3", "producer", ""};
	static const char *const noerr[5] = {"mq_send", "", "", "", ""};
	static const char *const noat[5] = {"", "", "", "", "producer@"};
	static struct model_form f;
	char role[32], spec[160];

	form_fill(&f, nosys);
	cr_expect_eq(
		model_form_spec(&f, role, sizeof(role), spec, sizeof(spec)),
		-1);
	cr_expect(strstr(f.why, "syscall") != NULL, "%s", f.why);
	form_fill(&f, noerr);
	cr_expect_eq(
		model_form_spec(&f, role, sizeof(role), spec, sizeof(spec)),
		-1);
	cr_expect(strstr(f.why, "errno") != NULL, "%s", f.why);
	form_fill(&f, noat);
	cr_expect_eq(
		model_form_spec(&f, role, sizeof(role), spec, sizeof(spec)),
		-1);
	cr_expect(f.why[0] != '\0');
}

Test(tui_live_model, form_focus_wraps_and_typing_edits_the_focused_field)
{
	static struct model_form f;

	model_form_clear(&f);
	cr_expect(model_form_empty(&f));
	model_form_focus(&f, -1);
	cr_expect_eq(f.focus, MODEL_FORM_RAW);
	model_form_focus(&f, 2);
	cr_expect_eq(f.focus, MODEL_FORM_ERRNO);
	model_form_type(&f, 'E');
	model_form_type(&f, 'X');
	model_form_type(&f, '\t');
	model_form_erase(&f);
	cr_expect_str_eq(f.field[MODEL_FORM_ERRNO], "E");
	cr_expect(!model_form_empty(&f));
}
