/* Test-kernel command line: words and key=value options (see rt.h). */
#include "rt.h"

/* Where "key=" starts a word of the command line: after it, or NULL. */
static const char *value_of(const char *key)
{
	const char *line = (const char *)rt_start_info->cmd_line, *c;

	for (c = line; *c; c++) {
		const char *k = key, *p = c;

		while (*k && *p == *k)
			k++, p++;
		if (!*k && *p == '=' && (c == line || c[-1] == ' '))
			return p + 1;
	}
	return NULL;
}

/* p starts word, and word ends at a space or the end of the line. */
static bool word_at(const char *p, const char *word)
{
	while (*word && *p == *word)
		p++, word++;
	return !*word && (!*p || *p == ' ');
}

long rt_cmdline_number(const char *key)
{
	const char *p = value_of(key);
	long v = 0;

	if (!p || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return v;
}

bool rt_cmdline_is(const char *key, const char *word)
{
	const char *p = value_of(key);

	return p && word_at(p, word);
}

bool rt_cmdline_has(const char *word)
{
	const char *line = (const char *)rt_start_info->cmd_line;

	for (const char *c = line; *c; c++)
		if ((c == line || c[-1] == ' ') && word_at(c, word))
			return true;
	return false;
}
