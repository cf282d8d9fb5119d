/* vsnprintf() and friends: formatted output into a bounded buffer. */
#include "lib.h"

#define F_LEFT  0x01   /* '-' */
#define F_ZERO  0x02   /* '0' */
#define F_PLUS  0x04   /* '+' */
#define F_SPACE 0x08   /* ' ' */
#define F_ALT   0x10   /* '#' */

struct out {
	char *buf;
	size_t size;
	size_t pos;     /* characters produced so far, stored or not */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_s(struct out *o, const char *s, size_t n)
{
	while (n--)
		put(o, *s++);
}

/*
 * One integer conversion: sign/prefix, precision zeros, width padding.
 * prec < 0 means none given.
 */
static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned int base, bool upper, int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], prefix[3];
	int nd = 0, np = 0, body, pad;

	while (v) {
		tmp[nd++] = digits[v % base];
		v /= base;
	}
	if (prec < 0) {
		prec = 1;
	} else {
		flags &= ~F_ZERO;
	}
	if ((flags & F_ALT) && base == 8 && prec <= nd)
		prec = nd + 1;
	if (neg)
		prefix[np++] = '-';
	else if (flags & F_PLUS)
		prefix[np++] = '+';
	else if (flags & F_SPACE)
		prefix[np++] = ' ';
	if ((flags & F_ALT) && base == 16 && nd) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	}
	body = np + (prec > nd ? prec : nd);
	pad = width > body ? width - body : 0;

	if (!(flags & (F_LEFT | F_ZERO)))
		put_n(o, ' ', pad);
	put_s(o, prefix, (size_t)np);
	if (flags & F_ZERO && !(flags & F_LEFT))
		put_n(o, '0', pad);
	put_n(o, '0', prec - nd);
	while (nd)
		put(o, tmp[--nd]);
	if (flags & F_LEFT)
		put_n(o, ' ', pad);
}

static void put_str(struct out *o, const char *s, int flags, int width,
		    int prec)
{
	size_t len = 0;
	int pad;

	if (!s)
		s = "(null)";
	while ((prec < 0 || len < (size_t)prec) && s[len])
		len++;
	pad = width > (int)len ? width - (int)len : 0;
	if (!(flags & F_LEFT))
		put_n(o, ' ', pad);
	put_s(o, s, len);
	if (flags & F_LEFT)
		put_n(o, ' ', pad);
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

enum len { L_INT, L_HH, L_H, L_L, L_LL, L_Z, L_T, L_J };

static unsigned long long get_unsigned(va_list *ap, enum len l)
{
	switch (l) {
	case L_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case L_H:  return (unsigned short)va_arg(*ap, unsigned int);
	case L_L:  return va_arg(*ap, unsigned long);
	case L_LL: return va_arg(*ap, unsigned long long);
	case L_Z:  return va_arg(*ap, size_t);
	case L_T:  return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case L_J:  return va_arg(*ap, uintmax_t);
	default:   return va_arg(*ap, unsigned int);
	}
}

static long long get_signed(va_list *ap, enum len l)
{
	switch (l) {
	case L_HH: return (signed char)va_arg(*ap, int);
	case L_H:  return (short)va_arg(*ap, int);
	case L_L:  return va_arg(*ap, long);
	case L_LL: return va_arg(*ap, long long);
	case L_Z:  return (long long)va_arg(*ap, size_t);
	case L_T:  return va_arg(*ap, ptrdiff_t);
	case L_J:  return va_arg(*ap, intmax_t);
	default:   return va_arg(*ap, int);
	}
}

/* Contract in lib.h. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		int flags = 0, width = 0, prec = -1;
		enum len l = L_INT;
		const char *start = fmt;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			fmt++;
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = width < -100000 ? 100000 : -width;
			}
		} else {
			width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
			} else {
				prec = parse_int(&fmt);
			}
		}
		switch (*fmt) {
		case 'h':
			l = L_H;
			if (*++fmt == 'h') {
				l = L_HH;
				fmt++;
			}
			break;
		case 'l':
			l = L_L;
			if (*++fmt == 'l') {
				l = L_LL;
				fmt++;
			}
			break;
		case 'z': l = L_Z; fmt++; break;
		case 't': l = L_T; fmt++; break;
		case 'j': l = L_J; fmt++; break;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = get_signed(&ap, l);
			unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
						     : (unsigned long long)v;

			put_num(&o, u, v < 0, 10, false, flags, width, prec);
			break;
		}
		case 'u':
			put_num(&o, get_unsigned(&ap, l), false, 10, false,
				flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		case 'x':
		case 'X':
			put_num(&o, get_unsigned(&ap, l), false, 16, *fmt == 'X',
				flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		case 'o':
			put_num(&o, get_unsigned(&ap, l), false, 8, false,
				flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!(flags & F_LEFT))
				put_n(&o, ' ', width - 1);
			put(&o, c);
			if (flags & F_LEFT)
				put_n(&o, ' ', width - 1);
			break;
		}
		case 's':
			put_str(&o, va_arg(ap, const char *), flags, width, prec);
			break;
		case 'p': {
			uintptr_t p = (uintptr_t)va_arg(ap, void *);
			int pad = width > 18 ? width - 18 : 0;

			if (!(flags & F_LEFT))
				put_n(&o, ' ', pad);
			put_s(&o, "0x", 2);
			put_num(&o, p, false, 16, false, 0, 0, 16);
			if (flags & F_LEFT)
				put_n(&o, ' ', pad);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown or truncated conversion: print it as written. */
			put_s(&o, start, (size_t)(fmt - start));
			if (!*fmt)
				continue;
			put(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(ap);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = 0;
	return o.pos > 0x7fffffff ? 0x7fffffff : (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Like vsnprintf, but returns the number of characters actually stored. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
