/* PVH start of day: what rbx points at when a PVH guest starts. */
#ifndef __XEN_PUBLIC_HVM_START_INFO_H__
#define __XEN_PUBLIC_HVM_START_INFO_H__

/*
 * Xenolith runs PV guests only; this header is here because Linux's
 * include/xen/xen.h includes it. All addresses are physical. Version 1
 * added the memory map (memmap_paddr, memmap_entries).
 */
#define XEN_HVM_START_MAGIC_VALUE  0x336ec578

/* hvm_memmap_table_entry.type: the E820 types */
#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

#ifndef __ASSEMBLY__
#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

struct hvm_start_info {
	uint32_t magic;            /* XEN_HVM_START_MAGIC_VALUE */
	uint32_t version;          /* 0 or 1 */
	uint32_t flags;            /* SIF_* */
	uint32_t nr_modules;
	uint64_t modlist_paddr;    /* hvm_modlist_entry[nr_modules] */
	uint64_t cmdline_paddr;    /* NUL-terminated, or 0 */
	uint64_t rsdp_paddr;       /* ACPI RSDP, or 0 */
	uint64_t memmap_paddr;     /* version >= 1 */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;             /* XEN_HVM_MEMMAP_TYPE_* */
	uint32_t reserved;
};
#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_HVM_START_INFO_H__ */
