/* ABI test shim: Linux's memory.h includes this; nothing from it is used. */
#include <linux/types.h>
