/* Xen ELF notes: the note types a PV kernel declares in notes named "Xen". */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

/*
 * Each note sits in a PT_NOTE segment (or, in older images such as
 * Mini-OS, only in an SHT_NOTE section) with the name "Xen". String
 * values are NUL-terminated; numeric values are little-endian and 4 or
 * 8 bytes long.
 */
#define XEN_ELFNOTE_INFO                0   /* string: NAME=VALUE (legacy) */
#define XEN_ELFNOTE_ENTRY               1   /* numeric: entry point VA */
#define XEN_ELFNOTE_HYPERCALL_PAGE      2   /* numeric: hypercall page VA */
#define XEN_ELFNOTE_VIRT_BASE           3   /* numeric: VA of pseudo-physical 0 */
#define XEN_ELFNOTE_PADDR_OFFSET        4   /* numeric: subtracted from p_paddr */
#define XEN_ELFNOTE_XEN_VERSION         5   /* string: "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS            6   /* string: "linux", "Mini-OS", ... */
#define XEN_ELFNOTE_GUEST_VERSION       7   /* string */
#define XEN_ELFNOTE_LOADER              8   /* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE            9   /* string: "yes", "no", "bimodal" */
#define XEN_ELFNOTE_FEATURES           10   /* string: "a|b|!c", '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB         11   /* string: "yes" = load symbols */
#define XEN_ELFNOTE_HV_START_LOW       12   /* numeric: lowest hypervisor VA (PAE) */
#define XEN_ELFNOTE_L1_MFN_VALID       13   /* numeric pairs: mask, value */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14   /* numeric: suspend may be cancelled */
#define XEN_ELFNOTE_INIT_P2M           15   /* numeric: VA for a virtual p2m */
#define XEN_ELFNOTE_MOD_START_PFN      16   /* numeric: mod_start may be a pfn */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17   /* numeric: XENFEAT_* bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY       18   /* numeric: PVH 32-bit entry */
#define XEN_ELFNOTE_PHYS32_RELOC       19   /* PVH relocation (align, min, max) */

/* The highest note type defined. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_RELOC

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
