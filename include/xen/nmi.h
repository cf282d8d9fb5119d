/* nmi_op: NMI callback registration and the NMI reason bits. */
#ifndef __XEN_PUBLIC_NMI_H__
#define __XEN_PUBLIC_NMI_H__

#include "xen.h"

/* arch_shared_info.nmi_reason bits (dom0). */
#define _XEN_NMIREASON_io_error  0
#define XEN_NMIREASON_io_error   (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr  1
#define XEN_NMIREASON_pci_serr   (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_unknown   2
#define XEN_NMIREASON_unknown    (1UL << _XEN_NMIREASON_unknown)

/* nmi_op(cmd, arg) commands. */
#define XENNMI_register_callback    0  /* struct xennmi_callback */
#define XENNMI_unregister_callback  1  /* arg NULL */

#ifndef __ASSEMBLY__
struct xennmi_callback {
	unsigned long handler_address;
	unsigned long pad;
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);
#endif

#endif /* __XEN_PUBLIC_NMI_H__ */
