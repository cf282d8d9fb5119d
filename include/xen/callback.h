/* Callback registration: CALLBACKTYPE_*, CALLBACKOP_* and their structs. */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

/* Entry points a PV kernel gives the hypervisor. */
#define CALLBACKTYPE_event                 0  /* event upcall */
#define CALLBACKTYPE_failsafe              1  /* segment/iret reload fault */
#define CALLBACKTYPE_syscall               2  /* 64-bit user syscall */
#define CALLBACKTYPE_sysenter_deprecated   3
#define CALLBACKTYPE_nmi                   4
#define CALLBACKTYPE_sysenter              5  /* compat user sysenter */
#define CALLBACKTYPE_syscall32             7  /* compat user syscall */

/* callback_register.flags: mask events while the callback runs. */
#define _CALLBACKF_mask_events  0
#define CALLBACKF_mask_events   (1U << _CALLBACKF_mask_events)

/* callback_op(cmd, arg) commands. */
#define CALLBACKOP_register    0
#define CALLBACKOP_unregister  1

#ifndef __ASSEMBLY__

struct callback_register {
	uint16_t type;           /* CALLBACKTYPE_* */
	uint16_t flags;          /* CALLBACKF_* */
	xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/* Only some types may be unregistered (not event or failsafe). */
struct callback_unregister {
	uint16_t type;
	uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

#endif

#endif /* __XEN_PUBLIC_CALLBACK_H__ */
