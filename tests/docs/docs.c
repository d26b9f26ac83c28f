/*
 * docs.c - run a program with stdout and stderr apart; read help texts.
 *
 * Both outputs are read with poll(), so a program that fills one pipe
 * while we wait on the other cannot deadlock us.  The child gets a fixed
 * locale and width, so man renders the same everywhere, and HOME=/tmp
 * (the test's own tmpfs), so nothing it records lands in the real home.
 *
 * See also: tests/docs/docs.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/docs/docs.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef DOCS_SOURCE_DIR
#define DOCS_SOURCE_DIR "."
#endif

struct docs_buf {
	char *text;
	size_t len, cap;
};

static void docs_append(struct docs_buf *b, const char *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->text = realloc(b->text, b->cap);
		cr_assert_not_null(b->text);
	}
	memcpy(b->text + b->len, data, n);
	b->len += n;
	b->text[b->len] = '\0';
}

static void docs_child(int out, int err, char *const argv[], char *const env[])
{
	int null = open("/dev/null", O_RDONLY);

	dup2(null, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("MANWIDTH", "80", 1);
	setenv("HOME", "/tmp", 1);
	unsetenv("XDG_STATE_HOME");
	for (; env != NULL && *env != NULL; env++)
		putenv(*env);
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

void docs_run(struct docs_out *o, char *const argv[], char *const env[])
{
	struct docs_buf bufs[2] = {{0}, {0}};
	int out[2], err[2], open_fds = 2;
	struct pollfd p[2];
	char chunk[4096];
	ssize_t n;
	pid_t pid;

	cr_assert(pipe2(out, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		docs_child(out[1], err[1], argv, env);
	close(out[1]);
	close(err[1]);
	p[0] = (struct pollfd){.fd = out[0], .events = POLLIN};
	p[1] = (struct pollfd){.fd = err[0], .events = POLLIN};
	docs_append(&bufs[0], "", 0);
	docs_append(&bufs[1], "", 0);
	while (open_fds > 0) {
		cr_assert(poll(p, 2, -1) > 0 || errno == EINTR);
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			n = read(p[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				docs_append(&bufs[i], chunk, (size_t)n);
				continue;
			}
			close(p[i].fd);
			p[i].fd = -1;
			open_fds--;
		}
	}
	cr_assert(waitpid(pid, &o->status, 0) == pid);
	o->out = bufs[0].text;
	o->err = bufs[1].text;
}

void docs_out_free(struct docs_out *o)
{
	free(o->out);
	free(o->err);
	o->out = o->err = NULL;
}

bool docs_exited(const struct docs_out *o, int code)
{
	return WIFEXITED(o->status) && WEXITSTATUS(o->status) == code;
}

void docs_source(char *buf, size_t size, const char *rel)
{
	int n = snprintf(buf, size, "%s/%s", DOCS_SOURCE_DIR, rel);

	cr_assert(n > 0 && (size_t)n < size, "path too long: %s", rel);
}

char *docs_slurp(const char *rel)
{
	struct docs_buf b = {0};
	char path[DOCS_PATH_MAX], chunk[4096];
	size_t n;
	FILE *f;

	docs_source(path, sizeof(path), rel);
	f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	docs_append(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		docs_append(&b, chunk, n);
	fclose(f);
	return b.text;
}

static const char *docs_program(const char *env, const char *rel, char *buf)
{
	const char *p = getenv(env);

	if (p != NULL && p[0] != '\0')
		return p;
	docs_source(buf, DOCS_PATH_MAX, rel);
	cr_assert(access(buf, X_OK) == 0, "%s is not set and %s is not built",
		  env, buf);
	return buf;
}

const char *docs_mqlab(void)
{
	static char path[DOCS_PATH_MAX];

	return docs_program("MQLAB", "build/bin/mqlab", path);
}

const char *docs_mqfault(void)
{
	static char path[DOCS_PATH_MAX];

	return docs_program("MQFAULT", "build/bin/mqfault", path);
}

bool docs_heading(const char *line)
{
	return isupper((unsigned char)line[0]);
}

const char *docs_section(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *line;

	for (line = text; line != NULL && *line != '\0';) {
		if (strncmp(line, name, len) == 0 && line[len] == '\n')
			return line + len + 1;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return NULL;
}

size_t docs_commands(const char *help, char (*names)[32], size_t max)
{
	const char *line = help;
	size_t n = 0, len;

	while (line != NULL && *line != '\0' && n < max) {
		if (strncmp(line, "  mqlab ", 8) == 0 && islower(line[8])) {
			len = strspn(line + 8, "abcdefghijklmnopqrstuvwxyz-");
			snprintf(names[n++], 32, "%.*s", (int)len, line + 8);
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return n;
}

static bool docs_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-';
}

size_t docs_options(const char *help, char (*opts)[40], size_t max)
{
	const char *p;
	size_t n = 0, len, i;

	for (p = help; *p != '\0'; p++) {
		if (*p != '-' || (p > help && docs_word_char(p[-1])))
			continue;
		len = strspn(p, "-");
		if (len > 2 || !isalpha((unsigned char)p[len]))
			continue;
		len += strspn(p + len, "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
		for (i = 0; i < n; i++)
			if (strlen(opts[i]) == len &&
			    strncmp(opts[i], p, len) == 0)
				break;
		if (i == n && n < max)
			snprintf(opts[n++], 40, "%.*s", (int)len, p);
		p += len - 1;
	}
	return n;
}

bool docs_has_word(const char *text, const char *word)
{
	size_t len = strlen(word);
	const char *p;

	for (p = strstr(text, word); p != NULL; p = strstr(p + 1, word))
		if ((p == text || !docs_word_char(p[-1])) &&
		    !docs_word_char(p[len]))
			return true;
	return false;
}
