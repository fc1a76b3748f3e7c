/* SPDX-License-Identifier: MIT */
/*
 * The one escaping layer of `vct report`: every string that comes from a
 * result file (check names, statement ids, levels, clauses, evidence, labels,
 * paths, problems) reaches an output only through one of these, one function
 * per output syntax. A result file is untrusted input: it may hold markup,
 * control characters and bytes that are not UTF-8.
 *
 * All of them first read the string as UTF-8: a byte that does not start a
 * valid, shortest-form sequence of a scalar value becomes U+FFFD; a control
 * character a format cannot carry as text becomes its visible picture from
 * the Control Pictures block (U+2400 + c, DEL as U+2421), so evidence such as
 * "seen 0x0a\x01" is still readable; U+FFFE and U+FFFF become U+FFFD.
 */
#ifndef VCT_REPORT_ESC_H
#define VCT_REPORT_ESC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Next scalar value of *s (advanced past it); invalid UTF-8 yields U+FFFD and one byte. */
uint32_t rp_utf8_next(const char **s);

/* HTML text and attribute values (quoted with "): & < > " ' as entities; newline and tab kept. */
void rp_esc_html(FILE *f, const char *s);
/* XML 1.0 text and attribute values: entities; newline, tab, CR as character references so
 * that attribute normalization keeps them; only characters XML 1.0 allows. */
void rp_esc_xml(FILE *f, const char *s);
/* Markdown inline text (GitHub Flavored Markdown): punctuation that could start markup is
 * backslash-escaped, "|" too (so a table cell stays one cell), and line breaks and tabs become
 * their pictures (so a table row, heading or list item stays one line). */
void rp_esc_md_text(FILE *f, const char *s);
/* A Markdown code span: a backtick fence longer than any run of backticks in s, padded when s
 * starts or ends with a backtick or a space; in_table also escapes "|" (GFM splits cells first). */
void rp_esc_md_code(FILE *f, const char *s, bool in_table);
/* A fenced Markdown code block, fence longer than any backtick run of s (at least 3). */
void rp_esc_md_block(FILE *f, const char *s, const char *info);
/* One TSV field: backslash, tab, newline and CR as \\ \t \n \r (so a row is one line and a
 * field one column); other control characters as their pictures. */
void rp_esc_tsv(FILE *f, const char *s);
/* A URL path we built ourselves (relative links between report pages), percent-encoded
 * outside [A-Za-z0-9._~/-] so that it is safe in an HTML attribute and a Markdown link. */
void rp_esc_href(FILE *f, const char *s);

#endif
