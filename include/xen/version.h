/* xen_version: XENVER_* commands and the buffers they fill. */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"
#include "features.h"   /* the XENFEAT_* bits XENVER_get_features reports */

/* xen_version(cmd, arg) commands. */
#define XENVER_version              0   /* arg NULL; (major << 16) | minor */
#define XENVER_extraversion         1   /* xen_extraversion_t */
#define XENVER_compile_info         2   /* struct xen_compile_info */
#define XENVER_capabilities         3   /* xen_capabilities_info_t */
#define XENVER_changeset            4   /* xen_changeset_info_t */
#define XENVER_platform_parameters  5   /* struct xen_platform_parameters */
#define XENVER_get_features         6   /* struct xen_feature_info */
#define XENVER_pagesize             7   /* arg NULL; returns the page size */
#define XENVER_guest_handle         8   /* xen_domain_handle_t */
#define XENVER_commandline          9   /* xen_commandline_t */
#define XENVER_build_id             10  /* struct xen_build_id */

#ifndef __ASSEMBLY__

/* NUL-terminated strings, such as ".0" or "xen-3.0-x86_64 ...". */
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN       (sizeof(xen_extraversion_t))

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN  (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN     (sizeof(xen_changeset_info_t))

/* Lowest address the hypervisor reserves in every guest. */
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/* IN submap_idx, OUT the 32 XENFEAT_* bits of that submap. */
struct xen_feature_info {
	unsigned int submap_idx;
	uint32_t submap;
};
typedef struct xen_feature_info xen_feature_info_t;

typedef char xen_commandline_t[1024];

/* IN len = buffer size; returns the id's length, buf gets the bytes. */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_build_id xen_build_id_t;

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_VERSION_H__ */
