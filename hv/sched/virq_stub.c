/* TEMPORARY: until event channels merge, a VIRQ only wakes its vCPU. */
#include "event.h"
#include "sched_if.h"
#include <xen/xen.h>
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	v->vcpu_info->evtchn_upcall_pending = 1;
	vcpu_wake(v);
}
bool evtchn_port_is_pending(struct domain *d, unsigned int port)
{
	return false;
}
