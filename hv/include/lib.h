/* Freestanding C library subset: string functions and formatted output. */
#ifndef HV_LIB_H
#define HV_LIB_H

#include "types.h"

/* hv/lib/string.c: the standard semantics. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * hv/lib/strtoull.c: parses an unsigned number in base 2..36, or with
 * base 0 by prefix ("0x" hex, "0" octal, else decimal; base 16 also
 * accepts "0x"). No whitespace or sign. *end (if end) is set to the first
 * character not used; to s when there were no digits. Saturates at
 * ULLONG_MAX on overflow.
 */
unsigned long long simple_strtoull(const char *s, const char **end,
				   unsigned int base);

/*
 * hv/lib/vsnprintf.c: C99 semantics for %d %i %u %x %X %o %c %s %p %%,
 * flags "-0+ #", width and precision (digits or '*'), lengths hh h l ll
 * z t j. %s of NULL prints "(null)"; %p prints "0x" and 16 hex digits.
 * vsnprintf/snprintf return the length the full output would have had;
 * vscnprintf/scnprintf return what was stored (excluding the NUL).
 * The buffer is NUL-terminated whenever size > 0.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Seconds since 1970-01-01 00:00 UTC for a date (years 1970-9999). */
uint64_t mktime64(unsigned int year, unsigned int mon, unsigned int day,
		  unsigned int hour, unsigned int min, unsigned int sec);

#endif
