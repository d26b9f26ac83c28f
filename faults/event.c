/*
 * event.c - print an event as a JSON object or an strace-like line.
 *
 * The text form is what a person reads while a program runs, so it looks
 * like strace: `[pid 123] mq_timedsend(3</orders>, "hello", 5, 1, NULL) =
 * -1 EAGAIN (injected by rule 1: mq_send:error=EAGAIN)`.  Rules are
 * numbered from 1 there, in the order they were given; the JSON form is
 * for programs and carries the 0-based index of the API.  Its keys are
 * always present (null when unknown), so consumers need no guessing.
 *
 * Bytes of strings are not assumed to be UTF-8: JSON escapes control
 * characters and every byte above 0x7e as \u00XX (Latin-1), the text
 * form escapes them C-style, so any payload prints as valid output.
 *
 * See also: faults/fault.h, faults/sbuf.h, faults/sup_notify.c
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "faults/event_call.h"
#include "faults/names.h"
#include "faults/sbuf.h"

static void json_string(struct sbuf *s, const unsigned char *p, size_t n)
{
	sbuf_putc(s, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\')
			sbuf_printf(s, "\\%c", c);
		else if (c == '\n')
			sbuf_printf(s, "\\n");
		else if (c == '\t')
			sbuf_printf(s, "\\t");
		else if (c == '\r')
			sbuf_printf(s, "\\r");
		else if (c < 0x20 || c > 0x7e)
			sbuf_printf(s, "\\u%04x", c);
		else
			sbuf_putc(s, (char)c);
	}
	sbuf_putc(s, '"');
}

static void json_str_or_null(struct sbuf *s, const char *key, const char *v)
{
	sbuf_printf(s, ",\"%s\":", key);
	if (v)
		json_string(s, (const unsigned char *)v, strlen(v));
	else
		sbuf_printf(s, "null");
}

static void json_num_or_null(struct sbuf *s, const char *key, bool known,
			     long long v)
{
	if (known)
		sbuf_printf(s, ",\"%s\":%lld", key, v);
	else
		sbuf_printf(s, ",\"%s\":null", key);
}

static const char *verdict_name(enum fault_verdict v)
{
	static const char *const names[] = {
		[FAULT_ALLOW] = "allow",
		[FAULT_ERROR] = "error",
		[FAULT_RETVAL] = "retval",
	};
	return names[v];
}

static void json_call(struct sbuf *s, const struct fault_event *ev)
{
	sbuf_printf(s, "{\"seq\":%llu,\"usec\":%llu,\"phase\":\"%s\"",
		    (unsigned long long)ev->seq, (unsigned long long)ev->usec,
		    ev->phase == FAULT_RELEASE ? "release" : "enter");
	sbuf_printf(s, ",\"pid\":%d,\"tid\":%d", (int)ev->pid, (int)ev->tid);
	json_str_or_null(s, "comm", ev->comm);
	json_str_or_null(s, "syscall", ev->syscall);
	sbuf_printf(s, ",\"call\":%d,\"args\":[", ev->call);
	for (int i = 0; i < 6; i++)
		sbuf_printf(s, "%s%llu", i ? "," : "",
			    (unsigned long long)ev->args[i]);
	sbuf_putc(s, ']');
	json_str_or_null(s, "queue", ev->queue[0] ? ev->queue : NULL);
	json_num_or_null(s, "msqid", ev->msqid >= 0, ev->msqid);
	json_num_or_null(s, "key", ev->key != -1, ev->key);
	json_num_or_null(s, "prio", ev->has_prio, ev->prio);
	json_num_or_null(s, "mtype", ev->has_mtype, ev->mtype);
	sbuf_printf(s, ",\"len\":%zu,\"flags\":%ld", ev->len, ev->flags);
	sbuf_printf(s, ",\"payload\":");
	json_string(s, ev->payload, ev->payload_len);
	sbuf_printf(s, ",\"payload_hex\":\"");
	for (size_t i = 0; i < ev->payload_len; i++)
		sbuf_printf(s, "%02x", ev->payload[i]);
	sbuf_printf(s, "\",\"payload_len\":%zu,\"payload_total\":%zu",
		    ev->payload_len, ev->payload_total);
}

int fault_event_json(const struct fault_event *ev, char *buf, size_t size)
{
	struct sbuf s;
	const char *sig = ev->signal ? names_signal_name(ev->signal) : NULL;

	sbuf_init(&s, buf, size);
	json_call(&s, ev);
	json_num_or_null(&s, "rule", ev->rule >= 0, ev->rule);
	json_str_or_null(&s, "rule_text", ev->rule >= 0 ? ev->rule_text : NULL);
	sbuf_printf(&s, ",\"verdict\":\"%s\"", verdict_name(ev->verdict));
	json_str_or_null(&s, "error",
			 ev->verdict == FAULT_ERROR
				 ? names_errno_name(ev->error)
				 : NULL);
	json_num_or_null(&s, "errno", ev->verdict == FAULT_ERROR, ev->error);
	json_num_or_null(&s, "retval", ev->verdict == FAULT_RETVAL, ev->retval);
	if (sig)
		sbuf_printf(&s, ",\"signal\":\"SIG%s\"", sig);
	else
		json_num_or_null(&s, "signal", ev->signal != 0, ev->signal);
	sbuf_printf(&s, ",\"delay_us\":%llu,\"held\":%s,\"logged\":%s}\n",
		    (unsigned long long)ev->delay_us,
		    ev->held ? "true" : "false", ev->logged ? "true" : "false");
	return sbuf_result(&s);
}

/* What happened, in the parentheses after the result. */
static void text_why(struct sbuf *s, const struct fault_event *ev)
{
	const char *sep = " (";

	if (ev->phase == FAULT_RELEASE) {
		sbuf_printf(s, "%sreleased #%llu", sep,
			    (unsigned long long)ev->seq);
		sep = "; ";
	}
	if (ev->rule >= 0) {
		sbuf_printf(s, "%s%srule %d: %s", sep,
			    ev->verdict == FAULT_ALLOW ? "" : "injected by ",
			    ev->rule + 1, ev->rule_text ? ev->rule_text : "");
		sep = "; ";
	}
	if (ev->delay_us) {
		sbuf_printf(s, "%sdelayed %lluus", sep,
			    (unsigned long long)ev->delay_us);
		sep = "; ";
	}
	if (ev->held && ev->phase == FAULT_ENTER) {
		sbuf_printf(s, "%sheld as #%llu", sep,
			    (unsigned long long)ev->seq);
		sep = "; ";
	}
	if (ev->signal) {
		const char *name = names_signal_name(ev->signal);
		if (name)
			sbuf_printf(s, "%sthen SIG%s", sep, name);
		else
			sbuf_printf(s, "%sthen signal %d", sep, ev->signal);
		sep = "; ";
	}
	if (ev->logged) {
		sbuf_printf(s, "%slogged", sep);
		sep = "; ";
	}
	if (sep[0] == ';')
		sbuf_putc(s, ')');
}

int fault_event_text(const struct fault_event *ev, char *buf, size_t size)
{
	struct sbuf s;
	const char *name;

	sbuf_init(&s, buf, size);
	sbuf_printf(&s, "[pid %d] ", (int)ev->tid);
	if (ev->phase == FAULT_RELEASE)
		sbuf_printf(&s, "<... %s resumed>", ev->syscall);
	else
		event_call_format(&s, ev);
	switch (ev->verdict) {
	case FAULT_ERROR:
		name = names_errno_name(ev->error);
		if (name)
			sbuf_printf(&s, " = -1 %s", name);
		else
			sbuf_printf(&s, " = -1 errno %d", ev->error);
		break;
	case FAULT_RETVAL:
		sbuf_printf(&s, " = %ld", ev->retval);
		break;
	case FAULT_ALLOW:
		sbuf_printf(&s, " = ?");
		break;
	}
	text_why(&s, ev);
	sbuf_putc(&s, '\n');
	return sbuf_result(&s);
}
