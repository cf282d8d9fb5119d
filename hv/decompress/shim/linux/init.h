/* Shim for Linux's lib/ decompressors: <linux/init.h>. */
#include <linux/compiler.h>
