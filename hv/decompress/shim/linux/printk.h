/* Shim for Linux's lib/ decompressors: no printing. */
#ifndef SHIM_LINUX_PRINTK_H
#define SHIM_LINUX_PRINTK_H
#define printk(...) ((void)0)
#define pr_debug(...) ((void)0)
#endif
