/* Hypervisor command-line parsing, table-driven, with Xen's conventions. */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include "types.h"

enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STRING, PARAM_CUSTOM };

/*
 * var: bool * (PARAM_BOOL), unsigned long * (PARAM_UINT), uint64_t * in
 * bytes (PARAM_SIZE), char[size] (PARAM_STRING). custom gets the value
 * (a NUL-terminated copy, "" when there was no '=') and returns 0 or
 * -EINVAL.
 */
struct param {
	const char *name;
	enum param_type type;
	void *var;
	size_t size;
	int (*custom)(const char *val);
};

#define CMDLINE_TOKEN_MAX 256   /* longest "name=value" token accepted */

/*
 * Parses space-separated tokens up to a "--" token: "name=value", bare
 * "name" (bool: true; custom: ""), "no-name" (bool: false). Unsigned
 * values take 0x/0 prefixes; sizes take parse_size() suffixes; strings
 * too long for their buffer are truncated (and reported). Each problem is
 * passed to report (if not NULL) with what = "unknown option", "bad
 * value", "value truncated" or "option too long" and the token, then
 * skipped. Returns the number of problems.
 */
int cmdline_parse(const char *cmdline, const struct param *tbl, size_t n,
		  void (*report)(const char *what, const char *token));

/* Returns the text after the "--" token (dom0's options), or NULL. */
const char *cmdline_dom0_part(const char *cmdline);

/* 1 for yes/on/true/enable/1, 0 for no/off/false/disable/0, else -EINVAL. */
int parse_bool(const char *s);

/*
 * Xen's parse_size_and_unit: a number (0x/0 prefixes allowed), then an
 * optional suffix B (bytes), K, M, G, T (either case); no suffix means
 * KiB. *end (if end) is set past what was used. Returns 0, -EINVAL when
 * there is no number, -ERANGE when the size does not fit 64 bits.
 */
int parse_size(const char *s, const char **end, uint64_t *bytes);

#endif
