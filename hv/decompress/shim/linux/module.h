/* Shim for Linux's lib/ decompressors: no modules, no exports. */
#ifndef SHIM_LINUX_MODULE_H
#define SHIM_LINUX_MODULE_H
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)
#endif
