/* Feature bits reported by XENVER_get_features (submap 0). */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

/* Bit numbers within the 32-bit submaps. */
#define XENFEAT_writable_page_tables        0  /* guest writes PTEs directly */
#define XENFEAT_writable_descriptor_tables  1  /* ... and GDT/LDT entries */
#define XENFEAT_auto_translated_physmap     2  /* paging in PFN space */
#define XENFEAT_supervisor_mode_kernel      3  /* kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb         4  /* top table may be > 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad   5  /* MMU_PT_UPDATE_PRESERVE_AD */
#define XENFEAT_highmem_assist              6  /* x86-32 highmem help */
#define XENFEAT_gnttab_map_avail_bits       7  /* GNTMAP_guest_avail bits */
#define XENFEAT_hvm_callback_vector         8
#define XENFEAT_hvm_safe_pvclock            9
#define XENFEAT_hvm_pirqs                   10
#define XENFEAT_dom0                        11 /* this is the control domain */
#define XENFEAT_memory_op_vnode_supported   13
#define XENFEAT_ARM_SMCCC_supported         14
#define XENFEAT_linux_rsdp_unrestricted     15
#define XENFEAT_not_direct_mapped           16
#define XENFEAT_direct_mapped               17

/* Submaps of 32 bits each that the hypervisor reports. */
#define XENFEAT_NR_SUBMAPS  1

#endif /* __XEN_PUBLIC_FEATURES_H__ */
