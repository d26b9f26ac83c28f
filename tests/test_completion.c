/*
 * test_completion.c - bash completion offers what the commands accept.
 *
 * Each test sources completions/mqlab or completions/mqfault in a bare
 * `bash --norc` (no bash-completion package), sets COMP_WORDS and
 * COMP_CWORD as bash would for a command line, calls the completion
 * function and reads COMPREPLY.  Bash splits words at ':', '=' and '@'
 * (COMP_WORDBREAKS), so `mqfault -e mq_send:error=EAG` reaches the
 * function as mqfault, -e, mq_send, :, error, =, EAG, and the answer must
 * be the last piece only (EAGAIN); with those characters taken out of
 * COMP_WORDBREAKS the answer must be the whole word.  Lab numbers, syscall
 * and errno names come from the programs under test, so these tests also
 * prove that nothing is hard-coded: every subcommand of `mqlab --help` and
 * every option of `mqfault --help` is offered.
 *
 * See also: completions/mqlab, completions/mqfault, tests/docs/docs.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/docs/docs.h"
#include "tests/helpers/isolate.h"

TestSuite(completion, .init = isolate_or_fail, .timeout = 60);

#define COMPLETE_MAX_WORDS 16

static const char complete_script[] =
	"source \"$1\" || exit 3\n"
	"fn=$2; shift 2\n"
	"[ -n \"${WB+x}\" ] && COMP_WORDBREAKS=$WB\n"
	"COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1))\n"
	"COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}\n"
	"\"$fn\"\n"
	"((${#COMPREPLY[@]})) && printf '%s\\n' \"${COMPREPLY[@]}\"\n"
	"exit 0\n";

/* COMPREPLY, one a line, for the words given (NULL-terminated, the last
 * one being completed; "MQLAB" and "MQFAULT" stand for the programs under
 * test), with COMP_WORDBREAKS set to wb unless wb is NULL. */
static char *complete(const char *wb, const char *word, ...)
{
	char script[DOCS_PATH_MAX], wbenv[64];
	char *argv[COMPLETE_MAX_WORDS + 8], *env[] = {wbenv, NULL};
	const char *cmd = NULL;
	struct docs_out o;
	size_t n = 0;
	va_list ap;

	argv[n++] = (char *)"bash";
	argv[n++] = (char *)"--norc";
	argv[n++] = (char *)"--noprofile";
	argv[n++] = (char *)"-c";
	argv[n++] = (char *)complete_script;
	argv[n++] = (char *)"bash";
	argv[n++] = script;
	argv[n++] = NULL; /* the function, below */
	va_start(ap, word);
	for (; word != NULL && n < COMPLETE_MAX_WORDS + 7;
	     word = va_arg(ap, const char *)) {
		if (strcmp(word, "MQLAB") == 0)
			word = docs_mqlab(), cmd = "mqlab";
		else if (strcmp(word, "MQFAULT") == 0)
			word = docs_mqfault(), cmd = "mqfault";
		argv[n++] = (char *)word;
	}
	va_end(ap);
	argv[n] = NULL;
	cr_assert_not_null(cmd, "no MQLAB or MQFAULT among the words");
	snprintf(wbenv, sizeof(wbenv), "WB=%s", wb ? wb : "");
	docs_source(script, sizeof(script),
		    cmd[2] == 'l' ? "completions/mqlab"
				  : "completions/mqfault");
	argv[7] = (char *)(cmd[2] == 'l' ? "_mqlab" : "_mqfault");
	docs_run(&o, argv, wb ? env : NULL);
	cr_assert(docs_exited(&o, 0), "bash: status %#x\n%s", o.status, o.err);
	cr_expect_str_empty(o.err, "the completion printed on stderr");
	free(o.err);
	return o.out;
}

/* Whether one line of replies is exactly word. */
static bool has(const char *replies, const char *word)
{
	size_t len = strlen(word);
	const char *p;

	for (p = replies; (p = strstr(p, word)) != NULL; p++)
		if ((p == replies || p[-1] == '\n') && p[len] == '\n')
			return true;
	return false;
}

static size_t count(const char *replies)
{
	size_t n = 0;

	for (; *replies != '\0'; replies++)
		n += *replies == '\n';
	return n;
}

Test(completion, a_subcommand_completes_from_its_prefix)
{
	char *r = complete(NULL, "MQLAB", "gr", NULL);

	cr_expect_str_eq(r, "grade\n");
	free(r);
}

Test(completion, every_subcommand_of_mqlab_help_is_offered)
{
	char *argv[] = {(char *)docs_mqlab(), (char *)"--help", NULL};
	char *r = complete(NULL, "MQLAB", "", NULL);
	char names[32][32];
	struct docs_out o;
	size_t n;

	docs_run(&o, argv, NULL);
	n = docs_commands(o.out, names, 32);
	cr_assert_geq(n, 6);
	for (size_t i = 0; i < n; i++)
		cr_expect(has(r, names[i]), "mqlab <TAB> lacks %s:\n%s",
			  names[i], r);
	docs_out_free(&o);
	free(r);
}

Test(completion, lab_numbers_come_from_mqlab_list)
{
	char *r = complete(NULL, "MQLAB", "grade", "", NULL);
	char *s = complete(NULL, "MQLAB", "run", "0", NULL);
	char *t = complete(NULL, "MQLAB", "run", "01", "", NULL);

	cr_expect(has(r, "01") && has(r, "05"), "grade <TAB>:\n%s", r);
	cr_expect(has(s, "01"), "run 0<TAB>:\n%s", s);
	cr_expect_str_empty(t, "run takes one lab: run 01 <TAB> gave\n%s", t);
	free(r);
	free(s);
	free(t);
}

Test(completion, options_and_their_values_come_from_each_usage)
{
	char *opts = complete(NULL, "MQLAB", "grade", "-", NULL);
	char *fmt = complete(NULL, "MQLAB", "grade", "--format", "", NULL);
	char *eq = complete(NULL, "MQLAB", "grade", "--format", "=", "j", NULL);
	char *run = complete(NULL, "MQLAB", "run", "01", "--s", NULL);

	cr_expect(has(opts, "--format") && has(opts, "--verify") &&
			  has(opts, "-o") && has(opts, "--help"),
		  "grade -<TAB>:\n%s", opts);
	cr_expect(has(fmt, "human") && has(fmt, "gradescope") &&
			  count(fmt) == 4,
		  "--format <TAB>:\n%s", fmt);
	cr_expect_str_eq(eq, "junit\n");
	cr_expect(has(run, "--solution") && has(run, "--seed"), "%s", run);
	free(opts);
	free(fmt);
	free(eq);
	free(run);
}

Test(completion, paths_after_options_that_take_one)
{
	char *files, *dirs;

	cr_assert(system("mkdir -p /tmp/cls/alice && : > /tmp/cls/r.json") ==
		  0);
	files = complete(NULL, "MQLAB", "grade", "-o", "/tmp/cls/r", NULL);
	dirs = complete(NULL, "MQLAB", "grade", "--submissions", "/tmp/cls/",
			NULL);
	cr_expect_str_eq(files, "/tmp/cls/r.json\n");
	cr_expect_str_eq(dirs, "/tmp/cls/alice\n");
	free(files);
	free(dirs);
}

Test(completion, run_e_completes_a_spec_after_the_role)
{
	char *r = complete(NULL, "MQLAB", "run", "01", "-e", "producer", "@",
			   "mq_send", ":", "error", "=", "EAG", NULL);

	cr_expect_str_eq(r, "EAGAIN\n");
	free(r);
}

Test(completion, an_errno_completes_after_error_eq)
{
	char *r = complete(NULL, "MQFAULT", "-e", "mq_send", ":", "error", "=",
			   "EAG", NULL);

	cr_expect_str_eq(r, "EAGAIN\n");
	free(r);
}

Test(completion, whole_words_when_colon_and_eq_do_not_break_words)
{
	char *r = complete(" \t\n\"'><;|&(", "MQFAULT", "-e",
			   "mq_send:error=EAG", NULL);
	char *s = complete(" \t\n\"'><;|&(", "MQFAULT", "-e", "mq_open,mq_un",
			   NULL);

	cr_expect_str_eq(r, "mq_send:error=EAGAIN\n");
	cr_expect_str_eq(s, "mq_open,mq_unlink\n");
	free(r);
	free(s);
}

Test(completion, syscalls_classes_and_keys_complete_in_a_spec)
{
	char *t = complete(NULL, "MQFAULT", "-e", "mq_t", NULL);
	char *c = complete(NULL, "MQFAULT", "-e", "%", NULL);
	char *k = complete(NULL, "MQFAULT", "-e", "inject", "=", "msgsnd", ":",
			   "", NULL);
	char *s = complete(NULL, "MQFAULT", "--inject", "=", "mq_send", ":",
			   "signal", "=", "SIGUS", NULL);
	char *n = complete(NULL, "MQFAULT", "-e", "mq_send", ":", "count", "=",
			   "", NULL);

	cr_expect_str_eq(t, "mq_timedsend\nmq_timedreceive\n");
	cr_expect_str_eq(c, "%mq\n%msg\n%ipcq\n");
	cr_expect(has(k, "error=") && has(k, "when=") && has(k, "hold") &&
			  count(k) == 11,
		  "keys:\n%s", k);
	cr_expect_str_eq(s, "SIGUSR1\nSIGUSR2\n");
	cr_expect_str_eq(n, "global\nprocess\nthread\n");
	free(t);
	free(c);
	free(k);
	free(s);
	free(n);
}

Test(completion, every_option_of_mqfault_help_is_offered)
{
	char *argv[] = {(char *)docs_mqfault(), (char *)"--help", NULL};
	char *r = complete(NULL, "MQFAULT", "-", NULL);
	char opts[64][40], eq[48];
	struct docs_out o;
	size_t n;

	docs_run(&o, argv, NULL);
	n = docs_options(o.out, opts, 64);
	cr_assert_geq(n, 10);
	for (size_t i = 0; i < n; i++) {
		snprintf(eq, sizeof(eq), "%.40s=", opts[i]);
		cr_expect(has(r, opts[i]) || has(r, eq),
			  "mqfault -<TAB> lacks %s:\n%s", opts[i], r);
	}
	docs_out_free(&o);
	free(r);
}

Test(completion, the_program_and_list_names_after_the_options)
{
	char *p = complete(NULL, "MQFAULT", "-e", "mq_send", ":", "log", "--",
			   "bas", NULL);
	char *q = complete(NULL, "MQFAULT", "-s", "64", "bas", NULL);
	char *l = complete(NULL, "MQFAULT", "--list", "e", NULL);

	cr_expect(has(p, "bash"), "a command after --:\n%s", p);
	cr_expect(has(q, "bash"), "a command after -s 64:\n%s", q);
	cr_expect_str_eq(l, "errnos\n");
	free(p);
	free(q);
	free(l);
}
