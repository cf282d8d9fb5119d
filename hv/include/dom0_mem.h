/* dom0_mem=: Xen's syntax for the initial domain's memory, and its sizing rule. */
#ifndef HV_DOM0_MEM_H
#define HV_DOM0_MEM_H

#include "types.h"

/*
 * One <sz> of Xen's dom0_mem: "<size>" (K/M/G/T, KiB by default),
 * "-<size>" (all of the host's memory but that), "<frac>%" or
 * "<size>+<frac>%" (a fraction of the host's memory, plus an offset;
 * frac < 100).
 */
struct dom0_mem_sz {
	bool set;
	bool minus;              /* "all but" */
	uint64_t bytes;
	unsigned int pct;
};

/* dom0_mem=List of ( min:<sz> | max:<sz> | <sz> ) */
struct dom0_mem_spec {
	struct dom0_mem_sz nr, min, max;
};

/* Parse s into *spec (zeroed first): 0, or -EINVAL naming nothing. Pure. */
int dom0_mem_parse(const char *s, struct dom0_mem_spec *spec);

/*
 * Xen's dom0_compute_nr_pages for avail free pages (4 KiB): without a
 * size, all of avail less a reserve of min(avail / 16, 128 MiB); then
 * clamped to [min, max] and to avail. *max_pages: max if given, else the
 * result. Pure.
 */
void dom0_mem_compute(const struct dom0_mem_spec *spec, uint64_t avail,
		      uint64_t *nr_pages, uint64_t *max_pages);

#endif
