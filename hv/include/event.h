/* TEMPORARY (replaced by the event-channel core when it merges). */
#ifndef HV_EVENT_H
#define HV_EVENT_H
#include "domain.h"
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
bool evtchn_port_is_pending(struct domain *d, unsigned int port);
#endif
