/* Scheduler ops: SCHEDOP_* commands, shutdown reasons, argument structs. */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

/* sched_op(cmd, arg) commands. */
#define SCHEDOP_yield            0  /* arg unused */
#define SCHEDOP_block            1  /* unmask events, sleep until one */
#define SCHEDOP_shutdown         2  /* struct sched_shutdown */
#define SCHEDOP_poll             3  /* struct sched_poll */
#define SCHEDOP_remote_shutdown  4  /* struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code    5  /* struct sched_shutdown, no shutdown */
#define SCHEDOP_watchdog         6  /* struct sched_watchdog */
#define SCHEDOP_pin_override     7  /* struct sched_pin_override */

/* Reasons for shutting down. */
#define SHUTDOWN_poweroff    0
#define SHUTDOWN_reboot      1
#define SHUTDOWN_suspend     2
#define SHUTDOWN_crash       3
#define SHUTDOWN_watchdog    4  /* a watchdog expired */
#define SHUTDOWN_soft_reset  5  /* reset the domain, keep its memory */
#define SHUTDOWN_MAX         5

#ifndef __ASSEMBLY__

struct sched_shutdown {
	unsigned int reason;     /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

/* Block until one of ports is pending or the absolute timeout (ns, 0 none). */
struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	unsigned int nr_ports;
	uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
	domid_t domain_id;
	unsigned int reason;     /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

/*
 * id 0 with a timeout creates a watchdog and returns its id; a known id
 * with a timeout restarts it, with timeout 0 destroys it. Seconds.
 */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

/* Temporarily pin the calling vCPU to pcpu (-1 undoes it). */
struct sched_pin_override {
	int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_SCHED_H__ */
