/*
 * model_format.c - previews, gauges and durations as text.
 *
 * See also: tui/model_format.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_format.h"

#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "faults/names.h"

struct model_format_out {
	char *buf;
	size_t size, len;
	bool cut; /* something did not fit */
};

/* Append s if it fits whole, keeping room for "..." after it. */
static bool model_format_put(struct model_format_out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->cut || o->len + n + 4 > o->size) {
		o->cut = true;
		return false;
	}
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
	return true;
}

static void model_format_end(struct model_format_out *o)
{
	if (o->cut && o->len + 4 <= o->size)
		memcpy(o->buf + o->len, "...", 4);
}

static bool model_format_is_text(const unsigned char *p, size_t n)
{
	size_t i;

	while (n > 0 && p[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if ((p[i] < 0x20 || p[i] > 0x7e) && p[i] != '\t' &&
		    p[i] != '\n')
			return false;
	return n > 0;
}

static void model_format_text(struct model_format_out *o,
			      const unsigned char *p, size_t head_len,
			      size_t len)
{
	size_t n = head_len, nuls, i;
	char c[24];

	while (n > 0 && p[n - 1] == '\0')
		n--;
	/* Trailing NULs beyond the head are not known to be NULs. */
	nuls = head_len == len ? head_len - n : 0;
	model_format_put(o, "\"");
	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			snprintf(c, sizeof(c), "\\n");
		else if (p[i] == '\t')
			snprintf(c, sizeof(c), "\\t");
		else if (p[i] == '"' || p[i] == '\\')
			snprintf(c, sizeof(c), "\\%c", p[i]);
		else
			snprintf(c, sizeof(c), "%c", p[i]);
		if (!model_format_put(o, c))
			break;
	}
	if (nuls == 1)
		model_format_put(o, "\\0");
	model_format_put(o, "\"");
	if (nuls > 1) {
		snprintf(c, sizeof(c), "%zu", nuls);
		model_format_put(o, " + ");
		model_format_put(o, c);
		model_format_put(o, " NULs");
	}
	if (head_len < len)
		o->cut = true;
}

void model_format_preview(char *out, size_t size, const unsigned char *head,
			  size_t head_len, size_t len)
{
	struct model_format_out o = {out, size, 0, false};
	char hex[8];
	size_t i;

	if (size == 0)
		return;
	out[0] = '\0';
	if (len == 0) {
		model_format_put(&o, "(empty)");
		return;
	}
	if (model_format_is_text(head, head_len)) {
		model_format_text(&o, head, head_len, len);
	} else {
		model_format_put(&o, "hex");
		for (i = 0; i < head_len; i++) {
			snprintf(hex, sizeof(hex), " %02x", head[i]);
			if (!model_format_put(&o, hex))
				break;
		}
		if (head_len < len)
			o.cut = true;
	}
	model_format_end(&o);
}

void model_format_gauge(char *out, size_t size, long used, long cap)
{
	char g[MODEL_FORMAT_GAUGE + 3];
	long cells;
	int i;

	if (used < 0)
		used = 0;
	if (cap <= 0 || used > cap)
		cap = used > 0 ? used : 1;
	cells = (long)((double)used * MODEL_FORMAT_GAUGE / (double)cap);
	if (used > 0 && cells == 0)
		cells = 1;
	if (used < cap && cells == MODEL_FORMAT_GAUGE)
		cells = MODEL_FORMAT_GAUGE - 1;
	g[0] = '[';
	for (i = 0; i < MODEL_FORMAT_GAUGE; i++)
		g[i + 1] = i < cells ? '#' : ' ';
	g[MODEL_FORMAT_GAUGE + 1] = ']';
	g[MODEL_FORMAT_GAUGE + 2] = '\0';
	snprintf(out, size, "%s", g);
}

void model_format_duration(char *out, size_t size, double seconds)
{
	long s = (long)seconds;

	if (seconds < 0)
		seconds = 0;
	if (seconds < 60)
		snprintf(out, size, "%.1fs", seconds);
	else if (s < 3600)
		snprintf(out, size, "%ldm%02lds", s / 60, s % 60);
	else
		snprintf(out, size, "%ldh%02ldm", s / 3600, s % 3600 / 60);
}

void model_format_user(char *out, size_t size, unsigned int uid)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		snprintf(out, size, "%s", pw->pw_name);
	else
		snprintf(out, size, "%u", uid);
}

void model_format_errno(char *out, size_t size, int err)
{
	const char *name = names_errno_name(err);

	snprintf(out, size, "%s (%s)", name ? name : "errno", strerror(err));
}
