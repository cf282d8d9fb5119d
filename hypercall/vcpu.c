/* vcpu_op: bring vCPUs up and down, their timers, runstate and vcpu_info. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "hypercall.h"
#include "lib.h"
#include "mm.h"
#include "page_type.h"
#include "sched_if.h"
#include "timer.h"
#include "xmalloc.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/time.h"
#include "asm/uaccess.h"
#include <xen/vcpu.h>
#include <xen/xen.h>

/*
 * VCPUOP_register_vcpu_info: move v's vcpu_info into a frame of its own
 * domain (Xen's map_vcpu_info). Only for the current vCPU or one that is
 * down; once only. The frame keeps a writable type reference so it can
 * never become a page table. The old contents are carried over, then
 * every selector bit and upcall_pending are set so no event is lost.
 */
static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
	struct vcpu_register_vcpu_info info;
	struct vcpu_info *nvi;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -EFAULT;
	if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info) || info.rsvd)
		return -EINVAL;
	if (v != current_vcpu() && v->is_up)
		return -EINVAL;
	if (v->vcpu_info_mfn != INVALID_MFN)
		return -EINVAL;
	if (get_page_and_type_from_mfn(info.mfn, v->domain, PGT_writable_page))
		return -EINVAL;
	nvi = (struct vcpu_info *)((char *)mfn_to_virt(info.mfn) + info.offset);
	memcpy(nvi, v->vcpu_info, sizeof(*nvi));
	v->vcpu_info = nvi;
	v->vcpu_info_mfn = info.mfn;
	__atomic_store_n(&nvi->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
	vcpu_mark_events_pending(v);
	return 0;
}

/*
 * VCPUOP_register_vcpu_time_memory_area (Xen 4.17's): keep a second copy
 * of v's vcpu_time_info at a guest virtual address, for a vDSO to read
 * from user mode. Checked only against the hypervisor's range (Xen's
 * guest_handle_okay); whether it is mapped, writable or a page table is
 * found out at every write, which then fails harmlessly (time.c). 0
 * unregisters. The current vCPU's area is written at once; another's
 * when it next runs on its own page tables.
 */
static long register_time_area(struct vcpu *v, unsigned long arg)
{
	struct vcpu_register_time_memory_area area;

	if (copy_from_guest(&area, arg, sizeof(area)))
		return -EFAULT;
	if (!guest_range_ok(area.addr.p, sizeof(struct vcpu_time_info)))
		return -EFAULT;
	arch_of(v)->time_area = area.addr.p;
	arch_of(v)->time_pending_valid = false;
	if (v == current_vcpu())
		pv_update_vcpu_time(v);
	return 0;
}

static long initialise(struct vcpu *v, unsigned long arg)
{
	struct vcpu_guest_context *ctxt;
	long rc;

	if (v->is_initialised)
		return -EEXIST;
	ctxt = xmalloc(struct vcpu_guest_context);
	if (!ctxt)
		return -ENOMEM;
	rc = copy_from_guest(ctxt, arg, sizeof(*ctxt));
	if (!rc)
		rc = pv_set_info_guest(v, ctxt);
	xfree(ctxt);
	return rc;
}

HYPERCALL(vcpu_op)
{
	struct vcpu *cur = current_vcpu(), *v;
	struct domain *d = cur->domain;
	unsigned long cmd = a1, vcpuid = a2, arg = a3;
	struct vcpu_set_singleshot_timer ss;
	struct vcpu_set_periodic_timer pt;
	struct vcpu_register_runstate_memory_area ra;
	struct vcpu_runstate_info ri;

	if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
		return -ENOENT;

	switch (cmd) {
	case VCPUOP_initialise:
		return initialise(v, arg);
	case VCPUOP_up:
		if (!v->is_initialised)
			return -EINVAL;
		sched_vcpu_up(v);
		return 0;
	case VCPUOP_down:
		sched_vcpu_down(v);
		return 0;
	case VCPUOP_is_up:
		return v->is_up;
	case VCPUOP_get_runstate_info:
		sched_get_runstate(v, &ri);
		return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(&ra, arg, sizeof(ra)))
			return -EFAULT;
		if (ra.addr.p && !guest_range_ok(ra.addr.p, sizeof(ri)))
			return -EFAULT;
		v->runstate_guest = ra.addr.p;
		if (v == cur)
			sched_write_runstate_area(v);
		return 0;
	case VCPUOP_set_periodic_timer:
		if (copy_from_guest(&pt, arg, sizeof(pt)))
			return -EFAULT;
		if (pt.period_ns < (uint64_t)MILLISECS(1) ||
		    pt.period_ns > (1ULL << 62))
			return -EINVAL;
		vcpu_set_periodic(v, (s_time_t)pt.period_ns);
		return 0;
	case VCPUOP_stop_periodic_timer:
		vcpu_set_periodic(v, 0);
		return 0;
	case VCPUOP_set_singleshot_timer:
		if (v != cur)
			return -EINVAL;
		if (copy_from_guest(&ss, arg, sizeof(ss)))
			return -EFAULT;
		if ((ss.flags & VCPU_SSHOTTMR_future) &&
		    (s_time_t)ss.timeout_abs_ns < NOW())
			return -ETIME;
		/* One in the past fires at once (Linux relies on it). */
		set_timer(&v->singleshot_timer, (s_time_t)ss.timeout_abs_ns);
		return 0;
	case VCPUOP_stop_singleshot_timer:
		if (v != cur)
			return -EINVAL;
		stop_timer(&v->singleshot_timer);
		return 0;
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_register_vcpu_time_memory_area:
		return register_time_area(v, arg);
	case VCPUOP_send_nmi:
		/* A virtual NMI, through the trap table's vector 2 when v
		 * next returns to the guest (pv_traps.c); one pending at most,
		 * as Xen. The argument must be NULL. */
		if (arg)
			return -EINVAL;
		if (!__atomic_exchange_n(&v->nmi_pending, true, __ATOMIC_SEQ_CST))
			vcpu_wake(v);
		return 0;
	default:
		return -ENOSYS;
	}
}
