/* GDT, IDT and TSS: descriptor layouts and Xen's reserved selectors. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

/*
 * Xen reserves the GDT from byte 0xe000 (entry 0x1c00) in every CPU's GDT;
 * guests own the descriptors below. The selector values are ABI.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define GDT_PAGES                16
#define GDT_ENTRIES              (GDT_PAGES * 512)

#define __HYPERVISOR_CS     0xe008
#define __HYPERVISOR_DS     0xe010
#define FLAT_RING3_CS32     0xe023
#define FLAT_RING3_DS       0xe02b
#define FLAT_RING3_CS64     0xe033
#define __HYPERVISOR_CS32   0xe038
#define TSS_SELECTOR        0xe040
#define LDT_SELECTOR        0xe050

/* IST stacks: these exceptions may come while the current stack (or the
 * GS base, or rsp itself: XSA-260) cannot be trusted. */
#define IST_DF   1
#define IST_NMI  2
#define IST_MC   3
#define IST_DB   4
#define NR_IST   4

#ifndef __ASSEMBLY__
#include "types.h"

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

void gdt_load(uint64_t *gdt, struct tss64 *tss);
void idt_init(void);
/* Move #DF, NMI, #MC and #DB onto their IST stacks (once they exist). */
void idt_enable_ist(void);
void idt_load(void);
#endif

#endif
