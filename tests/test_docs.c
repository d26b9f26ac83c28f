/*
 * test_docs.c - the man pages render, and say what the commands do.
 *
 * Documentation drifts when nothing checks it, so this runner compares
 * the pages with the programs themselves: each page renders through
 * man-db without a groff warning; every subcommand of `mqlab --help` has
 * a paragraph in mqlab(1) that names every option of `mqlab CMD --help`;
 * every option of `mqfault --help` is in mqfault(1)'s OPTIONS; the keys
 * `mqfault --list keys` offers are exactly those the parser knows; every
 * --help and --version answers on stdout with status 0.  An option added
 * to a command without a word in its page fails here.  Completion is
 * tested in tests/test_completion.c.
 *
 * It reads the pages from the source tree (DOCS_SOURCE_DIR, compiled in)
 * and runs the programs make test names ($MQLAB, $MQFAULT).
 *
 * See also: docs/mqlab.1, docs/mqfault.1, tests/docs/docs.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/docs/docs.h"
#include "tests/helpers/isolate.h"

TestSuite(docs, .init = isolate_or_fail, .timeout = 120);

/* The page rendered as plain text, 80 columns, as a user would see it. */
static char *docs_render(const char *page, const char *warnings)
{
	char path[DOCS_PATH_MAX];
	char *argv[] = {(char *)"man", (char *)warnings, (char *)"-l", path,
			NULL};
	struct docs_out o;
	char *text;

	docs_source(path, sizeof(path), page);
	docs_run(&o, argv, NULL);
	cr_assert(docs_exited(&o, 0), "man %s -l %s: status %#x\n%s", warnings,
		  path, o.status, o.err);
	cr_assert_str_empty(o.err, "man %s -l %s warned:\n%s", warnings, path,
			    o.err);
	text = o.out;
	o.out = NULL;
	docs_out_free(&o);
	return text;
}

Test(docs, man_pages_render_without_a_warning)
{
	static const char *const pages[] = {"docs/mqlab.1", "docs/mqfault.1"};

	for (size_t i = 0; i < 2; i++) {
		char *text = docs_render(pages[i], "--warnings");

		cr_expect(strstr(text, "NAME") && strstr(text, "SYNOPSIS") &&
				  strstr(text, "EXIT STATUS"),
			  "%s lacks a section:\n%s", pages[i], text);
		free(text);
		/* Every groff warning, not only man-db's default "mac". */
		free(docs_render(pages[i], "--warnings=w"));
	}
}

/* The text of the paragraphs of section whose tag line starts with tag
 * (at the 7-column indent of a .TP tag), or "" when none does. */
static char *docs_paragraphs(const char *text, const char *section,
			     const char *tag)
{
	const char *s = docs_section(text, section), *line, *end;
	size_t cap = strlen(text) + 1, n = 0, taglen = strlen(tag);
	char *out = calloc(1, cap);
	bool in = false;

	cr_assert_not_null(out);
	cr_assert_not_null(s, "no section %s", section);
	for (line = s; *line != '\0' && !docs_heading(line); line = end) {
		end = strchr(line, '\n');
		end = end ? end + 1 : line + strlen(line);
		if (strncmp(line, "       ", 7) == 0 && line[7] != ' ')
			in = strncmp(line + 7, tag, taglen) == 0 &&
			     (line[7 + taglen] == ' ' ||
			      line[7 + taglen] == '\n');
		if (in) {
			memcpy(out + n, line, (size_t)(end - line));
			n += (size_t)(end - line);
		}
	}
	return out;
}

Test(docs, mqlab_page_documents_every_command_and_option)
{
	char *page = docs_render("docs/mqlab.1", "--warnings");
	char *argv[] = {(char *)docs_mqlab(), (char *)"--help", NULL, NULL};
	char names[32][32], tag[48], opts[64][40];
	size_t ncmd, nopt;
	struct docs_out o;

	docs_run(&o, argv, NULL);
	cr_assert(docs_exited(&o, 0), "mqlab --help: %#x %s", o.status, o.err);
	ncmd = docs_commands(o.out, names, 32);
	cr_assert_geq(ncmd, 6, "too few commands in:\n%s", o.out);
	nopt = docs_options(o.out, opts, 64);
	for (size_t k = 0; k < nopt; k++)
		cr_expect(docs_has_word(page, opts[k]),
			  "mqlab.1 does not mention %s (in mqlab --help)",
			  opts[k]);
	docs_out_free(&o);
	for (size_t i = 0; i < ncmd; i++) {
		char *para;

		snprintf(tag, sizeof(tag), "mqlab %s", names[i]);
		para = docs_paragraphs(page, "COMMANDS", tag);
		cr_expect(para[0] != '\0',
			  "mqlab.1 has no paragraph for '%s' under COMMANDS",
			  tag);
		argv[1] = names[i];
		argv[2] = (char *)"--help";
		docs_run(&o, argv, NULL);
		cr_expect(docs_exited(&o, 0) && o.err[0] == '\0' &&
				  strstr(o.out, "usage: mqlab") != NULL,
			  "mqlab %s --help: status %#x, stdout '%s', "
			  "stderr '%s'",
			  names[i], o.status, o.out, o.err);
		nopt = docs_options(o.out, opts, 64);
		for (size_t k = 0; k < nopt; k++)
			cr_expect(docs_has_word(para, opts[k]),
				  "mqlab.1 does not document '%s %s' (in "
				  "mqlab %s --help) in its paragraph",
				  tag, opts[k], names[i]);
		docs_out_free(&o);
		free(para);
	}
	free(page);
}

Test(docs, mqfault_page_documents_every_option)
{
	char *page = docs_render("docs/mqfault.1", "--warnings");
	char *argv[] = {(char *)docs_mqfault(), (char *)"--help", NULL};
	const char *options = docs_section(page, "OPTIONS");
	char opts[64][40];
	struct docs_out o;
	size_t n;

	cr_assert_not_null(options, "mqfault.1 has no OPTIONS section");
	docs_run(&o, argv, NULL);
	cr_assert(docs_exited(&o, 0), "mqfault --help: %#x %s", o.status,
		  o.err);
	n = docs_options(o.out, opts, 64);
	cr_assert_geq(n, 10, "too few options in:\n%s", o.out);
	for (size_t k = 0; k < n; k++)
		cr_expect(docs_has_word(options, opts[k]),
			  "mqfault.1's OPTIONS do not document %s (in mqfault "
			  "--help)",
			  opts[k]);
	docs_out_free(&o);
	free(page);
}

/* Every key mqfault --list offers is one the parser knows, and the other
 * way round: the parser's own list is in its message for an unknown key
 * ("expected error, retval, ..., hold or log").  Each is in the page. */
Test(docs, listed_keys_are_the_parsers_keys_and_are_documented)
{
	char *page = docs_render("docs/mqfault.1", "--warnings");
	char *list[] = {(char *)docs_mqfault(), (char *)"--list",
			(char *)"keys", NULL};
	char *bad[] = {(char *)docs_mqfault(), (char *)"-e",
		       (char *)"mq_send:nosuchkey=1", (char *)"true", NULL};
	char expected[512] = "", listed[512] = "", key[32];
	struct docs_out o, e;
	const char *p, *line;
	size_t len;

	docs_run(&o, list, NULL);
	cr_assert(docs_exited(&o, 0), "--list keys: %#x %s", o.status, o.err);
	docs_run(&e, bad, NULL);
	cr_assert(docs_exited(&e, 2), "a bad key: %#x %s", e.status, e.err);
	p = strstr(e.err, "; expected ");
	cr_assert_not_null(p, "no list of keys in:\n%s", e.err);
	/* "error, retval, ..., hold or log" -> " error retval ... log " */
	for (p += 11; *p != '\0' && *p != '\n'; p += len) {
		len = strcspn(p, ", \n");
		if (len > 0 && strncmp(p, "or", len) != 0) {
			snprintf(key, sizeof(key), " %.*s ", (int)len, p);
			strcat(expected, key + (expected[0] != '\0'));
		}
		len += strspn(p + len, ", ");
	}
	for (line = o.out; *line != '\0'; line += len + 1) {
		len = strcspn(line, "=\n");
		snprintf(key, sizeof(key), " %.*s ", (int)len, line);
		strcat(listed, key + (listed[0] != '\0'));
		snprintf(key, sizeof(key), "%.*s", (int)len, line);
		cr_expect(strstr(page, key) != NULL, "mqfault.1 lacks %s", key);
		len = strcspn(line, "\n");
		if (line[len] == '\0')
			break;
	}
	cr_expect_str_eq(listed, expected,
			 "--list keys gives '%s', the parser knows '%s'",
			 listed, expected);
	docs_out_free(&o);
	docs_out_free(&e);
	free(page);
}

Test(docs, help_and_version_answer_on_stdout_with_status_0)
{
	static const char *const asks[][2] = {
		{"mqlab", "--help"}, {"mqlab", "-h"},
		{"mqlab", "help"},   {"mqlab", "--version"},
		{"mqlab", "-V"},     {"mqfault", "--help"},
		{"mqfault", "-h"},   {"mqfault", "--version"},
		{"mqfault", "-V"},
	};
	char *argv[3] = {NULL, NULL, NULL}, want[64];
	struct docs_out o;

	for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		argv[0] = (char *)(asks[i][0][2] == 'l' ? docs_mqlab()
							: docs_mqfault());
		argv[1] = (char *)asks[i][1];
		docs_run(&o, argv, NULL);
		cr_expect(docs_exited(&o, 0) && o.err[0] == '\0' &&
				  o.out[0] != '\0',
			  "%s %s: status %#x, stderr '%s'", asks[i][0],
			  asks[i][1], o.status, o.err);
		if (strstr(asks[i][1], "V") || strstr(asks[i][1], "version")) {
			snprintf(want, sizeof(want), "%s %s\n", asks[i][0],
				 MQLAB_VERSION);
			cr_expect_str_eq(o.out, want);
		}
		docs_out_free(&o);
	}
}

/* The pages' headers carry the version the programs print. */
Test(docs, pages_carry_the_programs_version)
{
	static const char *const pages[] = {"docs/mqlab.1", "docs/mqfault.1"};
	char want[64];

	snprintf(want, sizeof(want), "\"mqlab %s\"", MQLAB_VERSION);
	for (size_t i = 0; i < 2; i++) {
		char *src = docs_slurp(pages[i]);
		const char *th = strstr(src, "\n.TH ");

		cr_assert_not_null(th, "%s has no .TH", pages[i]);
		cr_expect(strstr(th, want) != NULL &&
				  strstr(th, want) < strchr(th + 1, '\n'),
			  "%s's .TH does not say %s", pages[i], want);
		free(src);
	}
}

/* instructors.md has a demo for every lab mqlab list shows.  A handout
 * (no solutions/) leaves the guide out on purpose: it shows what the
 * solutions do. */
Test(docs, instructors_guide_has_a_demo_for_every_lab)
{
	char *argv[] = {(char *)docs_mqlab(), (char *)"list", NULL};
	char head[16], path[DOCS_PATH_MAX], *guide;
	struct docs_out o;
	const char *line;
	int labs = 0;

	docs_source(path, sizeof(path), "solutions");
	if (access(path, F_OK) != 0)
		cr_skip_test("a handout: no solutions/, no instructors' guide");
	guide = docs_slurp("docs/instructors.md");

	docs_run(&o, argv, NULL);
	cr_assert(docs_exited(&o, 0), "mqlab list: %#x %s", o.status, o.err);
	for (line = o.out; line != NULL && *line != '\0';
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (line[0] < '0' || line[0] > '9' || line[2] != ' ')
			continue;
		snprintf(head, sizeof(head), "## Lab %.2s", line);
		cr_expect(strstr(guide, head) != NULL,
			  "docs/instructors.md has no '%s' section", head);
		labs++;
	}
	cr_expect_geq(labs, 5, "mqlab list showed %d labs", labs);
	docs_out_free(&o);
	free(guide);
}
