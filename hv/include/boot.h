/* What the boot loader told us: memory map, modules, command line. */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include "types.h"

#define BOOT_MAX_MEMMAP  128
#define BOOT_MAX_MODULES 32

enum {
	E820_RAM = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,
	E820_NVS = 4,
	E820_UNUSABLE = 5,
};

struct boot_mem {
	uint64_t base, len;
	uint32_t type;
};

struct boot_module {
	uint64_t start, end;            /* [start, end) physical */
	const char *cmdline;
};

struct boot_info {
	const char *cmdline;            /* hv command line ("" if absent) */
	const char *loader;             /* boot loader name ("" if absent) */
	struct boot_mem mem[BOOT_MAX_MEMMAP];
	unsigned int nr_mem;
	struct boot_module mod[BOOT_MAX_MODULES];
	unsigned int nr_mod;
	bool have_meminfo;
	uint32_t mem_lower_kb, mem_upper_kb;
	const void *rsdp;               /* ACPI RSDP copy inside the MBI (tag 14/15) */
	uint32_t rsdp_len;
	uint64_t load_base;             /* tag 21 */
	bool have_load_base;
};

/*
 * Parses the Multiboot2 information structure at mbi (8-byte aligned,
 * avail bytes readable) into *bi. Strings in bi point into the MBI. The
 * memory map comes out sorted by base, without overlaps (where regions
 * overlap, a non-RAM type wins over RAM; between two non-RAM types the
 * larger type number wins) and with equal adjacent regions merged. With
 * no mmap tag, basic meminfo gives two RAM regions. Returns 0, or -EINVAL
 * (malformed) / -E2BIG (too many regions or modules) with *why set to a
 * static reason. Pure: touches nothing but mbi and bi.
 */
int mb2_parse(const void *mbi, size_t avail, struct boot_info *bi,
	      const char **why);

/* Bytes of E820_RAM in bi's memory map. */
uint64_t boot_ram_total(const struct boot_info *bi);

#endif
