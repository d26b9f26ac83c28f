/*
 * model_form.c - the fault form's fields and the spec they make.
 *
 * See also: tui/model_form.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_form.h"

#include <stdio.h>
#include <string.h>

const struct model_form_row model_form_rows[MODEL_FORM_NFIELDS] = {
	{"syscall or class", "mq_send, mq_timedreceive, %mq"},
	{"errno", "EAGAIN, EINTR, ETIMEDOUT"},
	{"when or prob", "3, when=2..3, prob=0.5, 50%"},
	{"target role", "empty: every role"},
	{"raw spec", "anything else; overrides the first three"},
};

void model_form_clear(struct model_form *f)
{
	memset(f, 0, sizeof(*f));
}

bool model_form_empty(const struct model_form *f)
{
	int i;

	for (i = 0; i < MODEL_FORM_NFIELDS; i++)
		if (f->field[i][0] != '\0')
			return false;
	return true;
}

void model_form_focus(struct model_form *f, int delta)
{
	f->focus =
		((f->focus + delta) % MODEL_FORM_NFIELDS + MODEL_FORM_NFIELDS) %
		MODEL_FORM_NFIELDS;
}

void model_form_type(struct model_form *f, int c)
{
	char *s = f->field[f->focus];
	size_t len = strlen(s);

	if (c < 0x20 || c >= 0x7f || len + 1 >= MODEL_FORM_TEXT)
		return;
	s[len] = (char)c;
	s[len + 1] = '\0';
}

void model_form_erase(struct model_form *f)
{
	char *s = f->field[f->focus];
	size_t len = strlen(s);

	if (len > 0)
		s[len - 1] = '\0';
}

void model_form_preset(struct model_form *f, const char *role, const char *spec)
{
	model_form_clear(f);
	snprintf(f->field[MODEL_FORM_ROLE], MODEL_FORM_TEXT, "%s",
		 role ? role : "");
	snprintf(f->field[MODEL_FORM_RAW], MODEL_FORM_TEXT, "%s", spec);
	f->focus = MODEL_FORM_RAW;
}

int model_form_split(const char *text, char *role, size_t rsize, char *spec,
		     size_t ssize)
{
	const char *at = strchr(text, '@');

	while (*text == ' ')
		text++;
	if (at != NULL) {
		snprintf(role, rsize, "%.*s", (int)(at - text), text);
		text = at + 1;
	} else {
		snprintf(role, rsize, "%s", "");
	}
	snprintf(spec, ssize, "%s", text);
	return spec[0] == '\0' ? -1 : 0;
}

/* "3" and "2..3" count calls; "0.5" and "50%" are probabilities. */
static const char *model_form_when_key(const char *v)
{
	const char *dot = strchr(v, '.');

	if (strncmp(v, "when=", 5) == 0 || strncmp(v, "prob=", 5) == 0)
		return "";
	if (strchr(v, '%') != NULL || (dot != NULL && dot[1] != '.'))
		return "prob=";
	return "when=";
}

int model_form_spec(struct model_form *f, char *role, size_t rsize, char *spec,
		    size_t ssize)
{
	const char *sys = f->field[MODEL_FORM_SYSCALL];
	const char *err = f->field[MODEL_FORM_ERRNO];
	const char *when = f->field[MODEL_FORM_WHEN];
	const char *raw = f->field[MODEL_FORM_RAW];

	f->why[0] = '\0';
	if (raw[0] != '\0') {
		if (model_form_split(raw, role, rsize, spec, ssize) < 0) {
			snprintf(f->why, sizeof(f->why),
				 "the raw spec has no rule after its @");
			return -1;
		}
		if (strchr(raw, '@') == NULL)
			snprintf(role, rsize, "%s", f->field[MODEL_FORM_ROLE]);
		return 0;
	}
	if (sys[0] == '\0') {
		snprintf(f->why, sizeof(f->why),
			 "type a syscall or class (e.g. mq_send, %%mq), "
			 "or a raw spec");
		return -1;
	}
	if (err[0] == '\0') {
		snprintf(f->why, sizeof(f->why),
			 "type an errno (e.g. EAGAIN), or a raw spec");
		return -1;
	}
	snprintf(spec, ssize, "%s:error=%s%s%s%s", sys, err, when[0] ? ":" : "",
		 when[0] ? model_form_when_key(when) : "", when);
	snprintf(role, rsize, "%s", f->field[MODEL_FORM_ROLE]);
	return 0;
}
