/* ABI test: every one of our public headers the comparison covers. */
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/callback.h>
#include <xen/physdev.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/nmi.h>
#include <xen/elfnote.h>
#include <xen/io/console.h>
