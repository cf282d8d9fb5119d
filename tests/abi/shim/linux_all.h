/* ABI test: every Linux 6.1 Xen interface header the comparison covers. */
#include <linux/types.h>
#include <xen/interface/xen.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/memory.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/callback.h>
#include <xen/interface/physdev.h>
#include <xen/interface/version.h>
#include <xen/interface/features.h>
#include <xen/interface/nmi.h>
#include <xen/interface/elfnote.h>
#include <xen/interface/io/console.h>
