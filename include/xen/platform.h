/* platform_op: dom0's hypercall for the machine (time, CPUs, power, EFI). */
#ifndef __XEN_PUBLIC_PLATFORM_H__
#define __XEN_PUBLIC_PLATFORM_H__

#include "xen.h"

/* platform_op(struct xen_platform_op *); interface_version must match. */
#define XENPF_INTERFACE_VERSION  0x03000001

#define XENPF_settime32             17
#define XENPF_add_memtype           31
#define XENPF_del_memtype           32
#define XENPF_read_memtype          33
#define XENPF_microcode_update      35
#define XENPF_platform_quirk        39
#define XENPF_efi_runtime_call      49
#define XENPF_firmware_info         50
#define XENPF_enter_acpi_sleep      51
#define XENPF_change_freq           52
#define XENPF_getidletime           53
#define XENPF_set_processor_pminfo  54
#define XENPF_get_cpuinfo           55
#define XENPF_cpu_online            56
#define XENPF_cpu_offline           57
#define XENPF_cpu_hotadd            58
#define XENPF_mem_hotadd            59
#define XENPF_core_parking          60
#define XENPF_settime64             62
#define XENPF_get_symbol            63
#define XENPF_get_dom0_console      64

#define QUIRK_NOIRQBALANCING      1
#define QUIRK_IOAPIC_BAD_REGSEL   2
#define QUIRK_IOAPIC_GOOD_REGSEL  3

/* EFI runtime services (XENPF_efi_runtime_call.function) */
#define XEN_EFI_get_time                       1
#define XEN_EFI_set_time                       2
#define XEN_EFI_get_wakeup_time                3
#define XEN_EFI_set_wakeup_time                4
#define XEN_EFI_get_next_high_monotonic_count  5
#define XEN_EFI_get_variable                   6
#define XEN_EFI_set_variable                   7
#define XEN_EFI_get_next_variable_name         8
#define XEN_EFI_query_variable_info            9
#define XEN_EFI_query_capsule_capabilities     10
#define XEN_EFI_update_capsule                 11
#define XEN_EFI_GET_TIME_SET_CLEARS_NS         0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_ENABLED        0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_PENDING        0x00000002
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE         0x00000001
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE_ONLY    0x00000002
#define XEN_EFI_VARIABLE_NON_VOLATILE          0x00000001
#define XEN_EFI_VARIABLE_BOOTSERVICE_ACCESS    0x00000002
#define XEN_EFI_VARIABLE_RUNTIME_ACCESS        0x00000004

/* XENPF_firmware_info.type, and the EFI indices of XEN_FW_EFI_INFO */
#define XEN_FW_DISK_INFO           1
#define XEN_FW_DISK_MBR_SIGNATURE  2
#define XEN_FW_VBEDDC_INFO         3
#define XEN_FW_EFI_INFO            4
#define XEN_FW_KBD_SHIFT_FLAGS     5
#define XEN_FW_EFI_VERSION         0
#define XEN_FW_EFI_CONFIG_TABLE    1
#define XEN_FW_EFI_VENDOR          2
#define XEN_FW_EFI_MEM_INFO        3
#define XEN_FW_EFI_RT_VERSION      4

#define XENPF_ACPI_SLEEP_EXTENDED  0x00000001

/* XENPF_set_processor_pminfo: type, and the bits of perf.flags */
#define XEN_PM_CX   0
#define XEN_PM_PX   1
#define XEN_PM_TX   2
#define XEN_PM_PDC  3
#define XEN_PROCESSOR_PM_CX  1
#define XEN_PROCESSOR_PM_PX  2
#define XEN_PROCESSOR_PM_TX  4
#define XEN_PX_PCT  1
#define XEN_PX_PSS  2
#define XEN_PX_PPC  4
#define XEN_PX_PSD  8

#define XEN_PCPU_FLAGS_ONLINE   1
#define XEN_PCPU_FLAGS_INVALID  2

#define XEN_CORE_PARKING_SET  1
#define XEN_CORE_PARKING_GET  2

#ifndef __ASSEMBLY__

/* Set the wall clock: secs/nsecs is the time at system_time. */
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;
struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;

/* MTRR ranges. */
struct xenpf_add_memtype {
	xen_pfn_t mfn;
	uint64_t nr_mfns;
	uint32_t type;
	uint32_t handle;             /* OUT */
	uint32_t reg;                /* OUT */
};
struct xenpf_del_memtype {
	uint32_t handle;
	uint32_t reg;
};
struct xenpf_read_memtype {
	uint32_t reg;                /* IN */
	xen_pfn_t mfn;               /* OUT */
	uint64_t nr_mfns;
	uint32_t type;
};

struct xenpf_microcode_update {
	XEN_GUEST_HANDLE(const_void) data;
	uint32_t length;
};

struct xenpf_platform_quirk {
	uint32_t quirk_id;           /* QUIRK_* */
};

struct xenpf_efi_time {
	uint16_t year;
	uint8_t month;
	uint8_t day;
	uint8_t hour;
	uint8_t min;
	uint8_t sec;
	uint32_t ns;
	int16_t tz;
	uint8_t daylight;
};

struct xenpf_efi_guid {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
};

struct xenpf_efi_runtime_call {
	uint32_t function;           /* XEN_EFI_* */
	uint32_t misc;               /* XEN_EFI_*_TIME_* / _VARIABLE_* */
	xen_ulong_t status;          /* OUT: the EFI status */
	union {
		struct {
			struct xenpf_efi_time time;
			uint32_t resolution;
			uint32_t accuracy;
		} get_time;
		struct xenpf_efi_time set_time;
		struct xenpf_efi_time get_wakeup_time;
		struct xenpf_efi_time set_wakeup_time;
		struct {
			XEN_GUEST_HANDLE(void) name;     /* UCS-2, NUL-ended */
			xen_ulong_t size;
			XEN_GUEST_HANDLE(void) data;
			struct xenpf_efi_guid vendor_guid;
		} get_variable, set_variable;
		struct {
			xen_ulong_t size;
			XEN_GUEST_HANDLE(void) name;
			struct xenpf_efi_guid vendor_guid;
		} get_next_variable_name;
		struct {
			uint32_t attr;
			uint64_t max_store_size;
			uint64_t remain_store_size;
			uint64_t max_size;
		} query_variable_info;
		struct {
			XEN_GUEST_HANDLE(void) capsule_header_array;
			xen_ulong_t capsule_count;
			uint64_t max_capsule_size;
			uint32_t reset_type;
		} query_capsule_capabilities;
		struct {
			XEN_GUEST_HANDLE(void) capsule_header_array;
			xen_ulong_t capsule_count;
			uint64_t sg_list;        /* machine address */
		} update_capsule;
	} u;
};

union xenpf_efi_info {
	uint32_t version;
	struct {
		uint64_t addr;               /* EFI_CONFIGURATION_TABLE */
		uint32_t nent;
	} cfg;
	struct {
		uint32_t revision;
		uint32_t bufsz;              /* IN: size of name */
		XEN_GUEST_HANDLE(void) name;
	} vendor;
	struct {
		uint64_t addr;
		uint64_t size;
		uint64_t attr;
		uint32_t type;
	} mem;
};

struct xenpf_firmware_info {
	uint32_t type;               /* XEN_FW_* */
	uint32_t index;
	union {
		struct {
			uint8_t device;          /* int 13h drive number */
			uint8_t version;
			uint16_t interface_support;
			uint16_t legacy_max_cylinder;
			uint8_t legacy_max_head;
			uint8_t legacy_sectors_per_track;
			XEN_GUEST_HANDLE(void) edd_params;
		} disk_info;
		struct {
			uint8_t device;
			uint32_t mbr_signature;
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			XEN_GUEST_HANDLE(uint8) edid;
		} vbeddc_info;
		union xenpf_efi_info efi_info;
		uint8_t kbd_shift_flags;
	} u;
};

struct xenpf_enter_acpi_sleep {
	uint16_t val_a;              /* PM1a control / sleep type */
	uint16_t val_b;
	uint32_t sleep_state;        /* S0-S5 */
	uint32_t flags;              /* XENPF_ACPI_SLEEP_* */
};

struct xenpf_change_freq {
	uint32_t flags;
	uint32_t cpu;
	uint64_t freq;               /* Hz */
};

/* Idle time of the CPUs in cpumap (cleared for offline ones). */
struct xenpf_getidletime {
	XEN_GUEST_HANDLE(uint8) cpumap_bitmap;
	uint32_t cpumap_nr_cpus;
	XEN_GUEST_HANDLE(uint64) idletime;   /* ns per CPU */
	uint64_t now;                        /* system time of the sample */
};

/* ACPI processor power and performance data passed up by dom0. */
struct xen_power_register {
	uint32_t space_id;
	uint32_t bit_width;
	uint32_t bit_offset;
	uint32_t access_size;
	uint64_t address;
};

struct xen_processor_csd {
	uint32_t domain;
	uint32_t coord_type;
	uint32_t num;
};
typedef struct xen_processor_csd xen_processor_csd_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_csd_t);

struct xen_processor_cx {
	struct xen_power_register reg;
	uint8_t type;                /* C1, C2, ... */
	uint32_t latency;            /* us */
	uint32_t power;              /* mW */
	uint32_t dpcnt;
	XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_cx_t);

struct xen_processor_flags {
	uint32_t bm_control:1;
	uint32_t bm_check:1;
	uint32_t has_cst:1;
	uint32_t power_setup_done:1;
	uint32_t bm_rld_set:1;
};

struct xen_processor_power {
	uint32_t count;
	struct xen_processor_flags flags;
	XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

struct xen_pct_register {
	uint8_t descriptor;
	uint16_t length;
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t reserved;
	uint64_t address;
};

struct xen_processor_px {
	uint64_t core_frequency;     /* MHz */
	uint64_t power;              /* mW */
	uint64_t transition_latency; /* us */
	uint64_t bus_master_latency;
	uint64_t control;
	uint64_t status;
};
typedef struct xen_processor_px xen_processor_px_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_px_t);

struct xen_psd_package {
	uint64_t num_entries;
	uint64_t revision;
	uint64_t domain;
	uint64_t coord_type;
	uint64_t num_processors;
};

struct xen_processor_performance {
	uint32_t flags;              /* XEN_PX_* */
	uint32_t platform_limit;
	struct xen_pct_register control_register;
	struct xen_pct_register status_register;
	uint32_t state_count;
	XEN_GUEST_HANDLE(xen_processor_px_t) states;
	struct xen_psd_package domain_info;
	uint32_t shared_type;
};

struct xenpf_set_processor_pminfo {
	uint32_t id;                 /* ACPI processor id */
	uint32_t type;               /* XEN_PM_* */
	union {
		struct xen_processor_power power;
		struct xen_processor_performance perf;
		XEN_GUEST_HANDLE(uint32) pdc;
	};
};

/* A physical CPU (dom0's view, by Xen's number). */
struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;          /* IN */
	uint32_t max_present;        /* OUT */
	uint32_t flags;              /* XEN_PCPU_FLAGS_* */
	uint32_t apic_id;
	uint32_t acpi_id;
};

struct xenpf_cpu_ol {
	uint32_t cpuid;
};

struct xenpf_cpu_hotadd {
	uint32_t apic_id;
	uint32_t acpi_id;
	uint32_t pxm;
};

struct xenpf_mem_hotadd {
	uint64_t spfn;
	uint64_t epfn;
	uint32_t pxm;
	uint32_t flags;
};

struct xenpf_core_parking {
	uint32_t type;               /* XEN_CORE_PARKING_* */
	uint32_t idle_nums;
};

/* Hypervisor symbol symnum (IN/OUT: the next one). */
struct xenpf_symdata {
	uint32_t namelen;            /* IN: size of name; OUT: length */
	uint32_t symnum;
	XEN_GUEST_HANDLE(char) name;
	uint64_t address;
	char type;
};

struct xen_platform_op {
	uint32_t cmd;                /* XENPF_* */
	uint32_t interface_version;  /* XENPF_INTERFACE_VERSION */
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		struct xenpf_add_memtype add_memtype;
		struct xenpf_del_memtype del_memtype;
		struct xenpf_read_memtype read_memtype;
		struct xenpf_microcode_update microcode;
		struct xenpf_platform_quirk platform_quirk;
		struct xenpf_efi_runtime_call efi_runtime_call;
		struct xenpf_firmware_info firmware_info;
		struct xenpf_enter_acpi_sleep enter_acpi_sleep;
		struct xenpf_change_freq change_freq;
		struct xenpf_getidletime getidletime;
		struct xenpf_set_processor_pminfo set_pminfo;
		struct xenpf_pcpuinfo pcpu_info;
		struct xenpf_cpu_ol cpu_ol;
		struct xenpf_cpu_hotadd cpu_add;
		struct xenpf_mem_hotadd mem_add;
		struct xenpf_core_parking core_parking;
		struct xenpf_symdata symdata;
		struct dom0_vga_console_info dom0_console;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
