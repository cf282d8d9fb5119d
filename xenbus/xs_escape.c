/* xenstore value escapes: the printable form Xen's tools read and write. */
#include <stdio.h>
#include <string.h>
#include "xenstore.h"

void xs_sanitise(const char *val, unsigned int len, char *out)
{
	char *p = out;

	for (unsigned int i = 0; i < len; i++) {
		unsigned char c = (unsigned char)val[i];
		if (c >= ' ' && c <= '~' && c != '\\') {
			*p++ = (char)c;
			continue;
		}
		*p++ = '\\';
		switch (c) {
		case '\t': *p++ = 't'; break;
		case '\n': *p++ = 'n'; break;
		case '\r': *p++ = 'r'; break;
		case '\\': *p++ = '\\'; break;
		default:
			p += snprintf(p, 4, c < 010 ? "%03o" : "x%02x", c);
		}
	}
	*p = 0;
}

/* Up to max digits of base from *in; advances *in past them. */
static unsigned int digits(const char **in, unsigned int base,
			   unsigned int max)
{
	unsigned int v = 0;

	for (unsigned int n = 0; n < max; n++, (*in)++) {
		char c = **in;
		unsigned int d = c >= '0' && c <= '9' ? (unsigned int)(c - '0') :
				 c >= 'a' && c <= 'f' ? (unsigned int)(c - 'a' + 10) :
				 c >= 'A' && c <= 'F' ? (unsigned int)(c - 'A' + 10) :
				 99;
		if (d >= base)
			break;
		v = v * base + d;
	}
	return v;
}

unsigned int xs_unsanitise(char *out, const char *in)
{
	char *o = out;

	while (*in) {
		unsigned int c = (unsigned char)*in++;
		if (c == '\\' && *in) {
			c = (unsigned char)*in++;
			switch (c) {
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 'x': {
				const char *start = in;
				unsigned int v = digits(&in, 16, 2);
				if (in != start)
					c = v;  /* no digits: a plain 'x' */
				break;
			}
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7':
				in--;
				c = digits(&in, 8, 3);
				break;
			}
		}
		*o++ = (char)c;
	}
	*o = 0;
	return (unsigned int)(o - out);
}
