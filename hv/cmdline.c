/* The hypervisor command line: tokens, parameter table, value parsers. */
#include "cmdline.h"
#include "errno.h"
#include "lib.h"

static const char *const bool_true[] = { "yes", "on", "true", "enable", "1" };
static const char *const bool_false[] = { "no", "off", "false", "disable", "0" };

int parse_bool(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(bool_true); i++) {
		if (!strcmp(s, bool_true[i]))
			return 1;
		if (!strcmp(s, bool_false[i]))
			return 0;
	}
	return -EINVAL;
}

/* Contract in cmdline.h. */
int parse_size(const char *s, const char **end, uint64_t *bytes)
{
	const char *p;
	uint64_t v = simple_strtoull(s, &p, 0);
	unsigned int shift = 10;

	if (p == s) {
		if (end)
			*end = s;
		return -EINVAL;
	}
	switch (*p) {
	case 'T': case 't': shift = 40; p++; break;
	case 'G': case 'g': shift = 30; p++; break;
	case 'M': case 'm': shift = 20; p++; break;
	case 'K': case 'k': shift = 10; p++; break;
	case 'B': case 'b': shift = 0; p++; break;
	}
	if (end)
		*end = p;
	if (v == ~0ULL || v > (~0ULL >> shift))
		return -ERANGE;
	*bytes = v << shift;
	return 0;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static const struct param *find(const struct param *tbl, size_t n,
				const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tbl[i].name, name))
			return &tbl[i];
	return NULL;
}

/*
 * Applies one token (name in tok, value after the '=' or NULL) to the
 * table. Returns NULL on success or the problem's description.
 */
static const char *apply(const struct param *tbl, size_t n, char *tok,
			 const char *val)
{
	const struct param *p = find(tbl, n, tok);
	bool negated = false;
	const char *end;
	int v;

	if (!p && !strncmp(tok, "no-", 3)) {
		p = find(tbl, n, tok + 3);
		negated = true;
	}
	if (!p)
		return "unknown option";
	if (negated && (p->type != PARAM_BOOL || val))
		return "bad value";

	switch (p->type) {
	case PARAM_BOOL:
		v = val ? parse_bool(val) : !negated;
		if (v < 0)
			return "bad value";
		*(bool *)p->var = v;
		return NULL;
	case PARAM_UINT: {
		unsigned long long u;

		if (!val)
			return "bad value";
		u = simple_strtoull(val, &end, 0);
		if (end == val || *end || u > (unsigned long)~0UL)
			return "bad value";
		*(unsigned long *)p->var = (unsigned long)u;
		return NULL;
	}
	case PARAM_SIZE: {
		uint64_t bytes;

		if (!val || parse_size(val, &end, &bytes) || *end)
			return "bad value";
		*(uint64_t *)p->var = bytes;
		return NULL;
	}
	case PARAM_STRING:
		if (!p->size)
			return "bad value";
		if (strlcpy(p->var, val ? val : "", p->size) >= p->size)
			return "value truncated";
		return NULL;
	case PARAM_CUSTOM:
		if (!p->custom || p->custom(val ? val : ""))
			return "bad value";
		return NULL;
	}
	return "bad value";
}

/* Contract in cmdline.h. */
int cmdline_parse(const char *cmdline, const struct param *tbl, size_t n,
		  void (*report)(const char *what, const char *token))
{
	char tok[CMDLINE_TOKEN_MAX];
	int problems = 0;

	if (!cmdline)
		return 0;
	for (const char *s = cmdline; *s;) {
		const char *what = NULL;
		size_t len = 0;
		char *eq;

		while (is_sep(*s))
			s++;
		while (s[len] && !is_sep(s[len]))
			len++;
		if (!len)
			break;
		if (len == 2 && s[0] == '-' && s[1] == '-')
			break;          /* the rest is for dom0 */
		if (len >= sizeof(tok)) {
			what = "option too long";
			memcpy(tok, s, sizeof(tok) - 1);
			tok[sizeof(tok) - 1] = 0;
		} else {
			memcpy(tok, s, len);
			tok[len] = 0;
		}
		s += len;
		if (!what) {
			char name[CMDLINE_TOKEN_MAX];

			strlcpy(name, tok, sizeof(name));
			eq = strchr(name, '=');
			if (eq)
				*eq = 0;
			what = apply(tbl, n, name, eq ? eq + 1 : NULL);
		}
		if (what) {
			problems++;
			if (report)
				report(what, tok);
		}
	}
	return problems;
}

/* Contract in cmdline.h. */
const char *cmdline_dom0_part(const char *cmdline)
{
	const char *s = cmdline;

	if (!s)
		return NULL;
	for (;;) {
		size_t len = 0;

		while (is_sep(*s))
			s++;
		if (!*s)
			return NULL;
		while (s[len] && !is_sep(s[len]))
			len++;
		if (len == 2 && s[0] == '-' && s[1] == '-') {
			s += 2;
			while (is_sep(*s))
				s++;
			return s;
		}
		s += len;
	}
}
