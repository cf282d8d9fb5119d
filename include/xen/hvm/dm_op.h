/* dm_op: the device-model operation's buffer descriptor. */
#ifndef __XEN_PUBLIC_HVM_DM_OP_H__
#define __XEN_PUBLIC_HVM_DM_OP_H__

#include "../xen.h"

#ifndef __ASSEMBLY__
/*
 * dm_op(domid, nr_bufs, bufs): the first buffer holds the operation, the
 * others its data. Xenolith does not implement the operations; privcmd
 * passes the buffers through.
 */
struct xen_dm_op_buf {
	XEN_GUEST_HANDLE(void) h;
	xen_ulong_t size;
};
typedef struct xen_dm_op_buf xen_dm_op_buf_t;
DEFINE_XEN_GUEST_HANDLE(xen_dm_op_buf_t);
#endif

#endif /* __XEN_PUBLIC_HVM_DM_OP_H__ */
