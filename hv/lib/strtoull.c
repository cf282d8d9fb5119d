/* simple_strtoull(): number parsing for the command line and friends. */
#include "lib.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Contract in lib.h. */
unsigned long long simple_strtoull(const char *s, const char **end,
				   unsigned int base)
{
	const char *p = s;
	unsigned long long v = 0;
	bool any = false, sat = false;

	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		if (end)
			*end = s;
		return 0;
	}
	for (;; p++) {
		int d = digit_value(*p);

		if (d >= (int)base)
			break;
		any = true;
		if (v > (~0ULL - (unsigned)d) / base)
			sat = true;
		else
			v = v * base + (unsigned)d;
	}
	if (end)
		*end = any ? p : s;
	return sat ? ~0ULL : v;
}
