/*
 * test_quote.c - typed text is echoed on one line, escaped, and cut.
 *
 * What a terminal would obey (ESC, C1 controls), what would split a line
 * (\n, \r) and what is not UTF-8 comes out as \xNN or \n; UTF-8 stays as
 * it is; a long value keeps its start and its end; and the caret under
 * an echoed spec stays under the byte it points at, whatever was escaped
 * or left out before it.
 *
 * See also: faults/quote.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <string.h>

#include "faults/quote.h"
#include "tests/helpers/isolate.h"

TestSuite(quote, .init = isolate_or_fail, .timeout = 10);

static const char *q(const char *s)
{
	static char buf[1024];

	quote_str(buf, sizeof(buf), s, strlen(s));
	return buf;
}

Test(quote, controls_and_bad_utf8_are_escaped_and_utf8_is_kept)
{
	cr_expect_str_eq(q("plain text; ok"), "plain text; ok");
	cr_expect_str_eq(q("a\nb\tc\rd"), "a\\nb\\tc\\rd");
	cr_expect_str_eq(q("\x1b[31mred"), "\\x1b[31mred");
	cr_expect_str_eq(q("del\x7f"), "del\\x7f");
	cr_expect_str_eq(q("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
			 "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	cr_expect_str_eq(q("\xff\xfe"), "\\xff\\xfe");
	cr_expect_str_eq(q("\xc3"), "\\xc3", "a cut character");
	cr_expect_str_eq(q("\xc0\xaf"), "\\xc0\\xaf", "an overlong '/'");
	cr_expect_str_eq(q("\xed\xa0\x80"), "\\xed\\xa0\\x80", "a surrogate");
	cr_expect_str_eq(q("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80",
			 "past U+10FFFF");
	cr_expect_str_eq(q("\xc2\x9b"), "\\xc2\\x9b", "C1 CSI");
	cr_expect_str_eq(q("back\\slash"), "back\\slash", "not doubled");
}

Test(quote, nul_bytes_are_escaped_and_output_is_never_cut_mid_escape)
{
	char buf[8];

	quote_str(buf, sizeof(buf), "a\0b", 3);
	cr_expect_str_eq(buf, "a\\x00b");
	/* Room for "ab" and half of "\x1b": the escape is left out whole. */
	cr_expect_eq(quote_str(buf, 5, "ab\x1b", 3), 2);
	cr_expect_str_eq(buf, "ab");
	cr_expect_eq(quote_str(buf, 3, "\xc3\xa9\xc3\xa9", 4), 2);
	cr_expect_str_eq(buf, "\xc3\xa9");
	cr_expect_eq(quote_str(buf, 0, "x", 1), 0);
}

Test(quote, columns_count_characters_and_escapes)
{
	cr_expect_eq(quote_columns("abc", 3, 3), 3);
	cr_expect_eq(quote_columns("\xc3\xa9x", 3, 3), 2);
	cr_expect_eq(quote_columns("\xc3\xa9x", 3, 1), 0,
		     "a column inside a character counts up to it");
	cr_expect_eq(quote_columns("\n\x1b", 2, 2), 6);
}

Test(quote, long_values_keep_their_start_and_end)
{
	char value[5000], buf[4 * QUOTE_VALUE_MAX + 8];

	memset(value, 'a', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	memcpy(value, "START", 5);
	memcpy(value + sizeof(value) - 4, "END", 3);
	quote_value(buf, sizeof(buf), value);
	cr_expect(strncmp(buf, "START", 5) == 0, "%s", buf);
	cr_expect(strstr(buf, "...") != NULL, "%s", buf);
	cr_expect(strcmp(buf + strlen(buf) - 3, "END") == 0, "%s", buf);
	cr_expect_leq(strlen(buf), 80, "%s", buf);
	cr_expect_str_eq(quote_value(buf, sizeof(buf), "short"), "short");
	/* A small buffer still gets both ends. */
	quote_value(buf, 40, value);
	cr_expect(strncmp(buf, "START", 5) == 0 && strstr(buf, "...") &&
			  strcmp(buf + strlen(buf) - 3, "END") == 0,
		  "%s", buf);
}

/* The caret line's '^' sits under the byte column points at. */
static size_t caret_at(const char *two)
{
	const char *second = strchr(two, '\n') + 1;

	return (size_t)(strchr(second, '^') - second);
}

Test(quote, the_caret_points_at_its_byte_after_escapes)
{
	char buf[1024];
	const char *spec = "mq_send:error=\x1b\xc3\xa9X";

	quote_caret(buf, sizeof(buf), spec, strlen(spec), 17);
	cr_expect_str_eq(buf, "    mq_send:error=\\x1b\xc3\xa9X\n"
			      "                       ^\n");
	cr_expect_eq(caret_at(buf), 4 + 14 + 4 + 1);
	quote_caret(buf, sizeof(buf), "abc", 3, -1);
	cr_expect_str_eq(buf, "    abc\n", "no column, no caret");
	quote_caret(buf, sizeof(buf), "abc", 3, 99);
	cr_expect_eq(caret_at(buf), 4 + 3, "past the end: at the end");
}

Test(quote, a_wide_spec_is_shown_as_a_window_around_the_caret)
{
	char spec[5000], buf[1024];
	const char *first;

	memset(spec, 'a', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = '\0';
	spec[3000] = 'X';
	quote_caret(buf, sizeof(buf), spec, strlen(spec), 3000);
	first = strchr(buf, '\n');
	cr_expect(strncmp(buf, "    ...", 7) == 0, "%s", buf);
	cr_expect(strncmp(first - 3, "...", 3) == 0, "%s", buf);
	cr_expect_leq((size_t)(first - buf), 4 + 3 + QUOTE_LINE_MAX + 3);
	cr_expect_eq(buf[caret_at(buf)], 'X', "caret under X: %s", buf);
}
