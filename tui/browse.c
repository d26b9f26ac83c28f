/*
 * browse.c - the lab browser's model and key table.
 *
 * See also: tui/browse.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/browse.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "labs/catalog.h"
#include "labs/gradebook.h"

static struct browse *browse_of(struct model_top *t)
{
	return (struct browse *)((char *)t - offsetof(struct browse, top));
}

void browse_init(struct browse *b, const struct lab *const *labs, bool present)
{
	memset(b, 0, sizeof(*b));
	b->top.present = present;
	b->labs = labs;
	while (labs[b->n] != NULL)
		b->n++;
}

const struct lab *browse_selection(const struct browse *b)
{
	return b->selected < b->n ? b->labs[b->selected] : NULL;
}

void browse_grade(char *out, size_t size, const struct lab *lab)
{
	struct gradebook_entry e;
	char dir[128];

	catalog_dir(lab, dir, sizeof(dir));
	if (gradebook_get(dir, &e) < 0)
		snprintf(out, size, "not graded");
	else
		snprintf(out, size, "%s %d/%d",
			 e.score >= e.max ? "passed" : "failing", e.score,
			 e.max);
}

void browse_row(char *out, size_t size, const struct lab *lab)
{
	char grade[48];

	browse_grade(grade, sizeof(grade), lab);
	snprintf(out, size, "%02d  %-40.40s %-9s %3dm  %s", lab->number,
		 lab->title, lab->difficulty, lab->minutes, grade);
}

int browse_brief(const struct browse *b, size_t i, char *out, size_t size)
{
	const struct lab *lab = browse_selection(b);
	size_t nchecks = 0;
	int total = 0;

	if (lab == NULL)
		return -1;
	while (lab->checks != NULL && lab->checks[nchecks].test != NULL)
		total += lab->checks[nchecks++].points;
	if (i == 0) {
		snprintf(out, size, "Lab %02d: %s (%s, about %d minutes)",
			 lab->number, lab->title, lab->difficulty,
			 lab->minutes);
		return 0;
	}
	if (i == 1) {
		snprintf(out, size, "%s", lab->summary ? lab->summary : "");
		return 0;
	}
	if (i == 2) {
		snprintf(out, size, "Checks:");
		return 0;
	}
	if (i - 3 < nchecks) {
		snprintf(out, size, "  %d.%zu  %-52.52s %3d pts", lab->number,
			 i - 2, lab->checks[i - 3].title,
			 lab->checks[i - 3].points);
		return 0;
	}
	if (i - 3 == nchecks) {
		snprintf(out, size, "  total %d points", total);
		return 0;
	}
	return -1;
}

static enum keys_result browse_up(struct model_top *t)
{
	struct browse *b = browse_of(t);

	if (b->selected > 0)
		b->selected--;
	return KEYS_REDRAW;
}

static enum keys_result browse_down(struct model_top *t)
{
	struct browse *b = browse_of(t);

	if (b->selected + 1 < b->n)
		b->selected++;
	return KEYS_REDRAW;
}

static enum keys_result browse_student(struct model_top *t)
{
	browse_of(t)->launch = BROWSE_STUDENT;
	return KEYS_RESCAN;
}

static enum keys_result browse_solution(struct model_top *t)
{
	browse_of(t)->launch = BROWSE_SOLUTION;
	return KEYS_RESCAN;
}

static enum keys_result browse_help_toggle(struct model_top *t)
{
	t->help = !t->help;
	return KEYS_REDRAW;
}

const struct keys_entry browse_keys[] = {
	{KEY_UP, "Up", "select the lab above", "Up/Down select", browse_up},
	{'k', "k", "select the lab above", NULL, browse_up},
	{KEY_DOWN, "Down", "select the lab below", NULL, browse_down},
	{'j', "j", "select the lab below", NULL, browse_down},
	{'\n', "Enter", "launch the lab with your code, live",
	 "Enter run your code", browse_student},
	{'\r', "Enter", "launch the lab with your code, live", NULL,
	 browse_student},
	{KEY_ENTER, "Enter", "launch the lab with your code, live", NULL,
	 browse_student},
	{'S', "S", "launch the lab with the reference solution, live",
	 "S run the solution", browse_solution},
	{'?', "?", "this help", "? help", browse_help_toggle},
	{KEY_F(1), "F1", "this help", NULL, browse_help_toggle},
	{'q', "q", "quit mqlab", "q quit", keys_quit},
	{KEY_F(10), "F10", "quit mqlab", NULL, keys_quit},
	{0, NULL, NULL, NULL, NULL},
};
