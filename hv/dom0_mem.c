/* dom0_mem= parsing and the initial domain's size (contract in dom0_mem.h). */
#include "dom0_mem.h"
#include "cmdline.h"
#include "errno.h"
#include "lib.h"

static int parse_sz(const char *s, const char **end, struct dom0_mem_sz *sz)
{
	uint64_t v;

	sz->set = true;
	sz->minus = false;
	sz->bytes = 0;
	sz->pct = 0;
	if (*s == '-') {
		sz->minus = true;
		s++;
	}
	if (parse_size(s, end, &v))
		return -EINVAL;
	if (**end == '%') {
		/* "<frac>%": the number was the fraction, not a size. */
		const char *p = s;
		unsigned long f = 0;

		while (*p >= '0' && *p <= '9')
			f = f * 10 + (unsigned long)(*p++ - '0');
		if (p != *end || f >= 100)
			return -EINVAL;
		sz->pct = (unsigned int)f;
		(*end)++;
		return 0;
	}
	sz->bytes = v;
	if (**end == '+') {
		const char *p = *end + 1;
		unsigned long f = 0;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		while (*p >= '0' && *p <= '9')
			f = f * 10 + (unsigned long)(*p++ - '0');
		if (*p != '%' || f >= 100)
			return -EINVAL;
		sz->pct = (unsigned int)f;
		*end = p + 1;
	}
	return 0;
}

int dom0_mem_parse(const char *s, struct dom0_mem_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	if (!*s)
		return -EINVAL;
	for (;;) {
		struct dom0_mem_sz *sz = &spec->nr;
		const char *end;

		if (!strncmp(s, "min:", 4)) {
			sz = &spec->min;
			s += 4;
		} else if (!strncmp(s, "max:", 4)) {
			sz = &spec->max;
			s += 4;
		}
		if (parse_sz(s, &end, sz))
			return -EINVAL;
		if (!*end)
			return 0;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

/* Pages of sz on a host with avail pages. */
static uint64_t sz_pages(const struct dom0_mem_sz *sz, uint64_t avail)
{
	uint64_t p = (sz->bytes >> 12) + avail / 100 * sz->pct +
		     avail % 100 * sz->pct / 100;

	if (sz->minus)
		return p >= avail ? 0 : avail - p;
	return p;
}

void dom0_mem_compute(const struct dom0_mem_spec *spec, uint64_t avail,
		      uint64_t *nr_pages, uint64_t *max_pages)
{
	uint64_t nr, reserve = MIN(avail / 16, (128ULL << 20) >> 12);

	nr = spec->nr.set ? sz_pages(&spec->nr, avail) : avail - reserve;
	if (spec->min.set)
		nr = MAX(nr, sz_pages(&spec->min, avail));
	if (spec->max.set)
		nr = MIN(nr, sz_pages(&spec->max, avail));
	nr = MIN(nr, avail);
	*nr_pages = nr;
	*max_pages = spec->max.set ? MAX(nr, sz_pages(&spec->max, avail)) : nr;
}
