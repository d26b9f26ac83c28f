/*
 * hint.c - a lab's hints, read from the "## Hints" section of its README.
 *
 * The README is the handout students read anyway, so the hints are
 * written once, there, and `mqlab hint` reads them rather than a copy in
 * lab.c that could drift.  Only as much markdown is understood as the
 * labs use: a heading ends the section, a list item starts a hint, a
 * wrapped line continues it, and a blank line ends it unless what follows
 * is indented (a second paragraph of the same item).  Text before the
 * first item or after the list is not a hint.
 *
 * See also: labs/hint.h, labs/hint_level.c (the level shown)
 * SPDX-License-Identifier: MIT
 */
#include "labs/hint.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labs/textfile.h"

/* Where an item's text starts when line opens a list item, else NULL. */
static const char *hint_item_start(const char *line)
{
	const char *p = line;

	/* Markdown: a list item may be indented by up to three spaces. */
	while (*p == ' ' && p - line < 3)
		p++;
	if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ')
		return p + 2;
	if (!isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	if ((*p == '.' || *p == ')') && p[1] == ' ')
		return p + 2;
	return NULL;
}

/* A new item holding text[0..len), trimmed. */
static int hint_add(struct hint_list *list, const char *text, size_t len)
{
	char **items;

	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	items = realloc(list->items, (list->n + 1) * sizeof(*items));
	if (items == NULL)
		return -1;
	list->items = items;
	items[list->n] = strndup(text, len);
	if (items[list->n] == NULL)
		return -1;
	list->n++;
	return 0;
}

/* Append text[0..len), trimmed, to the last item after one space. */
static int hint_continue(struct hint_list *list, const char *text, size_t len)
{
	char *last = list->items[list->n - 1], *grown;
	size_t have = strlen(last);

	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	grown = realloc(last, have + 1 + len + 1);
	if (grown == NULL)
		return -1;
	grown[have] = ' ';
	memcpy(grown + have + 1, text, len);
	grown[have + 1 + len] = '\0';
	list->items[list->n - 1] = grown;
	return 0;
}

static bool hint_blank(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)line[i]))
			return false;
	return true;
}

int hint_parse(const char *text, struct hint_list *out)
{
	bool inside = false, open = false;
	const char *line, *next, *item;
	size_t len;
	int ret = 0;

	out->items = NULL;
	out->n = 0;
	for (line = text; ret == 0 && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		len = next != NULL ? (size_t)(next - line) : strlen(line);
		next = next != NULL ? next + 1 : line + len;
		if (line[0] == '#') {
			if (inside)
				break;
			/* "## Hints" alone, not "## Hintsfoo". */
			inside = strncmp(line, "## Hints", 8) == 0 &&
				 (len == 8 || isspace((unsigned char)line[8]));
			continue;
		}
		if (!inside)
			continue;
		item = hint_item_start(line);
		if (item != NULL && item < line + len) {
			ret = hint_add(out, item, len - (size_t)(item - line));
			open = true;
		} else if (hint_blank(line, len)) {
			open = false;
		} else if (out->n > 0 &&
			   (open || isspace((unsigned char)*line))) {
			ret = hint_continue(out, line, len);
			open = true;
		}
	}
	if (ret < 0) {
		hint_free(out);
		errno = ENOMEM;
		return -1;
	}
	return (int)out->n;
}

int hint_read(const char *path, struct hint_list *out)
{
	char *text = NULL;
	size_t n = 0;
	int ret = -1, saved;
	FILE *f;

	f = textfile_open(path);
	if (f == NULL)
		return -1;
	text = malloc(HINT_README_MAX + 1);
	if (text == NULL)
		goto out_close;
	n = fread(text, 1, HINT_README_MAX + 1, f);
	if (ferror(f)) {
		errno = EIO;
		goto out_close;
	}
	if (n > HINT_README_MAX) {
		errno = EFBIG;
		goto out_close;
	}
	text[n] = '\0';
	ret = hint_parse(text, out);
out_close:
	saved = errno;
	free(text);
	fclose(f);
	errno = saved;
	return ret;
}

void hint_free(struct hint_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = 0;
}
