/* Xenolith glue: Linux's asm/xen/interface_64.h; all of it is in interface.h. */
#include <asm/xen/interface.h>
