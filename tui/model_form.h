/*
 * model_form.h - the live view's fault form: its fields and the rule
 * spec they make.
 *
 * Five fields, one per line: the syscall or class (mq_send, %mq), the
 * errno (EAGAIN), when or prob (when=3, 3, prob=0.5, 50%), the target
 * role (empty: every role), and a raw spec for anything the first three
 * cannot say.  A non-empty raw spec overrides the first three and may
 * name its own role as before ("producer@mq_send:error=EAGAIN").  Plain
 * data, no curses: the keys live in tui/live.c, the drawing in
 * tui/draw_live.c.
 *
 * See also: tui/live.h, tui/draw_live.c, docs/mqfault.md (the spec)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_FORM_H
#define MQLAB_MODEL_FORM_H

#include <stdbool.h>
#include <stddef.h>

enum model_form_field {
	MODEL_FORM_SYSCALL,
	MODEL_FORM_ERRNO,
	MODEL_FORM_WHEN,
	MODEL_FORM_ROLE,
	MODEL_FORM_RAW,
	MODEL_FORM_NFIELDS,
};

#define MODEL_FORM_TEXT 128

struct model_form {
	char field[MODEL_FORM_NFIELDS][MODEL_FORM_TEXT];
	int focus;     /* the field being typed in */
	char why[160]; /* why Enter was refused, or "" */
};

/* Each field's label and example, in field order. */
struct model_form_row {
	const char *label;
	const char *example;
};
extern const struct model_form_row model_form_rows[MODEL_FORM_NFIELDS];

/* Empty every field, focus the first. */
void model_form_clear(struct model_form *f);

/* Whether every field is empty (digits then pick presets). */
bool model_form_empty(const struct model_form *f);

/* Focus the field delta away, wrapping around. */
void model_form_focus(struct model_form *f, int delta);

/* Append printable ASCII c to the focused field; ignore anything else
 * or a full field. */
void model_form_type(struct model_form *f, int c);

/* Drop the focused field's last character. */
void model_form_erase(struct model_form *f);

/* Fill the form with a lab preset: its spec raw, its role (or NULL). */
void model_form_preset(struct model_form *f, const char *role,
		       const char *spec);

/* Split "role@spec" (or plain "spec": role "") into role and spec.
 * Returns 0, or -1 when the spec is empty. */
int model_form_split(const char *text, char *role, size_t rsize, char *spec,
		     size_t ssize);

/* The role and spec the form arms: the raw spec if any, else
 * "SYSCALL:error=ERRNO[:when=..|:prob=..]"; the role field unless the
 * raw spec names one.  Returns 0, or -1 with f->why saying what is
 * missing (no syscall, no errno, an empty raw spec). */
int model_form_spec(struct model_form *f, char *role, size_t rsize, char *spec,
		    size_t ssize);

#endif
