/*
 * json.h - write JSON strings that stay valid whatever they contain.
 *
 * Messages from checks, roles' output and queue names can hold quotes,
 * backslashes, control characters and bytes that are not UTF-8; every
 * JSON and XML document mqlab writes goes through these, so no content
 * can break one.  Invalid UTF-8 bytes become U+FFFD.
 *
 * See also: labs/gradeout.c, labs/timeline.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_JSON_H
#define MQLAB_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Write s as a quoted JSON string. */
void json_string(FILE *f, const char *s);

/* The same into buf (always terminated, cut at a character boundary when
 * too long).  Returns the length written. */
size_t json_quote(char *buf, size_t size, const char *s);

/* Write s as XML character data (for attributes too): &<>"' escaped,
 * control characters other than tab and newline dropped. */
void json_xml(FILE *f, const char *s);

#endif
